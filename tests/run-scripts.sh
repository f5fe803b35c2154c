#!/bin/sh
# run-scripts.sh — run every tests/t_*.sh (CLI-level tests: examples, xlsx
# read-back, refusals).  Each script gets PLEDGER (the binary), SHARED (the
# shared folder), PY (/usr/bin/python3) and a private TMP directory, and
# fails with a non-zero exit.  Prints one line per script and the closing
# "N passed, N failed" line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${PLEDGER:?PLEDGER must name the pledger binary}"
: "${SHARED:=$here/../../shared}"
PY=${PY:-/usr/bin/python3}
export PLEDGER SHARED PY
pass=0; fail=0; failed=""
for t in "$here"/t_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/pledger-$name-XXXXXX")
	export TMP
	if sh "$t" >"$TMP/log" 2>&1; then
		pass=$((pass + 1)); echo "PASS: $name"
	else
		fail=$((fail + 1)); failed="$failed $name"; echo "FAIL: $name"
		sed 's/^/    /' "$TMP/log" | tail -n 40
	fi
	[ "$fail" -eq 0 ] || [ -n "${KEEP_TMP:-}" ] || true
	rm -rf "$TMP"
done
echo "scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
