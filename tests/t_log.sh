# t_log.sh — `pledger log` (cycle.md §5): the audit log with filters
# --since, --user, --entity, --key, as a table or CSV; each filter checked
# against the audit_log table read directly with sqlite3.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
EX="$SHARED/examples"
LOGNAME=alice expect 0 p init
LOGNAME=alice expect 0 p import enterprises "$EX/enterprises.csv"
LOGNAME=bob expect 0 p contribution add --uscc 91330783MA2UNKQP81 --year 2030 100
LOGNAME=bob expect 0 p budget set --city 东阳市 --year 2030 5000
LOGNAME=carol expect 0 p scheme set --city 乐清市 carry_years 1

count() { "$PY" -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$TMP/out"; }

expect 0 p log --format csv
head -1 "$TMP/out" | grep -qx "id,at,user,action,entity,key,field,old_value,new_value,batch,detail" \
	|| die "log csv header: $(head -1 "$TMP/out")"
[ "$(count)" = "$(q 'SELECT count(*) FROM audit_log')" ] || die "log: not every row"

expect 0 p log --user bob --format csv
[ "$(count)" = "$(q "SELECT count(*) FROM audit_log WHERE user = 'bob'")" ] || die "--user"
[ "$(count)" = 2 ] || die "--user bob: $(cat "$TMP/out")"
has "$TMP/out" ",bob,insert,contribution,91330783MA2UNKQP81/2030,contribution,,100.00,"

expect 0 p log --entity budget --format csv
[ "$(count)" = 1 ] || die "--entity budget"
has "$TMP/out" ",budget,330783/2030,budget,,5000.00,"

# --key: the whole key or its first part
expect 0 p log --key 330783 --format csv
[ "$(count)" = "$(q "SELECT count(*) FROM audit_log WHERE entity_key = '330783' OR entity_key LIKE '330783/%'")" ] || die "--key prefix"
has "$TMP/out" "330783/2030"
expect 0 p log --key 91330783MA2UNKQP81/2030 --format csv
[ "$(count)" = 1 ] || die "--key exact"

# --since: every row is from today (SOURCE_DATE_EPOCH or now); tomorrow none
today=$(q "SELECT substr(max(at), 1, 10) FROM audit_log")
expect 0 p log --since "$today" --format csv
[ "$(count)" = "$(q 'SELECT count(*) FROM audit_log')" ] || die "--since today"
expect 0 p log --since 2999-01-01 --format csv
[ "$(count)" = 0 ] || die "--since 2999"
expect 0 p log --since 2999年1月1日 --user nobody
expect 2 p log --since yesterday
has "$TMP/err" "bad --since"
expect 2 p log --format xml
expect 2 p log extra

# the table form: a header and one line per row
expect 0 p log --user carol
has "$TMP/out" "scheme"
[ "$(wc -l <"$TMP/out")" -eq $(($(q "SELECT count(*) FROM audit_log WHERE user = 'carol'") + 1)) ] || die "table lines"

# --key addresses a loan however its key is typed (issue 11: keys are
# compared in their normal form, full-width to half-width, spaces collapsed)
LOGNAME=dave expect 0 p loan add --bank 甲银行 --contract-no '（2021）质字 第1号' \
	--uscc 91330783MA2UNKQP81 --enterprise x --principal 100000 \
	--start-date 2023-01-05 --maturity-date 2024-01-04 --ip-rights ZL201915530950.X
for k in '甲银行/（2021）质字 第1号' '甲银行／(2021)质字  第1号' ' 甲银行/(2021)质字 第1号'; do
	expect 0 p log --key "$k" --format csv
	[ "$(count)" = 1 ] || die "--key '$k': $(cat "$TMP/out")"
done
expect 0 p log --key '甲银行/(2021)质字第1号' --format csv
[ "$(count)" = 0 ] || die "--key without its space"
