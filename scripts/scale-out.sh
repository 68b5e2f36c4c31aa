#!/usr/bin/env bash
# Scale-out on one machine (docs/performance.md, docs/operations.md): nginx in front of several
# hailong-server processes sharing one PostgreSQL, all started here as local processes on
# 127.0.0.1 (no systemd, no root paths), loaded with hailong-ingest-bench through nginx, one server
# killed with SIGKILL in the middle. Then it checks, and prints PASS or FAIL on its last line:
#   - every submission the benchmark saw answered "accepted" or "duplicate" is stored exactly once
#     (the ids of the --record files against the database, with psql): lost=0, doubled=0;
#   - nothing is stored that was never sent (invented=0) and nothing was refused (rejected=0);
#   - after the submissions left unanswered by the kill are sent again, as a kiosk does, every
#     submission sent is stored;
#   - the indices (GET /api/v1/indices through nginx, by department, officer, service and kiosk,
#     with and without flagged responses) equal those of one hailong-server on a fresh SQLite
#     store into which the stored submissions were sent again.
#
# The deployment it runs is the one docs/operations.md describes:
#   - TLS ends at nginx: the kiosks' certificate and key live in one place, nginx balances and
#     retries per request (it must see the requests for that), and the servers behind it speak
#     plain HTTP on loopback (hailong-server --plain-http, which it allows only on a loopback
#     address). Servers on other machines need TLS behind nginx too (proxy_pass https://).
#   - nginx keeps connections to the servers alive (upstream keepalive), with an idle timeout
#     below hailong-server's 10 s so that it never reuses a connection the server is closing.
#   - POST /api/v1/submissions and the heartbeat may go to the next server after an error, even
#     once sent (proxy_next_upstream non_idempotent): a submission's id is its idempotency key, so
#     a retry of one the dead server had already stored is answered "duplicate", never stored
#     twice. Other POSTs (sign-in, complaint actions) are not retried.
#
# Phases, each SCALE_SECONDS long, 64 simulated kiosks on SCALE_TOKENS kiosk tokens:
#   1. one server behind nginx (the reference, same path and TLS);
#   2. SCALE_SERVERS servers behind nginx (nginx reloaded with the full upstream);
#   3. the same, server 1 killed with SIGKILL halfway through.
#
# Environment:
#   BUILD_DIR       build directory (default build/release; built if the programs are missing)
#   SCALE_SERVERS   hailong-server processes behind nginx, at least 2 (default 2)
#   SCALE_KIOSKS    simulated kiosks, one connection each (default 64)
#   SCALE_TOKENS    kiosks registered, each with its own token, shared round robin (default 16)
#   SCALE_SECONDS   length of each phase in seconds (default 10)
#   SCALE_THREADS   client threads of hailong-ingest-bench (default: the number of cores)
#   SCALE_BALANCE   round-robin (default): nginx spreads requests evenly; kiosk: each kiosk's
#                   requests go to one server (hash of the Authorization header), so that two
#                   servers seldom take the same kiosk's lock at once (docs/performance.md)
#   SCALE_RETRY_SENT
#                   1 (default): nginx passes a submission whose server died after it was sent on
#                   to the next server (non_idempotent); 0: it answers 502, as nginx does for a POST
#                   by default, and the kiosk (here: this script) sends it again
#   KEEP=1          keep the temporary directory (logs, records, nginx.conf) and say where
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

BUILD_DIR=${BUILD_DIR:-build/release}
SCALE_SERVERS=${SCALE_SERVERS:-2}
SCALE_KIOSKS=${SCALE_KIOSKS:-64}
SCALE_TOKENS=${SCALE_TOKENS:-16}
SCALE_SECONDS=${SCALE_SECONDS:-10}
SCALE_THREADS=${SCALE_THREADS:-$(nproc)}
SCALE_RETRY_SENT=${SCALE_RETRY_SENT:-1}
SCALE_BALANCE=${SCALE_BALANCE:-round-robin}
case $SCALE_BALANCE in round-robin | kiosk) ;; *) die "SCALE_BALANCE must be round-robin or kiosk" ;; esac
server_bin=$BUILD_DIR/server/hailong-server
admin_bin=$BUILD_DIR/server/hailong-admin
bench_bin=$BUILD_DIR/server/bench/hailong-ingest-bench
export HAILONG_LANG=en

