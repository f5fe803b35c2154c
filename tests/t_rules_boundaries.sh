# t_rules_boundaries.sh — boundary cases of the subsidy engine (rules.md
# §3–§7): boundary cases the shared examples do not cover, each figure
# computed by hand from the spec (arithmetic in the comments), and the
# regression of rules.md §7 / import.md §2: re-importing an unchanged bank
# file after its year is finalized changes nothing and is not refused.
. "$(dirname "$0")/lib.sh"

DY=东阳市
E0=91330783MA2AUD000P
E1=91330783MA2AUD001T
E2=91330783MA2AUD002X
E3=91330783MA2AUD0031
E4=91330783MA2AUD0044
cat >"$TMP/ent.csv" <<EOT
uscc,name,city,industry,legal_person
$E0,审计零号有限公司,$DY,科技,是
$E1,审计一号有限公司,$DY,科技,是
$E2,审计二号有限公司,$DY,科技,是
$E3,审计三号有限公司,$DY,科技,是
$E4,审计四号有限公司,$DY,科技,是
EOT
H=bank,contract_no,uscc,enterprise,principal,combined,ip_portion,start_date,maturity_date,settle_date,overdue,interest_paid,ip_rights
cat >"$TMP/loans.csv" <<EOT
$H
审计银行,L1,$E0,审计零号有限公司,1000000.00,否,,2023-12-01,2024-03-01,2024-03-01,否,,ZL202210000001.0
审计银行,L2,$E1,审计一号有限公司,72.00,否,,2024-01-01,2024-04-10,2024-04-10,否,,ZL202210000002.5
审计银行,L3,$E2,审计二号有限公司,100000.00,否,,2024-07-22,2025-07-21,2024-12-31,否,,ZL202210000003.X
审计银行,L3b,$E2,审计二号有限公司,100000.00,否,,2024-07-21,2025-07-21,2024-12-31,否,,第12345678号
审计银行,L4,$E3,审计三号有限公司,10000.00,否,,2023-05-01,2024-05-01,2024-05-02,否,,ZL202210000004.4
审计银行,L4b,$E3,审计三号有限公司,10000.00,否,,2023-05-01,2024-05-01,2024-05-01,是,,ZL202210000005.9
审计银行,L4c,$E3,审计三号有限公司,10000.00,否,,2023-05-01,2024-05-01,2024-05-01,否,,ZL202210000006.3
审计银行,L5,$E4,审计四号有限公司,300.00,是,100.00,2023-01-01,2024-01-01,2024-01-01,否,0.05,ZL202210000007.8
EOT
printf 'uscc,year,contribution\n%s,2024,1000000\n%s,2024,0\n%s,2024,1000000\n%s,2024,1000000\n%s,2024,1000000\n' \
	$E0 $E1 $E2 $E3 $E4 >"$TMP/contrib.csv"

