# t_safety_demo.sh — issue 12: `pledger demo --dir DIR` writes only into a
# directory that is new, empty, or one the demo made (it holds
# .pledger-demo), or one an earlier demo made before the mark (only the
# demo's entries, and a ledger built only from DIR/files/); anything else —
# an office's folder with its ledger — is refused and left as it was.
. "$(dirname "$0")/lib.sh"

demo() { "$PLEDGER" demo --loans 40 --dir "$@"; }
sum() { cksum "$1" | cut -d' ' -f1-2; }

# new, then again (marked), then empty
expect 0 demo "$TMP/new"
[ -f "$TMP/new/.pledger-demo" ] || die "no mark in the demo directory"
expect 0 demo "$TMP/new"
mkdir "$TMP/empty"
expect 0 demo "$TMP/empty"

# an office's folder: its ledger and papers are never touched
mkdir "$TMP/office"
cp "$TMP/new/pledger.db" "$TMP/office/pledger.db"
echo "signed 2023" > "$TMP/office/notes.txt"
before=$(sum "$TMP/office/pledger.db")
expect 3 demo "$TMP/office"
has "$TMP/err" "refusing to write the demo into"
[ "$(wc -l < "$TMP/err")" -eq 1 ] || die "more than one line"
[ "$(sum "$TMP/office/pledger.db")" = "$before" ] || die "the office's ledger changed"
[ "$(ls -A "$TMP/office" | tr '\n' ' ')" = "notes.txt pledger.db " ] || die "files added to the office folder"
# a folder with only a ledger in it (`demo --dir .` where the office works)
mkdir "$TMP/ledger"
cp "$TMP/new/pledger.db" "$TMP/ledger/pledger.db"
expect 3 demo "$TMP/ledger"
[ "$(sum "$TMP/ledger/pledger.db")" = "$before" ] || die "the ledger changed"
(cd "$TMP/ledger" && expect 3 "$PLEDGER" demo --loans 40 --dir .)
# a file is not a directory
echo x > "$TMP/afile"
expect 3 demo "$TMP/afile"

# an earlier demo (no mark): taken, so `make demo` goes on working
rm "$TMP/new/.pledger-demo"
expect 0 demo "$TMP/new"
[ -f "$TMP/new/.pledger-demo" ] || die "mark not added"
# ... but not when the office imported its own file into it
rm "$TMP/new/.pledger-demo"
cp "$SHARED/examples/enterprises.csv" "$TMP/own.csv"
"$PLEDGER" --db "$TMP/new/pledger.db" import enterprises "$TMP/own.csv" >/dev/null 2>&1 || die "import"
before=$(sum "$TMP/new/pledger.db")
expect 3 demo "$TMP/new"
[ "$(sum "$TMP/new/pledger.db")" = "$before" ] || die "a ledger with the office's imports changed"
