# t_banks.sh — import.md §5: the register of banks (`bank list`, `bank
# alias`), a new loan recorded under another bank refused as a probable
# duplicate, a new bank named in the summary; enterprises created from
# loan rows listed in the summary and by `enterprise list --unregistered`
# until an enterprises file or `enterprise add` confirms them.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
E1=91330382215838150L; N1=乐清市科伟安信息技术有限公司
# not in the shared enterprises.csv (check character computed by GB 32100)
E9=91330783MA2XKE701W; N9=东阳市测试科技有限公司
LH='bank,contract_no,uscc,enterprise,city,principal_yuan,start_date,maturity_date,ip_rights'
loans() { f=$1; shift; { echo "$LH"; for r in "$@"; do echo "$r"; done; } >"$TMP/$f"; }

expect 0 p init
expect 0 p import enterprises "$SHARED/examples/enterprises.csv"
grep -qF "$E9" "$SHARED/examples/enterprises.csv" && die "fixture: $E9 is registered"

# --- enterprises created from loan rows
loans a.csv "甲银行,HT-1,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL202010566088.9" \
	"甲银行,HT-2,$E9,$N9,东阳市,100000,2023-03-01,2024-03-01,ZL201510958772.0"
expect 0 p import loans "$TMP/a.csv"
has "$TMP/out" "a.csv: 2 rows, 2 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/out" "new enterprise not in the register: $E9 $N9"
grep -qF "register: $E1" "$TMP/out" && die "a registered enterprise listed as new"
expect 0 p enterprise list --unregistered --format csv
[ "$(cat "$TMP/out")" = "uscc,name,city,industry,legal_person,nonstandard_uscc
$E9,$N9,东阳市,,yes,no" ] || { cat "$TMP/out"; die "enterprise list --unregistered"; }
# `enterprise add` confirms it (it refuses a registered one as before)
expect 1 p enterprise add --uscc "$E1" --name "$N1" --city 乐清市
has "$TMP/err" "registered already"
expect 0 p enterprise add --uscc "$E9" --name "$N9" --city 东阳市 --industry 科技
expect 0 p enterprise list --unregistered --format csv
[ "$(cat "$TMP/out")" = "uscc,name,city,industry,legal_person,nonstandard_uscc" ] \
	|| { cat "$TMP/out"; die "enterprise add did not confirm $E9"; }
[ "$(q "SELECT industry FROM enterprises WHERE uscc = '$E9'")" = 科技 ] || die "add did not update"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'confirm' AND entity_key = '$E9'")" = 1 ] \
	|| die "the confirmation is not audited"
# an enterprises file confirms one too
E8=91330783MA2XKE7020
"$PY" -c "
A='0123456789ABCDEFGHJKLMNPQRTUWXY'; W=[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]
b='91330783MA2XKE702'; s=sum(A.index(c)*w for c,w in zip(b,W)); assert b+A[(31-s%31)%31]=='$E8'"
loans b.csv "甲银行,HT-3,$E8,东阳市八号有限公司,东阳市,100000,2023-03-01,2024-03-01,ZL201811564288.X"
expect 0 p import loans "$TMP/b.csv"
has "$TMP/out" "new enterprise not in the register: $E8 东阳市八号有限公司"
expect 0 p enterprise list --unregistered
has "$TMP/out" "$E8"
printf '统一社会信用代码,企业名称,所属地区\n%s,东阳市八号有限公司,东阳市\n' "$E8" >"$TMP/e.csv"
expect 0 p import enterprises "$TMP/e.csv"
expect 0 p enterprise list --unregistered --format csv
[ "$(cat "$TMP/out")" = "uscc,name,city,industry,legal_person,nonstandard_uscc" ] \
	|| { cat "$TMP/out"; die "the enterprises file did not confirm $E8"; }

