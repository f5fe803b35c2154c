# t_cli_zh.sh — the command line in Chinese (cli.md "Language", issue 15):
# the language chosen by --lang, $PLEDGER_LANG and the locale (also when
# zh_CN.UTF-8 is not generated); an import error keeps file, line, column
# and value in the Chinese frame; summaries, help, statuses and the
# rejects file (错误原因, UTF-8 BOM) in Chinese; CSV for programs unchanged.
. "$(dirname "$0")/lib.sh"
D="$(cd "$(dirname "$0")" && pwd)/data/import"
EX="$SHARED/examples"
# zh: pledger with Chinese asked for by $PLEDGER_LANG
zh() { PLEDGER_LANG=zh "$PLEDGER" --db "$DB" "$@"; }
# loc VAR=VALUE... -- pledger with only the locale's variables
loc() { env -u PLEDGER_LANG -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }

expect 0 p init

# --- choosing the language
# LANG names zh; the machine may lack zh_CN.UTF-8 (a fresh Debian has only C.UTF-8)
expect 0 loc LANG=zh_CN.UTF-8 "$PLEDGER" --db "$DB" help
has "$TMP/out" "命令："
has "$TMP/out" "导入银行、保险公司和税务报送的文件"
has "$TMP/out" "用法：pledger"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "note: zh_CN.UTF-8 is generated here; the fallback is not exercised" >&2
fi
expect 0 loc LC_ALL=zh_CN.UTF-8 "$PLEDGER" --db "$DB" help import
has "$TMP/out" "import — 导入银行、保险公司和税务报送的文件"
# the usage's note in words in Chinese, the synopsis as docs/cli.md has it
has "$TMP/out" "--unit：表头未注明单位的金额列所用的单位（不指定则为元）"
has "$TMP/out" "   或：pledger import undo BATCH"
grep -q 'the unit of amount' "$TMP/out" && die "import's usage note in English"
expect 0 loc LANGUAGE=zh_CN:en LANG=C.UTF-8 "$PLEDGER" --db "$DB" --help
has "$TMP/out" "命令："
# the first variable set decides: LANGUAGE=en over LANG=zh
expect 0 loc LANGUAGE=en LANG=zh_CN.UTF-8 "$PLEDGER" --db "$DB" help
has "$TMP/out" "commands:"
# none set: English
expect 0 loc "$PLEDGER" --db "$DB" help
has "$TMP/out" "commands:"
# --lang en over the locale and $PLEDGER_LANG; --lang zh over both
expect 0 loc LANG=zh_CN.UTF-8 PLEDGER_LANG=zh "$PLEDGER" --lang en --db "$DB" help
has "$TMP/out" "commands:"
expect 0 loc LANG=en_US.UTF-8 PLEDGER_LANG=en "$PLEDGER" --db "$DB" --lang=zh help
has "$TMP/out" "命令："
# PLEDGER_LANG over the locale
expect 0 loc LANG=zh_CN.UTF-8 PLEDGER_LANG=en "$PLEDGER" --db "$DB" help
has "$TMP/out" "commands:"
expect 2 "$PLEDGER" --lang fr --db "$DB" help
has "$TMP/err" "pledger: bad --lang 'fr': zh or en"
expect 2 zh bogus
has "$TMP/err" "pledger: 未知命令「bogus」"
has "$TMP/err" "用法：pledger"
# a command's usage error
expect 2 zh subsidy show --year 2024
has "$TMP/err" "pledger: 'subsidy show' 需要 --city"

# --- an import error: the frame of cli.md with file, line, column and value
expect 1 zh import loans "$D/err_negative.csv"
has "$TMP/err" "pledger: $D/err_negative.csv:3: 列「贷款金额(元)」：金额为负数（值「-1.00」）"
has "$TMP/err" "未写入任何数据"
# the same in English with --lang en (today's message, exit code unchanged)
expect 1 "$PLEDGER" --lang en --db "$DB" import loans "$D/err_negative.csv"
has "$TMP/err" "pledger: $D/err_negative.csv:3: column '贷款金额(元)': negative amount (value '-1.00')"
# a database that does not exist
expect 3 env PLEDGER_LANG=zh "$PLEDGER" --db "$TMP/none.db" loan list
has "$TMP/err" "pledger: 数据库「$TMP/none.db」不存在；请先运行 'pledger init'"

