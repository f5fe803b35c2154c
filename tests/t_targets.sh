# t_targets.sh — `pledger targets` and `pledger city` at the command line
# (cli.md "targets --format csv", targets.md): columns, rows, no_target,
# not_started, usage and data errors, city add/list.
. "$(dirname "$0")/lib.sh"

expect 0 p init

# cli.md: the csv header, exactly.
expect 0 p targets --as-of 2022-06-30 --format csv
head -n 1 "$TMP/out" >"$TMP/head"
[ "$(cat "$TMP/head")" = "city,code,metric,period,target,actual,progress_pct,time_pct,projected,status" ] \
	|| die "csv header: $(cat "$TMP/head")"

# 乐清市 for 2022 as of 2022-06-30, no loans.  Days elapsed 31+28+31+30+31+30
# = 181: annual time hu(181000/365) = hu(495.89) = 496 → 49.6; cumulative
# 2022-2024 (1096 days) hu(181000/1096) = hu(165.15) = 165 → 16.5.
# financing has no target: a no_target row for --year, target and progress
# empty.  Actual 0, projected 0.00 < target → behind.
expect 0 p targets --city 乐清市 --year 2022 --as-of 2022-06-30 --format csv
cat >"$TMP/want" <<'CSV'
city,code,metric,period,target,actual,progress_pct,time_pct,projected,status
乐清市,330382,financing,2022,,0.00,,49.6,0.00,no_target
乐清市,330382,registered,2022,800000000.00,0.00,0.0,49.6,0.00,behind
乐清市,330382,credit,2022-2024,3000000000.00,0.00,0.0,16.5,0.00,behind
CSV
cmp "$TMP/want" "$TMP/out" || { cat "$TMP/out"; die "乐清市 2022 rows"; }

# The city by code gives the same rows.
cp "$TMP/out" "$TMP/by_name"
expect 0 p targets --city 330382 --year 2022 --as-of 2022-06-30 --format csv
cmp "$TMP/by_name" "$TMP/out" || die "--city by code differs from by name"

# 东阳市 as of 2024-06-30: financing 2023 is over (100.0), 2025 not started
# (actual 0.00, progress 0.0, time 0.0, projected empty); no registered or
# credit target → no_target rows for the as-of year 2024 (182/366 → 49.7).
expect 0 p targets --city 东阳市 --as-of 2024-06-30 --format csv
cat >"$TMP/want" <<'CSV'
city,code,metric,period,target,actual,progress_pct,time_pct,projected,status
东阳市,330783,financing,2023,1000000000.00,0.00,0.0,100.0,0.00,behind
东阳市,330783,financing,2025,1300000000.00,0.00,0.0,0.0,,not_started
东阳市,330783,registered,2024,,0.00,,49.7,0.00,no_target
东阳市,330783,credit,2024,,0.00,,49.7,0.00,no_target
CSV
cmp "$TMP/want" "$TMP/out" || { cat "$TMP/out"; die "东阳市 rows"; }

# 嘉兴市 has no numeric target (targets.md): three no_target rows.
expect 0 p targets --city 嘉兴市 --as-of 2024-12-31 --format csv
[ "$(grep -c ',no_target$' "$TMP/out")" = 3 ] || die "嘉兴市 no_target rows"

# Every seed city, in code order: 9 cities × 3 metrics + 2 more 乐清
# registered periods + 1 more 东阳 financing period = 30 rows.
expect 0 p targets --as-of 2024-06-30 --format csv
[ "$(($(wc -l <"$TMP/out") - 1))" = 30 ] || die "row count"
cut -d, -f2 "$TMP/out" | sed 1d | uniq >"$TMP/codes"
sort -c "$TMP/codes" || die "cities not in code order"
# The table form has the same rows (plus its header).
expect 0 p targets --as-of 2024-06-30
[ "$(wc -l <"$TMP/out")" = 31 ] || die "table row count"
has "$TMP/out" "not_started"

# Usage errors exit 2; an unknown city exits 1.
expect 2 p targets --year 24
has "$TMP/err" "bad --year '24'"
expect 2 p targets --as-of 2024-02-30
has "$TMP/err" "bad --as-of '2024-02-30'"
expect 2 p targets --format xml
expect 2 p targets extra
expect 2 p targets --bogus
expect 1 p targets --city 北京市
has "$TMP/err" "unknown city '北京市'"
expect 0 p targets --help
has "$TMP/out" "usage: pledger targets [--city C] [--year Y] [--as-of DATE] [--format table|csv]"

# city add / list (targets.md "More cities can be added").
expect 0 p city add 330702 婺城区 --parent 金华市
expect 0 p city list --format csv
has "$TMP/out" "330702,婺城区,330700,金华市"
expect 1 p city add 330702 婺城区
has "$TMP/err" "exists already"
expect 1 p city add 33070 某区
expect 1 p city add 330799 某区 --parent 999999
has "$TMP/err" "unknown city '999999'"
expect 2 p city add 330799
expect 2 p city frobnicate
# The new city is listed with no_target rows, between 金华市 and 东阳市:
# header 1, 浙江 杭州 拱墅 温州 3 rows each (2-13), 乐清 5 (14-18), 嘉兴 平湖
# 金华 3 each (19-27), so 婺城区 starts on line 28.
expect 0 p targets --as-of 2024-06-30 --format csv
grep -n '^婺城区,330702,' "$TMP/out" >"$TMP/rows"
[ "$(wc -l <"$TMP/rows")" = 3 ] || die "new city rows"
[ "$(cut -d: -f1 "$TMP/rows" | head -n 1)" = 28 ] || die "new city position"
expect 0 p scheme show --city 婺城区

# Targets added by `import targets` count like the seed ones, for a new city
# and for a parent.  金华市 registered 2023-2024 as of 2024-06-30: 365 + 182
# = 547 of 731 days → hu(547000/731) = hu(748.29) = 748 → 74.8.
cat >"$TMP/targets.csv" <<'CSV'
地区,指标,期间,目标,来源
婺城区,financing,2024,2000000.00,测试文件
金华市,质押登记额,2023-2024,"3,000,000.00",测试文件二
CSV
expect 0 p import targets "$TMP/targets.csv"
expect 0 p targets --city 金华市 --as-of 2024-06-30 --format csv
has "$TMP/out" "金华市,330700,registered,2023-2024,3000000.00,0.00,0.0,74.8,0.00,behind"
expect 0 p targets --city 婺城区 --as-of 2024-06-30 --format csv
has "$TMP/out" "婺城区,330702,financing,2024,2000000.00,0.00,0.0,49.7,0.00,behind"
