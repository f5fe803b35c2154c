# t_web_browser.sh — the year's job in a real browser (web.md §5): Debian's
# chromium and chromedriver over WebDriver (python3-selenium), headless.
# A clerk signs in, uploads a GB18030 contributions file with one bad cell,
# sees the cell's message, uploads the corrected file, confirms; then an
# insurer's policies as an .xlsx workbook (made here with openpyxl) with
# one bad cell, sees the cell named (H3) with its message, corrects,
# confirms; computes;
# a reviewer signs in and finalizes; the 兑付清单 downloaded by the browser
# is read with openpyxl and its figures equal `pledger subsidy show`'s.
# Screenshots of the main pages go to docs/images/web-*.png.  The server
# binds 127.0.0.1 on a free port and is always stopped.
. "$(dirname "$0")/lib.sh"

# fixed dates: the screenshots change only when the pages do
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
command -v chromedriver >/dev/null || [ -x /usr/bin/chromedriver ] || die "chromedriver is missing (scripts/bootstrap.sh)"
EX="$SHARED/examples"
expect 0 p init
(cd "$EX" && for f in enterprises:enterprises.csv loans:loans/bank01_A.csv loans:loans/bank02_B.csv \
	loans:loans/bank03_C.csv loans:loans/bank04_D.csv \
	policies:policies/insurer2_gb18030.csv bars:bars.csv; do
	"$PLEDGER" --db "$DB" import "${f%%:*}" "${f#*:}" >/dev/null 2>&1 || exit 1
done) || die "imports"
echo 'pw-alice-long' | p user add alice --role clerk >/dev/null
echo 'pw-bob-long-1' | p user add bob --role reviewer >/dev/null

"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" "$EX" "$TMP" <<'PYEOF'
import csv, glob, io, os, subprocess, sys, time, traceback
def _hook(t, v, tb):
    # the script's own line last: run-scripts.sh shows a failure's tail only
    traceback.print_exception(t, v, tb)
    mine = [f.lineno for f in traceback.extract_tb(tb) if f.filename == "<stdin>"]
    first = (str(v).splitlines() or [t.__name__])[0]
    sys.stderr.write("FAILED at script line %s: %s\n" % (mine[-1] if mine else "?", first))
sys.excepthook = _hook
pledger, db, here, ex, tmp = sys.argv[1:6]
sys.path.insert(0, here)
from web_client import Server
import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

images = os.path.join(here, "..", "docs", "images")
os.makedirs(images, exist_ok=True)
dl = os.path.join(tmp, "downloads")
os.makedirs(dl)

# the bank's file as GB18030, one cell wrong: a letter O in an amount
text = open(os.path.join(ex, "contributions.csv"), encoding="utf-8-sig").read()
good_row = "91330783MA28H0D62D,浙江精金服饰股份有限公司,2021,30000.00"
assert good_row in text, "the example changed"
bad = os.path.join(tmp, "贡献额_有误.csv")
good = os.path.join(tmp, "贡献额.csv")
open(bad, "wb").write(text.replace(good_row, good_row.replace("30000.00", "3O000.00")).encode("gb18030"))
open(good, "wb").write(text.encode("gb18030"))

# the insurer's file as an .xlsx workbook: amounts as numbers, dates as
# dates, as Excel keeps them; one premium typed with letters O in cell H3
import datetime
prow = list(csv.reader(open(os.path.join(ex, "policies", "insurer1_utf8bom.csv"), encoding="utf-8-sig")))
def workbook(path, bad_cell):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "保单"
    ws.append(prow[0])
    for r in prow[1:]:
        v = list(r)
        v[7] = float(v[7])
        v[11] = float(v[11])
        for i in (8, 9, 10):
            v[i] = datetime.date.fromisoformat(v[i])
        ws.append(v)
    if bad_cell:
        ws["H3"] = "65O5.OO"
    wb.save(path)
assert prow[0][7].startswith("保费") and len(prow) > 3, "the example changed"
pbad = os.path.join(tmp, "保单_有误.xlsx")
pgood = os.path.join(tmp, "保单.xlsx")
workbook(pbad, True)
workbook(pgood, False)

def fail(msg):
    raise SystemExit("FAILED: " + msg)

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1366,768", "--lang=zh-CN"):
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh",
                                       "download.default_directory": dl,
                                       "download.prompt_for_download": False})

