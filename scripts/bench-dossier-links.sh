#!/usr/bin/env bash
# What the 766-style figure's link from dossier records to ratings costs a year-long indices query
# (docs/performance.md, "Indices at province scale"): a generated store (hailong-scale-bench
# generate), and a copy of it with one imported dossier record for every dossier code its ratings
# name (completed on the rating's local day, outcome drawn at random); then GET /api/v1/indices
# for the whole range, grouped by department and by officer, on both stores side by side in the
# same run, medians of several runs.
#
# Environment:
#   BUILD_DIR         build directory (default build/release), built if needed
#   LINK_SUBMISSIONS  submissions in the generated store (default 200000, the demo's size)
#   LINK_RUNS         timed runs of each query (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
LINK_SUBMISSIONS=${LINK_SUBMISSIONS:-200000}
LINK_RUNS=${LINK_RUNS:-7}
say() { echo "bench-dossier-links: $*" >&2; }

bash scripts/install-deps.sh
for tool in sqlite3 curl jq; do command -v $tool >/dev/null || apt-get install -y -qq $tool >/dev/null; done
say "building in $BUILD_DIR (Release)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-admin hailong-server hailong-scale-bench >/dev/null
admin=$BUILD_DIR/server/hailong-admin
server=$BUILD_DIR/server/hailong-server

tmp=$(mktemp -d /tmp/hailong-links.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
say "generating $LINK_SUBMISSIONS submissions"
"$BUILD_DIR/server/bench/hailong-scale-bench" generate --data "$tmp/plain" --submissions "$LINK_SUBMISSIONS" >/dev/null
mkdir -p "$tmp/linked"
cp "$tmp/plain/hailong.db" "$tmp/linked/"
{
  echo "dossier,department,officer,service,completed_on,outcome"
  sqlite3 -csv "$tmp/plain/hailong.db" "SELECT dossier, department, COALESCE(officer, ''), COALESCE(service, ''),
      date(MAX(local_day) * 86400, 'unixepoch'),
      CASE abs(random()) % 10 WHEN 0 THEN 'late' WHEN 1 THEN 'on_time' WHEN 2 THEN 'on_time' ELSE 'early' END
    FROM submissions WHERE dossier IS NOT NULL GROUP BY dossier"
} >"$tmp/records.csv"
records=$(($(wc -l <"$tmp/records.csv") - 1))
import_started=$(date +%s.%N)
"$admin" --data "$tmp/linked" import-dossiers "$tmp/records.csv" >/dev/null
import_seconds=$(awk -v a="$import_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
from=$(sqlite3 "$tmp/plain/hailong.db" "SELECT date(MIN(local_day) * 86400, 'unixepoch') FROM submissions")
to=$(sqlite3 "$tmp/plain/hailong.db" "SELECT date(MAX(local_day) * 86400, 'unixepoch') FROM submissions")

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
declare -A url token
for store in plain linked; do
  token[$store]=$("$admin" --data "$tmp/$store" add-user "bench-$store" --role analyst)
  "$server" --data "$tmp/$store" --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" --no-dashboard \
    >"$tmp/$store.out" 2>"$tmp/$store.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q "listening on" "$tmp/$store.out" && break; sleep 0.1; done
  url[$store]="https://127.0.0.1:$(grep -o '[0-9]*$' "$tmp/$store.out")"
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "submissions: $LINK_SUBMISSIONS; dossier records imported: $records in $import_seconds s; range $from to $to; runs: $LINK_RUNS"
for group in department officer; do
  declare -A ms=()
  for run in $(seq "$LINK_RUNS"); do
    for store in plain linked; do  # alternated, so that a busy moment hits both
      t=$(curl -s -o /dev/null -w '%{time_total}' --fail --cacert "$tmp/cert.pem" -H "Authorization: Bearer ${token[$store]}" \
        "${url[$store]}/api/v1/indices?group=$group&from=$from&to=$to")
      ms[$store]+="$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }') "
    done
  done
  p=$(echo "${ms[plain]}" | tr ' ' '\n' | grep . | median)
  l=$(echo "${ms[linked]}" | tr ' ' '\n' | grep . | median)
  echo "group=$group: without records median $p ms (${ms[plain]}); with $records records median $l ms (${ms[linked]}); ratio $(awk -v a="$l" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
done
curl -s --fail --cacert "$tmp/cert.pem" -H "Authorization: Bearer ${token[linked]}" \
  "${url[linked]}/api/v1/indices?group=department&from=$from&to=$to" | jq -c '.groups[0].dossier_766' >&2
