# t_web_search.sh — the workbench's loan search (/loans?q=, web.md §3)
# answers from memory (ledger/search.c); here its pages are compared with
# SQL LIKE run by Python's own sqlite3 on the same database: the loans
# whose contract number, enterprise name or USCC, or bank name contains
# the text (ASCII case ignored, % and _ literal), or one of whose right
# numbers does when the text has 6 characters or more, newest start date
# first, then highest id, 50 a page.  Then a loan added from the command
# line while the server runs is found by the next search, and gone once
# its enterprise's loans are searched after it is removed again.
. "$(dirname "$0")/lib.sh"

"$PLEDGER" demo --dir "$TMP/demo" --loans 1500 >/dev/null || die "demo"
DB="$TMP/demo/pledger.db"
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" <<'PYEOF'
import re, sqlite3, subprocess, sys, urllib.parse
pledger, db, here = sys.argv[1:4]
sys.path.insert(0, here)
from web_client import Server, Client

def fail(msg):
    raise SystemExit("FAILED: " + msg)

REF = """SELECT l.id FROM loans l JOIN banks b ON b.id = l.bank_id JOIN enterprises e ON e.uscc = l.uscc
 WHERE l.contract_no LIKE ?1 ESCAPE '\\' OR e.name LIKE ?1 ESCAPE '\\' OR e.uscc LIKE ?1 ESCAPE '\\'
 OR b.name LIKE ?1 ESCAPE '\\'
 OR (?2 >= 6 AND l.id IN (SELECT loan_id FROM loan_rights WHERE right_no LIKE ?1 ESCAPE '\\'))
 ORDER BY l.start_date DESC, l.id DESC"""

def expected(q):
    pat = "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"
    c = sqlite3.connect(db)
    ids = [r[0] for r in c.execute(REF, (pat, len(q)))]
    c.close()
    return ids

def shown(cl, q, page):
    r = cl.get("/loans?q=%s&page=%d" % (urllib.parse.quote(q), page))
    if r.status != 200:
        fail("/loans?q=%s answered %d" % (q, r.status))
    ids = [int(x) for x in re.findall(r'<tr><td><a href="/loans/(\d+)">', r.text)]
    more = 'rel="next"' in r.text
    return ids, more

c = sqlite3.connect(db)
contract = c.execute("SELECT contract_no FROM loans ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0]
uscc, name = c.execute("SELECT uscc, name FROM enterprises ORDER BY uscc LIMIT 1 OFFSET 3").fetchone()
bank = c.execute("SELECT name FROM banks ORDER BY id LIMIT 1").fetchone()[0]
right = c.execute("SELECT right_no FROM loan_rights ORDER BY loan_id LIMIT 1").fetchone()[0]
c.close()
queries = ["", contract, contract[-4:], contract[-3:], "0081", "2023", name, name[2:5], uscc,
           uscc.lower(), uscc[4:9], bank, bank[:2], right, right[-8:], right[:6].lower(),
           right[:5], "a", "%", "_", "\\", "'", "zzzz-none", "<script>"]
with Server(pledger, db) as s:
    cl = Client(s.port)
    if cl.login("demo-clerk", "pledger-demo").status != 303:
        fail("sign-in")
    for q in queries:
        want = expected(q)
        got, page = [], 1
        while True:
            ids, more = shown(cl, q, page)
            if len(ids) > 50:
                fail("q=%r page %d shows %d rows" % (q, page, len(ids)))
            got += ids
            if not more:
                break
            if len(ids) != 50:
                fail("q=%r page %d has a next page but %d rows" % (q, page, len(ids)))
            page += 1
            if page > 4:          # the first pages are enough
                want = want[:len(got)]
                break
        if got != want[:len(got)] or (page <= 4 and got != want):
            fail("q=%r: the page shows %s..., SQL LIKE finds %s... (%d vs %d)"
                 % (q, got[:5], want[:5], len(got), len(want)))
    # the enterprise search: name or USCC, by USCC
    for q in ["", name, name[:2], name[2:4], uscc, uscc.lower()[3:10], "有限", "zzzz-none", "%"]:
        pat = "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"
        c = sqlite3.connect(db)
        want = [r[0] for r in c.execute("SELECT uscc FROM enterprises WHERE name LIKE ?1 ESCAPE '\\'"
                                        " OR uscc LIKE ?1 ESCAPE '\\' ORDER BY uscc", (pat,))]
        c.close()
        got = []
        for page in (1, 2, 3):
            r = cl.get("/enterprises?q=%s&page=%d" % (urllib.parse.quote(q), page))
            got += re.findall(r'<tr><td><a href="/enterprises/([^"]+)">', r.text)
            if 'rel="next"' not in r.text:
                break
        if got != want[:len(got)] or (len(got) < 150 and got != want):
            fail("enterprises q=%r: the page shows %s..., SQL LIKE finds %s... (%d vs %d)"
                 % (q, got[:3], want[:3], len(got), len(want)))
    if not expected("zzzz-none") == [] or not expected(contract):
        fail("the reference query finds nothing for the contract, or something for nothing")

    # a loan added from the command line while the server runs
    env = dict(__import__("os").environ, PLEDGER_LANG="en")
    r = subprocess.run([pledger, "--db", db, "loan", "add", "--bank", bank, "--contract-no",
                        "SEARCH-NEW-7", "--uscc", uscc, "--enterprise", name, "--principal", "100000",
                        "--start-date", "2026-06-01", "--maturity-date", "2027-05-31",
                        "--ip-rights", "ZL202610999999.8"], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail("loan add: " + r.stderr)
    ids, _ = shown(cl, "search-new", 1)
    want = expected("search-new")
    if len(want) != 1 or ids != want:
        fail("the new loan is not found by the next search: %s vs %s" % (ids, want))
    ids, _ = shown(cl, "", 1)
    if ids[0] != want[0]:
        fail("the newest loan is not first in the whole list: %s" % ids[:3])
    c = sqlite3.connect(db)
    c.execute("PRAGMA foreign_keys = ON")
    def refuse(*a):
        raise ValueError("refused: %s" % (a,))
    for n in (1, -1):     # the lock triggers' function, as pledger has it
        c.create_function("ldg_refuse", n, refuse)
    c.execute("DELETE FROM loans WHERE contract_no = 'SEARCH-NEW-7'")
    c.commit()
    c.close()
    ids, _ = shown(cl, "search-new", 1)
    if ids:
        fail("a deleted loan is still found: %s" % ids)
PYEOF
