# t_import_text.sh — the text level of an import (import.md §1, issue 11):
# mixed encodings, UTF-16, workbooks and undecodable text named for what
# they are, control characters, cells beyond the header, rows blank to the
# eye, a quote left open, and the summary of a file refused as a whole.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$DB" "$1"; }
# unchanged DB: the database file is byte-equal to before.db
same() { cmp -s "$DB" "$TMP/before.db" || die "$1: the database changed"; }

expect 0 p init
expect 0 p import enterprises "$EXAMPLES/enterprises.csv"
U=91330783MA26K5770L   # 东阳市明辉新材料有限公司, in the register
H='贷款银行,借款合同编号,借款企业,统一社会信用代码,贷款金额(元),放款日期,到期日期,质押知识产权'
R="测试银行,C-%d,东阳市明辉新材料有限公司,$U,100.00,2024-01-01,2024-12-31,ZL202010566088.9"

# --- 1. a UTF-8 file with one cell saved in GBK: refused at that line and
# column, with its bytes (東陽 in GBK: B6AB D1F4), not read whole as GB18030
"$PY" - "$TMP/mixed.csv" "$H" "$R" <<'PYEOF'
import sys
path, h, r = sys.argv[1:4]
rows = [h] + [r % i for i in range(1, 41)]
data = ("\n".join(rows) + "\n").encode("utf-8")
data += "测试银行,C-41,".encode() + "东阳".encode("gbk") + ",x,1,2024-01-01,2024-12-31,ZL1\n".encode()
open(path, "wb").write(data)
PYEOF
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/mixed.csv"
has "$TMP/err" "mixed.csv:42: column '借款企业': not UTF-8 text at byte 19 of the line, in a file whose other text is UTF-8"
has "$TMP/err" "(value '\xB6\xAB\xD1\xF4')"
# 7. a file refused for a file-level reason says nothing was written
has "$TMP/out" "mixed.csv: not imported, nothing written"
grep -q "new" "$TMP/out" && die "a refused file counts rows as new"
same mixed

# GB18030 files are still GB18030 (a few valid UTF-8 sequences by chance):
# the shared examples' GB18030 files, and a large generated one with 3 000
# random Chinese names; every name reads back as written
for f in loans/bank01_A.csv loans/bank04_D.csv policies/insurer2_gb18030.csv; do
	"$PY" -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$EXAMPLES/$f" 2>/dev/null \
		&& die "$f is not a GB18030 test file"
done
cp "$DB" "$TMP/plain.db"
expect 0 p import loans "$EXAMPLES/loans/bank01_A.csv"
[ "$(q "SELECT count(*) FROM banks WHERE name LIKE '%银行%'")" -ge 1 ] || die "bank01_A bank name"
expect 0 p import policies "$EXAMPLES/policies/insurer2_gb18030.csv"
cp "$TMP/plain.db" "$DB"
"$PY" - "$TMP/gbbig.csv" "$TMP/gbnames.txt" <<'PYEOF'
import random, sys
random.seed(11)
chars = []
for lead in range(0xB0, 0xF8):            # GB2312 hanzi, both levels
    for tr in range(0xA1, 0xFF):
        try: chars.append(bytes([lead, tr]).decode("gb2312"))
        except UnicodeDecodeError: pass
A = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def uscc(i):                               # GB 32100-2015 check character
    body = "9133078300%07dX" % i
    body = body[:17]
    s = sum(A.index(c) * w for c, w in zip(body, W))
    return body + A[(31 - s % 31) % 31]
rows, names = ["统一社会信用代码,企业名称,所属地区,所属行业,是否独立法人"], []
for i in range(3000):
    n = "".join(random.choice(chars) for _ in range(random.randint(2, 12))) + "有限公司"
    names.append(uscc(i) + "|" + n)
    rows.append("%s,%s,东阳市,%s,是" % (uscc(i), n, random.choice(chars)))
