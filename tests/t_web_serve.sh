# t_web_serve.sh — `pledger serve` options (web.md §1): plain HTTP on a
# non-loopback address is refused unless --insecure-http; --cert and --key
# go together (the refusals in Chinese under --lang zh); TLS serves the pages with Secure cookies.  Every server here
# binds 127.0.0.1 and is stopped.
. "$(dirname "$0")/lib.sh"

expect 0 p init
expect 2 p serve --listen 0.0.0.0:8080
has "$TMP/err" "refusing plain HTTP on non-loopback address 0.0.0.0"
expect 2 p serve --listen 10.1.2.3:8080
has "$TMP/err" "--insecure-http"
expect 2 p serve --cert x.pem
has "$TMP/err" "--cert and --key go together"
expect 2 p serve --listen nohost
has "$TMP/err" "bad address"
expect 2 p serve --listen 127.0.0.1:99999
has "$TMP/err" "bad port"
# the same refusals in Chinese (cli.md "Language")
expect 2 p --lang zh serve --listen 0.0.0.0:8080
has "$TMP/err" "拒绝在非本机地址 0.0.0.0 上使用明文 HTTP"
expect 2 p --lang zh serve --cert x.pem
has "$TMP/err" "--cert 与 --key 须同时给出"
expect 2 p --lang zh serve --listen 127.0.0.1:99999
has "$TMP/err" "端口有误"
expect 2 p serve extra
expect 3 "$PLEDGER" --db "$TMP/none.db" serve --listen 127.0.0.1:0
expect 3 p serve --listen 127.0.0.1:0 --cert "$TMP/missing.pem" --key "$TMP/missing.key"
has "$TMP/err" "cannot read"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
	-days 2 -subj "/CN=127.0.0.1" >/dev/null 2>&1 || die "openssl"
echo 'pw-alice-long' | p user add alice --role clerk >/dev/null
"$PY" - "$PLEDGER" "$DB" "$TMP" <<'PYEOF'
import http.client, re, signal, ssl, subprocess, sys, urllib.parse
pledger, db, tmp = sys.argv[1:4]
p = subprocess.Popen([pledger, "--db", db, "serve", "--listen", "127.0.0.1:0", "--cert", tmp + "/cert.pem",
                      "--key", tmp + "/key.pem"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
try:
    line = p.stdout.readline()
    m = re.match(r"listening on https://127\.0\.0\.1:(\d+)/", line)
    assert m, (line, p.stderr.read() if p.poll() is not None else "")
    ctx = ssl.create_default_context(cafile=tmp + "/cert.pem")
    ctx.check_hostname = False
    def req(method, path, body=None, cookies=""):
        c = http.client.HTTPSConnection("127.0.0.1", int(m.group(1)), context=ctx, timeout=30)
        h = {"Cookie": cookies}
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, r.getheaders(), r.read().decode()
    st, hd, text = req("GET", "/login")
    pre = [v for k, v in hd if k == "Set-Cookie"][0]
    assert "Secure" in pre and "HttpOnly" in pre, pre
    tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', text).group(1)
    body = urllib.parse.urlencode({"user": "alice", "password": "pw-alice-long", "csrf": tok})
    st, hd, _ = req("POST", "/login", body, "pledger_pre=" + tok)
    sess = [v for k, v in hd if k == "Set-Cookie" and v.startswith("pledger_session=")]
    assert st == 303 and sess and "; Secure" in sess[0] and "SameSite=Strict" in sess[0], (st, hd)
    st, _, text = req("GET", "/", None, sess[0].split(";")[0])
    assert st == 200 and "alice" in text, st
    # plain HTTP to the TLS port is no page
    c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=10)
    try:
        c.request("GET", "/")
        r = c.getresponse()
        assert r.status != 200, "plain HTTP answered on the TLS port"
    except (http.client.HTTPException, OSError):
        pass
finally:
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
print("serve over TLS: ok")
PYEOF
