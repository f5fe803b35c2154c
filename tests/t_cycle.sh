# t_cycle.sh — the year's cycle after finalize (cycle.md §1, §3, §4; issue
# 17): publish, objections, pay in that order; a paid run refused by
# reopen, compute, finalize, publish, import of a changed loan, single
# figures, budgets and plain SQL; every transition in the audit log with its
# previous state; adjustments into the next open year, the paid run
# unchanged; the payee account check switched on by an accounts table;
# schemes by year: a 2025 change leaves a reopened 2024 equal to its earlier
# figures (and to the shared examples' expected CSV), while the same change
# from 2024 on does not (so the comparison can fail).
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
DY=东阳市
YQ=乐清市
# same GOT EXPECTED [USCC...]: the CSVs hold the same rows (parsed), but for
# the rows of the USCCs named
same() {
	"$PY" - "$@" <<'PYEOF' || die "$1 differs from $2"
import csv, sys
def rows(path, skip):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.reader(f) if r and r[0] not in skip]
skip = set(sys.argv[3:])
a, b = rows(sys.argv[1], skip), rows(sys.argv[2], skip)
if a != b:
    for x, y in zip(a, b):
        if x != y:
            print("got      %s\nexpected %s" % (x, y), file=sys.stderr)
    sys.exit(1)
PYEOF
}
show() { p subsidy show --city "$1" --year "$2" --format csv > "$3"; }

expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
for c in 330783 330382; do
	for y in 2021 2022 2023; do
		expect 0 p subsidy compute --city $c --year $y
		show $c $y "$TMP/s.csv"
		same "$TMP/s.csv" "$EX/expected/subsidy_${c}_$y.csv"
		expect 0 p subsidy finalize --city $c --year $y
	done
done

