"""xlsx_check.py — read pledger's workbooks back with openpyxl and check them
against reports.md (tests/t_report*.sh run it with /usr/bin/python3).

    xlsx_check.py subsidy-fixture FILE      the disbursement list of tests/data/reports/fixture.sql
    xlsx_check.py subsidy-final FILE        the finalized 2023 run of the fixture (no （草稿）)
    xlsx_check.py pboc-fixture FILE         东阳市 2024Q3 of the fixture
    xlsx_check.py ledger-fixture FILE       every loan and policy of the fixture
    xlsx_check.py split FILE SHEET ROWS N   SHEET continues on SHEET(2)...: every sheet has
                                            at most ROWS rows, N data rows in all, the total sums all
    xlsx_check.py subsidy-csv FILE CSV      a disbursement list against `subsidy show --format csv`
    xlsx_check.py common FILE               the common checks on every sheet of any workbook
    xlsx_check.py title FILE TEXT           every sheet's title is TEXT
    xlsx_check.py pboc-truth FILE TRUTH CITY FROM TO   按银行汇总 against truth.json
    xlsx_check.py ledger-truth FILE TRUTH   every loan and policy of truth.json

Expected figures of the fixture are computed by hand in fixture.sql's
comments and repeated here; the capital numerals are checked against an
independent implementation of domain.md §5 (cap_numerals below), itself
checked against every row of domain.md's table.  Exits 1 with the first
failure.
"""
import csv
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

FONT = ("宋体", "SimSun")
FAILS = []


