"""web_client.py — a small client for the workbench tests (stdlib only).

Server(pledger, db) starts `pledger serve --listen 127.0.0.1:0` (loopback
only, a port the system picks), reads the port from its first line, and
stop() kills it; use it as a context manager so the server always dies.
Client keeps its own cookies and can sign in, GET and POST forms.
"""
import http.client, os, re, signal, subprocess, time, urllib.parse, uuid


class Server:
    def __init__(self, pledger, db, env=None):
        self.proc = subprocess.Popen([pledger, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.stop()
            raise SystemExit("FAILED: serve did not start: %r %s" % (line, self.proc.stderr.read()))
        self.port = int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.stop()


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.getheaders()
        self.body = r.read()
        self.text = self.body.decode("utf-8", "replace")

    def header(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]


class Client:
    def __init__(self, port, lang="zh-CN,zh;q=0.9"):
        self.port = port
        self.cookies = {}
        self.lang = lang

    def request(self, method, path, body=None, ctype=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = {"Accept-Language": self.lang}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if ctype:
            h["Content-Type"] = ctype
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = Response(c.getresponse())
        c.close()
        for sc in r.header("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            "application/x-www-form-urlencoded")

    def post_file(self, path, fields, filename, data):
        b = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (b, k, v)).encode())
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                      "Content-Type: application/octet-stream\r\n\r\n" % (b, filename)).encode("utf-8"))
        parts.append(data + b"\r\n")
        parts.append(("--%s--\r\n" % b).encode())
        return self.request("POST", path, b"".join(parts), "multipart/form-data; boundary=" + b)

    def csrf(self, path="/"):
        r = self.get(path)
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
        return m.group(1) if m else None

    def login(self, user, password):
        token = self.csrf("/login")
        return self.post("/login", {"user": user, "password": password, "csrf": token})
