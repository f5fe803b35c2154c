# t_import_edges.sh — regressions found by the import conformance audit
# (import.md §1–§4).
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }

expect 0 p init
expect 0 p import enterprises "$EXAMPLES/enterprises.csv"

# import.md §2: re-importing is idempotent, also once a finalized subsidy
# run uses the loan (rules.md §7 refuses only a changed row).  The lock
# trigger fires BEFORE INSERT, ahead of ON CONFLICT DO NOTHING.
H='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,结清日期,质押知识产权'
printf '%s\n测试银行,L-001,东阳市明辉新材料有限公司,91330783MA26K5770L,100.00,2024-01-01,2024-12-31,2024-06-30,ZL202010566088.9\n' "$H" >"$TMP/l.csv"
expect 0 p import loans "$TMP/l.csv"
sqlite3 "$DB" "INSERT INTO subsidy_runs (city, year, status, computed_at, scheme) VALUES ('330783', 2024, 'finalized', '2025-01-10T00:00:00', '')"
cp "$DB" "$TMP/locked.db"
expect 0 p import loans "$TMP/l.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
# a changed row is still refused, and nothing is written
printf '%s\n测试银行,L-001,东阳市明辉新材料有限公司,91330783MA26K5770L,200.00,2024-01-01,2024-12-31,2024-06-30,ZL202010566088.9\n' "$H" >"$TMP/l2.csv"
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/l2.csv"
has "$TMP/err" "l2.csv:2: "
has "$TMP/err" "finalized subsidy run"
cmp -s "$DB" "$TMP/before.db" || die "a refused change was written"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'L-001'")" = 10000 ] || die "principal changed"
# a new loan settled in the finalized year is refused too
printf '%s\n测试银行,L-002,东阳市明辉新材料有限公司,91330783MA26K5770L,100.00,2024-01-01,2024-12-31,2024-06-30,ZL202010566088.9\n' "$H" >"$TMP/l3.csv"
expect 1 p import loans "$TMP/l3.csv"
has "$TMP/err" "finalized subsidy run"
cmp -s "$DB" "$TMP/before.db" || die "a refused insert was written"

# import.md §1: --encoding utf-8 forces UTF-8; bytes that are not UTF-8
# (here a GB18030 name) are refused, not stored as they are
printf 'bank,contract_no,uscc,enterprise,city,principal,start_date,maturity_date,ip_rights\nB,E-1,91350200776049653A,' >"$TMP/enc.csv"
printf '\320\302\271\253\313\276' >>"$TMP/enc.csv"   # 新公司 in GB18030
printf ',330783,100,2024-01-01,2024-12-31,ZL202010566088.9\n' >>"$TMP/enc.csv"
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/enc.csv" --encoding utf-8
# the 4th field, from byte 26 (25 bytes of "B,E-1,<USCC>," before it),
# named by its header text (import.md §4)
has "$TMP/err" "enc.csv:2: column 'enterprise': not valid UTF-8 text at byte 26 of the line (try --encoding gb18030 or auto) (value '\xD0\xC2\xB9\xAB\xCB\xBE')"
cmp -s "$DB" "$TMP/before.db" || die "a refused file was written"
# auto reads the same file as GB18030
expect 0 p import loans "$TMP/enc.csv"
[ "$(q "SELECT name FROM enterprises WHERE uscc = '91350200776049653A'")" = 新公司 ] || die "GB18030 name"

# import.md §4: undo of a rates batch that updated a fixing restores it and
# counts it (LPR1Y 2025-05-20 is 3.00 % = 30000 ppm in the seed data)
printf 'kind,effective_date,rate\nLPR1Y,2025-05-20,3.1%%\n' >"$TMP/r.csv"
expect 0 p import rates "$TMP/r.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated"
rb=$(q "SELECT max(id) FROM import_batches")
expect 0 p import undo "$rb"
has "$TMP/out" "batch $rb undone: 1 rows removed or restored"
[ "$(q "SELECT rate_ppm FROM rates WHERE kind = 'LPR1Y' AND effective_date = '2025-05-20'")" = 30000 ] \
	|| die "rate not restored"

# import.md §1: a total row whose first non-empty cell is 合计 or 总计 is
# skipped also when written "合计：" or "合计（万元）"; a name that merely
# begins with 总计 is a data row
H2='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权'
R2='测试银行,T-001,东阳市明辉新材料有限公司,91330783MA26K5770L,100.00,2024-01-01,2024-12-31,ZL202010566088.9'
printf '%s\n%s\n合计：,,,,100.00,,,\n' "$H2" "$R2" >"$TMP/t1.csv"
expect 0 p import loans "$TMP/t1.csv" --dry-run
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
printf '%s\n%s\n,合计（万元）,,,0.01,,,\n' "$H2" "$R2" >"$TMP/t2.csv"
expect 0 p import loans "$TMP/t2.csv" --dry-run
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
printf '%s\n%s\n总计划银行,,,,100.00,,,\n' "$H2" "$R2" >"$TMP/t3.csv"
expect 1 p import loans "$TMP/t3.csv" --dry-run
has "$TMP/out" "2 rows, nothing written; would be: 1 new, 0 updated, 0 unchanged, 1 rejected"

