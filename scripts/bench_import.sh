#!/bin/sh
# bench_import.sh — speed and memory of `pledger import loans` (import.md §4
# "Imports stream"), measured in the same run against sqlite3's own CSV
# import into an untyped table:
#
#   - 1 000 000 valid loan rows (valid USCCs and patent check digits,
#     realistic values; scripts/gen_loans.py), as UTF-8 and as GB18030;
#   - pledger import (validating every field) vs
#     sqlite3 -cmd '.mode csv' DB '.import FILE t';
#   - peak RSS (/usr/bin/time -v) at 100 000 and 1 000 000 rows;
#   - without a target, the floor: SQLite alone writing the rows pledger
#     imported into a fresh pledger database (scripts/bench_floor.py), so
#     the table shows how much of the ratio is SQLite's cost of the schema.
#
# Targets: pledger within 2x of sqlite3; GB18030 within 1.2x of UTF-8;
# peak RSS under 64 MB and flat (1M within 25 % or 8 MB of 100k).
# Prints a table of figures and ratios; exits 1 when a target is missed.
# Not part of `make check` (the lead's `make bench` calls it).
#
# Usage: scripts/bench_import.sh [PLEDGER] [ROWS]   (ROWS: 1000000)
# It prints, besides its own table, the BENCH lines of scripts/bench_lib.sh
# that scripts/bench.sh (`make bench`) collects.  Each import is run once:
# at a million rows a run takes minutes, and the ratios compare runs made
# minutes apart on the same machine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench_lib.sh"
PLEDGER=${PLEDGER:-$here/../pledger}
case "${1:-}" in
'' | *[!0-9]*) [ -n "${1:-}" ] && PLEDGER=$1; N=${2:-1000000} ;;
*) N=$1 ;;
esac
PY=${PY:-/usr/bin/python3}
SMALL=$((N / 10))
W=$(mktemp -d "${TMPDIR:-/tmp}/pledger-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT

[ -x "$PLEDGER" ] || { echo "bench_import: build pledger first ($PLEDGER)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench_import: sqlite3 not found" >&2; exit 2; }

echo "generating $N rows ..." >&2
"$PY" "$here/gen_loans.py" "$N" "$W/utf8.csv"
iconv -f UTF-8 -t GB18030 "$W/utf8.csv" >"$W/gb.csv"
head -n $((SMALL + 1)) "$W/utf8.csv" >"$W/small.csv"

# run LABEL CMD...: wall seconds and peak RSS (kB) into $W/LABEL.{s,kb}
run() {
	label=$1; shift
	/usr/bin/time -v "$@" >"$W/$label.out" 2>"$W/$label.time" || {
		cat "$W/$label.out" "$W/$label.time" >&2
		echo "bench_import: '$label' failed" >&2; exit 2; }
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$W/$label.time" >"$W/$label.s"
	awk -F': ' '/Maximum resident set size/ { print $2 }' "$W/$label.time" >"$W/$label.kb"
}
fresh() { rm -f "$1" "$1-wal" "$1-shm"; "$PLEDGER" --db "$1" init >/dev/null; }

fresh "$W/a.db"; run pledger_utf8 "$PLEDGER" --db "$W/a.db" import loans "$W/utf8.csv"
fresh "$W/b.db"; run pledger_gb "$PLEDGER" --db "$W/b.db" import loans "$W/gb.csv"
fresh "$W/c.db"; run pledger_small "$PLEDGER" --db "$W/c.db" import loans "$W/small.csv"
rm -f "$W/s.db"; run sqlite3 sqlite3 -cmd '.mode csv' "$W/s.db" ".import $W/utf8.csv t"
# the floor: SQLite alone writing the rows pledger imported (bench_floor.py)
fresh "$W/f.db"; run floor "$PY" "$here/bench_floor.py" "$W/a.db" "$W/f.db"
grep -q "$N rows, $N new" "$W/pledger_utf8.out" || { cat "$W/pledger_utf8.out"; echo "bench_import: not every row imported" >&2; exit 2; }
grep -q "$N rows, $N new" "$W/pledger_gb.out" || { cat "$W/pledger_gb.out"; echo "bench_import: not every GB18030 row imported" >&2; exit 2; }

v() { cat "$W/$1"; }
status=0
bench_line "import $N loans UTF-8 vs sqlite3 .import" "$(v pledger_utf8.s)" "$(v sqlite3.s)" 2.0 "" \
	"$(v pledger_utf8.kb)" 65536 || status=1
bench_line "import $N loans GB18030 vs UTF-8" "$(v pledger_gb.s)" "$(v pledger_utf8.s)" 1.2 "" \
	"$(v pledger_gb.kb)" 65536 || status=1
# no target: how much of the ratio above is SQLite's own writing of the rows
floor_ratio=$(awk -v a="$(v floor.s)" -v b="$(v sqlite3.s)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "BENCH floor: SQLite writing the same $N loans into pledger's schema vs sqlite3 .import|$(v floor.s)|$(v sqlite3.s)|$floor_ratio|-|$(v floor.kb)||info"
# flat: the peak at N rows within 25 % (or 8 MB) of the peak at N/10 rows
flat=$(awk -v a="$(v pledger_utf8.kb)" -v b="$(v pledger_small.kb)" \
	'BEGIN { print ((a - b) <= 8192 || a <= b * 1.25) ? "ok" : "FAIL" }')
echo "BENCH import peak RSS flat $SMALL -> $N rows|||||$(v pledger_utf8.kb)|65536|$flat"
[ "$flat" = ok ] || status=1
echo
awk -v n="$N" -v small="$SMALL" \
    -v pu="$(v pledger_utf8.s)" -v pg="$(v pledger_gb.s)" -v sq="$(v sqlite3.s)" \
    -v ru="$(v pledger_utf8.kb)" -v rg="$(v pledger_gb.kb)" -v rs="$(v pledger_small.kb)" \
    -v rq="$(v sqlite3.kb)" -v fl="$(v floor.s)" 'BEGIN {
	fail = 0
	printf "%-34s %12s %12s\n", "run", "seconds", "peak RSS MB"
	printf "%-34s %12.2f %12.1f\n", "sqlite3 .import (untyped table)", sq, rq / 1024
	printf "%-34s %12.2f %12.1f\n", "pledger import loans, UTF-8", pu, ru / 1024
	printf "%-34s %12.2f %12.1f\n", "pledger import loans, GB18030", pg, rg / 1024
	printf "%-34s %12s %12.1f\n", "pledger import loans, " small " rows", "", rs / 1024
	printf "%-34s %12.2f\n", "floor: SQLite writing those rows", fl
	printf "\n%-44s %8s %8s %s\n", "ratio", "value", "target", "result"
	r1 = sq > 0 ? pu / sq : 0; ok1 = r1 <= 2.0
	r2 = pu > 0 ? pg / pu : 0; ok2 = r2 <= 1.2
	ok3 = ru / 1024 < 64 && rg / 1024 < 64
	ok4 = (ru - rs) <= 8192 || ru <= rs * 1.25
	printf "%-44s %8.2f %8s %s\n", "pledger UTF-8 / sqlite3", r1, "<= 2.00", ok1 ? "ok" : "MISSED"
	printf "%-44s %8.2f %8s %s\n", "pledger GB18030 / pledger UTF-8", r2, "<= 1.20", ok2 ? "ok" : "MISSED"
	printf "%-44s %8.1f %8s %s\n", "peak RSS MB at " n " rows", (ru > rg ? ru : rg) / 1024, "< 64", ok3 ? "ok" : "MISSED"
	printf "%-44s %8.1f %8s %s\n", "RSS growth MB, " small " -> " n " rows", (ru - rs) / 1024, "flat", ok4 ? "ok" : "MISSED"
	printf "%-44s %8.1f\n", "pledger rows per second (UTF-8)", n / (pu > 0 ? pu : 1)
	printf "%-44s %8.2f %8s %s\n", "floor / sqlite3 (no import code at all)", (sq > 0 ? fl / sq : 0), "", "info"
	exit (ok1 && ok2 && ok3 && ok4) ? 0 : 1
}' || status=1
exit $status
