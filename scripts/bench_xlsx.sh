#!/bin/sh
# bench_xlsx.sh — speed and memory of `pledger import loans BOOK.xlsx`
# (import.md §1 "Excel workbooks", issue 13), against baselines measured
# in the same run on the same rows:
#
#   - 100 000 generated loan rows (scripts/gen_loans.py) written as an
#     .xlsx by openpyxl (scripts/bench_xlsx_gen.py: numbers, dates, text);
#   - pledger importing the .xlsx (parse, validate, store) vs openpyxl
#     merely reading it (load_workbook(read_only=True) and iterating):
#     target ratio <= 0.25;
#   - pledger importing the .xlsx vs pledger importing the same rows as
#     CSV: target ratio <= 1.5;
#   - peak RSS flat in rows: from 10 000 to 100 000 rows the .xlsx import's
#     peak grows at most 8 MB more than the CSV import's (whose flatness
#     scripts/bench_import.sh checks up to a million rows): SQLite's page
#     cache grows with the database either way; the reader must add nothing.
#
# Each command runs once (the openpyxl baseline takes a minute or more);
# the ratios compare runs made seconds apart.  Prints the BENCH lines of
# scripts/bench_lib.sh for scripts/bench.sh (`make bench`); exits 1 when a
# target is missed.
#
# Usage: scripts/bench_xlsx.sh [ROWS]   (ROWS: 100000)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench_lib.sh"
PLEDGER=${PLEDGER:-$here/../pledger}
PY=${PY:-/usr/bin/python3}
N=${1:-100000}
SMALL=$((N / 10))
W=$(mktemp -d "${TMPDIR:-/tmp}/pledger-benchx-XXXXXX")
trap 'rm -rf "$W"' EXIT
[ -x "$PLEDGER" ] || { echo "bench_xlsx: build pledger first ($PLEDGER)" >&2; exit 2; }

echo "generating $N rows as CSV and .xlsx ..." >&2
"$PY" "$here/gen_loans.py" "$N" "$W/rows.csv"
head -n $((SMALL + 1)) "$W/rows.csv" >"$W/small.csv"
"$PY" "$here/bench_xlsx_gen.py" "$W/rows.csv" "$W/rows.xlsx"
"$PY" "$here/bench_xlsx_gen.py" "$W/small.csv" "$W/small.xlsx"
cat >"$W/read.py" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
print(n)
PYEOF

fresh() { rm -f "$1" "$1-wal" "$1-shm"; "$PLEDGER" --db "$1" init >/dev/null; }
# one LABEL CMD...: run once; seconds and peak RSS into $W/LABEL.s, .kb
one() {
	label=$1; shift
	/usr/bin/time -f '%e %M' -o "$W/$label.t" "$@" >"$W/$label.out" 2>&1 || {
		cat "$W/$label.out" >&2; echo "bench_xlsx: '$label' failed" >&2; exit 2; }
	sed -i '/^Command exited/d' "$W/$label.t"
	awk '{ print $1 }' "$W/$label.t" >"$W/$label.s"
	awk '{ print $2 }' "$W/$label.t" >"$W/$label.kb"
}
fresh "$W/x.db"; one xlsx "$PLEDGER" --db "$W/x.db" import loans "$W/rows.xlsx"
fresh "$W/c.db"; one csv "$PLEDGER" --db "$W/c.db" import loans "$W/rows.csv"
fresh "$W/s.db"; one small "$PLEDGER" --db "$W/s.db" import loans "$W/small.xlsx"
fresh "$W/t.db"; one smallcsv "$PLEDGER" --db "$W/t.db" import loans "$W/small.csv"
one openpyxl "$PY" "$W/read.py" "$W/rows.xlsx"
grep -q "$N rows, $N new" "$W/xlsx.out" || { cat "$W/xlsx.out"; echo "bench_xlsx: not every row imported" >&2; exit 2; }
grep -q "^$((N + 1))\$" "$W/openpyxl.out" || { cat "$W/openpyxl.out"; echo "bench_xlsx: openpyxl read a different count" >&2; exit 2; }

v() { cat "$W/$1"; }
status=0
bench_line "import $N loans .xlsx vs openpyxl read-only read" "$(v xlsx.s)" "$(v openpyxl.s)" 0.25 "" \
	"$(v xlsx.kb)" 65536 || status=1
bench_line "import $N loans .xlsx vs the same rows as CSV" "$(v xlsx.s)" "$(v csv.s)" 1.5 "" \
	"$(v xlsx.kb)" 65536 || status=1
flat=$(awk -v a="$(v xlsx.kb)" -v b="$(v small.kb)" -v c="$(v csv.kb)" -v d="$(v smallcsv.kb)" \
	'BEGIN { print ((a - b) - (c - d) <= 8192) ? "ok" : "FAIL" }')
echo "BENCH .xlsx import peak RSS growth $SMALL -> $N rows (CSV: $(v smallcsv.kb) -> $(v csv.kb) KB)|||||$(v xlsx.kb)|65536|$flat"
[ "$flat" = ok ] || status=1
exit $status
