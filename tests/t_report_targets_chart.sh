# t_report_targets_chart.sh — reports.md "report targets" (月度累计 chart)
# and "Common" (text is never a formula; libxlsxwriter takes UTF-8 only):
# the chart's series names are literal text at full length, also for
#  - a city named "=A1" (libxlsxwriter would read a name starting with '='
#    as a cell reference: the legend became the formula "A1 …");
#  - a city name of 1 + 60×3 + 3 = 184 bytes ("A", 60 × 长, 市), which a
#    160-byte buffer cut inside a UTF-8 character (invalid chart XML, a
#    workbook neither Excel nor openpyxl opens).
. "$(dirname "$0")/lib.sh"

expect 0 p init
long=$("$PY" -c "print('A' + '长' * 60 + '市')")
expect 0 p city add 339901 '=A1' --parent 浙江省
expect 0 p city add 339902 "$long" --parent 浙江省
printf 'city,metric,period,target,source\n339901,financing,2025,100000000.00,t\n339902,financing,2025,200000000.00,t\n' \
	>"$TMP/tg.csv"
expect 0 p import targets "$TMP/tg.csv"
expect 0 p report targets --year 2025 --as-of 2025-06-30 -o "$TMP/t.xlsx"

"$PY" - "$TMP/t.xlsx" "$long" <<'PYEOF'
import re
import sys
import zipfile
import openpyxl
path, long = sys.argv[1:3]
z = zipfile.ZipFile(path)
charts = [n for n in z.namelist() if n.startswith("xl/charts/")]
if not charts:
    sys.exit("FAILED: no chart")
for n in charts:
    try:
        xml = z.read(n).decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("FAILED: %s is not UTF-8: %s" % (n, e))
    for tx in re.findall(r"<c:ser>.*?<c:tx>(.*?)</c:tx>", xml, re.S):
        if "<c:f>" in tx:
            sys.exit("FAILED: a series name is a formula: %r" % tx)
wb = openpyxl.load_workbook(path)
names = [s.tx.v for ch in wb["月度累计"]._charts for s in ch.series]
zw = "\u200b"
for want in (zw + "=A1 质押融资金额 实际", zw + "=A1 质押融资金额 目标",
             long + " 质押融资金额 实际", long + " 质押融资金额 目标"):
    if want not in names:
        sys.exit("FAILED: series %r not in %r" % (want, names))
PYEOF
