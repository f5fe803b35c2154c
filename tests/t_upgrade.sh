# t_upgrade.sh — `pledger init` upgrades a database of an older pledger in
# place (the brief: schema versioned by PRAGMA user_version, upgraded by
# init; rules.md §7: the finalized runs stay locked across the upgrade).
#
# tests/data/upgrade/v1-examples.sql is a version 1 database made by
# pledger 0.1.0 (commit 1d3c875) from the shared examples, with 2021–2023
# finalized.  After `init`:
#   - user_version is 14, loan_rights is a WITHOUT ROWID table (migrate 2)
#     and the loans/policies lock triggers name BANK/CONTRACT (migrate 3);
#     holding the very rows it held before, in the same order; every bank
#     is in the register of banks under its own name, every loan and
#     policy has its key in normal form (migrate 4);
#   - integrity_check is ok, foreign_key_check finds nothing;
#   - every finalized run still shows the rows of the examples' expected
#     CSVs (independently computed), and 2024 computes to its expected CSV;
#   - the rights of a loan a finalized run used cannot be deleted, even by
#     plain SQL (the lock triggers were recreated); another loan's can;
#   - a second `init` finds it up to date;
#   - a version 13 database (the fixture brought to 13 by schema.sql's own
#     sections 2–13) is upgraded to 14: the lock triggers that composed
#     their message in SQL call ldg_refuse(FORMAT, ARG…) with the very
#     conditions they had, and still refuse, in English and in Chinese,
#     the database unchanged (issue 15).
. "$(dirname "$0")/lib.sh"

FIX="$(dirname "$0")/data/upgrade/v1-examples.sql"
EX="$EXAMPLES"

"$PY" - "$FIX" "$DB" "$TMP/v1.db" <<'EOF'
import sqlite3, sys
fix, *dbs = sys.argv[1:]
text = open(fix, encoding="utf-8").read()
for path in dbs:
    c = sqlite3.connect(path)
    c.executescript(text)
    c.close()
EOF

expect 0 p init
has "$TMP/out" "from schema version 1 to 14"

"$PY" - "$DB" "$TMP/v1.db" <<'EOF'
import sqlite3, sys
new, old = sys.argv[1:3]
c = sqlite3.connect(new)
o = sqlite3.connect(old)
def one(sql):
    return c.execute(sql).fetchone()[0]
fail = []
if one("PRAGMA user_version") != 14:
    fail.append("user_version is %s, expected 14" % one("PRAGMA user_version"))
# migrate 12: the audit log is looked up by key through an index
if not c.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'audit_entity_key'"
                 " AND tbl_name = 'audit_log'").fetchone():
    fail.append("index audit_entity_key missing")
# migrate 4: the register of banks and the keys (the examples' keys are
# already in normal form: half-width, no doubled spaces)
if c.execute("SELECT b.id, b.name FROM banks b ORDER BY b.id").fetchall() != \
   c.execute("SELECT bank_id, name FROM bank_names ORDER BY bank_id").fetchall():
    fail.append("bank_names is not the banks' own names")
if one("SELECT count(*) FROM loans WHERE contract_key IS NOT contract_no") != 0:
    fail.append("loans without their contract_key")
if one("SELECT count(*) FROM policies WHERE policy_key IS NOT policy_no") != 0:
    fail.append("policies without their policy_key")
if one("SELECT count(*) FROM insurers WHERE name_key IS NOT name") != 0:
    fail.append("insurers without their name_key")
# migrate 7: the workbench's users, sessions and city settings (web.md §2)
for t in ("users", "sessions", "city_settings"):
    if not one("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'" % t):
        fail.append("migrate 7 made no table %s" % t)
# migrate 3: the loans and policies lock triggers name BANK/CONTRACT, INSURER/NO
for t, parent in (("loans_lock_insert", "banks"), ("loans_lock_update", "banks"),
                  ("loans_lock_delete", "banks"), ("policies_lock_insert", "insurers"),
                  ("policies_lock_update", "insurers"), ("policies_lock_delete", "insurers")):
    sql = c.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (t,)).fetchone()
    if not sql or ("FROM %s WHERE id" % parent) not in sql[0]:
        fail.append("trigger %s missing or without the %s name" % (t, parent))
# the audit log records the upgrade, from which version to which
up = c.execute("SELECT old_value, new_value FROM audit_log WHERE action = 'upgrade'"
               " AND entity = 'schema'").fetchall()
if up != [("1", "14")]:
    fail.append("audit of the upgrade: %s, expected [('1', '14')]" % up)
if one("PRAGMA integrity_check") != "ok":
    fail.append("integrity_check: %s" % one("PRAGMA integrity_check"))
if c.execute("PRAGMA foreign_key_check").fetchall():
    fail.append("foreign_key_check: %s" % c.execute("PRAGMA foreign_key_check").fetchall())
