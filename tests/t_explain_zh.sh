# t_explain_zh.sh — a run's reason details in the clerk's language (issue
# 15): the run stores each not-subsidised item's detail as an English
# sentence (its data); `subsidy explain` says it in Chinese under
# PLEDGER_LANG=zh and as stored in English.  On the demo's runs (every
# reason the demo data gives: BARRED, BEFORE_EFFECTIVE, LATE both ways,
# KIND_NOT_COVERED, IP_SUBSIDISED_BEFORE, NOT_LEGAL_PERSON), for one item
# of each reason and sentence, the Chinese line is the stored sentence
# turned into Chinese by the sed rules below (written from the catalogue's
# terms, not from pledger's output), in the loan's and the enterprise's
# explain alike, and the English line is the stored sentence; the reason's
# words under it are Chinese with the rules' item.
. "$(dirname "$0")/lib.sh"
"$PLEDGER" demo --dir "$TMP/demo" >"$TMP/demo.out" 2>&1 || { cat "$TMP/demo.out" >&2; die "demo"; }
DB="$TMP/demo/pledger.db"
q() { sqlite3 -separator '|' "$DB" "$1"; }
zh() { PLEDGER_LANG=zh "$PLEDGER" --db "$DB" "$@"; }
# the stored English sentence → the Chinese the explain must show
to_zh() {
	sed -E \
	 -e 's/^(.*) is not an independent legal person$/\1不是独立法人/' \
	 -e 's/^bar flag for ([0-9]+): (.*)$/列入\1年度限制名单：\2/' \
	 -e 's/^bar flag for ([0-9]+)$/列入\1年度限制名单/' \
	 -e 's/^start date (.*) is before effective_from (.*)$/发放日\1早于方案执行日期\2/' \
	 -e 's/^premium paid date (.*) is before effective_from (.*)$/保费缴纳日\1早于方案执行日期\2/' \
	 -e 's/^settled (.*) after maturity (.*)$/\1结清，晚于到期日\2/' \
	 -e 's/^marked overdue by the bank$/银行已标记逾期/' \
	 -e 's/^combined loan without its IP-pledged portion$/组合贷款未登记知识产权质押部分的金额/' \
	 -e 's/^right ([^ ]+) was subsidised in ([0-9]+) by loan (.*) of ([^ ]+)$/权利\1已在\2年度随\4的贷款\3享受贴息/' \
	 -e 's/^no (.*) rate in force on (.*)$/没有有效的 \1 利率（日期 \2）/' \
	 -e '/^pledged:/{s/^pledged: //;s/ \(patent\)/（专利）/g;s/ \(trademark\)/（商标）/g;s/ \(copyright\)/（著作权）/g;s/） /）、/g;s/^/质押权利：/}'
}
q "SELECT c.name, r.year, i.item_type, i.item_key, i.uscc, i.reason, i.reason_detail
   FROM run_items i JOIN subsidy_runs r ON r.id = i.run_id JOIN cities c ON c.code = r.city
   WHERE i.reason <> 'ELIGIBLE'
   GROUP BY i.reason, substr(i.reason_detail, 1, 7), i.reason_detail LIKE '%) %(%'
   ORDER BY i.reason" >"$TMP/items"
n=0
seen=""
while IFS='|' read -r city year type key uscc reason detail; do
	n=$((n + 1)); seen="$seen $reason"
	zhw=$(printf '%s\n' "$detail" | to_zh)
	[ "$zhw" != "$detail" ] || die "no Chinese rule for the stored '$detail'"
	expect 0 zh subsidy explain --city "$city" --year "$year" --"$type" "$key"
	has "$TMP/out" "不通过：$zhw"
	# the reason's words after it: Chinese and the rules' item, no English
	grep -q '^   → 不予补助：[^A-Za-z]*（第[0-9][0-9]*项）。补助0.00元' "$TMP/out" \
		|| { grep '不予补助' "$TMP/out" >&2; die "the reason's words of $key"; }
	expect 0 zh subsidy explain --city "$city" --year "$year" --enterprise "$uscc"
	has "$TMP/out" "$reason — $zhw；0.00"
	# English: the stored sentence (a list of rights with its commas)
	en=$(printf '%s\n' "$detail" | sed -E '/^pledged:/s/\) /), /g')
	expect 0 p subsidy explain --city "$city" --year "$year" --"$type" "$key"
	has "$TMP/out" "不通过 FAILED: $en"
done <"$TMP/items"
for r in BARRED BEFORE_EFFECTIVE LATE KIND_NOT_COVERED IP_SUBSIDISED_BEFORE NOT_LEGAL_PERSON; do
	case " $seen " in *" $r "*) ;; *) die "the demo gave no $r item (got:$seen)" ;; esac
done
[ "$n" -ge 7 ] || die "only $n sentences (LATE both ways expected)"
