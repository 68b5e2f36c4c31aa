#!/usr/bin/env bash
# What GET /api/v1/why costs at province scale (docs/performance.md, "The why"): the first quarter
# of the 10-million-rating year that hailong-scale-bench generates (2.5 million ratings from
# 1 January to 31 March, the same province and daily pattern), hailong-server over HTTPS, and the
# why of the department and of the officer with the most ratings asked why, over that quarter
# (90 days, within the why's bound of 93; or the days a store holds), asked RUNS times each with curl as an admin (who gets
# the words too). Side by side in the same run: GET /api/v1/indices for that department's
# officers over the same quarter (rollups only), and the why's own raw read timed by sqlite3
# alone (the floor: what is left is decoding the rows and counting the words).
#
# Environment: BUILD_DIR (default build/release; must hold hailong-server, hailong-admin and
# hailong-scale-bench, built by the caller), WHY_DATA (default build/why-data, generated if
# missing), RUNS (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
WHY_DATA=${WHY_DATA:-build/why-data}
RUNS=${RUNS:-9}
bin=$BUILD_DIR/server
from=2026-01-01
to=2026-03-31
say() { echo "bench-why: $*" >&2; }
export HAILONG_LANG=en

if [ ! -f "$WHY_DATA/complete" ]; then
  say "generating the first quarter of the 10-million year in $WHY_DATA"
  rm -rf "$WHY_DATA"
  "$bin/bench/hailong-scale-bench" generate --data "$WHY_DATA" --submissions 2500000 --year 2026 --until "$to" >&2
  touch "$WHY_DATA/complete"
fi
db=$WHY_DATA/hailong.db
# The store's own dates (a store whose generation was stopped early holds fewer days).
from=$(sqlite3 "$db" "SELECT date(min(local_day) * 86400, 'unixepoch') FROM submissions")
to=$(sqlite3 "$db" "SELECT date(max(local_day) * 86400, 'unixepoch') FROM submissions")
tmp=$(mktemp -d /tmp/hailong-why.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

first_day=$(( $(date -u -d "$from" +%s) / 86400 ))
last_day=$(( $(date -u -d "$to" +%s) / 86400 ))
asked="flags = 0 AND local_day BETWEEN $first_day AND $last_day
       AND (value < scale - 1 OR harassment = 1 OR reasons <> '[]' OR comment IS NOT NULL)"
read -r dep dep_asked < <(sqlite3 -separator ' ' "$db" "SELECT department, count(*) FROM submissions WHERE $asked
  GROUP BY department ORDER BY count(*) DESC LIMIT 1")
read -r officer officer_asked < <(sqlite3 -separator ' ' "$db" "SELECT officer, count(*) FROM submissions WHERE $asked
  AND department = '$dep' AND officer IS NOT NULL GROUP BY officer ORDER BY count(*) DESC LIMIT 1")
comments=$(sqlite3 "$db" "SELECT count(*) FROM submissions WHERE $asked AND department = '$dep' AND comment IS NOT NULL")
total=$(sqlite3 "$db" "SELECT count(*) FROM submissions")
say "$total ratings; $dep: $dep_asked asked why ($comments comments); $officer: $officer_asked"

token=$("$bin/hailong-admin" --data "$WHY_DATA" add-user "bench.why.$$" --role admin)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
"$bin/hailong-server" --data "$WHY_DATA" --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" \
  --no-dashboard >"$tmp/server.out" 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 300); do grep -q "listening on" "$tmp/server.out" && break; sleep 0.1; done
url="https://127.0.0.1:$(grep -o '[0-9]*$' "$tmp/server.out")"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed PATH: the median of RUNS answers' total times in ms (each must be 200)
timed() {
  for _ in $(seq "$RUNS"); do
    curl -sk -o "$tmp/answer.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" "$url$1" >"$tmp/t"
    read -r code seconds <"$tmp/t"
    [ "$code" = 200 ] || { say "HTTP $code for $1: $(cat "$tmp/answer.json")"; exit 1; }
    awk -v s="$seconds" 'BEGIN {printf "%.1f\n", s * 1000}'
  done | median
}
sql_timed() {
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    sqlite3 "$db" "SELECT * FROM submissions WHERE department = '$dep' AND $asked ORDER BY created_at_us DESC, seq DESC LIMIT 50001" >/dev/null
    echo $(( ($(date +%s%N) - start) / 100000 )) | awk '{printf "%.1f\n", $1 / 10}'
  done | median
}
why_dep=$(timed "/api/v1/why?department=$dep&from=$from&to=$to")
words=$(jq -c '[.words.words[0:3][] | "\(.term) \(.count)"]' "$tmp/answer.json")
why_officer=$(timed "/api/v1/why?department=$dep&officer=$officer&from=$from&to=$to")
indices=$(timed "/api/v1/indices?group=officer&department=$dep&from=$from&to=$to")
raw=$(sql_timed)

echo "The why, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before $(cut -d' ' -f1-3 /proc/loadavg); $BUILD_DIR; medians of $RUNS"
echo
echo "| request ($from to $to, $total ratings in the store) | rows asked why | ms |"
echo "|---|---|---|"
echo "| GET /api/v1/why, department $dep (words: $words) | $dep_asked ($comments comments) | $why_dep |"
echo "| GET /api/v1/why, officer $officer | $officer_asked | $why_officer |"
echo "| GET /api/v1/indices?group=officer, department $dep (rollups) | – | $indices |"
echo "| sqlite3 alone: the why's raw read for $dep | $dep_asked | $raw |"