with Server(pledger, db) as s:
    base = "http://127.0.0.1:%d" % s.port
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": dl})
        def settled():
            """Wait while the page is a progress page that reloads itself (a
            long import on a loaded machine: web.md, no JavaScript), so that
            no element is read from a page about to be replaced."""
            from selenium.common.exceptions import WebDriverException
            end = time.time() + 120
            while time.time() < end:
                try:
                    if not d.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]'):
                        d.find_element(By.TAG_NAME, "h1").text
                        return
                except WebDriverException:
                    pass
                time.sleep(0.2)
            fail("the page still reloads itself after 120 s: " + d.current_url)
        def click(elem):
            """Click and wait for the next page to replace this one."""
            from selenium.common.exceptions import WebDriverException
            page = d.find_element(By.TAG_NAME, "html")
            elem.click()
            def gone(_):
                # Chromium answers a replaced page's node with "does not belong
                # to the document" as often as with a stale reference: both
                # mean the next page is there
                try:
                    page.is_enabled()
                    return False
                except WebDriverException:
                    return True
            WebDriverWait(d, 30).until(gone)
            settled()
        def shot(name):
            d.save_screenshot(os.path.join(images, "web-%s.png" % name))
        def sign_in(user, pw):
            d.get(base + "/login")
            d.find_element(By.NAME, "user").send_keys(user)
            d.find_element(By.NAME, "password").send_keys(pw)
            click(d.find_element(By.CSS_SELECTOR, "form.login button"))
        def upload(path, kind="contributions"):
            # the form is filled on a settled page; a page replaced under the
            # driver's hand (a loaded machine) is tried again, at most 3 times
            from selenium.common.exceptions import WebDriverException
            for attempt in range(3):
                try:
                    d.get(base + "/import")
                    settled()
                    Select(d.find_element(By.NAME, "kind")).select_by_visible_text(kind)
                    d.find_element(By.NAME, "file").send_keys(path)
                    button = d.find_element(By.CSS_SELECTOR, "form.upload button")
                except WebDriverException:
                    if attempt == 2:
                        raise
                    time.sleep(1)
                    continue
                click(button)
                return

        d.get(base + "/")
        if not d.current_url.endswith("/login"):
            fail("no redirect to /login: " + d.current_url)
        shot("login")
        sign_in("alice", "pw-alice-long")
        if d.find_element(By.TAG_NAME, "h1").text != "首页":
            fail("the home page is not Chinese: " + d.find_element(By.TAG_NAME, "h1").text)
        shot("home")

        # the file with one bad cell: its message beside the cell, nothing written
        upload(bad)
        cells = d.find_elements(By.CSS_SELECTOR, "tr.rejected")
        if len(cells) != 1:
            fail("expected one rejected cell, got %d: %s" % (len(cells), d.page_source[:2000]))
        row = cells[0].text
        if "3O000.00" not in row or "贡献额" not in row:
            fail("the rejected cell does not show its column and value: " + row)
        if d.find_elements(By.XPATH, "//button[contains(., '确认导入')]"):
            fail("a file with a rejected cell can be confirmed")
        shot("import-preview")
        n = subprocess.run(["sqlite3", db, "SELECT count(*) FROM contributions"], capture_output=True,
                           text=True).stdout.strip()
        if n != "0":
            fail("the preview wrote %s contributions" % n)

        # the corrected file: preview, confirm
        upload(good)
        if d.find_elements(By.CSS_SELECTOR, "tr.rejected"):
            fail("the corrected file has rejected rows")
        click(d.find_element(By.XPATH, "//button[contains(., '确认导入')]"))
        flash = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "p.flash"))
        if "新增" not in flash:
            fail("no import summary: " + d.current_url)
        shot("import")

        # the workbook with one bad cell: the cell is named, nothing written
        upload(pbad, "policies")
        cells = d.find_elements(By.CSS_SELECTOR, "tr.rejected")
        if len(cells) != 1:
            fail("expected one rejected cell of the workbook, got %d: %s" % (len(cells), d.page_source[:3000]))
        ref = cells[0].find_element(By.CSS_SELECTOR, "td.ref").text
        if ref != "H3" or "65O5.OO" not in cells[0].text or "保费" not in cells[0].text:
            fail("the workbook's rejected cell is not named H3 with its value: %r %r" % (ref, cells[0].text))
        if d.find_elements(By.XPATH, "//button[contains(., '确认导入')]"):
            fail("a workbook with a rejected cell can be confirmed")
        shot("import-preview-xlsx")
        n = subprocess.run(["sqlite3", db, "SELECT count(*) FROM policies"], capture_output=True,
                           text=True).stdout.strip()
        upload(pgood, "policies")
        if d.find_elements(By.CSS_SELECTOR, "tr.rejected"):
            fail("the corrected workbook has rejected rows: " + d.page_source[:2000])
        click(d.find_element(By.XPATH, "//button[contains(., '确认导入')]"))
        flash = " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "p.flash"))
        if "保单.xlsx" not in flash or ("%d 新增" % (len(prow) - 1)) not in flash:
            fail("no summary of the workbook's import: %r" % flash)
        m = subprocess.run(["sqlite3", db, "SELECT count(*) FROM policies"], capture_output=True,
                           text=True).stdout.strip()
        if int(m) - int(n) != len(prow) - 1:
            fail("the workbook added %d policies, not %d" % (int(m) - int(n), len(prow) - 1))

        # compute the draft of 东阳市 2021
        d.get(base + "/subsidy/330783/2021")
        click(d.find_element(By.XPATH, "//button[contains(., '计算草稿')]"))
        if "草稿已计算" not in d.find_element(By.CSS_SELECTOR, "p.flash").text:
            fail("compute: " + d.page_source[:1500])
        shot("subsidy")
        if d.find_elements(By.XPATH, "//button[contains(., '审核定稿')]"):
            fail("a clerk is offered finalize")
        click(d.find_element(By.CSS_SELECTOR, "table.run a[href^='/explain/']"))
        if "金额推算过程" not in d.find_element(By.TAG_NAME, "h1").text:
            fail("no derivation page")
        shot("explain")
        click(d.find_element(By.XPATH, "//nav//button[contains(., '退出')]"))

        # the reviewer finalizes
        sign_in("bob", "pw-bob-long-1")
        d.get(base + "/subsidy/330783/2021")
        click(d.find_element(By.XPATH, "//button[contains(., '审核定稿')]"))
        if d.find_element(By.CSS_SELECTOR, "dd.state").text != "已定稿":
            fail("not finalized: " + d.page_source[:1500])
        shot("finalized")
        d.find_element(By.XPATH, "//a[contains(., '下载兑付清单')]").click()
        for _ in range(100):
            got = [f for f in glob.glob(os.path.join(dl, "*")) if not f.endswith(".crdownload")]
            if got:
                break
            time.sleep(0.2)
        else:
            fail("no download")
        d.get(base + "/log")
        shot("log")
        d.get(base + "/enterprises?q=东阳")
        shot("enterprises")
    finally:
        d.quit()

