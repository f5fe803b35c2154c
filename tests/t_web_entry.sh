# t_web_entry.sh — the forms of 贷款 and 保单 (web.md §3): add and correct a
# loan and a policy in the workbench.  Each refused value gets the message
# the command line gives for the same value (`pledger loan add`, so the one
# validator of import/row.c judges both), beside its field, and nothing is
# written; an accepted form writes the record with the signed-in user in the
# audit log, and the record's page shows its history; a correction saved
# unchanged changes nothing; an auditor and a reviewer are refused (403,
# database unchanged); a POST without the CSRF token is refused; names made
# of HTML payloads are shown as text; a search shows 50 rows a page.  The server binds 127.0.0.1 on a free
# port and is always stopped.
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv policies:policies/insurer1_utf8bom.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
for u in alice:clerk bob:reviewer eve:auditor; do
	echo "pw-${u%%:*}-long" | p user add "${u%%:*}" --role "${u#*:}" >/dev/null || die "user add $u"
done
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" <<'PYEOF'
import html, re, sqlite3, subprocess, sys
pledger, db, here = sys.argv[1:4]
sys.path.insert(0, here)
from web_client import Server, Client

fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAILED:", what)

def sql(q):
    """One value (rows joined by newlines) read with a busy timeout: the
    server writes sessions while the test reads."""
    con = sqlite3.connect(db, timeout=30)
    try:
        return "\n".join("|".join("" if v is None else str(v) for v in row)
                         for row in con.execute(q)).strip()
    finally:
        con.close()

def dump():
    """The database but its sessions (a page seen renews its session)."""
    con = sqlite3.connect(db, timeout=30)
    try:
        return "\n".join(l for l in con.iterdump() if not l.startswith('INSERT INTO "sessions"'))
    finally:
        con.close()

def cli_add(kind, fields):
    args = [pledger, "--db", db, kind, "add"]
    for k, v in fields.items():
        args += ["--" + k.replace("_", "-"), v]
    return subprocess.run(args + ["--dry-run"] if False else args, capture_output=True, text=True)

# a loan of the example bank, with a new contract number
bank = sql("SELECT name FROM banks ORDER BY id LIMIT 1")
uscc, ename, city = sql("SELECT e.uscc || '|' || e.name || '|' || c.name FROM enterprises e"
                        " JOIN cities c ON c.code = e.city ORDER BY e.uscc LIMIT 1").split("|")
right = sql("SELECT right_no FROM loan_rights ORDER BY loan_id LIMIT 1")
loan = {"bank": bank, "contract_no": "WEB-0001", "uscc": uscc, "enterprise": ename,
        "principal": "1,000,000.00", "start_date": "2024-03-01", "maturity_date": "2025-02-28",
        "ip_rights": right, "rate": "3.45%"}
insurer = sql("SELECT name FROM insurers ORDER BY id LIMIT 1")
policy = {"insurer": insurer, "policy_no": "WEB-P-0001", "uscc": uscc, "enterprise": ename,
          "premium": "5000.00", "paid_date": "2024-04-01", "start_date": "2024-04-02",
          "end_date": "2025-04-01"}

def field_row(text, name):
    """The <tr> of the form's field name."""
    m = re.search(r'<tr><th><label for="f-%s">.*?</tr>' % re.escape(name), text)
    return m.group(0) if m else ""

def cli_message(kind, fields, bad_field, bad_value):
    f = dict(fields)
    f[bad_field] = bad_value
    f["contract_no" if kind == "loan" else "policy_no"] = "CLI-PROBE"
    r = cli_add(kind, f)
    check(r.returncode != 0, "the command line takes %s=%r" % (bad_field, bad_value))
    # "pledger: column 'principal': not an amount (value '12O00')": the reason
    m = re.search(r"column '(?:%s|%s)': (.*?) \(value " % (bad_field, bad_field.replace("_", "-")), r.stderr)
    check(m, "no column message from the command line: %r" % r.stderr)
    return m.group(1) if m else "?"

