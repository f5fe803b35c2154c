# t_web_jobs.sh — long work in the workbench (web.md §1): a 100 000-row
# loans file (scripts/gen_loans.py) uploaded for a preview is checked by a
# worker thread; the answer is a 303 to the job's page, which shows its
# progress and reloads itself with <meta http-equiv=refresh> (no script)
# until the preview is there; meanwhile other pages answer quickly; the
# finished preview counts 100 000 new rows and offers the confirmation;
# another user cannot see the job; the confirmed import is a job as well
# (正在导入, then its summary) and writes the 100 000 loans as alice's batch.  The server binds 127.0.0.1 on a free
# port and is always stopped.
. "$(dirname "$0")/lib.sh"

expect 0 p init
echo 'pw-alice-long' | p user add alice --role clerk >/dev/null
echo 'pw-carol-long' | p user add carol --role clerk >/dev/null
"$PY" "$(dirname "$0")/../scripts/gen_loans.py" 100000 "$TMP/loans.csv" || die "gen_loans"
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" "$TMP/loans.csv" <<'PYEOF'
import re, sys, time
pledger, db, here, path = sys.argv[1:5]
sys.path.insert(0, here)
from web_client import Server, Client

def fail(msg):
    raise SystemExit("FAILED: " + msg)

data = open(path, "rb").read()
rows = data.count(b"\n") - 1
if rows != 100000:
    fail("the generated file has %d rows" % rows)
with Server(pledger, db) as s:
    a = Client(s.port)
    if a.login("alice", "pw-alice-long").status != 303:
        fail("sign-in")
    other = Client(s.port)
    if other.login("carol", "pw-carol-long").status != 303:
        fail("sign-in carol")
    t = a.csrf("/import")
    r = a.post_file("/import", {"csrf": t, "kind": "loans"}, "贷款十万行.csv", data)
    loc = r.header("Location")
    if r.status != 303 or not loc or not re.fullmatch(r"/import/[0-9a-f]{32}", loc[0]):
        fail("a long preview is not a job: %d %s" % (r.status, loc))
    job = loc[0]
    if other.get(job).status != 404:
        fail("another user sees the job")
    progress = 0
    slowest = 0.0
    deadline = time.time() + 600
    while True:
        r = a.get(job)
        if r.status != 200:
            fail("the job's page: %d" % r.status)
        if '<meta http-equiv="refresh"' not in r.text:
            break
        m = re.search(r'class="progress">[^<]*?(\d+) 行', r.text)
        if not m:
            fail("a running job's page shows no progress: " + r.text[-800:])
        progress = max(progress, int(m.group(1)))
        # other pages are not blocked by the check
        for p in ("/", "/loans", "/enterprises", "/import"):
            t0 = time.time()
            q = other.get(p)
            dt = time.time() - t0
            slowest = max(slowest, dt)
            if q.status != 200:
                fail("%s while a job runs: %d" % (p, q.status))
        if time.time() > deadline:
            fail("the job did not end")
        time.sleep(0.5)
    if progress <= 0:
        fail("the progress never moved past 0 rows")
    if slowest > 3.0:
        fail("another page took %.2f s while the job ran" % slowest)
    if "新增 100000" not in r.text or "确认导入" not in r.text:
        fail("the finished preview: " + r.text[-1500:])
    if "拒收 0" not in r.text:
        fail("rows rejected")

    # the import itself is a job too: its page shows progress, then the summary
    t = a.csrf(job)
    r = a.post(job + "/confirm", {"csrf": t})
    loc = r.header("Location")
    if r.status != 303 or not loc:
        fail("confirm: %d" % r.status)
    seen_importing = False
    if loc[0] == job:
        while True:
            r = a.get(job)
            if r.status != 200:
                fail("the import's page: %d" % r.status)
            if '<meta http-equiv="refresh"' not in r.text:
                break
            if "正在导入" not in r.text:
                fail("a running import's page does not say so: " + r.text[-600:])
            seen_importing = True
            if other.get("/loans").status != 200:
                fail("the loans page during the import")
            if time.time() > deadline:
                fail("the import did not end")
            time.sleep(0.5)
        summary = re.search(r'<p class="flash">([^<]*)</p>', r.text)
    else:
        r = a.get(loc[0])
        summary = re.search(r'<p class="flash">([^<]*)</p>', r.text)
    if not summary or "贷款十万行.csv: 100000 新增" not in summary.group(1):
        fail("no summary of the import: " + r.text[-800:])
    if other.get(job).status != 404:
        fail("another user sees the import")
print("web jobs: progress seen at %d rows, slowest other page %.2f s, import page seen running: %s" % (progress, slowest, seen_importing))
PYEOF
n=$(sqlite3 "$DB" "SELECT count(*) FROM loans")
[ "$n" = 100000 ] || die "the import wrote $n loans, not 100000"
n=$(sqlite3 "$DB" "SELECT count(*) FROM import_batches WHERE user = 'alice' AND rows = 100000")
[ "$n" = 1 ] || die "the import's batch is not alice's"
