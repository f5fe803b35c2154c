# t_import_rows.sh — the row and column semantics of the import (issue 11):
# what a row means, what an absent column leaves alone, which files and
# repeats are refused (import.md §1–§5, rules.md §3).  Expected figures are
# worked out by hand in the comments.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }

expect 0 p init
expect 0 p import enterprises "$SHARED/examples/enterprises.csv"
U=91330783MA26K5770L       # 东阳市明辉新材料有限公司, 东阳市 (330783)
N=东阳市明辉新材料有限公司

# --- 1. import.md §2: a combined loan without its IP portion is recorded
# (not refused), with one warning naming it; its subsidy item is
# COMBINED_UNKNOWN (rules.md §3); a later file with the portion updates it
H='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),是否组合贷款,知识产权质押金额(元),执行年利率,放款日期,到期日期,结清日期,已付利息(元),质押知识产权'
printf '%s\n测试银行,C-001,%s,%s,1000000.00,是,,4.35%%,2024-01-01,2024-12-31,2024-12-31,43500.00,ZL202010566088.9\n' "$H" "$N" "$U" >"$TMP/c1.csv"
expect 0 p import loans "$TMP/c1.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/err" "c1.csv:2: column '知识产权质押金额(元)': combined loan '测试银行/C-001' has no IP portion"
has "$TMP/err" "COMBINED_UNKNOWN"
[ "$(grep -c "has no IP portion" "$TMP/err")" = 1 ] || die "not one warning per loan"
[ "$(q "SELECT combined || '/' || ifnull(ip_portion_fen, 'null') FROM loans WHERE contract_no = 'C-001'")" = "1/null" ] \
	|| die "combined loan without portion not recorded as such"
expect 0 p subsidy compute --city 东阳市 --year 2024
[ "$(q "SELECT reason || '/' || subsidy_fen FROM run_items WHERE item_key = '测试银行/C-001'")" = "COMBINED_UNKNOWN/0" ] \
	|| die "item not COMBINED_UNKNOWN: $(q "SELECT reason FROM run_items WHERE item_key = '测试银行/C-001'")"
# the financing targets count it with its full principal (targets.md:
# every recorded loan): 东阳市 2024 financing is 1 000 000.00
expect 0 p targets --city 东阳市 --year 2024 --format csv
has "$TMP/out" "东阳市,330783,financing,2024,"
grep "^东阳市,330783,financing,2024," "$TMP/out" | cut -d, -f6 | grep -qx "1000000.00" \
	|| die "targets do not count the combined loan: $(grep financing,2024 "$TMP/out")"
# a later file gives the portion: 600 000.00 元 = 60 000 000 fen
sed 's/,是,,/,是,600000.00,/' "$TMP/c1.csv" >"$TMP/c2.csv"
expect 0 p import loans "$TMP/c2.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated, 0 unchanged, 0 rejected"
grep -q "has no IP portion" "$TMP/err" && die "warned about a loan with its portion"
[ "$(q "SELECT ip_portion_fen FROM loans WHERE contract_no = 'C-001'")" = 60000000 ] || die "portion not updated"
# loan add --combined yes without --ip-portion is accepted the same way
expect 0 p loan add --bank 测试银行 --contract-no C-002 --uscc "$U" --enterprise "$N" \
	--principal 500000 --combined yes --start-date 2024-02-01 --maturity-date 2025-01-31 \
	--ip-rights ZL202010566088.9
has "$TMP/err" "combined loan '测试银行/C-002' has no IP portion"
[ "$(q "SELECT combined || '/' || ifnull(ip_portion_fen, 'null') FROM loans WHERE contract_no = 'C-002'")" = "1/null" ] \
	|| die "loan add: combined without portion"

# --- 2. import.md §3: ip_kind never overrides a form that tells; the
# 8-digit number is a trademark, only 2020SR3295694 takes 著作权
H2='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押物类型,质押知识产权'
printf '%s\n测试银行,K-001,%s,%s,100.00,2024-01-01,2024-12-31,著作权,"29976271;2020SR3295694"\n' "$H2" "$N" "$U" >"$TMP/k.csv"
expect 0 p import loans "$TMP/k.csv"
[ "$(q "SELECT group_concat(kind || ':' || right_no, ' ') FROM (SELECT r.kind, r.right_no FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'K-001' ORDER BY r.seq)")" \
	= "trademark:29976271 copyright:2020SR3295694" ] || die "ip_kind overrode a trademark's form"