# import.md §5: a note line above the header says 单位：万元 over an amount
# column without a unit: refused at the note's line, naming the column (a
# 10 000× mistake otherwise), unless --unit says what it is
H3='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额,放款日期,到期日期,质押知识产权'
R3='测试银行,W-001,东阳市明辉新材料有限公司,91330783MA26K5770L,100,2024-01-01,2024-12-31,ZL202010566088.9'
printf '贷款台账\n单位：万元\n%s\n%s\n' "$H3" "$R3" >"$TMP/w1.csv"
expect 1 p import loans "$TMP/w1.csv" --dry-run
has "$TMP/err" "w1.csv:2: this line says 万元 but the amount columns '贷款金额' name no unit: give --unit wan if they are in 万元, --unit yuan if in 元"
# with --unit wan: no warning, and 100 万元 is 1 000 000.00 元 = 100 000 000 fen
expect 0 p import loans "$TMP/w1.csv" --unit wan
grep -q "万元" "$TMP/err" && die "warned although --unit was given"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'W-001'")" = 100000000 ] \
	|| die "100 万元 not stored as 100000000 fen"
# a header that names its unit needs no warning
printf '单位：万元\n%s\n%s\n' "$(echo "$H3" | sed 's/贷款金额/贷款金额（万元）/')" \
	"$(echo "$R3" | sed 's/W-001/W-002/')" >"$TMP/w2.csv"
expect 0 p import loans "$TMP/w2.csv" --dry-run
grep -q "万元 but" "$TMP/err" && die "warned although the header names 万元"
true

# import.md §2/§4: a new enterprise without a city is an error at the city
# column, quoting that (empty) cell, not the USCC
printf '%s\n%s\n' "$(echo "$H3" | sed 's/贷款金额/所在县市区,贷款金额/')" \
	'测试银行,N-001,新来的有限公司,91330783MA2AUD000P,,100,2024-01-01,2024-12-31,ZL202010566088.9' \
	>"$TMP/nc.csv"
expect 1 p import loans "$TMP/nc.csv"
has "$TMP/err" "nc.csv:2: column '所在县市区': enterprise 91330783MA2AUD000P is not registered; a city is needed to create it (value '')"
true

# targets: a new source alone is an update (audited, undone); a target and
# its source changed together undo as one row
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,financing,2033,2,甲文件\n' >"$TMP/tg1.csv"
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,financing,2033,2,乙文件\n' >"$TMP/tg2.csv"
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,financing,2033,3,丙文件\n' >"$TMP/tg3.csv"
tq() { q "SELECT target_fen || '/' || source FROM targets WHERE city = '330783' AND metric = 'financing' AND year_from = 2033"; }
expect 0 p import targets "$TMP/tg1.csv"
expect 0 p import targets "$TMP/tg2.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated, 0 unchanged, 0 rejected"
[ "$(tq)" = "20000000000/乙文件" ] || die "source update: $(tq)"
b2=$(q "SELECT max(id) FROM import_batches")
expect 0 p import targets "$TMP/tg3.csv"
b3=$(q "SELECT max(id) FROM import_batches")
[ "$(tq)" = "30000000000/丙文件" ] || die "target and source update: $(tq)"
expect 0 p import undo "$b3"
has "$TMP/out" "batch $b3 undone: 1 rows removed or restored"
[ "$(tq)" = "20000000000/乙文件" ] || die "undo of target and source: $(tq)"
expect 0 p import undo "$b2"
[ "$(tq)" = "20000000000/甲文件" ] || die "undo of a source update: $(tq)"
true

# import.md §1 "precision is judged by value" in a 亿元 targets column:
# 1.23456789 亿元 = 123 456 789.00 yuan = 12 345 678 900 fen; an 11th
# decimal is below 1 fen (1 亿元 = 10^10 fen)
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,registered,2034,1.23456789,精度\n' >"$TMP/yi1.csv"
expect 0 p import targets "$TMP/yi1.csv"
[ "$(q "SELECT target_fen FROM targets WHERE city = '330783' AND metric = 'registered' AND year_from = 2034")" = 12345678900 ] \
	|| die "1.23456789 亿元 not 12345678900 fen"
