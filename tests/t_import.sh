# t_import.sh — import.md §1–§4 on files written the way offices write them
# (tests/data/import/): reading, one refused file per error kind (exact
# line, column and value; the database byte-for-byte unchanged), dry run,
# re-import, update with audit, the rejects-file round trip, --map, undo,
# and the rules.md §7 lock.
. "$(dirname "$0")/lib.sh"
D="$(cd "$(dirname "$0")" && pwd)/data/import"
q() { sqlite3 "$DB" "$1"; }

expect 0 p init
expect 0 p import enterprises "$EXAMPLES/enterprises.csv"

# --- import.md §1: GB18030, CRLF, title line, columns out of order, 万元/元,
# full-width digits, every date form, quoted commas and newlines, 合计 row
expect 0 p import loans "$D/loans_gb18030.csv"
has "$TMP/out" "loans_gb18030.csv: 3 rows, 3 new, 0 updated, 0 unchanged, 0 rejected"
# HT-001: １２３．４５ 万元 = 1 234 500.00 yuan = 123450000 fen; 3.45% = 34500 ppm;
# rights valued 10 and 20 万元 = 10000000 and 20000000 fen
[ "$(q "SELECT principal_fen || ' ' || rate_ppm || ' ' || start_date || ' ' || maturity_date FROM loans WHERE contract_no = 'HT-001'")" \
	= "123450000 34500 2024-03-15 2025-03-14" ] || die "HT-001"
[ "$(q "SELECT group_concat(right_no || '=' || value_fen, ' ') FROM (SELECT r.right_no, r.value_fen FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'HT-001' ORDER BY r.seq)")" \
	= "ZL202010566088.9=10000000 ZL201510958772.0=20000000" ] || die "HT-001 rights"
# HT-002: 50 万元; 4.35 read as percent; 2024/3/15, 2024.12.1; "12,345.67" 元;
# two rights split by a newline inside a quoted cell (record on lines 4-5)
[ "$(q "SELECT principal_fen || ' ' || rate_ppm || ' ' || start_date || ' ' || settle_date || ' ' || interest_paid_fen FROM loans WHERE contract_no = 'HT-002'")" \
	= "50000000 43500 2024-03-15 2024-12-01 1234567" ] || die "HT-002"
[ "$(q "SELECT group_concat(right_no, ' ') FROM (SELECT r.right_no FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'HT-002' ORDER BY r.seq)")" \
	= "ZL201811564288.X ZL202411064734.6" ] || die "HT-002 rights"
# HT-003: 0.5 万元 = 5000.00 yuan; 2024年3月15日, 20250315, Excel serial 45400
# = 2024-04-18 (45292 is 2024-01-01; +108 days); full-width １２３４．５ 元
[ "$(q "SELECT principal_fen || ' ' || start_date || ' ' || maturity_date || ' ' || settle_date || ' ' || interest_paid_fen FROM loans WHERE contract_no = 'HT-003'")" \
	= "500000 2024-03-15 2025-03-15 2024-04-18 123450" ] || die "HT-003"
[ "$(q "SELECT right_no FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'HT-003'")" \
	= "ZL202321160956.9" ] || die "HT-003 right"
# UTF-8 with BOM, English headers with unit suffixes
expect 0 p import policies "$D/policies_bom.csv"
has "$TMP/out" "2 rows, 2 new, 0 updated, 0 unchanged, 0 rejected"
# "1,234.50" yuan; 50 万元 coverage; ￥800; serials 45444 = 2024-06-01, 45808 = 2025-05-31
[ "$(q "SELECT premium_fen || ' ' || paid_date || ' ' || end_date || ' ' || coverage_fen || ' ' || insured_rights FROM policies WHERE policy_no = 'BX-001'")" \
	= "123450 2024-03-15 2025-03-15 50000000 ZL202010566088.9;ZL201510958772.0" ] || die "BX-001"
[ "$(q "SELECT premium_fen || ' ' || start_date || ' ' || end_date || ' ' || coverage_fen || ' ' || insured_rights FROM policies WHERE policy_no = 'BX-002'")" \
	= "80000 2024-06-01 2025-05-31 12500000 ZL201811564288.X" ] || die "BX-002"

