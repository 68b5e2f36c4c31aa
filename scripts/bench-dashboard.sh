#!/usr/bin/env bash
# The dashboard's first view on the province-scale store (docs/performance.md, "Dashboard first
# view"): hailong-server (Release) on the 10-million-rating SQLite store that bench-scale.sh
# generates (reused from build/scale-data, generated here if missing), an admin signed in, the
# overview opened RUNS times in headless Chromium (tests/dashboard/first_view.mjs). Side by side
# in the same run, the same overview on a store of 10,000 ratings: the difference is what the
# data's size costs; the small store's time is the floor (the browser, TLS, the page's scripts).
#
# Environment: BUILD_DIR (default build/release), SCALE_DATA (default build/scale-data),
# SCALE_SUBMISSIONS (default 10000000), RUNS (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
SCALE_DATA=${SCALE_DATA:-build/scale-data}
SCALE_SUBMISSIONS=${SCALE_SUBMISSIONS:-10000000}
RUNS=${RUNS:-9}
say() { echo "bench-dashboard: $*" >&2; }
export HAILONG_LANG=en  # the programs' messages this script reads

bash scripts/install-deps.sh
bash scripts/dashboard-deps.sh --tests
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-server hailong-admin hailong-scale-bench >/dev/null
bin=$BUILD_DIR/server

big=$SCALE_DATA/sqlite-$SCALE_SUBMISSIONS
if [ ! -f "$big/complete" ]; then
  say "generating $SCALE_SUBMISSIONS ratings in $big (about 25 minutes for 10 million)"
  rm -rf "$big"
  "$bin/bench/hailong-scale-bench" generate --data "$big" --submissions "$SCALE_SUBMISSIONS" --heartbeats >&2
  touch "$big/complete"
fi
tmp=$(mktemp -d /tmp/hailong-dashboard.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$bin/bench/hailong-scale-bench" generate --data "$tmp/small" --submissions 10000 --heartbeats >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null

measure() {  # NAME DATA-DIR: prints the first_view.mjs JSON
  local data=$2
  if ! "$bin/hailong-admin" --data "$data" list users | grep -q '^bench.admin'; then
    printf 'bench-dashboard-2026\n' | "$bin/hailong-admin" --data "$data" add-user bench.admin --role admin --password-stdin >/dev/null
  fi
  local started=$SECONDS
  "$bin/hailong-server" --data "$data" --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" \
    --dashboard assets/dashboard/web >"$tmp/server.out" 2>"$tmp/server.log" &
  pid=$!
  for _ in $(seq 6000); do grep -q "listening on" "$tmp/server.out" && break; sleep 0.1; done
  say "$1: server ready after $((SECONDS - started)) s (a store older than schema 7 is migrated first)"
  local url="https://127.0.0.1:$(grep -o '[0-9]*$' "$tmp/server.out")"
  node tests/dashboard/first_view.mjs "$url" bench.admin bench-dashboard-2026 "$RUNS"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
}

say "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') memory, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
small=$(measure "10,000 ratings" "$tmp/small")
large=$(measure "$SCALE_SUBMISSIONS ratings" "$big")
echo "{\"small\": $small, \"large\": $large}"
say "first view, median of $RUNS: $(jq -r .first_view_ms.median <<<"$small") ms on 10,000 ratings, $(jq -r .first_view_ms.median <<<"$large") ms on $SCALE_SUBMISSIONS"
say "with the comparison cards: $(jq -r .complete_ms.median <<<"$small") ms and $(jq -r .complete_ms.median <<<"$large") ms"
