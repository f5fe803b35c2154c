# t_paper.sh — the workbooks as an office prints and hands them over
# (reports.md "Printed legibility", "report subsidy", "report notices",
# "report publicity", "report pboc", "report targets").
#
# On the demo (cli.md "demo": it imports a generated accounts file):
#   - read back with openpyxl: the disbursement workbook against the
#     engine's `subsidy show --format csv` (审核底稿 every row, 兑付清单 the
#     payees, sums equal), every payee's account present, no 贡献额 on the
#     sheets handed over (兑付清单, the 公示 list, the notices), the 公示 list
#     against the payees, one notice per enterprise with anything due, paid,
#     carried or lapsed; the 人行 rows add up to the printed total;
#   - as printed: each workbook rendered by LibreOffice and measured with
#     pdftotext -bbox against 宋体 10 pt rendered the same way
#     (tests/paper_check.py): every word at 10 pt or more, no text drawn
#     over other text, every note row tall enough for its lines.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
CHECK="$here/xlsx_check.py"
for tool in soffice pdftotext; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is not installed"; exit 0; }
done
D="$TMP/demo"
expect 0 "$PLEDGER" demo --dir "$D" --loans 1200
has "$TMP/out" "imported 20 of 20 files"
DB="$D/pledger.db"
R="$D/reports"
code=330783
# every workbook of reports.md, notices and publicity included
for f in subsidy_${code}_2024 notices_${code}_2024 publicity_${code}_2024 pboc_${code}_2025 targets_2025 ledger; do
	[ -s "$R/$f.xlsx" ] || die "the demo did not write $f.xlsx"
done
expect 0 p subsidy show --city $code --year 2024 --format csv
cp "$TMP/out" "$TMP/show.csv"
"$PY" "$CHECK" subsidy-csv "$R/subsidy_${code}_2024.xlsx" "$TMP/show.csv"
for c in 330783 330382 330105 330400; do
	"$PY" "$CHECK" pboc-adds-up "$R/pboc_${c}_2025.xlsx"
done
"$PY" - "$R" "$TMP/show.csv" "$DB" <<'PYEOF' || die "handed-over sheets"
import csv, re, sqlite3, sys, openpyxl
R, show, db = sys.argv[1:4]
rows = list(csv.DictReader(open(show, encoding="utf-8")))
payees = {w["uscc"]: w for w in rows if w["payable"] not in ("", "0.00")}
con = sqlite3.connect(db)
acct = dict(con.execute("SELECT uscc, account_no FROM accounts"))
def text(ws):
    return " ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
wb = openpyxl.load_workbook(R + "/subsidy_330783_2024.xlsx")
ws = wb["兑付清单"]
got = {}
for r in range(1, ws.max_row + 1):
    u = ws.cell(r, 3).value
    if isinstance(ws.cell(r, 1).value, int) and u in payees:
        got[u] = (ws.cell(r, 4).value, ws.cell(r, 5).value)
assert set(got) == set(payees), "payees on the list"
for u, (bank, no) in got.items():
    assert no == acct[u] and bank, (u, bank, no, acct.get(u))   # the account, whole
assert "贡献额" not in text(ws), "贡献额 on 兑付清单"
assert "编制单位（盖章）：东阳市市场监督管理局" in text(ws)
# the 公示 list: the payees by name, the amounts, no USCC, no tax figure, no bar reason
pub = openpyxl.load_workbook(R + "/publicity_330783_2024.xlsx", data_only=True)
ps = pub.worksheets[0]
t = text(ps)
assert "贡献额" not in t and not re.search(r"91[0-9A-Z]{16}", t), "USCC or 贡献额 on the 公示 list"
bars = [r[0] for r in con.execute("SELECT reason FROM bars WHERE reason <> ''")]
assert not any(b in t for b in bars), "a bar reason on the 公示 list"
amounts = sorted(round(ps.cell(r, 4).value * 100) for r in range(1, ps.max_row + 1)
                 if isinstance(ps.cell(r, 1).value, int))
assert amounts == sorted(int(w["payable"].replace(".", "")) for w in payees.values()), "公示 amounts"
# the notices: one A4 portrait sheet per enterprise with anything moving; no 贡献额 figure
moving = [w for w in rows if any(w[k] not in ("", "0.00") for k in
          ("due", "carried_in", "payable", "carried_out", "forfeited"))]
nb = openpyxl.load_workbook(R + "/notices_330783_2024.xlsx")
assert len(nb.worksheets) == len(moving), (len(nb.worksheets), len(moving))
for ws in nb.worksheets:
    assert ws.page_setup.orientation in (None, "portrait") and str(ws.page_setup.paperSize) == "9", ws.title
    t = text(ws)
    assert "告知书" in t and "本年兑付合计" in t, ws.title
    assert not re.search(r"贡献额[^。；]*\d", t), (ws.title, "a contribution figure")
# an enterprise with a policy and no loan settled gets its notice too
assert any("本年度无结清的知识产权质押贷款" in text(ws) and "保单" in text(ws)
           for ws in nb.worksheets), "no notice for an enterprise with only a policy"
print("ok: handed-over sheets")
PYEOF
# as printed
"$PY" "$here/paper_check.py" ref "$TMP/ref.xlsx"
LO="-env:UserInstallation=file://$TMP/lo"
# the PBoC's 贷款明细 is a data sheet (every recorded field), not a form:
# the form alone is printed and measured
"$PY" - "$R/pboc_${code}_2025.xlsx" "$TMP/pboc_form.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
del wb["贷款明细"]
wb.save(sys.argv[2])
PYEOF
cp "$R/subsidy_${code}_2024.xlsx" "$R/notices_${code}_2024.xlsx" "$R/publicity_${code}_2024.xlsx" \
	"$R/targets_2025.xlsx" "$TMP/"
set -- ref subsidy_${code}_2024 notices_${code}_2024 publicity_${code}_2024 pboc_form targets_2025
for f; do
	soffice --headless "$LO" --convert-to pdf --outdir "$TMP" "$TMP/$f.xlsx" >/dev/null 2>&1 \
		|| die "LibreOffice could not render $f.xlsx"
done
for f; do
	[ "$f" = ref ] && continue
	"$PY" "$here/paper_check.py" check "$TMP/ref.pdf" "$TMP/$f.xlsx" "$TMP/$f.pdf"
done
rm -rf "$TMP/lo"
