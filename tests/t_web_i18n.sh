# t_web_i18n.sh — the catalogue (style.md gettext conventions,
# web.md §3, cli.md "Language"): every message marked in ledger/, import/, cli/ and web/ has a Chinese
# translation in po/zh_CN.po, and the pages speak Chinese by default and
# English when the browser asks for it.
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/.." && pwd)
(cd "$src" && xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=T:2 \
	--keyword=P_:1,2 --keyword=ldg_db_error:2 --keyword=step_reset:3 --keyword=exec_id:4 \
	--keyword=step_write:3 --keyword=cyc_step:3 --keyword=db_fail:2 \
	-o "$TMP/pledger.pot" ledger/*.c web/*.c import/*.c cli/*.c reports/*.c) || die "xgettext"
# msgfmt --check: the placeholders of every translation agree with its msgid
msgfmt --check -o /dev/null "$src/po/zh_CN.po" || die "msgfmt --check"
msgcmp "$src/po/zh_CN.po" "$TMP/pledger.pot" 2>"$TMP/cmp" || { cat "$TMP/cmp" >&2; die "messages missing from po/zh_CN.po"; }
msgfmt --statistics -o /dev/null "$src/po/zh_CN.po" 2>"$TMP/stat"
grep -q "untranslated\|fuzzy" "$TMP/stat" && { cat "$TMP/stat" >&2; die "untranslated messages"; }

expect 0 p init
echo 'pw-alice-long' | p user add alice --role clerk >/dev/null
"$PY" - "$PLEDGER" "$DB" "$(dirname "$0")" <<'PYEOF'
import sys
pledger, db, here = sys.argv[1:4]
sys.path.insert(0, here)
from web_client import Server, Client
with Server(pledger, db) as s:
    zh = Client(s.port, lang="zh-CN,zh;q=0.9,en;q=0.5")
    r = zh.get("/login")
    assert "<h1>登录</h1>" in r.text and 'lang="zh-CN"' in r.text, r.text
    assert zh.login("alice", "pw-alice-long").status == 303
    r = zh.get("/")
    assert "<h1>首页</h1>" in r.text and "操作日志" in r.text and "经办" in r.text, r.text
    none = Client(s.port, lang="")
    assert "<h1>登录</h1>" in none.get("/login").text, "Chinese is not the default"
    en = Client(s.port, lang="en-US,en;q=0.9")
    r = en.get("/login")
    assert "<h1>Sign in</h1>" in r.text and 'lang="en"' in r.text, r.text
    assert en.login("alice", "pw-alice-long").status == 303
    r = en.get("/")
    assert "<h1>Home</h1>" in r.text and "Audit log" in r.text and "clerk" in r.text, r.text
    # an import's preview runs in a worker thread: its messages in the
    # page's language too (issue 15)
    import re, time
    bad = open(here + "/data/import/err_negative.csv", "rb").read()
    def preview(c):
        r = c.post_file("/import", {"csrf": c.csrf("/import"), "kind": "loans"}, "neg.csv", bad)
        for _ in range(100):
            loc = r.header("Location")
            if r.status == 303 and loc:
                r = c.get(loc[0])
            if "meta http-equiv" not in r.text:
                return r.text
            time.sleep(0.2)
        raise AssertionError("the preview did not finish")
    assert zh.login("alice", "pw-alice-long").status == 303
    t = preview(zh)
    assert "金额为负数" in t and "negative amount" not in t, t
    t = preview(en)
    assert "negative amount" in t and "金额为负数" not in t, t
print("web i18n: ok")
PYEOF
