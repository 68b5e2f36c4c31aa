#!/usr/bin/env bash
# The README's run command: install what is missing, build, and run the demo on the embedded store.
#
# What exists today is the shared library and the admin command line's offline check: the demo
# checks a realistic batch of ratings from a provincial one-stop centre exactly as the server will
# (three valid, two with mistakes a kiosk vendor might make), in Vietnamese and in English.
# The server and kiosk issues extend this script to start hailong-server with a generated TLS
# certificate, seed a demo organisation and open the kiosk.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2

batch=assets/demo/submissions-batch.json
for program in server/hailong-server server/hailong-admin kiosk/hailong-kiosk; do
  "$build/$program" --version
done
echo
echo "== hailong-admin check-batch $batch  (HAILONG_LANG=vi)"
HAILONG_LANG=vi "$build/server/hailong-admin" check-batch "$batch" || true
echo
echo "== hailong-admin check-batch $batch  (HAILONG_LANG=en)"
HAILONG_LANG=en "$build/server/hailong-admin" check-batch "$batch" || true