# --- import.md §4: one refused file per error kind, database unchanged
sqlite3 "$DB" .dump >"$TMP/before"
cp "$DB" "$TMP/before.db"
refused() { # FILE LINE COLUMN VALUE TEXT
	expect 1 p import loans "$D/$1"
	has "$TMP/err" "pledger: $D/$1:$2: column '$3': "
	grep -F "pledger: $D/$1:$2: column '$3': " "$TMP/err" | grep -qF "$5" || die "$1: '$5' not said"
	grep -F "pledger: $D/$1:$2: column '$3': " "$TMP/err" | grep -qF "(value '$4')" || die "$1: value '$4' not named"
	has "$TMP/err" "nothing written"
	[ "$(grep -c "^pledger: $D/$1:[0-9]" "$TMP/err")" = 1 ] || die "$1: not exactly one error"
}
refused err_uscc.csv 3 统一社会信用代码 91330783MA26K57708 "expected 'L'"
refused err_patent.csv 3 质押知识产权 ZL202310123456.7 "expected '6'"
refused err_date.csv 3 放款日期 2023-02-29 "impossible date"
refused err_decimals.csv 3 '贷款金额(元)' 1234.567 "more precise than 1 fen"
refused err_negative.csv 3 '贷款金额(元)' -1.00 "negative amount"
refused err_city.csv 3 所在县市区 火星市 "unknown city"
expect 1 p import loans "$D/err_missing_column.csv"
has "$TMP/err" "pledger: $D/err_missing_column.csv:1: required column 'maturity_date' is missing"
sqlite3 "$DB" .dump >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || die "a refused file changed the database"
cmp -s "$DB" "$TMP/before.db" || die "a refused file changed the database file"

# --- --dry-run writes nothing but counts
expect 0 p import loans --dry-run "$D/update_v1.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/out" "dry run: nothing written"
cmp -s "$DB" "$TMP/before.db" || die "--dry-run changed the database"

# --- re-import: identical rows change nothing
expect 0 p import loans "$D/loans_gb18030.csv"
has "$TMP/out" "3 rows, 0 new, 0 updated, 3 unchanged, 0 rejected"

# --- update with audit (import.md §2)
expect 0 p import loans "$D/update_v1.csv"
has "$TMP/out" "1 rows, 1 new"
b1=$(q "SELECT max(id) FROM import_batches")
expect 0 p import loans "$D/update_v2.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated, 0 unchanged, 0 rejected"
b2=$(q "SELECT max(id) FROM import_batches")
[ "$(q "SELECT principal_fen || ' ' || settle_date FROM loans WHERE contract_no = 'U-001'")" = "110000000 2024-10-31" ] || die "update not applied"
[ "$(q "SELECT group_concat(field || ':' || old_value || '>' || new_value, ' ') FROM (SELECT field, old_value, new_value FROM audit_log WHERE batch_id = $b2 AND action = 'update' ORDER BY id)")" \
	= "principal:1000000.00>1100000.00 settle_date:>2024-10-31" ] || die "audit of the update"

# --- undo (import.md §4): the older batch first is refused, then in order
expect 1 p import undo "$b1"
has "$TMP/err" "undo that first"
expect 0 p import undo "$b2"
[ "$(q "SELECT principal_fen || ' ' || ifnull(settle_date, '-') FROM loans WHERE contract_no = 'U-001'")" = "100000000 -" ] || die "undo did not restore"
expect 1 p import undo "$b2"
has "$TMP/err" "undone already"
expect 0 p import undo "$b1"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'U-001'")" = 0 ] || die "undo did not delete"
expect 0 p import list --format csv
has "$TMP/out" "batch,kind,file,sha256,created_at,user,rows,new,updated,unchanged,rejected,undone_at"
# the batch records the file's SHA-256
[ "$(q "SELECT sha256 FROM import_batches WHERE id = $b1")" = "$(sha256sum "$D/update_v1.csv" | cut -d' ' -f1)" ] || die "sha256"

