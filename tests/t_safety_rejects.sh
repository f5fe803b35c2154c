# t_safety_rejects.sh — issue 12, import.md §4: the rejects file is a new
# file only.  `--rejects PATH` that exists (the database, the input, any
# file, a device node) is refused before a row is read and left as it was;
# the default name takes the next free number (FILE.rejects-2.csv); pledger
# removes only a rejects file it made in this run.
. "$(dirname "$0")/lib.sh"

D="$(cd "$(dirname "$0")" && pwd)/data/import"
expect 0 p init
expect 0 p import enterprises "$SHARED/examples/enterprises.csv"
cp "$D/rejects_gb18030.csv" "$TMP/r.csv"
sum() { cksum "$1" | cut -d' ' -f1-2; }
loans() { sqlite3 "$DB" "SELECT count(*) FROM loans"; }

# the database, its -wal, the input: refused, by identity, before anything is written
db0=$(sum "$DB")
expect 3 p import loans --skip-invalid --rejects "$DB" "$TMP/r.csv"
has "$TMP/err" "it is the database"
[ "$(wc -l < "$TMP/err")" -eq 1 ] || die "more than one line"
[ "$(sum "$DB")" = "$db0" ] || die "database changed"
expect 3 p import loans --skip-invalid --rejects "$TMP/./t.db" "$TMP/r.csv"
expect 0 p loan list                     # the database still opens
in0=$(sum "$TMP/r.csv")
expect 3 p import loans --skip-invalid --rejects "$TMP/../$(basename "$TMP")/r.csv" "$TMP/r.csv"
[ "$(sum "$TMP/r.csv")" = "$in0" ] || die "input changed"
[ "$(loans)" -eq 0 ] || die "rows written after a refused rejects path"

# an existing file is never truncated nor removed
echo "precious" > "$TMP/keep.csv"
expect 3 p import loans --skip-invalid --rejects "$TMP/keep.csv" "$TMP/r.csv"
has "$TMP/err" "already exists"
[ "$(cat "$TMP/keep.csv")" = precious ] || die "existing --rejects file changed"
if mknod "$TMP/nul" c 1 3 2>/dev/null; then
	expect 3 p import loans --skip-invalid --rejects "$TMP/nul" "$TMP/r.csv"
	[ -c "$TMP/nul" ] || die "device node removed"
	rm -f "$TMP/nul"
else
	echo "SKIP: mknod not permitted: device node case not tried"
fi

# the default name: an existing FILE.rejects.csv is kept, the next number is used
echo "older" > "$TMP/r.csv.rejects.csv"
expect 0 p import loans --skip-invalid "$TMP/r.csv"
has "$TMP/out" "r.csv.rejects-2.csv"
[ "$(cat "$TMP/r.csv.rejects.csv")" = older ] || die "the older rejects file changed"
[ -s "$TMP/r.csv.rejects-2.csv" ] || die "no r.csv.rejects-2.csv"
iconv -f GB18030 -t UTF-8 "$TMP/r.csv.rejects-2.csv" | grep -q 'R-002' || die "rejected row missing"

# nothing rejected: the file made in this run is removed, the older one stays
iconv -f GB18030 -t UTF-8 "$TMP/r.csv" | sed 's/-2000\.00/2000.00/; s/R-00/S-00/' | iconv -f UTF-8 -t GB18030 > "$TMP/s.csv"
echo "older" > "$TMP/s.csv.rejects.csv"
expect 0 p import loans --skip-invalid "$TMP/s.csv"
has "$TMP/out" "0 rejected"
[ "$(cat "$TMP/s.csv.rejects.csv")" = older ] || die "an older rejects file was removed"
[ ! -e "$TMP/s.csv.rejects-2.csv" ] || die "an empty rejects file of this run was kept"
