# bench_lib.sh — helpers for scripts/bench*.sh (sourced; POSIX sh).
#
# The figures every bench script reports, one line per measured command,
# on stdout, that scripts/bench.sh collects into its table:
#
#   BENCH name|median_s|baseline_s|ratio|target|rss_kb|rss_target_kb|ok
#
#   name           what was measured, e.g. "import 1M loans"
#   median_s       median wall time of at least 3 runs, seconds (2 decimals)
#   baseline_s     the baseline's median, measured in the same run ("" if none)
#   ratio          median_s / baseline_s, 2 decimals ("" if no baseline)
#   target         the target as text: "ratio<=1.5", "time<2" (seconds), ...
#   rss_kb         peak RSS of the measured command (max over the runs), KB
#   rss_target_kb  the RSS limit in KB ("" if none)
#   ok             "ok" when every target is met, else "FAIL"
#
# bench_measure N CMD...   run CMD N times (stdout and stderr to /dev/null)
#                          with /usr/bin/time; sets BENCH_S (median wall, s)
#                          and BENCH_KB (max peak RSS, KB); returns CMD's
#                          failure if any run fails (with BENCH_ANY_EXIT=1
#                          it goes on and leaves the last exit status in
#                          BENCH_STATUS).
# bench_line NAME S BASE_S TARGET_RATIO TARGET_S KB TARGET_KB
#                          print the BENCH line, judging ok: ratio <=
#                          TARGET_RATIO (when given), S < TARGET_S (when
#                          given), KB < TARGET_KB (when given).  Returns 1
#                          when a target is missed.

bench_measure() {
	_n=$1; shift
	_f=$(mktemp "${TMPDIR:-/tmp}/bench-time-XXXXXX")
	_walls=""; BENCH_KB=0; _i=0
	while [ "$_i" -lt "$_n" ]; do
		/usr/bin/time -f '%e %M' -o "$_f" "$@" >/dev/null 2>&1
		BENCH_STATUS=$?
		if [ "$BENCH_STATUS" -ne 0 ] && [ -z "${BENCH_ANY_EXIT:-}" ]; then
			rm -f "$_f"
			return 1
		fi
		# time(1) writes "Command exited with non-zero status N" first
		sed -i '/^Command exited/d' "$_f"
		_walls="$_walls $(awk '{ print $1 }' "$_f")"
		_kb=$(awk '{ print $2 }' "$_f")
		[ "$_kb" -gt "$BENCH_KB" ] && BENCH_KB=$_kb
		_i=$((_i + 1))
	done
	rm -f "$_f"
	BENCH_S=$(echo "$_walls" | tr ' ' '\n' | grep . | sort -n \
		| awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }')
	return 0
}

bench_line() {
	_name=$1 _s=$2 _b=$3 _tr=$4 _ts=$5 _kb=$6 _tkb=$7
	_ok=ok; _ratio=""; _target=""
	if [ -n "$_b" ]; then
		_ratio=$(awk -v a="$_s" -v b="$_b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "0.00" }')
	fi
	if [ -n "$_tr" ]; then
		_target="ratio<=$_tr"
		awk -v r="$_ratio" -v t="$_tr" 'BEGIN { exit !(r + 0 <= t + 0) }' || _ok=FAIL
	fi
	if [ -n "$_ts" ]; then
		_target="${_target:+$_target }time<$_ts"
		awk -v s="$_s" -v t="$_ts" 'BEGIN { exit !(s + 0 < t + 0) }' || _ok=FAIL
	fi
	if [ -n "$_tkb" ] && [ "$_kb" -ge "$_tkb" ]; then
		_ok=FAIL
	fi
	echo "BENCH $_name|$_s|$_b|$_ratio|${_target:--}|$_kb|$_tkb|$_ok"
	[ "$_ok" = ok ]
}
