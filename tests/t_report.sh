# t_report.sh — the workbooks of reports.md read back with openpyxl
# (tests/xlsx_check.py) on the hand-made fixture tests/data/reports/fixture.sql:
# sheets, headers, number/text cells, totals (SUM with cached value),
# capital numerals, print setup, the sheet-row split, reproducibility under
# SOURCE_DATE_EPOCH, and the refusals of `pledger report` (cli.md).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
CHECK="$here/xlsx_check.py"
expect 0 p init
"$PY" "$here/xlsx_load.py" "$DB" "$here/data/reports/fixture.sql"
# E1's payee account, under another 户名 (import.md §2 accounts); E4 has none
sqlite3 "$DB" "INSERT INTO accounts (uscc, account_name, bank_name, account_no) VALUES
	('91330783000000001A', '甲公司基本户', '中国农业银行东阳市支行', '6228480012345678901')"
expect 0 p scheme set --city 东阳市 policy_document '东政办发〔2021〕xx号《关于全面加强知识产权工作的实施意见》'
expect 0 p city set 东阳市 office_name 东阳市市场监督管理局

# reports.md "report subsidy": the draft 2024 run and the finalized 2023 run.
expect 0 p report subsidy --city 东阳市 --year 2024 -o "$TMP/s24.xlsx"
has "$TMP/out" "s24.xlsx"
# a payee without an account: a warning naming it (reports.md)
has "$TMP/err" "warning: payee"
has "$TMP/err" "has no account recorded"
"$PY" "$CHECK" subsidy-fixture "$TMP/s24.xlsx"
expect 0 p report subsidy --city 330783 --year 2023 -o "$TMP/s23.xlsx"
PLEDGER_TEST_DB="$DB" "$PY" "$CHECK" subsidy-final "$TMP/s23.xlsx"

# reports.md "report pboc" and "report ledger".
expect 0 p report pboc --city 东阳市 --period 2024Q3 -o "$TMP/p.xlsx"
"$PY" "$CHECK" pboc-fixture "$TMP/p.xlsx"
expect 0 p report ledger -o "$TMP/l.xlsx"
"$PY" "$CHECK" ledger-fixture "$TMP/l.xlsx"
for period in 2024 2024-09 2024q1; do
	expect 0 p report pboc --city 金华市 --period $period -o "$TMP/p-$period.xlsx"
	"$PY" "$CHECK" common "$TMP/p-$period.xlsx"