# --- 6. the same right written three ways is one right, with a warning;
# values follow the cell (the repeat carries the same value)
H6='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权,评估价值(元)'
printf '%s\n测试银行,R-001,%s,%s,100.00,2024-01-01,2024-12-31,"ZL202010566088.9;202010566088.9;CN202010566088.9;29976271","5;5;5;7"\n' "$H6" "$N" "$U" >"$TMP/r.csv"
expect 0 p import loans "$TMP/r.csv"
has "$TMP/err" "r.csv:2: column '质押知识产权': right ZL202010566088.9 is listed more than once; it is one right (value '202010566088.9')"
[ "$(q "SELECT group_concat(right_no || '=' || value_fen, ' ') FROM (SELECT r.right_no, r.value_fen FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'R-001' ORDER BY r.seq)")" \
	= "ZL202010566088.9=500 29976271=700" ] || die "repeated right stored twice: $(q "SELECT count(*) FROM loan_rights r JOIN loans l ON l.id = r.loan_id WHERE l.contract_no = 'R-001'")"
# two different values for one right are refused
printf '%s\n测试银行,R-002,%s,%s,100.00,2024-01-01,2024-12-31,"ZL202010566088.9;CN202010566088.9","5;6"\n' "$H6" "$N" "$U" >"$TMP/r2.csv"
expect 1 p import loans "$TMP/r2.csv"
has "$TMP/err" "listed more than once with different values"

# --- 3. import.md §1: a file without an optional column leaves those
# fields as recorded; a present column with an empty cell clears its field
# (an update, audited)
H3='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),执行年利率,放款日期,到期日期,结清日期,是否逾期,已付利息(元),质押登记号,质押登记日期,授信额度(元),质押知识产权,评估价值(元)'
printf '%s\n测试银行,M-001,%s,%s,200000.00,3.5%%,2023-03-01,2024-02-29,2024-02-20,否,6800.00,DJ-9,2023-02-28,300000.00,ZL202010566088.9,90000.00\n' "$H3" "$N" "$U" >"$TMP/m1.csv"
expect 0 p import loans "$TMP/m1.csv"
mq() { q "SELECT rate_ppm || '|' || ifnull(settle_date, '') || '|' || interest_paid_fen || '|' || registration_no || '|' || registration_date || '|' || credit_line_fen || '|' || (SELECT value_fen FROM loan_rights r WHERE r.loan_id = l.id) FROM loans l WHERE contract_no = 'M-001'"; }
M1="35000|2024-02-20|680000|DJ-9|2023-02-28|30000000|9000000"
[ "$(mq)" = "$M1" ] || die "m1: $(mq)"
# the bank's list of new loans: only the required columns
H4='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权'
printf '%s\n测试银行,M-001,%s,%s,200000.00,2023-03-01,2024-02-29,ZL202010566088.9\n' "$H4" "$N" "$U" >"$TMP/m2.csv"
expect 0 p import loans "$TMP/m2.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(mq)" = "$M1" ] || die "an absent column wiped data: $(mq)"
# a present column with an empty cell clears the field: 1 update, audited
printf '%s\n测试银行,M-001,%s,%s,200000.00,2023-03-01,2024-02-29,,ZL202010566088.9\n' \
	"$(echo "$H4" | sed 's/到期日期/到期日期,结清日期/')" "$N" "$U" >"$TMP/m3.csv"
expect 0 p import loans "$TMP/m3.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated, 0 unchanged, 0 rejected"
has "$TMP/err" "m3.csv:2: column '结清日期': loan '测试银行/M-001': settle_date is cleared by an empty cell (it was the value shown) (value '2024-02-20')"
[ "$(mq)" = "35000||680000|DJ-9|2023-02-28|30000000|9000000" ] || die "empty cell did not clear: $(mq)"
[ "$(q "SELECT old_value || '>' || ifnull(new_value, '') FROM audit_log WHERE entity = 'loan' AND entity_key = '测试银行/M-001' AND field = 'settle_date'")" = "2024-02-20>" ] \
	|| die "clearing not audited"
