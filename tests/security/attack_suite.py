#!/usr/bin/env python3
"""The attack suite: every finding of the security review (issue 16) as a case against the real
hailong-server over HTTPS, with its variants, and the server still answering /healthz after each.

    attack_suite.py PATH/TO/hailong-server PATH/TO/hailong-admin WORKDIR

Prints one line per case (PASS or FAIL with what was seen) and exits 1 if any failed.
Standard library only; docs/security.md says which promise each case proves."""

import json
import os
import shutil
import ssl
import subprocess
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailong_site import Site, days_ago  # noqa: E402

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


class Failed(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failed(what)


SECRETS = (b"root:x:0:0", b"SQLite format 3", b"PRIVATE KEY", b"BEGIN CERTIFICATE")


# --- 1. Any file, to anyone ------------------------------------------------------------------
@case
def no_path_reaches_the_file_system(site):
    d = site.data
    paths = ["//etc/passwd", "///etc/passwd", f"/{d}/hailong.db", f"//{d}/hailong.db", f"//{d}/hailong.db-wal",
             f"//{d}/tls/server.key", f"//{d}/tls/ca.key", "/../hailong.db", "/../../../../etc/passwd",
             "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2F%2Fetc%2Fpasswd", "/%2f/etc/passwd", "/..%2F..%2F..%2Fetc%2Fpasswd",
             "/..\\..\\..\\etc\\passwd", "/%5c..%5c..%5cetc%5cpasswd", "/index.html%00.js", "/%00/etc/passwd",
             "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/%c0%af%c0%afetc/passwd", "/vendor/../../../../../etc/passwd",
             "/i18n/../../../../lang/vi.json", "/./index.html/../../../etc/passwd", "/.git/config", "/index.html/",
             "/%252e%252e/etc/passwd", "/proc/self/environ", "//proc/self/environ", "/lookup.html%ff"]
    for path in paths:
        r = site.get(path)
        expect(r.status in (400, 404), f"GET {path} answered {r.status}")
        expect(not any(s in r.body for s in SECRETS), f"GET {path} gave a secret: {r.body[:80]!r}")
    # The dashboard itself is still there, by its exact names.
    for path in ("/", "/index.html", "/lookup.html", "/app.js", "/i18n/vi.json"):
        expect(site.get(path).status == 200, f"GET {path} is not 200")


# --- 2. One request stops the server -----------------------------------------------------------
@case
def invalid_utf8_anywhere_is_a_400_naming_it(site):
    admin = site.tokens["quan.tri"]
    errors_before = site.metric("hailong_store_errors_total")
    for method, target, token, field in (("GET", "/%ff", None, "path"), ("GET", "/lookup.html%ff", None, "path"),
                                         ("POST", "/%ff", None, "path"), ("GET", "/api/v1/complaints/%ff", admin, "path"),
                                         ("GET", "/api/v1/public/complaints/%ff%fe", None, "path"),
                                         ("GET", "/%c0%af", None, "path"), ("GET", "/a%00b", None, "path"),
                                         ("GET", "/api/v1/indices?group=%ff", admin, "query.group"),
                                         ("GET", "/api/v1/indices?%ff=1", admin, "query"),
                                         ("GET", "/api/v1/fleet?department=S%0ACT", admin, "query.department")):
        r = site.request(method, target, token=token)
        expect(r.status == 400, f"{method} {target} answered {r.status}")
        expect(r.error()["field"] == field, f"{method} {target}: field {r.error()['field']!r}, not {field!r}")
        expect(site.healthz(), f"the server stopped after {method} {target}")
    # Raw bytes that are not UTF-8, unencoded, in the path and in headers.
    for raw in (b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: \xff\xfe\r\nX-Forwarded-For: \xc0\xaf\r\nConnection: close\r\n\r\n",
                b"GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"GET https://127.0.0.1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n",
                b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{",
                b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n",
                b"\x16\x03\x01\x00\x00garbage\r\n\r\n"):
        r = site.raw(raw)
        expect(r.status in (0, 200, 400, 404, 413, 431), f"{raw[:40]!r} answered {r.status}")
        expect(site.healthz(), f"the server stopped after {raw[:40]!r}")
    # Bad bodies on every POST route.
    for path, token in (("/api/v1/submissions", site.tokens["K-SCT-01"]), ("/api/v1/kiosk/heartbeat", site.tokens["K-SCT-01"]),
                        ("/api/v1/login", None), ("/api/v1/complaints/223-2222-2/actions", admin),
                        ("/api/v1/dossiers", site.tokens["mot.cua"]), ("PUT /api/v1/settings", admin)):
        method, _, path = path.rpartition(" ")
        method = method or "POST"
        for body in (b"\xff", b"{\"a\":\"\xed\xa0\x80\"}", b"[" * 10000, b"{\"kiosk_id\": 1e999}", b"\"\\ud800\""):
            r = site.request(method, path, token=token, headers={"Content-Type": "application/json", "Origin": site.origin}, body=body)
            expect(r.status in (400, 404, 413), f"{method} {path} {body[:20]!r} answered {r.status}")
            expect(site.healthz(), f"the server stopped after {method} {path} {body[:20]!r}")
    expect(site.metric("hailong_store_errors_total") == errors_before, "a bad request was counted as a store error")


# --- 3. A kiosk can silence another kiosk -----------------------------------------------------
@case
def ids_belong_to_the_kiosk_that_stored_them(site):
    real = site.submission(rating={"scale": 3, "value": 1}, comment="Chờ ba tiếng")
    r = site.send("K-SCT-01", real)
    expect(r.json()["results"][0]["status"] == "accepted", f"the real rating: {r}")
    # Kiosk B (another department's kiosk) sends the same id: refused, the record untouched.
    forged = dict(real, department="STP", rating={"scale": 3, "value": 3}, comment=None)
    res = site.send("K-STP-01", forged).json()["results"][0]
    expect(res["status"] == "rejected" and res["error"]["code"] == "id_conflict", f"the forged copy: {res}")
    rows = site.get("/api/v1/submissions?department=SCT&limit=200", token=site.tokens["quan.tri"]).json()["submissions"]
    stored = [x for x in rows if x["submission_id"] == real["id"]]
    expect(len(stored) == 1 and stored[0]["rating"] == {"scale": 3, "value": 1} and stored[0]["comment"] == "Chờ ba tiếng",
           f"the stored rating changed: {stored}")
    # B first, then A: A hears id_conflict (never a silent "duplicate") and may send it anew.
    taken = site.submission(department="STP")
    expect(site.send("K-STP-01", taken).json()["results"][0]["status"] == "accepted", "B's own submission")
    res = site.send("K-SCT-01", dict(taken, department="SCT")).json()["results"][0]
    expect(res["status"] == "rejected" and res["error"]["code"] == "id_conflict", f"A's submission under B's id: {res}")
    expect(site.send("K-STP-01", taken).json()["results"][0]["status"] == "duplicate", "B resending its own is not a duplicate")


@case
def tracking_codes_belong_to_their_kiosk(site):
    # Kiosk B walks through kiosk A's code space: every code is refused, none is stored, and the
    # public lookup shows no case under A's codes.
    number_a = site.kiosk_numbers["K-SCT-01"]
    from tracking_code import make
    codes = [make(number_a, n) for n in range(900000, 900040)]
    subs = [site.submission(department="STP", tracking_code=c, comment="giả") for c in codes]
    results = site.send("K-STP-01", *subs).json()["results"]
    expect(all(x["status"] == "rejected" and x["error"]["code"] == "tracking_code_not_yours" for x in results),
           f"B took A's codes: {[x['status'] for x in results]}")
    expect(site.get(f"/api/v1/public/complaints/{codes[0]}").status == 404, "the lookup shows a case under A's code")
    # A's real complaint with that code is then taken.
    res = site.send("K-SCT-01", site.submission(tracking_code=codes[0], comment="Khiếu nại thật")).json()["results"][0]
    expect(res["status"] == "accepted", f"A's own complaint: {res}")


# --- 4. Any date is accepted ------------------------------------------------------------------
@case
def implausible_dates_are_refused(site):
    cases = [("2099-01-01T08:00:00+07:00", "in_future"), ("9999-12-31T23:59:59Z", "in_future"),
             ("0001-01-01T00:00:00Z", "too_old"), ("2000-01-01T00:00:00Z", "too_old"), (days_ago(401), "too_old")]
    results = site.send("K-SCT-01", *[site.submission(created_at=t) for t, _ in cases]).json()["results"]
    for (when, code), res in zip(cases, results):
        expect(res["status"] == "rejected" and res["error"]["code"] == code, f"created_at {when}: {res}")
        expect(res["error"]["field"].endswith(".created_at"), f"created_at {when}: field {res['error']['field']}")
    ok = site.send("K-SCT-01", site.submission(created_at=days_ago(399))).json()["results"][0]
    expect(ok["status"] == "accepted", f"a rating 399 days old: {ok}")


# --- 5. Cross-site actions --------------------------------------------------------------------
@case
def cross_site_state_changes_are_refused(site):
    code = site.next_code()
    site.send("K-SCT-01", site.submission(tracking_code=code, comment="Phản ánh"))
    cookie = site.login("lanh.dao.sct")
    path = f"/api/v1/complaints/{code}/actions"
    note = json.dumps({"action": "note", "text": "ghi chú", "version": 0}).encode()
    other_port = f"https://127.0.0.1:{site.port + 1}"
    attempts = [
        ({"Content-Type": "text/plain", "Origin": site.origin}, note, 415),
        ({"Content-Type": "multipart/form-data; boundary=x", "Origin": site.origin},
         b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n", 415),
        ({"Content-Type": "application/x-www-form-urlencoded", "Origin": site.origin}, b"action=note&text=x", 415),
        ({"Content-Type": "application/json", "Origin": other_port}, note, 403),
        ({"Content-Type": "application/json", "Origin": "https://evil.example"}, note, 403),
        ({"Content-Type": "application/json", "Origin": "null"}, note, 403),
        ({"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"}, note, 403),
        ({"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, note, 403),
        ({"Content-Type": "application/json", "Origin": site.origin, "Sec-Fetch-Site": "same-site"}, note, 403),
        ({"Content-Type": "application/json"}, note, 403),  # a cookie and no proof of origin
    ]
    for headers, body, status in attempts:
        r = site.request("POST", path, headers=headers, body=body, cookie=cookie)
        expect(r.status == status, f"{headers}: {r.status}, not {status}")
    case_now = site.get(f"/api/v1/complaints/{code}", cookie=cookie).json()
    expect(case_now["version"] == 0 and len(case_now["events"]) == 0, f"a refused request changed the case: {case_now}")
    ok = site.request("POST", path, headers={"Content-Type": "application/json", "Origin": site.origin}, body=note, cookie=cookie)
    expect(ok.status == 200, f"the dashboard's own request: {ok}")
    ok = site.request("POST", path, headers={"Content-Type": "application/json; charset=utf-8", "Sec-Fetch-Site": "same-origin"},
                      body=json.dumps({"action": "note", "text": "lần hai", "version": 1}).encode(), cookie=cookie)
    expect(ok.status == 200, f"a same-origin fetch without Origin: {ok}")
    # Sign-in from another site, and sign-out as a form post, are refused too.
    r = site.post_json("/api/v1/login", {"name": "lanh.dao.sct", "password": "x"}, headers={"Origin": "https://evil.example"})
    expect(r.status == 403, f"cross-site sign-in: {r.status}")
    r = site.request("POST", "/api/v1/logout", headers={"Content-Type": "text/plain", "Origin": other_port}, body=b"x", cookie=cookie)
    expect(r.status in (403, 415), f"cross-site sign-out: {r.status}")
    expect(site.get("/api/v1/me", cookie=cookie).status == 200, "the session was ended by a cross-site request")
    # API clients with a bearer token are not browsers: no Origin needed.
    r = site.post_json(path, {"action": "note", "text": "API", "version": 2}, token=site.tokens["quan.tri"])
    expect(r.status == 200, f"an API client's note: {r}")
    # PUT is checked as POST is: the settings from another site, as the administrator, are refused.
    admin_cookie = site.login("quan.tri")
    target = json.dumps({"default_target": 1}).encode()
    for headers, body, status in attempts:
        r = site.request("PUT", "/api/v1/settings", headers=headers, body=target if body is note else body, cookie=admin_cookie)
        expect(r.status == status, f"PUT /api/v1/settings {headers}: {r.status}, not {status}")
    expect(site.get("/api/v1/settings", cookie=admin_cookie).json()["default_target"] == 80, "a refused PUT changed the settings")
    # The users and kiosks of the settings page the same way: nobody added, revoked or given a token.
    before = site.get("/api/v1/settings/accounts", cookie=admin_cookie).json()
    for path, value in (("/api/v1/settings/users", {"name": "ke.gian", "role": "admin", "password": "mật khẩu kẻ gian"}),
                        ("/api/v1/settings/users/lanh.dao.sct/password", {"password": "mật khẩu kẻ gian"}),
                        ("/api/v1/settings/users/lanh.dao.sct/revoke", {}),
                        ("/api/v1/settings/kiosks", {"id": "K-KE-GIAN", "department": "SCT"}),
                        ("/api/v1/settings/kiosks/K-SCT-01/token", {}),
                        ("/api/v1/settings/kiosks/K-SCT-01/revoke", {})):
        for headers, body, status in attempts:
            r = site.request("POST", path, headers=headers, body=json.dumps(value).encode() if body is note else body, cookie=admin_cookie)
            expect(r.status == status, f"POST {path} {headers}: {r.status}, not {status}")
            expect(b"hlk_" not in r.body, f"POST {path} {headers}: a token in a refused answer")
    expect(site.get("/api/v1/settings/accounts", cookie=admin_cookie).json() == before, "a refused request changed the users or kiosks")
    expect(site.get("/api/v1/me", cookie=cookie).status == 200, "a refused request ended the manager's session")
    # Signed out again: another case counts the administrator's sessions.
    r = site.request("POST", "/api/v1/logout", headers={"Origin": site.origin}, cookie=admin_cookie)
    expect(r.status == 204, f"the administrator's sign-out: {r.status}")


# --- 6. Headers and TLS -----------------------------------------------------------------------
@case
def answers_carry_the_security_headers(site):
    admin = site.tokens["quan.tri"]
    for path, token in (("/healthz", None), ("/", None), ("/api/v1/me", None), ("/nothing-here", None)):
        r = site.get(path, token=token)
        expect(r.header("strict-transport-security").startswith("max-age="), f"{path}: no HSTS")
        expect(r.header("x-content-type-options") == "nosniff", f"{path}: no nosniff")
        expect("frame-ancestors 'none'" in r.header("content-security-policy"), f"{path}: framing allowed")
    personal = ["/api/v1/submissions?department=SCT", "/api/v1/complaints", "/api/v1/complaints?format=csv",
                "/api/v1/indices?group=officer&period=2026&format=csv", "/api/v1/indicators?period=2026-11&format=csv",
                f"/api/v1/reports/monthly?month={days_ago(0)[:7]}", "/api/v1/alerts", "/api/v1/fleet", "/api/v1/me"]
    for path in personal:
        r = site.get(path, token=admin)
        expect(r.status == 200, f"{path}: {r.status}")
        expect(r.header("cache-control") == "no-store", f"{path}: Cache-Control {r.header('cache-control')!r}")
        expect(r.header("x-content-type-options") == "nosniff", f"{path}: no nosniff")


@case
def tls_offers_only_forward_secret_aead_suites(site):
    def tls12(ciphers):
        def configure(ctx):
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers(ciphers)
        return configure

    for weak in ("AES128-SHA", "AES256-SHA256", "AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA",
                 "ECDHE-RSA-AES256-SHA384", "ECDHE-ECDSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256"):
        try:
            site.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", configure=tls12(weak))
        except (ssl.SSLError, ConnectionResetError, OSError):
            continue
        raise Failed(f"TLS 1.2 with {weak} was accepted")
    r = site.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", configure=tls12("ECDHE+AESGCM:ECDHE+CHACHA20"))
    expect(r.status == 200, "TLS 1.2 with ECDHE and AES-GCM was refused")

    def tls13(ctx):
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    expect(site.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", configure=tls13).status == 200, "TLS 1.3 refused")
    for old in ("-tls1", "-tls1_1"):
        res = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{site.port}", old, "-cipher", "ALL:@SECLEVEL=0"],
                             input=b"", capture_output=True, timeout=30)
        expect(b"Cipher is (NONE)" in res.stdout or res.returncode != 0, f"openssl s_client {old} connected")


# --- 7. Limits --------------------------------------------------------------------------------
@case
def kiosk_routes_are_limited_per_kiosk(site):
    token = site.tokens["K-STP-01"]
    beat = json.dumps({"app_version": "1.0", "queue_depth": 0}).encode()
    statuses = [site.request("POST", "/api/v1/kiosk/heartbeat", token=token, headers={"Content-Type": "application/json"}, body=beat).status
                for _ in range(60)]
    expect(statuses.count(429) >= 30, f"60 heartbeats in a row: {statuses.count(204)} stored, {statuses.count(429)} refused")
    expect(set(statuses) <= {204, 429}, f"heartbeat answers {set(statuses)}")
    r = site.get("/api/v1/kiosk/config", token=token)
    expect(r.status == 429 and r.header("retry-after").isdigit(), f"configuration after the heartbeats: {r.status}")
    r = site.get("/api/v1/kiosk/dossiers/000.00.12.H56-261120-0001", token=token)
    expect(r.status == 429, f"a dossier look-up after the heartbeats: {r.status}")
    # Another kiosk is not held back.
    expect(site.get("/api/v1/kiosk/config", token=site.tokens["K-SCT-01"]).status in (200, 304), "another kiosk was limited")


@case
def the_public_lookup_is_limited_per_address(site):
    statuses = [site.get("/api/v1/public/complaints/223-2222-2").status for _ in range(40)]
    expect(429 in statuses, f"40 lookups in a row were all answered: {set(statuses)}")


# --- 8. Accounts ------------------------------------------------------------------------------
@case
def a_valid_session_cookie_counts_among_planted_ones(site):
    cookie = site.login("lanh.dao.sct")
    for header in (f"hailong_session=bogus; {cookie}", f"{cookie}; hailong_session=bogus", f"a=1; hailong_session=; {cookie}"):
        expect(site.get("/api/v1/me", cookie=header).status == 200, f"Cookie: {header[:40]}... was refused")


@case
def revoked_users_and_ended_sessions_stop_at_once(site):
    cookie = site.login("lanh.dao.stp")
    token = site.tokens["lanh.dao.stp"]
    expect(site.get("/api/v1/me", cookie=cookie).status == 200, "the session before revoking")
    site.admin("revoke-user", "lanh.dao.stp")
    expect(site.get("/api/v1/me", cookie=cookie).status == 401, "a revoked user's session still works")
    expect(site.get("/api/v1/me", token=token).status == 401, "a revoked user's token still works")
    r = site.post_json("/api/v1/login", {"name": "lanh.dao.stp", "password": "mật khẩu lãnh đạo STP"}, headers={"Origin": site.origin})
    expect(r.status == 401, f"a revoked user signed in: {r.status}")

    old = site.login("phan.tich")
    site.admin("set-password", "phan.tich", stdin="một mật khẩu mới hoàn toàn\n")
    expect(site.get("/api/v1/me", cookie=old).status == 401, "the session of the old password still works")
    site.login("phan.tich", "một mật khẩu mới hoàn toàn")

    cookies = [site.login("quan.tri") for _ in range(2)]
    out = site.admin("end-sessions", "quan.tri")
    expect("2 dashboard sessions" in out, f"end-sessions said {out!r}")
    expect(all(site.get("/api/v1/me", cookie=c).status == 401 for c in cookies), "an ended session still works")
    expect(site.get("/api/v1/me", token=site.tokens["quan.tri"]).status == 200, "end-sessions stopped the API token")


# --- 9. Text ----------------------------------------------------------------------------------
@case
def invisible_characters_are_refused_in_every_text_field(site):
    for name, char in (("RLO", "\u202e"), ("LRI", "\u2066"), ("PDI", "\u2069"), ("ZWSP", "\u200b"), ("ZWJ", "\u200d"), ("BOM", "\ufeff")):
        subs = [site.submission(comment=f"Hài lòng{char}gnòl"), site.submission(contact=f"0912{char}345678")]
        results = site.send("K-SCT-01", *subs).json()["results"]
        expect(results[0]["status"] == "rejected" and results[0]["error"]["code"] == "invalid_text" and
               results[0]["error"]["field"] == "submissions[0].comment", f"{name} in a comment: {results[0]}")
        expect(results[1]["status"] == "rejected" and results[1]["error"]["field"] == "submissions[1].contact",
               f"{name} in a contact: {results[1]}")
    code = site.next_code()
    site.send("K-SCT-01", site.submission(tracking_code=code))
    r = site.post_json(f"/api/v1/complaints/{code}/actions", {"action": "reply", "text": "Đã xử lý\u202e", "version": 0},
                       token=site.tokens["quan.tri"])
    expect(r.status == 400 and r.error()["code"] == "invalid_text", f"a reply with RLO: {r}")


def main():
    server, admin, workdir = sys.argv[1:4]
    shutil.rmtree(workdir, ignore_errors=True)  # every run starts from a fresh site
    os.makedirs(workdir)
    site = Site(server, admin, workdir)
    site.start()
    failed = 0
    try:
        for fn in CASES:
            name = fn.__name__.replace("_", " ")
            try:
                fn(site)
                expect(site.alive() and site.healthz(), "the server no longer answers /healthz")
                print(f"PASS {name}", flush=True)
            except Exception as e:  # a case that errors is a failed case, with what it saw
                failed += 1
                detail = str(e) if isinstance(e, Failed) else traceback.format_exc()
                print(f"FAIL {name}: {detail}", flush=True)
                if not site.alive():
                    print("the server has stopped; its log ends with:", flush=True)
                    with open(os.path.join(workdir, "server.log"), errors="replace") as f:
                        print("".join(f.readlines()[-20:]), flush=True)
                    site.start()
    finally:
        site.stop()
    print(f"{len(CASES) - failed} of {len(CASES)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
