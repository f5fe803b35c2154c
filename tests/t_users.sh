# t_users.sh — `pledger user` (web.md §2: Argon2id hashes, password from
# stdin never argv, roles) and four eyes from the command line (cycle.md §1:
# the person who computed may not finalize unless the city's four_eyes is
# off; the person is the OS user, as in the audit log).
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
DY=东阳市
expect 0 p init

# --- users ---
echo 'correct horse battery' | expect 0 p user add alice --role clerk
has "$TMP/out" "added user alice (clerk)"
echo 'another long secret' | expect 0 p user add bob --role reviewer
expect 1 sh -c "echo 'x1234567' | \"$PLEDGER\" --db \"$DB\" user add alice --role clerk"
has "$TMP/err" "user 'alice' exists"
expect 1 sh -c "echo 'short' | \"$PLEDGER\" --db \"$DB\" user add carol --role clerk"
has "$TMP/err" "password too short"
expect 1 sh -c "echo 'long enough pw' | \"$PLEDGER\" --db \"$DB\" user add carol --role boss"
has "$TMP/err" "unknown role"
expect 2 p user add carol
expect 2 p user add carol --role clerk --password x
expect 1 sh -c "\"$PLEDGER\" --db \"$DB\" user add carol --role clerk </dev/null"
has "$TMP/err" "no password"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE name = 'carol'")" = 0 ] || die "carol was added"
# Argon2id, and the password itself is nowhere in the file
h=$(sqlite3 "$DB" "SELECT hash FROM users WHERE name = 'alice'")
case "$h" in '$argon2id$'*) ;; *) die "alice's hash is not Argon2id: $h" ;; esac
! grep -q 'correct horse battery' "$DB" || die "the password is in the database"
"$PY" - "$DB" <<'PYEOF' || die "the hash does not verify the password"
import ctypes, ctypes.util, sqlite3, sys
so = ctypes.CDLL(ctypes.util.find_library("sodium"))
so.sodium_init()
h = sqlite3.connect(sys.argv[1]).execute("SELECT hash FROM users WHERE name='alice'").fetchone()[0]
pw = b"correct horse battery"
ok = so.crypto_pwhash_str_verify(h.encode() + b"\0", pw, ctypes.c_ulonglong(len(pw)))
bad = so.crypto_pwhash_str_verify(h.encode() + b"\0", b"wrong", ctypes.c_ulonglong(5))
sys.exit(0 if ok == 0 and bad != 0 else 1)
PYEOF
expect 0 p user list --format csv
has "$TMP/out" "alice,clerk,active"
has "$TMP/out" "bob,reviewer,active"
old=$(sqlite3 "$DB" "SELECT hash FROM users WHERE name = 'alice'")
echo 'a new long password' | expect 0 p user passwd alice
[ "$(sqlite3 "$DB" "SELECT hash FROM users WHERE name = 'alice'")" != "$old" ] || die "passwd kept the hash"
expect 1 sh -c "echo 'a new long password' | \"$PLEDGER\" --db \"$DB\" user passwd nobody"
has "$TMP/err" "no user 'nobody'"
expect 0 p user disable bob
expect 0 p user list --format csv
has "$TMP/out" "bob,reviewer,disabled"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'user'")" = 4 ] \
	|| die "user changes are not all in the audit log"

# --- four eyes from the command line ---
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
LOGNAME=alice expect 0 "$PLEDGER" --db "$DB" subsidy compute --city $DY --year 2021
before=$(sqlite3 "$DB" .dump)
LOGNAME=alice expect 1 "$PLEDGER" --db "$DB" subsidy finalize --city $DY --year 2021
has "$TMP/err" "four eyes: 'alice' computed the draft of 330783 2021 and may not finalize it"
[ "$(sqlite3 "$DB" .dump)" = "$before" ] || die "a refused finalize changed the database"
LOGNAME=bob expect 0 "$PLEDGER" --db "$DB" subsidy finalize --city $DY --year 2021
[ "$(sqlite3 "$DB" "SELECT user FROM audit_log WHERE action = 'finalize' AND entity_key = '330783/2021'")" = bob ] \
	|| die "finalize not recorded under bob"
# a one-clerk office turns it off; the change is audited
expect 2 p city set $DY four_eyes
expect 1 p city set $DY four_eyes maybe
has "$TMP/err" "bad value for 'four_eyes'"
expect 1 p city set $DY colour blue
has "$TMP/err" "unknown city setting"
expect 0 p city set $DY four_eyes off
[ "$(sqlite3 "$DB" "SELECT old_value || '>' || new_value FROM audit_log WHERE entity = 'city_setting' AND field = 'four_eyes'")" = "on>off" ] \
	|| die "four_eyes change not audited"
LOGNAME=alice expect 0 "$PLEDGER" --db "$DB" subsidy compute --city $DY --year 2022
LOGNAME=alice expect 0 "$PLEDGER" --db "$DB" subsidy finalize --city $DY --year 2022
echo "users and four eyes: ok"