def fail(msg):
    print("FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def eq(got, want, what):
    if got != want:
        fail("%s: got %r, want %r" % (what, got, want))


# ---- domain.md §5, written independently of ledger/numerals.c -------------

DIG = "零壹贰叁肆伍陆柒捌玖"


def cap_numerals(fen):
    """Amount in fen as capital numerals with the 人民币 prefix (domain.md §5)."""
    y, j, f = fen // 100, fen // 10 % 10, fen % 10
    out = ""
    if y > 0:
        s = str(y)
        n = len(s)
        zero = False
        for i, ch in enumerate(s):
            p = n - 1 - i
            d = int(ch)
            if d == 0:
                zero = True
            else:
                if zero:
                    out += "零"
                zero = False
                out += DIG[d] + ["", "拾", "佰", "仟"][p % 4]
            if p % 4 == 0 and p > 0:
                group = s[max(0, i - 3):i + 1]
                if int(group) != 0:
                    out += "万" if (p // 4) % 2 == 1 else "亿"
                    zero = False  # a 0 before 万/亿 is absorbed (107 000 → 壹拾万柒仟)
        out += "元"
    if j == 0 and f == 0:
        out = (out or "零元") + "整"
    elif j == 0:
        out += ("零" if y > 0 else "") + DIG[f] + "分"
    else:
        out += ("零" if y > 0 and y % 10 == 0 else "") + DIG[j] + "角"
        if f:
            out += DIG[f] + "分"
    return "人民币" + out


DOMAIN_TABLE = [
    (168032, "壹仟陆佰捌拾元零叁角贰分"), (10700053, "壹拾万柒仟元零伍角叁分"),
    (1000000, "壹万元整"), (5, "伍分"), (50, "伍角"), (140950, "壹仟肆佰零玖元伍角"),
    (600714, "陆仟零柒元壹角肆分"), (1640902, "壹万陆仟肆佰零玖元零贰分"),
    (32504, "叁佰贰拾伍元零肆分"), (1000, "壹拾元整"), (101000, "壹仟零壹拾元整"),
    (100010000, "壹佰万零壹佰元整"), (10000000100, "壹亿零壹元整"),
    (10001000000, "壹亿零壹万元整"), (25380000, "贰拾伍万叁仟捌佰元整"),
    (101, "壹元零壹分"), (0, "零元整"),
]
for _fen, _text in DOMAIN_TABLE:
    eq(cap_numerals(_fen), "人民币" + _text, "cap_numerals(%d) (domain.md §5 table)" % _fen)


# ---- reading -----------------------------------------------------------------

def load(path):
    """The workbook twice: with formulas, and with the cached results."""
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def header_row(ws):
    """Row number of the (lower) header row: the row before the frozen pane."""
    fp = ws.freeze_panes
    if not fp:
        fail("%s: no frozen panes" % ws.title)
    m = re.match(r"([A-Z]+)(\d+)$", fp)
    return int(m.group(2)) - 1


def headers(ws):
    """Header texts: for a two-row header, the lower text, else the merged upper one."""
    h = header_row(ws)
    out = []
    for c in range(1, ws.max_column + 1):
        v = ws.cell(h, c).value
        if v is None and h > 1:
            v = ws.cell(h - 1, c).value
        out.append(v)
    while out and out[-1] is None:
        out.pop()
    return out


def col_of(ws, text):
    hs = headers(ws)
    if text not in hs:
        fail("%s: no column %r in %r" % (ws.title, text, hs))
    return hs.index(text) + 1


def data_rows(ws):
    """Row numbers of the data rows: from below the header to before the 合计 row
    (or the last row whose first cell is a number)."""
    r = header_row(ws) + 1
    rows = []
    while r <= ws.max_row:
        v = ws.cell(r, 1).value
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            break
        rows.append(r)
        r += 1
    return rows


def total_row(ws):
    for r in range(header_row(ws) + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == "合计":
            return r
    return None


def check_common(ws, unit=None, title=None, landscape=None, date_word="制表日期：", wide=1):
    """reports.md "Common to every workbook" on one table sheet (date_word:
    what the line under the title dates; wide: pages wide on paper)."""
    ncols = len(headers(ws))
    last = get_column_letter(ncols)
    # Title row merged across the table, bold, larger, CJK font.
    merged = {str(m) for m in ws.merged_cells.ranges}
    if wide > 1:
        # printed pages wide: the title spans the first page's columns
        if not any(m.startswith("A1:") and m.endswith("1") for m in merged):
            fail("%s: title not merged (%s)" % (ws.title, sorted(merged)))
    elif ncols > 1 and "A1:%s1" % last not in merged:
        fail("%s: title not merged across A1:%s1 (%s)" % (ws.title, last, sorted(merged)))
    t = ws["A1"]
    if not t.font.b or (t.font.sz or 0) < 14:
        fail("%s: title not bold and large" % ws.title)
    if title is not None:
        eq(t.value, title, ws.title + " title")
    line = " ".join(str(ws.cell(2, c).value) for c in range(1, ncols + 1) if ws.cell(2, c).value)
    if unit and "单位：" + unit not in line:
        fail("%s: unit line %r lacks 单位：%s" % (ws.title, line, unit))
    if date_word not in line:
        fail("%s: unit line %r lacks %s" % (ws.title, line, date_word))
    # Header bold with borders; every written cell in the CJK font.
    h = header_row(ws)
    for c in range(1, ncols + 1):
        cell = ws.cell(h, c)
        if cell.value is None and h > 1:
            cell = ws.cell(h - 1, c)  # a header merged over both header rows
        if not cell.font.b or cell.border.left.style is None:
            fail("%s: header %s not bold/bordered" % (ws.title, cell.coordinate))
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60)):
        for cell in row:
            if cell.value is not None and cell.font.name not in FONT:
                fail("%s: %s font %r" % (ws.title, cell.coordinate, cell.font.name))
    # Printing: A4, fit to one page wide, header rows repeated, page footer.
    eq(str(ws.page_setup.paperSize), "9", ws.title + " paper size (A4)")
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        fail("%s: not fit to page" % ws.title)
    if wide == 1:
        eq(ws.page_setup.fitToWidth in (None, 1, "1"), True, ws.title + " fit to 1 page wide")
    else:
        eq(str(ws.page_setup.fitToWidth), str(wide), ws.title + " fit to %d pages wide" % wide)
    eq(str(ws.page_setup.fitToHeight), "0", ws.title + " fit to any number of pages tall")
    if not ws.print_title_rows or not ws.print_title_rows.endswith("$%d" % h):
        fail("%s: repeated rows %r do not end at the header row %d" % (ws.title, ws.print_title_rows, h))
    eq(ws.oddFooter.center.text, "第 &P 页 共 &N 页", ws.title + " footer")
    if landscape is not None:
        eq(ws.page_setup.orientation, "landscape" if landscape else "portrait", ws.title + " orientation")
    # Column widths set, wider for Chinese names than for 序号.
    for c in range(1, ncols + 1):
        w = ws.column_dimensions[get_column_letter(c)].width
        if not w or w < 4:
            fail("%s: column %s has no width" % (ws.title, get_column_letter(c)))


def check_kinds(ws, amounts=(), idents=(), dates=(), texts=()):
    """Amounts are numbers formatted #,##0.00; identifiers and imported text are strings."""
    rows = data_rows(ws)
    for name in amounts:
        c = col_of(ws, name)
        for r in rows:
            cell = ws.cell(r, c)
            if cell.value is None:
                continue
            if not isinstance(cell.value, (int, float)) or isinstance(cell.value, bool):
                fail("%s!%s (%s) is not a number: %r" % (ws.title, cell.coordinate, name, cell.value))
            eq(cell.number_format, "#,##0.00", "%s!%s format" % (ws.title, cell.coordinate))
    for name in idents:
        c = col_of(ws, name)
        for r in rows:
            cell = ws.cell(r, c)
            if cell.value is None:
                continue
            eq(cell.data_type, "s", "%s!%s (%s) type" % (ws.title, cell.coordinate, name))
            eq(cell.number_format, "@", "%s!%s (%s) format" % (ws.title, cell.coordinate, name))
    for name in texts:
        c = col_of(ws, name)
        for r in rows:
            cell = ws.cell(r, c)
            if cell.value is not None:
                eq(cell.data_type, "s", "%s!%s (%s) type" % (ws.title, cell.coordinate, name))
    for name in dates:
        c = col_of(ws, name)
        for r in rows:
            cell = ws.cell(r, c)
            if cell.value is None:
                continue
            if not cell.is_date:
                fail("%s!%s (%s) is not a date: %r" % (ws.title, cell.coordinate, name, cell.value))
            eq(cell.number_format, "yyyy-mm-dd", "%s!%s format" % (ws.title, cell.coordinate))


def sum_refs(wb, ws, formula):
    """Evaluate =SUM(A1:A9,'S'!B2:B3) from the cells' values."""
    m = re.match(r"=SUM\((.*)\)$", formula)
    if not m:
        fail("%s: not a SUM formula: %r" % (ws.title, formula))
    total = 0
    for part in m.group(1).split(","):
        sm = re.match(r"(?:'([^']+)'!)?([A-Z]+)(\d+):([A-Z]+)(\d+)$", part)
        if not sm:
            fail("bad range %r" % part)
        sheet = wb[sm.group(1)] if sm.group(1) else ws
        c1, r1 = column_index_from_string(sm.group(2)), int(sm.group(3))
        r2 = int(sm.group(5))
        for r in range(r1, r2 + 1):
            v = sheet.cell(r, c1).value
            if isinstance(v, (int, float)):
                total += v
    return total


def check_totals(wb, wbv, ws, expect=None):
    """Each total is a SUM of its column whose cached value equals the sum of
    the cells and (expect: {header: value}) the engine's figure."""
    r = total_row(ws)
    if r is None:
        fail("%s: no 合计 row" % ws.title)
    wsv = wbv[ws.title]
    seen = {}
    for c in range(1, len(headers(ws)) + 1):
        f = ws.cell(r, c).value
        if isinstance(f, str) and f.startswith("="):
            s = sum_refs(wb, ws, f)
            cached = wsv.cell(r, c).value
            if not isinstance(cached, (int, float)):
                fail("%s!%s: no cached result (%r)" % (ws.title, ws.cell(r, c).coordinate, cached))
            if abs(cached - s) > 1e-6:
                fail("%s!%s: cached %r but the column sums to %r" % (ws.title, ws.cell(r, c).coordinate, cached, s))
            seen[headers(ws)[c - 1]] = cached
    for name, want in (expect or {}).items():
        if name not in seen:
            fail("%s: column %s has no SUM total" % (ws.title, name))
        if abs(seen[name] - want) > 1e-6:
            fail("%s: total of %s is %r, want %r" % (ws.title, name, seen[name], want))
    return r, seen


def check_no_formulas(ws, total):
    """No cell outside the total row is a formula (imported text stays text)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.row != total and cell.data_type == "f":
                fail("%s!%s is a formula: %r" % (ws.title, cell.coordinate, cell.value))


# ---- the fixture -------------------------------------------------------------

LIST_HEAD = ["序号", "收款单位（户名）", "统一社会信用代码", "开户银行", "银行账号", "贴息",
             "保费补助", "本年兑付", "备注"]
AUDIT_HEAD = ["序号", "企业名称", "统一社会信用代码", "专利权质押贴息", "商标权质押贴息",
              "保费补助", "本年应补合计", "往年结转", "地方综合贡献额", "本年兑付",
              "结转以后年度", "逾期作废", "暂缓", "状态/备注"]
AUDIT_AMOUNTS = AUDIT_HEAD[3:13]
SHEETS = ["兑付清单", "审核底稿", "贴息明细", "保费补助明细", "不予补助", "说明"]
# reports.md: every sheet titled for what it is
SHEET_TITLES = {
    "兑付清单": "知识产权质押贷款贴息及专利保险保费补助兑付清单",
    "审核底稿": "知识产权质押贷款贴息及专利保险保费补助审核底稿",
    "贴息明细": "知识产权质押贷款贴息明细表",
    "保费补助明细": "专利保险保费补助明细表",
    "不予补助": "知识产权质押贷款贴息及专利保险保费补助不予补助项目清单",
    "说明": "知识产权质押贷款贴息及专利保险保费补助计算参数说明",
}
DRAFT_MARK = "草稿，不作兑付依据"


def sheet_text(ws):
    return " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def subsidy_common(path, draft, year, city="东阳市"):
    wb, wbv = load(path)
    eq(wb.sheetnames, SHEETS, "sheets")
    titles = set()
    for ws in wb.worksheets:
        title = "%s%d年度%s%s" % (city, year, SHEET_TITLES[ws.title], "（草稿）" if draft else "")
        check_common(ws, unit="元", title=title, date_word=DRAFT_MARK if draft else "定稿日期：",
                     wide=2 if ws.title in ("审核底稿", "贴息明细") else 1)
        titles.add(ws["A1"].value)
        # reports.md: a draft is marked on every sheet, on every printed page
        if draft and DRAFT_MARK not in (ws.oddHeader.center.text or ""):
            fail("%s: draft without %s in the page header" % (ws.title, DRAFT_MARK))
        if not draft and "草稿" in sheet_text(ws):
            fail("%s: a finalized run's sheet says 草稿" % ws.title)
    eq(len(titles), len(SHEETS), "distinct sheet titles")
    eq(wb.properties.title, "%s%d年度%s%s" % (city, year, SHEET_TITLES["兑付清单"], "（草稿）" if draft else ""),
       "workbook title property")
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    if "<Company>%s</Company>" % city not in app:
        fail("workbook company is not the city: %s" % app)
    ws = wb["兑付清单"]
    eq(headers(ws), LIST_HEAD, "兑付清单 headers")
    eq(ws.page_setup.orientation, "landscape", "兑付清单 landscape")
    check_kinds(ws, amounts=["贴息", "保费补助", "本年兑付"], idents=["统一社会信用代码"],
                texts=["收款单位（户名）"])
    # reports.md: tax-derived figures never appear on the list handed over
    if "贡献额" in sheet_text(ws):
        fail("兑付清单 shows 贡献额")
    ws = wb["审核底稿"]
    eq([h for h in headers(ws) if h != "著作权质押贴息"], AUDIT_HEAD, "审核底稿 headers")
    check_kinds(ws, amounts=AUDIT_AMOUNTS, idents=["统一社会信用代码"], texts=["企业名称"])
    text = sheet_text(wb["说明"])
    if re.search(r"[a-z]+_[a-z_]+", text):
        fail("说明 shows a key name, not its Chinese name: %r" % re.findall(r"[a-z]+_[a-z_]+", text))
    return wb, wbv


def check_words(ws, total_r, payable_fen, draft=False, final_date=None, office=None):
    """The 大写 line under the total (domain.md §5 of the payable total), then
    the signature block as offices sign it, or the draft marking instead."""
    line = ws.cell(total_r + 1, 1).value
    eq(line, "兑付金额合计（大写）：" + cap_numerals(payable_fen), "大写 line")
    sig = " ".join(str(c.value) for row in ws.iter_rows(min_row=total_r + 2, max_row=ws.max_row)
                   for c in row if c.value)
    if draft:
        if DRAFT_MARK not in sig:
            fail("draft list lacks %s: %r" % (DRAFT_MARK, sig))
        for w in ("单位负责人", "经办人", "定稿日期"):
            if w in sig:
                fail("draft list carries the signature block (%s)" % w)
        return
    for w in ("编制单位（盖章）：", "单位负责人：", "分管领导：", "审核人：", "经办人：", "定稿日期："):
        if w not in sig:
            fail("signature block %r lacks %s" % (sig, w))
    if final_date and "定稿日期：" + final_date not in sig:
        fail("signature block %r not dated %s" % (sig, final_date))
    if office and "编制单位（盖章）：" + office not in sig:
        fail("signature block %r lacks the office %s" % (sig, office))


def check_balance(ws):
    """审核底稿: every row 往年结转 + 本年应补合计 = 本年兑付 + 结转以后年度 + 逾期作废 + 暂缓."""
    c = {h: col_of(ws, h) for h in ("往年结转", "本年应补合计", "本年兑付", "结转以后年度", "逾期作废", "暂缓")}
    for r in data_rows(ws):
        v = {h: round((ws.cell(r, i).value or 0) * 100) for h, i in c.items()}
        if v["往年结转"] + v["本年应补合计"] != v["本年兑付"] + v["结转以后年度"] + v["逾期作废"] + v["暂缓"]:
            fail("审核底稿 row %d does not balance: %r" % (r, v))


def subsidy_fixture(path):
    wb, wbv = subsidy_common(path, True, 2024)
    ws = wb["审核底稿"]
    rows = data_rows(ws)
    eq(len(rows), 4, "审核底稿 rows")
    # Rows in USCC order; the formula-looking name is a string, not a formula.
    eq([ws.cell(r, 3).value for r in rows],
       ["91330783000000001A", "91330783000000002B", "91330783000000003C", "91330783000000004D"], "USCC order")
    eq(ws.cell(rows[1], 2).value, '=HYPERLINK("http://x","乙")', "formula-looking name kept as text")
    eq(ws.cell(rows[1], 2).data_type, "s", "formula-looking name is a string cell")
    # E2 is blocked: its 地方综合贡献额 cell is empty, all it holds is 暂缓.
    eq(ws.cell(rows[1], col_of(ws, "地方综合贡献额")).value, None, "blocked row has no contribution")
    if "暂缓" not in ws.cell(rows[1], col_of(ws, "状态/备注")).value:
        fail("blocked row not marked")
    if not ws.cell(rows[1], col_of(ws, "暂缓")).value:
        fail("blocked row holds nothing in 暂缓")
    if "发生安全生产事故" not in ws.cell(rows[2], col_of(ws, "状态/备注")).value:
        fail("barred row lacks the bar reason")
    check_balance(ws)
    # Totals by hand (fixture.sql): patent 9 251 736 + 1 399 167 = 10 650 903 fen ...
    r, _ = check_totals(wb, wbv, ws, {
        "专利权质押贴息": 106509.03, "商标权质押贴息": 16995.83, "保费补助": 11500.00,
        "本年应补合计": 135004.86, "往年结转": 35000.00, "本年兑付": 117517.36,
        "结转以后年度": 45987.50, "逾期作废": 5000.00})
    check_no_formulas(ws, r)
    # 兑付清单: the payees only (本年兑付 > 0), with their accounts
    ws = wb["兑付清单"]
    rows = data_rows(ws)
    pay = col_of(ws, "本年兑付")
    if not rows or any(not ws.cell(x, pay).value for x in rows):
        fail("兑付清单 lists a row paying nothing")
    audit = wb["审核底稿"]
    payees = [audit.cell(x, 3).value for x in data_rows(audit) if audit.cell(x, col_of(audit, "本年兑付")).value]
    eq(sorted(ws.cell(x, 3).value for x in rows), sorted(payees), "兑付清单 payees")
    r, _ = check_totals(wb, wbv, ws, {"本年兑付": 117517.36})
    check_no_formulas(ws, r)
    # 117 517.36 by hand: 壹拾壹万柒仟伍佰壹拾柒元叁角陆分
    eq(cap_numerals(11751736), "人民币壹拾壹万柒仟伍佰壹拾柒元叁角陆分", "hand-written numerals")
    check_words(ws, r, 11751736, draft=True)
    accounts = {ws.cell(x, 3).value: (ws.cell(x, 2).value, ws.cell(x, 4).value, ws.cell(x, 5).value)
                for x in rows}
    # t_report.sh records E1's account; E4 has none
    eq(accounts.get("91330783000000001A"), ("甲公司基本户", "中国农业银行东阳市支行", "6228480012345678901"),
       "E1's account")
    eq(accounts.get("91330783000000004D", (None, "（未登记账户）", "（未登记账户）"))[1:],
       ("（未登记账户）", "（未登记账户）"), "E4 without an account")

    ws = wb["贴息明细"]
    eq(headers(ws), ["序号", "经办银行", "合同编号", "企业名称", "统一社会信用代码", "质押权利",
                     "质押类型", "贷款本金", "知识产权部分", "起始日", "到期日", "结清日", "计息天数",
                     "基准利率(%)", "贴息比例(%)", "按利率计算贴息", "实付利息", "贴息金额", "备注"],
       "贴息明细 headers")
    eq(len(data_rows(ws)), 7, "贴息明细 rows (L1-L7)")
    check_kinds(ws, amounts=["贷款本金", "知识产权部分", "按利率计算贴息", "实付利息", "贴息金额"],
                idents=["统一社会信用代码"], dates=["起始日", "到期日", "结清日"])
    # Contract numbers keep their leading zeros.
    contracts = [ws.cell(r, 3).value for r in data_rows(ws)]
    if "0012023质字第001号" not in contracts:
        fail("contract number lost its leading zeros: %r" % contracts)
    # principal 5 000 000 + 1 000 000 + 3 000 000 + 800 000 + 2 000 000 + 1 500 000 + 500 000
    # subsidy 92 517.36 + 10 000.00 + 20 987.50
    r, _ = check_totals(wb, wbv, ws, {"贷款本金": 13800000.00, "知识产权部分": 1200000.00,
                                      "贴息金额": 123504.86})
    first = data_rows(ws)[0]
    eq(ws.cell(first, col_of(ws, "基准利率(%)")).value, 3.65, "rate shown in percent")
    eq(ws.cell(first, col_of(ws, "计息天数")).value, 365, "days")

    ws = wb["保费补助明细"]
    eq(headers(ws), ["序号", "保险机构", "保单号", "企业名称", "统一社会信用代码", "保险产品", "保费",
                     "缴费日期", "补助金额", "备注"], "保费补助明细 headers")
    check_kinds(ws, amounts=["保费", "补助金额"], idents=["统一社会信用代码"],
                dates=["缴费日期"], texts=["保险产品"])
    # premium 20 000 + 3 000 + 5 000; subsidy 10 000 + 1 500
    r, _ = check_totals(wb, wbv, ws, {"保费": 28000.00, "补助金额": 11500.00})
    check_no_formulas(ws, r)
    products = [ws.cell(x, 6).value for x in data_rows(ws)]
    if "=1+2" not in products:
        fail("product '=1+2' not kept as text: %r" % products)
    # Excel reads "_xHHHH_" as an escape: a literal one must be stored
    # "_x005F_x0041_" to read back as written (openpyxl unescapes it too).
    if "专利被侵权损失保险_x0041_" not in products:
        fail("literal _x0041_ did not read back: %r" % products)
    with zipfile.ZipFile(path) as z:
        if "专利被侵权损失保险_x005F_x0041_" not in z.read("xl/sharedStrings.xml").decode("utf-8"):
            fail("literal _x0041_ not escaped in sharedStrings.xml")
    if "000PICC-0002" not in [ws.cell(x, 3).value for x in data_rows(ws)]:
        fail("policy number lost its leading zeros")

    ws = wb["不予补助"]
    rows = data_rows(ws)
    eq(len(rows), 5, "不予补助 rows (L4-L7, P3)")
    reasons = [ws.cell(x, len(headers(ws))).value for x in rows]
    for want in ("逾期还款", "质押物不属于补助范围", "当年存在不予补助情形（发生安全生产事故）",
                 "同一知识产权（ZL202010566088.9）已于2023年度享受贴息"):
        if want not in reasons:
            fail("不予补助 lacks reason %r: %r" % (want, reasons))
    for rs in reasons:
        if re.search(r"[A-Z_]{6,}", rs):
            fail("reason not in Chinese: %r" % rs)

    text = sheet_text(wb["说明"])
    for want in ("草稿", "贴息比例", "50.00%", "未兑付部分可结转年数", "专利权、商标权", "政策依据",
                 "东政办发〔2021〕xx号"):
        if want not in text:
            fail("说明 lacks %r" % want)


def sqlite_final_date(path):
    """The finalize date the workbook must carry, "2023年1月5日", from the
    database beside the test (PLEDGER_TEST_DB), else None."""
    import os, sqlite3
    db = os.environ.get("PLEDGER_TEST_DB")
    if not db:
        return None
    at = sqlite3.connect(db).execute("SELECT finalized_at FROM subsidy_runs WHERE city = '330783'"
                                     " AND year = 2023").fetchone()[0]
    y, m, d = (int(x) for x in at[:10].split("-"))
    return "%d年%d月%d日" % (y, m, d)


def subsidy_final(path):
    wb, wbv = subsidy_common(path, False, 2023)
    ws = wb["兑付清单"]
    # nobody is paid in 2023 (fixture.sql): no payee rows, a 合计 of 0
    eq(data_rows(ws), [], "2023 payees")
    r = total_row(ws)
    eq(ws.cell(r, col_of(ws, "本年兑付")).value, 0, "2023 本年兑付 total")
    # the list is dated the day the run was finalized, not the day printed
    fin = sqlite_final_date(path)
    check_words(ws, r, 0, final_date=fin, office="东阳市市场监督管理局")
    text = sheet_text(wb["说明"])
    if "已定稿" not in text:
        fail("说明 does not say 已定稿")


PBOC_HEAD = ["序号", "银行名称", "新发放笔数", "新发放金额", "专利权", "商标权", "著作权",
             "混合质押", "组合贷款中知识产权部分", "单户1000万元及以下（普惠）", "惠及企业数",
             "本年累计发放金额", "期末余额", "期末笔数"]
PBOC_WAN = ["新发放金额", "专利权", "商标权", "著作权", "混合质押", "组合贷款中知识产权部分",
            "单户1000万元及以下（普惠）", "本年累计发放金额", "期末余额"]


def half_up_cents(fen):
    """万元 to 2 decimals, half up, as an integer count of 0.01 万元."""
    return (fen + 5000) // 10000


def check_pboc_block(ws):
    """The form's end: 填报单位/单位负责人/填表人/联系电话/报出日期; no batch numbers."""
    text = sheet_text(ws)
    for w in ("填报单位（盖章）：", "单位负责人：", "填表人：", "联系电话：", "报出日期："):
        if w not in text:
            fail("按银行汇总 lacks %s" % w)


def check_pboc_adds_up(wb, wbv):
    """reports.md: each 万元 figure stored rounded to 2 decimals, and the
    total the sum of the figures shown (in integer 0.01 万元)."""
    ws, wv = wb["按银行汇总"], wbv["按银行汇总"]
    r = total_row(ws)
    for h in PBOC_WAN:
        c = col_of(ws, h)
        cents = []
        for x in data_rows(ws):
            v = wv.cell(x, c).value
            if abs(v * 100 - round(v * 100)) > 1e-6:
                fail("按银行汇总 %s row %d holds %r, not 2 decimals" % (h, x, v))
            cents.append(round(v * 100))
        eq(round(wv.cell(r, c).value * 100), sum(cents), "按银行汇总 %s total = sum of the rows shown" % h)
    if "导入批次" in headers(wb["贷款明细"]):
        fail("贷款明细 shows internal batch numbers")


def pboc_fixture(path):
    wb, wbv = load(path)
    eq(wb.sheetnames, ["按银行汇总", "贷款明细"], "pboc sheets")
    title = "东阳市知识产权质押贷款情况统计表（2024年第三季度）"
    for ws in wb.worksheets:
        check_common(ws, unit="万元", title=title, landscape=True)
    ws = wb["按银行汇总"]
    eq(headers(ws), PBOC_HEAD, "按银行汇总 headers")
    merged = {str(m) for m in ws.merged_cells.ranges}
    if "E3:H3" not in merged:
        fail("其中 group header not merged: %r" % sorted(merged))
    rows = data_rows(ws)
    # 2024Q3 (07-01..09-30): new = L8 (工行, 2 000 000.00 patent). Balance at 09-30:
    # 工行: L3 settled 08-31 no; L6 settled 10-10 yes (1 500 000); L8 yes (2 000 000) → 350.00 万元, 2
    # 浙商: L7 settled 11-30 yes (500 000) → 50.00 万元, 1; L9 is 乐清市.
    # 本年累计 (2024-01-01..09-30): L8 alone; 普惠: L8's 200.00 万元 (<= 1000万元)
    got = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 15)] for r in rows}
    eq(got, {"中国工商银行东阳支行": [1, 200.0, 200.0, 0, 0, 0, 0, 200.0, 1, 200.0, 350.0, 2],
             "浙商银行": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50.0, 1]}, "按银行汇总 figures")
    check_pboc_block(ws)
    check_kinds(ws, amounts=["新发放金额", "专利权", "期末余额"])
    r, _ = check_totals(wb, wbv, ws, {"新发放金额": 200.0, "期末余额": 400.0, "期末笔数": 3,
                                      "新发放笔数": 1})
    eq(ws.cell(r, col_of(ws, "惠及企业数")).value, 1, "distinct enterprises in the total row")
    ws = wb["贷款明细"]
    eq(len(data_rows(ws)), 1, "贷款明细: loans started in 2024Q3")
    check_kinds(ws, amounts=["贷款本金"], idents=["合同编号", "统一社会信用代码"], dates=["起始日"])
    check_totals(wb, wbv, ws, {"贷款本金": 200.0})


