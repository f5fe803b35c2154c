# t_web_security.sh — the workbench's security (web.md §2, §4, §5): no data
# without a session, roles (403 and the database unchanged, by .dump),
# CSRF on every POST, escaped names, upload limits, download names,
# session tokens, lockout, and four eyes from the command line and the web
# (cycle.md §1).  The server binds 127.0.0.1 on a free port and is always
# stopped.
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
DY=东阳市
expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
for u in alice:clerk bob:reviewer root:admin eve:auditor lockme:clerk; do
	echo "pw-${u%%:*}-long" | p user add "${u%%:*}" --role "${u#*:}" >/dev/null || die "user add $u"
done
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" <<'PYEOF'
import os, re, subprocess, sqlite3, sys, time
pledger, db, here = sys.argv[1:4]
sys.path.insert(0, here)
from web_client import Server, Client

fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAILED:", what)

def dump():
    return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, text=True).stdout

def cli(*args, user=None):
    env = dict(os.environ, LOGNAME=user) if user else None
    return subprocess.run([pledger, "--db", db] + list(args), capture_output=True, text=True, env=env)

DATA = ["91330783", "东阳", "alert(", "C1"]

# names made of payloads (web.md §5), as a bank might send them (the lock
# triggers call ldg_refuse, which pledger registers; here it is a stub)
con = sqlite3.connect(db)
con.create_function("ldg_refuse", -1, lambda *m: None)
con.executescript("""
INSERT INTO enterprises (uscc, name, city) VALUES
 ('91330783XSS000001A', '<script>alert(1)</script>', '330783'),
 ('91330783XSS000002B', '"><img src=x onerror=alert(2)>', '330783'),
 ('91330783XSS000003C', 'javascript:alert(3)', '330783');
INSERT INTO banks (name) VALUES ('"><img src=x onerror=alert(4)>');
INSERT INTO loans (bank_id, contract_no, uscc, principal_fen, start_date, maturity_date)
 VALUES ((SELECT id FROM banks WHERE name LIKE '%alert(4)%'), '<b>C1</b>', '91330783XSS000001A',
 100, '2021-01-01', '2021-12-31');
""")
con.commit()
con.close()

