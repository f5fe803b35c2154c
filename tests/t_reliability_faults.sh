# t_reliability_faults.sh — resource faults (docs/reliability.md): a file
# size limit (ulimit -f) hit while an import writes the database gives a
# clear error and exit 3 (cli.md: database or file error) and leaves the
# database exactly as it was.  The same fault while a report writes its
# workbook is tests/reliability_report_fault.sh (make reliability-check).
. "$(dirname "$0")/lib.sh"

ROWS=${RELIABILITY_ROWS:-30000}
"$PY" "$(dirname "$0")/reliability_gen.py" "$TMP/small.csv" 200 S
"$PY" "$(dirname "$0")/reliability_gen.py" "$TMP/big.csv" "$ROWS" B
expect 0 p init
expect 0 p import loans "$TMP/small.csv"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sqlite3 "$DB" .dump >"$TMP/before.sql"
size=$(wc -c <"$DB")
# ulimit -f counts 512-byte blocks in dash (POSIX) and 1024 in bash: ask
# for room for the database as it is plus a little, far from the big import.
limit_blocks=$(( (size + 262144) / 512 ))

# import under a write limit
set +e
( ulimit -f "$limit_blocks"; exec "$PLEDGER" --db "$DB" import loans "$TMP/big.csv" ) \
	>"$TMP/out" 2>"$TMP/err"
st=$?
set -e
[ "$st" -eq 3 ] || { cat "$TMP/err" >&2; die "import under ulimit -f exited $st, expected 3"; }
grep -q '^pledger: ' "$TMP/err" || die "no 'pledger: ' error line"
[ "$(wc -l <"$TMP/err")" -le 3 ] || { cat "$TMP/err" >&2; die "more than a short error"; }
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || die "integrity after the failed import"
sqlite3 "$DB" .dump >"$TMP/after.sql"
cmp -s "$TMP/before.sql" "$TMP/after.sql" || die "the failed import changed the database"
echo "import under ulimit -f: exit 3, '$(head -n 1 "$TMP/err")', database unchanged"

# The same import without the limit succeeds afterwards.
expect 0 p import loans "$TMP/big.csv"