open(sys.argv[1], "wb").write(("\r\n".join(rows) + "\r\n").encode("gb18030"))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(names) + "\n")
PYEOF
expect 0 p import enterprises "$TMP/gbbig.csv"
has "$TMP/out" "3000 rows, 3000 new"
q "SELECT uscc || '|' || name FROM enterprises WHERE uscc LIKE '9133078300%' ORDER BY uscc" >"$TMP/got.txt"
cmp -s "$TMP/got.txt" "$TMP/gbnames.txt" || die "GB18030 names do not read back"
cp "$TMP/plain.db" "$DB"

# --- 2. UTF-16 with a BOM (Excel's "Unicode text": tab-separated), LE and
# BE, and comma-separated
printf '%s\n' "$H" "$(printf "$R" 1)" | tr ',' '\t' >"$TMP/tab.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$TMP/tab.txt"; } >"$TMP/u16le.csv"
expect 0 p import loans "$TMP/u16le.csv"
has "$TMP/out" "1 rows, 1 new"
[ "$(q "SELECT e.name FROM loans l JOIN enterprises e ON e.uscc = l.uscc WHERE contract_no = 'C-1'")" = 东阳市明辉新材料有限公司 ] \
	|| die "UTF-16LE text"
[ "$(q "SELECT principal_fen FROM loans WHERE contract_no = 'C-1'")" = 10000 ] || die "UTF-16LE amount"
printf '%s\n' "$H" "$(printf "$R" 2)" >"$TMP/comma.txt"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$TMP/comma.txt"; } >"$TMP/u16be.csv"
expect 0 p import loans "$TMP/u16be.csv"
has "$TMP/out" "1 rows, 1 new"
# tab-separated GBK text (a bank system's ".xls" export)
printf '%s\n' "$H" "$(printf "$R" 3)" | tr ',' '\t' | iconv -f UTF-8 -t GBK >"$TMP/gbk.xls"
expect 0 p import loans "$TMP/gbk.xls"
has "$TMP/out" "1 rows, 1 new"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no = 'C-3' AND principal_fen = 10000")" = 1 ] || die "tab GBK"
# a bad row of a tab-separated file goes to the rejects file tab-separated
printf '%s\n' "$H" "$(printf "$R" 4)" "测试银行,C-5,东阳市明辉新材料有限公司,$U,-1,2024-01-01,2024-12-31,ZL202010566088.9" \
	| tr ',' '\t' >"$TMP/tabbad.txt"
expect 0 p import loans --skip-invalid --rejects "$TMP/tabbad.rej" "$TMP/tabbad.txt"
grep -q "^测试银行	C-5	.*	[^	]*negative" "$TMP/tabbad.rej" || { cat "$TMP/tabbad.rej" >&2; die "tab rejects"; }

# workbooks are named for what they are, whatever their name (import/table.c
# tells the format by the first bytes; a broken one is a broken workbook)
cp "$DB" "$TMP/before.db"
printf 'PK\003\004\024\000\000\000\010\000' >"$TMP/book.csv"
expect 1 p import loans "$TMP/book.csv"
has "$TMP/err" "book.csv: broken workbook: not a readable zip file"
printf '\320\317\021\340\241\261\032\341\000\000' >"$TMP/old.csv"
expect 1 p import loans "$TMP/old.csv"
has "$TMP/err" "old.csv: not a readable .xls workbook (a broken .xls file)"
grep -q "GB18030" "$TMP/err" && die "a workbook blamed on GB18030"
same workbook
# GB18030 text that goes wrong at line 1501 is named there, with its bytes
"$PY" - "$TMP/gb1501.csv" "$H" "$R" <<'PYEOF'
import sys
path, h, r = sys.argv[1:4]
rows = [h] + [r % i for i in range(100, 1599)]
data = ("\r\n".join(rows) + "\r\n").encode("gb18030") + b"\x81\x20bad\r\n"
open(path, "wb").write(data)
PYEOF
expect 1 p import loans "$TMP/gb1501.csv"
has "$TMP/err" "gb1501.csv:1501: not valid GB18030 text"
has "$TMP/err" "(value '\x81 bad\x0D\x0A')"
has "$TMP/out" "gb1501.csv: not imported, nothing written"
same gb1501

