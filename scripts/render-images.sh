#!/bin/sh
# render-images.sh — docs/images from the demo, as printed: every workbook
# of reports.md is written by `pledger demo`, rendered to PDF by LibreOffice
# (as an office prints it: A4, the workbook's own print setup) and whole
# pages are turned into PNG by pdftoppm — never crops, so the pictures show
# what the paper shows and stay true when the reports change.
#
#   scripts/render-images.sh [PLEDGER]      (default ./pledger; run from the top)
#
# Needs soffice (libreoffice-calc-nogui), pdftoppm and pdftotext
# (poppler-utils) and fonts-noto-cjk.  SOURCE_DATE_EPOCH fixes the dates.
set -eu
PLEDGER=${1:-./pledger}
OUT=docs/images
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
"$PLEDGER" demo --dir "$TMP/demo" >/dev/null
R="$TMP/demo/reports"
for f in subsidy_330783_2024 notices_330783_2024 publicity_330783_2024 pboc_330783_2025 \
	targets_2025 ledger; do
	soffice --headless "-env:UserInstallation=file://$TMP/lo" --convert-to pdf \
		--outdir "$TMP" "$R/$f.xlsx" >/dev/null 2>&1
done
# first page whose text holds $2 in $1.pdf (0 when none)
page_of() {
	n=$(pdfinfo "$TMP/$1.pdf" | sed -n 's/^Pages: *//p')
	i=1
	while [ "$i" -le "$n" ]; do
		if pdftotext -f "$i" -l "$i" "$TMP/$1.pdf" - | grep -qF "$2"; then
			echo "$i"
			return
		fi
		i=$((i + 1))
	done
	echo 0
}
# shot PDF PAGE NAME: the whole page at 80 dpi
shot() {
	[ "$2" -gt 0 ] || { echo "render-images: no page for $3" >&2; exit 1; }
	pdftoppm -png -r 80 -f "$2" -l "$2" -singlefile "$TMP/$1.pdf" "$OUT/$3"
}
rm -f "$OUT"/*.png
shot subsidy_330783_2024 1 subsidy-list
s=subsidy_330783_2024
n=$(pdfinfo "$TMP/$s.pdf" | sed -n 's/^Pages: *//p')
sig=$(page_of $s 兑付金额合计（大写）)
shot $s "$sig" subsidy-list-signatures
shot $s $((sig + 1)) subsidy-audit
shot $s "$(page_of $s 贴息明细表)" subsidy-loans
shot $s "$(page_of $s 不予补助项目清单)" subsidy-refused
shot $s "$n" subsidy-notes
shot notices_330783_2024 1 notice
shot publicity_330783_2024 1 publicity
shot pboc_330783_2025 1 pboc
shot targets_2025 1 targets-progress
shot targets_2025 "$(pdfinfo "$TMP/targets_2025.pdf" | sed -n 's/^Pages: *//p')" targets-chart
shot ledger 1 ledger
ls "$OUT"