sql = one("SELECT sql FROM sqlite_master WHERE name = 'loan_rights'")
if "WITHOUT ROWID" not in sql:
    fail.append("loan_rights is not WITHOUT ROWID: %s" % sql)
if one("SELECT count(*) FROM sqlite_master WHERE name = 'loan_rights_v2'"):
    fail.append("loan_rights_v2 left behind")
names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'loan_rights'")}
for n in ("loan_rights_no", "loan_rights_lock_insert", "loan_rights_lock_update",
          "loan_rights_lock_delete"):
    if n not in names:
        fail.append("%s missing after the upgrade" % n)
q = "SELECT loan_id, seq, right_no, kind, value_fen FROM loan_rights ORDER BY loan_id, seq"
got, want = c.execute(q).fetchall(), o.execute(q).fetchall()
if len(want) != 133:   # the fixture's 133 rights (grep -c 'INSERT INTO loan_rights')
    fail.append("fixture has %d rights, expected 133" % len(want))
if got != want:
    fail.append("loan_rights differ after the upgrade (%d rows, %d before)" % (len(got), len(want)))
# migrate 10: the new budget columns are NULL on the upgraded runs (not scaled)
if one("SELECT count(*) FROM subsidy_runs WHERE budget_fen IS NOT NULL") \
        or one("SELECT count(*) FROM run_rows WHERE unscaled_payable_fen IS NOT NULL"):
    fail.append("budget columns not NULL after the upgrade")
# migrate 11: an upgraded finalized run is in state finalized (no stage),
# not publicized nor paid, and has no publicity
if one("SELECT count(*) FROM subsidy_runs WHERE stage IS NOT NULL OR publicity_id IS NOT NULL"
       " OR paid_on IS NOT NULL OR voucher IS NOT NULL"):
    fail.append("cycle columns not NULL after the upgrade")
for t in ("loans", "enterprises", "policies", "run_items", "run_rows", "subsidy_runs"):
    # the columns the old table had (migrate 10 adds budget columns, NULL)
    cols = ", ".join(r[1] for r in o.execute("PRAGMA table_info(%s)" % t))
    a = c.execute("SELECT %s FROM %s ORDER BY 1, 2" % (cols, t)).fetchall()
    b = o.execute("SELECT %s FROM %s ORDER BY 1, 2" % (cols, t)).fetchall()
    if a != b:
        fail.append("table %s changed by the upgrade" % t)

# rules.md §7 by plain SQL: ldg_refuse is pledger's; stand in for it here
class Refused(Exception):
    pass
def refuse(*args):
    raise Refused(args[0])
c.create_function("ldg_refuse", -1, refuse)
locked = c.execute(
    "SELECT n.id FROM loans n JOIN enterprises e ON e.uscc = n.uscc"
    " JOIN subsidy_runs r ON r.city = e.city AND r.status = 'finalized'"
    " AND r.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER)"
    " WHERE EXISTS (SELECT 1 FROM loan_rights WHERE loan_id = n.id) LIMIT 1").fetchone()
free = c.execute(
    "SELECT n.id FROM loans n WHERE n.settle_date IS NULL"
    " AND EXISTS (SELECT 1 FROM loan_rights WHERE loan_id = n.id) LIMIT 1").fetchone()
if not locked or not free:
    fail.append("fixture lacks a locked or a free loan with rights")
else:
    try:
        c.execute("DELETE FROM loan_rights WHERE loan_id = ?", locked)
        fail.append("rights of locked loan %d deleted after the upgrade" % locked[0])
    except sqlite3.OperationalError as e:
        if "user-defined function raised exception" not in str(e):
            fail.append("unexpected error: %s" % e)
    c.execute("DELETE FROM loan_rights WHERE loan_id = ?", free)
    if c.total_changes == 0:
        fail.append("rights of free loan %d not deletable" % free[0])
    c.rollback()
if fail:
    sys.exit("FAILED: " + "\n        ".join(fail))
EOF