# enterprises: a file without 是否独立法人 or 所属行业 keeps them
printf '统一社会信用代码,企业名称,所属地区,是否独立法人\n%s,%s,东阳市,否\n' "$U" "$N" >"$TMP/e1.csv"
expect 0 p import enterprises "$TMP/e1.csv"
[ "$(q "SELECT legal_person || industry FROM enterprises WHERE uscc = '$U'")" = "0纺织" ] || die "e1"
printf '统一社会信用代码,企业名称,所属地区\n%s,%s,东阳市\n' "$U" "$N" >"$TMP/e2.csv"
expect 0 p import enterprises "$TMP/e2.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(q "SELECT legal_person || industry FROM enterprises WHERE uscc = '$U'")" = "0纺织" ] \
	|| die "an enterprises file without 是否独立法人 reset it"
# policies: a file without 保险金额 keeps the coverage
HP='保险公司,保单号,统一社会信用代码,企业名称,保费(元),保费缴纳日期,保险金额(元)'
printf '%s\n测试保险,P-001,%s,%s,3000.00,2024-03-01,500000.00\n' "$HP" "$U" "$N" >"$TMP/p1.csv"
expect 0 p import policies "$TMP/p1.csv"
printf '保险公司,保单号,统一社会信用代码,企业名称,保费(元),保费缴纳日期\n测试保险,P-001,%s,%s,3000.00,2024-03-01\n' "$U" "$N" >"$TMP/p2.csv"
expect 0 p import policies "$TMP/p2.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(q "SELECT coverage_fen FROM policies WHERE policy_no = 'P-001'")" = 50000000 ] || die "coverage wiped"
true

# --- 7. import.md §4: undo of an older batch is refused for every kind
# when a newer batch changed the same row (the newer figure would be lost)
printf '统一社会信用代码,年度,地方综合贡献额(元)\n%s,2031,100.00\n' "$U" >"$TMP/cb1.csv"
printf '统一社会信用代码,年度,地方综合贡献额(元)\n%s,2031,200.00\n' "$U" >"$TMP/cb2.csv"
expect 0 p import contributions "$TMP/cb1.csv"
b1=$(q "SELECT max(id) FROM import_batches")
expect 0 p import contributions "$TMP/cb2.csv"
b2=$(q "SELECT max(id) FROM import_batches")
expect 1 p import undo "$b1"
has "$TMP/err" "import batch $b1 cannot be undone: contribution '$U/2031' was changed or used afterwards; undo that first"
[ "$(q "SELECT contribution_fen FROM contributions WHERE uscc = '$U' AND year = 2031")" = 20000 ] || die "newer contribution lost"
expect 0 p import undo "$b2"
expect 0 p import undo "$b1"
[ "$(q "SELECT count(*) FROM contributions WHERE uscc = '$U' AND year = 2031")" = 0 ] || die "undo order"
# bars
printf '统一社会信用代码,年度,原因\n%s,2031,甲\n' "$U" >"$TMP/bb1.csv"
printf '统一社会信用代码,年度,原因\n%s,2031,乙\n' "$U" >"$TMP/bb2.csv"
expect 0 p import bars "$TMP/bb1.csv"
b1=$(q "SELECT max(id) FROM import_batches")
expect 0 p import bars "$TMP/bb2.csv"
expect 1 p import undo "$b1"
has "$TMP/err" "bar '$U/2031' was changed or used afterwards"
# rates: a fixing a batch inserted and a later batch changed
printf 'kind,effective_date,rate\nLPR1Y,2031-01-20,3.1%%\n' >"$TMP/rt1.csv"
printf 'kind,effective_date,rate\nLPR1Y,2031-01-20,3.2%%\n' >"$TMP/rt2.csv"
expect 0 p import rates "$TMP/rt1.csv"
b1=$(q "SELECT max(id) FROM import_batches")
expect 0 p import rates "$TMP/rt2.csv"
expect 1 p import undo "$b1"
has "$TMP/err" "rate 'LPR1Y/2031-01-20' was changed or used afterwards"
[ "$(q "SELECT rate_ppm FROM rates WHERE kind = 'LPR1Y' AND effective_date = '2031-01-20'")" = 32000 ] || die "newer rate lost"
# targets: inserted by one batch, changed by the next
printf '地区,指标,期间,目标（亿元）\n东阳市,financing,2041,2\n' >"$TMP/tt1.csv"
printf '地区,指标,期间,目标（亿元）\n东阳市,financing,2041,3\n' >"$TMP/tt2.csv"
expect 0 p import targets "$TMP/tt1.csv"
b1=$(q "SELECT max(id) FROM import_batches")
expect 0 p import targets "$TMP/tt2.csv"
expect 1 p import undo "$b1"
has "$TMP/err" "target '330783/financing/2041-2041' was changed or used afterwards"