# --- the register of banks.  甲银行 holds HT-1..HT-3 so far.
expect 0 p bank list --format csv
[ "$(cat "$TMP/out")" = "bank,aliases,loans
甲银行,,3" ] || { cat "$TMP/out"; die "bank list"; }
# a file naming a bank never seen imports, and the summary names it
loans c.csv "乙银行,YX-1,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL201811564288.X"
expect 0 p import loans "$TMP/c.csv"
has "$TMP/out" "c.csv: 1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
has "$TMP/out" "new bank: 乙银行"
# a known bank is not named again (the same name in another form neither)
loans d.csv "乙银行 ,YX-2,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL201811564288.X"
expect 0 p import loans "$TMP/d.csv"
grep -qF "new bank" "$TMP/out" && die "a known bank named as new"
# the same (uscc, contract) under a bank name spelled another way: refused
# as a probable duplicate, naming the recorded bank and the alias command
loans e.csv "甲银行乐清支行,HT-1,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL202010566088.9" \
	"甲银行乐清支行,HT-9,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL202010566088.9"
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/e.csv"
has "$TMP/err" "$TMP/e.csv:2: column 'contract_no': contract 'HT-1' of $E1 is recorded under bank '甲银行': a probable duplicate; if '甲银行乐清支行' is that bank, run: pledger bank alias '甲银行乐清支行' '甲银行'"
has "$TMP/err" "nothing written"
cmp -s "$DB" "$TMP/before.db" || [ "$(q "SELECT count(*) FROM banks")" = 2 ] || die "a refused file wrote"
# after `bank alias` the rows resolve to the recorded bank: HT-1 unchanged,
# HT-9 new under 甲银行
expect 0 p bank alias 甲银行乐清支行 甲银行
has "$TMP/out" "'甲银行乐清支行' is now a name of bank '甲银行'"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'alias' AND entity = 'bank' AND entity_key = '甲银行乐清支行' AND new_value = '甲银行'")" = 1 ] \
	|| die "bank alias not audited"
expect 0 p import loans "$TMP/e.csv"
has "$TMP/out" "e.csv: 2 rows, 1 new, 0 updated, 1 unchanged, 0 rejected"
grep -qF "new bank" "$TMP/out" && die "an alias named as a new bank"
[ "$(q "SELECT group_concat(contract_no, ' ') FROM (SELECT contract_no FROM loans l JOIN banks b ON b.id = l.bank_id WHERE b.name = '甲银行' ORDER BY contract_no)")" \
	= "HT-1 HT-2 HT-3 HT-9" ] || die "the alias's rows did not go to 甲银行"
expect 0 p loan show "甲银行乐清支行/HT-9"
has "$TMP/out" "甲银行"
expect 0 p bank alias 甲银行乐清支行 甲银行
has "$TMP/out" "is a name of bank '甲银行' already"
# an alias of one bank cannot name another
expect 1 p bank alias 甲银行乐清支行 乙银行
has "$TMP/err" "'甲银行乐清支行' is a name of another bank already"
expect 1 p bank alias 某某 丙银行
has "$TMP/err" "unknown bank '丙银行'"
# a bank of its own that is the same bank: merged when no contract is both's
loans f.csv "丁银行,DX-1,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,ZL201811564288.X"
expect 0 p import loans "$TMP/f.csv"
expect 0 p bank alias 丁银行 乙银行
has "$TMP/out" "'丁银行' is now a name of bank '乙银行': 1 loans moved to it"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'loan' AND entity_key = '丁银行/DX-1' AND field = 'bank' AND new_value = '乙银行'")" = 1 ] \
	|| die "the moved loan is not audited"
# refused when a contract is both's: 戊银行 holds YX-1 as 乙银行 does
loans g.csv "戊银行,YX-1,$E9,$N9,东阳市,100000,2023-03-01,2024-03-01,ZL201811564288.X"
expect 0 p import loans "$TMP/g.csv"
expect 1 p bank alias 戊银行 乙银行
has "$TMP/err" "loans '戊银行/YX-1' and '乙银行/YX-1' are one contract"
expect 0 p bank list --format csv
[ "$(cat "$TMP/out")" = "bank,aliases,loans
乙银行,丁银行,3
戊银行,,1
甲银行,甲银行乐清支行,4" ] || { cat "$TMP/out"; die "bank list at the end"; }
expect 0 p bank list
has "$TMP/out" "甲银行乐清支行"
# any name of a bank lists its loans
expect 0 p loan list --bank 甲银行乐清支行 --format csv
[ "$(grep -c '^甲银行,' "$TMP/out")" = 4 ] || { cat "$TMP/out"; die "loan list --bank ALIAS"; }
# a control character in a bank's other name or a city's name is refused
# (issue 11: names with ESC or BEL retitle the clerk's terminal), as in
# `enterprise add`; nothing is recorded
expect 1 p bank alias "$(printf '甲\033]0;X\007行')" 甲银行
has "$TMP/err" "control character"
expect 1 p city add 330998 "$(printf '测\033[2J市')"
has "$TMP/err" "control character"
[ "$(q "SELECT count(*) FROM bank_names WHERE name LIKE '%'||char(27)||'%'")$(q "SELECT count(*) FROM cities WHERE code = '330998'")" = 00 ] || die "a control character stored"
echo "t_banks: ok"
