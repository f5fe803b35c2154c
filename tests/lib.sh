# lib.sh — helpers for tests/t_*.sh (sourced).  POSIX sh.
set -eu
DB="$TMP/t.db"
# the tests read English messages: the language is fixed (cli.md "Language");
# t_cli_zh.sh asks for Chinese itself
PLEDGER_LANG=en
export PLEDGER_LANG
# p ARGS: pledger on $DB.  `subsidy finalize` runs as a second person,
# "reviewer" (cycle.md §1 four eyes: the one who computed may not finalize).
p() {
	if [ "${1-}" = subsidy ] && [ "${2-}" = finalize ]; then
		LOGNAME=reviewer "$PLEDGER" --db "$DB" "$@"
	else
		"$PLEDGER" --db "$DB" "$@"
	fi
}
die() { echo "FAILED: $*" >&2; exit 1; }
# expect STATUS CMD...: run CMD, require exit STATUS; stdout in $TMP/out, stderr in $TMP/err
expect() {
	want=$1; shift
	set +e; "$@" >"$TMP/out" 2>"$TMP/err"; got=$?; set -e
	[ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; die "'$*' exited $got, expected $want"; }
}
# has FILE TEXT: FILE contains TEXT (fixed string)
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; die "$1 lacks '$2'"; }; }
