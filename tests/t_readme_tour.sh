# t_readme_tour.sh — the README's five-minute tour works typed literally:
# every ```sh block of the section "A five-minute tour" (the `make` lines
# aside: the test runs after the build) is run, in order, with `set -e`,
# in a scratch copy of the repository's layout (./pledger, tests/data).
# Every file it names exists, every command exits 0, the 2024 run is
# finalized at the end, and it writes nothing but pledger.db and ./out/.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
work="$TMP/repo"
mkdir -p "$work/tests"
ln -s "$PLEDGER" "$work/pledger"
ln -s "$here/data" "$work/tests/data"
awk '/^## A five-minute tour/ { on = 1; next }
     on && /^## / { exit }
     on && /^```sh/ { code = 1; next }
     on && /^```/ { code = 0; next }
     on && code && !/^make( |$)/ { print }' "$here/../README.md" >"$TMP/tour.sh"
[ "$(grep -c 'pledger' "$TMP/tour.sh")" -ge 20 ] || { cat "$TMP/tour.sh" >&2; die "the tour was not found in README.md"; }
(cd "$work" && PLEDGER_DB= sh -e "$TMP/tour.sh") >"$TMP/out" 2>"$TMP/err" \
	|| { tail -n 20 "$TMP/err" >&2; die "the README tour failed"; }
has "$TMP/out" "refused: nothing written"
has "$TMP/out" "out/bank07.csv.rejects.csv: 1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"
[ "$(sqlite3 "$work/pledger.db" "SELECT status FROM subsidy_runs r JOIN cities c ON c.code = r.city WHERE c.name = '东阳市' AND year = 2024")" = finalized ] \
	|| die "the tour did not finalize 2024"
for f in out/东阳市2024兑付清单.xlsx out/人行报送2024Q3.xlsx out/目标进度2024.xlsx out/台账.xlsx; do
	[ -s "$work/$f" ] || die "the tour did not write $f"
done
left=$(cd "$work" && ls -A | grep -v '^pledger$\|^tests$\|^out$\|^pledger\.db\(-wal\|-shm\)\?$' || true)
[ -z "$left" ] || die "the tour left files outside ./out: $left"