# --- --skip-invalid and the rejects file round trip (GB18030 stays GB18030)
cp "$D/rejects_gb18030.csv" "$TMP/r.csv"
expect 0 p import loans --skip-invalid "$TMP/r.csv"
has "$TMP/out" "3 rows, 2 new, 0 updated, 0 unchanged, 1 rejected"
has "$TMP/err" "r.csv:3: column '贷款金额(元)': negative amount (value '-2000.00')"
[ -f "$TMP/r.csv.rejects.csv" ] || die "no rejects file"
iconv -f UTF-8 -t UTF-8 "$TMP/r.csv.rejects.csv" >/dev/null 2>&1 && die "rejects file is not in the file's own encoding"
iconv -f GB18030 -t UTF-8 "$TMP/r.csv.rejects.csv" >"$TMP/rej.utf8"
[ "$(wc -l <"$TMP/rej.utf8")" = 2 ] || die "rejects file: header and one row expected"
head -n 1 "$TMP/rej.utf8" | grep -q ',error' || die "rejects header lacks the error column"
sed -n 2p "$TMP/rej.utf8" | grep -qF '测试银行,R-002,东阳市辉泰智能装备有限公司,91330783MA20CA4GX5,东阳市,-2000.00,2024-03-01,2025-02-28,,"ZL201510958772.0，ZL201811564288.X",' \
	|| die "rejected row not copied unchanged"
# fix it and import the rejects file: the rest comes in
sed 's/-2000\.00/2000.00/' "$TMP/rej.utf8" | iconv -f UTF-8 -t GB18030 >"$TMP/fixed.csv"
expect 0 p import loans "$TMP/fixed.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no LIKE 'R-%'")" = 3 ] || die "round trip"

# --- a new bank's layout with --map
expect 1 p import loans "$D/newbank.csv"
has "$TMP/err" "no header row"
expect 0 p import loans --map "$D/newbank.map" "$D/newbank.csv"
has "$TMP/out" "1 rows, 1 new"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'N-001'")" = 12500000 ] || die "--map principal (12.5 万元)"

# --- rules.md §7: a change that touches a finalized run is refused
sqlite3 "$DB" "INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES ('330783', 2024, 'finalized', '2025-01-10T00:00:00', '')"
cp "$DB" "$TMP/locked.db"
sed 's/2024\.12\.1/2024.12.2/' "$D/loans_gb18030.csv" >"$TMP/changed.csv" # GB18030-safe: ASCII only
expect 1 p import loans "$TMP/changed.csv"
has "$TMP/err" "changed.csv:4: "
has "$TMP/err" "finalized subsidy run"
cmp -s "$DB" "$TMP/locked.db" || die "a refused change was written"
# import.md §4: undo only of a batch whose rows no finalized run uses
gb=$(q "SELECT min(id) FROM import_batches WHERE file_name LIKE '%loans_gb18030.csv'")
expect 1 p import undo "$gb"
has "$TMP/err" "finalized subsidy run"
cmp -s "$DB" "$TMP/locked.db" || die "a refused undo changed the database"

# --- --unit and --bank for files without a unit or a bank column
printf '借款合同编号,借款企业,统一社会信用代码,贷款金额,放款日期,到期日期,质押知识产权\nB-001,东阳市明辉新材料有限公司,91330783MA26K5770L,12.5,2024-05-01,2025-04-30,ZL202010566088.9\n' >"$TMP/nobank.csv"
expect 1 p import loans "$TMP/nobank.csv"
has "$TMP/err" "required column 'bank' is missing"
expect 0 p import loans --bank 无列银行 --unit wan "$TMP/nobank.csv"
[ "$(q "SELECT l.principal_fen FROM loans l JOIN banks b ON b.id = l.bank_id WHERE b.name = '无列银行'")" = 12500000 ] \
	|| die "--unit wan: 12.5 万元 = 12500000 fen"