def ledger_fixture(path):
    wb, wbv = load(path)
    eq(wb.sheetnames, ["贷款明细", "保单明细"], "ledger sheets")
    for ws in wb.worksheets:
        check_common(ws, unit="元", title="全部地区知识产权质押贷款及专利保险台账", landscape=True)
    # reports.md: company (the city); a ledger of every city names 全部地区
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    if "<Company>全部地区</Company>" not in app:
        fail("ledger of every city: company is not 全部地区: %s" % app)
    ws = wb["贷款明细"]
    eq(len(data_rows(ws)), 10, "every loan")
    check_kinds(ws, amounts=["贷款本金", "知识产权部分", "已付利息", "评估价值", "授信额度"],
                idents=["合同编号", "统一社会信用代码", "质押权利", "登记编号"],
                dates=["起始日", "到期日", "结清日", "登记日期"], texts=["企业名称"])
    # 5 000 000 + 1 000 000 + 3 000 000 + 800 000 + 2 000 000 + 1 500 000 + 500 000
    # + 2 000 000 + 9 999 999.99 + 1 000 000 = 26 799 999.99
    r, _ = check_totals(wb, wbv, ws, {"贷款本金": 26799999.99, "知识产权部分": 1200000.00,
                                      "已付利息": 220520.83 + 10000 + 30000})
    check_no_formulas(ws, r)
    regs = [ws.cell(x, col_of(ws, "登记编号")).value for x in data_rows(ws)]
    if "0001234" not in regs:
        fail("registration number lost its leading zeros: %r" % regs)
    l3 = data_rows(ws)[2]
    eq(ws.cell(l3, col_of(ws, "质押权利")).value, "ZL201510958772.0、23456789", "rights of L3 in order")
    eq(ws.cell(l3, col_of(ws, "质押类型")).value, "混合质押", "L3 pledge type")
    # reports.md "report ledger": each loan's subsidy years, amounts and runs;
    # L1 is the worked example (92 517.36) of the 2024 draft, L8 in no run
    l1, l8 = data_rows(ws)[0], data_rows(ws)[7]
    eq(ws.cell(l1, col_of(ws, "贴息年度")).value, "2024年度", "L1 subsidy year")
    eq(ws.cell(l1, col_of(ws, "核定贴息")).value, 92517.36, "L1 subsidy")
    eq(ws.cell(l1, col_of(ws, "补助计算")).value, "东阳市2024年度（草稿）", "L1 run")
    eq(ws.cell(l8, col_of(ws, "贴息年度")).value, None, "L8 in no run")
    ws = wb["保单明细"]
    eq(len(data_rows(ws)), 3, "every policy")
    r, _ = check_totals(wb, wbv, ws, {"保费": 28000.00, "保险金额": 1000000.00})
    check_no_formulas(ws, r)


