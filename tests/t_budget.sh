# t_budget.sh — budgets and the exact pro rata of cycle.md §2 on the shared
# examples, against an independent computation with Python's fractions.
#
# For each city and year of the examples, in order, on the main database:
# compute (no budget), compare with expected/subsidy_<code>_<Y>.csv, and
# finalize (except do_not_finalize).  Before finalizing, a copy of the
# database gets a budget of 60 % of the expected payable total (rounded
# down to the fen) and is computed again; then every payable must be
#   floor(P × B / T) + (1 for the B − Σfloor largest remainders, ties by
#   USCC byte order), computed here with fractions.Fraction from the
#   expected CSV's payables P (T their sum),
# adding up to B exactly, and what a row lost carried out (budget_shortfall
# carry, the default) or forfeited (lapse) beside the expected figures.
# Then: a finalized year's budget is refused; `subsidy explain` shows the
# share, the budget, the factor and the remainder; `city set` validates.
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
"$PY" - "$PLEDGER" "$DB" "$EX" "$TMP" <<'PYEOF'
import csv, io, json, os, shutil, sqlite3, subprocess, sys
from fractions import Fraction

pledger, db, ex, tmp = sys.argv[1:5]
man = json.load(open(ex + "/manifest.json", encoding="utf-8"))
fails = []

