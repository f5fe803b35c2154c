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
#    (import of 1M rows vs sqlite3 .import), scripts/bench_subsidy.sh
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
# median and print the line).  Until a script prints BENCH lines, adapt()
# below reads the summary lines bench_report.sh and bench_subsidy.sh print
# today (one run each: their "median" column is that run, marked "(1 run)");
# any other script is shown by its exit status alone, with its last lines.
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

# adapt NAME LOG STATUS: BENCH lines from the summary lines of a script
# that does not print them yet (nothing when its output is not known).
adapt() {
	if [ "$3" -eq 0 ]; then _r=ok; else _r=FAIL; fi
	case $1 in
	bench_report)
		b=$(sed -n 's/^bench_report: baseline: \([0-9.]*\) s.*/\1/p' "$2" | tail -n 1)
		l=$(sed -n 's/^bench_report: pledger report ledger: \([0-9.]*\) s.*/\1/p' "$2" | tail -n 1)
		m=$(sed -n 's/^bench_report: pledger report ledger: .*peak RSS \([0-9]*\) MB.*/\1/p' "$2" | tail -n 1)
		[ -n "$b" ] && [ -n "$l" ] || return 0
		r=$(awk -v a="$l" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "0.00" }')
		echo "BENCH report ledger, 1M loans (1 run) vs minimal libxlsxwriter writer|$l|$b|$r|ratio<=1.5|$(( ${m:-0} * 1024 ))|102400|$_r"
		;;
	bench_subsidy)
		w=$(sed -n 's/^subsidy compute: wall \([0-9:.]*\) .*/\1/p' "$2" | tail -n 1)
		k=$(sed -n 's/^subsidy compute: .*peak RSS \([0-9]*\) kB.*/\1/p' "$2" | tail -n 1)
		[ -n "$w" ] || return 0
		sec=$(echo "$w" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
		echo "BENCH subsidy compute, 200k loans (1 run)|$sec|||time<2|${k:-0}|262144|$_r"
		;;
	esac
}

# 2. the module benches
for s in bench_import bench_subsidy bench_report; do
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
	elif adapt "$s" "$work/$s.log" "$st" | grep -q '^BENCH '; then
		adapt "$s" "$work/$s.log" "$st" >>"$lines"
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
	echo "Times are wall-clock medians of at least 3 runs, except rows marked"
	echo "(1 run): their script does not repeat yet.  Each baseline is measured"
	echo "in the same run on the same data.  Peak RSS is the largest maximum"
	echo "resident set size over the runs (/usr/bin/time)."
	echo "Result \`FAIL\` means a target was missed; \`make bench\` then exits 1."
} >docs/performance.md
echo
echo "written: docs/performance.md"
exit $fail
