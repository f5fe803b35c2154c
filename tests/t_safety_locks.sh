# t_safety_locks.sh — issue 12: a finalized run's own results (run rows,
# items, payments, carry, rights, and the run itself) are as locked as its
# inputs, on every path: here plain SQL through the sqlite3 shell, which has
# none of pledger's SQL functions (schema.sql migrate 5).  Reopen and
# finalize still work (the transitions the code makes).
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
DY=东阳市
expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null || exit 1
done) || die "imports"
for y in 2021 2022; do
	expect 0 p subsidy compute --city $DY --year $y
	expect 0 p subsidy finalize --city $DY --year $y
done
expect 0 p subsidy compute --city $DY --year 2023
RUN=$(sqlite3 "$DB" "SELECT id FROM subsidy_runs WHERE city = '330783' AND year = 2022")
dump() { sqlite3 "$DB" "SELECT * FROM subsidy_runs; SELECT * FROM run_rows; SELECT * FROM run_items;
	SELECT * FROM run_payments; SELECT * FROM run_carry; SELECT * FROM run_rights;"; }
dump > "$TMP/before"
# every table holds rows of the finalized run, so UPDATE and DELETE are tried for real
for t in run_rows run_items run_payments run_carry run_rights; do
	n=$(sqlite3 "$DB" "SELECT count(*) FROM $t WHERE run_id = $RUN")
	[ "$n" -gt 0 ] || die "$t has no row of the finalized run $RUN"
done

# refused: SQL must fail and change nothing
refused() {
	if sqlite3 "$DB" "$1" >"$TMP/sqlout" 2>&1; then
		die "not refused: $1"
	fi
	grep -q "finalized" "$TMP/sqlout" || { cat "$TMP/sqlout" >&2; die "no reason given: $1"; }
}
refused "UPDATE run_rows SET payable_fen = payable_fen + 100 WHERE run_id = $RUN"
refused "DELETE FROM run_rows WHERE run_id = $RUN"
refused "INSERT INTO run_rows (run_id, uscc, enterprise, interest_patent_fen, interest_trademark_fen,
	interest_copyright_fen, premium_fen, due_fen, carried_in_fen, payable_fen, carried_out_fen,
	forfeited_fen, status) VALUES ($RUN, 'X', 'x', 0, 0, 0, 0, 0, 0, 99, 0, 0, 'ok')"
refused "UPDATE run_items SET subsidy_fen = subsidy_fen + 1 WHERE run_id = $RUN"
refused "DELETE FROM run_items WHERE run_id = $RUN"
refused "INSERT INTO run_items (run_id, item_type, item_id, item_key, uscc, item_date, reason)
	VALUES ($RUN, 'loan', 999999, 'B/C', 'X', '2022-01-01', 'ELIGIBLE')"
refused "UPDATE run_payments SET paid_fen = paid_fen + 1 WHERE run_id = $RUN"
refused "DELETE FROM run_payments WHERE run_id = $RUN"
refused "INSERT INTO run_payments (run_id, uscc, origin_year, outstanding_fen, paid_fen,
	forfeited_fen, carried_out_fen) VALUES ($RUN, 'X', 2000, 1, 1, 0, 0)"
refused "UPDATE run_carry SET amount_fen = amount_fen + 1 WHERE run_id = $RUN"
refused "DELETE FROM run_carry WHERE run_id = $RUN"
refused "INSERT INTO run_carry (run_id, uscc, origin_year, amount_fen) VALUES ($RUN, 'X', 2000, 5)"
refused "UPDATE run_rights SET uscc = 'X' WHERE run_id = $RUN"
refused "DELETE FROM run_rights WHERE run_id = $RUN"
refused "INSERT INTO run_rights (run_id, right_no, item_key, uscc) VALUES ($RUN, 'ZL1', 'B/C', 'X')"
# moving a draft's row into the finalized run is refused too
D=$(sqlite3 "$DB" "SELECT id FROM subsidy_runs WHERE status = 'draft' LIMIT 1")
[ -n "$D" ] || die "no draft run"
refused "UPDATE run_rows SET run_id = $RUN WHERE run_id = $D"
# the run itself: only reopen's transition (status to draft, finalized_at NULL)
refused "UPDATE subsidy_runs SET digest = 'x' WHERE id = $RUN"
refused "UPDATE subsidy_runs SET scheme = 'interest_share=1' WHERE id = $RUN"
refused "UPDATE subsidy_runs SET finalized_at = '2000-01-01' WHERE id = $RUN"
refused "UPDATE subsidy_runs SET status = 'draft', finalized_at = NULL, digest = 'x' WHERE id = $RUN"
# (the delete trigger of migrate 1 calls ldg_refuse, which the shell lacks: it fails anyway)
! sqlite3 "$DB" "DELETE FROM subsidy_runs WHERE id = $RUN" 2>/dev/null || die "run deleted"
dump > "$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || die "a refused statement changed the finalized run"

# the code's own transitions still work: reopen, compute, finalize again
expect 0 p subsidy reopen --city $DY --year 2022 --reason "issue 12 test"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM run_rights WHERE run_id = $RUN")" -eq 0 ] || die "reopen kept rights"
sqlite3 "$DB" "UPDATE run_rows SET detail = detail WHERE run_id = $RUN" || die "a draft's rows are locked"
expect 0 p subsidy finalize --city $DY --year 2022
dump > "$TMP/again"
sed 's/|2[0-9-]*T[0-9:.Z+-]*|/|T|/' "$TMP/before" > "$TMP/b1"
sed 's/|2[0-9-]*T[0-9:.Z+-]*|/|T|/' "$TMP/again" > "$TMP/a1"
[ "$(wc -l < "$TMP/b1")" -eq "$(wc -l < "$TMP/a1")" ] || die "finalize again wrote other rows"
