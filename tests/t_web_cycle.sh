# t_web_cycle.sh — the cycle's actions on the workbench's 审核与兑付 page
# (issue 17, cycle.md, web.md §2-§3): publish with a period, objections
# added and resolved, pay with date and voucher — the reviewer's, each
# beyond the clerk's, the auditor's and the admin's role (403, the database
# unchanged by .dump), each POST without its CSRF token refused (403); the
# rules those of the command line (pay before the period ends or with an
# objection open refused); the run's state, period, payment and budget
# shown; a paid run refused by the web's reopen and compute.  The server
# binds 127.0.0.1 on a free port and is always stopped.
. "$(dirname "$0")/lib.sh"

EX="$SHARED/examples"
expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv policies:policies/insurer1_utf8bom.csv \
	policies:policies/insurer2_gb18030.csv contributions:contributions.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
for u in alice:clerk bob:reviewer root:admin eve:auditor; do
	echo "pw-${u%%:*}-long" | p user add "${u%%:*}" --role "${u#*:}" >/dev/null || die "user add $u"
done
expect 0 p budget set --city 330783 --year 2021 1000000
LOGNAME=alice "$PLEDGER" --db "$DB" subsidy compute --city 330783 --year 2021 >/dev/null || die "compute"
# every payee's account (pay needs them, as on the command line)
{ echo "统一社会信用代码,户名,开户银行,银行账号"
  sqlite3 -csv "$DB" "SELECT r.uscc, e.name, '中国工商银行东阳支行', '6222000011112222'
	FROM run_rows r JOIN enterprises e ON e.uscc = r.uscc
	WHERE r.run_id = (SELECT id FROM subsidy_runs WHERE city = '330783' AND year = 2021)
	AND r.payable_fen > 0"; } >"$TMP/acc.csv"
expect 0 p import accounts "$TMP/acc.csv"
rm -f "$TMP/acc.csv"
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" <<'PYEOF'
import os, re, subprocess, sqlite3, sys
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

def state():
    con = sqlite3.connect(db)
    row = con.execute("SELECT uscc FROM run_rows WHERE run_id = (SELECT id FROM subsidy_runs"
                      " WHERE city = '330783' AND year = 2021) AND payable_fen > 0 LIMIT 1").fetchone()
    con.close()
    return row[0]

RUN = "/subsidy/330783/2021"
with Server(pledger, db) as s:
    def as_user(name):
        u = Client(s.port)
        r = u.login(name, "pw-%s-long" % name)
        check(r.status == 303, "login %s: %d" % (name, r.status))
        return u, u.csrf("/")
    anon = Client(s.port)
    before = dump()
    for a in ("publish", "objection", "resolve", "pay"):
        r = anon.post(RUN + "/" + a, {"csrf": "x", "from": "2025-03-01", "to": "2025-03-07"})
        check(r.status == 303 and r.header("Location") == ["/login"], "POST %s without a session: %d" % (a, r.status))
    check(dump() == before, "POSTs without a session changed the database")
    alice, alice_t = as_user("alice")
    bob, bob_t = as_user("bob")
    root, root_t = as_user("root")
    eve, eve_t = as_user("eve")
    uscc = state()

    # the clerk computed on the CLI; bob finalizes on the web
    r = bob.post(RUN + "/finalize", {"csrf": bob_t})
    check(r.status == 303, "bob finalize: %d" % r.status)
    page = bob.get(RUN).text
    check('action="/subsidy/330783/2021/publish"' in page, "the reviewer sees no publish form")
    check("预算" in page or "Budget" in page, "the run's budget is not shown")
    check('action="/subsidy/330783/2021/publish"' not in alice.get(RUN).text, "the clerk sees the publish form")

    PUB = {"from": "2025-03-01", "to": "2025-03-07"}
    OBJ = {"uscc": uscc, "date": "2025-03-02", "text": "<script>alert(9)</script>"}
    PAY = {"date": "2025-03-20", "voucher": "记-2025-0042"}

    def refused(who, tok, path, f, what):
        before = dump()
        r = who.post(path, dict(f, csrf=tok))
        check(r.status == 403, "%s: %d" % (what, r.status))
        check(dump() == before, "%s changed the database" % what)

    for who, tok, name in ((alice, alice_t, "clerk"), (eve, eve_t, "auditor"), (root, root_t, "admin")):
        refused(who, tok, RUN + "/publish", PUB, "%s publish" % name)
    for f in ({}, {"csrf": ""}, {"csrf": "0" * 64}):
        before = dump()
        r = bob.post(RUN + "/publish", dict(PUB, **f))
        check(r.status == 403 and dump() == before, "publish with csrf %r: %d" % (f, r.status))

    r = bob.get(RUN + "/publish?from=2025-03-01&to=2025-03-07")
    check(r.status == 405 and dump() == before, "GET publish: %d" % r.status)
    r = bob.post(RUN + "/publish", dict(PUB, csrf=bob_t))
    check(r.status == 303, "bob publish: %d" % r.status)
    page = bob.get(RUN).text
    check("2025-03-01" in page and "2025-03-07" in page, "the publicity period is not shown")
    check('<dd class="state">公示中</dd>' in page, "the state publicized is not shown in Chinese")
    p = subprocess.run([pledger, "--db", db, "subsidy", "show", "--city", "330783", "--year", "2021"],
                       capture_output=True, text=True)
    check("publicized" in p.stdout or "公示" in p.stdout, "the CLI does not see the web's publish: %s" % p.stdout[:200])

    for who, tok, name in ((alice, alice_t, "clerk"), (eve, eve_t, "auditor"), (root, root_t, "admin")):
        refused(who, tok, RUN + "/objection", OBJ, "%s objection add" % name)
    r = bob.post(RUN + "/objection", dict(OBJ, csrf=bob_t))
    check(r.status == 303, "bob objection add: %d" % r.status)
    con = sqlite3.connect(db)
    oid = con.execute("SELECT max(id) FROM objections").fetchone()[0]
    con.close()
    check(oid is not None, "no objection recorded")
    page = bob.get(RUN).text
    check("<script>alert(9)" not in page and "&lt;script&gt;alert(9)" in page, "the objection's text is not escaped")

    # pay with the objection open: refused with the ledger's message, nothing paid
    before = dump()
    r = bob.post(RUN + "/pay", dict(PAY, csrf=bob_t))
    check(r.status == 303 and dump() == before, "pay with an objection open changed the database")
    check("异议尚未处理" in bob.get(r.header("Location")[0]).text, "pay with an objection open: no message (in the page's language)")

    RES = {"id": str(oid), "outcome": "dismissed", "text": "已核实，异议不成立"}
    for who, tok, name in ((alice, alice_t, "clerk"), (eve, eve_t, "auditor"), (root, root_t, "admin")):
        refused(who, tok, RUN + "/resolve", RES, "%s objection resolve" % name)
    r = bob.post("/subsidy/330783/2022/resolve", dict(RES, csrf=bob_t))
    check(r.status == 404, "an objection resolved through another run's page: %d" % r.status)
    r = bob.post(RUN + "/resolve", dict(RES, csrf=bob_t))
    check(r.status == 303, "bob resolve: %d" % r.status)

    # pay within the period: refused
    before = dump()
    r = bob.post(RUN + "/pay", dict(PAY, date="2025-03-05", csrf=bob_t))
    check(dump() == before, "pay within the publicity period changed the database")
    for who, tok, name in ((alice, alice_t, "clerk"), (eve, eve_t, "auditor"), (root, root_t, "admin")):
        refused(who, tok, RUN + "/pay", PAY, "%s pay" % name)
    r = bob.post(RUN + "/pay", dict(PAY, csrf=bob_t))
    check(r.status == 303, "bob pay: %d" % r.status)
    con = sqlite3.connect(db)
    row = con.execute("SELECT status FROM subsidy_runs WHERE city = '330783' AND year = 2021").fetchone()
    who = dict(con.execute("SELECT action, user FROM audit_log WHERE entity = 'run' AND entity_key = '330783/2021'").fetchall())
    con.close()
    page = bob.get(RUN).text
    check("2025-03-20" in page and "记-2025-0042" in page, "the payment is not shown")
    check('<dd class="state">已拨付</dd>' in page, "the state paid is not shown in Chinese")
    check(who.get("pay") == "bob" and who.get("publish") == "bob", "the audit log has not bob's publish and pay: %s" % who)
    check('action="/subsidy/330783/2021/reopen"' not in root.get(RUN).text, "a paid run offers reopen")

    # a paid run refused by every path of the web: reopen, compute, import of a changed loan
    before = dump()
    r = root.post(RUN + "/reopen", {"csrf": root_t, "reason": "x"})
    r2 = alice.post(RUN + "/compute", {"csrf": alice_t})
    check(dump() == before, "reopen or compute of a paid run changed the database")
    check("paid" in root.get(r.header("Location")[0]).text or "已拨付" in root.get(r.header("Location")[0]).text,
          "reopen of a paid run: no message")

    check(re.search(r'<a class="run paid" href="/subsidy/330783/2021">2021 已拨付</a>', alice.get("/").text),
          "the home page does not show the run paid")

    # the web's loan form: a correction of a loan the paid run used is refused
    con = sqlite3.connect(db)
    lid, key = con.execute("SELECT item_id, item_key FROM run_items WHERE item_type = 'loan' AND run_id ="
                           " (SELECT id FROM subsidy_runs WHERE city = '330783' AND year = 2021)"
                           " AND reason = 'ELIGIBLE' LIMIT 1").fetchone()
    bank, contract = con.execute("SELECT b.name, l.contract_no FROM loans l JOIN banks b ON b.id = l.bank_id"
                                 " WHERE l.id = ?", (lid,)).fetchone()
    con.close()
    import html as H
    r = alice.get("/loans/%d" % lid)
    form = {k: H.unescape(v) for k, v in re.findall(r'<input id="f-[a-z_]+" name="([a-z_]+)" value="([^"]*)"', r.text)}
    check("principal" in "".join(form), "no correction form for loan %d: %r" % (lid, form))
    pk = [k for k in form if "principal" in k][0] if form else "principal"
    before = dump()
    r = alice.post("/loans/%d" % lid, dict(form, csrf=alice_t, **{pk: "%d.00" % (int(float(form.get(pk, "0"))) + 1)}))
    check(dump() == before, "a web correction of a loan of the paid run changed the database (%d)" % r.status)
    # (the form as shown: rights without values are an empty cell, not "；；")
    # (in the page's language: the trigger's refusal is translated, issue 15)
    check(r.status == 422 and "已用于已定稿的东阳市 2021 年度补助核算" in r.text,
          "the refused correction does not name the run: %d %s" % (r.status, re.findall(r'class="error">[^<]*', r.text)))

    # the web's import: the same loan with a changed principal is refused
    cols = [k for k in form if form[k] and k != pk]
    csv = ",".join(cols + [pk]) + "\n" + ",".join(form[k] for k in cols) + ",%d.00\n" % (int(float(form[pk])) + 1)
    before = dump()
    r = alice.post_file("/import", {"csrf": alice_t, "kind": "loans"}, "l.csv", csv.encode())
    loc = r.header("Location")
    for _ in range(50):
        if r.status == 303 and loc and "/confirm" not in loc[0]:
            r = alice.get(loc[0])
        m = re.search(r'action="(/import/[0-9a-f]+/confirm)"', r.text)
        if m or "meta http-equiv" not in r.text:
            break
        import time; time.sleep(0.2)
    check(not m and "已用于已定稿的东阳市 2021 年度补助核算" in r.text,
          "the preview of a changed loan of the paid run offers a confirm or no reason")
    if m:
        alice.post(m.group(1), {"csrf": alice_t})
    check(dump() == before, "a web import of a changed loan of the paid run changed the database")

if fails:
    sys.exit(1)
PYEOF
