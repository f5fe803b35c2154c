# t_examples_copy.sh — tests/data/examples is a copy of the shared examples
# ($SHARED/examples: sample files and their independently computed expected
# figures).  The other tests read the copy, so a fresh clone alone passes
# `make check`; this test keeps the copy equal to the shared folder: every
# shared file must be in the copy with the same bytes, and the copy must
# hold nothing else (the shared README.md is kept as SHARED-README.md,
# because README.md is the copy's own).  Without the shared folder it exits
# 77, which run-scripts.sh shows as SKIP (a fresh clone alone still passes).
. "$(dirname "$0")/lib.sh"

src="$SHARED/examples"
if [ ! -d "$src" ]; then
	echo "no shared examples at $src: the copy in tests/data/examples is not compared"
	exit 77
fi
n=0
(cd "$src" && find . -type f | sort) >"$TMP/shared.lst"
while IFS= read -r f; do
	case "$f" in
	./README.md) copy="$EXAMPLES/SHARED-README.md" ;;
	*) copy="$EXAMPLES/$f" ;;
	esac
	[ -f "$copy" ] || die "$f of the shared examples is not in $EXAMPLES (copy it)"
	cmp -s "$src/$f" "$copy" || die "$f differs from the shared examples (copy it again)"
	n=$((n + 1))
done <"$TMP/shared.lst"
(cd "$EXAMPLES" && find . -type f ! -name README.md | sed 's#^\./SHARED-README\.md$#./README.md#' | sort) >"$TMP/copy.lst"
cmp -s "$TMP/shared.lst" "$TMP/copy.lst" || { diff "$TMP/shared.lst" "$TMP/copy.lst" >&2; die "the copy holds files the shared examples do not"; }
[ "$n" -gt 20 ] || die "only $n shared files compared"
echo "t_examples_copy: $n files equal"