done
# 金华市 holds 东阳市 (cities.parent): its 2024 figures are 东阳市's, L8 alone
# new (2 000 000.00 = 200.00 万元) and alone open at 2024-12-31 (L6, L7 settled).
"$PY" - "$TMP/p-2024.xlsx" <<'EOF2'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["按银行汇总"]
assert ws["A1"].value == "金华市知识产权质押贷款情况统计表（2024年）", ws["A1"].value
tot = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == "合计"][0]
assert ws.cell(tot, 4).value == 200.0, ws.cell(tot, 4).value    # 新发放金额
assert ws.cell(tot, 13).value == 200.0, ws.cell(tot, 13).value  # 期末余额
assert ws.cell(tot, 14).value == 1, ws.cell(tot, 14).value      # 期末笔数
assert ws.cell(tot, 12).value == 200.0, ws.cell(tot, 12).value  # 本年累计发放金额
EOF2
expect 0 p report ledger --city 东阳市 --from 2023-01-01 --to 2023-12-31 -o "$TMP/l23.xlsx"
"$PY" "$CHECK" common "$TMP/l23.xlsx"
"$PY" - "$TMP/l23.xlsx" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["贷款明细"]
# Loans of 东阳市 started in 2023: L1-L7 (L8 2024, L9 乐清市, L10 2022).
n = sum(1 for r in range(4, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
assert n == 7, n
EOF
# --from alone is an open range (docs/decisions.md): L1-L8 of 东阳市
expect 0 p report ledger --city 东阳市 --from 2023-01-01 -o "$TMP/l23on.xlsx"
"$PY" - "$TMP/l23on.xlsx" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["贷款明细"]
n = sum(1 for r in range(4, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
assert n == 8, n
EOF

# A run whose scheme covers copyright gets the 著作权质押贴息 column, so
# that 本年应补合计 stays the sum of the columns before it.
"$PY" - "$DB" <<'EOF2'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("UPDATE subsidy_runs SET scheme = replace(scheme, 'covered_kinds=patent,trademark',"
            " 'covered_kinds=patent,trademark,copyright') WHERE id = 2")
con.commit()
EOF2
expect 0 p report subsidy --city 东阳市 --year 2024 -o "$TMP/s24c.xlsx"
"$PY" - "$TMP/s24c.xlsx" <<'EOF2'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["审核底稿"]
h = [c.value for c in ws[3]]
assert h[3:7] == ["专利权质押贴息", "商标权质押贴息", "著作权质押贴息", "保费补助"], h
EOF2

# reports.md "Common": a table longer than a sheet continues on "<sheet>(2)"
# (PLEDGER_MAX_SHEET_ROWS lowers the 1 048 576 rows for the test).
expect 0 env PLEDGER_MAX_SHEET_ROWS=8 "$PLEDGER" --db "$DB" report ledger -o "$TMP/split.xlsx"
"$PY" "$CHECK" split "$TMP/split.xlsx" 贷款明细 8 10
expect 0 env PLEDGER_MAX_SHEET_ROWS=8 "$PLEDGER" --db "$DB" report subsidy --city 东阳市 --year 2024 -o "$TMP/split-s.xlsx"
"$PY" "$CHECK" split "$TMP/split-s.xlsx" 贴息明细 8 7
expect 2 env PLEDGER_MAX_SHEET_ROWS=abc "$PLEDGER" --db "$DB" report ledger -o "$TMP/x.xlsx"
has "$TMP/err" "PLEDGER_MAX_SHEET_ROWS"

# reports.md "Reproducible": byte-identical under SOURCE_DATE_EPOCH, whose
# date (2023-11-14 for 1700000000) is the date made and the created time.
for r in "subsidy --city 东阳市 --year 2024" "pboc --city 东阳市 --period 2024" "ledger"; do
	expect 0 env SOURCE_DATE_EPOCH=1700000000 "$PLEDGER" --db "$DB" report $r -o "$TMP/r1.xlsx"
	sleep 1
	expect 0 env SOURCE_DATE_EPOCH=1700000000 "$PLEDGER" --db "$DB" report $r -o "$TMP/r2.xlsx"
	cmp "$TMP/r1.xlsx" "$TMP/r2.xlsx" || die "'report $r' not byte-identical under SOURCE_DATE_EPOCH"
done
"$PY" - "$TMP/r1.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert str(wb.properties.created).startswith("2023-11-14 22:13:20"), wb.properties.created
line = " ".join(str(c.value) for c in wb.worksheets[0][2] if c.value)
assert "制表日期：2023-11-14" in line, line
EOF

# cli.md: a workbook's name ends in .xlsx (an .xls name with xlsx content
# makes Excel and WPS warn); nothing is written
for bad in x.xls x.csv x xlsx; do
	expect 2 p report ledger -o "$TMP/$bad"
	has "$TMP/err" "must end in .xlsx"
	[ ! -e "$TMP/$bad" ] || die "report wrote '$bad'"
done
expect 0 p report ledger -o "$TMP/UPPER.XLSX"

# Files: a directory that does not exist → exit 3, the message names the
# path; a failed write leaves neither the final name nor a temporary file.
expect 3 p report ledger -o "$TMP/no/such/dir/x.xlsx"
has "$TMP/err" "pledger: cannot write '$TMP/no/such/dir/x.xlsx': No such file or directory"
mkdir "$TMP/out.d" "$TMP/out.d/l.xlsx"
expect 3 p report ledger -o "$TMP/out.d/l.xlsx"
has "$TMP/err" "pledger: cannot write '$TMP/out.d/l.xlsx'"
[ -d "$TMP/out.d/l.xlsx" ] || die "the directory in the way was replaced"
[ "$(ls -A "$TMP/out.d")" = "l.xlsx" ] || die "a temporary file was left: $(ls -A "$TMP/out.d")"
if [ "$(id -u)" != 0 ]; then
	mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
	expect 3 p report ledger -o "$TMP/ro/l.xlsx"
	has "$TMP/err" "Permission denied"
	[ -z "$(ls -A "$TMP/ro")" ] || die "a file was left in a read-only directory"
fi
# An existing file is replaced only by a complete workbook.
echo old >"$TMP/keep.xlsx"
expect 1 p report subsidy --city 东阳市 --year 2022 -o "$TMP/keep.xlsx"
has "$TMP/err" "no subsidy run for 东阳市 2022"
[ "$(cat "$TMP/keep.xlsx")" = old ] || die "a failed report touched the existing file"
[ "$(ls -A "$TMP" | grep -c '^\.keep')" = 0 ] || die "a temporary file was left"

# Usage (cli.md: exit 2) and unknown things (exit 1).
expect 2 p report
expect 2 p report nonsense -o "$TMP/x.xlsx"
expect 2 p report subsidy --city 东阳市 --year 2024
has "$TMP/err" "needs -o FILE.xlsx"
expect 2 p report subsidy --year 2024 -o "$TMP/x.xlsx"
has "$TMP/err" "needs --city"
expect 2 p report pboc --city 东阳市 --period 2024Q5 -o "$TMP/x.xlsx"
has "$TMP/err" "bad period '2024Q5'"
expect 2 p report ledger --year 2024 -o "$TMP/x.xlsx"
has "$TMP/err" "takes no --year"
expect 2 p report ledger --from 2024-13-01 -o "$TMP/x.xlsx"
expect 1 p report pboc --city 火星市 --period 2024 -o "$TMP/x.xlsx"
has "$TMP/err" "unknown city"
expect 0 p report --help
has "$TMP/out" "pledger report subsidy --city C --year Y -o FILE.xlsx"
[ ! -e "$TMP/x.xlsx" ] || die "a refused report wrote a file"
