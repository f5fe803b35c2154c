# t_report_list_rows.sh — reports.md "report subsidy": 兑付清单 has "one row
# per enterprise with anything due, carried or paid".  An enterprise whose
# only loan of the year is ineligible (BEFORE_EFFECTIVE, rules.md §3) has
# due, carried-in, payable, carried-out and forfeited all 0: it is not on
# 兑付清单 (its loan is on 贴息明细 and 不予补助); the 序号 stays 1, 2, …
. "$(dirname "$0")/lib.sh"

expect 0 p init
# USCCs: GB 32100 check characters computed by hand (domain.md §2):
# 91330783000000001 → weighted sum 9·1+1·3+3·9+3·27+0·19+7·26+8·16+3·17+1·28
#   = 9+3+27+81+182+128+51+28 = 509; 509 mod 31 = 13; 31−13 = 18 → J.
# 91330783000000002 → 509−28+2·28 = 537; mod 31 = 10; 31−10 = 21 → M.
A=91330783000000001J
B=91330783000000002M
expect 0 p enterprise add --uscc "$A" --name 甲科技有限公司 --city 东阳市
expect 0 p enterprise add --uscc "$B" --name 乙科技有限公司 --city 东阳市
# A: started 2023-01-10, settled 2023-12-10, eligible.
expect 0 p loan add --bank 银行甲 --contract-no C-1 --uscc "$A" --enterprise 甲科技有限公司 \
	--principal 1000000 --start-date 2023-01-10 --maturity-date 2024-01-10 \
	--ip-rights ZL201811564288.X --settle-date 2023-12-10 --interest-paid 40000
# B: started 2020-06-01, before effective_from 2021-01-01 → BEFORE_EFFECTIVE.
expect 0 p loan add --bank 银行甲 --contract-no C-2 --uscc "$B" --enterprise 乙科技有限公司 \
	--principal 2000000 --start-date 2020-06-01 --maturity-date 2023-06-01 \
	--ip-rights ZL202010566088.9 --settle-date 2023-06-01 --interest-paid 90000
printf '统一社会信用代码,企业名称,年度,地方综合贡献额（元）\n%s,甲科技有限公司,2023,1000000\n%s,乙科技有限公司,2023,1000000\n' \
	"$A" "$B" >"$TMP/contr.csv"
expect 0 p import contributions "$TMP/contr.csv"
expect 0 p subsidy compute --city 东阳市 --year 2023
# subsidy show still lists both enterprises (cli.md); the list shows one.
expect 0 p subsidy show --city 东阳市 --year 2023 --format csv
has "$TMP/out" "$B"
expect 0 p report subsidy --city 东阳市 --year 2023 -o "$TMP/s.xlsx"

"$PY" - "$TMP/s.xlsx" "$A" "$B" <<'PYEOF'
import sys
import openpyxl
path, a, b = sys.argv[1:4]
wb = openpyxl.load_workbook(path)
ws = wb["兑付清单"]
rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
usccs = [r[2] for r in rows]
if usccs != [a]:
    sys.exit("FAILED: 兑付清单 rows %r, want only %s" % (usccs, a))
if [r[0] for r in rows] != [1]:
    sys.exit("FAILED: 序号 %r" % [r[0] for r in rows])
loans = [r[4] for r in wb["贴息明细"].iter_rows(min_row=4, values_only=True)
         if isinstance(r[0], int)]
if sorted(loans) != sorted([a, b]):
    sys.exit("FAILED: 贴息明细 USCCs %r" % loans)
refused = [(r[5], r[8]) for r in wb["不予补助"].iter_rows(min_row=4, values_only=True)
           if isinstance(r[0], int)]
if refused != [(b, "早于政策施行日")]:
    sys.exit("FAILED: 不予补助 %r" % refused)
PYEOF
