# compare_truth.py DB TRUTH — compare what pledger imported with the
# examples' truth.json (the same data, clean, written independently of
# pledger).  Prints each difference; exits 1 when there is any.
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
truth = json.load(open(sys.argv[2], encoding="utf-8"))
bad = []


def check(what, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (what, got, want))


ents = {r[0]: r[1:] for r in db.execute(
    "SELECT uscc, name, city, industry, legal_person FROM enterprises")}
check("enterprise count", len(ents), len(truth["enterprises"]))
for e in truth["enterprises"]:
    got = ents.get(e["uscc"])
    want = (e["name"], e["city"], e.get("industry") or "", 1 if e["legal_person"] else 0)
    if got is None:
        bad.append("enterprise %s missing" % e["uscc"])
    elif e["uscc"] == "91330783MA2MUARF6E":
        # created from its loan rows: no industry in a bank file
        check("enterprise " + e["uscc"], got[:2], want[:2])
    else:
        check("enterprise " + e["uscc"], got, want)

loans = {}
for r in db.execute(
        "SELECT b.name, l.contract_no, l.uscc, l.principal_fen, l.combined, l.ip_portion_fen,"
        " l.rate_ppm, l.start_date, l.maturity_date, l.settle_date, l.overdue,"
        " l.interest_paid_fen, l.registration_no, l.registration_date, l.credit_line_fen, l.id"
        " FROM loans l JOIN banks b ON b.id = l.bank_id"):
    rights = [list(x) for x in db.execute(
        "SELECT right_no, kind, value_fen FROM loan_rights WHERE loan_id = ? ORDER BY seq", (r[15],))]
    loans[(r[0], r[1])] = r[2:15] + (rights,)
check("loan count", len(loans), len(truth["loans"]))
for l in truth["loans"]:
    key = (l["bank"], l["contract_no"])
    want = (l["uscc"], l["principal_fen"], 1 if l["combined"] else 0, l["ip_portion_fen"],
            l["rate_ppm"], l["start_date"], l["maturity_date"], l["settle_date"],
            1 if l["overdue"] else 0, l["interest_paid_fen"], l["registration_no"],
            l["registration_date"], l["credit_line_fen"],
            [[x["id"], x["kind"], x["value_fen"]] for x in l["rights"]])
    got = loans.get(key)
    if got is None:
        bad.append("loan %s/%s missing" % key)
        continue
    names = ["uscc", "principal", "combined", "ip_portion", "rate", "start", "maturity",
             "settle", "overdue", "interest_paid", "registration_no", "registration_date",
             "credit_line", "rights"]
    for i, n in enumerate(names):
        check("loan %s/%s %s" % (key[0], key[1], n), got[i], want[i])

pols = {(r[0], r[1]): r[2:] for r in db.execute(
    "SELECT i.name, p.policy_no, p.uscc, p.product, p.insured_rights, p.premium_fen,"
    " p.paid_date, p.start_date, p.end_date, p.coverage_fen"
    " FROM policies p JOIN insurers i ON i.id = p.insurer_id")}
check("policy count", len(pols), len(truth["policies"]))
for p in truth["policies"]:
    key = (p["insurer"], p["policy_no"])
    want = (p["uscc"], p["product"], ";".join(p["insured_rights"]), p["premium_fen"],
            p["paid_date"], p["start_date"], p["end_date"], p["coverage_fen"])
    check("policy %s/%s" % key, pols.get(key), want)

contribs = {(r[0], r[1]): r[2] for r in db.execute(
    "SELECT uscc, year, contribution_fen FROM contributions")}
check("contribution count", len(contribs), len(truth["contributions"]))
for c in truth["contributions"]:
    check("contribution %s %d" % (c["uscc"], c["year"]), contribs.get((c["uscc"], c["year"])), c["fen"])
bars = {(r[0], r[1]): r[2] for r in db.execute("SELECT uscc, year, reason FROM bars")}
check("bar count", len(bars), len(truth["bars"]))
for b in truth["bars"]:
    check("bar %s %d" % (b["uscc"], b["year"]), bars.get((b["uscc"], b["year"])), b["reason"])

for line in bad:
    print(line)
sys.exit(1 if bad else 0)
