# t_backup.sh — `pledger backup FILE` and `pledger restore FILE` (cycle.md
# §5).  A backup taken while another process keeps importing is one
# consistent state of the database: its `sqlite3 .dump` equals the dump of
# the database as it was at that point (the final database with the rows
# of the later batches and audit entries removed); integrity_check ok; an
# existing FILE is refused.  Restore refuses a corrupt file, a SQLite file
# of another program and a text file, leaving the database as it was; a
# good backup is put in place and the replaced file kept beside it.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 -cmd '.timeout 20000' "$DB" "$1"; }
EX="$SHARED/examples"
expect 0 p init
expect 0 p import enterprises "$EX/enterprises.csv"
expect 0 p import loans "$EX/loans/bank02_B.csv"

# the writer: a new contributions batch per year, until told to stop
i=0
for y in $(seq 1901 2100); do
	printf '统一社会信用代码,年度,地方综合贡献额（元）\n91330783MA2UNKQP81,%s,%s.00\n91330382215838150L,%s,7.00\n' "$y" "$y" "$y" >"$TMP/w$y.csv"
done
(
	for y in $(seq 1901 2100); do
		[ -e "$TMP/stop" ] && break
		"$PLEDGER" --db "$DB" import contributions "$TMP/w$y.csv" >/dev/null 2>>"$TMP/writer.err" || echo "import $y failed" >>"$TMP/writer.err"
	done
	touch "$TMP/writer.done"
) &
writer=$!
n=0
while [ "$(q 'SELECT count(*) FROM import_batches')" -lt 4 ]; do
	sleep 0.05; n=$((n + 1)); [ $n -lt 400 ] || die "the writer does not write"
done
expect 0 p backup "$TMP/b.db"
has "$TMP/out" "integrity_check ok"
k=$(sqlite3 "$TMP/b.db" 'SELECT max(id) FROM import_batches')
a=$(sqlite3 "$TMP/b.db" 'SELECT max(id) FROM audit_log')
# wait for a write after the backup, then stop the writer
n=0
while [ "$(q 'SELECT max(id) FROM import_batches')" -le "$k" ] && [ ! -e "$TMP/writer.done" ]; do
	sleep 0.05; n=$((n + 1)); [ $n -lt 400 ] || break
done
touch "$TMP/stop"
wait $writer
[ ! -s "$TMP/writer.err" ] || die "writer: $(cat "$TMP/writer.err")"
[ "$(q 'SELECT max(id) FROM import_batches')" -gt "$k" ] || die "no write after the backup (k=$k)"
[ "$(sqlite3 "$TMP/b.db" 'PRAGMA integrity_check')" = ok ] || die "backup integrity"
[ "$(sqlite3 "$TMP/b.db" 'PRAGMA user_version')" = "$(q 'PRAGMA user_version')" ] || die "backup version"
[ ! -e "$TMP/b.db-wal" ] || [ ! -s "$TMP/b.db-wal" ] || die "backup left a WAL"
ls "$TMP" | grep -q 'b.db.tmp' && die "temporary file left"
# the database as it was at the backup: later batches and audit rows removed
cp "$DB" "$TMP/ref.db"
[ ! -e "$DB-wal" ] || cp "$DB-wal" "$TMP/ref.db-wal"
# (the lock triggers name ldg_refuse(); no run is finalized, so it never fires)
"$PY" - "$TMP/ref.db" "$k" "$a" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function("ldg_refuse", -1, lambda *m: None)
k, a = int(sys.argv[2]), int(sys.argv[3])
c.execute("DELETE FROM contributions WHERE batch_id > ?", (k,))
c.execute("DELETE FROM audit_log WHERE id > ?", (a,))
c.execute("DELETE FROM import_batches WHERE id > ?", (k,))
c.commit()
c.close()
PYEOF
sqlite3 "$TMP/ref.db" .dump >"$TMP/ref.sql"
sqlite3 "$TMP/b.db" .dump >"$TMP/b.sql"
cmp -s "$TMP/ref.sql" "$TMP/b.sql" || { diff "$TMP/ref.sql" "$TMP/b.sql" | head -20 >&2; die "backup differs from the database at its point"; }
[ "$(grep -c 'INSERT INTO contributions' "$TMP/b.sql")" -ge 4 ] || die "backup without the written rows"

# never over an existing file
echo keep >"$TMP/exists"
expect 3 p backup "$TMP/exists"
has "$TMP/err" "exists"
[ "$(cat "$TMP/exists")" = keep ] || die "existing file changed"
expect 2 p backup
expect 2 p restore

# restore refuses: a corrupt backup, another program's SQLite file, a text file
q .dump >"$TMP/before.sql"
cp "$TMP/b.db" "$TMP/bad.db"
size=$(wc -c <"$TMP/bad.db")
"$PY" - "$TMP/bad.db" <<'PYEOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
page = int.from_bytes(b[16:18], "big") or 65536
for off in range(page * 2, min(len(b), page * 6), 7):   # pages 3-6: table b-trees
    b[off] = 0xA5
open(p, "wb").write(b)
PYEOF
expect 1 p restore "$TMP/bad.db"
grep -Eq "damaged|malformed|not a pledger database" "$TMP/err" || die "corrupt file: $(cat "$TMP/err")"
sqlite3 "$TMP/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 3;"
expect 1 p restore "$TMP/other.db"
has "$TMP/err" "not a pledger database"
echo "not a database at all" >"$TMP/text.db"
expect 1 p restore "$TMP/text.db"
has "$TMP/err" "not a pledger database"
expect 3 p restore "$TMP/absent.db"
q .dump >"$TMP/after.sql"
cmp -s "$TMP/before.sql" "$TMP/after.sql" || die "a refused restore changed the database"
ls "$TMP" | grep -q before-restore && die "a refused restore kept a file"

# a good restore: the backup in place, the replaced database beside it
expect 0 p restore "$TMP/b.db"
kept=$(ls "$TMP" | grep '^t\.db\.before-restore-')
[ -n "$kept" ] || die "the replaced database was not kept"
has "$TMP/out" "$kept"
q .dump >"$TMP/restored.sql"
cmp -s "$TMP/restored.sql" "$TMP/b.sql" || die "restored database differs from the backup"
sqlite3 "$TMP/$kept" .dump >"$TMP/kept.sql"
cmp -s "$TMP/kept.sql" "$TMP/before.sql" || die "kept file differs from the replaced database"
expect 0 p subsidy compute --city 东阳市 --year 2024
