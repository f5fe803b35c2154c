# t_import_wps.sh — a WPS-style bank workbook (import.md §1 "Excel
# workbooks"): a merged title, a 单位 note row, a 合计 row whose figure is
# =SUM(...) (cached by LibreOffice in .xlsx, none in .xls), a signature row,
# dates in one row typed as text cells and in the other as date cells; the
# .xlsx and the .xls made from it by LibreOffice store the same loans; and
# --skip-invalid on the .xls writes its rejects as .xlsx.
. "$(dirname "$0")/lib.sh"
command -v soffice >/dev/null 2>&1 || { echo "SKIP: soffice is not installed"; exit 0; }
W="$TMP/wps"
mkdir -p "$W/lo"
LO="-env:UserInstallation=file://$TMP/lo-profile"
"$PY" - "$W" <<'PYEOF' || die "openpyxl"
import datetime, sys, openpyxl
W = sys.argv[1]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Sheet1"
ws.append(["东阳市知识产权质押贷款明细表"]); ws.merge_cells("A1:T1")
ws.append(["单位：元"])
ws.append(["银行名称", "合同编号", "企业名称", "信用代码", "地区", "放款金额(元)", "组合贷款",
	"知识产权质押金额(元)", "利率", "贷款发放日", "到期日", "实际还款日期", "是否逾期",
	"已付利息(元)", "知识产权类型", "质押物编号", "评估价值(元)", "质押登记号", "登记日期", "授信金额(元)"])
ws.append(["浙商银行", "HT-1", "东阳市辉泰智能装备有限公司", "91330783MA20CA4GX5", "东阳市", 1000000,
	"N", None, 4.8, "2024-03-15", "2025-03-14", None, "N", None, "专利权", "ZL201521967578.0",
	None, "202433074366418", "2024-03-10", None])
ws.append(["浙商银行", "HT-2", "乐清市信益新材料股份有限公司", "91330382MA27U83U7B", "乐清市", 500000,
	"N", None, 4.25, datetime.date(2024, 4, 1), datetime.date(2025, 3, 31), None, "N", None, "专利权",
	"ZL201521844808.4", None, "202433074366419", datetime.date(2024, 3, 20), None])
ws.append(["合计", None, None, None, None, "=SUM(F4:F5)"])
ws.append(["制表人：张三"])
for c in ("J4", "K4", "S4"):
	ws[c].number_format = "@"
for c in ("J5", "K5", "S5"):
	ws[c].number_format = "yyyy-mm-dd"
wb.save(W + "/wps.xlsx")
ws["F5"] = 466.4321
wb.save(W + "/bad.xlsx")
PYEOF
for fmt in xlsx xls; do
	soffice "$LO" --headless --convert-to $fmt --outdir "$W/lo" "$W/wps.xlsx" "$W/bad.xlsx" \
		>"$TMP/soffice.log" 2>&1 || { cat "$TMP/soffice.log"; die "soffice $fmt"; }
done
loans_want="HT-1|100000000|2024-03-15|2025-03-14|2024-03-10
HT-2|50000000|2024-04-01|2025-03-31|2024-03-20"
for f in "$W/wps.xlsx" "$W/lo/wps.xlsx" "$W/lo/wps.xls"; do
	DB="$TMP/$(basename "$(dirname "$f")").$(basename "$f").db"
	expect 0 p init
	expect 0 p import loans "$f"
	has "$TMP/out" "2 rows, 2 new, 0 updated, 0 unchanged, 0 rejected"
	has "$TMP/err" "skipping a line after the total row: '制表人：张三'"
	got=$(sqlite3 "$DB" "SELECT contract_no, principal_fen, start_date, maturity_date, registration_date
		FROM loans ORDER BY contract_no")
	[ "$got" = "$loans_want" ] || die "$f stored '$got'"
done
# --skip-invalid on an .xls: the row with 466.4321 元 rejected into an .xlsx
DB="$TMP/bad.db"
expect 0 p init
expect 0 p import loans "$W/lo/bad.xls" --skip-invalid
has "$TMP/out" "2 rows, 1 new, 0 updated, 0 unchanged, 1 rejected"
has "$TMP/err" "pledger: $W/lo/bad.xls:5: column '放款金额(元)': cell F5: more precise than 1 fen"
[ -s "$W/lo/bad.xls.rejects.xlsx" ] || die "no rejects workbook"
"$PY" - "$W/lo/bad.xls.rejects.xlsx" <<'PYEOF' || die "rejects of the .xls"
import sys, openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True))
assert len(rows) == 2, rows
assert rows[0][0] == "银行名称" and rows[0][20] == "错误原因", rows[0]
assert rows[1][1] == "HT-2" and rows[1][5] == 466.4321, rows[1]
assert "more precise than 1 fen" in rows[1][20], rows[1][20]
PYEOF
[ "$(sqlite3 "$DB" 'SELECT contract_no FROM loans')" = HT-1 ] || die "the valid row of the .xls"
rm -rf "$W"