# --- 8. a --map unit that conflicts with the header's own unit is an error
printf 'principal_wan = 本金\n' >"$TMP/map.txt"
printf '贷款银行,借款合同编号,借款企业,统一社会信用代码,本金(元),放款日期,到期日期,质押知识产权\n测试银行,MP-1,%s,%s,100.00,2024-01-01,2024-12-31,ZL202010566088.9\n' "$N" "$U" >"$TMP/mp.csv"
expect 1 p import loans "$TMP/mp.csv" --map "$TMP/map.txt"
has "$TMP/err" "mp.csv:1: column '本金(元)': the --map file says principal_wan but the header states 元"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'MP-1'")" = 0 ] || die "map conflict written"
# the same unit, or no unit in the header, is fine: 100 万元 = 100 000 000 fen
sed 's/本金(元)/本金/' "$TMP/mp.csv" >"$TMP/mp2.csv"
expect 0 p import loans "$TMP/mp2.csv" --map "$TMP/map.txt"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'MP-1'")" = 100000000 ] || die "map unit"

# --- 13. 序号 is recognised and ignored without the unknown-column warning
printf '序号,贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权,备注\n1,测试银行,SN-1,%s,%s,100.00,2024-01-01,2024-12-31,ZL202010566088.9,x\n' "$N" "$U" >"$TMP/sn.csv"
expect 0 p import loans "$TMP/sn.csv"
has "$TMP/err" "ignoring columns pledger does not know: '备注'"
grep -q "序号" "$TMP/err" && die "序号 named as unknown"
true

# --- 10. import.md §5: Excel's scientific notation in an identifier
# column is refused at its cell, with the way out
printf '贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权,质押登记号\n测试银行,2.02103E+11,%s,%s,100.00,2024-01-01,2024-12-31,ZL202010566088.9,2.02033E+14\n' "$N" "$U" >"$TMP/sci.csv"
expect 1 p import loans "$TMP/sci.csv"
has "$TMP/err" "sci.csv:2: column '借款合同编号': Excel's scientific notation, not the number: format the column as text in Excel and export the file again (value '2.02103E+11')"
has "$TMP/err" "sci.csv:2: column '质押登记号': Excel's scientific notation"
printf '保险公司,保单号,统一社会信用代码,企业名称,保费(元),保费缴纳日期\n测试保险,6.1E+17,9.13307E+17,%s,3000.00,2024-03-01\n' "$N" >"$TMP/sci2.csv"
expect 1 p import policies "$TMP/sci2.csv"
has "$TMP/err" "sci2.csv:2: column '保单号': Excel's scientific notation"
has "$TMP/err" "sci2.csv:2: column '统一社会信用代码': Excel's scientific notation"
# a contract number with an E but no exponent sign is a contract number
sed 's/2.02103E+11/2021E001/; s/,2.02033E+14$/,DJ-2021/' "$TMP/sci.csv" >"$TMP/sci3.csv"
expect 0 p import loans "$TMP/sci3.csv" --dry-run

# --- 5. the same key twice in one file, every kind: other values are an
# error (nothing written), an identical repeat a warning
printf '统一社会信用代码,年度,地方综合贡献额(元)\n%s,2032,100.00\n%s,2032,300.00\n' "$U" "$U" >"$TMP/d1.csv"
expect 1 p import contributions "$TMP/d1.csv"
has "$TMP/err" "d1.csv:3: column '年度': contribution '$U/2032' appears earlier in this file with other values (value '2032')"
[ "$(q "SELECT count(*) FROM contributions WHERE year = 2032")" = 0 ] || die "d1 written"
printf '统一社会信用代码,年度,地方综合贡献额(元)\n%s,2032,100.00\n%s,2032年,100\n' "$U" "$U" >"$TMP/d2.csv"
expect 0 p import contributions "$TMP/d2.csv"
has "$TMP/err" "d2.csv:3: column '年度': contribution '$U/2032' appears again in this file"
has "$TMP/out" "2 rows, 1 new, 0 updated, 1 unchanged, 0 rejected"
printf '统一社会信用代码,年度,原因\n%s,2032,甲\n%s,2032,乙\n' "$U" "$U" >"$TMP/d3.csv"
expect 1 p import bars "$TMP/d3.csv"
has "$TMP/err" "d3.csv:3: column '年度': bar '$U/2032' appears earlier in this file with other values"
printf 'kind,effective_date,rate\nLPR5Y,2032-01-20,3.1%%\nLPR5Y,2032/1/20,3.3%%\n' >"$TMP/d4.csv"
expect 1 p import rates "$TMP/d4.csv"
has "$TMP/err" "d4.csv:3: column 'effective_date': rate 'LPR5Y/2032-01-20' appears earlier in this file with other values"
printf '地区,指标,期间,目标（亿元）\n东阳市,financing,2042,2\n东阳市,financing,2042年,2.5\n' >"$TMP/d5.csv"
expect 1 p import targets "$TMP/d5.csv"
has "$TMP/err" "d5.csv:3: column '期间': target '330783/financing/2042-2042' appears earlier in this file with other values"
[ "$(q "SELECT count(*) FROM targets WHERE year_from = 2042")" = 0 ] || die "d5 written"
true

