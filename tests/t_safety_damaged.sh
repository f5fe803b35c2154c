# t_safety_damaged.sh — issue 12: a damaged database is never read
# silently.  Finalize and every report run SQLite's quick_check and refuse
# a damaged file (exit 3) with how to restore it; `pledger check` runs the
# full integrity_check and the foreign-key check.
. "$(dirname "$0")/lib.sh"

D="$TMP/d"
expect 0 "$PLEDGER" demo --dir "$D"
DB="$D/pledger.db"
expect 0 p check
has "$TMP/out" "integrity_check: ok"
has "$TMP/out" "foreign_key_check: ok"
expect 2 p check --full

# a row that refers to nothing (the sqlite3 shell does not enforce foreign keys)
cp "$DB" "$TMP/fk.db"
sqlite3 "$TMP/fk.db" "INSERT INTO run_carry (run_id, uscc, origin_year, amount_fen) VALUES (987654, 'X', 2020, 5)"
expect 3 "$PLEDGER" --db "$TMP/fk.db" check
has "$TMP/err" "pledger: foreign_key_check: table 'run_carry'"
has "$TMP/err" "1 problem"

# one damaged page of the loans table
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
"$PY" - "$DB" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ps = c.execute("PRAGMA page_size").fetchone()[0]
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'loans'").fetchone()[0]
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * ps)
    f.write(b"\xff" * 64)
PYEOF
expect 3 p report ledger -o "$TMP/l.xlsx"
has "$TMP/err" "is damaged"
has "$TMP/err" "backup"
[ "$(wc -l < "$TMP/err")" -eq 1 ] || die "more than one line"
[ ! -e "$TMP/l.xlsx" ] || die "a workbook from a damaged database"
expect 3 p report subsidy --city 东阳市 --year 2024 -o "$TMP/s.xlsx"
has "$TMP/err" "is damaged"
expect 3 p subsidy finalize --city 东阳市 --year 2024
has "$TMP/err" "is damaged"
expect 3 p check
has "$TMP/err" "pledger: integrity_check: "
! grep -qv '^pledger: ' "$TMP/err" || die "a line without 'pledger: '"
