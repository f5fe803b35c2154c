#!/bin/sh
# bench_report.sh — speed and memory of `pledger report ledger` on a large
# database (not part of `make check`).
#
#   sh scripts/bench_report.sh [N]      (N loans, default 1 000 000)
#
# Makes a database of N loans straight with SQL (valid shapes, not
# realistic data; python3's sqlite3 registers ldg_refuse so the lock
# triggers compile), compiles scripts/bench_xlsx_baseline.c — the same
# cells written by a minimal libxlsxwriter program in constant-memory
# mode — and times both in the same run.  Passes when pledger takes at
# most 1.5 times the baseline's wall time and its peak RSS stays under
# 100 MB; prints the figures and exits 1 otherwise.
#
# Environment: PLEDGER (default ./pledger), BENCH_DIR (default a temp dir,
# removed afterwards), CC.
set -eu
N=${1:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
PLEDGER=${PLEDGER:-$here/pledger}
PY=/usr/bin/python3
CC=${CC:-cc}
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pledger-bench-XXXXXX")}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
[ -x "$PLEDGER" ] || { echo "bench_report: no pledger at $PLEDGER (run make)" >&2; exit 2; }

db="$dir/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
"$PLEDGER" --db "$db" init >/dev/null
echo "bench_report: generating $N loans in $db"
t0=$(date +%s)
"$PY" - "$db" "$N" <<'EOF'
import sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
def refuse(msg):
    raise sqlite3.IntegrityError(msg)
con.create_function("ldg_refuse", 1, refuse)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA synchronous = OFF")
con.execute("BEGIN")
con.execute("INSERT INTO banks (id, name) SELECT value, '银行' || value FROM"
            " (WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 8)"
            " SELECT value FROM s)")
con.execute("WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < 999)"
            " INSERT INTO enterprises (uscc, name, city) SELECT printf('91330783%010d', k),"
            " printf('企业%04d', k), '330783' FROM s")
# The same formulas as scripts/bench_xlsx_baseline.c.
con.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?1)"
            " INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, combined, rate_ppm,"
            " start_date, maturity_date, settle_date, overdue, interest_paid_fen)"
            " SELECT i, 1 + i % 8, printf('HT%08d', i), printf('91330783%010d', i % 1000),"
            " 100000000 + (i * 7919) % 900000000, 0, 35000 + i % 20000,"
            " date('2020-01-01', '+' || (i % 1800) || ' days'),"
            " date('2020-01-01', '+' || (i % 1800 + 365) || ' days'),"
            " CASE WHEN i % 3 THEN date('2020-01-01', '+' || (i % 1800 + 360) || ' days') END,"
            " 0, (100000000 + (i * 7919) % 900000000) / 25 FROM s", (n,))
con.execute("INSERT INTO loan_rights (loan_id, seq, right_no, kind)"
            " SELECT id, 1, printf('ZL2020%06d.X', id % 1000000), 'patent' FROM loans")
con.execute("COMMIT")
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
EOF
echo "bench_report: generated in $(( $(date +%s) - t0 )) s"

$CC -O2 -o "$dir/baseline" "$here/scripts/bench_xlsx_baseline.c" -lxlsxwriter -lz

# run LABEL CMD...: wall seconds (1/100) and peak RSS (KB) into $wall, $rss.
run() {
	label=$1; shift
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null
	wall=$(awk '{ printf "%d", $1 * 100 }' "$dir/time")
	rss=$(awk '{ print $2 }' "$dir/time")
	echo "bench_report: $label: $(awk '{ print $1 }' "$dir/time") s, peak RSS $((rss / 1024)) MB"
}
run baseline "$dir/baseline" "$dir/base.xlsx" "$N"
base_wall=$wall
run "pledger report ledger" "$PLEDGER" --db "$db" report ledger -o "$dir/ledger.xlsx"
p_wall=$wall
p_rss=$rss
ls -l "$dir/base.xlsx" "$dir/ledger.xlsx" | awk '{ print "bench_report: " $NF ": " $5 " bytes" }'

ok=0
ratio=$(awk -v a="$p_wall" -v b="$base_wall" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "bench_report: time ratio $ratio (limit 1.50), peak RSS $((p_rss / 1024)) MB (limit 100 MB)"
if [ $((p_wall * 100)) -gt $((base_wall * 150)) ]; then
	echo "bench_report: FAILED: pledger took more than 1.5 times the baseline" >&2
	ok=1
fi
if [ "$p_rss" -ge 102400 ]; then
	echo "bench_report: FAILED: peak RSS 100 MB or more" >&2
	ok=1
fi
[ $ok -eq 0 ] && echo "bench_report: passed"
exit $ok
