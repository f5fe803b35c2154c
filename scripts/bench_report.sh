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
def refuse(msg, *args):
    raise sqlite3.IntegrityError(msg)
con.create_function("ldg_refuse", -1, refuse)
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

. "$here/scripts/bench_lib.sh"
# Each side: median wall time of 3 runs, peak RSS the largest of them
# (scripts/bench_lib.sh bench_measure).
bench_measure 3 "$dir/baseline" "$dir/base.xlsx" "$N"
base_s=$BENCH_S
echo "bench_report: baseline: $base_s s (median of 3), peak RSS $((BENCH_KB / 1024)) MB"
bench_measure 3 "$PLEDGER" --db "$db" report ledger -o "$dir/ledger.xlsx"
p_s=$BENCH_S
p_kb=$BENCH_KB
echo "bench_report: pledger report ledger: $p_s s (median of 3), peak RSS $((p_kb / 1024)) MB"
ls -l "$dir/base.xlsx" "$dir/ledger.xlsx" | awk '{ print "bench_report: " $NF ": " $5 " bytes" }'

# targets (issue: within 1.5x of the baseline, peak RSS under 100 MB)
if bench_line "report ledger, 1M loans vs minimal libxlsxwriter writer" \
	"$p_s" "$base_s" 1.5 "" "$p_kb" 102400; then
	echo "bench_report: passed"
	exit 0
fi
echo "bench_report: FAILED: a target was missed (see the BENCH line)" >&2
exit 1
