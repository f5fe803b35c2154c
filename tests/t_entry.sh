# t_entry.sh — manual entry (cli.md): enterprise/loan/policy add|show|list
# and loan settle validate exactly as import does (the same row validator)
# and write the audit log; a nonstandard USCC only on purpose (domain.md §2).
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
expect 0 p init

# domain.md §2: a wrong check character names the expected one; refused
expect 1 p enterprise add --uscc 91350211M00013FA1N --name 厦门某公司 --city 东阳市
has "$TMP/err" "expected '3'"
has "$TMP/err" "--accept-nonstandard-uscc"
[ "$(q 'SELECT count(*) FROM enterprises')" = 0 ] || die "refused enterprise written"
expect 0 p enterprise add --uscc 91350211M00013FA1N --name 厦门某公司 --city 东阳市 --accept-nonstandard-uscc
[ "$(q "SELECT nonstandard_uscc FROM enterprises WHERE uscc = '91350211M00013FA1N'")" = 1 ] || die "nonstandard flag"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'insert' AND entity = 'enterprise' AND detail LIKE '%nonstandard%'")" = 1 ] \
	|| die "audit does not say nonstandard"
# once registered, its rows import normally
printf '统一社会信用代码,年度,地方综合贡献额（元）\n91350211M00013FA1N,2024,100.00\n' >"$TMP/c.csv"
expect 0 p import contributions "$TMP/c.csv"
has "$TMP/out" "1 rows, 1 new"
expect 0 p enterprise add --uscc=91330783ma26k5770l --name 东阳市明辉新材料有限公司 --city 330783 --industry 纺织
expect 1 p enterprise add --uscc 91330783MA26K5770L --name 又一个 --city 东阳市
has "$TMP/err" "registered already"
expect 1 p enterprise add --uscc 91330783MA20CA4GX5 --name 某公司 --city 火星市
has "$TMP/err" "column 'city': unknown city (value '火星市')"
expect 2 p enterprise add --uscc 91330783MA20CA4GX5 --nosuch x
has "$TMP/err" "unknown column 'nosuch'"
expect 0 p enterprise list --city 东阳市 --format csv
has "$TMP/out" "uscc,name,city,industry,legal_person,nonstandard_uscc"
has "$TMP/out" "91330783MA26K5770L,东阳市明辉新材料有限公司,东阳市,纺织,yes,no"
expect 0 p enterprise show 91330783MA26K5770L
has "$TMP/out" "东阳市明辉新材料有限公司"
# the city by name as in list, its code after it
grep -q "^city  *东阳市 (330783)$" "$TMP/out" || die "enterprise show: city not by name"

# loans: the same validation as a file (import.md §1 forms, both spellings)
expect 1 p loan add --bank 测试银行 --contract-no L1 --uscc 91330783MA26K5770L \
	--enterprise 东阳市明辉新材料有限公司 --principal 1234.567 --start-date 2023-02-29 \
	--maturity-date 2025-01-01 --ip-rights ZL202310123456.7
has "$TMP/err" "column 'principal': more precise than 1 fen"
has "$TMP/err" "column 'start-date': impossible date (value '2023-02-29')"
has "$TMP/err" "column 'ip-rights': wrong patent check digit"
[ "$(q 'SELECT count(*) FROM loans')" = 0 ] || die "refused loan written"
expect 0 p loan add --bank 测试银行 --contract_no L1 --uscc 91330783MA26K5770L \
	--enterprise 东阳市明辉新材料有限公司 --principal-wan １２．５ --start-date 2024年1月2日 \
	--maturity-date 20250101 --rate 3.45% --ip-rights "ZL202010566088.9；第12345678号" --ip-values "10;2.5"
has "$TMP/out" "added loan '测试银行/L1'"
# １２．５ 万元 = 125 000.00 yuan; values 10 and 2.5 in 元 (no unit on ip-values)
[ "$(q "SELECT principal_fen || ' ' || rate_ppm || ' ' || start_date FROM loans")" = "12500000 34500 2024-01-02" ] || die "loan values"
[ "$(q "SELECT group_concat(right_no || ':' || kind || ':' || value_fen, ' ') FROM (SELECT * FROM loan_rights ORDER BY seq)")" \
	= "ZL202010566088.9:patent:1000 12345678:trademark:250" ] || die "rights"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'insert' AND entity = 'loan' AND entity_key = '测试银行/L1'")" = 1 ] || die "loan audit"
expect 0 p loan settle 测试银行/L1 --date 2024-11-30 --interest-paid 3,200.00
has "$TMP/out" "settled loan '测试银行/L1'"
[ "$(q "SELECT settle_date || ' ' || interest_paid_fen FROM loans")" = "2024-11-30 320000" ] || die "settle"
[ "$(q "SELECT group_concat(field || ':' || ifnull(old_value, '') || '>' || new_value, ' ') FROM (SELECT * FROM audit_log WHERE action = 'update' AND entity = 'loan' ORDER BY id)")" \
	= "settle_date:>2024-11-30 interest_paid:>3200.00" ] || die "settle audit"
expect 1 p loan settle 测试银行/L1 --date 2023-12-31
has "$TMP/err" "before the start date"
expect 0 p loan list --year 2024 --format csv
has "$TMP/out" "测试银行,L1,91330783MA26K5770L,东阳市明辉新材料有限公司,125000.00,3.4500,2024-01-02,2025-01-01,2024-11-30,3200.00,ZL202010566088.9;12345678"
expect 0 p loan list --year 2023 --format csv
[ "$(wc -l <"$TMP/out")" = 1 ] || die "--year filter"
expect 0 p loan show 测试银行/L1
has "$TMP/out" "ZL202010566088.9 patent value 10.00"
# rules.md §7: settling into a finalized year is refused
sqlite3 "$DB" "INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES ('330783', 2024, 'finalized', 'x', '')"
expect 1 p loan settle 测试银行/L1 --date 2024-12-01
has "$TMP/err" "finalized subsidy run"

# policies
expect 0 p policy add --insurer 测试保险 --policy-no P1 --uscc 91330783MA26K5770L \
	--enterprise 东阳市明辉新材料有限公司 --premium ￥2,540.70 --paid-date 2025/4/12 \
	--insured-rights "zl202010566088.9" --coverage-wan 50
expect 0 p policy list --format csv --year 2025
has "$TMP/out" "测试保险,P1,91330783MA26K5770L,东阳市明辉新材料有限公司,,2540.70,2025-04-12,,,500000.00,ZL202010566088.9"
expect 0 p policy show 测试保险/P1
has "$TMP/out" "2540.70"
expect 1 p policy add --insurer 测试保险 --policy-no P1 --uscc 91330783MA26K5770L \
	--enterprise 东阳市明辉新材料有限公司 --premium 1 --paid-date 2025-01-01
has "$TMP/err" "recorded already"