# --- 3. control characters: a NUL byte, ESC/BEL, a C1 character and a
# line break outside a list column are errors at their cells; a line break
# in ip_rights separates rights.  4. cells beyond the header; 5. blank rows
"$PY" - "$TMP/ctl.csv" "$H" "$R" <<'PYEOF'
import sys
path, h, r = sys.argv[1:4]
rows = [h,
    r.replace("100.00", "100\x000000.00") % 10,
    (r % 11).replace("明辉新材料", "明辉\x1b]0;x\x07"),
    (r % 12).replace("东阳市", "东阳\u0085"),
    (r % 13).replace("ZL202010566088.9", "1,720,000.00"),
    (r % 14) + ",,  ,\u3000",
    "\u3000,\u00a0, ,\t,,,,",
    "  ,\u3000\u3000,,,,,,",
    (r % 15).replace("C-15", '"C-15\n"'),
    (r % 16).replace("ZL202010566088.9", '"ZL202010566088.9\nZL202010566088.9"'),
]
open(path, "wb").write(("\n".join(rows) + "\n").encode("utf-8"))
PYEOF
cp "$DB" "$TMP/before.db"
expect 1 p import loans "$TMP/ctl.csv"
has "$TMP/err" "ctl.csv:2: column '贷款金额(元)': a NUL byte in the cell, at byte 4 (the value would be cut there) (value '100\x000000.00')"
has "$TMP/err" "ctl.csv:3: column '借款企业': a control character in the cell, at byte 16 (shown as \xHH) (value '东阳市明辉\x1B]0;x\x07有限公司')"
has "$TMP/err" "ctl.csv:4: column '借款企业': a control character in the cell, at byte 7 (shown as \xHH) (value '东阳\xC2\x85明辉"
has "$TMP/err" "ctl.csv:5: 2 non-empty cells beyond the header's last column (8 columns)"
has "$TMP/err" "(value '720,000.00')"
has "$TMP/err" "ctl.csv:9: column '借款合同编号': a line break in the cell"
grep -v "pledger: warning:" "$TMP/err" | grep -q "ctl.csv:6:\|ctl.csv:7:\|ctl.csv:8:\|ctl.csv:11:" \
	&& die "a harmless row was refused"
has "$TMP/err" "5 of 7 rows rejected; nothing written"
same ctl
# with --skip-invalid the two good rows (trailing blank cells, a list split
# by a line break) are written: C-16 has one right (the same number twice)
expect 0 p import loans --skip-invalid --rejects "$TMP/ctl.rej" "$TMP/ctl.csv"
has "$TMP/out" "7 rows, 2 new, 0 updated, 0 unchanged, 5 rejected"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no IN ('C-14', 'C-16')")" = 2 ] || die "good rows"
[ "$(q "SELECT count(*) FROM loans WHERE contract_no IN ('C-10', 'C-12', 'C-13')")" = 0 ] || die "bad rows"

