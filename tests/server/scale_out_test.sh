#!/usr/bin/env bash
# Two hailong-server processes on one PostgreSQL, each sent the same 10,000 submissions over HTTPS
# at the same time (100 batches of 100, every batch to both servers at once): the database ends
# with exactly 10,000, and across both servers each id was answered "accepted" exactly once.
# Usage: scale_out_test.sh PATH/TO/hailong-server PATH/TO/hailong-admin   (needs HAILONG_TEST_DATABASE_URL)
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
server=$1
admin=$2
if [ -z "${HAILONG_TEST_DATABASE_URL:-}" ]; then
  echo "HAILONG_TEST_DATABASE_URL is not set: PostgreSQL test skipped"
  exit 77
fi
dir=$(mktemp -d)
db="hailong_t_scale_$$"
pids=()
cleanup() {
  [ -n "${KEEP:-}" ] && { echo "kept $dir"; return; }
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
  psql "$HAILONG_TEST_DATABASE_URL" -qXc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

psql "$HAILONG_TEST_DATABASE_URL" -qXc "CREATE DATABASE $db" >/dev/null
url="${HAILONG_TEST_DATABASE_URL%/*}/$db"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n' >"$dir/org.csv"
"$admin" --database "$url" import-org "$dir/org.csv" >/dev/null
token=$("$admin" --database "$url" add-kiosk K-SCT-01 --department SCT)

ports=()
for i in 1 2; do
  "$server" --database "$url" --listen 127.0.0.1:0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" \
    --kiosk-rate 0 >"$dir/server$i.out" 2>"$dir/server$i.log" &
  pids+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 100); do grep -q "listening on" "$dir/server$i.out" && break; sleep 0.1; done
  ports+=("$(grep -o '[0-9]*$' "$dir/server$i.out")") || fail "server $i did not start"
done

mkdir "$dir/batches"
for b in $(seq -w 1 100); do
  {
    printf '{"kiosk_id":"K-SCT-01","submissions":['
    for s in $(seq 1 100); do
      [ "$s" -gt 1 ] && printf ','
      # Distinct version 4 UUIDs made from the batch and item numbers plus this run's PID (no forks).
      printf '{"id":"%08x-%04x-4000-8000-%012x","created_at":"2026-11-20T08:%02d:00+07:00","department":"SCT","rating":{"scale":3,"value":%d}}' \
        $$ $((10#$b)) "$s" $((s % 60)) $((s % 3 + 1))
    done
    printf ']}'
  } >"$dir/batches/$b.json"
done

# Every batch to both servers at once, 8 requests in flight.
for b in "$dir"/batches/*.json; do
  for p in "${ports[@]}"; do echo "$p $b"; done
done | xargs -P 8 -n 2 sh -c 'curl -s --fail-with-body --cacert "$0/cert.pem" -H "Authorization: Bearer $1" -H "Content-Type: application/json" \
  --data-binary @"$3" "https://127.0.0.1:$2/api/v1/submissions" >"$3.$2.out"' "$dir" "$token" \
  || fail "a request was not answered 200: $(grep -L '"results"' "$dir"/batches/*.out | head -1 | xargs cat); server log: $(grep -h '"level":"error"' "$dir"/server*.log | head -1)"

accepted=$(cat "$dir"/batches/*.out | grep -o '"status":"accepted"' | wc -l)
duplicate=$(cat "$dir"/batches/*.out | grep -o '"status":"duplicate"' | wc -l)
stored=$(psql "$url" -XAtc "SELECT count(*) FROM submissions")
echo "stored=$stored accepted=$accepted duplicate=$duplicate"
[ "$stored" -eq 10000 ] || fail "stored $stored, expected 10000"
[ "$accepted" -eq 10000 ] || fail "accepted $accepted times, expected 10000"
[ "$duplicate" -eq 10000 ] || fail "duplicate $duplicate times, expected 10000"
echo "scale-out: all checks passed"
