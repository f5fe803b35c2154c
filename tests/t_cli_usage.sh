# t_cli_usage.sh — every command's usage (`pledger help CMD`) is the
# synopsis documented in docs/cli.md, word for word (style.md rule 9,
# git's t0450), and `CMD --help` prints the same on stdout with exit 0.
. "$(dirname "$0")/lib.sh"
doc="$(dirname "$0")/../docs/cli.md"
[ -f "$doc" ] || die "docs/cli.md is missing"

expect 0 "$PLEDGER" help
cmds=$(sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p' "$TMP/out")
[ -n "$cmds" ] || die "pledger help lists no command"
n=0
for c in $cmds; do
	expect 0 "$PLEDGER" help "$c"
	sed -n '/^usage: /,$p' "$TMP/out" | sed '1s/^usage: //' > "$TMP/help"
	# the first fenced block after "## c" in docs/cli.md
	awk -v c="## $c" '
		$0 == c { sect = 1; next }
		sect && /^## / { exit }
		sect && /^```/ { if (inb) exit; inb = 1; next }
		sect && inb { print }' "$doc" > "$TMP/doc"
	[ -s "$TMP/doc" ] || die "docs/cli.md has no synopsis for '$c'"
	diff -u "$TMP/doc" "$TMP/help" || die "usage of '$c' differs from docs/cli.md"
	expect 0 "$PLEDGER" "$c" --help
	sed -n '/^usage: /,$p' "$TMP/out" | sed '1s/^usage: //' | diff -u "$TMP/help" - \
		|| die "'$c --help' differs from 'help $c'"
	n=$((n + 1))
done
[ "$n" -ge 12 ] || die "only $n commands checked"