# --- the rejects file: 错误原因, a BOM, the reason in Chinese
cp "$D/err_negative.csv" "$TMP/neg.csv"
expect 0 p import enterprises "$EX/enterprises.csv"
expect 0 zh import loans "$TMP/neg.csv" --skip-invalid --rejects "$TMP/rej.csv"
has "$TMP/out" "neg.csv：2 行，新增 1，更新 0，未变 0，拒收 1"
has "$TMP/out" "拒收的行已写入 $TMP/rej.csv"
[ "$(head -c 3 "$TMP/rej.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || die "rejects file without a UTF-8 BOM"
head -n 1 "$TMP/rej.csv" | grep -q ',错误原因' || die "rejects header lacks 错误原因"
grep -F 'E-002' "$TMP/rej.csv" | grep -qF '金额为负数' || { cat "$TMP/rej.csv" >&2; die "rejects reason not in Chinese"; }
# English: the column is 'error', the file carries the BOM too
expect 0 p import loans "$TMP/neg.csv" --skip-invalid --rejects "$TMP/rej_en.csv"
[ "$(head -c 3 "$TMP/rej_en.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || die "English rejects file without a BOM"
head -n 1 "$TMP/rej_en.csv" | grep -q ',error' || die "English rejects header lacks error"
grep -F 'E-002' "$TMP/rej_en.csv" | grep -qF 'negative amount' || die "English rejects reason"
rm -f "$TMP/rej.csv"

# --- the summary, subsidy show and targets on the examples
expect 0 p init
for f in "$EX"/loans/*.csv; do expect 0 zh import loans "$f"; done
has "$TMP/out" "行，新增"
for f in "$EX"/policies/*.csv; do expect 0 p import policies "$f"; done
expect 0 p import contributions "$EX/contributions.csv"
expect 0 p import bars "$EX/bars.csv"
expect 0 p subsidy compute --city 东阳市 --year 2024
expect 0 zh subsidy show --city 东阳市 --year 2024
# the examples' expected run: 91330783517999873H barred, 91330783MA2MUARF6E blocked
grep -F 91330783517999873H "$TMP/out" | grep -qF 不予兑付 || die "barred is not 不予兑付"
grep -F 91330783141933525B "$TMP/out" | grep -qF 正常 || die "ok is not 正常"
# the title, the state line and the total in Chinese (i18n4 review)
has "$TMP/out" "东阳市 2024 年度知识产权质押融资贴息及专利保险保费补助 — 草稿，计算于 "
grep -q '^状态：草稿$' "$TMP/out" || { cat "$TMP/out" >&2; die "the state line of subsidy show"; }
grep -q '^合计  ' "$TMP/out" || die "the total row is not 合计"
grep -q 'draft\|total' "$TMP/out" && { cat "$TMP/out" >&2; die "English left in subsidy show"; }
# subsidy explain in Chinese: a loan's derivation, the cap and the carry,
# the figures from the examples' independently computed results
yuan() { echo "$1" | sed -E ':a;s/^([0-9]+)([0-9]{3})/\1,\2/;ta'; }
L=中国工商银行东阳支行/2023年工银东质字第0005号
row=$(grep -F ",$L," "$EX/expected/items_330783_2024.csv") || die "example item"
days=$(echo "$row" | cut -d, -f7); raw=$(echo "$row" | cut -d, -f9)
expect 0 zh subsidy explain --city 东阳 --year 2024 --loan "$L"
has "$TMP/out" "贷款 $L"
has "$TMP/out" "1. 所属年度（rules.md §2）：2024-05-29结清 → 计入2024年度补助。"
has "$TMP/out" "   → 符合条件"
has "$TMP/out" "   计息天数 = 结清日2024-05-29 − 发放日 = ${days}天（算头不算尾）"
has "$TMP/out" "        → ${raw}分（四舍五入）"
has "$TMP/out" "5. 年度上限：本笔贴息计入该企业每种权项每年"
grep -q 'Interest\|Subsidy run\|ELIGIBLE$\|split by\|patent' "$TMP/out" && { cat "$TMP/out" >&2; die "English left in the Chinese explain"; }
has "$TMP/out" "补助权利种类专利、商标，"
grep -qE '^4\. 按权利种类拆分（rules.md §4，按(件数|评估价值)拆分；' "$TMP/out" || die "the split in Chinese"
U=91330783MA20CA4GX5
row=$(grep -F "$U," "$EX/expected/subsidy_330783_2024.csv") || die "example row"
contrib=$(yuan "$(echo "$row" | cut -d, -f9)"); pay=$(yuan "$(echo "$row" | cut -d, -f10)")
cout=$(yuan "$(echo "$row" | cut -d, -f11)"); forf=$(yuan "$(echo "$row" | cut -d, -f12)")
expect 0 zh subsidy explain --city 东阳 --year 2024 --enterprise $U
has "$TMP/out" "2. 年度上限（rules.md §5）："
has "$TMP/out" "4. 以地方综合贡献额为限（rules.md §6，第22项）："
has "$TMP/out" "   2024年度地方综合贡献额：$contrib"
has "$TMP/out" "拨付${pay}元，余${cout}元结转下年"
has "$TMP/out" "5. 结果：本年拨付${pay}元；结转下年${cout}元；逾期作废${forf}元；状态：正常"
# the English explain is the one the other tests read
expect 0 p subsidy explain --city 东阳 --year 2024 --enterprise $U
has "$TMP/out" "5. 结果 Result: 本年拨付 payable $pay; 结转下年 carried out $cout"
# 乐清市 by its short name; its 2024 row 91330382275544381M has no contribution: blocked
expect 0 p subsidy compute --city 乐清 --year 2024
expect 0 zh subsidy show --city 乐清 --year 2024
grep -F 91330382275544381M "$TMP/out" | grep -qF 暂缓 || die "blocked is not 暂缓"
# an unknown city: the closest names
expect 1 zh subsidy show --city 东杨 --year 2024
has "$TMP/err" "pledger: 未知城市「东杨」；最接近的：东阳市"
# CSV for programs: the same bytes in every language
expect 0 zh subsidy show --city 东阳市 --year 2024 --format csv
cp "$TMP/out" "$TMP/show_zh.csv"
expect 0 p subsidy show --city 东阳市 --year 2024 --format csv
cmp -s "$TMP/out" "$TMP/show_zh.csv" || die "subsidy show --format csv differs by language"
head -n 1 "$TMP/out" | grep -q '^uscc,enterprise,.*,status$' || die "csv header"
grep -F 91330783517999873H "$TMP/out" | grep -q ',barred$' || die "csv status"
# a figure entered by hand: one sentence in Chinese
expect 0 zh contribution add --uscc 91330783141933525B --year 2030 100
has "$TMP/out" "已录入地方综合贡献额「91330783141933525B/2030」"
# show tables: the field names and yes/no in Chinese
expect 0 zh enterprise show 91330783141933525B
grep -q '^统一社会信用代码  *91330783141933525B$' "$TMP/out" || { cat "$TMP/out" >&2; die "enterprise show in Chinese"; }
grep -q '^是否法人  *是$' "$TMP/out" || die "yes is not 是"
grep -q '^收款账号  *（未登记）$' "$TMP/out" || { cat "$TMP/out" >&2; die "enterprise show's account rows"; }
expect 0 zh loan show 中国工商银行东阳支行/2023年工银东质字第0003号
grep -q '^质押权利 1  *ZL202214213614.8 专利$' "$TMP/out" || { cat "$TMP/out" >&2; die "loan show's right row"; }
expect 0 zh subsidy objection list --city 东阳 --year 2024
grep -q '^序号  统一社会信用代码  企业名称  收到日期  异议内容  处理结果' "$TMP/out" || { cat "$TMP/out" >&2; die "objection list headings"; }
# list tables: headings in Chinese; CSV headings as cli.md says
expect 0 zh loan list
head -n 1 "$TMP/out" | grep -q '^银行  *合同编号  *统一社会信用代码' || { head -n 2 "$TMP/out" >&2; die "loan list headings"; }
expect 0 zh loan list --format csv
head -n 1 "$TMP/out" | grep -q '^bank,contract_no,uscc,' || die "loan list csv headings"
expect 0 zh targets --year 2024
has "$TMP/out" "状态"
grep -qE '已完成|进度正常|进度滞后|未开始|无量化目标' "$TMP/out" || die "targets status not in Chinese"
grep -q '^东阳市  330783    质押融资金额  ' "$TMP/out" || { cat "$TMP/out" >&2; die "targets metric not in Chinese"; }
grep -q 'financing\|registered\|credit' "$TMP/out" && die "targets metric in English"
expect 0 zh targets --year 2024 --format csv
cp "$TMP/out" "$TMP/t_zh.csv"
expect 0 p targets --year 2024 --format csv
cmp -s "$TMP/out" "$TMP/t_zh.csv" || die "targets --format csv differs by language"
head -n 1 "$TMP/out" | grep -q '^city,code,metric,period,target,actual,progress_pct,time_pct,projected,status$' \
	|| die "targets csv header"

# --- Chinese on the command line: scheme keys, dates, periods
# scheme show in Chinese names each key by its Chinese name, and each name
# shown can be typed back: setting every key to the value shown changes nothing
expect 0 p scheme show --city 东阳 --format csv
cp "$TMP/out" "$TMP/scheme_before.csv"
expect 0 zh scheme show --city 东阳
cp "$TMP/out" "$TMP/scheme_zh.txt"
grep -q '^贴息比例  *50.00%$' "$TMP/scheme_zh.txt" || { cat "$TMP/scheme_zh.txt" >&2; die "scheme show's keys in Chinese"; }
grep '^[a-z]*_[a-z_]*  ' "$TMP/scheme_zh.txt" && die "a key shown in English"
grep -q '^政策依据  ' "$TMP/scheme_zh.txt" || die "policy_document not shown as 政策依据"
n=0
while read -r k v; do
	n=$((n + 1))
	# the heading; 政策依据 (policy_document) is text, typed back below
	[ "$n" -eq 1 ] || [ "$k" = 政策依据 ] && continue
	expect 0 p scheme set --city 东阳 "$k" "$v" </dev/null
done <"$TMP/scheme_zh.txt"
[ "$n" -ge 13 ] || die "scheme show listed $n lines"
expect 0 p scheme show --city 东阳 --format csv
cmp -s "$TMP/out" "$TMP/scheme_before.csv" || die "a key typed back as shown changed the scheme"
expect 0 p scheme set --city 东阳 政策依据 "东政办发〔2021〕12号"
expect 0 p scheme show --city 东阳 --format csv
has "$TMP/out" "policy_document,东政办发〔2021〕12号"
expect 0 p scheme set --city 东阳 贴息比例 40%
expect 0 p scheme show --city 东阳市
grep -q '^interest_share  *40.00%' "$TMP/out" || die "贴息比例 did not set interest_share"
expect 0 p scheme set --city 东阳 "单个企业年度保费补助上限（元）" 12345
expect 0 p scheme show --city 东阳市
grep -q '^premium_cap  *12,\?345.00' "$TMP/out" || { cat "$TMP/out" >&2; die "the Chinese name with its unit"; }
expect 1 p scheme set --city 东阳 贴息 40%
expect 0 p targets --year 2024 --as-of 2024-06-30 --format csv
cp "$TMP/out" "$TMP/iso.csv"
for d in 2024/6/30 2024年6月30日 20240630; do
	expect 0 p targets --year 2024 --as-of "$d" --format csv
	cmp -s "$TMP/out" "$TMP/iso.csv" || die "--as-of $d is not 2024-06-30"
done
expect 0 p report pboc --city 东阳 --period 2024年第三季度 -o "$TMP/q.xlsx"
expect 0 p report pboc --city 东阳 --period 2024年9月 -o "$TMP/m.xlsx"
expect 2 p report pboc --city 东阳 --period 2024年第五季度 -o "$TMP/x.xlsx"
[ ! -e "$TMP/x.xlsx" ] || die "a bad period wrote a workbook"
# the demo's progress and summary lines in Chinese
PLEDGER_LANG=zh "$PLEDGER" demo --dir "$TMP/demo" --loans 20 --seed 3 >"$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; die "demo in Chinese"; }
has "$TMP/out" "pledger 演示：随机种子 3，贷款 20 笔，目录 $TMP/demo/"
has "$TMP/out" "已导入"
has "$TMP/out" "补助（元）："
has "$TMP/out" "目标完成情况（截至"
has "$TMP/out" "数据库：$TMP/demo/pledger.db"
has "$TMP/out" "工作台：pledger --db $TMP/demo/pledger.db serve"
grep -q '^imported \|^finalized \|^database: ' "$TMP/out" && { cat "$TMP/out" >&2; die "English left in the Chinese demo"; }
# the summary's runs cell: each year's run state in the run states' words
# (2024 of 东阳市 is taken through the cycle to 已拨付, the others 已定稿)
grep '^东阳市 ' "$TMP/out" | grep -q '2023 已定稿, 2024 已拨付' || { cat "$TMP/out" >&2; die "the demo's runs cell"; }
grep -q ' final\| paid\| draft\| blocked)' "$TMP/out" && { cat "$TMP/out" >&2; die "English run states in the Chinese demo"; }
rm -rf "$TMP/demo"
# --- cycle, budget, city and check lines (i18n2)
expect 2 zh subsidy publish --city 东阳 --year 2024
has "$TMP/err" "“subsidy publish”需要 --from 开始日期 和 --to 结束日期"
expect 1 zh subsidy publish --city 东阳 --year 2024 --from 2025-03-10 --to 2025-03-01
has "$TMP/err" "公示期的结束日期早于开始日期"
# a draft run is not published: refused in Chinese, the state in Chinese
expect 1 zh subsidy publish --city 东阳 --year 2024 --from 2025-03-01 --to 2025-03-10
has "$TMP/err" "无法公示 东阳市 2024 年度补助：当前为草稿，只有已定稿的补助结果才能公示（请先运行“pledger subsidy finalize”定稿）"
expect 1 zh subsidy pay --city 东阳 --year 2024 --date 2025-04-01 --voucher V1
has "$TMP/err" "无法拨付 东阳市 2024 年度补助：当前为草稿"
expect 2 zh subsidy pay --city 东阳 --year 2024 --date 2025-04-01 --voucher ""
has "$TMP/err" "“subsidy pay”需要凭证号"
expect 2 zh subsidy adjust --city 东阳 --year 2024 --enterprise 91330783141933525B --amount 0 --reason x
has "$TMP/err" "--amount「0」有误"
expect 0 zh budget set --city 东阳 --year 2024 1000000
has "$TMP/out" "东阳市 2024 年度预算 1,000,000.00（计算补助时生效）"
expect 0 zh city show 东阳
has "$TMP/out" "默认"
expect 0 zh check
has "$TMP/out" "完整性检查 integrity_check：通过"
# --- the lock refusals of schema.sql (issue 15, migrate 14): an import
# touching a finalized year is refused in Chinese with the loan's bank and
# contract, the city and the year; in English as before; nothing written
L="$TMP/lock.db"
pl() { "$PLEDGER" --db "$L" "$@"; }
zl() { PLEDGER_LANG=zh "$PLEDGER" --db "$L" "$@"; }
expect 0 pl init
expect 0 pl import enterprises "$EX/enterprises.csv"
for f in "$EX"/loans/*.csv; do expect 0 pl import loans "$f"; done
expect 0 pl import contributions "$EX/contributions.csv"
expect 0 pl city set 330783 four_eyes off
for y in 2021 2022 2023; do
	expect 0 pl subsidy compute --city 东阳市 --year $y
	expect 0 pl subsidy finalize --city 东阳市 --year $y
done
before=$(sqlite3 "$L" "SELECT * FROM loans; SELECT * FROM contributions" | md5sum)
printf 'bank,contract_no,uscc,enterprise,principal,start_date,maturity_date,settle_date,ip_rights\n浙商银行,NEW-1,91330783547938297E,东阳市海联科技有限公司,1000.00,2021-06-01,2022-06-01,2022-06-01,ZL202010566088.9\n' >"$TMP/lock.csv"
expect 1 zl import loans "$TMP/lock.csv"
has "$TMP/err" "pledger: $TMP/lock.csv:2: 列「contract_no」：贷款「浙商银行/NEW-1」于 2022-06-01 结清，属于已定稿的东阳市 2022 年度补助核算，不能录入或更改（值「NEW-1」）"
expect 1 pl import loans "$TMP/lock.csv"
has "$TMP/err" "pledger: $TMP/lock.csv:2: column 'contract_no': loan '浙商银行/NEW-1' settled 2022-06-01 falls in finalized subsidy run 东阳市 2022 (value 'NEW-1')"
# a loan the 2023 run used, its settlement moved (the update's refusal)
K=中国工商银行东阳支行/2022年工银东质字第0002号
pl loan list --format csv | grep -F "${K%%/*},${K#*/}," >/dev/null || die "example loan $K"
expect 1 zl loan settle "$K" --date 2023-01-29
has "$TMP/err" "贷款「$K」已用于已定稿的东阳市 2023 年度补助核算，不能更改"
printf 'uscc,year,contribution\n91330783547938297E,2023,1.00\n' >"$TMP/lockc.csv"
expect 1 zl import contributions "$TMP/lockc.csv"
has "$TMP/err" "企业 91330783547938297E 的 2023 年度地方综合贡献额已用于已定稿的东阳市 2023 年度补助核算，不能更改"
[ "$(sqlite3 "$L" "SELECT * FROM loans; SELECT * FROM contributions" | md5sum)" = "$before" ] \
	|| die "a refused change altered the database"
# the reports' and rates' refusals in Chinese (i18n review after i18n4)
expect 2 zh report subsidy --city 东阳 --year 2024 -o "$TMP/付款.csv"
has "$TMP/err" "工作簿文件名须以 .xlsx 结尾"
expect 1 zh report subsidy --city 乐清 --year 2031 -o "$TMP/付款.xlsx"
has "$TMP/err" "年度尚无补助核定：请先运行"
[ ! -e "$TMP/付款.xlsx" ] || die "a refused report left a file"
expect 2 zh rate list --kind bogus
has "$TMP/err" "未知的利率种类“bogus”"
expect 2 zh subsidy explain --city 东阳 --year 2024 --loan 没有斜杠
has "$TMP/err" "贷款“没有斜杠”有误：请写作 BANK/CONTRACT"
# user add and user list: the role and state in Chinese for people, as
# user add takes them in CSV
echo 'pw-zh-clerk-1' | zh user add 小王 --role clerk >"$TMP/out" 2>"$TMP/err" || die "user add"
has "$TMP/out" "已添加用户 小王（经办）"
echo 'pw-zh-revw-1' | zh user add 老李 --role reviewer >/dev/null 2>&1 || die "user add"
expect 0 zh user disable 老李
expect 0 zh user list
grep -q '^小王  *经办  *正常  ' "$TMP/out" || { cat "$TMP/out" >&2; die "user list in Chinese"; }
grep -q '^老李  *审核  *已停用  ' "$TMP/out" || { cat "$TMP/out" >&2; die "user list in Chinese"; }
grep -q 'clerk\|reviewer\|active\|disabled' "$TMP/out" && die "English left in user list"
expect 0 zh user list --format csv
has "$TMP/out" "小王,clerk,active,"
has "$TMP/out" "老李,reviewer,disabled,"
# enterprise list: 是/否 for people, yes/no in CSV
expect 0 zh enterprise list --uscc $U
grep -q "^$U  .*  是  *否\$" "$TMP/out" || { cat "$TMP/out" >&2; die "enterprise list's yes/no in Chinese"; }
expect 0 zh enterprise list --uscc $U --format csv
grep -q "^$U,.*,yes,no\$" "$TMP/out" || { cat "$TMP/out" >&2; die "enterprise list's CSV changed"; }
rm -f "$TMP"/*.csv "$TMP"/*.xlsx "$TMP/scheme_zh.txt" "$DB" "$L" "$L-wal" "$L-shm"
echo "cli zh: ok"
