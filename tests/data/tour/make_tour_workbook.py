#!/usr/bin/python3
"""make_tour_workbook.py — writes tests/data/tour/东阳支行2025.xlsx, the
workbook of the README tour: a bank's monthly list as Excel saves it (a
merged title row, 序号, amounts under a #,##0.00 format, dates under a
yyyy"年"m"月"d"日" format) with one slip: G12 holds 466.4321 yuan, shown as
466.43.  Run it with /usr/bin/python3 (openpyxl) from the repository root
when the tour's sample needs to change; the workbook is committed.
"""
import datetime, os, sys
from openpyxl import Workbook

def patent(digits):
    """ZL + 12 digits + the check character (domain.md)."""
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = sum(int(d) * k for d, k in zip(digits, w)) % 11
    return "ZL%s.%s" % (digits, "X" if c == 10 else c)

ents = [("91330783141933525B", "东阳市正锐益生物医药有限公司"),
        ("91330783517999873H", "浙江达精新材料有限公司"),
        ("91330783547938297E", "东阳市海联科技有限公司"),
        ("91330783MA20CA4GX5", "东阳市辉泰智能装备有限公司"),
        ("91330783MA26K5770L", "东阳市明辉新材料有限公司")]
wb = Workbook()
ws = wb.active
ws.title = "2025年3月"
ws.append(["东阳支行知识产权质押贷款明细表（2025年3月）"])
ws.merge_cells("A1:J1")
ws.append([])
ws.append(["序号", "贷款银行", "借款合同编号", "借款企业", "统一社会信用代码", "所在县市区",
           "贷款金额（元）", "放款日期", "到期日期", "质押知识产权"])
for i in range(9):
    uscc, name = ents[i % len(ents)]
    amount = 1000000 + 250000 * i if i != 8 else 466.4321
    start = datetime.date(2025, 3, 3 + i)
    ws.append([i + 1, "东阳农商银行东阳支行", "DY-2025-%03d" % (i + 1), name, uscc, "东阳市",
               amount, start, start.replace(year=2026) - datetime.timedelta(days=1),
               patent("2024%d%07d" % (1 + i % 2, 3150 + 17 * i))])
    r = ws.max_row
    ws.cell(r, 7).number_format = "#,##0.00"
    ws.cell(r, 8).number_format = ws.cell(r, 9).number_format = 'yyyy"年"m"月"d"日"'
ws.append([])
ws.append(["制表人：王敏", None, None, "审核人：陈立"])
out = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "东阳支行2025.xlsx")
wb.save(out)
print(out)