def split(path, sheet, max_rows, n):
    wb, wbv = load(path)
    names = [s for s in wb.sheetnames if s == sheet or re.match(re.escape(sheet) + r"\(\d+\)$", s)]
    if len(names) < 2:
        fail("%s did not continue on %s(2): %r" % (sheet, sheet, wb.sheetnames))
    for i, name in enumerate(names):
        eq(name, sheet if i == 0 else "%s(%d)" % (sheet, i + 1), "continuation sheet name")
        ws = wb[name]
        if ws.max_row > max_rows:
            fail("%s has %d rows, more than %d" % (name, ws.max_row, max_rows))
        # the disbursement workbook dates its sheets by the run (checked in
        # subsidy-fixture); here the continuation is what is checked
        check_common(ws, date_word="" if sheet in SHEETS else "制表日期：",
                     wide=2 if sheet in ("审核底稿", "贴息明细") else 1)
        eq(headers(ws), headers(wb[names[0]]), name + " repeats the header")
    total = sum(len(data_rows(wb[x])) for x in names)
    eq(total, n, "data rows over all sheets")
    seqs = [wb[x].cell(r, 1).value for x in names for r in data_rows(wb[x])]
    eq(seqs, list(range(1, n + 1)), "序号 continues across sheets")
    last = wb[names[-1]]
    r, seen = check_totals(wb, wbv, last)
    f = [last.cell(r, c).value for c in range(1, last.max_column + 1)
         if isinstance(last.cell(r, c).value, str) and last.cell(r, c).value.startswith("=")]
    if not f or "'%s'!" % sheet not in f[0]:
        fail("total does not sum every sheet: %r" % f)


