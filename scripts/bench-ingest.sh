#!/usr/bin/env bash
# Ingest load benchmark (docs/performance.md): runs hailong-ingest-bench against each target at
# 1, 64 and 512 concurrent kiosks, each run bounded in time and repeated, and prints the medians as
# a Markdown table together with the machine it ran on.
#
# Targets (BENCH_TARGETS, default "raw nginx sqlite postgres"):
#   raw       hailong-store-bench: the same rows inserted straight into SQLite with the server's
#             durability (WAL, synchronous=FULL), one submission per commit, no HTTP: what one
#             durable commit per request allows.
#   nginx     the reference ceiling: nginx answering POST /api/v1/submissions with a fixed
#             {"results":[]} over the same HTTPS and keep-alive set-up, on 127.0.0.1. No server can
#             beat it on this machine with this client; hailong-server is compared with it as a ratio.
#   sqlite    hailong-server on its embedded SQLite store (--data), group commit.
#   postgres  hailong-server on a throwaway PostgreSQL on loopback (--database).
#   sqlite-norollups
#             hailong-server on SQLite started with --benchmark-without-rollups: what keeping the
#             rollups and suspicion flags at ingest costs (the indices issue's limit is 20%).
# A new target is one more function that starts the program, calls run_target and stops it.
#
# Everything runs on 127.0.0.1 in a temporary directory removed on exit. Needs root (or sudo) only to
# install nginx, openssl and jq with apt when they are missing.
#
# Environment:
#   BUILD_DIR       build directory holding the tool, built if missing (default build/release)
#   BENCH_SECONDS   length of one run in seconds (default 10)
#   BENCH_REPEATS   runs per concurrency; the table shows the median of each column (default 3)
#   BENCH_KIOSKS    concurrencies (default "1 64 512")
#   BENCH_BATCH     submissions per request (default 1)
#   BENCH_TARGETS   which targets to run, in order (default "raw nginx sqlite postgres")
#   BENCH_THREADS   client threads of hailong-ingest-bench (default: the number of cores). With one
#                   thread the client, not the target, limits the nginx rows at 64 kiosks and more.
#   BENCH_IDS       submission ids: v7 (time-ordered, as the kiosk makes them; default) or v4
#                   (random, as another client may send them)
#   BENCH_SERVER_WRAPPER
#                   a command put in front of hailong-server, to profile it under load, e.g.
#                   "perf record -e cpu-clock -g -o /tmp/perf.data" (empty by default)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_REPEATS=${BENCH_REPEATS:-3}
BENCH_KIOSKS=${BENCH_KIOSKS:-"1 64 512"}
BENCH_BATCH=${BENCH_BATCH:-1}
BENCH_THREADS=${BENCH_THREADS:-$(nproc)}
BENCH_IDS=${BENCH_IDS:-v7}
BENCH_TARGETS=${BENCH_TARGETS:-"raw nginx sqlite postgres"}
bench_tool=$BUILD_DIR/server/bench/hailong-ingest-bench

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

say() { echo "bench-ingest: $*" >&2; }
die() { say "$*"; exit 1; }

install_missing() {
  # Debian 12's nginx-light is only a transitional package that pulls in nginx and an extra module.
  install_commands nginx:nginx openssl:openssl jq:jq
}

build_tool() {
  say "building the benchmark programs and hailong-server in $BUILD_DIR (Release)"
  build_release "$BUILD_DIR" hailong-ingest-bench hailong-store-bench hailong-server hailong-admin
}

# A throwaway CA and a server certificate for IP 127.0.0.1 signed by it (ECDSA P-256), so that the
# client verifies TLS exactly as a kiosk does. Writes $work/tls/{ca.crt,server.crt,server.key}.
make_certificates() {
  local tls=$work/tls
  mkdir -m 700 "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=hailong bench CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 2 -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
}

# nginx answering POST /api/v1/submissions with a fixed {"results":[]}: the configuration for port $1.
nginx_reference_conf() {
  local dir=$work/nginx
  # keepalive_requests: one kiosk sends some 15,000 requests/s here, so nginx's default (1000), or
  # even 100000, would make the single-kiosk run measure reconnections that nginx forced.
  cat <<EOF
worker_processes auto;
worker_rlimit_nofile 8192;
daemon off;
$(nginx_prefix_directives "$dir")
events { worker_connections 4096; }
http {
  access_log off;
$(nginx_temp_paths "$dir")
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:$1 ssl;
    ssl_certificate $work/tls/server.crt;
    ssl_certificate_key $work/tls/server.key;
    location = /api/v1/submissions {
      default_type application/json;
      return 200 '{"results":[]}';
    }
  }
}
EOF
}

