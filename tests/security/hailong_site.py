"""A hailong site for the security tests: a store made with hailong-admin (a site CA and server
certificate, two departments, kiosks, users of every role), the real hailong-server over HTTPS, and
a client that sends raw bytes, so that nothing between the test and the server (no HTTP library)
normalises a path or a header on the way.

Standard library only. Used by attack_suite.py and authz_matrix.py."""

import json
import os
import re
import socket
import ssl
import subprocess
import time
import sys
import uuid
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from tracking_code import make as make_code  # noqa: E402

PASSWORDS = {
    "quan.tri": "mật khẩu quản trị 2026",
    "lanh.dao.sct": "mật khẩu lãnh đạo SCT",
    "lanh.dao.stp": "mật khẩu lãnh đạo STP",
    "phan.tich": "mật khẩu phân tích 2026",
}

ORG_CSV = """department_code,department_name,officer_code,officer_name
SCT,Sở Công Thương,SCT-001,Nguyễn Văn An
SCT,Sở Công Thương,SCT-002,Trần Thị Bình
STP,Sở Tư pháp,STP-001,Lê Văn Cường
"""


class Response:
    def __init__(self, raw: bytes):
        self.raw = raw
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        match = re.match(r"HTTP/1\.[01] (\d{3})", lines[0]) if lines else None
        self.status = int(match.group(1)) if match else 0
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "chunked" in self.header("transfer-encoding"):
            self.body = _unchunk(body)
        else:
            self.body = body

    def header(self, name: str) -> str:
        return ", ".join(self.headers.get(name.lower(), []))

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def error(self):
        return self.json()["error"]

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += body[:size]
        body = body[size + 2:]
    return out


