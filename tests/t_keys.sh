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

# --- keys in normal form: the same contract written with full-width
# brackets and spaces is one loan, kept as first written
loans w1.csv "乙银行,（2021）质字 第1号,$E1,$N1,乐清市,100000,2021-03-01,2022-03-01,2022-02-01,ZL202010566088.9"
expect 0 p import loans "$TMP/w1.csv"
loans w2.csv "乙银行 ,(2021)质字　 第1号,$E1,$N1,乐清市,100000,2021-03-01,2022-03-01,2022-02-01,ZL202010566088.9"
expect 0 p import loans "$TMP/w2.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(q "SELECT count(*) FROM loans l JOIN banks b ON b.id = l.bank_id WHERE b.name = '乙银行'")" = 1 ] \
	|| die "one contract written two ways became two loans"
[ "$(q "SELECT contract_no FROM loans l JOIN banks b ON b.id = l.bank_id WHERE b.name = '乙银行'")" = "（2021）质字 第1号" ] \
	|| die "the contract is not kept as first written"
# a changed amount under the other spelling updates the one loan
loans w3.csv "乙银行,(2021)质字第1号,$E1,$N1,乐清市,100000,2021-03-01,2022-03-01,2022-02-01,ZL202010566088.9"
expect 0 p import loans "$TMP/w3.csv"
has "$TMP/out" "1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
# (no space inside is another contract: only runs of spaces collapse)
# either spelling addresses it
expect 0 p loan show "乙银行/(2021)质字 第1号"
has "$TMP/out" "（2021）质字 第1号"
# policies: insurer and policy number in normal form
pols q1.csv "保险乙,ＢＸ－２,$E1,$N1,乐清市,专利执行保险,ZL202010566088.9,1000,2021-05-01"
expect 0 p import policies "$TMP/q1.csv"
pols q2.csv "保险乙 ,BX-2,$E1,$N1,乐清市,专利执行保险,ZL202010566088.9,1000,2021-05-01"
expect 0 p import policies "$TMP/q2.csv"
has "$TMP/out" "1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"
[ "$(q "SELECT count(*) FROM policies WHERE policy_key = 'BX-2'")" = 1 ] || die "policy keys"

# --- a bank name holding '/' imports, and every command can address its
# loans: --bank B --contract C beside BANK/CONTRACT (and a key tried at
# each '/'), --insurer I --policy-no N beside INSURER/NO; import undo too
loans s1.csv "农商行/乐清支行,HT-S,$E1,$N1,乐清市,100000,2023-03-01,2024-03-01,,ZL201811564288.X"
expect 0 p import loans "$TMP/s1.csv"
expect 0 p loan show --bank 农商行/乐清支行 --contract HT-S
has "$TMP/out" "农商行/乐清支行"
expect 0 p loan show "农商行/乐清支行/HT-S"
has "$TMP/out" "HT-S"
expect 2 p loan show "农商行/乐清支行/HT-S" --bank x --contract y
expect 2 p loan show --bank 农商行/乐清支行
expect 1 p loan show --bank 农商行 --contract 乐清支行/HT-S
has "$TMP/err" "unknown loan '农商行/乐清支行/HT-S'"
expect 0 p loan settle --bank 农商行/乐清支行 --contract HT-S --date 2023-09-01
has "$TMP/out" "settled loan '农商行/乐清支行/HT-S'"
[ "$(q "SELECT settle_date FROM loans WHERE contract_no = 'HT-S'")" = 2023-09-01 ] || die "settle --bank"
expect 0 p subsidy compute --city 乐清市 --year 2023
expect 0 p subsidy explain --city 乐清市 --year 2023 --bank 农商行/乐清支行 --contract HT-S
has "$TMP/out" "HT-S"
expect 0 p subsidy explain --city 乐清市 --year 2023 --loan 农商行/乐清支行/HT-S
# not in the run (2022 has no such loan): said so, naming its settlement
expect 0 p subsidy compute --city 乐清市 --year 2022
expect 1 p subsidy explain --city 乐清市 --year 2022 --bank 农商行/乐清支行 --contract HT-S
has "$TMP/err" "loan '农商行/乐清支行/HT-S' is not in the run of 乐清市 2022: settled 2023-09-01"
# an update by a file, then undone: the loan is found by its audit key
loans s2.csv "农商行/乐清支行,HT-S,$E1,$N1,乐清市,150000,2023-03-01,2024-03-01,2023-09-01,ZL201811564288.X"
expect 0 p import loans "$TMP/s2.csv"
has "$TMP/out" "1 rows, 0 new, 1 updated, 0 unchanged, 0 rejected"
B=$(q "SELECT max(id) FROM import_batches")
expect 0 p import undo "$B"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'HT-S'")" = 10000000 ] || die "undo of a '/' bank's loan"
pols s3.csv "人保/东阳,BX-S,$E1,$N1,乐清市,专利执行保险,ZL202010566088.9,1000,2021-05-01"
expect 0 p import policies "$TMP/s3.csv"
expect 0 p policy show --insurer 人保/东阳 --policy-no BX-S
has "$TMP/out" "BX-S"
expect 0 p policy show 人保/东阳/BX-S

