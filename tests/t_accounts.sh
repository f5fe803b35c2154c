# t_accounts.sh — payee accounts (import.md §2 accounts): `import accounts`
# by USCC, the account number 8–32 digits once spaces and dashes are
# removed (else the row is refused), a 户名 other than the enterprise's
# name a warning, audited, undoable; `enterprise account` by hand with the
# same validation; `enterprise show` shows it.  City settings (cycle.md §4)
# and the scheme's policy_document.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
expect 0 p init
expect 0 p enterprise add --uscc 91330783MA26K5770L --name 东阳市明辉新材料有限公司 --city 东阳市

# an account of an unknown enterprise, a short number, letters: refused, nothing written
printf '统一社会信用代码,户名,开户银行,银行账号\n91330783MA26K5770L,东阳市明辉新材料有限公司,农行东阳支行,1234-567\n' >"$TMP/bad.csv"
expect 1 p import accounts "$TMP/bad.csv"
has "$TMP/err" "bad.csv:2: column '银行账号': not a bank account number: 8 to 32 digits (value '1234-567')"
printf '统一社会信用代码,户名,开户银行,银行账号\n91330783MA26K5770L,某,某行,6228 48A0 1234 5678\n' >"$TMP/bad2.csv"
expect 1 p import accounts "$TMP/bad2.csv"
has "$TMP/err" "not a bank account number"
printf '统一社会信用代码,户名,开户银行,银行账号\n91330783MA20CA4GX5,某,某行,622848001234567\n' >"$TMP/bad3.csv"
expect 1 p import accounts "$TMP/bad3.csv"
has "$TMP/err" "is not registered"
[ "$(q 'SELECT count(*) FROM accounts')" = 0 ] || die "refused account written"

# spaces and dashes removed; another 户名 is a warning, the row is taken
printf '统一社会信用代码,收款单位全称,开户行,账号\n91330783ma26k5770l,东阳市明辉新材料有限公司（基本户）,中国农业银行东阳市支行,"6228 4800-1234 5678 901"\n' >"$TMP/a.csv"
expect 0 p import accounts "$TMP/a.csv"
has "$TMP/out" "1 rows, 1 new"
has "$TMP/err" "account name differs"
[ "$(q "SELECT account_no FROM accounts WHERE uscc = '91330783MA26K5770L'")" = 6228480012345678901 ] || die "number not normalised"
expect 0 p import accounts "$TMP/a.csv"
has "$TMP/out" "1 unchanged"
expect 0 p enterprise show 91330783MA26K5770L
grep -q "^account_no  *6228480012345678901$" "$TMP/out" || die "show lacks the account"
has "$TMP/out" "中国农业银行东阳市支行"

# a correction by hand: validated the same way, audited, undone with nothing else
expect 1 p enterprise account 91330783MA26K5770L --name 东阳市明辉新材料有限公司 --bank 农行 --no 12ab5678
has "$TMP/err" "not a bank account number"
expect 0 p enterprise account 91330783MA26K5770L --name 东阳市明辉新材料有限公司 --bank 中国农业银行东阳市支行 --no 62284800-99999999
has "$TMP/out" "updated"
[ "$(q "SELECT count(*) FROM audit_log WHERE entity = 'account' AND action = 'update' AND field IN ('account_name', 'account_no')")" = 2 ] \
	|| die "correction not audited field by field"
# a file that changes it again is an update; undo restores the hand-made value
printf '统一社会信用代码,户名,开户银行,银行账号\n91330783MA26K5770L,东阳市明辉新材料有限公司,中国工商银行东阳支行,1208020009200123456\n' >"$TMP/b.csv"
expect 0 p import accounts "$TMP/b.csv"
has "$TMP/out" "1 updated"
batch=$(q "SELECT max(id) FROM import_batches")
expect 0 p import undo "$batch"
[ "$(q "SELECT bank_name || '|' || account_no FROM accounts")" = "中国农业银行东阳市支行|6228480099999999" ] \
	|| die "undo did not restore: $(q 'SELECT * FROM accounts')"
# undoing the first import removes the account it created... after the later change is undone
first=$(q "SELECT min(id) FROM import_batches WHERE kind = 'accounts'")
expect 1 p import undo "$first"

# city settings (cycle.md §4)
expect 0 p city set 东阳市 office_name 东阳市市场监督管理局
has "$TMP/out" "东阳市市场监督管理局"
expect 0 p city show 330783
grep -q "^office_name  *东阳市市场监督管理局  *set$" "$TMP/out" || die "city show lacks office_name"
expect 1 p city set 东阳市 nosuch x
has "$TMP/err" "unknown city setting 'nosuch'"
[ "$(q "SELECT count(*) FROM audit_log WHERE entity = 'city_setting' AND field = 'office_name'")" = 1 ] || die "city set not audited"
# the scheme's policy document, kept as written
expect 0 p scheme set --city 东阳市 policy_document '东政办发〔2021〕xx号《关于全面加强知识产权工作的实施意见》'
expect 0 p scheme show --city 东阳市
has "$TMP/out" "东政办发〔2021〕xx号《关于全面加强知识产权工作的实施意见》"
echo ok
