#!/bin/sh
# bench_web.sh — the workbench under load (scripts/bench_web.py): eight
# signed-in clients on a 20 000-loan demo database, p99 per page and the
# throughput against the static style sheet.  BENCH lines on stdout.
set -u
cd "$(dirname "$0")/.."
: "${PLEDGER:=$(pwd)/pledger}"
work=$(mktemp -d "${TMPDIR:-/tmp}/pledger-benchweb-XXXXXX")
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 scripts/bench_web.py "$PLEDGER" "$work" "${BENCH_WEB_SECONDS:-10}" "${BENCH_WEB_LOANS:-20000}"