expect 0 p init
expect 0 p import enterprises "$TMP/ent.csv"
expect 0 p import loans "$TMP/loans.csv"
expect 0 p import contributions "$TMP/contrib.csv"
expect 0 p subsidy compute --city $DY --year 2024
expect 0 p subsidy show --city $DY --year 2024 --format csv
# Hand computation (rules.md §1, §4; share 50 %, basis 360, LPR1Y of domain.md §1):
# L1 leap year: days 2023-12-01 → 2024-03-01 = 31 + 31 + 29 = 91; rate on
#    2023-12-01 = 3.45 % (fixing 2023-08-21). 100 000 000 × 34 500 × 500 000
#    × 91 / (10^12 × 360) = 436 041.67 → 436 042 fen = 4 360.42.
# L2 half up: 7 200 fen, 100 days (31 + 29 + 31 + 9), 3.45 %:
#    7 200 × 34 500 × 500 000 × 100 / 3.6e14 = 34.5 → 35 fen = 0.35;
#    contribution 0 → paid 0, 0.35 carried.
# L3 starts on the fixing day 2024-07-22 → 3.35 %; settled early 2024-12-31,
#    162 days: 10^7 × 33 500 × 500 000 × 162 / 3.6e14 = 75 375 fen = 753.75.
#    L3b starts 2024-07-21 → 3.45 %, 163 days: 78 104.17 → 781.04 (trademark).
# L4 settled a day after maturity, L4b marked overdue → LATE; L4c settled on
#    maturity, 366 days (Feb 29 2024), 3.65 % (fixing 2022-08-22):
#    10^6 × 36 500 × 500 000 × 366 / 3.6e14 = 18 554.17 → 18 554 = 185.54.
# L5 combined: base 10 000 fen, 365 days, 3.65 %: raw 185.03 → 185 fen; paid
#    cap round(5 × 10 000 / 30 000) = round(1.67) = 2 fen → 0.02.
cat >"$TMP/want.csv" <<EOT
uscc,enterprise,interest_patent,interest_trademark,interest_copyright,premium,due,carried_in,contribution,payable,carried_out,forfeited,status
$E0,审计零号有限公司,4360.42,0.00,0.00,0.00,4360.42,0.00,1000000.00,4360.42,0.00,0.00,ok
$E1,审计一号有限公司,0.35,0.00,0.00,0.00,0.35,0.00,0.00,0.00,0.35,0.00,ok
$E2,审计二号有限公司,753.75,781.04,0.00,0.00,1534.79,0.00,1000000.00,1534.79,0.00,0.00,ok
$E3,审计三号有限公司,185.54,0.00,0.00,0.00,185.54,0.00,1000000.00,185.54,0.00,0.00,ok
$E4,审计四号有限公司,0.02,0.00,0.00,0.00,0.02,0.00,1000000.00,0.02,0.00,0.00,ok
EOT
cmp -s "$TMP/out" "$TMP/want.csv" || { diff "$TMP/want.csv" "$TMP/out" >&2; die "rules.md §4 boundary figures"; }
expect 0 p subsidy explain --city $DY --year 2024 --loan 审计银行/L4
has "$TMP/out" "LATE"
expect 0 p subsidy explain --city $DY --year 2024 --loan 审计银行/L4b
has "$TMP/out" "marked overdue"

# rules.md §7, import.md §2: after finalize, the same bank file again is
# "unchanged" (the insert's lock trigger fired before ON CONFLICT and
# refused every row); a row that does change is still refused.
expect 0 p subsidy finalize --city $DY --year 2024
before=$(sqlite3 "$DB" "SELECT * FROM loans; SELECT * FROM loan_rights")
expect 0 p import loans "$TMP/loans.csv"
has "$TMP/out" "8 rows, 0 new, 0 updated, 8 unchanged, 0 rejected"
sed 's/^审计银行,L1,\(.*\),否,,ZL202210000001.0$/审计银行,L1,\1,否,100.00,ZL202210000001.0/' \
	"$TMP/loans.csv" >"$TMP/loans2.csv"
! cmp -s "$TMP/loans.csv" "$TMP/loans2.csv" || die "sed did not change L1"
expect 1 p import loans "$TMP/loans2.csv"
# import.md §4: placed at the record's key column, with its value
has "$TMP/err" "loans2.csv:2: column 'contract_no': loan '审计银行/L1' is used by finalized subsidy run 东阳市 2024 (value 'L1')"
expect 1 p loan add --bank 审计银行 --contract-no L9 --uscc $E0 --enterprise 审计零号有限公司 \
	--principal 100 --start-date 2024-01-01 --maturity-date 2024-06-01 \
	--settle-date 2024-06-01 --ip-rights ZL202210000008.2
has "$TMP/err" "falls in finalized subsidy run 东阳市 2024"
[ "$(sqlite3 "$DB" "SELECT * FROM loans; SELECT * FROM loan_rights")" = "$before" ] || die "loans changed"
echo ok