with Server(pledger, db) as s:
    anon = Client(s.port)
    # --- every address without a session: 303 /login, no data ---
    gets = ["/", "/enterprises", "/enterprises?q=%E4%B8%9C", "/enterprises/91330783XSS000001A",
            "/loans", "/loans?q=C1", "/policies", "/import", "/subsidy/330783/2021",
            "/explain/330783/2021/91330783XSS000001A", "/reports",
            "/reports/subsidy/330783/2021.xlsx", "/log", "/log?format=csv", "/users",
            "/targets", "/nonexistent", "/subsidy/330783/2021/finalize",
            "/contributions?city=330783&year=2021"]
    posts = ["/logout", "/import", "/import/0123456789abcdef0123456789abcdef/confirm",
             "/import/batch/1/undo", "/subsidy/330783/2021/compute",
             "/subsidy/330783/2021/finalize", "/subsidy/330783/2021/reopen", "/users",
             "/users/alice/disable", "/", "/contributions"]
    before = dump()
    for path in gets:
        r = anon.get(path)
        check(r.status == 303 and r.header("Location") == ["/login"], "GET %s without a session: %d" % (path, r.status))
        check(not any(d in r.text for d in DATA), "GET %s without a session shows data" % path)
    for path in posts:
        r = anon.post(path, {"csrf": "x", "name": "mallory", "role": "admin", "password": "whatever12"})
        check(r.status == 303 and r.header("Location") == ["/login"], "POST %s without a session: %d" % (path, r.status))
        check(not any(d in r.text for d in DATA), "POST %s without a session shows data" % path)
    check(anon.get("/static/style.css").status == 200, "the style sheet needs no session")
    check(dump() == before, "requests without a session changed the database")

    # --- sign-in: CSRF of the login form, cookies, new token each time ---
    c = Client(s.port)
    c.get("/login")
    r = c.post("/login", {"user": "alice", "password": "pw-alice-long", "csrf": "0" * 64})
    check(r.status == 403 and "pledger_session" not in c.cookies, "login with a wrong csrf was accepted")
    r = c.post("/login", {"user": "alice", "password": "pw-alice-long"})
    check(r.status == 403 and "pledger_session" not in c.cookies, "login without csrf was accepted")
    r = c.login("alice", "pw-alice-long")
    check(r.status == 303 and r.header("Location") == ["/"], "alice cannot sign in: %d %s" % (r.status, r.text[:300]))
    sc = [h for h in r.header("Set-Cookie") if h.startswith("pledger_session=")]
    check(sc and "HttpOnly" in sc[0] and "SameSite=Strict" in sc[0] and "Secure" not in sc[0],
          "session cookie flags: %s" % sc)
    t1 = c.cookies.get("pledger_session", "")
    check(re.fullmatch(r"[0-9a-f]{64}", t1) is not None, "token is not 256 bits of hex")
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM sessions WHERE token_hash = ?", (t1,)).fetchone()[0] == 0,
          "the session token is stored in clear")
    r = c.login("alice", "pw-alice-long")
    t2 = c.cookies.get("pledger_session", "")
    check(t2 and t2 != t1, "the token did not change at sign-in")
    old = Client(s.port); old.cookies["pledger_session"] = t1
    check(old.get("/").status == 303, "the session replaced at sign-in still works")
    check(c.get("/").status == 200, "alice's home page")

    # --- CSRF on every POST ---
    before = dump()
    for f in ({}, {"csrf": ""}, {"csrf": "0" * 64}, {"csrf": old.cookies["pledger_session"]}):
        r = c.post("/subsidy/330783/2021/compute", f)
        check(r.status == 403, "compute with csrf %r: %d" % (f, r.status))
    r = c.post_file("/import", {"kind": "enterprises", "csrf": "0" * 64}, "e.csv", b"x")
    check(r.status == 403, "upload with a wrong csrf: %d" % r.status)
    r = c.post("/logout", {"csrf": "0" * 64})
    check(r.status == 403 and c.get("/").status == 200, "logout with a wrong csrf ended the session")
    check(dump() == before, "POSTs without the csrf token changed the database")

    # --- roles: 403 and nothing changed ---
    def as_user(name):
        u = Client(s.port)
        r = u.login(name, "pw-%s-long" % name)
        check(r.status == 303, "%s cannot sign in" % name)
        return u, u.csrf("/")
    eve, eve_t = as_user("eve")
    bob, bob_t = as_user("bob")
    alice_t = c.csrf("/")
    before = dump()
    denied = [
        (eve, eve_t, "/subsidy/330783/2021/compute", {}),
        (eve, eve_t, "/subsidy/330783/2021/finalize", {}),
        (eve, eve_t, "/subsidy/330783/2021/reopen", {"reason": "x"}),
        (eve, eve_t, "/users", {"name": "mallory", "role": "admin", "password": "whatever12"}),
        (eve, eve_t, "/users/alice/disable", {}),
        (eve, eve_t, "/import/batch/1/undo", {}),
        (bob, bob_t, "/subsidy/330783/2021/compute", {}),
        (bob, bob_t, "/users", {"name": "mallory", "role": "admin", "password": "whatever12"}),
        (bob, bob_t, "/import/batch/1/undo", {}),
        (c, alice_t, "/subsidy/330783/2021/finalize", {}),
        (c, alice_t, "/subsidy/330783/2021/reopen", {"reason": "x"}),
        (c, alice_t, "/users/bob/disable", {}),
        (eve, eve_t, "/contributions", {"uscc": "91330783MA28H0D62D", "year": "2025", "contribution": "1"}),
        (bob, bob_t, "/contributions", {"uscc": "91330783MA28H0D62D", "year": "2025", "contribution": "1"}),
    ]
    for who, tok, path, f in denied:
        f = dict(f, csrf=tok)
        r = who.post(path, f)
        check(r.status == 403, "%s POST %s: %d, expected 403" % (who is eve and "eve" or who is bob and "bob" or "alice", path, r.status))
    r = eve.post_file("/import", {"csrf": eve_t, "kind": "enterprises"}, "e.csv", open(os.path.join(os.environ["SHARED"], "examples", "enterprises.csv"), "rb").read())
    check(r.status == 403, "auditor upload: %d" % r.status)
    for who, name in ((eve, "eve"), (bob, "bob"), (c, "alice")):
        check(who.get("/users").status == 403, "%s sees /users" % name)
    check(dump() == before, "refused actions changed the database")
    check(eve.get("/log?format=csv").status == 200, "the auditor cannot download the log")
    check(c.get("/log?format=csv").status == 403, "a clerk downloads the audit log")

    # --- a figure entered in a form is judged as the import judges it ---
    before = dump()
    f = {"csrf": alice_t, "uscc": "91330783MA28H0D62D", "year": "2025", "city": "330783"}
    r = c.post("/contributions", dict(f, contribution="3O000.00"))
    check(r.status == 303, "bad contribution: %d" % r.status)
    r = c.get(r.header("Location")[0])
    # the validator's message in the page's language (Chinese by default)
    check("不是金额" in r.text, "the form's message is missing")
    check(dump() == before, "a refused figure was written")
    r = c.post("/contributions", dict(f, contribution="30000.00"))
    got = con.execute("SELECT contribution_fen FROM contributions WHERE uscc = '91330783MA28H0D62D'"
                      " AND year = 2025").fetchone()
    check(got == (3000000,), "the contribution was not recorded: %s" % (got,))
    check(con.execute("SELECT user FROM audit_log WHERE entity = 'contribution' ORDER BY id DESC LIMIT 1"
                      ).fetchone() == ("alice",), "the entry is not in the log under alice")

    # --- four eyes: the CLI computed as bob, bob may not finalize on the web ---
    # (a reviewer cannot compute on the web; the command line is the other path)
    p = cli("subsidy", "compute", "--city", "330783", "--year", "2021", user="bob")
    check(p.returncode == 0, "compute from the CLI: %s" % p.stderr)
    before = dump()
    r = bob.post("/subsidy/330783/2021/finalize", {"csrf": bob_t})
    check(r.status == 403 and "four eyes" in r.text, "bob finalized his own draft on the web: %d" % r.status)
    check(dump() == before, "a four-eyes refusal changed the database")
    # alice computes on the web, bob finalizes on the web
    r = c.post("/subsidy/330783/2021/compute", {"csrf": alice_t})
    check(r.status == 303, "alice compute: %d %s" % (r.status, r.text[:200]))
    r = bob.post("/subsidy/330783/2021/finalize", {"csrf": bob_t})
    check(r.status == 303, "bob finalize: %d" % r.status)
    row = con.execute("SELECT status FROM subsidy_runs WHERE city='330783' AND year=2021").fetchone()
    check(row and row[0] == "finalized", "the run is not finalized: %s" % (row,))
    who = dict(con.execute("SELECT action, user FROM audit_log WHERE entity='run' AND entity_key='330783/2021'"
                           " AND action IN ('compute', 'finalize') ORDER BY id").fetchall())
    check(who.get("compute") == "alice" and who.get("finalize") == "bob",
          "the audit log does not name the signed-in users: %s" % who)
    # and the other way: alice computes 2022 on the web, then alice as the OS user cannot finalize
    r = c.post("/subsidy/330783/2022/compute", {"csrf": alice_t})
    p = cli("subsidy", "finalize", "--city", "330783", "--year", "2022", user="alice")
    check(p.returncode == 1 and "four eyes" in p.stderr, "the CLI let alice finalize: %s" % p.stderr)

    # --- names are text on every page that shows them ---
    pages = ["/enterprises", "/enterprises?q=alert", "/enterprises/91330783XSS000001A",
             "/enterprises/91330783XSS000002B", "/enterprises/91330783XSS000003C",
             "/loans", "/loans?q=C1", "/subsidy/330783/2022", "/enterprises?q=%3Cscript%3E"]
    for path in pages:
        r = c.get(path)
        check(r.status == 200, "GET %s: %d" % (path, r.status))
        for raw in ("<script>", "<img", "<b>", 'href="javascript:'):
            check(raw not in r.text, "%s contains raw %r" % (path, raw))
    r = c.get("/enterprises?q=alert")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in r.text
          and "javascript:alert(3)" in r.text, "the payload names are not shown as text")
    r = c.get("/loans?q=C1")
    check("&lt;b&gt;C1&lt;/b&gt;" in r.text and "&quot;&gt;&lt;img src=x onerror=alert(4)&gt;" in r.text,
          "the bank name and contract are not shown as text")
    r = c.get('/log?user="><script>x</script>')
    check("<script>x" not in r.text, "the log filter is echoed raw")

    # --- uploads: size and type ---
    before = dump()
    r = c.post_file("/import", {"csrf": alice_t, "kind": "enterprises"}, "evil.exe", b"MZ\x90\x00")
    check(r.status == 415, "an .exe upload: %d" % r.status)
    # the type is told by the bytes, never the name (web.md §3, table.h)
    r = c.post_file("/import", {"csrf": alice_t, "kind": "enterprises"}, "noext", b"\x7fELF\x02\x01\x01\x00")
    check(r.status == 415, "a binary upload without extension: %d" % r.status)
    r = c.post_file("/import", {"csrf": alice_t, "kind": "enterprises"}, "looks.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    check(r.status == 415, "a PNG named .csv: %d" % r.status)
    # hostile workbooks: a zip that is no workbook, a truncated zip, an
    # OLE2 file that is no .xls: refused (415) saying what the file is
    import io, zipfile
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("payload/../../../../tmp/evil.sh", "#!/bin/sh\necho pwned\n")
        zf.writestr("[Content_Types].xml", "<Types/>")
    for name, body in (("贷款.xlsx", z.getvalue()), ("cut.xlsx", z.getvalue()[:40]),
                       ("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)):
        r = c.post_file("/import", {"csrf": alice_t, "kind": "loans"}, name, body)
        check(r.status == 415 and 'class="error"' in r.text and "Confirm" not in r.text and "确认导入" not in r.text,
              "a hostile %s: %d %s" % (name, r.status, r.text[-400:]))
    check(not os.path.exists("/tmp/evil.sh"), "a zip entry was written outside")
    # CSV text under any name is read as CSV (a preview, not a refusal)
    r = c.post_file("/import", {"csrf": alice_t, "kind": "enterprises"}, "noext", b"a,b\n")
    check(r.status == 200 and "<table class=\"preview\"" in r.text, "CSV text without extension: %d" % r.status)
    r = c.request("POST", "/import", b"x" * 1024, "multipart/form-data; boundary=zz",
                  headers={"Content-Length": str(80 * 1024 * 1024)})
    check(r.status == 413, "an oversize upload: %d" % r.status)
    check(dump() == before, "refused uploads changed the database")
    # a preview with a rejected cell: its rejects download as CSV, nothing written
    bad = "统一社会信用代码,企业名称,年度,地方综合贡献额（元）\r\n91330783MA28H0D62D,x,2026,1O0.00\r\n"
    r = c.post_file("/import", {"csrf": alice_t, "kind": "contributions"}, "贡献额.csv", bad.encode("gb18030"))
    m = re.search(r'href="(/import/[0-9a-f]{32}/rejects\.csv)"', r.text)
    check(r.status == 200 and m and 'class="bad">1O0.00<' in r.text, "no rejects link in the preview: %d" % r.status)
    if m:
        r = c.get(m.group(1))
        cd = (r.header("Content-Disposition") or [""])[0]
        check(r.status == 200 and "1O0.00" in r.text and r.text.startswith("\ufeff行,单元格,列,值,说明"),
              "the rejects CSV: %d %r" % (r.status, r.text[:100]))
        check("filename*=UTF-8''%E8%B4%A1%E7%8C%AE%E9%A2%9D_%E6%8B%92%E6%94%B6.csv" in cd, "rejects name: %s" % cd)
        check(eve.get(m.group(1).replace("/rejects", "/../../etc/passwd")).status in (303, 404), "rejects path")
    check(dump() == before, "a preview changed the database")
    tmp = os.environ.get("TMPDIR", "/tmp")

    # --- downloads: names never leave their directory ---
    for path in ["/reports/subsidy/330783/..%2F..%2F..%2Fetc%2Fpasswd",
                 "/reports/subsidy/330783/2021.xlsx/../../../etc/passwd",
                 "/reports/../../../../etc/passwd", "/reports/subsidy/../../etc/passwd.xlsx",
                 "/static/../../../etc/passwd", "/reports/subsidy/%2E%2E/2021.xlsx"]:
        r = c.get(path)
        check(r.status in (404, 303) and "root:" not in r.text, "GET %s: %d" % (path, r.status))
    # a NUL ends the address (libmicrohttpd decodes it): at most the workbook itself
    r = c.get("/reports/subsidy/330783/2021.xlsx%00.txt")
    check("root:" not in r.text and (r.status == 404 or r.body[:2] == b"PK"), "a NUL in the address")
    r = c.get("/reports/subsidy/330783/2021.xlsx")
    check(r.status == 200 and r.body[:2] == b"PK", "the disbursement workbook: %d" % r.status)
    cd = (r.header("Content-Disposition") or [""])[0]
    check("filename*=UTF-8''%E4%B8%9C%E9%98%B3%E5%B8%822021" in cd and "/" not in cd.split("filename=")[1],
          "the workbook's Chinese name: %s" % cd)

    # --- sign-out ends the session on the server ---
    t = c.cookies["pledger_session"]
    r = c.post("/logout", {"csrf": alice_t})
    check(r.status == 303 and r.header("Location") == ["/login"], "logout: %d" % r.status)
    gone = Client(s.port); gone.cookies["pledger_session"] = t
    check(gone.get("/").status == 303, "the session lives after sign-out")
    # idle timeout (30 minutes)
    r = bob.get("/")
    con.execute("UPDATE sessions SET last_seen = last_seen - 31 * 60")
    con.commit()
    check(bob.get("/").status == 303, "an idle session lives")

    # --- lockout after five failures, audited ---
    l = Client(s.port)
    for i in range(5):
        r = l.login("lockme", "wrong-%d" % i)
        check(r.status == 403, "wrong password %d accepted" % i)
    r = l.login("lockme", "pw-lockme-long")
    check(r.status == 403 and "pledger_session" not in l.cookies, "a locked account signed in")
    n = con.execute("SELECT count(*) FROM audit_log WHERE action = 'lock' AND entity = 'user'"
                    " AND entity_key = 'lockme'").fetchone()[0]
    check(n == 1, "the lock is not in the audit log (%d rows)" % n)
    con.execute("UPDATE users SET locked_until = 1 WHERE name = 'lockme'")
    con.commit()
    check(l.login("lockme", "pw-lockme-long").status == 303, "the account stays locked after its term")

if fails:
    sys.exit("%d failures" % len(fails))
print("web security: ok")
PYEOF