cleanup() {
  stop_nginx
  stop_hailong
  [ -n "${pg_dir:-}" ] && bash scripts/pg-throwaway.sh stop "$pg_dir"
  [ -n "${work:-}" ] && rm -rf "$work"
}

table_rows=()
server_pid=

# run_target NAME URL PATH TOKEN-ARGS...: BENCH_REPEATS runs of BENCH_SECONDS at each concurrency
# of BENCH_KIOSKS against URL+PATH; TOKEN-ARGS (credentials, TLS) go to hailong-ingest-bench as
# they are. The caller sets server_pid to the target's main process, whose CPU time (with its child
# processes) is reported as "server". Appends one Markdown row per concurrency with the median of
# each column over the runs; "failed" counts transport errors and answers other than 200 over all
# runs of the row. CPU columns are in % of one core over the run; "other" is what the rest of the
# machine used meanwhile, the noise of a shared machine.
run_target() {
  local name=$1 url=$2 path=$3
  shift 3
  local kiosks run out busy_before server_before busy server cpu c s o
  local rps=() p50=() p99=() client_cpu=() server_cpu=() other_cpu=() failed
  for kiosks in $BENCH_KIOSKS; do
    rps=() p50=() p99=() client_cpu=() server_cpu=() other_cpu=() failed=0
    for run in $(seq "$BENCH_REPEATS"); do
      busy_before=$(machine_busy_ticks)
      server_before=$(process_tree_ticks "$server_pid")
      out=$("$bench_tool" --url "$url" --path "$path" --kiosks "$kiosks" --batch "$BENCH_BATCH" \
        --seconds "$BENCH_SECONDS" --threads "$BENCH_THREADS" --ids "$BENCH_IDS" --json "$@") ||
        die "$name, $kiosks kiosks: hailong-ingest-bench failed"
      busy=$(($(machine_busy_ticks) - busy_before))
      server=$(($(process_tree_ticks "$server_pid") - server_before))
      # client, server and other CPU in % of one core over the wall time of the run.
      cpu=$(jq -r --argjson busy "$busy" --argjson server "$server" --argjson hz "$clock_ticks" \
        '(100 / .wall_seconds) as $pct
         | [.client_cpu_seconds * $pct, $server / $hz * $pct,
            ([($busy - $server) / $hz - .client_cpu_seconds, 0] | max) * $pct]
         | map(round) | @tsv' <<<"$out")
      read -r c s o <<<"$cpu"
      rps+=("$(jq '.requests_per_second' <<<"$out")")
      p50+=("$(jq '.latency_ms.p50' <<<"$out")")
      p99+=("$(jq '.latency_ms.p99' <<<"$out")")
      client_cpu+=("$c") server_cpu+=("$s") other_cpu+=("$o")
      failed=$((failed + $(jq '.transport_errors + ([.responses | to_entries[] | select(.key != "200") | .value] | add // 0)' <<<"$out")))
      say "$name, $kiosks kiosks, run $run/$BENCH_REPEATS: $(jq -r '"\(.requests_per_second | floor) requests/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, \(.connections_opened) connections"' <<<"$out"), CPU % client $c server $s other $o"
    done
    table_rows+=("$(printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |' "$name" "$kiosks" "$BENCH_BATCH" \
      "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p50[@]}" | median)" \
      "$(printf '%s\n' "${p99[@]}" | median)" "$failed" "$(printf '%s\n' "${client_cpu[@]}" | median)" \
      "$(printf '%s\n' "${server_cpu[@]}" | median)" "$(printf '%s\n' "${other_cpu[@]}" | median)")")
  done
}

bench_nginx() {
  start_nginx "$work/nginx" nginx_reference_conf || die "nginx did not start"
  server_pid=$nginx_pid
  say "nginx ceiling on https://127.0.0.1:$nginx_port"
  run_target nginx "https://127.0.0.1:$nginx_port" /api/v1/submissions \
    --token bench-token --kiosk-id BENCH-01 --cacert "$work/tls/ca.crt"
  stop_nginx
}