# the finalized runs still give the examples' expected rows; 2024 computes
"$PY" - "$PLEDGER" "$DB" "$EX" <<'EOF'
import csv, io, subprocess, sys
pledger, db, ex = sys.argv[1:4]
def run(*a):
    p = subprocess.run([pledger, "--db", db] + list(a), capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("FAILED: pledger %s exited %d: %s" % (" ".join(a), p.returncode, p.stderr))
    return p.stdout
for code in ("330783", "330382"):
    for year in ("2021", "2022", "2023", "2024"):
        if year == "2024":
            run("subsidy", "compute", "--city", code, "--year", year)
        got = list(csv.reader(io.StringIO(run("subsidy", "show", "--city", code,
                                              "--year", year, "--format", "csv"))))
        with open("%s/expected/subsidy_%s_%s.csv" % (ex, code, year), encoding="utf-8",
                  newline="") as f:
            want = list(csv.reader(f))
        if got != want:
            sys.exit("FAILED: %s %s after the upgrade differs from expected" % (code, year))
EOF

expect 0 p init
has "$TMP/out" "is up to date (schema version 14)"

# --- version 13 → 14 (migrate 14: the refusals in the clerk's language)
V13="$TMP/v13.db"
"$PY" - "$FIX" "$V13" "$(dirname "$0")/../ledger/schema.sql" <<'PYEOF'
import re, sqlite3, sys
fix, path, schema = sys.argv[1:4]
c = sqlite3.connect(path)
c.executescript(open(fix, encoding="utf-8").read())
def key(s):   # ldg_key for the fixture's keys: trimmed, spaces collapsed
    return None if s is None else " ".join(s.split())
def refuse(*args):
    raise sqlite3.IntegrityError(args[0])
c.create_function("ldg_key", 1, key)
c.create_function("ldg_refuse", -1, refuse)
text = open(schema, encoding="utf-8").read()
parts = re.split(r"^-- migrate (\d+)\n", text, flags=re.M)
done = 0
for n, body in zip(parts[1::2], parts[2::2]):
    if 1 < int(n) <= 13:
        c.executescript(body)
        done = int(n)
if done != 13:
    sys.exit("FAILED: schema.sql has no section 13")
c.execute("PRAGMA user_version = 13")
c.commit()
c.close()
PYEOF
# the name, WHEN condition and ldg_refuse call of each trigger calling it
trig() {
	"$PY" - "$1" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for name, sql in c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                           " AND sql LIKE '%ldg_refuse(%' ORDER BY name"):
    when = " ".join(sql[sql.index("\nWHEN") if "\nWHEN" in sql else 0:sql.index("BEGIN")].split())
    call = " ".join(sql[sql.index("ldg_refuse("):].split())
    print(name, when, call, sep="\t")
PYEOF
}
trig "$V13" >"$TMP/trig13"
[ "$(wc -l <"$TMP/trig13")" -eq 21 ] || die "version 13 has not its 21 triggers calling ldg_refuse"
dump13() {
	sqlite3 "$V13" "SELECT * FROM loans ORDER BY id; SELECT * FROM loan_rights ORDER BY loan_id, seq;
		SELECT * FROM contributions ORDER BY uscc, year; SELECT * FROM budgets" | md5sum
}
before=$(dump13)
expect 0 "$PLEDGER" --db "$V13" init
has "$TMP/out" "from schema version 13 to 14"
trig "$V13" >"$TMP/trig14"
# the same triggers, each with the WHEN it had; no message composed with ||
cut -f1,2 "$TMP/trig13" >"$TMP/w13"
cut -f1,2 "$TMP/trig14" >"$TMP/w14"
cmp -s "$TMP/w13" "$TMP/w14" || { diff "$TMP/w13" "$TMP/w14" >&2; die "migrate 14 changed a trigger's condition"; }
[ "$(cut -f3 "$TMP/trig13" | grep -c '||')" -eq 18 ] || die "version 13 lacks its 18 composed messages"
if cut -f3 "$TMP/trig14" | grep -F '||' >&2; then die "a trigger still composes its message"; fi
[ "$(grep -cE "ldg_refuse\('[^	]*%s[^	]*', " "$TMP/trig14")" -eq 18 ] || die "not 18 triggers calling ldg_refuse(FORMAT, ARG…)"
# an import touching the finalized 2022 of 东阳市 (330783): refused in both
# languages; a budget of a finalized year too
printf 'bank,contract_no,uscc,enterprise,principal,start_date,maturity_date,settle_date,ip_rights\n浙商银行,NEW-9,91330783547938297E,东阳市海联科技有限公司,1000.00,2021-06-01,2022-06-01,2022-06-01,ZL202010566088.9\n' >"$TMP/lock.csv"
expect 1 "$PLEDGER" --db "$V13" import loans "$TMP/lock.csv"
has "$TMP/err" "loan '浙商银行/NEW-9' settled 2022-06-01 falls in finalized subsidy run 东阳市 2022"
expect 1 "$PLEDGER" --lang zh --db "$V13" import loans "$TMP/lock.csv"
has "$TMP/err" "贷款「浙商银行/NEW-9」于 2022-06-01 结清，属于已定稿的东阳市 2022 年度补助核算"
expect 1 "$PLEDGER" --lang zh --db "$V13" budget set --city 东阳市 --year 2022 100
has "$TMP/err" "东阳市 2022 年度预算已用于已定稿的东阳市 2022 年度补助核算，不能更改"
[ "$(dump13)" = "$before" ] || die "a refused change altered the upgraded database"
rm -f "$V13" "$V13-wal" "$V13-shm" "$TMP/trig13" "$TMP/trig14" "$TMP/w13" "$TMP/w14" "$TMP/lock.csv"
