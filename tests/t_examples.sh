# t_examples.sh — the shared examples give exactly the expected subsidy
# rows (rules.md §2–§7, cli.md `subsidy show --format csv`).
#
# Runs the steps of $EXAMPLES/manifest.json on a fresh database:
# init; each `scheme` entry; each import (exit 0); then for each city and
# each year in order: `subsidy compute`, compare `subsidy show --format csv`
# with expected/subsidy_<code>_<Y>.csv by parsed rows (/usr/bin/python3
# csv), and `subsidy finalize` unless the year is in do_not_finalize.
# Where a row differs, the per-item figures of expected/items_<code>_<Y>.csv
# are compared too, to show where the difference starts.
# (The targets comparison and the bad files are other helpers' tests.)
. "$(dirname "$0")/lib.sh"

EX="$EXAMPLES"
[ -f "$EX/manifest.json" ] || die "no $EX/manifest.json"

"$PY" - "$PLEDGER" "$DB" "$EX" <<'EOF'
import csv, io, json, os, sqlite3, subprocess, sys

pledger, db, ex = sys.argv[1:4]
man = json.load(open(ex + "/manifest.json", encoding="utf-8"))
failures = 0

# cycle.md §1 four eyes: a second person finalizes what the first computed
REVIEWER = dict(os.environ, LOGNAME="reviewer")

def run(*args, ok=(0,)):
    p = subprocess.run([pledger, "--db", db] + list(args), cwd=ex,
                       capture_output=True, text=True,
                       env=REVIEWER if args[:2] == ("subsidy", "finalize") else None)
    if p.returncode not in ok:
        sys.exit("FAILED: pledger %s exited %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout

def rows(text):
    return list(csv.reader(io.StringIO(text)))

def items_diff(code, year):
    """Per-item figures of the run against expected/items_<code>_<year>.csv."""
    c = sqlite3.connect(db)
    got = {}
    for r in c.execute(
            "SELECT i.item_type, i.uscc, i.item_key, i.item_date, i.reason, i.base_fen,"
            " i.days, i.rate_ppm, i.raw_fen, i.paid_cap_fen, i.subsidy_fen, i.patent_fen,"
            " i.trademark_fen, i.copyright_fen, i.premium_fen"
            " FROM run_items i JOIN subsidy_runs r ON r.id = i.run_id"
            " WHERE r.city = ? AND r.year = ?", (code, year)):
        got[(r[0], r[2])] = ["" if v is None else str(v) for v in r]
    cols = ("type", "uscc", "key", "settled_or_paid", "reason", "base", "days", "rate_ppm",
            "raw", "paid_cap", "subsidy", "patent", "trademark", "copyright", "premium")
    with open("%s/expected/items_%s_%d.csv" % (ex, code, year), encoding="utf-8") as f:
        for e in csv.DictReader(f):
            want = [e[k] for k in cols]
            g = got.pop((e["type"], e["key"]), None)
            if g != want:
                print("  item %s: expected %s\n  %s  got %s" % (e["key"], want, " " * len(e["key"]), g))
    for k, g in got.items():
        print("  item %s: not expected, got %s" % (k[1], g))

run("init")
for entry in man.get("scheme", []):
    # {"city": C, "key": K, "value": V} or [C, K, V]
    if isinstance(entry, dict):
        entry = [entry["city"], entry["key"], entry["value"]]
    run("scheme", "set", "--city", str(entry[0]), str(entry[1]), str(entry[2]))
for entry in man["imports"]:
    run(*entry)
for city in man["cities"]:
    code = city["code"]
    for year in man["years"]:
        y = str(year)
        run("subsidy", "compute", "--city", code, "--year", y)
        got = rows(run("subsidy", "show", "--city", code, "--year", y, "--format", "csv"))
        with open("%s/expected/subsidy_%s_%s.csv" % (ex, code, y), encoding="utf-8", newline="") as f:
            want = rows(f.read())
        if got != want:
            failures += 1
            print("FAILED: subsidy show %s %s differs from expected" % (city["name"], y))
            g = {r[0]: r for r in got[1:]}
            if got[:1] != want[:1]:
                print("  header: expected %s, got %s" % (want[:1], got[:1]))
            for w in want[1:]:
                if g.pop(w[0], None) != w:
                    print("  row %s: expected %s" % (w[0], w))
            for k, r in g.items():
                print("  row %s: not expected: %s" % (k, r))
            items_diff(code, year)
        if year not in man.get("do_not_finalize", []):
            run("subsidy", "finalize", "--city", code, "--year", y)
        else:
            # rules.md §6: blocked rows (no contribution yet) refuse finalize.
            p = subprocess.run([pledger, "--db", db, "subsidy", "finalize", "--city", code,
                                "--year", y], capture_output=True, text=True, env=REVIEWER)
            blocked = [r for r in got[1:] if r[-1] == "blocked"]
            if blocked and p.returncode != 1:
                failures += 1
                print("FAILED: finalize %s %s with blocked rows exited %d" % (code, y, p.returncode))
            for r in blocked:
                if r[0] not in p.stderr or r[1] not in p.stderr:
                    failures += 1
                    print("FAILED: finalize error does not name %s %s:\n%s" % (r[1], r[0], p.stderr))
print("examples: %d difference(s)" % failures)
sys.exit(1 if failures else 0)
EOF
