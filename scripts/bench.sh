#!/bin/sh
# bench.sh — `make bench`: speed and memory figures, in one table, with the
# baselines measured in the same run (not part of make check).
#
#   sh scripts/bench.sh
#
# Builds ./pledger, then:
#  - measures `pledger demo` (the whole job on the default sample, 3000
#    loans: generate, import, compute and finalize 2023 and 2024, every
#    workbook), median of 3 runs;
#  - runs the other bench scripts that exist: scripts/bench_import.sh
#    (import of 1M rows vs sqlite3 .import), scripts/bench_xlsx.sh (a
#    100k-row .xlsx import vs openpyxl reading it and vs the same rows as
#    CSV), scripts/bench_subsidy.sh
#    (subsidy compute at 200k loans), scripts/bench_report.sh (ledger
#    report vs a minimal libxlsxwriter writer);
#  - prints one table (command, median, baseline, ratio, target, peak RSS,
#    result) and writes it to docs/performance.md with the machine and date;
#  - exits 1 when any target is missed (or a script fails).
#
# Line format: each bench script prints, per measured command,
#
#   BENCH name|median_s|baseline_s|ratio|target|rss_kb|rss_target_kb|ok
#
# (scripts/bench_lib.sh has the fields' meaning and helpers that measure a
# median and print the line).  A script that prints no BENCH line is shown
# by its exit status alone, with its last lines.
set -u
cd "$(dirname "$0")/.."
. scripts/bench_lib.sh
make --no-print-directory pledger >/dev/null || { echo "bench: build failed" >&2; exit 1; }
PLEDGER=$(pwd)/pledger
export PLEDGER
work=$(mktemp -d "${TMPDIR:-/tmp}/pledger-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
lines="$work/lines"
: >"$lines"
fail=0

# 1. the demo, end to end
echo "bench: pledger demo (3 runs)" >&2
BENCH_ANY_EXIT=1 bench_measure 3 "$PLEDGER" demo --dir "$work/demo"
if [ "$BENCH_STATUS" -eq 0 ]; then
	bench_line "demo: whole job, 3000 loans" "$BENCH_S" "" "" 30 "$BENCH_KB" 262144 >>"$lines" || fail=1
else
	echo "BENCH demo: whole job, 3000 loans (exit $BENCH_STATUS)|$BENCH_S|||time<30|$BENCH_KB|262144|FAIL" >>"$lines"
	fail=1
fi


# 2. the module benches
for s in bench_import bench_xlsx bench_subsidy bench_report bench_web; do
	f=scripts/$s.sh
	if [ ! -f "$f" ]; then
		echo "BENCH $s (script not in this tree)|||||||skipped" >>"$lines"
		continue
	fi
	echo "bench: $f" >&2
	sh "$f" >"$work/$s.log" 2>&1
	st=$?
	if grep -q '^BENCH ' "$work/$s.log"; then
		grep '^BENCH ' "$work/$s.log" >>"$lines"
		grep '^BENCH ' "$work/$s.log" | grep -q '|FAIL$' && fail=1
		[ "$st" -eq 0 ] || fail=1
	else
		if [ "$st" -eq 0 ]; then r=ok; else r=FAIL; fail=1; fi
		echo "BENCH $s (exit $st; see below)|||||||$r" >>"$lines"
	fi
	if [ "$st" -ne 0 ]; then
		echo "--- $f (last lines):" >&2
		tail -n 8 "$work/$s.log" >&2
	fi
done

# 3. the table, on stdout and in docs/performance.md
table() {   # $1: "md" or "text"
	sed 's/^BENCH //' "$lines" | awk -F'|' -v md="$1" '
	function mb(k) { return k == "" ? "" : sprintf("%.0f MB", k / 1024) }
	BEGIN {
		if (md == "md") {
			print "| command | median s | baseline s | ratio | target | peak RSS | RSS limit | result |"
			print "|---|--:|--:|--:|---|--:|--:|---|"
		}
		else printf "%-62s %9s %10s %6s %-20s %9s %9s %s\n", "command", "median s", "baseline s",
			"ratio", "target", "peak RSS", "RSS limit", "result"
	}
	{
		if (md == "md") printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, mb($6), mb($7), $8
		else printf "%-62s %9s %10s %6s %-20s %9s %9s %s\n", $1, $2, $3, $4, $5, mb($6), mb($7), $8
	}'
}
echo
table text

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
	echo "# Performance"
	echo
	echo "Written by \`make bench\` (scripts/bench.sh); do not edit by hand."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- machine: $(uname -srm), ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') cores, ${mem:-? GB} RAM"
	echo "- pledger: $("$PLEDGER" --version 2>/dev/null), sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
	echo
	table md
	echo
	echo "Times are wall-clock medians of at least 3 runs, except the million-row"
	echo "imports and the floor, run once each (a run takes minutes; ratios compare"
	echo "runs made minutes apart).  Each baseline is"
	echo "measured in the same run on the same data.  Peak RSS is the largest maximum"
	echo "resident set size over the runs (/usr/bin/time)."
	echo "Result \`FAIL\` means a target was missed; \`make bench\` then exits 1."
	echo "Result \`info\` has no target: the floor line times SQLite alone writing"
	echo "the rows pledger imported into a fresh pledger database (INSERT ... SELECT,"
	echo "same keys, foreign keys, lock triggers and index rebuild; scripts/bench_floor.py),"
	echo "the part of the import ratio that no import code can remove."
} >docs/performance.md
echo
echo "written: docs/performance.md"
exit $fail