# ---- schemes by year (cycle.md §4) ----
# 乐清市 2024: its blocked rows get a contribution of 0 so that it can be
# finalized; every other row is the expected one
expect 0 p subsidy compute --city $YQ --year 2024
BL=$("$PY" -c "
import csv,sys
print(' '.join(r['uscc'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')) if r['status'] == 'blocked'))
" "$EX/expected/subsidy_330382_2024.csv")
[ -n "$BL" ] || die "no blocked row in 乐清市 2024"
for u in $BL; do expect 0 p contribution add --uscc "$u" --year 2024 0; done
expect 0 p subsidy compute --city $YQ --year 2024
show $YQ 2024 "$TMP/q2024.csv"
# shellcheck disable=SC2086
same "$TMP/q2024.csv" "$EX/expected/subsidy_330382_2024.csv" $BL
expect 0 p subsidy finalize --city $YQ --year 2024
expect 0 p scheme set --city $YQ --from-year 2025 interest_share 40%
has "$TMP/out" "乐清市 2025年起 interest_share 50.00% → 40.00%"
expect 0 p log --entity scheme --format csv
has "$TMP/out" "330382/from 2025,interest_share,50.00%,40.00%"
expect 0 p scheme show --city $YQ --year 2025 --format csv
has "$TMP/out" "interest_share,40.00%"
expect 0 p scheme show --city $YQ --year 2024 --format csv
has "$TMP/out" "interest_share,50.00%"
expect 0 p scheme show --city $YQ
has "$TMP/out" "  2025年起 interest_share 40.00%"
expect 0 p subsidy reopen --city $YQ --year 2024 --reason "scheme test"
expect 0 p subsidy compute --city $YQ --year 2024
show $YQ 2024 "$TMP/q2024b.csv"
cmp -s "$TMP/q2024.csv" "$TMP/q2024b.csv" || die "a 2025 scheme change changed the reopened 2024"
# shellcheck disable=SC2086
same "$TMP/q2024b.csv" "$EX/expected/subsidy_330382_2024.csv" $BL
sqlite3 "$DB" "SELECT scheme FROM subsidy_runs WHERE city = '330382' AND year = 2024" | grep -q "interest_share=50.00%" \
	|| die "the 2024 run does not store 2024's scheme"
# the same change from 2024 on does change it (the comparison above can fail)
expect 0 p scheme set --city $YQ --from-year 2024 interest_share 40%
expect 0 p subsidy compute --city $YQ --year 2024
show $YQ 2024 "$TMP/q2024c.csv"
cmp -s "$TMP/q2024.csv" "$TMP/q2024c.csv" && die "a 2024 scheme change left 2024 unchanged"
expect 0 p scheme set --city $YQ --from-year 2024 interest_share 50%
expect 0 p subsidy compute --city $YQ --year 2024
show $YQ 2024 "$TMP/q2024d.csv"
cmp -s "$TMP/q2024.csv" "$TMP/q2024d.csv" || die "setting 2024 back did not give the earlier figures"
expect 2 p scheme set --city $YQ --from-year abc interest_share 40%
expect 1 p scheme set --city $YQ --from-year 2025 interest_share 140%

# ---- the cycle on 东阳市 2023 (finalized) ----
R="--city $DY --year 2023"
expect 0 p subsidy compute --city $DY --year 2024
# order: nothing before its time
expect 1 p subsidy publish --city $DY --year 2024 --from 2025-03-01 --to 2025-03-07
has "$TMP/err" "the run is draft"
expect 1 p subsidy pay $R --date 2024-04-01 --voucher PZ-1
has "$TMP/err" "the run is finalized"
expect 1 p subsidy objection add $R --enterprise 91330783MA20CA4GX5 --text x --date 2024-03-02
has "$TMP/err" "not publicized"
expect 1 p subsidy adjust $R --enterprise 91330783MA20CA4GX5 --amount 1 --reason x
has "$TMP/err" "an adjustment corrects a paid year"
expect 1 p subsidy publish $R --from 2024-03-07 --to 2024-03-01
expect 2 p subsidy publish $R --from 2024-03-01
expect 0 p subsidy publish $R --from 2024-03-01 --to 2024-03-07
expect 0 p subsidy show $R
has "$TMP/out" "state: 公示 publicized; 公示 2024-03-01 to 2024-03-07"
expect 1 p subsidy publish $R --from 2024-03-01 --to 2024-03-07
has "$TMP/err" "the run is publicized"
expect 1 p subsidy objection add $R --enterprise 91330783MA20CA4GX5 --text x --date 2024-03-08
has "$TMP/err" "during the publicity period"
expect 0 p subsidy objection add $R --enterprise 91330783MA20CA4GX5 --text "贴息金额有误" --date 2024-03-03
has "$TMP/out" "objection 1 recorded"
expect 1 p subsidy pay $R --date 2024-04-01 --voucher PZ-1
has "$TMP/err" "not resolved"
expect 2 p subsidy objection resolve 1 --outcome maybe --text x
expect 0 p subsidy objection resolve 1 --outcome upheld --text "利息计算有误"
expect 1 p subsidy objection resolve 1 --outcome dismissed --text again
has "$TMP/err" "already resolved"
expect 1 p subsidy pay $R --date 2024-04-01 --voucher PZ-1
has "$TMP/err" "upheld"
# an upheld objection: reopen from publicized, compute, finalize, publish again
expect 0 p subsidy reopen $R --reason "异议成立"
expect 0 p subsidy compute $R
expect 0 p subsidy finalize $R
expect 0 p report publicity $R -o "$TMP/pub0.xlsx"
expect 0 p subsidy publish $R --from 2024-03-11 --to 2024-03-17
# the 公示 list prints the recorded period once there is one (blanks before)
expect 0 p report publicity $R -o "$TMP/pub1.xlsx"
"$PY" - "$TMP/pub0.xlsx" "$TMP/pub1.xlsx" <<'PYEOF' || die "公示期 of the publicity list"
import sys, openpyxl
def period(f):
    ws = openpyxl.load_workbook(f).active
    return [c.value for r in ws.iter_rows() for c in r
            if isinstance(c.value, str) and c.value.startswith("公示期：")]
assert period(sys.argv[1]) == ["公示期：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日"], period(sys.argv[1])
assert period(sys.argv[2]) == ["公示期：2024年3月11日至2024年3月17日"], period(sys.argv[2])
PYEOF
expect 0 p report subsidy $R -o "$TMP/pub.xlsx"
"$PY" - "$TMP/pub.xlsx" <<'PYEOF' || die "说明 of the publicized run"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["说明"]
notes = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and len(r) > 1}
assert notes.get("计算状态") == "已公示", notes.get("计算状态")
assert notes.get("公示期") == "2024-03-11 至 2024-03-17", notes.get("公示期")
assert "拨付日期" not in notes, notes
PYEOF
rm -f "$TMP/pub.xlsx"
rm -f "$TMP/pub0.xlsx" "$TMP/pub1.xlsx"
expect 0 p subsidy objection list $R --format csv
has "$TMP/out" "1,91330783MA20CA4GX5,"
has "$TMP/out" ",upheld,利息计算有误,"
grep -q ",no$" "$TMP/out" || die "the first publicity's objection is not marked past"
expect 0 p subsidy objection add $R --enterprise 91330783MA28H0D62D --text "名单有误" --date 2024-03-12
expect 0 p subsidy objection resolve 2 --outcome dismissed --text "经核实无误"
# the last day of the period is still in it
expect 1 p subsidy pay $R --date 2024-03-17 --voucher PZ-1
has "$TMP/err" "the publicity period runs to 2024-03-17"
expect 2 p subsidy pay $R --date 2024-03-18
# payee accounts (import.md accounts): pay is refused while a payee has
# none; the accounts imported, it goes through
cp "$DB" "$TMP/acc.db"
expect 1 "$PLEDGER" --db "$TMP/acc.db" subsidy pay $R --date 2024-03-18 --voucher PZ-1
has "$TMP/err" "without an account recorded"
{ echo "统一社会信用代码,户名,开户银行,银行账号"
  sqlite3 -csv "$TMP/acc.db" "SELECT r.uscc, e.name, '中国工商银行东阳支行', '6222000011112222'
	FROM run_rows r JOIN enterprises e ON e.uscc = r.uscc
	WHERE r.run_id = (SELECT id FROM subsidy_runs WHERE city = '330783' AND year = 2023)
	AND r.payable_fen > 0"; } >"$TMP/acc.csv"
expect 0 "$PLEDGER" --db "$TMP/acc.db" import accounts "$TMP/acc.csv"
expect 0 "$PLEDGER" --db "$TMP/acc.db" subsidy pay $R --date 2024-03-18 --voucher PZ-1
rm -f "$TMP/acc.db" "$TMP/acc.db-wal" "$TMP/acc.db-shm"
show $DY 2023 "$TMP/d2023.csv"
same "$TMP/d2023.csv" "$EX/expected/subsidy_330783_2023.csv"
expect 0 p import accounts "$TMP/acc.csv"
expect 0 p subsidy pay $R --date 2024-03-18 --voucher 财拨〔2024〕15号
has "$TMP/out" "run paid (已拨付) on 2024-03-18, voucher 财拨〔2024〕15号"
# the workbook's 说明 says the run's state and its dates (reports.md, cycle.md §1)
expect 0 p report subsidy $R -o "$TMP/paid.xlsx"
"$PY" - "$TMP/paid.xlsx" <<'PYEOF' || die "说明 of the paid run"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["说明"]
notes = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and len(r) > 1}
assert notes.get("计算状态") == "已拨付", notes.get("计算状态")
assert notes.get("公示期") == "2024-03-11 至 2024-03-17", notes.get("公示期")
assert notes.get("拨付日期") == "2024-03-18", notes.get("拨付日期")
assert notes.get("拨付凭证号") == "财拨〔2024〕15号", notes.get("拨付凭证号")
# the line under the title shows whole: each half within its column
def width(s):
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in s)
for col in "AB":
    text = ws[col + "2"].value
    assert width(text) <= ws.column_dimensions[col].width, (col, text, ws.column_dimensions[col].width)
PYEOF
rm -f "$TMP/paid.xlsx"
expect 0 p subsidy show $R
has "$TMP/out" "state: 已拨付 paid; 公示 2024-03-11 to 2024-03-17; 拨付 paid 2024-03-18, voucher 财拨〔2024〕15号"

# ---- a paid run is refused by every path ----
RUN=$(sqlite3 "$DB" "SELECT id FROM subsidy_runs WHERE city = '330783' AND year = 2023")
dump() { sqlite3 "$DB" "SELECT * FROM subsidy_runs WHERE id = $RUN; SELECT * FROM run_rows WHERE run_id = $RUN;
	SELECT * FROM run_items WHERE run_id = $RUN; SELECT * FROM run_payments WHERE run_id = $RUN;
	SELECT * FROM run_carry WHERE run_id = $RUN; SELECT * FROM run_rights WHERE run_id = $RUN;
	SELECT * FROM objections; SELECT * FROM loans;"; }
dump > "$TMP/before"
expect 1 p subsidy reopen $R --reason "想改"
has "$TMP/err" "a paid run is never reopened"
expect 1 p subsidy compute $R
has "$TMP/err" "a paid run is never computed again"
expect 1 p subsidy finalize $R
expect 1 p subsidy publish $R --from 2024-04-01 --to 2024-04-07
expect 1 p subsidy pay $R --date 2024-05-01 --voucher PZ-2
expect 1 p subsidy objection add $R --enterprise 91330783MA20CA4GX5 --text x --date 2024-03-12
expect 1 p subsidy objection resolve 2 --outcome upheld --text x
expect 1 p contribution add --uscc 91330783MA20CA4GX5 --year 2023 1.00
expect 1 p budget set --city $DY --year 2023 1.00
expect 1 p bar add --uscc 91330783MA20CA4GX5 --year 2023 --reason x
# a changed loan of the year (interest paid 1,521,320.00 → 1,500,000.00)
{ head -1 "$EX/loans/bank02_B.csv"; grep "ZSYH-2020-ZY-00003" "$EX/loans/bank02_B.csv" \
	| sed 's/"1,521,320.00"/"1,500,000.00"/'; } > "$TMP/changed.csv"
grep -q "1,500,000.00" "$TMP/changed.csv" || die "changed file not made"
expect 1 p import loans "$TMP/changed.csv"
# plain SQL (no pledger functions): the reopen and every other transition
refused() {
	if sqlite3 "$DB" "$1" >"$TMP/sqlout" 2>&1; then die "not refused: $1"; fi
	grep -q "paid\|finalized" "$TMP/sqlout" || { cat "$TMP/sqlout" >&2; die "no reason: $1"; }
}
refused "UPDATE subsidy_runs SET status = 'draft', finalized_at = NULL, stage = NULL, publicity_id = NULL,
	paid_on = NULL, voucher = NULL WHERE id = $RUN"
refused "UPDATE subsidy_runs SET stage = 'publicized', paid_on = NULL, voucher = NULL WHERE id = $RUN"
refused "UPDATE subsidy_runs SET voucher = 'X' WHERE id = $RUN"
refused "UPDATE run_rows SET payable_fen = payable_fen + 1 WHERE run_id = $RUN"
refused "UPDATE objections SET outcome = 'upheld' WHERE id = 2"
refused "DELETE FROM objections WHERE id = 2"
# its 公示 period too (migrate 13)
refused "UPDATE run_publicity SET date_to = '2024-12-31' WHERE id = (SELECT publicity_id FROM subsidy_runs WHERE id = $RUN)"
refused "DELETE FROM run_publicity WHERE id = (SELECT publicity_id FROM subsidy_runs WHERE id = $RUN)"
[ "$(sqlite3 "$DB" "SELECT date_from || '/' || date_to FROM run_publicity WHERE id = (SELECT publicity_id FROM subsidy_runs WHERE id = $RUN)")" = "2024-03-11/2024-03-17" ] \
	|| die "the paid run's publicity period changed"
dump > "$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || die "a refused path changed the paid run"

# ---- the audit log: who, when, from which state ----
expect 0 p log --entity run --key 330783/2023 --format csv
U=$(sed -n 2p "$TMP/out" | cut -d, -f3)
[ -n "$U" ] || die "no user in the log"
for t in ",publish,run,330783/2023,status,finalized,publicized," ",reopen,run,330783/2023,status,publicized,draft," \
	",pay,run,330783/2023,status,publicized,paid," ",objection,run,330783/2023," ",resolve,run,330783/2023,objection 1,,upheld,"; do
	has "$TMP/out" "$t"
done

# ---- adjustments after payment (cycle.md §3) ----
show $DY 2024 "$TMP/d2024.csv"
expect 1 p subsidy adjust --city $DY --year 2022 --enterprise 91330783MA20CA4GX5 --amount 1 --reason x
expect 2 p subsidy adjust $R --enterprise 91330783MA20CA4GX5 --amount 0 --reason x
expect 2 p subsidy adjust $R --enterprise 91330783MA20CA4GX5 --amount 1.001 --reason x
expect 0 p subsidy adjust $R --enterprise 91330783MA20CA4GX5 --amount -100.50 --reason "追回多拨利息"
has "$TMP/out" "an item (以前年度调整) of the run of 2024"
expect 0 p subsidy adjust $R --enterprise 91330783MA28H0D62D --amount 200 --reason "补发"
expect 0 p subsidy show --city $DY --year 2024
has "$TMP/out" "91330783MA20CA4GX5 东阳市辉泰智能装备有限公司 -100.50 (追回多拨利息)"
has "$TMP/out" "以前年度调整合计 99.50"
show $DY 2023 "$TMP/d2023b.csv"
cmp -s "$TMP/d2023.csv" "$TMP/d2023b.csv" || die "an adjustment changed the paid run"
dump > "$TMP/after2"
cmp -s "$TMP/before" "$TMP/after2" || die "an adjustment changed the paid run's tables"
expect 0 p log --entity adjustment --format csv
has "$TMP/out" ",adjust,adjustment,330783/2023/91330783MA20CA4GX5,amount,,-100.50,"
# an adjustment is an input of its run: locked once that run is finalized
sqlite3 "$DB" "UPDATE adjustments SET amount_fen = 1 WHERE id = 1" || die "a draft's adjustment is locked"
rm -f "$TMP"/*.csv "$TMP/before" "$TMP/after" "$TMP/after2" "$TMP/sqlout"
