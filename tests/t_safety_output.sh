# t_safety_output.sh — issue 12, cli.md Global: an output path (`report -o`)
# is never the database (nor its -wal/-shm) by identity, never a device,
# directory, symbolic link or read-only file; a full disk or a full /tmp
# never gives a corrupt workbook with exit 0, and says so in one
# "pledger: " line; an interrupted report leaves nothing; a later run
# removes the temporaries a dead run left.  The mount tests need root and
# a kernel that lets `unshare -m` mount a small tmpfs (CI runs as root).
. "$(dirname "$0")/lib.sh"

D="$TMP/d"
expect 0 "$PLEDGER" demo --dir "$D"
DB="$D/pledger.db"
cd "$D"
sum() { cksum "$DB" | cut -d' ' -f1-2; }
one_line() {  # stderr is exactly one "pledger: " line
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || { cat "$TMP/err" >&2; die "stderr is not one line"; }
	grep -q '^pledger: ' "$TMP/err" || die "stderr does not start 'pledger: '"
}
no_temps() {  # no hidden temporary workbook left in $1
	if ls -a "$1" | grep -q '\.pledger-[0-9]'; then ls -a "$1" >&2; die "temporary file left in $1"; fi
}

# --- the database, by identity, not spelling ---
before=$(sum)
expect 3 p report ledger -o "$DB"
has "$TMP/err" "it is the database"
expect 3 p report ledger -o ./pledger.db
expect 3 p report ledger -o "$D/../d/pledger.db"
ln "$DB" hard.db
expect 3 p report ledger -o hard.db
rm -f hard.db
expect 3 p report ledger -o pledger.db-wal
has "$TMP/err" "-wal"
expect 3 p report ledger -o pledger.db-shm
[ "$(sum)" = "$before" ] || die "the database changed"
expect 0 p loan list
no_temps "$D"

# --- only an absent path or a writable regular file ---
expect 0 p report ledger -o ok.xlsx
has "$TMP/out" "wrote ok.xlsx"
"$PY" -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None' ok.xlsx \
	|| die "ok.xlsx is not a whole zip"
expect 0 p report ledger -o ok.xlsx           # a writable regular file is replaced
mkdir adir
expect 3 p report ledger -o adir
has "$TMP/err" "directory"
echo keep > target.txt
ln -s target.txt link.xlsx
expect 3 p report ledger -o link.xlsx
one_line
has "$TMP/err" "symbolic link"
[ -L link.xlsx ] && [ "$(cat target.txt)" = keep ] || die "the link or its target changed"
echo ro > ro.xlsx
chmod 444 ro.xlsx
expect 3 p report ledger -o ro.xlsx
one_line
has "$TMP/err" "read-only"
[ "$(cat ro.xlsx)" = ro ] || die "read-only file replaced"
# a device node (never the system's /dev/null: one made here)
if mknod nul c 1 3 2>/dev/null; then
	expect 3 p report ledger -o nul
	one_line
	has "$TMP/err" "not a regular file"
	[ -c nul ] || die "the device node was replaced"
	rm -f nul
else
	echo "SKIP: mknod not permitted (not root): device node case not tried"
fi
if [ -c /dev/full ]; then
	expect 3 p report ledger -o /dev/full
	one_line
	[ -c /dev/full ] || die "/dev/full replaced"
fi
no_temps "$D"

# --- stale temporaries of a dead run are removed, a live run's are kept ---
dead=$(sh -c 'echo $$')
touch ".ok.xlsx.pledger-$dead.abcdef" ".ok.xlsx.pledger-$$.abcdef" ".ok.xlsx.other"
expect 0 p report ledger -o ok.xlsx
[ ! -e ".ok.xlsx.pledger-$dead.abcdef" ] || die "stale temporary of a dead run kept"
[ -e ".ok.xlsx.pledger-$$.abcdef" ] || die "a live run's temporary removed"
[ -e ".ok.xlsx.other" ] || die "a file that is not pledger's removed"
rm -f ".ok.xlsx.pledger-$$.abcdef" .ok.xlsx.other

# --- SIGTERM and SIGINT during a report remove its temporary workbook ---
expect 0 "$PLEDGER" demo --dir "$TMP/big" --loans 20000
for sig in TERM INT; do
	"$PLEDGER" --db "$TMP/big/pledger.db" report ledger -o "$TMP/big/r.xlsx" >/dev/null 2>&1 &
	pid=$!
	i=0
	until ls -a "$TMP/big" | grep -q '^\.r\.xlsx\.pledger-'; do
		i=$((i + 1)); [ $i -lt 400 ] || die "no temporary workbook seen"
		sleep 0.01
	done
	kill -$sig $pid
	set +e; wait $pid; st=$?; set -e
	[ $st -gt 128 ] || die "report not killed by SIG$sig (exit $st)"
	no_temps "$TMP/big"
	[ ! -e "$TMP/big/r.xlsx" ] || die "SIG$sig left a workbook"
done

# --- full disks (tmpfs in a private mount namespace) ---
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	echo "SKIP: not root or unshare -m refused: full-disk cases not tried"
	exit 0
fi
mkdir -p "$TMP/mnt"
# the output directory is full: exit 3, one line, nothing left
set +e
unshare -m sh -c 'mount -t tmpfs -o size=256k tmpfs "$1" && cd "$1" &&
	"$2" --db "$3" report ledger -o out.xlsx; st=$?; ls -a "$1" > "$4/ls"; exit $st' \
	sh "$TMP/mnt" "$PLEDGER" "$DB" "$TMP" >"$TMP/out" 2>"$TMP/err"
st=$?
set -e
[ $st -eq 3 ] || { cat "$TMP/err" >&2; die "full output disk exited $st, expected 3"; }
one_line
! grep -q 'ERROR' "$TMP/err" || die "libxlsxwriter's own lines on stderr"
! grep -q 'out.xlsx\|pledger-' "$TMP/ls" || { cat "$TMP/ls" >&2; die "files left on the full disk"; }
# /tmp is full: the report keeps its temporaries beside the output, exit 0, whole workbook
set +e
# ($D is under /tmp: it is bound on /mnt before a full tmpfs hides /tmp)
unshare -m sh -c 'mount --bind "$1" /mnt && mount -t tmpfs -o size=64k tmpfs /tmp &&
	{ dd if=/dev/zero of=/tmp/fill bs=4k count=64 2>/dev/null; true; } &&
	"$2" --db /mnt/pledger.db report ledger -o /mnt/full-tmp.xlsx' \
	sh "$D" "$PLEDGER" >"$TMP/out" 2>"$TMP/err"
st=$?
set -e
[ $st -eq 0 ] || { cat "$TMP/err" >&2; die "full /tmp exited $st"; }
"$PY" - "$D/full-tmp.xlsx" "$D/ok.xlsx" <<'PYEOF' || die "full /tmp gave a workbook that differs"
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
assert a.testzip() is None
sheets = [n for n in b.namelist() if n.startswith("xl/worksheets/sheet")]
assert sheets
for n in sheets:
    assert a.read(n) == b.read(n), n
PYEOF
echo "full-disk cases tried"