def run(dbp, *args, ok=(0,)):
    # cycle.md §1 four eyes: a second person ("reviewer") finalizes
    env = dict(os.environ, LOGNAME="reviewer") if args[:2] == ("subsidy", "finalize") else None
    p = subprocess.run([pledger, "--db", dbp] + list(args), cwd=ex, capture_output=True, text=True,
                       env=env)
    if p.returncode not in ok:
        sys.exit("FAILED: pledger %s exited %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p

def fen(s):
    return int(Fraction(s) * 100) if s else 0

def show(dbp, code, y):
    out = run(dbp, "subsidy", "show", "--city", code, "--year", str(y), "--format", "csv").stdout
    return list(csv.DictReader(io.StringIO(out)))

def prorata(pay, budget):
    """cycle.md §2 with exact fractions: floor, then largest remainders, ties by USCC bytes."""
    total = sum(pay.values())
    share = {u: Fraction(p * budget, total) for u, p in pay.items()}
    floor = {u: s.numerator // s.denominator for u, s in share.items()}
    left = budget - sum(floor.values())
    order = sorted(pay, key=lambda u: (-(share[u] - floor[u]), u.encode()))
    for u in order[:left]:
        floor[u] += 1
    return floor

def copy(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close(); b.close()

run(db, "init")
for e in man.get("scheme", []):
    if isinstance(e, dict):
        e = [e["city"], e["key"], e["value"]]
    run(db, "scheme", "set", "--city", *e)
for e in man["imports"]:
    run(db, *e)
checked = 0
for city in man["cities"]:
    code = city["code"]
    for y in man["years"]:
        run(db, "subsidy", "compute", "--city", code, "--year", str(y))
        with open("%s/expected/subsidy_%s_%d.csv" % (ex, code, y), encoding="utf-8") as f:
            want = {r["uscc"]: r for r in csv.DictReader(f)}
        pay = {u: fen(r["payable"]) for u, r in want.items()}
        total = sum(pay.values())
        if total > 0:
            budget = total * 60 // 100
            expect = prorata(pay, budget)
            for mode in ("carry", "lapse"):
                cp = "%s/copy-%s-%d-%s.db" % (tmp, code, y, mode)
                copy(db, cp)
                if mode == "lapse":
                    run(cp, "city", "set", code, "budget_shortfall", "lapse")
                run(cp, "budget", "set", "--city", code, "--year", str(y), "%d.%02d" % divmod(budget, 100))
                run(cp, "subsidy", "compute", "--city", code, "--year", str(y))
                got = {r["uscc"]: r for r in show(cp, code, y)}
                gsum = sum(fen(r["payable"]) for r in got.values())
                if gsum != budget:
                    fails.append("%s %d %s: payable total %d, budget %d" % (code, y, mode, gsum, budget))
                for u, w in want.items():
                    g = got.get(u)
                    if g is None:
                        fails.append("%s %d: row %s missing" % (code, y, u)); continue
                    cut = pay[u] - expect[u]
                    if fen(g["payable"]) != expect[u]:
                        fails.append("%s %d %s %s: payable %s, fractions give %d fen"
                                     % (code, y, mode, u, g["payable"], expect[u]))
                    co, fo = fen(w["carried_out"]), fen(w["forfeited"])
                    gco, gfo = fen(g["carried_out"]), fen(g["forfeited"])
                    if gco + gfo != co + fo + cut:
                        fails.append("%s %d %s %s: carried+forfeited %d, expected %d"
                                     % (code, y, mode, u, gco + gfo, co + fo + cut))
                    if mode == "lapse" and (gco != co or gfo != fo + cut):
                        fails.append("%s %d lapse %s: carried %d forfeited %d, expected %d %d"
                                     % (code, y, u, gco, gfo, co, fo + cut))
                    for k in ("due", "carried_in", "interest_patent", "premium", "status"):
                        if g[k] != w[k]:
                            fails.append("%s %d %s %s: %s %s, expected %s" % (code, y, mode, u, k, g[k], w[k]))
                if mode == "carry" and checked == 0 and any(pay[u] != expect[u] for u in pay):
                    # explain shows the share, the budget, the factor and the remainder
                    u = next(u for u in sorted(pay) if pay[u] != expect[u])
                    t = run(cp, "subsidy", "explain", "--city", code, "--year", str(y),
                            "--enterprise", u).stdout
                    b = "{:,}.{:02d}".format(*divmod(budget, 100))
                    fl = Fraction(pay[u] * budget, total)
                    rem = (pay[u] * budget) % total
                    for piece in ("budget " + b, "factor 0.", "share = floor(",
                                  "remainder %d/%d fen" % (rem, total),
                                  "paid {:,}.{:02d}".format(*divmod(expect[u], 100))):
                        if piece not in t:
                            fails.append("explain %s %d %s lacks '%s':\n%s" % (code, y, u, piece, t))
                    checked += 1
                # a draft computed with a budget is stale once the budget changes
                run(cp, "budget", "set", "--city", code, "--year", str(y), "%d.%02d" % divmod(total, 100))
                if y not in man.get("do_not_finalize", []):
                    p = run(cp, "subsidy", "finalize", "--city", code, "--year", str(y), ok=(1,))
                    if "out of date" not in p.stderr:
                        fails.append("finalize after a budget change: %s" % p.stderr)
                for suffix in ("", "-wal", "-shm"):
                    try:
                        import os; os.unlink(cp + suffix)
                    except FileNotFoundError:
                        pass
        if y not in man.get("do_not_finalize", []):
            run(db, "subsidy", "finalize", "--city", code, "--year", str(y))
if checked == 0:
    fails.append("no explain of a scaled row was checked")
# rules.md §7: a finalized year's budget is refused and nothing changes
p = run(db, "budget", "set", "--city", man["cities"][0]["code"], "--year", str(man["years"][0]), "1.00", ok=(1,))
if "finalized" not in p.stderr:
    fails.append("budget of a finalized year: %s" % p.stderr)
c = sqlite3.connect(db)
if c.execute("SELECT count(*) FROM budgets").fetchone()[0] != 0:
    fails.append("the refused budget was stored")
if fails:
    sys.exit("FAILED:\n" + "\n".join(fails[:40]))
PYEOF

# city settings: validated, audited, shown
expect 1 p city set 330783 budget_shortfall maybe
has "$TMP/err" "carry or lapse"
expect 1 p city set 330783 no_such_key x
has "$TMP/err" "budget_shortfall"
expect 0 p city set 东阳市 budget_shortfall lapse
has "$TMP/out" "carry → lapse"
expect 0 p city show 330783
has "$TMP/out" "lapse"
[ "$(sqlite3 "$DB" "SELECT old_value || '>' || new_value FROM audit_log WHERE entity = 'city_setting'")" = "carry>lapse" ] \
	|| die "city set not audited"
# show and compute state the scaling (2024 is a draft in the examples)
expect 0 p budget set --city 东阳市 --year 2024 1.00
expect 0 p subsidy compute --city 东阳市 --year 2024
has "$TMP/out" "budget 1.00: payable total"
has "$TMP/out" "scaled pro rata"
expect 0 p subsidy show --city 东阳市 --year 2024
has "$TMP/out" "预算 budget 1.00 < 应拨合计 payable total"
has "$TMP/out" "factor 0.0000"
expect 0 p subsidy show --city 东阳市 --year 2024 --format csv
[ "$("$PY" -c 'import csv,sys; from fractions import Fraction as F; print(sum(int(F(r["payable"])*100) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$TMP/out")" = 100 ] \
	|| die "payable total is not the budget of 1.00"
expect 2 p budget set --city 330783 100
expect 1 p budget set --city 330783 --year 2025 12.345
expect 0 p budget set --city 330783 --year 2025 1234.5
expect 0 p budget show --city 330783 --year 2025
has "$TMP/out" "1,234.50"
expect 0 p budget list --format csv
has "$TMP/out" "东阳市,330783,2025,1234.50"
