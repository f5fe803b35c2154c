# reliability_report_fault.sh — a file size limit (ulimit -f) hit while
# `pledger report` writes its workbook must give a clear error and exit 3,
# leave the database as it was and any earlier workbook under the same
# name untouched (reports/report.h: temporary file, renamed only on
# success).  libxlsxwriter does not check the writes of its temporary XML
# files, so the program records SIGXFSZ (ldg_io_fault_seen) and the report
# writer refuses to commit the file after one (docs/reliability.md).
. "$(dirname "$0")/lib.sh"

"$PY" "$(dirname "$0")/reliability_gen.py" "$TMP/small.csv" 3000 S
expect 0 p init
expect 0 p import loans "$TMP/small.csv"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

expect 0 p report pboc --city 东阳市 --period 2022 -o "$TMP/ledger.xlsx"
cp "$TMP/ledger.xlsx" "$TMP/ledger.before.xlsx"
sqlite3 "$DB" .dump >"$TMP/before2.sql"
set +e
# room to open the database (its -shm file is 32 KiB) but not for the
# workbook (or libxlsxwriter's temporary files, as large)
blocks=$(( $(wc -c <"$TMP/ledger.xlsx") / 512 / 2 ))
[ "$blocks" -gt 80 ] || die "workbook too small for the test ($blocks blocks)"
( ulimit -f "$blocks"; exec "$PLEDGER" --db "$DB" report pboc --city 东阳市 --period 2022 -o "$TMP/ledger.xlsx" ) \
	>"$TMP/out" 2>"$TMP/err"
st=$?
set -e
[ "$st" -eq 3 ] || { cat "$TMP/err" >&2; die "report under ulimit -f exited $st, expected 3"; }
grep -q '^pledger: ' "$TMP/err" || die "no 'pledger: ' error line from report"
cmp -s "$TMP/ledger.xlsx" "$TMP/ledger.before.xlsx" || die "the failed report changed the earlier workbook"
sqlite3 "$DB" .dump >"$TMP/after2.sql"
cmp -s "$TMP/before2.sql" "$TMP/after2.sql" || die "the failed report changed the database"
leftover=$(ls -A "$TMP" | grep -v -e '^ledger\.xlsx$' -e '^ledger\.before\.xlsx$' | grep -i 'xlsx' || true)
[ -z "$leftover" ] || die "the failed report left '$leftover' behind"
echo "report under ulimit -f: exit 3, '$(head -n 1 "$TMP/err")', earlier workbook unchanged"

