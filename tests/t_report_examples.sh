# t_report_examples.sh — reports.md on the shared sample data: import per
# examples/manifest.json, compute (and finalize, except do_not_finalize)
# each city-year, then read the workbooks back (tests/xlsx_check.py):
#  - each disbursement list row by row against the independently computed
#    examples/expected/subsidy_<code>_<year>.csv, its 本年兑付 total and the
#    capital numerals of that total; （草稿） exactly on draft runs;
#  - the PBoC workbook of 2024 against figures computed in the checker from
#    examples/truth.json (new loans, by pledge type, balance at the end);
#  - the ledger: every loan and policy of truth.json, totals, autofilter.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
CHECK="$here/xlsx_check.py"
EX="$EXAMPLES"
[ -f "$EX/manifest.json" ] || die "no $EX/manifest.json"

expect 0 p init
"$PY" - "$EX" >"$TMP/steps" <<'PYEOF'
import json, os, shlex, sys
ex = sys.argv[1]
m = json.load(open(os.path.join(ex, "manifest.json")))
for s in m.get("scheme", []):
    print(" ".join(shlex.quote(str(x)) for x in
                   ("scheme", "set", "--city", s["city"], s["key"], s["value"])))
for e in m["imports"]:
    print(" ".join(shlex.quote(x) for x in e[:-1] + [os.path.join(ex, e[-1])]))
for c in m["cities"]:
    for y in m["years"]:
        print("RUN %s %s %d %d" % (c["code"], c["name"], y, y in m["do_not_finalize"]))
PYEOF
while read -r line; do
	case $line in
	RUN\ *)
		set -- $line
		code=$2 name=$3 year=$4 draft=$5
		expect 0 p subsidy compute --city "$code" --year "$year"
		out="$TMP/s_${code}_$year.xlsx"
		expect 0 p report subsidy --city "$name" --year "$year" -o "$out"
		"$PY" "$CHECK" subsidy-csv "$out" "$EX/expected/subsidy_${code}_$year.csv"
		"$PY" "$CHECK" title "$out" "$name${year}年度知识产权质押贷款贴息及专利保险保费补助兑付清单（草稿）"
		if [ "$draft" = 0 ]; then
			expect 0 p subsidy finalize --city "$code" --year "$year"
			expect 0 p report subsidy --city "$code" --year "$year" -o "$out"
			"$PY" "$CHECK" title "$out" "$name${year}年度知识产权质押贷款贴息及专利保险保费补助兑付清单"
			"$PY" "$CHECK" subsidy-csv "$out" "$EX/expected/subsidy_${code}_$year.csv"
		fi
		continue ;;
	esac
	eval "set -- $line"
	expect 0 p "$@"
done <"$TMP/steps"

for code in 330783 330382; do
	expect 0 p report pboc --city "$code" --period 2024 -o "$TMP/p_$code.xlsx"
	"$PY" "$CHECK" pboc-truth "$TMP/p_$code.xlsx" "$EX/truth.json" "$code" 2024-01-01 2024-12-31
	expect 0 p report pboc --city "$code" --period 2023Q2 -o "$TMP/q_$code.xlsx"
	"$PY" "$CHECK" pboc-truth "$TMP/q_$code.xlsx" "$EX/truth.json" "$code" 2023-04-01 2023-06-30
done
expect 0 p report ledger -o "$TMP/ledger.xlsx"
"$PY" "$CHECK" ledger-truth "$TMP/ledger.xlsx" "$EX/truth.json"