# --- 4. the wrong kind of file is refused when its header is another
# kind's, naming that kind; nothing is written
cp "$DB" "$TMP/before.db"
expect 1 p import bars "$SHARED/examples/contributions.csv"
has "$TMP/err" "contributions.csv:1: this header is a file of contributions, not of bars: import it with 'pledger import contributions'"
expect 1 p import enterprises "$TMP/m1.csv"
has "$TMP/err" "m1.csv:1: this header is a file of loans, not of enterprises"
# a bank's file whose 企业名称 and 地区 fit the enterprises header too
expect 1 p import enterprises "$SHARED/examples/loans/bank02_B.csv"
has "$TMP/err" "bank02_B.csv:1: this header is a file of loans, not of enterprises"
expect 1 p import contributions "$SHARED/examples/enterprises.csv"
has "$TMP/err" "this header is a file of enterprises, not of contributions"
expect 1 p import loans "$TMP/rt1.csv"
has "$TMP/err" "this header is a file of rates, not of loans"
cmp -s "$DB" "$TMP/before.db" || die "a file of another kind was written"
# a bars file needs its reason: the column, and a value in each row
printf '统一社会信用代码,企业名称,年度\n%s,%s,2033\n' "$U" "$N" >"$TMP/nb.csv"
expect 1 p import bars "$TMP/nb.csv"
has "$TMP/err" "required column 'reason' is missing"
printf '统一社会信用代码,年度,原因\n%s,2033,\n' "$U" >"$TMP/nb2.csv"
expect 1 p import bars "$TMP/nb2.csv"
has "$TMP/err" "nb2.csv:2: column '原因': no value given; 'reason' is required"
true

# --- 12. import.md §5: a file refused for row errors says what would have
# happened, never "A new"
printf '统一社会信用代码,年度,地方综合贡献额(元)\n%s,2034,100.00\n%s,2034,-1\n91330783MA2MUARF6E,2035,5\n' "$U" "$U" >"$TMP/wb.csv"
expect 1 p import contributions "$TMP/wb.csv"
has "$TMP/out" "wb.csv: 3 rows, nothing written; would be: 1 new, 0 updated, 0 unchanged, 2 rejected"
grep -q "rows, 1 new" "$TMP/out" && die "a refused file said '1 new'"
true

# --- 9. import.md §5: 万元 on some amount columns beside unit-less ones is
# refused unless --unit says what the unit-less ones are; 元 beside
# unit-less ones is consistent
HU='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额（万元）,是否组合贷款,知识产权质押金额,放款日期,到期日期,质押知识产权'
printf '%s\n测试银行,UN-1,%s,%s,500,是,3000000,2024-01-01,2024-12-31,ZL202010566088.9\n' "$HU" "$N" "$U" >"$TMP/un.csv"
expect 1 p import loans "$TMP/un.csv"
has "$TMP/err" "un.csv:1: the amount columns '贷款金额（万元）' state 万元 but '知识产权质押金额' name no unit: give --unit wan if those are in 万元, --unit yuan if in 元"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'UN-1'")" = 0 ] || die "un written"
# --unit yuan: 500 万元 = 500 000 000 fen principal, 3 000 000 元 = 300 000 000 fen portion
expect 0 p import loans "$TMP/un.csv" --unit yuan
[ "$(q "SELECT principal_fen || '/' || ip_portion_fen FROM loans WHERE contract_no = 'UN-1'")" = "500000000/300000000" ] \
	|| die "--unit yuan: $(q "SELECT principal_fen || '/' || ip_portion_fen FROM loans WHERE contract_no = 'UN-1'")"
