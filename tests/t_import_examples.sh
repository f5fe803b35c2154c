# t_import_examples.sh — the shared examples (import.md §1–§4): every input
# of manifest.json imports (exit 0; 13 enterprises, 60 loans, 10 policies),
# what was stored equals truth.json field by field, a second import of
# every file changes nothing, and every file of bad/ is refused exactly as
# bad/expected.json says with the database unchanged.
. "$(dirname "$0")/lib.sh"
EX="$EXAMPLES"
HERE=$(cd "$(dirname "$0")" && pwd)

expect 0 p init
for entry in "enterprises enterprises.csv" "loans loans/bank01_A.csv" \
	"loans loans/bank02_B.csv" "loans loans/bank03_C.csv" "loans loans/bank04_D.csv" \
	"policies policies/insurer1_utf8bom.csv" "policies policies/insurer2_gb18030.csv" \
	"contributions contributions.csv" "bars bars.csv"; do
	set -- $entry
	expect 0 p import "$1" "$EX/$2"
	has "$TMP/out" " 0 rejected"
done
# the manifest lists the same imports, in this order
$PY - "$EX/manifest.json" <<'PYEOF' || die "manifest imports differ from this test's list"
import json, sys
m = json.load(open(sys.argv[1]))
want = [["import", "enterprises", "enterprises.csv"], ["import", "loans", "loans/bank01_A.csv"],
        ["import", "loans", "loans/bank02_B.csv"], ["import", "loans", "loans/bank03_C.csv"],
        ["import", "loans", "loans/bank04_D.csv"], ["import", "policies", "policies/insurer1_utf8bom.csv"],
        ["import", "policies", "policies/insurer2_gb18030.csv"], ["import", "contributions", "contributions.csv"],
        ["import", "bars", "bars.csv"]]
sys.exit(0 if m["imports"] == want else 1)
PYEOF
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM enterprises')" = 13 ] || die "enterprises"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM loans')" = 60 ] || die "loans"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM policies')" = 10 ] || die "policies"
# 浙江天嘉辉建材有限公司 is not in enterprises.csv: created from its loan rows
[ "$(sqlite3 "$DB" "SELECT name || '/' || city FROM enterprises WHERE uscc = '91330783MA2MUARF6E'")" \
	= "浙江天嘉辉建材有限公司/330783" ] || die "enterprise created from a loan row"
$PY "$HERE/data/import/compare_truth.py" "$DB" "$EX/truth.json" || die "stored data differ from truth.json"

# import.md §2: re-importing is idempotent
dump() { sqlite3 "$DB" .dump | grep -v -e '^INSERT INTO audit_log' -e '^INSERT INTO import_batches'; }
dump >"$TMP/dump1"
expect 0 p import loans "$EX/loans/bank04_D.csv"
has "$TMP/out" "17 rows, 0 new, 0 updated, 17 unchanged, 0 rejected"
expect 0 p import loans "$EX/loans/bank01_A.csv"
has "$TMP/out" "13 rows, 0 new, 0 updated, 13 unchanged, 0 rejected"
dump >"$TMP/dump2"
cmp -s "$TMP/dump1" "$TMP/dump2" || die "re-import changed the data"

# bad/: exit 1, one line per error with line, column and value, nothing written
sqlite3 "$DB" .dump >"$TMP/full1"
$PY - "$EX/bad/expected.json" >"$TMP/badlist" <<'PYEOF'
import json, sys
x = json.load(open(sys.argv[1], encoding="utf-8"))
for f in x["files"]:
    for e in f["errors"]:
        # FILE LINE HEADER VALUE EXPECTED-CHAR
        print("|".join([f["file"], str(e["line"]), e["header"], e["value"],
                         e.get("expected_check_character", ""), str(len(f["errors"]))]))
PYEOF
[ -s "$TMP/badlist" ] || die "bad/expected.json lists nothing"
while IFS="|" read -r file line header value chk nerr; do
	expect 1 p import loans "$EX/bad/$file"
	has "$TMP/err" "pledger: $EX/bad/$file:$line: column '$header': "
	grep -F "pledger: $EX/bad/$file:$line: column '$header': " "$TMP/err" \
		| grep -qF "(value '$value')" || die "$file:$line: value '$value' not named"
	if [ -n "$chk" ]; then
		grep -F "pledger: $EX/bad/$file:$line:" "$TMP/err" | grep -qF "expected '$chk'" \
			|| die "$file:$line: expected check character '$chk' not named"
	fi
	n=$(grep -c "^pledger: $EX/bad/$file:[0-9]*: column" "$TMP/err")
	[ "$n" = "$nerr" ] || die "$file: $n error lines, expected $nerr"
	has "$TMP/err" "nothing written"
done <"$TMP/badlist"
sqlite3 "$DB" .dump >"$TMP/full2"
cmp -s "$TMP/full1" "$TMP/full2" || die "a refused file changed the database"
