#!/usr/bin/env python3
"""The authorisation matrix: every route of `hailong-server --routes` × every kind of caller, each
against the status written down in authz_matrix.json, over HTTPS against the real server. A route
the server has and the matrix lacks (or the other way round) fails the test before any request.

    authz_matrix.py PATH/TO/hailong-server PATH/TO/hailong-admin WORKDIR

Prints the matrix with each cell's status and exits 1 on any difference."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailong_site import Site  # noqa: E402


def main():
    server, admin, workdir = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "authz_matrix.json"), encoding="utf-8") as f:
        matrix = json.load(f)
    routes = [json.loads(line) for line in subprocess.run([server, "--routes"], capture_output=True, text=True, check=True).stdout.splitlines()]
    names = {r["name"] for r in routes}
    missing, extra = names - set(matrix["routes"]), set(matrix["routes"]) - names
    if missing or extra:
        print(f"FAIL the matrix does not match the route table: without a row {sorted(missing)}, rows for no route {sorted(extra)}")
        return 1
    callers = matrix["callers"]
    for name, row in matrix["routes"].items():
        if set(row["expect"]) != set(callers):
            print(f"FAIL route {name}: the row does not name every caller once")
            return 1

    shutil.rmtree(workdir, ignore_errors=True)  # every run starts from a fresh site
    os.makedirs(workdir)
    site = Site(server, admin, workdir)
    # The revoked kiosk's token is the one K-SCT-OLD held: revoked by Site itself.
    credentials = {"none": {}, "bad_token": {"token": "hlu_" + "0" * 43}, "revoked_kiosk": {"token": site.tokens["K-SCT-OLD"]},
                   "own_kiosk": {"token": site.tokens["K-SCT-01"]}, "other_kiosk": {"token": site.tokens["K-STP-01"]},
                   "analyst": {"token": site.tokens["phan.tich"]}, "other_manager": {"token": site.tokens["lanh.dao.stp"]},
                   "own_manager": {"token": site.tokens["lanh.dao.sct"]}, "admin": {"token": site.tokens["quan.tri"]},
                   "integration": {"token": site.tokens["mot.cua"]}}
    site.start()
    failures = 0
    try:
        code = site.next_code()
        r = site.send("K-SCT-01", site.submission(tracking_code=code, comment="Phản ánh"))
        assert r.json()["results"][0]["status"] == "accepted", r
        month = datetime.now(timezone(timedelta(hours=7))).strftime("%Y-%m")

        def fill(value, caller):
            if isinstance(value, str):
                now = datetime.now(timezone.utc).isoformat(timespec="seconds")
                text = value.replace("{code}", code).replace("{month}", month).replace("{now}", now).replace("{id}", str(uuid.uuid4()))
                text = text.replace("{caller}", caller.replace("_", "."))
                if text == "{version}":
                    return site.get(f"/api/v1/complaints/{code}", token=site.tokens["quan.tri"]).json()["version"]
                return text
            if isinstance(value, list):
                return [fill(v, caller) for v in value]
            if isinstance(value, dict):
                return {k: fill(v, caller) for k, v in value.items()}
            return value

        width = max(len(n) for n in matrix["routes"])
        print(" " * width + "  " + " ".join(f"{c[:13]:>13}" for c in callers))
        for route in routes:
            name = route["name"]
            row = matrix["routes"][name]
            cells = []
            for caller in callers:
                req = row["request"]
                headers = {"Origin": site.origin}
                body = b""
                if "body" in req:
                    headers["Content-Type"] = "application/json"
                    body = json.dumps(fill(req["body"], caller), ensure_ascii=False).encode()
                got = site.request(req["method"], fill(req["path"], caller), headers=headers, body=body, **credentials[caller]).status
                want = row["expect"][caller]
                if got != want:
                    failures += 1
                cells.append(f"{got:>13}" if got == want else f"{str(got) + '≠' + str(want):>13}")
            print(f"{name:<{width}}  " + " ".join(cells), flush=True)
    finally:
        site.stop()
    print(f"{failures} cells differ from authz_matrix.json" if failures else
          f"every cell as written: {len(routes)} routes × {len(callers)} callers")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