if os.path.basename(got[0]) != "东阳市2021年补助兑付清单.xlsx":
    fail("download name %r" % os.path.basename(got[0]))
wb = openpyxl.load_workbook(got[0])
def table(ws):
    """{USCC: {heading: value}} of a sheet whose heading row names 统一社会信用代码."""
    hr = next(r for r in range(1, 8) if "统一社会信用代码" in [c.value for c in ws[r]])
    head = [c.value for c in ws[hr]]
    rows = {}
    for r in ws.iter_rows(min_row=hr + 1, values_only=True):
        if r[0] == "合计" or r[0] is None:
            break
        rows[r[head.index("统一社会信用代码")]] = dict(zip(head, r))
    return rows
pay = table(wb["兑付清单"])      # reports.md: payees only, with their accounts
audit = table(wb["审核底稿"])    # every enterprise of the run
out = subprocess.run([pledger, "--db", db, "subsidy", "show", "--city", "330783", "--year", "2021",
                      "--format", "csv"], capture_output=True, text=True, check=True).stdout
cli = {}
for r in csv.DictReader(io.StringIO(out)):
    cli[r["uscc"]] = r
def fen(v):
    return round(float(v or 0) * 100)
if not pay:
    fail("the workbook has no payees")
for uscc, r in cli.items():
    if fen(r["payable"]) and fen(pay.get(uscc, {}).get("本年兑付")) != fen(r["payable"]):
        fail("%s: payable %s, 兑付清单 %s" % (uscc, r["payable"], pay.get(uscc)))
    if not fen(r["payable"]) and uscc in pay:
        fail("%s pays nothing but is on the 兑付清单" % uscc)
    a = audit.get(uscc)
    if not a or (fen(a["本年应补合计"]), fen(a["结转以后年度"]), fen(a["本年兑付"])) != \
            (fen(r["due"]), fen(r["carried_out"]), fen(r["payable"])):
        fail("%s: 审核底稿 %s, command line %s" % (uscc, a, r))
ws = wb["兑付清单"]
book = pay
if "兑付清单" not in ws.cell(1, 1).value or "草稿" in ws.cell(1, 1).value:
    fail("the workbook is still a draft: %s" % ws.cell(1, 1).value)
print("browser: %d rows equal the command line's" % len(book))
PYEOF
