#!/bin/sh
# fuzz-smoke.sh — build the libFuzzer targets (tests/fuzz/fuzz_*.c, clang
# with ASan + UBSan, `make fuzz-build`) and run each for SECONDS (default
# 30) on a scratch copy of its seed corpus tests/fuzz/corpus/<name>/.
#
#   sh scripts/fuzz-smoke.sh [SECONDS]
#
# Exits 1 when any target crashes, leaks, trips a sanitizer or breaks an
# invariant (libFuzzer exits non-zero); the offending input is kept in
# build-fuzz/artifacts/ and its log tail is printed.  CI runs it with 30.
set -u
cd "$(dirname "$0")/.."
secs=${1:-30}
mkdir -p build-fuzz/artifacts
make --no-print-directory fuzz-build >build-fuzz/build.log 2>&1 || {
	tail -n 40 build-fuzz/build.log >&2
	echo "fuzz-smoke: build failed (clang, libclang-rt-14-dev needed)" >&2
	exit 1
}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
fail=0
for bin in build-fuzz/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	seeds="tests/fuzz/corpus/$name"
	work=$(mktemp -d "${TMPDIR:-/tmp}/pledger-$name-XXXXXX")
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
		-print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$name-" $dict \
		"$work" "$seeds" >"$work.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
		echo "PASS: $name (${runs:-?} runs in ${secs}s)"
	else
		fail=1
		echo "FAIL: $name"
		tail -n 40 "$work.log" | sed 's/^/    /'
	fi
	rm -rf "$work" "$work.log"
done
exit $fail