with Server(pledger, db) as s:
    a = Client(s.port, lang="en")   # the command line speaks English here (PLEDGER_LANG=en)
    check(a.login("alice", "pw-alice-long").status == 303, "alice signs in")
    t = a.csrf("/loans/new")
    check(t is not None, "no form on /loans/new")
    r = a.get("/loans")
    check('href="/loans/new"' in r.text, "no link to the new loan form")

    # --- refused values: the command line's message beside the field ---
    for kind, base, rec, bad_field, bad_value in (
            ("loan", "/loans", loan, "principal", "12O00"),
            ("loan", "/loans", loan, "start_date", "2024-02-30"),
            ("loan", "/loans", loan, "uscc", "91330783MA28H0D62X"),
            ("policy", "/policies", policy, "premium", "5O0.00"),
            ("policy", "/policies", policy, "paid_date", "明天")):
        want = cli_message(kind, rec, bad_field, bad_value)
        before = dump()
        f = dict(rec, csrf=t)
        f[bad_field] = bad_value
        r = a.post(base + "/new", f)
        row = field_row(r.text, bad_field)
        check(r.status == 422, "%s %s=%r: status %d" % (kind, bad_field, bad_value, r.status))
        check('class="error"' in row and want in html.unescape(row),
              "%s %s=%r: the message %r is not beside the field: %r" % (kind, bad_field, bad_value, want, row))
        check('value="%s"' % html.escape(bad_value) in row, "%s: the refused value is not kept in the form" % bad_field)
        check(dump() == before, "%s %s=%r: a refused form changed the database" % (kind, bad_field, bad_value))

    # --- escaping: a payload value is shown as text, in the field and the message ---
    payload = '"><script>alert(1)</script>'
    r = a.post("/loans/new", dict(loan, csrf=t, principal=payload))
    check(r.status == 422 and "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text,
          "a payload value is not escaped")

    # --- roles and CSRF: refused, nothing changed ---
    e = Client(s.port)
    check(e.login("eve", "pw-eve-long").status == 303, "eve signs in")
    b = Client(s.port)
    check(b.login("bob", "pw-bob-long").status == 303, "bob signs in")
    before = dump()
    for c, who in ((e, "auditor"), (b, "reviewer")):
        ct = c.csrf("/")
        r = c.post("/loans/new", dict(loan, csrf=ct))
        check(r.status == 403, "%s adds a loan: %d" % (who, r.status))
        r = c.post("/policies/new", dict(policy, csrf=ct))
        check(r.status == 403, "%s adds a policy: %d" % (who, r.status))
        check('href="/loans/new"' not in c.get("/loans").text, "%s is offered the new loan form" % who)
    r = a.post("/loans/new", dict(loan))
    check(r.status == 403, "a form without csrf: %d" % r.status)
    r = a.post("/loans/new", dict(loan, csrf="0" * 64))
    check(r.status == 403, "a form with a wrong csrf: %d" % r.status)
    after = dump()
    check(after == before, "refused forms changed the database: %s" % (set(after.splitlines()) ^ set(before.splitlines())))

    # --- add: the record, its audit row under alice, its page ---
    name_payload = "<b>WEB</b>-0002"
    r = a.post("/loans/new", dict(loan, csrf=t, contract_no=name_payload))
    loc = r.header("Location")
    check(r.status == 303 and loc and re.match(r"/loans/\d+\?", loc[0]), "add a loan: %d %s %s" % (r.status, loc, re.findall(r'class="error">[^<]*', r.text)))
    lid = sql("SELECT l.id FROM loans l WHERE contract_no = '%s'" % name_payload)
    check(lid != "", "the loan was not written")
    check(loc and loc[0].startswith("/loans/%s?" % lid), "the add does not lead to the loan's page: %s" % loc)
    check(sql("SELECT principal_fen FROM loans WHERE id = %s" % (lid or 0)) == "100000000", "principal not 1 000 000.00 yuan")
    check(sql("SELECT user FROM audit_log WHERE entity = 'loan' AND action = 'insert' AND entity_key LIKE '%%<b>WEB</b>-0002'") == "alice",
          "the insert is not audited under alice")
    r = a.get("/loans/%s" % lid)
    check(r.status == 200 and "&lt;b&gt;WEB&lt;/b&gt;-0002" in r.text and "<b>WEB</b>" not in r.text,
          "the record page does not escape the contract")
    check(re.search(r'<table class="history">.*?<td>alice</td><td>insert</td>', r.text, re.S),
          "the record's history does not show the insert")
    # the same again is refused (add never overwrites), with the command line's words
    r = a.post("/loans/new", dict(loan, csrf=t, contract_no=name_payload))
    check(r.status == 422 and "recorded already" in r.text, "adding the same loan twice: %d" % r.status)
    r = e.get("/loans/%s" % lid)
    check(r.status == 200 and 'class="entry"' not in r.text and "&lt;b&gt;WEB&lt;/b&gt;" in r.text,
          "the auditor sees a correction form or no record")

    # --- correct: the form as shown saves nothing; a changed date is audited ---
    r = a.get("/loans/%s" % lid)
    form = {k: html.unescape(v) for k, v in re.findall(r'<input id="f-[a-z_]+" name="([a-z_]+)" value="([^"]*)"', r.text)}
    check(form.get("contract_no") == name_payload and form.get("maturity_date") == "2025-02-28",
          "the correction form is not filled in: %r" % form)
    before = dump()
    r = a.post("/loans/%s" % lid, dict(form, csrf=t))
    check(r.status == 303, "saving the unchanged form: %d %s" % (r.status, re.findall(r'class="error">[^<]*', r.text)))
    check(dump() == before, "saving the unchanged form changed the database")
    r = a.post("/loans/%s" % lid, dict(form, csrf=t, maturity_date="2025-03-31", contract_no="ELSEWHERE"))
    check(r.status == 303, "a correction: %d %s" % (r.status, r.text[-800:]))
    got = sql("SELECT maturity_date FROM loans WHERE id = %s" % lid)
    check(got == "2025-03-31", "the correction was not written: %r" % got)
    check(sql("SELECT count(*) FROM loans WHERE contract_no = 'ELSEWHERE'") == "0", "a correction changed the key")
    check(sql("SELECT user || ' ' || old_value || ' ' || new_value FROM audit_log WHERE action = 'update'"
              " AND field = 'maturity_date'") == "alice 2025-02-28 2025-03-31", "the correction is not audited")
    before = dump()
    r = a.post("/loans/%s" % lid, dict(form, csrf=t, maturity_date="2025-13-01"))
    check(r.status == 422 and 'class="error"' in field_row(r.text, "maturity_date"), "a bad correction: %d" % r.status)
    r = e.post("/loans/%s" % lid, dict(form, csrf=e.csrf("/"), maturity_date="2026-01-01"))
    check(r.status == 403, "the auditor corrects: %d" % r.status)
    check(dump() == before, "refused corrections changed the database")

    # --- a policy: add, then its page ---
    r = a.post("/policies/new", dict(policy, csrf=t))
    loc = r.header("Location")
    check(r.status == 303 and loc and loc[0].startswith("/policies/"), "add a policy: %d %s" % (r.status, re.findall(r'class="error">[^<]*', r.text)))
    check(sql("SELECT premium_fen FROM policies WHERE policy_no = 'WEB-P-0001'") == "500000", "the policy was not written")
    if loc:
        r = a.get(loc[0].split("?")[0])
        check(r.status == 200 and "WEB-P-0001" in r.text and "<td>insert</td>" in r.text, "the policy's page")
    check(a.get("/loans/999999").status == 404 and a.get("/loans/x").status == 404, "no such loan: 404")

    # --- a search's pages: 50 rows a page, a link to the next and back ---
    con = sqlite3.connect(db, timeout=30)
    con.create_function("ldg_refuse", -1, lambda *m: None)
    con.create_function("ldg_key", 1, lambda v: v)
    con.executemany("INSERT INTO enterprises (uscc, name, city) VALUES (?, ?, '330783')",
                    [("91330783PAGE%05dX" % i, "分页测试%03d" % i) for i in range(60)])
    con.commit()
    con.close()
    r = a.get("/enterprises?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95")
    n1 = len(re.findall(r"分页测试\d{3}<", r.text))
    check(n1 == 50 and 'rel="next"' in r.text and 'rel="prev"' not in r.text, "page 1 of a search: %d rows" % n1)
    m = re.search(r'<a rel="next" href="([^"]+)"', r.text)
    r = a.get("/enterprises" + html.unescape(m.group(1)) if m else "/enterprises?page=2")
    n2 = re.findall(r"分页测试(\d{3})<", r.text)
    check(len(n2) == 10 and 'rel="prev"' in r.text and 'rel="next"' not in r.text, "page 2 of a search: %d rows" % len(n2))

if fails:
    raise SystemExit("%d failures" % len(fails))
print("web entry: ok")
PYEOF