class Site:
    def __init__(self, server: str, admin: str, workdir: str):
        self.server_bin, self.admin_bin, self.dir = server, admin, workdir
        self.data = os.path.join(workdir, "data")
        self.tls = os.path.join(self.data, "tls")
        self.process = None
        self.port = 0
        self.tokens = {}
        self.kiosk_numbers = {}
        self.sequence = 0
        self.admin("init", "--host", "127.0.0.1")
        org = os.path.join(workdir, "org.csv")
        with open(org, "w", encoding="utf-8") as f:
            f.write(ORG_CSV)
        self.admin("import-org", org)
        for kiosk, department in (("K-SCT-01", "SCT"), ("K-STP-01", "STP"), ("K-SCT-OLD", "SCT")):
            self.tokens[kiosk] = self.admin("add-kiosk", kiosk, "--department", department).strip()
        self.admin("revoke-kiosk", "K-SCT-OLD")
        for name, role, departments in (("quan.tri", "admin", []), ("lanh.dao.sct", "manager", ["SCT"]),
                                        ("lanh.dao.stp", "manager", ["STP"]), ("phan.tich", "analyst", [])):
            args = ["add-user", name, "--role", role, "--password-stdin"]
            for d in departments:
                args += ["--department", d]
            self.tokens[name] = self.admin(*args, stdin=PASSWORDS[name] + "\n").strip()
        # The province's one-stop software: a token, no password, no department.
        self.tokens["mot.cua"] = self.admin("add-user", "mot.cua", "--role", "integration").strip()

    def admin(self, *args, stdin=None) -> str:
        result = subprocess.run([self.admin_bin, "--data", self.data, *args], input=stdin, capture_output=True,
                                text=True, env={**os.environ, "HAILONG_LANG": "en"}, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"hailong-admin {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    # --- the server -----------------------------------------------------------------------------
    def start(self, *extra):
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        out = os.path.join(self.dir, "server.out")
        with open(out, "w"):
            pass
        self.process = subprocess.Popen(
            [self.server_bin, "--data", self.data, "--listen", "127.0.0.1:0", "--tls-cert", os.path.join(self.tls, "server.crt"),
             "--tls-key", os.path.join(self.tls, "server.key"), *extra],
            stdout=open(out, "w"), stderr=self.log, env={**os.environ, "HAILONG_LANG": "en"})
        for _ in range(300):
            with open(out) as f:
                m = re.search(r"listening on https://127\.0\.0\.1:(\d+)", f.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.process.poll() is not None:
                raise RuntimeError("hailong-server exited at start")
            time.sleep(0.1)
        else:
            raise RuntimeError("hailong-server did not start")
        for kiosk in ("K-SCT-01", "K-STP-01"):
            self.kiosk_numbers[kiosk] = self.get("/api/v1/kiosk/config", token=self.tokens[kiosk]).json()["kiosk_number"]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def alive(self) -> bool:
        return self.process.poll() is None

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    # --- the client -----------------------------------------------------------------------------
    def context(self, configure=None) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=os.path.join(self.tls, "ca.crt"))
        if configure:
            configure(ctx)
        return ctx

    def raw(self, data: bytes, timeout: float = 20, configure=None) -> Response:
        """Sends `data` as it is on a fresh TLS connection and reads until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            with self.context(configure).wrap_socket(sock, server_hostname="127.0.0.1") as tls:
                tls.sendall(data)
                chunks = []
                while True:
                    try:
                        chunk = tls.recv(65536)
                    except (ssl.SSLEOFError, ConnectionResetError):
                        break
                    if not chunk:
                        break
                    chunks.append(chunk)
        return Response(b"".join(chunks))

    def request(self, method: str, target, headers=None, body: bytes = b"", token=None, cookie=None) -> Response:
        """A request with Connection: close. `target` is sent byte for byte (str is UTF-8)."""
        if isinstance(target, str):
            target = target.encode("utf-8")
        if isinstance(body, str):
            body = body.encode("utf-8")
        lines = [method.encode() + b" " + target + b" HTTP/1.1", f"Host: 127.0.0.1:{self.port}".encode(), b"Connection: close"]
        if token:
            lines.append(f"Authorization: Bearer {token}".encode())
        if cookie:
            lines.append(b"Cookie: " + cookie.encode())
        for name, value in (headers or {}).items():
            lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode("utf-8")))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}".encode())
        return self.raw(b"\r\n".join(lines) + b"\r\n\r\n" + body)

    def get(self, target, **kw) -> Response:
        return self.request("GET", target, **kw)

    def post_json(self, target, value, headers=None, **kw) -> Response:
        h = {"Content-Type": "application/json", **(headers or {})}
        return self.request("POST", target, headers=h, body=json.dumps(value, ensure_ascii=False), **kw)

    def healthz(self) -> bool:
        try:
            return self.get("/healthz").status == 200
        except OSError:
            return False

    def login(self, name: str, password=None) -> str:
        """Signs in as a browser on the dashboard would; returns the Cookie header value."""
        r = self.post_json("/api/v1/login", {"name": name, "password": password or PASSWORDS[name]},
                           headers={"Origin": self.origin, "Sec-Fetch-Site": "same-origin"})
        if r.status != 200:
            raise RuntimeError(f"sign-in of {name}: {r}")
        return r.header("set-cookie").split(";")[0]

    # --- kiosks ---------------------------------------------------------------------------------
    def submission(self, department="SCT", **fields) -> dict:
        s = {"id": str(uuid.uuid4()), "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "department": department, "rating": {"scale": 3, "value": 3}}
        s.update(fields)
        return s

    def next_code(self, kiosk="K-SCT-01") -> str:
        self.sequence += 1
        return make_code(self.kiosk_numbers[kiosk], self.sequence)

    def send(self, kiosk: str, *submissions, token=None) -> Response:
        return self.post_json("/api/v1/submissions", {"kiosk_id": kiosk, "submissions": list(submissions)},
                              token=token or self.tokens[kiosk])

    def metric(self, name: str) -> float:
        for line in self.get("/metrics").body.decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
        return 0.0


def days_ago(n: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=n)).isoformat(timespec="seconds")
