#!/bin/sh
# bench_subsidy.sh — speed of the subsidy engine (rules.md, not part of
# `make check`).
#
# Generates straight into a fresh database 100,000 enterprises of 东阳市
# (330783) with valid USCCs, 200,000 loans settled in 2024 (valid patent
# numbers with check digits and trademarks, some combined, some late, some
# with valuations) and 50,000 policies paid in 2024, contributions for most
# enterprises and a few bar flags; then times
#     pledger subsidy compute --city 330783 --year 2024
# with /usr/bin/time -v, three times (each on a fresh copy).  Passes when
# the median wall time is < 2 s and peak RSS < 256 MB; prints the figures
# (and a BENCH line for scripts/bench.sh) and exits 1 otherwise.
# KEEP=1 keeps the temporary directory.
#
# Usage: scripts/bench_subsidy.sh [PLEDGER]   (default ./pledger)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
PLEDGER=${1:-$here/pledger}
PY=/usr/bin/python3
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/bench-subsidy-XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TMPD"' EXIT
DB=$TMPD/bench.db

"$PLEDGER" --db "$DB" init >/dev/null

"$PY" - "$DB" <<'EOF'
import random, sqlite3, sys
db = sys.argv[1]
rnd = random.Random(20240101)
c = sqlite3.connect(db)
def refuse(msg, *args):
    raise sqlite3.IntegrityError("refused: " + str(msg))
c.create_function("ldg_refuse", -1, refuse)
c.execute("PRAGMA synchronous = OFF")

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def uscc(i):
    # 91 + division 330783 + 9-character organisation code + check (GB 32100-2015)
    org = ""
    n = i
    for _ in range(9):
        org = ALPHA[n % 31] + org
        n //= 31
    s = "91330783" + org
    total = sum(ALPHA.index(ch) * w for ch, w in zip(s, W))
    chk = 31 - total % 31
    return s + ALPHA[0 if chk == 31 else chk]
PW = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
def patent(i):
    d = "%04d%d%07d" % (2015 + i % 9, (1, 2, 3)[i % 3], i % 10000000)
    r = sum(int(ch) * w for ch, w in zip(d, PW)) % 11
    return "ZL%s.%s" % (d, "X" if r == 10 else r)
def day(y, doy):
    import datetime
    return (datetime.date(y, 1, 1) + datetime.timedelta(days=doy)).isoformat()

NE, NL, NP = 100000, 200000, 50000
ents = [(uscc(i), "东阳市测试企业%06d有限公司" % i, "330783", "制造", 0 if i % 997 == 0 else 1)
        for i in range(NE)]
c.executemany("INSERT INTO enterprises (uscc, name, city, industry, legal_person) VALUES (?,?,?,?,?)", ents)
c.executemany("INSERT INTO banks (id, name) VALUES (?, ?)",
              [(k + 1, "测试银行%02d支行" % k) for k in range(20)])
c.executemany("INSERT INTO insurers (id, name) VALUES (?, ?)",
              [(k + 1, "测试保险%02d公司" % k) for k in range(5)])
loans, rights = [], []
for i in range(NL):
    e = ents[rnd.randrange(NE)][0]
    start = rnd.randrange(0, 365)
    term = rnd.choice((182, 365, 365, 730))
    sd = day(2023, start)
    md = day(2023, start + term)
    settle_off = start + term if rnd.random() < 0.9 else start + term + 5
    st = day(2023, settle_off)
    if not st.startswith("2024"):
        st = day(2024, rnd.randrange(0, 300))
        md = day(2024, 330)
    principal = rnd.randrange(50, 5000) * 1000000
    combined = 1 if rnd.random() < 0.1 else 0
    ip = principal * 6 // 10 if combined and rnd.random() < 0.9 else None
    paid = principal * 35 // 1000 if rnd.random() < 0.7 else None
    loans.append((i + 1, 1 + i % 20, "HT2023-%07d" % i, e, principal, combined, ip, 36500,
                  sd, md, st, 1 if rnd.random() < 0.01 else 0, paid))
    for s in range(rnd.choice((1, 1, 2, 3))):
        if rnd.random() < 0.75:
            rights.append((i + 1, s + 1, patent(i * 3 + s), "patent",
                           rnd.randrange(1, 500) * 1000000 if i % 2 else None))
        else:
            rights.append((i + 1, s + 1, "%08d" % (10000000 + i * 3 + s), "trademark",
                           rnd.randrange(1, 500) * 1000000 if i % 2 else None))
c.executemany("""INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, combined,
    ip_portion_fen, rate_ppm, start_date, maturity_date, settle_date, overdue, interest_paid_fen)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", loans)
c.executemany("INSERT INTO loan_rights (loan_id, seq, right_no, kind, value_fen) VALUES (?,?,?,?,?)",
              rights)
pols = [(1 + i % 5, "BD2024%08d" % i, ents[rnd.randrange(NE)][0], rnd.randrange(1000, 200000) * 100,
         day(2024, rnd.randrange(0, 365))) for i in range(NP)]
c.executemany("INSERT INTO policies (insurer_id, policy_no, uscc, premium_fen, paid_date) VALUES (?,?,?,?,?)",
              pols)
c.executemany("INSERT INTO contributions (uscc, year, contribution_fen) VALUES (?, 2024, ?)",
              [(u[0], rnd.randrange(0, 100000) * 100) for k, u in enumerate(ents) if k % 50])
c.executemany("INSERT INTO bars (uscc, year, reason) VALUES (?, 2024, 'bench')",
              [(u[0],) for k, u in enumerate(ents) if k % 1000 == 7])
c.commit()
c.execute("ANALYZE")
c.close()
print("generated: %d enterprises, %d loans (%d rights), %d policies" % (NE, NL, len(rights), NP))
EOF

# Three runs, each on a fresh copy of the generated database (a compute
# over an existing draft would also delete it); the copy is not timed.
cp "$DB" "$TMPD/gen.db"
walls=""; rss=0; i=0
while [ $i -lt 3 ]; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cp "$TMPD/gen.db" "$DB"
	/usr/bin/time -v "$PLEDGER" --db "$DB" subsidy compute --city 330783 --year 2024 \
		>"$TMPD/out" 2>"$TMPD/time" || { cat "$TMPD/out" "$TMPD/time"; exit 1; }
	w=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMPD/time" \
		| awk -F: '{ if (NF == 3) s = $1 * 3600 + $2 * 60 + $3; else s = $1 * 60 + $2; printf "%.2f", s }')
	k=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMPD/time")
	echo "run $((i + 1)): wall ${w} s, peak RSS ${k} kB"
	walls="$walls $w"
	[ "$k" -gt "$rss" ] && rss=$k
	i=$((i + 1))
done
grep -v '^pledger: warning' "$TMPD/out" || true
wall=$(echo "$walls" | tr ' ' '\n' | grep . | sort -n | sed -n 2p)
echo "subsidy compute: median wall ${wall} s (limit 2 s), peak RSS ${rss} kB (limit 262144 kB)"
ok=0
awk -v s="$wall" 'BEGIN { exit !(s + 0 < 2) }' || { echo "FAIL: wall time ${wall} s is not under 2 s"; ok=1; }
[ "$rss" -lt 262144 ] || { echo "FAIL: peak RSS ${rss} kB is not under 256 MB"; ok=1; }
if [ -f "$here/scripts/bench_lib.sh" ]; then
	. "$here/scripts/bench_lib.sh"
	bench_line "subsidy compute: 200k loans, 50k policies" "$wall" "" "" 2 "$rss" 262144 || true
fi
[ "$ok" -eq 0 ] && echo "bench_subsidy: PASS"
exit $ok