# hailong-server with STORE-ARGS (--data DIR or --database URL): a demo department, one kiosk
# token shared by every simulated kiosk (authentication costs the same per request either way),
# and no per-kiosk rate limit (real kiosks send about one request a minute; this sends thousands).
hailong_pid=
server_args=()  # options for hailong-server alone (not hailong-admin)
start_hailong() {
  local admin=$BUILD_DIR/server/hailong-admin
  printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n' >"$work/org.csv"
  "$admin" "$@" import-org "$work/org.csv" >/dev/null
  # A new kiosk each time: a target run twice reuses its store, which then holds several.
  hailong_kiosk="BENCH-$RANDOM$RANDOM"
  hailong_token=$("$admin" "$@" add-kiosk "$hailong_kiosk" --department SCT)
  : >"$work/hailong.out"
  # shellcheck disable=SC2086  # the wrapper is a command with its arguments
  ${BENCH_SERVER_WRAPPER:-} "$BUILD_DIR/server/hailong-server" "$@" --listen 127.0.0.1:0 --tls-cert "$work/tls/server.crt" \
    --tls-key "$work/tls/server.key" --kiosk-rate 0 "${server_args[@]}" >"$work/hailong.out" 2>/dev/null &
  hailong_pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/hailong.out" && break; sleep 0.1; done
  hailong_port=$(grep -o '[0-9]*$' "$work/hailong.out") || die "hailong-server did not start"
}

stop_hailong() {
  [ -n "${hailong_pid:-}" ] || return 0
  kill -TERM "$hailong_pid" 2>/dev/null || true
  wait "$hailong_pid" 2>/dev/null || true
  hailong_pid=
}

bench_hailong() {
  local name=$1
  shift
  start_hailong "$@"
  server_pid=$hailong_pid
  say "$name on https://127.0.0.1:$hailong_port"
  run_target "$name" "https://127.0.0.1:$hailong_port" /api/v1/submissions \
    --token "$hailong_token" --kiosk-id "$hailong_kiosk" --cacert "$work/tls/ca.crt"
  stop_hailong
}

bench_sqlite() { bench_hailong "hailong-server, SQLite" --data "$work/sqlite"; }
bench_sqlite_norollups() {
  server_args=(--benchmark-without-rollups)
  bench_hailong "hailong-server, SQLite, rollups off" --data "$work/sqlite-norollups"
  server_args=()
}

pg_dir=
bench_postgres() {
  eval "$(bash scripts/pg-throwaway.sh start)"
  pg_dir=$HAILONG_PG_DIR
  bench_hailong "hailong-server, PostgreSQL" --database "$HAILONG_TEST_DATABASE_URL"
  bash scripts/pg-throwaway.sh stop "$pg_dir"
  pg_dir=
}

# The raw insert baseline: no HTTP, no client, so the table shows only its rate.
bench_raw() {
  local run rates=() out
  for run in $(seq "$BENCH_REPEATS"); do
    out=$("$BUILD_DIR/server/bench/hailong-store-bench" --data "$work/raw-$run" --count 5000 --batch 1 --json)
    rates+=("$(jq '.submissions_per_second' <<<"$out")")
    say "raw SQLite inserts, run $run/$BENCH_REPEATS: $(jq '.submissions_per_second | floor' <<<"$out") submissions/s"
  done
  table_rows+=("$(printf '| raw SQLite insert, 1 per commit (no HTTP) | - | 1 | %.0f | - | - | 0 | - | - | - |' \
    "$(printf '%s\n' "${rates[@]}" | median)")")
}

print_report() {
  echo
  echo "Ingest benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(machine_line)," \
    "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$(build_type "$BUILD_DIR") build of the client, $BENCH_REPEATS runs of ${BENCH_SECONDS} s per row, median of each column," \
    "closed loop (one request in flight per kiosk), $BENCH_THREADS client thread(s), TLS verified, version $BENCH_IDS submission ids;" \
    "CPU in % of one core ($(nproc) cores = $(($(nproc) * 100)) %)."
  echo
  echo "| target | kiosks | batch | requests/s | p50 ms | p99 ms | failed | client CPU % | server CPU % | other CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${table_rows[@]}"
}

install_missing
build_tool
# 512 kiosks hold 512 connections on each side of the loopback, all in this process tree.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d /tmp/hailong-bench.XXXXXX)
trap cleanup EXIT
# nginx's worker processes drop root privileges; they must reach the configuration directory.
chmod 755 "$work"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

make_certificates
for target in $BENCH_TARGETS; do
  case $target in
    raw) bench_raw ;;
    nginx) bench_nginx ;;
    sqlite) bench_sqlite ;;
    postgres) bench_postgres ;;
    sqlite-norollups) bench_sqlite_norollups ;;
    *) die "unknown target $target (raw, nginx, sqlite, postgres, sqlite-norollups)" ;;
  esac
done
print_report
