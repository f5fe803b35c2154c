# t_subsidy.sh — `pledger subsidy` on the command line (cli.md, rules.md §7):
# usage errors, byte-identical CSV, the table, explain, finalize/reopen,
# two finalizes at once, and refusal of changes to a finalized run from
# each entry path (import of every kind, import undo, manual entry once
# `loan add`/`policy add` exist; scheme set is not refused).
. "$(dirname "$0")/lib.sh"

EX="$EXAMPLES"
DY=东阳市
dump() { sqlite3 "$DB" "SELECT * FROM loans; SELECT * FROM loan_rights; SELECT * FROM policies;
	SELECT * FROM contributions; SELECT * FROM bars; SELECT * FROM enterprises;
	SELECT * FROM subsidy_runs; SELECT * FROM run_rows; SELECT * FROM run_items;
	SELECT * FROM run_carry; SELECT * FROM run_rights;"; }

# --- usage (exit 2) and unknown things (exit 1) ---
expect 0 p init
expect 2 p subsidy
expect 2 p subsidy frobnicate --city $DY --year 2024
expect 2 p subsidy compute --city $DY
has "$TMP/err" "needs --year"
expect 2 p subsidy compute --year 2024
expect 2 p subsidy compute --city $DY --year 20x4
expect 2 p subsidy show --city $DY --year 2024 --format xml
expect 2 p subsidy compute --city $DY --year 2024 --format csv
expect 2 p subsidy reopen --city $DY --year 2024
has "$TMP/err" "--reason"
expect 2 p subsidy explain --city $DY --year 2024
expect 2 p subsidy explain --city $DY --year 2024 --enterprise X --loan Y/Z
expect 1 p subsidy compute --city 火星市 --year 2024
has "$TMP/err" "unknown city"
expect 1 p subsidy show --city $DY --year 2024
has "$TMP/err" "no subsidy run for 东阳市 2024"
expect 0 p subsidy --help
has "$TMP/out" "pledger subsidy explain --city C --year Y"

# --- the examples' data ---
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null || exit 1
done) || die "imports"

# rules.md §6: 2022 before 2021 is finalized is refused
expect 0 p subsidy compute --city $DY --year 2021
has "$TMP/out" "start year"
expect 1 p subsidy compute --city $DY --year 2022
has "$TMP/err" "finalize 东阳市 2021 first"

# rules.md §7: the same data give the same CSV, byte for byte (also after
# computing again); cli.md columns and order.
expect 0 p subsidy show --city $DY --year 2021 --format csv
cp "$TMP/out" "$TMP/a.csv"
expect 0 p subsidy compute --city 330783 --year 2021
expect 0 p subsidy show --city 330783 --year 2021 --format csv
cmp -s "$TMP/out" "$TMP/a.csv" || die "CSV changed on recompute"
head -n 1 "$TMP/a.csv" | grep -qx 'uscc,enterprise,interest_patent,interest_trademark,interest_copyright,premium,due,carried_in,contribution,payable,carried_out,forfeited,status' \
	|| die "CSV header"
cmp -s "$TMP/a.csv" "$EX/expected/subsidy_330783_2021.csv" || die "2021 differs from expected"
! grep -q "$(printf '\r')" "$TMP/a.csv" || die "CR in CSV"

# the table: readable, with a total line
expect 0 p subsidy show --city $DY --year 2021
has "$TMP/out" "企业名称"
has "$TMP/out" "合计 total"
has "$TMP/out" "6,381.38"

for y in 2021 2022 2023; do
	expect 0 p subsidy compute --city $DY --year $y
	expect 0 p subsidy finalize --city $DY --year $y
	has "$TMP/out" "finalized"
done
expect 0 p subsidy compute --city $DY --year 2024

# rules.md §6: blocked rows refuse finalize, naming every enterprise
expect 1 p subsidy finalize --city $DY --year 2024
has "$TMP/err" "浙江天嘉辉建材有限公司 (91330783MA2MUARF6E)"
has "$TMP/err" "cannot finalize 东阳市 2024"
[ "$(sqlite3 "$DB" "SELECT status FROM subsidy_runs WHERE city='330783' AND year=2024")" = draft ] \
	|| die "blocked run got finalized"

# explain: the worked example, an ineligible item, an enterprise, not-found
expect 0 p subsidy explain --city $DY --year 2024 --loan 中国工商银行东阳支行/2023年工银东质字第0003号
has "$TMP/out" "9251736.111"
has "$TMP/out" "92,517.36"
expect 0 p subsidy explain --city $DY --year 2024 --loan 浙商银行/ZSYH-2023-ZY-00004
has "$TMP/out" "BARRED"
has "$TMP/out" "发生群体性劳资纠纷"
expect 0 p subsidy explain --city $DY --year 2024 --policy 中国太平洋财产保险股份有限公司/ACHZ2024E0000017
has "$TMP/out" "14,769.00"
expect 0 p subsidy explain --city $DY --year 2023 --enterprise 91330783547938297E
has "$TMP/out" "arose in 2022"
has "$TMP/out" "224,949.68"
expect 1 p subsidy explain --city $DY --year 2024 --loan 中国工商银行东阳支行/2022年工银东质字第0002号
has "$TMP/err" "settled 2023-01-28"