printf '地区,指标,期间,目标（亿元）,来源\n东阳市,registered,2035,0.00000000001,精度\n' >"$TMP/yi2.csv"
expect 1 p import targets "$TMP/yi2.csv"
has "$TMP/err" "yi2.csv:2: column '目标（亿元）': more precise than 1 fen in 亿元 (value '0.00000000001')"
true

k=0
# import.md §1 units in brackets, as offices write them: （单位：万元）,
# (人民币万元), 【万元】 all name 万元: 5 万元 = 50 000.00 yuan = 5 000 000 fen;
# an unknown unit in any bracket is still refused
for h in '贷款金额（单位：万元）' '贷款金额(人民币万元)' '贷款金额【万元】' '贷款金额[万元]'; do
	k=$((k + 1))
	printf '%s\n%s\n' "$(echo "$H3" | sed "s/贷款金额/$h/")" \
		"测试银行,U-00$k,东阳市明辉新材料有限公司,91330783MA26K5770L,5,2024-01-01,2024-12-31,ZL202010566088.9" \
		>"$TMP/u$k.csv"
	expect 0 p import loans "$TMP/u$k.csv"
	[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'U-00$k'")" = 5000000 ] \
		|| die "header '$h': 5 万元 not 5000000 fen"
done
printf '%s\n%s\n' "$(echo "$H3" | sed 's/贷款金额/贷款金额【美元】/')" \
	'测试银行,U-009,东阳市明辉新材料有限公司,91330783MA26K5770L,5,2024-01-01,2024-12-31,ZL202010566088.9' \
	>"$TMP/u9.csv"
expect 1 p import loans "$TMP/u9.csv"
has "$TMP/err" "column '贷款金额【美元】': unknown unit in the header: 元, 万元 or 亿元"
true

# signature lines under the total row (制表人：… 审核人：…) are skipped with a
# warning that quotes them; a row after the total row that could be data
# is still read as data (here: an error, so nothing is written)
printf '%s\n%s\n合计,,,,100.00,,,\n制表人：张三,,审核人：李四,,,,,\n填报日期：2024年12月31日,,,,,,,\n' "$H2" \
	"$(echo "$R2" | sed 's/T-001/F-001/')" >"$TMP/ft1.csv"
expect 0 p import loans "$TMP/ft1.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/err" "ft1.csv:4: skipping a line after the total row: '制表人：张三 审核人：李四'"
has "$TMP/err" "ft1.csv:5: skipping a line after the total row: '填报日期：2024年12月31日'"
printf '%s\n%s\n合计,,,,100.00,,,\n测试银行,F-003,东阳市明辉新材料有限公司,,100.00,2024-01-01,2024-12-31,\n' "$H2" \
	"$(echo "$R2" | sed 's/T-001/F-002/')" >"$TMP/ft2.csv"
expect 1 p import loans "$TMP/ft2.csv"
has "$TMP/err" "ft2.csv:4: column '统一社会信用代码'"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no IN ('F-002', 'F-003')")" = 0 ] || die "ft2 written"
true

# a bank's sheet often ends with its signature line and no 合计 row: a line
# whose every filled cell is a signature label with its colon is skipped
# with a warning; a line with any other cell (备注：…) is still data
printf '%s\n%s\n制表人：王敏,,审核人：陈立,,联系电话：0579-1234567,,,\n' "$H2" \
	"$(echo "$R2" | sed 's/T-001/S-001/')" >"$TMP/sg1.csv"
expect 0 p import loans "$TMP/sg1.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/err" "sg1.csv:3: skipping a signature line: '制表人：王敏 审核人：陈立 联系电话：0579-1234567'"
printf '%s\n%s\n制表人：王敏,,备注：见附件,,,,,\n' "$H2" \
	"$(echo "$R2" | sed 's/T-001/S-002/')" >"$TMP/sg2.csv"
expect 1 p import loans "$TMP/sg2.csv"
has "$TMP/err" "sg2.csv:3: column"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'S-002'")" = 0 ] || die "sg2 written"
true

# a targets file without a source column changes no source: the seeded
# 东阳 2025 target (13 亿元, init) keeps the document it cites, unchanged
src0=$(q "SELECT source FROM targets WHERE city = '330783' AND metric = 'financing' AND year_from = 2025 AND year_to = 2025")
[ -n "$src0" ] || die "no seeded source for 东阳 2025"
printf '地区,指标,期间,目标（亿元）\n东阳市,financing,2025,13\n' >"$TMP/tg0.csv"
expect 0 p import targets "$TMP/tg0.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(q "SELECT source FROM targets WHERE city = '330783' AND metric = 'financing' AND year_from = 2025 AND year_to = 2025")" = "$src0" ] \
	|| die "the seeded source was lost"
true