# English principal_yuan beside ip_portion: accepted, both in 元 (1 000.00 / 600.00)
printf 'bank,contract_no,enterprise,uscc,principal_yuan,combined,ip_portion,start_date,maturity_date,ip_rights\n测试银行,UN-2,%s,%s,1000,yes,600,2024-01-01,2024-12-31,ZL202010566088.9\n' "$N" "$U" >"$TMP/un2.csv"
expect 0 p import loans "$TMP/un2.csv"
[ "$(q "SELECT principal_fen || '/' || ip_portion_fen FROM loans WHERE contract_no = 'UN-2'")" = "100000/60000" ] || die "un2"
true

# --- 11. import.md §5: the file's own 合计 row that disagrees with its rows
# is refused at the total's line, naming the column and both sums; one
# that agrees is skipped (compared in fen: 1.5 万元 + 2 万元 = 35 000.00 元)
HT='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额（万元）,放款日期,到期日期,质押知识产权,授信额度(元)'
RT1="测试银行,TT-1,$N,$U,1.5,2024-01-01,2024-12-31,ZL202010566088.9,100"
RT2="测试银行,TT-2,$N,$U,2,2024-01-01,2024-12-31,ZL202010566088.9,"
printf '%s\n%s\n%s\n合计,,,,3.5,,,,100.00\n' "$HT" "$RT1" "$RT2" >"$TMP/tot1.csv"
expect 0 p import loans "$TMP/tot1.csv" --dry-run
has "$TMP/out" "2 rows, 2 new, 0 updated, 0 unchanged, 0 rejected"
printf '%s\n%s\n%s\n合计,,,,4.5,,,,100.00\n' "$HT" "$RT1" "$RT2" >"$TMP/tot2.csv"
expect 1 p import loans "$TMP/tot2.csv"
has "$TMP/err" "tot2.csv:4: column '贷款金额（万元）': the total row states 45,000.00 元 but the rows above sum to 35,000.00 元 (a row lost in copying, or units mixed) (value '4.5')"
grep -q "授信额度" "$TMP/err" && die "a matching column was named"
has "$TMP/out" "tot2.csv: 2 rows, nothing written; would be: 2 new, 0 updated, 0 unchanged, 0 rejected"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no LIKE 'TT-%'")" = 0 ] || die "tot2 written"
# a total labelled in 元 is compared in 元: 35 000.00 元 agrees
printf '%s\n%s\n%s\n合计（元）,,,,35000,,,,\n' "$HT" "$RT1" "$RT2" >"$TMP/tot3.csv"
expect 0 p import loans "$TMP/tot3.csv" --dry-run
true

# --- 14. import.md §1: dates of loans, policies and registrations before
# 1990-01-01 or after 2099-12-31 are errors at their cell, at import and
# at manual entry; the bounds themselves are accepted
printf '%s\n测试银行,DT-1,%s,%s,100.00,,1023-05-10,2024-12-31,,,,,,,ZL202010566088.9,\n测试银行,DT-2,%s,%s,100.00,,1990-01-01,2099-12-31,,,,,2100-01-01,,ZL202010566088.9,\n' \
	"$H3" "$N" "$U" "$N" "$U" >"$TMP/dt.csv"
expect 1 p import loans "$TMP/dt.csv"
has "$TMP/err" "dt.csv:2: column '放款日期': implausible date: before 1990-01-01 or after 2099-12-31 (a typing mistake?) (value '1023-05-10')"
has "$TMP/err" "dt.csv:3: column '质押登记日期': implausible date"
[ "$(grep -c implausible "$TMP/err")" = 2 ] || die "the bounds 1990-01-01 and 2099-12-31 were refused"
printf '保险公司,保单号,统一社会信用代码,企业名称,保费(元),保费缴纳日期\n测试保险,DT-P,%s,%s,3000.00,1989-12-31\n' "$U" "$N" >"$TMP/dtp.csv"
expect 1 p import policies "$TMP/dtp.csv"
has "$TMP/err" "dtp.csv:2: column '保费缴纳日期': implausible date"
expect 1 p loan add --bank 测试银行 --contract-no DT-3 --uscc "$U" --enterprise "$N" \
	--principal 100 --start-date 2024-01-01 --maturity-date 2224-01-01 --ip-rights ZL202010566088.9
has "$TMP/err" "column 'maturity-date': implausible date"
expect 1 p loan settle 测试银行/C-002 --date 2224-01-01
has "$TMP/err" "column 'date': implausible date: before 1990-01-01 or after 2099-12-31 (a typing mistake?) (value '2224-01-01')"
true
