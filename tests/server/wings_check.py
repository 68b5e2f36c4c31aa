#!/usr/bin/env python3
"""The server's wings include only downwards (docs/architecture.md, "The server's wings").

    store  <  api  <  http  <  the programs (server/src/*_main.cpp)

A file of a wing may include its own wing's headers and those of the wings below it, never a
header of a wing above it. Headers live in server/include/hailong/server/<wing>/ (public) or
beside their sources in server/src/<wing>/ (private to the wing; included by plain name).
Libraries are held to their wing too: Boost, OpenSSL and libcurl only in http; libxlsxwriter
from api up.

Usage: wings_check.py SERVER_DIR    (exit 0 when every include goes down, 1 with each offence
named as file:line, 2 on a tree that is not laid out in wings). Before the real check it runs
itself on a small made-up tree with two climbing includes and one misplaced library, and fails
if it does not catch all three: a checker that cannot fail proves nothing.
"""

import re
import sys
import tempfile
from pathlib import Path

WINGS = ["store", "api", "http"]
PROGRAMS = len(WINGS)  # rank of server/src/*.cpp
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# The lowest wing each library may appear in.
LIBRARIES = {
    "boost/": "http",
    "openssl/": "http",
    "curl/": "http",
    "xlsxwriter.h": "api",
}


def rank_of_file(server: Path, path: Path):
    rel = path.relative_to(server).parts
    if rel[:1] == ("src",) and len(rel) == 2:
        return PROGRAMS
    if rel[:1] == ("src",) and len(rel) >= 3 and rel[1] in WINGS:
        return WINGS.index(rel[1])
    if rel[:3] == ("include", "hailong", "server") and len(rel) >= 5 and rel[3] in WINGS:
        return WINGS.index(rel[3])
    return None


def check(server: Path):
    offences = []
    files = sorted(p for p in (server / "src").rglob("*") if p.suffix in (".cpp", ".hpp"))
    files += sorted((server / "include").rglob("*.hpp"))
    if not files:
        return None
    for path in files:
        rank = rank_of_file(server, path)
        if rank is None:
            offences.append(f"{path}: outside every wing (server/src/<wing>/ or server/include/hailong/server/<wing>/)")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            name = m.group(2)
            where = f"{path}:{number}"
            if name.startswith("hailong/server/"):
                parts = name.split("/")
                if len(parts) < 4 or parts[2] not in WINGS:
                    offences.append(f"{where}: {name} is in no wing")
                elif WINGS.index(parts[2]) > rank:
                    offences.append(f"{where}: includes {name}, a header of the {parts[2]} wing above it")
            elif ".." in name.split("/"):
                offences.append(f"{where}: {name} climbs out of its folder; include a wing's header by its hailong/server/ path")
            for prefix, lowest in LIBRARIES.items():
                if name.startswith(prefix) and rank < WINGS.index(lowest):
                    offences.append(f"{where}: {name} belongs to the {lowest} wing or above")
    return offences


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        server = Path(tmp)
        (server / "src" / "store").mkdir(parents=True)
        (server / "src" / "api").mkdir(parents=True)
        (server / "include" / "hailong" / "server" / "http").mkdir(parents=True)
        (server / "include" / "hailong" / "server" / "http" / "front.hpp").write_text("#pragma once\n")
        (server / "src" / "store" / "bad.cpp").write_text('#include "hailong/server/http/front.hpp"\n')
        (server / "src" / "api" / "tls.cpp").write_text("#include <openssl/ssl.h>\n")
        (server / "src" / "api" / "fine.cpp").write_text('#include "hailong/server/store/store.hpp"\n#include "own.hpp"\n#include "hailong/time.hpp"\n')
        (server / "src" / "api" / "sly.cpp").write_text('#include "../http/front.hpp"\n')
        found = check(server)
        expected = ["bad.cpp:1: includes hailong/server/http/front.hpp", "sly.cpp:1: ../http/front.hpp climbs out",
                    "tls.cpp:1: openssl/ssl.h belongs to the http wing"]
        missed = [e for e in expected if not any(e in f for f in found)]
        if missed or len(found) != len(expected):
            print("wings_check.py does not work: expected to find", expected, "found", found)
            return False
    return True


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if not self_test():
        return 1
    offences = check(Path(sys.argv[1]).resolve())
    if offences is None:
        print(f"{sys.argv[1]}: no server sources found")
        return 2
    for o in offences:
        print(o)
    if offences:
        print(f"{len(offences)} include(s) against the wings (docs/architecture.md, \"The server's wings\")")
        return 1
    print("every include of the server goes down or stays in its wing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
