# t_targets_report.sh — `pledger report targets` (reports.md "report
# targets") from the command line: the workbook exists, has 目标进度 and
# 月度累计 with a line chart and the status colours, and two runs under
# SOURCE_DATE_EPOCH are byte-identical.  The figures themselves are checked
# in tests/check_targets_report.c.
. "$(dirname "$0")/lib.sh"

expect 0 p init
set +e
p report targets --year 2024 --as-of 2024-06-30 -o "$TMP/a.xlsx" >"$TMP/out" 2>"$TMP/err"
st=$?
set -e
if [ "$st" -ne 0 ] && grep -q "is not available in this build yet" "$TMP/err"; then
	echo "SKIP: 'report' is not in this build yet"
	exit 0
fi
[ "$st" -eq 0 ] || { cat "$TMP/err" >&2; die "report targets exited $st"; }

"$PY" - "$TMP/a.xlsx" <<'PYEOF' || die "workbook read-back"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ['目标进度', '月度累计'], wb.sheetnames
ws = wb['目标进度']
status = [r[9] for r in ws.iter_rows(values_only=True) if r[1] and str(r[1]).isdigit()]
# 9 seed cities × 3 metrics; with --year 2024 one row per city-metric
# (乐清市 registered 2024 and credit 2022-2024 are targets, the rest none).
assert len(status) == 27, len(status)
# as of 2024-06-30 both targets' periods are running: 进度滞后
assert status.count('进度滞后') == 2 and status.count('无量化目标') == 25, status
# quantified targets first, then the 无量化目标 block under its own line
firsts = [i for i, s in enumerate(status) if s != '无量化目标']
assert firsts == [0, 1], status
heads = [r[0] for r in ws.iter_rows(values_only=True)]
assert '无量化目标' in heads, heads
rules = [r.text for rng in ws.conditional_formatting for r in rng.rules]
assert {'已完成', '进度正常', '进度滞后', '未完成', '无量化目标'} <= set(rules), rules
ms = wb['月度累计']
assert len(ms._charts) == 1 and len(ms._charts[0].series) == 4
print('ok')
PYEOF

# reports.md: 未完成 for a period that is over with its target missed
p report targets --year 2024 --as-of 2025-01-31 -o "$TMP/over.xlsx" >/dev/null
"$PY" - "$TMP/over.xlsx" <<'PYEOF' || die "未完成 read-back"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['目标进度']
status = [r[9] for r in ws.iter_rows(values_only=True) if r[1] and str(r[1]).isdigit()]
assert status[:2] == ['未完成', '未完成'], status
assert ws.cell(5, 5).number_format == '#,##0.00', ws.cell(5, 5).number_format
PYEOF
# the chart's page repeats no table header (reports.md): no print titles
"$PY" - "$TMP/a.xlsx" <<'PYEOF' || die "月度累计 print titles"
import openpyxl, sys
ms = openpyxl.load_workbook(sys.argv[1])['月度累计']
assert not ms.print_title_rows, ms.print_title_rows
PYEOF

SOURCE_DATE_EPOCH=1735603200 p report targets --year 2024 -o "$TMP/b.xlsx"
SOURCE_DATE_EPOCH=1735603200 p report targets --year 2024 -o "$TMP/c.xlsx"
cmp "$TMP/b.xlsx" "$TMP/c.xlsx" || die "two runs under SOURCE_DATE_EPOCH differ"
