# t_safety_cli.sh — issue 12: messages that do not mislead.  A change made
# whose output cannot be printed exits 4 ("done, but the output could not
# be written"), not 3 ("not done"); numbers on the command line are parsed
# strictly with their bounds (cli_num), never clamped; a negative scheme
# value is a bad value (exit 1), not an unknown option (exit 2).
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
DY=东阳市
expect 0 p init

# --- numbers ---
expect 1 p scheme set --city $DY carry_years -1
has "$TMP/err" "carry_years"
has "$TMP/err" "value '-1'"
! grep -q "unknown option" "$TMP/err" || die "a negative value taken for an option"
expect 1 p scheme set carry_years -1 --city $DY
expect 0 p scheme set --city $DY carry_years 3
expect 0 p scheme show --city $DY --format csv
has "$TMP/out" "carry_years,3"
expect 2 p import undo 99999999999999999999
has "$TMP/err" "bad batch number '99999999999999999999'"
! grep -q "batch 9223372036854775807\b" "$TMP/err" || die "batch number clamped"
for bad in 0 -1 " 5" "+5" 5x 0x10 ""; do
	expect 2 p import undo "$bad"
done
expect 1 p import undo 9223372036854775807   # in range: no such batch
PLEDGER_MAX_SHEET_ROWS=99999999999999999999 expect 2 p report ledger -o "$TMP/x.xlsx"
PLEDGER_MAX_SHEET_ROWS=" 10" expect 2 p report ledger -o "$TMP/x.xlsx"
expect 2 "$PLEDGER" demo --dir "$TMP/demo" --loans 18446744073709551617
expect 2 "$PLEDGER" demo --dir "$TMP/demo" --loans -1
expect 2 "$PLEDGER" demo --dir "$TMP/demo" --seed " 5"
expect 2 "$PLEDGER" demo --dir "$TMP/demo" --seed "$(printf '\t5')"
expect 2 "$PLEDGER" demo --dir "$TMP/demo" --seed 18446744073709551616
[ ! -e "$TMP/demo" ] || die "a usage error made the demo directory"

# --- done, but not printed: exit 4; not done: exit 3 ---
if [ -w /dev/full ]; then
	(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
		loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
		policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
		"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
	done) || die "imports"
	expect 0 p subsidy compute --city $DY --year 2021
	set +e; p subsidy finalize --city $DY --year 2021 >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 4 ] || die "finalize to a full stdout exited $got, expected 4"
	has "$TMP/err" "pledger: done, but"
	[ "$(wc -l < "$TMP/err")" -eq 1 ] || die "more than one line"
	[ "$(sqlite3 "$DB" "SELECT status FROM subsidy_runs WHERE year = 2021")" = finalized ] \
		|| die "exit 4 but not finalized"
	# a second finalize is refused (exit 1): the script knows it was done
	expect 1 p subsidy finalize --city $DY --year 2021
	set +e; p report subsidy --city $DY --year 2021 -o "$TMP/s.xlsx" >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 4 ] && [ -s "$TMP/s.xlsx" ] || die "report to a full stdout exited $got, expected 4"
	# a backup made is done too (exit 4, the file is there)
	set +e; p backup "$TMP/bk.db" >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 4 ] && [ -s "$TMP/bk.db" ] || die "backup to a full stdout exited $got, expected 4"
	has "$TMP/err" "pledger: done, but"
	cp "$DB" "$TMP/keep.db"
	set +e; p restore "$TMP/bk.db" >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 4 ] || die "restore to a full stdout exited $got, expected 4"
	has "$TMP/err" "pledger: done, but"
	mv "$TMP/keep.db" "$DB"; rm -f "$TMP/bk.db" "$DB".before-restore-* "$DB"-wal "$DB"-shm
	# nothing changed: exit 3 as before
	set +e; p loan list >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 3 ] || die "loan list to a full stdout exited $got, expected 3"
	set +e; p import loans --dry-run "$EX/loans/bank01_A.csv" >/dev/full 2>/dev/null; got=$?; set -e
	[ "$got" -eq 3 ] || die "a dry run to a full stdout exited $got, expected 3"
else
	echo "SKIP: no writable /dev/full: exit 4 not tried"
fi
