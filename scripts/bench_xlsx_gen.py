#!/usr/bin/python3
"""bench_xlsx_gen.py CSV XLSX — the rows of a generated loans CSV
(scripts/gen_loans.py) as an .xlsx workbook written by openpyxl in
write-only mode: amounts and rates as numbers, dates as date cells, the
rest as text, so the reader meets every kind of cell."""
import csv
import datetime
import sys

import openpyxl
from openpyxl.cell import WriteOnlyCell

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("loans")
with open(src, encoding="utf-8-sig", newline="") as f:
    r = csv.reader(f)
    head = next(r)
    ws.append(head)
    kinds = []
    for h in head:
        if "日期" in h or "date" in h or "日" == h[-1:]:
            kinds.append("date")
        elif "金额" in h or "利息" in h or "额度" in h or "yuan" in h or "利率" in h or "rate" in h:
            kinds.append("num")
        else:
            kinds.append("text")
    for row in r:
        out = []
        for k, v in zip(kinds, row):
            if v and k == "num":
                try:
                    out.append(float(v.replace(",", "").rstrip("%")) / (100 if v.endswith("%") else 1))
                    continue
                except ValueError:
                    pass
            if v and k == "date":
                try:
                    c = WriteOnlyCell(ws, value=datetime.date.fromisoformat(v.replace("/", "-")))
                    c.number_format = "yyyy-mm-dd"
                    out.append(c)
                    continue
                except ValueError:
                    pass
            out.append(v if v else None)
        ws.append(out)
wb.save(dst)
