# t_reprint.sh — a finalized run's workbook is reproduced from what the run
# stored, on every sheet (rules.md §7, issue 11): after an enterprise is
# renamed, a reprint of the finalized year shows the name the run used on
# 兑付清单 and on every other sheet alike, so it equals the signed original.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
expect 0 p init
"$PY" "$here/xlsx_load.py" "$DB" "$here/data/reports/fixture.sql"
# the fixture's 2023 run of 东阳市 is finalized
[ "$(sqlite3 "$DB" "SELECT status FROM subsidy_runs WHERE city = '330783' AND year = 2023")" = finalized ] \
	|| die "fixture: 2023 is not finalized"
expect 0 p report subsidy --city 330783 --year 2023 -o "$TMP/signed.xlsx"
# renaming is not locked (only city and legal-person flag are): every
# enterprise of the run gets a new name
sqlite3 "$DB" "UPDATE enterprises SET name = '改名' || name WHERE uscc IN
	(SELECT rr.uscc FROM run_rows rr JOIN subsidy_runs r ON r.id = rr.run_id
	 WHERE r.city = '330783' AND r.year = 2023)"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM enterprises WHERE name LIKE '改名%'")" -gt 0 ] || die "no rename"
expect 0 p report subsidy --city 330783 --year 2023 -o "$TMP/reprint.xlsx"
"$PY" - "$TMP/signed.xlsx" "$TMP/reprint.xlsx" <<'PYEOF'
import sys, openpyxl
def cells(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}
a, b = cells(sys.argv[1]), cells(sys.argv[2])
bad = [(s, v) for s, rows in b.items() for row in rows for v in row
       if isinstance(v, str) and v.startswith("改名")]
if bad:
    sys.exit("FAILED: the reprint shows the new names: %s" % bad[:3])
if a != b:
    sys.exit("FAILED: the reprint differs from the signed original: sheets %s"
             % [s for s in a if a[s] != b.get(s)])
PYEOF
echo "t_reprint: ok"
