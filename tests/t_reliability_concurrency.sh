# t_reliability_concurrency.sh — two processes at once on one database
# (docs/reliability.md):
#  - two imports of different files started at the same moment both end
#    with their rows in (one waits on the other's transaction, then
#    succeeds; import.md §4 one transaction per file);
#  - two `subsidy finalize` of the same run at once: exactly one wins, the
#    other fails with a clear error and the run is finalized once
#    (rules.md §7).
. "$(dirname "$0")/lib.sh"

ROWS=${RELIABILITY_ROWS:-20000}
"$PY" "$(dirname "$0")/reliability_gen.py" "$TMP/a.csv" "$ROWS" A
"$PY" "$(dirname "$0")/reliability_gen.py" "$TMP/b.csv" "$ROWS" B
expect 0 p init

for round in 1 2 3; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	expect 0 p init
	p import loans "$TMP/a.csv" >"$TMP/a.out" 2>"$TMP/a.err" &
	pa=$!
	p import loans "$TMP/b.csv" >"$TMP/b.out" 2>"$TMP/b.err" &
	pb=$!
	set +e; wait "$pa"; sa=$?; wait "$pb"; sb=$?; set -e
	[ "$sa" -eq 0 ] || { cat "$TMP/a.err" >&2; die "round $round: import a exited $sa"; }
	[ "$sb" -eq 0 ] || { cat "$TMP/b.err" >&2; die "round $round: import b exited $sb"; }
	na=$(sqlite3 "$DB" "SELECT count(*) FROM loans WHERE contract_no LIKE 'A-%'")
	nb=$(sqlite3 "$DB" "SELECT count(*) FROM loans WHERE contract_no LIKE 'B-%'")
	[ "$na" -eq "$ROWS" ] && [ "$nb" -eq "$ROWS" ] || die "round $round: $na + $nb loans, expected $ROWS each"
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM import_batches')" -eq 2 ] || die "round $round: batches"
	[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || die "round $round: integrity"
done
echo "concurrent imports: 3 rounds, both files in each time"

# Two finalizes of one run: the examples' 东阳市 2021 (its start year).
ex="$EXAMPLES"
rm -f "$DB" "$DB-wal" "$DB-shm"
expect 0 p init
for f in enterprises.csv loans/bank01_A.csv loans/bank02_B.csv loans/bank03_C.csv loans/bank04_D.csv; do
	case $f in loans/*) k=loans ;; *) k=enterprises ;; esac
	expect 0 p import "$k" "$ex/$f"
done
expect 0 p import policies "$ex/policies/insurer1_utf8bom.csv"
expect 0 p import policies "$ex/policies/insurer2_gb18030.csv"
expect 0 p import contributions "$ex/contributions.csv"
expect 0 p import bars "$ex/bars.csv"
expect 0 p subsidy compute --city 东阳市 --year 2021
for round in 1 2 3 4 5; do
	p subsidy finalize --city 东阳市 --year 2021 >"$TMP/f1.out" 2>"$TMP/f1.err" &
	p1=$!
	p subsidy finalize --city 东阳市 --year 2021 >"$TMP/f2.out" 2>"$TMP/f2.err" &
	p2=$!
	set +e; wait "$p1"; s1=$?; wait "$p2"; s2=$?; set -e
	if [ "$s1" -eq 0 ] && [ "$s2" -ne 0 ]; then lose=2; sl=$s2
	elif [ "$s2" -eq 0 ] && [ "$s1" -ne 0 ]; then lose=1; sl=$s1
	else die "round $round: finalize exited $s1 and $s2, expected one 0 and one failure"; fi
	[ "$sl" -eq 1 ] || [ "$sl" -eq 3 ] || die "round $round: the loser exited $sl"
	grep -q '^pledger: ' "$TMP/f$lose.err" || die "round $round: the loser gave no error line"
	grep -qi 'final' "$TMP/f$lose.err" || { cat "$TMP/f$lose.err" >&2; die "round $round: unclear error"; }
	n=$(sqlite3 "$DB" "SELECT count(*) FROM subsidy_runs WHERE city = '330783' AND year = 2021 AND status = 'finalized'")
	[ "$n" -eq 1 ] || die "round $round: $n finalized runs"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'finalize'")
	[ "$n" -eq "$round" ] || die "round $round: $n finalize entries in the audit log, expected $round"
	expect 0 p subsidy reopen --city 东阳市 --year 2021 --reason "reliability test round $round"
done
echo "concurrent finalizes: 5 rounds, exactly one won each time"
