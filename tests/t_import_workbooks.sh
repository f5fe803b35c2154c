# t_import_workbooks.sh — Excel workbooks (import.md §1 "Excel workbooks"):
# the shared examples converted by LibreOffice to .xlsx and .xls give
# exactly the database their CSV gives (sqlite3 .dump less audit and batch
# rows) and the figures of truth.json; a bank's layout made by openpyxl
# (hidden first sheet, merged title, note row, 合计 and signature rows,
# shared and inline strings, a custom date format, a percent rate, a
# formula with its cached value, the 1904 date system) stores what its
# cells hold; messages name LINE as Excel's row and the cell; --sheet;
# error cells; hostile files each refused with a clear message.
. "$(dirname "$0")/lib.sh"
EX="$SHARED/examples"
HERE=$(cd "$(dirname "$0")" && pwd)
W="$TMP/wb"
mkdir -p "$W/ex"
LO="-env:UserInstallation=file://$TMP/lo-profile"
soffice_to() {  # soffice_to FORMAT OUTDIR FILE... (CSV read as UTF-8, comma)
	fmt=$1; out=$2; shift 2
	soffice "$LO" --headless --infilter="CSV:44,34,76,1" --convert-to "$fmt" \
		--outdir "$out" "$@" >"$TMP/soffice.log" 2>&1 || { cat "$TMP/soffice.log"; die "soffice"; }
}

