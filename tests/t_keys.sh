# t_keys.sh — keys of loans and policies (import.md §2, §3): a recorded
# loan's or policy's enterprise never changes; bank names, contract and
# policy numbers and insurer names are compared in normal form (full-width
# to half-width, spaces trimmed and collapsed).
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
E1=91330382215838150L; N1=乐清市科伟安信息技术有限公司
E2=91330382275544381M; N2=乐清市越航汽车部件股份有限公司
LH='bank,contract_no,uscc,enterprise,city,principal_yuan,start_date,maturity_date,settle_date,ip_rights'
PH='insurer,policy_no,uscc,enterprise,city,product,insured_rights,premium_yuan,paid_date'
loans() { f=$1; shift; { echo "$LH"; for r in "$@"; do echo "$r"; done; } >"$TMP/$f"; }
pols() { f=$1; shift; { echo "$PH"; for r in "$@"; do echo "$r"; done; } >"$TMP/$f"; }

expect 0 p init
expect 0 p import enterprises "$SHARED/examples/enterprises.csv"

# --- a loan's borrower never changes: a row with a recorded key and
# another USCC is refused, naming both enterprises
loans a.csv "甲银行,HT-1,$E1,$N1,乐清市,100000,2021-03-01,2022-03-01,2022-02-01,ZL202010566088.9"
expect 0 p import loans "$TMP/a.csv"
loans moved.csv "甲银行,HT-1,$E2,$N2,乐清市,200000,2021-03-01,2022-03-01,2022-02-01,ZL201510958772.0"
expect 1 p import loans "$TMP/moved.csv"
has "$TMP/err" "$TMP/moved.csv:2: column 'uscc': loan '甲银行/HT-1' is recorded for enterprise $E1 $N1; this row names $E2 $N2"
has "$TMP/err" "nothing written"
[ "$(q "SELECT uscc || ' ' || principal_fen FROM loans WHERE contract_no = 'HT-1'")" = "$E1 10000000" ] \
	|| die "the loan moved to another borrower"
# and the same for a policy's holder
pols p.csv "保险甲,BX-1,$E1,$N1,乐清市,专利执行保险,ZL202010566088.9,1000,2021-05-01"
expect 0 p import policies "$TMP/p.csv"
pols pmoved.csv "保险甲,BX-1,$E2,$N2,乐清市,专利执行保险,ZL201510958772.0,3000,2021-05-01"
expect 1 p import policies "$TMP/pmoved.csv"
has "$TMP/err" "$TMP/pmoved.csv:2: column 'uscc': policy '保险甲/BX-1' is recorded for enterprise $E1 $N1; this row names $E2 $N2"
[ "$(q "SELECT uscc || ' ' || premium_fen FROM policies WHERE policy_no = 'BX-1'")" = "$E1 100000" ] \
	|| die "the policy moved to another holder"
echo "t_keys: ok"