say() { echo "scale-out: $*" >&2; }
die() { say "FAIL: $*"; echo "FAIL"; exit 1; }
[ "$SCALE_SERVERS" -ge 2 ] || die "SCALE_SERVERS must be at least 2"

install_commands nginx:nginx jq:jq psql:postgresql-client curl:curl
if [ ! -x "$server_bin" ] || [ ! -x "$admin_bin" ] || [ ! -x "$bench_bin" ]; then
  say "building hailong-server, hailong-admin and hailong-ingest-bench in $BUILD_DIR"
  build_release "$BUILD_DIR" hailong-server hailong-admin hailong-ingest-bench
fi

work=$(mktemp -d /tmp/hailong-scale.XXXXXX)
chmod 755 "$work"  # nginx's workers drop root privileges and must read their configuration
server_pids=()
single_pid=
pg_dir=
cleanup() {
  stop_nginx
  local p
  for p in "${server_pids[@]}" $single_pid; do { kill -TERM "$p" && wait "$p"; } 2>/dev/null || true; done
  [ -n "$pg_dir" ] && bash scripts/pg-throwaway.sh stop "$pg_dir"
  if [ -n "${KEEP:-}" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- PostgreSQL, the site, the servers -------------------------------------------------------
eval "$(bash scripts/pg-throwaway.sh start)"
pg_dir=$HAILONG_PG_DIR
db=$HAILONG_TEST_DATABASE_URL
pg_pid=$(head -1 "$pg_dir/data/postmaster.pid")

# The site as an operator sets it up (docs/operations.md): the store and a CA with a server
# certificate for 127.0.0.1 from hailong-admin init, the organisation, one token per kiosk, an
# analyst to read the indices. The same on the single-server SQLite store of the comparison.
printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n' >"$work/org.csv"
setup_site() {  # setup_site STORE-OPTION STORE TOKENS-FILE: prints the analyst's token
  "$admin_bin" "$1" "$2" import-org "$work/org.csv" >/dev/null
  local i
  for i in $(seq -w 1 "$SCALE_TOKENS"); do
    echo "TH-SCT-$i $("$admin_bin" "$1" "$2" add-kiosk "TH-SCT-$i" --department SCT)"
  done >"$3"
  "$admin_bin" "$1" "$2" add-user phan.tich --role analyst
}
"$admin_bin" --database "$db" init --tls-dir "$work/tls" --host 127.0.0.1 >/dev/null
analyst=$(setup_site --database "$db" "$work/tokens")

# start_server LOG STORE-ARGS...: one hailong-server on a free loopback port; sets started_pid
# and started_port.
start_server() {
  local log=$1 _
  shift
  "$server_bin" "$@" --listen 127.0.0.1:0 --kiosk-rate 0 >"$log.out" 2>"$log.log" &
  started_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$log.out" && break; sleep 0.1; done
  grep -q "listening on" "$log.out" || die "hailong-server did not start: $(tail -3 "$log.log")"
  started_port=$(grep -o '[0-9]*$' "$log.out")
}
ports=()
for i in $(seq "$SCALE_SERVERS"); do
  start_server "$work/server$i" --database "$db" --plain-http
  server_pids+=("$started_pid") ports+=("$started_port")
done
say "PostgreSQL on ${db#*@}, $SCALE_SERVERS servers on ports ${ports[*]}"

# --- nginx -----------------------------------------------------------------------------------
upstream_count=1
nginx_dir=$work/nginx
scale_out_conf() {
  local i servers=
  [ "$SCALE_BALANCE" = kiosk ] && servers+="    hash \$http_authorization consistent;"$'\n'
  for i in $(seq 0 $((upstream_count - 1))); do
    # One failure takes a server out for 5 s; nginx then tries it again with one request.
    servers+="    server 127.0.0.1:${ports[$i]} max_fails=1 fail_timeout=5s;"$'\n'
  done
  cat <<EOF
worker_processes auto;
worker_rlimit_nofile 8192;
daemon off;
$(nginx_prefix_directives "$nginx_dir")
events { worker_connections 4096; }
http {
  access_log off;
$(nginx_temp_paths "$nginx_dir")
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  upstream hailong {
$servers    keepalive 128;
    keepalive_requests 10000000;
    keepalive_timeout 8s;
  }
  server {
    listen 127.0.0.1:$1 ssl;
    ssl_certificate $work/tls/server.crt;
    ssl_certificate_key $work/tls/server.key;
    client_max_body_size 4m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto https;
    location / {
      proxy_pass http://hailong;
    }
    location ~ ^/api/v1/(submissions|kiosk/heartbeat)\$ {
      proxy_pass http://hailong;
      proxy_next_upstream error timeout$([ "$SCALE_RETRY_SENT" = 1 ] && echo " non_idempotent");
    }
  }
}
EOF
}
start_nginx "$nginx_dir" scale_out_conf || die "nginx did not start"
front=https://127.0.0.1:$nginx_port
curl -sf --cacert "$work/tls/ca.crt" "$front/healthz" >/dev/null || die "no answer through nginx"

# --- the load ----------------------------------------------------------------------------------
rows=()
# run_phase NAME RECORD [KILL-PID]: one run of hailong-ingest-bench through nginx, recording every
# submission; with KILL-PID, that server is killed with SIGKILL halfway through. Appends a row.
run_phase() {
  local name=$1 record=$2 victim=${3:-} survivors=() p out bench busy0 srv0 ngx0 pg0 busy srv ngx pg
  for p in "${server_pids[@]:0:$upstream_count}"; do [ "$p" = "$victim" ] || survivors+=("$p"); done
  busy0=$(machine_busy_ticks) srv0=$(process_tree_ticks "${survivors[@]}")
  ngx0=$(process_tree_ticks "$nginx_pid") pg0=$(process_tree_ticks "$pg_pid")
  "$bench_bin" --url "$front" --cacert "$work/tls/ca.crt" --tokens "$work/tokens" --kiosks "$SCALE_KIOSKS" \
    --seconds "$SCALE_SECONDS" --threads "$SCALE_THREADS" --timeout 20 --json --record "$record" >"$record.json" &
  bench=$!
  if [ -n "$victim" ]; then
    sleep "$(awk -v s="$SCALE_SECONDS" 'BEGIN { print s / 2 }')"
    { kill -9 "$victim" && wait "$victim"; } 2>/dev/null || true
    say "killed server 1 (pid $victim) with SIGKILL"
  fi
  wait "$bench" || die "$name: hailong-ingest-bench failed"
  busy=$(($(machine_busy_ticks) - busy0)) srv=$(($(process_tree_ticks "${survivors[@]}") - srv0))
  ngx=$(($(process_tree_ticks "$nginx_pid") - ngx0)) pg=$(($(process_tree_ticks "$pg_pid") - pg0))
  out=$(cat "$record.json")
  say "$name: $(jq -r '"\((.accepted + .duplicate) / .wall_seconds | floor) submissions/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms"' <<<"$out")"
  rows+=("$(jq -r --arg name "$name" --argjson busy "$busy" --argjson srv "$srv" --argjson ngx "$ngx" --argjson pg "$pg" \
    --argjson hz "$clock_ticks" '(100 / .wall_seconds / $hz) as $pct
    | (.transport_errors + ([.responses | to_entries[] | select(.key != "200") | .value] | add // 0)) as $errors
    | "| \($name) | \((.accepted + .duplicate) / .wall_seconds | round) | \(.latency_ms.p50) | \(.latency_ms.p99) | \(.latency_ms.max) | \($errors) | \(.duplicate) | \(.client_cpu_seconds * $hz * $pct | round) | \($srv * $pct | round) | \($ngx * $pct | round) | \($pg * $pct | round) | \(($busy - $srv - $ngx - $pg) * $pct - .client_cpu_seconds * $hz * $pct | round) |"' <<<"$out")")
}

run_phase "1 server behind nginx" "$work/record1"
upstream_count=$SCALE_SERVERS
reload_nginx "$nginx_dir" scale_out_conf || die "nginx did not reload"
run_phase "$SCALE_SERVERS servers behind nginx" "$work/record2"
run_phase "$SCALE_SERVERS servers, server 1 killed -9 halfway" "$work/record3" "${server_pids[0]}"

# send_batches INPUT URL CA TOKENS OUTPUT: the submissions of INPUT ("kiosk_id" and "submission"
# per line) sent to URL in batches of up to 200 per kiosk, each with its kiosk's token from TOKENS;
# OUTPUT gets one line per submission in the --record format, with the status answered.
send_batches() {
  local input=$1 url=$2 ca=$3 tokens=$4 output=$5 kiosk
  local -A token_of=()
  while read -r kiosk token; do token_of[$kiosk]=$token; done <"$tokens"
  : >"$output"
  jq -c -s 'group_by(.kiosk_id)[] | . as $k | range(0; length; 200) as $i
    | {kiosk_id: $k[0].kiosk_id, submissions: [$k[$i:$i + 200][].submission]}' "$input" |
    while IFS= read -r batch; do
      printf '%s' "$batch" >"$work/batch.json"
      kiosk=$(jq -r .kiosk_id "$work/batch.json")
      curl -sS --fail-with-body --cacert "$ca" -H "Authorization: Bearer ${token_of[$kiosk]}" \
        -H 'Content-Type: application/json' --data-binary @"$work/batch.json" "$url/api/v1/submissions" \
        >"$work/answer.json" || die "sending again to $url: $(cat "$work/answer.json")"
      jq -c -n --slurpfile b "$work/batch.json" --slurpfile r "$work/answer.json" \
        '[$b[0].submissions, $r[0].results] | transpose[] | {kiosk_id: $b[0].kiosk_id, status: .[1].status, submission: .[0]}' >>"$output"
    done
}

# What a kiosk does with a request that got no answer: send it again, here through nginx to the
# servers still running.
cat "$work"/record[123] >"$work/sent"
jq -c 'select(.status == "unanswered")' "$work/sent" >"$work/unanswered"
send_batches "$work/unanswered" "$front" "$work/tls/ca.crt" "$work/tokens" "$work/resent"
cat "$work/sent" "$work/resent" | jq -r '"\(.submission.id) \(.status)"' >"$work/statuses"

# --- the checks --------------------------------------------------------------------------------
failures=()
awk '{ print $1 }' "$work/statuses" | sort -u >"$work/ids.sent"
awk '$2 == "accepted" || $2 == "duplicate" { print $1 }' "$work/statuses" | sort -u >"$work/ids.acked"
awk '$2 == "accepted" { print $1 }' "$work/statuses" | sort | uniq -d >"$work/ids.accepted-twice"
psql "$db" -XAtc "SELECT id FROM submissions" | sort >"$work/ids.stored"
sent=$(wc -l <"$work/ids.sent") acked=$(wc -l <"$work/ids.acked") stored_rows=$(wc -l <"$work/ids.stored")
stored=$(sort -u "$work/ids.stored" | wc -l)
lost=$(comm -23 "$work/ids.acked" "$work/ids.stored" | wc -l)
invented=$(comm -13 "$work/ids.sent" "$work/ids.stored" | wc -l)
doubled=$((stored_rows - stored + $(wc -l <"$work/ids.accepted-twice")))
unacked=$(comm -23 "$work/ids.sent" "$work/ids.acked" | wc -l)
rejected=$(awk '$2 == "rejected"' "$work/statuses" | wc -l)
unanswered=$(wc -l <"$work/unanswered")
duplicates=$(awk '$2 == "duplicate"' "$work/statuses" | wc -l)
[ "$lost" -eq 0 ] || failures+=("$lost acknowledged submissions are not stored: $(comm -23 "$work/ids.acked" "$work/ids.stored" | head -3 | xargs)")
[ "$doubled" -eq 0 ] || failures+=("$doubled submissions stored or accepted twice")
[ "$invented" -eq 0 ] || failures+=("$invented stored submissions were never sent")
[ "$rejected" -eq 0 ] || failures+=("$rejected submissions rejected")
[ "$unacked" -eq 0 ] || failures+=("$unacked submissions still unacknowledged after sending them again")

# The comparison: one server on a fresh SQLite store, sent every stored submission once.
grep -Ff "$work/ids.stored" "$work/sent" | jq -c 'select(.status != "unanswered")' >"$work/stored.jsonl" || true
jq -c 'select(.status == "accepted" or .status == "duplicate")' "$work/resent" >>"$work/stored.jsonl"
single_analyst=$(setup_site --data "$work/single" "$work/single-tokens")
start_server "$work/single" --data "$work/single" --tls-cert "$work/tls/server.crt" --tls-key "$work/tls/server.key"
single_pid=$started_pid single_port=$started_port
send_batches "$work/stored.jsonl" "https://127.0.0.1:$single_port" "$work/tls/ca.crt" "$work/single-tokens" "$work/replayed"
replayed=$(jq -r 'select(.status == "accepted") | .submission.id' "$work/replayed" | sort -u | wc -l)
[ "$replayed" -eq "$stored" ] || failures+=("the single server accepted $replayed of the $stored stored submissions")

from=$(TZ=Asia/Ho_Chi_Minh date -d '-1 day' +%F) to=$(TZ=Asia/Ho_Chi_Minh date -d '+1 day' +%F)
compared=0
for group in department officer service kiosk; do
  for flagged in false true; do
    query="api/v1/indices?group=$group&from=$from&to=$to&include_flagged=$flagged"
    scaled=$(curl -sf --cacert "$work/tls/ca.crt" -H "Authorization: Bearer $analyst" "$front/$query" | jq -S .groups) ||
      failures+=("GET $query through nginx failed")
    single=$(curl -sf --cacert "$work/tls/ca.crt" -H "Authorization: Bearer $single_analyst" \
      "https://127.0.0.1:$single_port/$query" | jq -S .groups) || failures+=("GET $query on the single server failed")
    if [ "$scaled" = "$single" ]; then
      compared=$((compared + 1))
    else
      failures+=("indices by $group (include_flagged=$flagged) differ: $(diff <(echo "$scaled") <(echo "$single") | head -6 | xargs)")
    fi
  done
done
responses=$(curl -sf --cacert "$work/tls/ca.crt" -H "Authorization: Bearer $analyst" \
  "$front/api/v1/indices?group=department&from=$from&to=$to&include_flagged=true" | jq '[.groups[].responses] | add // 0')
[ "${responses:-0}" -eq "$stored" ] || failures+=("the indices count $responses responses, the store holds $stored")

# --- the report ----------------------------------------------------------------------------------
echo
echo "Scale-out benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(machine_line), load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(build_type "$BUILD_DIR") build; $SCALE_KIOSKS kiosks (closed loop, batch 1) on $SCALE_TOKENS kiosk tokens, $SCALE_SECONDS s per phase," \
  "$SCALE_THREADS client threads, balanced $SCALE_BALANCE; HTTPS to nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), plain HTTP to the servers on loopback; PostgreSQL $(psql "$db" -XAtc 'SHOW server_version' | cut -d' ' -f1) on loopback; CPU in % of one core."
echo
echo "| phase | submissions/s | p50 ms | p99 ms | max ms | errors | duplicate | client CPU % | servers CPU % | nginx CPU % | PostgreSQL CPU % | other CPU % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "at the kill: $(grep -c 'upstream prematurely closed' "$nginx_dir/logs/error.log" || true) requests in flight on server 1," \
  "$([ "$SCALE_RETRY_SENT" = 1 ] && echo "passed on to the next server by nginx" || echo "answered 502 by nginx");" \
  "$(grep -c 'connect() failed' "$nginx_dir/logs/error.log" || true) connections to it refused afterwards"
echo "sent $sent submissions; $unanswered unanswered during the kill, sent again: all answered; acknowledged $acked; stored $stored ($stored_rows rows); answered duplicate $duplicates"
echo "lost=$lost doubled=$doubled invented=$invented rejected=$rejected"
echo "indices through nginx = one server on SQLite sent the same $stored submissions: $compared of 8 queries (4 groupings × flagged in or out)"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'scale-out: FAIL: %s\n' "${failures[@]}" >&2
  echo "FAIL"
  exit 1
fi
echo "PASS"
