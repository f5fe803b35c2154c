"""bench_web.py — the workbench under load (web.md §5, issue 16 "Speed").

Eight concurrent signed-in clients (processes, one keep-alive connection
each) browse lists, records and derivations of a 20 000-loan database made
by `pledger demo`, for a fixed time; then the same eight fetch the static
style sheet served by the same server.  Prints one BENCH line per page
(p99 in seconds, target p99 <= 50 ms) and one for the throughput against
the static asset (target >= 25 %).

    python3 scripts/bench_web.py PLEDGER WORKDIR [SECONDS] [LOANS]
"""
import http.client, multiprocessing as mp, os, re, sqlite3, subprocess, sys, time, urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from web_client import Server, Client

pledger, work = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
loans = sys.argv[4] if len(sys.argv) > 4 else "20000"
CLIENTS = 8


def pages(db):
    c = sqlite3.connect(db)
    run = c.execute("SELECT city, year FROM subsidy_runs WHERE status = 'finalized' ORDER BY year DESC LIMIT 1").fetchone()
    ents = [r[0] for r in c.execute("SELECT uscc FROM run_rows WHERE run_id = (SELECT id FROM subsidy_runs"
                                    " WHERE city = ? AND year = ?) LIMIT 20", run)]
    names = [r[0][:2] for r in c.execute("SELECT name FROM enterprises LIMIT 5")]
    contracts = [r[0][-4:] for r in c.execute("SELECT contract_no FROM loans LIMIT 5")]
    q = urllib.parse.quote
    p = {
        "enterprise search": ["/enterprises?q=" + q(n) for n in names],
        "enterprise record": ["/enterprises/" + u for u in ents],
        "loan search": ["/loans?q=" + q(k) for k in contracts],
        "subsidy run": ["/subsidy/%s/%d" % run],
        "derivation": ["/explain/%s/%d/%s" % (run[0], run[1], u) for u in ents],
        "home": ["/"],
    }
    return p


def worker(port, cookie, paths, seconds, out):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lat = {}
    n = 0
    end = time.perf_counter() + seconds
    keys = list(paths)
    i = 0
    while time.perf_counter() < end:
        name = keys[i % len(keys)]
        path = paths[name][(i // len(keys)) % len(paths[name])]
        i += 1
        t = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        r = conn.getresponse()
        r.read()
        dt = time.perf_counter() - t
        if r.status != 200:
            out.put(("error", name, r.status))
            return
        lat.setdefault(name, []).append(dt)
        n += 1
    out.put(("ok", lat, n))


def run(port, cookies, paths, seconds):
    q = mp.Queue()
    ps = [mp.Process(target=worker, args=(port, cookies[k], paths, seconds, q)) for k in range(CLIENTS)]
    t = time.perf_counter()
    for p in ps:
        p.start()
    res = [q.get() for _ in ps]
    for p in ps:
        p.join()
    wall = time.perf_counter() - t
    lat, total = {}, 0
    for r in res:
        if r[0] != "ok":
            sys.exit("bench_web: %s answered %s" % (r[1], r[2]))
        for k, v in r[1].items():
            lat.setdefault(k, []).extend(v)
        total += r[2]
    return lat, total / seconds


def p99(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * 0.99))]


db = os.environ.get("BENCH_WEB_DB")    # a demo database made before, to save minutes
if not db:
    demo = os.path.join(work, "webdemo")
    print("bench_web: pledger demo --loans %s" % loans, file=sys.stderr)
    subprocess.run([pledger, "demo", "--dir", demo, "--loans", loans], check=True, stdout=subprocess.DEVNULL)
    db = os.path.join(demo, "pledger.db")
paths = pages(db)
with Server(pledger, db) as s:
    cookies = []
    for k in range(CLIENTS):
        c = Client(s.port)
        if c.login("demo-clerk", "pledger-demo").status != 303:
            sys.exit("bench_web: cannot sign in")
        cookies.append("pledger_session=" + c.cookies["pledger_session"])
    run(s.port, cookies, paths, 1)           # warm the caches
    lat, pages_rate = run(s.port, cookies, paths, seconds)
    _, static_rate = run(s.port, [None] * CLIENTS, {"static": ["/static/style.css"]}, seconds)

    # a 100 000-row upload previewed while another clerk browses: the
    # preview runs in its own worker thread, the other pages go on
    big = os.path.join(work, "loans_100k.csv")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen_loans.py"),
                    "100000", big], check=True)
    up = Client(s.port)
    up.login("demo-clerk", "pledger-demo")
    tok = up.csrf("/import")
    data = open(big, "rb").read()
    import threading
    done = {}
    def preview():
        t = time.perf_counter()
        r = up.post_file("/import", {"csrf": tok, "kind": "loans"}, "loans_100k.csv", data)
        done["s"] = time.perf_counter() - t
        done["status"] = r.status
    th = threading.Thread(target=preview)
    th.start()
    during = []
    browse = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
    while th.is_alive():
        t = time.perf_counter()
        browse.request("GET", "/enterprises/" + paths["enterprise record"][0].split("/")[-1],
                       headers={"Cookie": cookies[0]})
        browse.getresponse().read()
        during.append(time.perf_counter() - t)
        time.sleep(0.05)
    th.join()

fail = 0
for name in paths:
    v = p99(lat[name])
    ok = v <= 0.050
    fail |= not ok
    print("BENCH web: %s p99, 8 clients, %s loans|%.4f|||p99<=0.050|||%s"
          % (name, loans, v, "ok" if ok else "FAIL"))
ratio = pages_rate / static_rate
ok = ratio >= 0.25
fail |= not ok
print("BENCH web: pages/s vs static asset/s (%.0f vs %.0f)|%.0f|%.0f|%.2f|ratio>=0.25|||%s"
      % (pages_rate, static_rate, pages_rate, static_rate, ratio, "ok" if ok else "FAIL"))
print("BENCH web: 100 000-row upload preview (HTTP %s)|%.2f|||info|||info" % (done.get("status"), done.get("s", 0)))
print("BENCH web: a record's max time during that preview (%d pages)|%.4f|||max<=1.0|||%s"
      % (len(during), max(during) if during else 0, "ok" if during and max(during) <= 1.0 else "FAIL"))
sys.exit(1 if fail else 0)
