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
echo "t_banks: ok"