# --- migrate 4 on a database of an older pledger (tests/data/upgrade):
# banks whose names are one in normal form become one bank, the second
# name its alias; keys are filled in normal form; an enterprise a loans
# file created is unregistered (91330783MA2MUARF6E of bank02_B.csv, not in
# enterprises.csv, too); two loans that become one contract stop
# the upgrade, naming them
old_db() { # DB SQL...: the version 1 fixture plus SQL
	"$PY" - "$(dirname "$0")/data/upgrade/v1-examples.sql" "$@" <<'PYEOF'
import sqlite3, sys
fix, db, *more = sys.argv[1:]
c = sqlite3.connect(db)
c.create_function("ldg_refuse", -1, lambda *m: None)
c.executescript(open(fix, encoding="utf-8").read())
for sql in more:
    c.executescript(sql)
c.commit()
c.close()
PYEOF
}
ADD="INSERT INTO banks (id, name) VALUES (100, '丙银行（北京）'), (101, '丙银行(北京)');
INSERT INTO enterprises (uscc, name, city, batch_id) VALUES ('91330783MA2XKE701W', '东阳市测试科技有限公司', '330783', 2);
INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date, maturity_date)
  VALUES (100, 'ＨＴ－７', '91330783MA2XKE701W', 1, '2025-01-01', '2026-01-01'),
         (101, 'HT-8', '91330783MA2XKE701W', 2, '2025-01-01', '2026-01-01');"
old_db "$TMP/up.db" "$ADD"
expect 0 "$PLEDGER" --db "$TMP/up.db" init
[ "$(sqlite3 "$TMP/up.db" "SELECT name_key || '=' || bank_id || '=' || name FROM bank_names WHERE bank_id >= 100")" \
	= "丙银行(北京)=100=丙银行（北京）" ] || die "migrate 4: banks one in normal form not merged"
[ "$(sqlite3 "$TMP/up.db" "SELECT group_concat(bank_id || ':' || contract_no || ':' || contract_key, ' ') FROM (SELECT * FROM loans WHERE uscc = '91330783MA2XKE701W' ORDER BY principal_fen)")" \
	= "100:ＨＴ－７:HT-7 100:HT-8:HT-8" ] || die "migrate 4: keys"
[ "$(sqlite3 "$TMP/up.db" "SELECT count(*) FROM banks WHERE id = 101")" = 0 ] || die "merged bank left"
[ "$(sqlite3 "$TMP/up.db" "SELECT group_concat(uscc) FROM (SELECT uscc FROM enterprises WHERE unregistered = 1 ORDER BY uscc)")" = 91330783MA2MUARF6E,91330783MA2XKE701W ] \
	|| die "migrate 4: the unregistered enterprise"
expect 0 "$PLEDGER" --db "$TMP/up.db" loan show "丙银行(北京)/HT-7"
old_db "$TMP/up2.db" "$ADD UPDATE loans SET contract_no = 'HT-7' WHERE bank_id = 101;"
expect 1 "$PLEDGER" --db "$TMP/up2.db" init
has "$TMP/err" "the loans '丙银行（北京）/ＨＴ－７', '丙银行(北京)/HT-7' are one contract"
[ "$(sqlite3 "$TMP/up2.db" "PRAGMA user_version")" = 1 ] || die "a refused upgrade changed the version"
echo "t_keys: ok"