# --- a known USCC with another name keeps the recorded one, with a warning
printf '贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权\n测试银行,W-001,别的名字有限公司,91330783MA26K5770L,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n' >"$TMP/name.csv"
expect 0 p import loans "$TMP/name.csv"
has "$TMP/err" "warning: $TMP/name.csv:2: column '借款企业': enterprise 91330783MA26K5770L is recorded as '东阳市明辉新材料有限公司'"
[ "$(q "SELECT name FROM enterprises WHERE uscc = '91330783MA26K5770L'")" = 东阳市明辉新材料有限公司 ] || die "silent rename"
# the same enterprise again and again in one file (import.c caches the
# enterprises it met): every row naming it otherwise warns, whichever row
# came first; a row that agrees stays quiet; another city warns too
printf '贷款银行,借款合同编号,借款企业,统一社会信用代码,所在县市区,贷款金额(元),放款日期,到期日期,质押知识产权\n测试银行,W-011,东阳市明辉新材料有限公司,91330783MA26K5770L,东阳市,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n测试银行,W-012,别的名字有限公司,91330783MA26K5770L,,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n测试银行,W-013,东阳市明辉新材料有限公司,91330783MA26K5770L,,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n测试银行,W-014,别的名字有限公司,91330783MA26K5770L,,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n测试银行,W-015,东阳市明辉新材料有限公司,91330783MA26K5770L,乐清市,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n' >"$TMP/name2.csv"
expect 0 p import loans "$TMP/name2.csv"
has "$TMP/err" "warning: $TMP/name2.csv:3: column '借款企业': enterprise 91330783MA26K5770L is recorded as"
has "$TMP/err" "warning: $TMP/name2.csv:5: column '借款企业': enterprise 91330783MA26K5770L is recorded as"
has "$TMP/err" "warning: $TMP/name2.csv:6: column '所在县市区': enterprise 91330783MA26K5770L is recorded in 东阳市; the city in this row is ignored"
[ "$(grep -c 'warning:' "$TMP/err")" -eq 3 ] || die "enterprise warnings: expected 3 (lines 3, 5, 6)"

# --- rates (ldg_rate_set) and targets (元/万元/亿元 by header), and their undo
printf 'kind,effective_date,rate\nLPR1Y,2031-01-20,3.10%%\nLPR5Y,2031/1/20,3.6\n' >"$TMP/rates.csv"
expect 0 p import rates "$TMP/rates.csv"
has "$TMP/out" "2 rows, 2 new"
[ "$(q "SELECT group_concat(kind || '=' || rate_ppm, ' ') FROM (SELECT * FROM rates WHERE effective_date = '2031-01-20' ORDER BY kind)")" \
	= "LPR1Y=31000 LPR5Y=36000" ] || die "rates"
rb=$(q "SELECT max(id) FROM import_batches")
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,financing,2031,12.5,测试\n330382,授信,2029-2031,3,测试\n' >"$TMP/targets.csv"
expect 0 p import targets "$TMP/targets.csv"
# 12.5 亿元 = 1 250 000 000.00 yuan; 3 亿元 = 300 000 000.00 yuan
[ "$(q "SELECT group_concat(city || ':' || metric || ':' || year_from || '-' || year_to || ':' || target_fen, ' ') FROM (SELECT * FROM targets WHERE source = '测试' ORDER BY city)")" \
	= "330382:credit:2029-2031:30000000000 330783:financing:2031-2031:125000000000" ] || die "targets"
tb=$(q "SELECT max(id) FROM import_batches")
expect 0 p import undo "$tb"
expect 0 p import undo "$rb"
[ "$(q "SELECT count(*) FROM targets WHERE source = '测试'")$(q "SELECT count(*) FROM rates WHERE effective_date = '2031-01-20'")" = 00 ] \
	|| die "undo of rates and targets"

# regression: the Chinese metric names of targets.md; 质押融资授信额 holds 融资
# but is the credit metric
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,质押融资授信额,2032,1,测试2\n东阳市,质押融资金额,2032,2,测试2\n东阳市,质押登记额,2032,3,测试2\n' >"$TMP/targets2.csv"
expect 0 p import targets "$TMP/targets2.csv"
[ "$(q "SELECT group_concat(metric || '=' || target_fen, ' ') FROM (SELECT * FROM targets WHERE source = '测试2' ORDER BY metric)")" \
	= "credit=10000000000 financing=20000000000 registered=30000000000" ] || die "metric names"

# --- the same key twice in one file: identical is a warning, different an error
printf '贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权\n测试银行,D-001,东阳市明辉新材料有限公司,91330783MA26K5770L,100.00,2024-05-01,2025-04-30,ZL202010566088.9\n测试银行,D-001,东阳市明辉新材料有限公司,91330783MA26K5770L,200.00,2024-05-01,2025-04-30,ZL202010566088.9\n' >"$TMP/dup.csv"
expect 1 p import loans "$TMP/dup.csv"
has "$TMP/err" "dup.csv:3: column '借款合同编号': loan '测试银行/D-001' appears earlier in this file with other values"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'D-001'")" = 0 ] || die "contradicting file written"