def subsidy_csv(path, csv_path):
    """A disbursement workbook against `subsidy show --format csv` (cli.md):
    审核底稿 every row of the run, 兑付清单 the payees among them by name."""
    wb, wbv = load(path)
    with open(csv_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ws = wb["审核底稿"]
    got = data_rows(ws)
    eq(len(got), len(rows), "审核底稿 rows against subsidy show")
    hs = headers(ws)
    cols = {"interest_patent": "专利权质押贴息", "interest_trademark": "商标权质押贴息",
            "premium": "保费补助", "due": "本年应补合计", "carried_in": "往年结转",
            "contribution": "地方综合贡献额", "payable": "本年兑付", "carried_out": "结转以后年度",
            "forfeited": "逾期作废"}
    for r, want in zip(got, rows):
        eq(ws.cell(r, 3).value, want["uscc"], "USCC")
        eq(ws.cell(r, 2).value, want["enterprise"], "enterprise")
        for k, h in cols.items():
            v = ws.cell(r, hs.index(h) + 1).value
            if want[k] == "":
                eq(v, None, "%s %s empty" % (want["uscc"], h))
            else:
                eq(round(v * 100), int(want[k].replace(".", "")), "%s %s" % (want["uscc"], h))
        held = ws.cell(r, hs.index("暂缓") + 1).value
        fen = lambda k: int(want[k].replace(".", "")) if want[k] else 0
        eq(round(held * 100), fen("due") + fen("carried_in") if want["status"] == "blocked" else 0,
           "%s 暂缓" % want["uscc"])
    check_balance(ws)
    ws = wb["兑付清单"]
    hs = headers(ws)
    payees = sorted((w for w in rows if w["payable"] not in ("", "0.00")),
                    key=lambda w: (w["enterprise"].encode("utf-8"), w["uscc"]))
    got = data_rows(ws)
    eq(len(got), len(payees), "兑付清单 payees against subsidy show")
    payable = 0
    for r, want in zip(got, payees):
        eq(ws.cell(r, 3).value, want["uscc"], "payee order by 企业名称")
        interest = sum(int(want[k].replace(".", "")) for k in
                       ("interest_patent", "interest_trademark", "interest_copyright"))
        eq(round(ws.cell(r, hs.index("贴息") + 1).value * 100), interest, "%s 贴息" % want["uscc"])
        eq(round(ws.cell(r, hs.index("保费补助") + 1).value * 100), int(want["premium"].replace(".", "")),
           "%s 保费补助" % want["uscc"])
        eq(round(ws.cell(r, hs.index("本年兑付") + 1).value * 100), int(want["payable"].replace(".", "")),
           "%s 本年兑付" % want["uscc"])
        payable += int(want["payable"].replace(".", ""))
    if not payees:
        # Nobody on the list (e.g. every item before effective_from): the
        # 合计 row holds plain 0 figures (no rows to SUM) and 零元整.
        r = total_row(ws)
        if r is None:
            fail("%s: no 合计 row" % ws.title)
        eq(ws.cell(r, hs.index("本年兑付") + 1).value, 0, "empty list 本年兑付 total")
        check_words(ws, r, 0, draft="草稿" in ws["A1"].value)
        return
    r, seen = check_totals(wb, wbv, ws, {"本年兑付": payable / 100})
    check_words(ws, r, payable, draft="草稿" in ws["A1"].value)


def common(path):
    wb, wbv = load(path)
    for ws in wb.worksheets:
        check_common(ws)


def title(path, want):
    """The list's title line is want (（草稿） for a draft run); every other
    sheet is titled for what it is, marked the same way (reports.md)."""
    wb = openpyxl.load_workbook(path)
    eq(wb["兑付清单"]["A1"].value, want, "兑付清单 title")
    head = want.replace(SHEET_TITLES["兑付清单"], "").replace("（草稿）", "")
    for ws in wb.worksheets:
        eq(ws["A1"].value, head + SHEET_TITLES[ws.title] + ("（草稿）" if "（草稿）" in want else ""),
           ws.title + " title")


def pboc_truth(path, truth_path, city, start, end):
    """按银行汇总 against figures computed here from examples/truth.json."""
    import json
    t = json.load(open(truth_path, encoding="utf-8"))
    firms = {e["uscc"] for e in t["enterprises"] if e["city"] == city}
    want = {}
    borrowers = set()
    for ln in t["loans"]:
        if ln["uscc"] not in firms or ln["start_date"] > end:
            continue
        w = want.setdefault(ln["bank"], {"new_n": 0, "new": 0, "kinds": [0, 0, 0, 0], "ip": 0,
                                         "firms": set(), "bal": 0, "bal_n": 0, "small": 0, "ytd": 0})
        if ln["start_date"] >= end[:4] + "-01-01":
            w["ytd"] += ln["principal_fen"]
        if ln["start_date"] >= start:
            w["new_n"] += 1
            w["new"] += ln["principal_fen"]
            kinds = {r["kind"] for r in ln["rights"]}
            if len(kinds) > 1:
                w["kinds"][3] += ln["principal_fen"]
            elif kinds:
                w["kinds"][["patent", "trademark", "copyright"].index(kinds.pop())] += ln["principal_fen"]
            if ln["combined"]:
                w["ip"] += ln["ip_portion_fen"] or 0
            line = ln["credit_line_fen"] if ln["credit_line_fen"] is not None else ln["principal_fen"]
            if line <= 1000000000:
                w["small"] += ln["principal_fen"]
            w["firms"].add(ln["uscc"])
            borrowers.add(ln["uscc"])
        if ln["settle_date"] is None or ln["settle_date"] > end:
            w["bal"] += ln["principal_fen"]
            w["bal_n"] += 1
    want = {k: v for k, v in want.items() if v["new_n"] or v["bal_n"] or v["ytd"]}
    wb, wbv = load(path)
    ws = wb["按银行汇总"]
    check_common(ws, unit="万元")
    eq(headers(ws), PBOC_HEAD, "按银行汇总 headers")
    got = {}
    for r in data_rows(ws):
        v = [ws.cell(r, c).value for c in range(2, 15)]
        got[v[0]] = v[1:]
    eq(sorted(got), sorted(want), "banks")
    tot = {"新发放金额": 0, "期末余额": 0}
    for bank, w in want.items():
        # each 万元 figure half up to 2 decimals (reports.md), counts as they are
        wan = lambda fen: half_up_cents(fen) / 100
        exp = [w["new_n"], wan(w["new"])] + [wan(k) for k in w["kinds"]] + \
              [wan(w["ip"]), wan(w["small"]), len(w["firms"]), wan(w["ytd"]), wan(w["bal"]), w["bal_n"]]
        for i, (a, b) in enumerate(zip(got[bank], exp)):
            if abs(a - b) > 1e-9:
                fail("%s column %d: got %r, want %r" % (bank, i + 3, a, b))
        tot["新发放金额"] += half_up_cents(w["new"])
        tot["期末余额"] += half_up_cents(w["bal"])
    r, _ = check_totals(wb, wbv, ws, {k: v / 100 for k, v in tot.items()})
    check_pboc_adds_up(wb, wbv)
    check_pboc_block(ws)
    eq(ws.cell(r, col_of(ws, "惠及企业数")).value, len(borrowers), "distinct borrowers")


def ledger_truth(path, truth_path):
    """Every loan and policy of examples/truth.json, principal and premium totals."""
    import json
    t = json.load(open(truth_path, encoding="utf-8"))
    wb, wbv = load(path)
    ws = wb["贷款明细"]
    check_common(ws, unit="元")
    eq(len(data_rows(ws)), len(t["loans"]), "every loan")
    if not ws.auto_filter.ref:
        fail("a table of %d rows has no autofilter" % len(t["loans"]))
    eq(ws.auto_filter.ref, "A3:Y%d" % (3 + len(t["loans"])), "autofilter over header and data")
    check_totals(wb, wbv, ws, {"贷款本金": sum(x["principal_fen"] for x in t["loans"]) / 100})
    check_kinds(ws, amounts=["贷款本金"], idents=["合同编号", "统一社会信用代码", "质押权利"],
                dates=["起始日", "结清日"])
    ws = wb["保单明细"]
    eq(len(data_rows(ws)), len(t["policies"]), "every policy")
    check_totals(wb, wbv, ws, {"保费": sum(x["premium_fen"] for x in t["policies"]) / 100})


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "subsidy-fixture":
        subsidy_fixture(*args)
    elif cmd == "subsidy-final":
        subsidy_final(*args)
    elif cmd == "pboc-adds-up":
        check_pboc_adds_up(*load(args[0]))
    elif cmd == "pboc-fixture":
        pboc_fixture(*args)
    elif cmd == "ledger-fixture":
        ledger_fixture(*args)
    elif cmd == "split":
        split(args[0], args[1], int(args[2]), int(args[3]))
    elif cmd == "subsidy-csv":
        subsidy_csv(*args)
    elif cmd == "title":
        title(*args)
    elif cmd == "pboc-truth":
        pboc_truth(*args)
    elif cmd == "ledger-truth":
        ledger_truth(*args)
    elif cmd == "common":
        common(*args)
    else:
        fail("unknown check %r" % cmd)
    print("ok: %s %s" % (cmd, " ".join(args)))


if __name__ == "__main__":
    main()
