#!/bin/sh
# cli-synopsis.sh — print every command's usage as the fenced blocks
# docs/cli.md holds (to refresh the doc after changing a usage text; the
# test tests/t_cli_usage.sh checks the two are identical).
set -eu
P=${PLEDGER:-./pledger}
for c in $("$P" help | sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p'); do
	echo "## $c"
	echo
	"$P" help "$c" | sed -n '1s/^[a-z]* — //p'
	echo
	echo '```'
	"$P" help "$c" | sed -n '/^usage: /,$p' | sed '1s/^usage: //'
	echo '```'
	echo
done
