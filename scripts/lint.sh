#!/bin/sh
# lint.sh — checks the compiler cannot make (run by `make check`):
#  - banned libc calls (git's banned.h list, style.md rule 12);
#  - floating point in the money code (rules.md §1: money is int64 fen);
#    a double is allowed only at the xlsx cell boundary in reports/, on a
#    line marked "xlsx-boundary".
# Prints each offence as FILE:LINE: text and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
bad=0
srcs=$(ls ledger/*.c ledger/*.h import/*.c import/*.h reports/*.c reports/*.h cli/*.c cli/*.h 2>/dev/null)
[ -n "$srcs" ] || exit 0
if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atoll|atof|gets)[[:space:]]*\(' $srcs; then
	echo "lint: banned function (use snprintf, strtol/strtoll with checks, strtok_r)" >&2
	bad=1
fi
if grep -nE '\b(float|double|long double)\b' $srcs | grep -v 'xlsx-boundary' | grep -vE ':[[:space:]]*(/?\*|//)'; then
	echo "lint: floating point outside the xlsx boundary (money is int64 fen)" >&2
	bad=1
fi
exit $bad
