# t_cli_basics.sh — global CLI contract (cli.md "Global"): exit codes, help,
# version, missing database, init idempotence.
. "$(dirname "$0")/lib.sh"

# Before init: any data command fails with exit 3 and says to run init.
expect 3 p rate list
has "$TMP/err" "run 'pledger init'"
[ ! -e "$DB" ] || die "a command other than init created the database"

expect 0 p init
has "$TMP/out" "created"
dump1=$(sqlite3 "$DB" .dump | grep -v '^INSERT INTO audit_log')
count1=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
expect 0 p init
has "$TMP/out" "up to date"
dump2=$(sqlite3 "$DB" .dump | grep -v '^INSERT INTO audit_log')
count2=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
[ "$dump1" = "$dump2" ] || die "second init changed the database"
[ "$count1" = "$count2" ] || die "second init wrote to the audit log"

# Reference data (targets.md, domain.md §1, rules.md §8).
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM cities')" = 9 ] || die "cities"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM targets')" = 7 ] || die "targets"
[ "$(sqlite3 "$DB" "SELECT rate_ppm FROM rates WHERE kind='LPR1Y' AND effective_date='2023-08-21'")" = 34500 ] || die "LPR1Y 2023-08-21"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM schemes WHERE city='330783'")" = 12 ] || die "scheme keys"

# Usage errors exit 2 with a usage line; help exits 0 on stdout.
expect 2 p no-such-command
has "$TMP/err" "unknown command 'no-such-command'"
has "$TMP/err" "usage:"
expect 2 p rate list --bogus
has "$TMP/err" "unknown option '--bogus'"
expect 0 p help
for c in init import enterprise loan policy rate scheme subsidy targets report demo; do
	has "$TMP/out" "  $c "
done
expect 0 p rate --help
has "$TMP/out" "usage: pledger rate list"
expect 0 "$PLEDGER" --version
has "$TMP/out" "pledger "

# A newer schema is refused.
sqlite3 "$DB" 'PRAGMA user_version = 99'
expect 3 p rate list
has "$TMP/err" "newer than this pledger"