# ---- the shared examples as .xlsx and .xls ------------------------------
LIST="enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv
loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv
policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv"
for e in $LIST; do
	f=${e#*:}
	# LibreOffice is told UTF-8; GB18030 files are decoded first
	$PY - "$EX/$f" "$W/ex/$(basename "$f")" <<'PYEOF'
import sys
b = open(sys.argv[1], "rb").read()
b = b[3:] if b.startswith(b"\xef\xbb\xbf") else b
try:
    t = b.decode("utf-8")
except UnicodeDecodeError:
    t = b.decode("gb18030")
open(sys.argv[2], "w", encoding="utf-8").write(t)
PYEOF
done
soffice_to xlsx "$W/ex" "$W"/ex/*.csv
soffice_to xls "$W/ex" "$W"/ex/*.csv
dump() { sqlite3 "$1" .dump | grep -v -e '^INSERT INTO audit_log' -e '^INSERT INTO import_batches'; }
for ext in csv xlsx xls; do
	DB="$TMP/$ext.db"
	expect 0 p init
	for e in $LIST; do
		kind=${e%%:*}; f=${e#*:}
		src="$EX/$f"
		[ "$ext" = csv ] || src="$W/ex/$(basename "$f" .csv).$ext"
		expect 0 p import "$kind" "$src"
		has "$TMP/out" " 0 rejected"
	done
	dump "$DB" >"$TMP/$ext.dump"
	$PY "$HERE/data/import/compare_truth.py" "$DB" "$EX/truth.json" \
		|| die "$ext: stored data differ from truth.json"
done
cmp -s "$TMP/csv.dump" "$TMP/xlsx.dump" || { diff "$TMP/csv.dump" "$TMP/xlsx.dump" | head; die "xlsx database differs from csv"; }
cmp -s "$TMP/csv.dump" "$TMP/xls.dump" || { diff "$TMP/csv.dump" "$TMP/xls.dump" | head; die "xls database differs from csv"; }
# a workbook's batch records the SHA-256 of its bytes
DB="$TMP/xlsx.db"
want=$(sha256sum "$W/ex/bank01_A.xlsx" | cut -d' ' -f1)
[ "$(sqlite3 "$DB" "SELECT sha256 FROM import_batches WHERE file_name LIKE '%bank01_A.xlsx'")" = "$want" ] \
	|| die "sha256 of a workbook"
# re-importing a workbook changes nothing
expect 0 p import loans "$W/ex/bank04_D.xlsx"
has "$TMP/out" "17 rows, 0 new, 0 updated, 17 unchanged, 0 rejected"

# ---- a bank's layout made by openpyxl, re-saved by LibreOffice -------------
$PY "$HERE/data/workbooks/make_workbooks.py" "$W" || die "make_workbooks.py"
mkdir -p "$W/lo"
soffice "$LO" --headless --convert-to xlsx --outdir "$W/lo" "$W/layout.xlsx" >"$TMP/soffice.log" 2>&1 \
	|| die "soffice layout"
DB="$TMP/layout.db"
expect 0 p init
# the stored 466.4321 under a 0.00 format is 466.4321: an error in 元 at G5,
# LINE 5 being Excel's row (title, note and header rows counted)
expect 1 p import loans "$W/lo/layout.xlsx"
has "$TMP/err" "pledger: $W/lo/layout.xlsx:5: column '贷款金额（元）': cell G5: "
has "$TMP/err" "(value '466.4321')"
has "$TMP/err" "skipping a line after the total row: '制表人：张三 审核人：李四'"
[ "$(grep -c "^pledger: $W/lo/layout.xlsx:[0-9]*: column" "$TMP/err")" = 1 ] || die "one row error"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM loans')" = 0 ] || die "nothing written"
# --skip-invalid takes row 4: every value as its cell holds it
expect 0 p import loans "$W/lo/layout.xlsx" --skip-invalid --rejects "$TMP/rej.xlsx"
has "$TMP/out" "2 rows, 1 new, 0 updated, 0 unchanged, 1 rejected"
got=$(sqlite3 "$DB" "SELECT contract_no, principal_fen, rate_ppm, start_date, maturity_date,
	registration_no, credit_line_fen FROM loans")
# 1234.56 元; 0.0345 under 0.00% = 3.45 %; 2024年3月15日 under a custom format;
# the 15-digit registration number stored as a number; =G4*2 cached 2469.12
[ "$got" = "HT-2024-001|123456|34500|2024-03-15|2025-03-14|202433074366418|246912" ] \
	|| die "layout row 4 stored as '$got'"
# the rejects of a workbook are an .xlsx: the sheet's header, 错误原因 added,
# the rejected row's cells as read; corrected, it imports
[ ! -e "$W/lo/layout.xlsx.rejects.xlsx" ] || die "default rejects name used"
$PY - "$TMP/rej.xlsx" <<'PYEOF' || die "rejects workbook"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
assert len(rows) == 2, rows
assert rows[0][:3] == ("序号", "贷款银行", "合同编号") and rows[0][13] == "错误原因", rows[0]
assert rows[1][2] == "HT-2024-002" and rows[1][6] == 466.4321, rows[1]
assert "more precise than 1 fen" in rows[1][13], rows[1][13]
ws["G2"] = 466.43
ws.parent.save(sys.argv[1])
PYEOF
expect 0 p import loans "$TMP/rej.xlsx"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
grep -q "错误原因" "$TMP/err" && die "错误原因 named as an unknown column"
[ "$(sqlite3 "$DB" "SELECT principal_fen || '/' || start_date FROM loans WHERE contract_no = 'HT-2024-002'")" \
	= "46643/2024-03-15" ] || die "corrected reject"
# the hidden first sheet is not read; --sheet picks by name or number
DB="$TMP/sheet.db"
expect 0 p init
expect 1 p import loans "$W/lo/layout.xlsx" --sheet 填表说明
has "$TMP/err" "no header row"
expect 1 p import loans "$W/lo/layout.xlsx" --sheet 2
has "$TMP/err" "cell G5"
expect 1 p import loans "$W/lo/layout.xlsx" --sheet 没有
has "$TMP/err" "no sheet '没有' in the workbook (it has '填表说明', '贷款明细')"
expect 1 p import loans "$EX/loans/bank02_B.csv" --sheet 1
has "$TMP/err" "--sheet applies to workbooks"
# openpyxl's own file: the formula has no cached result — an error at M4
expect 1 p import loans "$W/layout.xlsx"
has "$TMP/err" "pledger: $W/layout.xlsx:4: column '授信额度（元）': cell M4: a formula without a cached result"
# the same layout as .xls (BIFF8, FreeXL): the hidden first sheet passed
# over, the formula an error at its cell (FreeXL gives no cached result)
soffice "$LO" --headless --convert-to xls --outdir "$W/lo" "$W/lo/layout.xlsx" >"$TMP/soffice.log" 2>&1 \
	|| die "soffice layout.xls"
DB="$TMP/xls.layout.db"
expect 0 p init
expect 1 p import loans "$W/lo/layout.xls"
has "$TMP/err" "pledger: $W/lo/layout.xls:4: column '授信额度（元）': cell M4: a formula without a cached result"
has "$TMP/err" "pledger: $W/lo/layout.xls:5: column '贷款金额（元）': cell G5: more precise than 1 fen"
# the 1904 date system: 2024-03-15 is serial 43904 there
DB="$TMP/d1904.db"
expect 0 p init
expect 0 p import loans "$W/date1904.xlsx"
[ "$(sqlite3 "$DB" "SELECT start_date || '/' || maturity_date || '/' || rate_ppm FROM loans")" \
	= "2024-03-15/2025-03-14/45000" ] || die "1904 dates"
# error values: #N/A is an error at its cell
expect 1 p import loans "$W/errors.xlsx"
has "$TMP/err" "pledger: $W/errors.xlsx:2: column '执行年利率': cell H2: the cell holds the Excel error value"
has "$TMP/err" "(value '#N/A')"
has "$TMP/err" "cell G2: a formula without a cached result"

# ---- hostile and mistaken files: one clear message each, exit 1 -----------
H="$W/hostile"
DB="$TMP/h.db"
expect 0 p init
refused() {  # refused FILE TEXT
	set +e; timeout 60 "$PLEDGER" --db "$DB" import bars "$1" >"$TMP/out" 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 1 ] || { cat "$TMP/err"; die "$1 exited $got, expected 1"; }
	has "$TMP/err" "$2"
}
refused "$H/bomb.xlsx" "(a zip bomb"
refused "$H/doctype.xlsx" "declares a DOCTYPE"
refused "$H/sst_index.xlsx" "cell A2: shared string index '7' out of range (the workbook has 3)"
refused "$H/rows.xlsx" "row number '1048577' outside 1 to 1048576"
refused "$H/cols.xlsx" "cell reference 'XFE2' in row 2 (Excel's last column is XFD)"
refused "$H/truncated.xlsx" "is not well-formed XML"
refused "$H/broken.xlsx" "broken workbook: not a readable zip file"
refused "$H/notworkbook.xlsx" "a zip file but not an Excel workbook"
refused "$H/encrypted.xlsx" "a password-protected workbook"
refused "$H/html.xls" "an HTML page"
refused "$H/html.xls" "save it as Excel Workbook (.xlsx)"
refused "$H/xml2003.xls" "an XML Spreadsheet 2003 file"
# a crafted .xls that makes FreeXL read past a stack buffer (fuzz_xls found
# it): FreeXL runs in a child process, the file is refused, pledger lives
refused "$HERE/data/workbooks/freexl_overread.xls" "open it in Excel or WPS and save it as Excel Workbook (.xlsx)"
# row 1048576, after a gap of blank rows, is read (as a row missing its year)
refused "$H/lastrow.xlsx" "lastrow.xlsx:1048576: column '年度': cell B1048576: "
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM bars')" = 0 ] || die "a hostile file wrote"
