#!/bin/sh
# run-scripts.sh — run every tests/t_*.sh (CLI-level tests: examples, xlsx
# read-back, refusals).  Each script gets PLEDGER (the binary), EXAMPLES
# (the sample files: tests/data/examples), SHARED (the shared folder, which
# only t_examples_copy.sh reads, and which may be absent), PY
# (/usr/bin/python3) and a private TMP directory, and
# fails with a non-zero exit (77: skipped, shown as SKIP with the script's
# last line, never silently).  Prints one line per script and the closing
# "N passed, N failed" line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${PLEDGER:?PLEDGER must name the pledger binary}"
: "${SHARED:=$here/../../shared}"
: "${EXAMPLES:=$here/data/examples}"
PY=${PY:-/usr/bin/python3}
export PLEDGER SHARED EXAMPLES PY
# messages in English whatever the locale (t_cli_zh.sh asks for Chinese)
PLEDGER_LANG=en
export PLEDGER_LANG
pass=0; fail=0; skip=0; failed=""
for t in "$here"/t_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/pledger-$name-XXXXXX")
	export TMP
	sh "$t" >"$TMP/log" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		pass=$((pass + 1)); echo "PASS: $name"
	elif [ "$status" -eq 77 ]; then
		skip=$((skip + 1)); echo "SKIP: $name ($(tail -n 1 "$TMP/log"))"
	else
		fail=$((fail + 1)); failed="$failed $name"; echo "FAIL: $name"
		sed 's/^/    /' "$TMP/log" | tail -n 40
	fi
	[ "$fail" -eq 0 ] || [ -n "${KEEP_TMP:-}" ] || true
	rm -rf "$TMP"
done
echo "scripts: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