# --- 6. a quote left open near the top of a 3 MB file: "a quoted field
# is not closed" at the line where the quote opened, not "out of memory",
# and memory stays bounded (ulimit: 200 MB of address space)
"$PY" - "$TMP/open.csv" "$H" "$R" <<'PYEOF'
import sys
path, h, r = sys.argv[1:4]
rows = [h, r % 20, (r % 21).replace("C-21", '"C-21'), ] + [r % i for i in range(22, 30000)]
open(path, "wb").write(("\n".join(rows) + "\n").encode("utf-8"))
PYEOF
cp "$DB" "$TMP/before.db"
# (an ASan build reserves terabytes of address space and cannot run under
# ulimit -v: it runs without the limit, the plain build is bounded)
lim=400000
( ulimit -v $lim; "$PLEDGER" --version ) >/dev/null 2>&1 || lim=unlimited
set +e
( ulimit -v $lim; "$PLEDGER" --db "$DB" import loans "$TMP/open.csv" ) >"$TMP/out" 2>"$TMP/err"
st=$?
set -e
[ "$st" -eq 1 ] || { cat "$TMP/err" >&2; die "open quote exited $st"; }
has "$TMP/err" "open.csv:3: a quoted field is not closed (the record runs past 1 MiB at line "
grep -q "memory" "$TMP/err" && die "open quote: out of memory"
has "$TMP/out" "open.csv: not imported, nothing written"
same open-quote
# at the end of a small file too
printf '%s\n%s\n"x,y\n' "$H" "$(printf "$R" 30)" >"$TMP/open2.csv"
expect 1 p import loans "$TMP/open2.csv"
has "$TMP/err" "open2.csv:3: a quoted field is not closed"
has "$TMP/out" "open2.csv: not imported, nothing written"
# --- 3 (entry and output). A name with ESC or BEL is refused at manual
# entry as in a file; text printed for people (tables) shows control
# characters as \xHH, whatever is already stored; CSV carries it as stored
cp "$TMP/plain.db" "$DB"
cp "$DB" "$TMP/before.db"
expect 1 p enterprise add --uscc 91330783MA20CA4GX5 --name "$(printf 'A\033]0;pwned\007B')" --city 东阳市
has "$TMP/err" "column 'name': a control character in the value, at byte 2 (shown as \xHH) (value 'A\x1B]0;pwned\x07B')"
expect 1 p loan add --bank 测试银行 --contract-no "$(printf 'K\0331')" --uscc $U --enterprise 东阳市明辉新材料有限公司 \
	--principal 100 --start-date 2024-01-01 --maturity-date 2024-12-31 --ip-rights ZL202010566088.9
has "$TMP/err" "column 'contract-no': a control character in the value, at byte 2"
same entry
# a list may hold a line break at entry too
expect 0 p loan add --bank 测试银行 --contract-no K-2 --uscc $U --enterprise 东阳市明辉新材料有限公司 \
	--principal 100 --start-date 2024-01-01 --maturity-date 2024-12-31 --ip-rights "$(printf 'ZL202010566088.9\nZL202010566088.9')"
q "UPDATE enterprises SET name = 'X' || char(27) || '[2J' || char(7) || 'Y' WHERE uscc = '$U'"
expect 0 p enterprise list
has "$TMP/out" 'X\x1B[2J\x07Y'
grep -q "$(printf '\033')" "$TMP/out" && die "enterprise list printed ESC raw"
expect 0 p loan list
has "$TMP/out" 'X\x1B[2J\x07Y'
grep -q "$(printf '\033')" "$TMP/out" && die "loan list printed ESC raw"
expect 0 p enterprise show $U
has "$TMP/out" 'X\x1B[2J\x07Y'
grep -q "$(printf '\033')" "$TMP/out" && die "enterprise show printed ESC raw"
expect 0 p enterprise list --format csv
grep -q "$(printf 'X\033')" "$TMP/out" || die "CSV output changed the stored text"
# the summary line names the file for people: a control character in its
# name is shown as \xHH, never sent to the terminal raw
cf="$TMP/$(printf 'e\033]0;x\007.csv')"
cp "$EXAMPLES/enterprises.csv" "$cf"
expect 0 p import enterprises --dry-run "$cf"
has "$TMP/out" 'e\x1B]0;x\x07.csv: 12 rows'
grep -q "$(printf '\033')" "$TMP/out" && die "the summary printed ESC raw"
rm -f "$cf"
echo "t_import_text: ok"