# --- rules.md §7: refused changes, from each entry path; nothing written ---
before=$(dump | md5sum)
printf 'uscc,year,contribution\n91330783547938297E,2023,1.00\n' > "$TMP/c.csv"
expect 1 p import contributions "$TMP/c.csv"
has "$TMP/err" "finalized subsidy run 东阳市 2023"
printf 'uscc,year,reason\n91330783547938297E,2022,测试\n' > "$TMP/b.csv"
expect 1 p import bars "$TMP/b.csv"
has "$TMP/err" "finalized subsidy run 东阳市 2022"
printf 'bank,contract_no,uscc,enterprise,principal,start_date,maturity_date,settle_date,ip_rights\n浙商银行,NEW-1,91330783547938297E,东阳市海联科技有限公司,1000.00,2021-06-01,2022-06-01,2022-06-01,ZL202010566088.9\n' > "$TMP/l.csv"
expect 1 p import loans "$TMP/l.csv"
has "$TMP/err" "finalized subsidy run 东阳市 2022"
printf 'insurer,policy_no,uscc,enterprise,premium,paid_date\n中国人民财产保险股份有限公司,NEWP1,91330783547938297E,东阳市海联科技有限公司,100.00,2022-03-01\n' > "$TMP/p.csv"
expect 1 p import policies "$TMP/p.csv"
has "$TMP/err" "finalized subsidy run 东阳市 2022"
printf 'uscc,name,city,legal_person\n91330783547938297E,东阳市海联科技有限公司,东阳市,否\n' > "$TMP/e.csv"
expect 1 p import enterprises "$TMP/e.csv"
has "$TMP/err" "finalized subsidy run"
expect 1 p import undo 2
has "$TMP/err" "finalized subsidy run"
# Manual entry (cli.md: `add` takes the canonical columns as --name value
# options): refused the same way, once those commands exist.
set +e; p loan list >/dev/null 2>"$TMP/stub"; st=$?; set -e
if [ "$st" -eq 3 ] && grep -q "not available" "$TMP/stub"; then
	echo "manual entry not in this build: its refusals are checked when it lands"
else
	expect 1 p loan add --bank 浙商银行 --contract_no NEW-2 --uscc 91330783547938297E \
		--enterprise 东阳市海联科技有限公司 --principal 1000.00 --start_date 2021-06-01 \
		--maturity_date 2022-06-01 --settle_date 2022-06-01 --ip_rights ZL202010566088.9
	has "$TMP/err" "finalized subsidy run 东阳市 2022"
	expect 1 p policy add --insurer 中国人民财产保险股份有限公司 --policy_no NEWP2 \
		--uscc 91330783547938297E --enterprise 东阳市海联科技有限公司 --premium 100.00 \
		--paid_date 2022-03-01
	has "$TMP/err" "finalized subsidy run 东阳市 2022"
fi
[ "$(dump | md5sum)" = "$before" ] || die "a refused change altered the database"
# not refused: the scheme (the run keeps its own), another year
expect 0 p subsidy show --city $DY --year 2023 --format csv
cp "$TMP/out" "$TMP/2023.csv"
expect 0 p scheme set --city $DY interest_share 40%
expect 0 p subsidy show --city $DY --year 2023 --format csv
cmp -s "$TMP/out" "$TMP/2023.csv" || die "a scheme change altered a finalized run"
expect 0 p subsidy explain --city $DY --year 2023 --enterprise 91330783547938297E
has "$TMP/out" "interest share 50.00%"
expect 0 p scheme set --city $DY interest_share 50%

# --- reopen: latest only, reason required and recorded; then changes pass ---
expect 1 p subsidy reopen --city $DY --year 2022 --reason "wrong"
has "$TMP/err" "2023"
expect 0 p subsidy reopen --city $DY --year 2023 --reason "税务局更正贡献额"
[ "$(sqlite3 "$DB" "SELECT detail FROM audit_log WHERE action='reopen' AND entity_key='330783/2023'")" = "税务局更正贡献额" ] \
	|| die "reopen reason not in the audit log"
expect 0 p import contributions "$TMP/c.csv"
expect 1 p subsidy finalize --city $DY --year 2023
has "$TMP/err" "out of date"
expect 0 p subsidy compute --city $DY --year 2023

# --- two finalizes at once: exactly one wins ---
( set +e; p subsidy finalize --city $DY --year 2023 >"$TMP/f1" 2>&1; echo $? >"$TMP/s1" ) &
( set +e; p subsidy finalize --city $DY --year 2023 >"$TMP/f2" 2>&1; echo $? >"$TMP/s2" ) &
wait
s="$(cat "$TMP/s1") $(cat "$TMP/s2")"
[ "$s" = "0 1" ] || [ "$s" = "1 0" ] || { cat "$TMP/f1" "$TMP/f2"; die "two finalizes: exit $s"; }
cat "$TMP/f1" "$TMP/f2" | grep -q "already finalized" || die "loser's message"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action='finalize' AND entity_key='330783/2023'")" = 2 ] \
	|| die "finalize audit rows"
