# t_cli_faults.sh — cli.md "Global": exit 2 for usage errors, exit 3 for
# database or file errors, also where the fault comes late: standard output
# that cannot be written, a listing whose read fails half way, an empty --db.
. "$(dirname "$0")/lib.sh"

# An empty --db path is a usage error (SQLite would open a temporary
# database and `init` would report success for nothing stored).
expect 2 "$PLEDGER" --db '' init
has "$TMP/err" "option '--db' needs a path"
expect 2 "$PLEDGER" --db= init
has "$TMP/err" "option '--db' needs a path"
[ -z "$(cat "$TMP/out")" ] || die "--db= printed '$(cat "$TMP/out")'"

# Usage is checked before the database is opened: exit 2, not 3, without one.
expect 2 p scheme set --city 东阳市 interest_share
has "$TMP/err" "'scheme set' needs KEY VALUE"
expect 2 p scheme show --city 东阳市 stray
has "$TMP/err" "unexpected argument 'stray'"
[ ! -e "$DB" ] || die "a usage error created the database"

expect 0 p init

# A full standard output (/dev/full: ENOSPC on every write) is a file error:
# CSV for programs must not end up truncated behind exit 0.
if [ -w /dev/full ]; then
	for args in "city list --format csv" "rate list --format csv" "help" "help rate"; do
		set +e; p $args >/dev/full 2>"$TMP/err"; got=$?; set -e
		[ "$got" -eq 3 ] || die "'$args' to a full stdout exited $got, expected 3"
		has "$TMP/err" "pledger: cannot write standard output"
	done
	set +e; "$PLEDGER" --version >/dev/full 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq 3 ] || die "'--version' to a full stdout exited $got, expected 3"
fi

# rate list --kind takes the kinds rate set takes (domain.md §1).
expect 2 p rate list --kind NOPE
has "$TMP/err" "unknown rate kind 'NOPE'"
expect 0 p rate list --kind PBOC5Y+ --format csv
has "$TMP/out" "PBOC5Y+,2015-10-24,4.90"

# Errors are one line each (cli.md "Global"), even when the value or the
# header (a multi-line Excel header cell) holds a line break: it is shown
# as \n.  The record starts on physical line 3 (the header takes lines 1-2).
printf '%s\n' '贷款银行,借款合同编号,借款企业,统一社会信用代码,所在县市区,"贷款金额' \
	'(元)",放款日期,到期日期,结清日期,质押知识产权' \
	'测试银行,NL-1,浙江精金服饰股份有限公司,91330783MA28H0D62D,东阳市,"1000' \
	'000.00",2023-03-01,2024-02-29,2024-02-29,"ZL201324271798.X' 'ZL200923291379.3"' \
	>"$TMP/nl.csv"
p import enterprises "$EXAMPLES/enterprises.csv" >/dev/null
expect 1 p import loans "$TMP/nl.csv"
has "$TMP/err" "nl.csv:3: column '贷款金额\n(元)': not an amount (value '1000\n000.00')"
# a line break in a cell that is not a list is an error of its own (import.md §1)
has "$TMP/err" "nl.csv:3: column '贷款金额\n(元)': a line break in the cell (only a list of rights may hold one) (value '1000\\x0A000.00')"
has "$TMP/err" "nl.csv:3: column '质押知识产权': wrong patent check digit '3', expected 'X' (value 'ZL200923291379.3')"
[ "$(grep -vc '^pledger: ' "$TMP/err")" = 0 ] || { cat "$TMP/err" >&2; die "an error spans lines"; }
[ "$(wc -l <"$TMP/err")" = 4 ] || { cat "$TMP/err" >&2; die "expected 4 error lines"; }

# A read that fails after the first row (here: a view whose rows raise
# SQLite's "integer overflow" when stepped) exits 3, not 0 with a short list.
p import loans "$EXAMPLES/loans/bank02_B.csv" >/dev/null
sqlite3 "$DB" "PRAGMA foreign_keys = OFF;
DROP TABLE rates;
CREATE VIEW rates AS SELECT 'LPR1Y' AS kind, '2020-01-01' AS effective_date,
  abs(-9223372036854775807 - 1) AS rate_ppm;
ALTER TABLE import_batches RENAME TO import_batches_real;
CREATE VIEW import_batches AS SELECT id, kind, file_name, sha256, created_at,
  user, abs(-9223372036854775807 - 1) AS rows, new_rows, updated, unchanged,
  rejected, undone_at FROM import_batches_real;
ALTER TABLE banks RENAME TO banks_real;
CREATE VIEW banks AS SELECT id, abs(-9223372036854775807 - 1) AS name FROM banks_real;"
expect 3 p rate list
has "$TMP/err" "pledger: cannot list rates: integer overflow"
expect 3 p import list --format csv
has "$TMP/err" "pledger: cannot list import batches: integer overflow"
expect 3 p loan list --format csv
has "$TMP/err" "pledger: cannot list loan records: integer overflow"

# usage errors name the argument at fault (cli.md: exit 2)
expect 2 p import loans a.csv b.csv
has "$TMP/err" "pledger: unexpected argument 'b.csv': 'import' takes one FILE"
expect 2 p init --bogus
has "$TMP/err" "pledger: unknown option '--bogus': 'init' takes none"
expect 2 p init extra
has "$TMP/err" "pledger: unexpected argument 'extra': 'init' takes none"
echo ok
