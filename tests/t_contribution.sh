# t_contribution.sh — `contribution add` and `bar add` (cycle.md §5):
# single figures validated exactly as an imported row (the same messages),
# written with the audit log, refused for a finalized year (rules.md §7);
# the finalize error of a blocked run names `contribution add`, and adding
# the missing figures with it unblocks the run.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
EX="$SHARED/examples"
expect 0 p init
for f in enterprises.csv; do expect 0 p import enterprises "$EX/$f"; done
for f in "$EX"/loans/*.csv; do expect 0 p import loans "$f"; done
for f in "$EX"/policies/*.csv; do expect 0 p import policies "$f"; done
expect 0 p import contributions "$EX/contributions.csv"
U=91330783MA2UNKQP81   # 东阳市业凯机械有限公司 (enterprises.csv)

# the same value refused the same way by import and by add
printf '统一社会信用代码,年度,地方综合贡献额（元）\n%s,2030,12.345\n' "$U" >"$TMP/c.csv"
expect 1 p import contributions "$TMP/c.csv"
msg=$(sed -n 's/.*\(more precise than 1 fen[^(]*(value .12.345.)\).*/\1/p' "$TMP/err")
[ -n "$msg" ] || die "import gave no precision message"
expect 1 p contribution add --uscc "$U" --year 2030 12.345
has "$TMP/err" "$msg"
expect 1 p contribution add --uscc 91330783MA2UNKQP80 --year 2030 100
has "$TMP/err" "expected '1'"
expect 1 p contribution add --uscc 91330783MA20CA4GX6 --year 2030 100
expect 1 p contribution add --uscc "$U" --year 20x0 100
has "$TMP/err" "20x0"
expect 1 p contribution add --uscc "$U" --year 2030 -- -5
has "$TMP/err" "negative"
expect 2 p contribution add --uscc "$U" --year 2030
expect 2 p contribution add --year 2030 100
expect 2 p bar add --uscc "$U" --year 2030
[ "$(q "SELECT count(*) FROM contributions WHERE year = 2030")" = 0 ] || die "a refused figure was written"

# added, updated, unchanged; each change audited with old and new value
expect 0 p contribution add --uscc "$(echo $U | tr A-Z a-z)" --year 2030 1,234.50
has "$TMP/out" "added contribution '$U/2030'"
[ "$(q "SELECT contribution_fen FROM contributions WHERE uscc = '$U' AND year = 2030")" = 123450 ] || die "value"
expect 0 p contribution add --uscc "$U" --year 2030 2000
has "$TMP/out" "updated"
expect 0 p contribution add --uscc "$U" --year 2030 2000.00
has "$TMP/out" "unchanged"
[ "$(q "SELECT group_concat(action || ':' || coalesce(old_value, '') || '>' || new_value, ' ') FROM audit_log WHERE entity = 'contribution' AND entity_key LIKE '$U%2030%'")" \
	= "insert:>1234.50 update:1234.50>2000.00" ] || die "contribution audit: $(q "SELECT * FROM audit_log WHERE entity = 'contribution'")"
expect 0 p bar add --uscc "$U" --year 2030 --reason 安全生产事故
has "$TMP/out" "added bar '$U/2030'"
[ "$(q "SELECT reason FROM bars WHERE uscc = '$U' AND year = 2030")" = 安全生产事故 ] || die "bar reason"
[ "$(q "SELECT count(*) FROM audit_log WHERE entity = 'bar'")" -ge 1 ] || die "bar not audited"

# rules.md §6: the finalize error names the command; adding the figures unblocks
for y in 2021 2022 2023; do
	expect 0 p subsidy compute --city 东阳市 --year $y
	expect 0 p subsidy finalize --city 东阳市 --year $y
done
expect 0 p subsidy compute --city 东阳市 --year 2024
expect 1 p subsidy finalize --city 东阳市 --year 2024
has "$TMP/err" "pledger contribution add --uscc USCC --year 2024 AMOUNT"
sed -n 's/.*no contribution recorded for 2024: .* (\([0-9A-Z]*\))$/\1/p' "$TMP/err" >"$TMP/missing"
[ -s "$TMP/missing" ] || die "no enterprise listed"
while read -r u; do
	expect 0 p contribution add --uscc "$u" --year 2024 0
done <"$TMP/missing"
expect 0 p subsidy compute --city 东阳市 --year 2024
expect 0 p subsidy finalize --city 东阳市 --year 2024

# rules.md §7: refused for a finalized year, nothing written
u=$(head -1 "$TMP/missing")
expect 1 p contribution add --uscc "$u" --year 2024 5
has "$TMP/err" "finalized subsidy run"
expect 1 p bar add --uscc "$u" --year 2023 --reason 税务违法
has "$TMP/err" "finalized subsidy run"
[ "$(q "SELECT contribution_fen FROM contributions WHERE uscc = '$u' AND year = 2024")" = 0 ] || die "locked figure changed"
[ "$(q "SELECT count(*) FROM bars WHERE uscc = '$u' AND year = 2023")" = 0 ] || die "locked bar written"
