#!/usr/bin/env bash
# Scale benchmark of the indices (docs/performance.md, "Indices at province scale"): a generated
# province's year of ratings (hailong-scale-bench generate: 60 departments, 1,500 officers, 300
# services, 200 kiosks, office-hours patterns), then every year-long GET /api/v1/indices grouping
# read from the rollups, side by side in the same run with the naive GROUP BY over the raw rows,
# on SQLite and on a throwaway PostgreSQL; and what keeping rollups costs the store's ingest.
#
# Environment:
#   BUILD_DIR           build directory (default build/release), built if needed
#   SCALE_SUBMISSIONS   submissions in the generated year (default 10000000)
#   SCALE_DATA          where the generated SQLite store is kept between runs (default
#                       build/scale-data); a store holding exactly SCALE_SUBMISSIONS is reused
#   SCALE_STORES        which stores to query (default "sqlite postgres")
#   SCALE_RUNS          timed runs of each indices query (default 7; the naive query runs 3 times)
#   SCALE_INGEST        submissions for the rollups on/off ingest comparison (default 1000000;
#                       0 skips it)
# Needs about 5 GB of disk per store at 10 million submissions; takes 20 to 40 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
SCALE_SUBMISSIONS=${SCALE_SUBMISSIONS:-10000000}
SCALE_DATA=${SCALE_DATA:-build/scale-data}
SCALE_STORES=${SCALE_STORES:-"sqlite postgres"}
SCALE_RUNS=${SCALE_RUNS:-7}
SCALE_INGEST=${SCALE_INGEST:-1000000}
tool=$BUILD_DIR/server/bench/hailong-scale-bench

say() { echo "bench-scale: $*" >&2; }

bash scripts/install-deps.sh
command -v jq >/dev/null || { say "installing jq"; apt-get install -y -qq jq >/dev/null; }
say "building hailong-scale-bench in $BUILD_DIR (Release)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-scale-bench >/dev/null

pg_dir=
tmp=$(mktemp -d /tmp/hailong-scale.XXXXXX)
cleanup() {
  [ -n "$pg_dir" ] && bash scripts/pg-throwaway.sh stop "$pg_dir"
  rm -rf "$tmp"
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
reports=()
generated=()

# generate NAME STORE-ARGS...: fills an empty store, and records the rate.
generate() {
  local name=$1
  shift
  say "$name: generating $SCALE_SUBMISSIONS submissions"
  local out
  out=$("$tool" generate "$@" --submissions "$SCALE_SUBMISSIONS")
  generated+=("| $name | $(jq -r '"\(.stored) | \(.seconds) | \(.submissions_per_second)"' <<<"$out") |")
}

for store in $SCALE_STORES; do
  case $store in
    sqlite)
      dir=$SCALE_DATA/sqlite-$SCALE_SUBMISSIONS
      if [ -f "$dir/complete" ]; then
        say "SQLite: reusing the store generated in $dir"
      else
        rm -rf "$dir"
        generate SQLite --data "$dir"
        touch "$dir/complete"
      fi
      say "SQLite: querying"
      reports+=("$("$tool" query --data "$dir" --runs "$SCALE_RUNS")")
      ;;
    postgres)
      eval "$(bash scripts/pg-throwaway.sh start)"
      pg_dir=$HAILONG_PG_DIR
      generate PostgreSQL --database "$HAILONG_TEST_DATABASE_URL"
      say "PostgreSQL: querying"
      reports+=("$("$tool" query --database "$HAILONG_TEST_DATABASE_URL" --runs "$SCALE_RUNS")")
      bash scripts/pg-throwaway.sh stop "$pg_dir"
      pg_dir=
      ;;
    *) say "unknown store $store (sqlite, postgres)"; exit 1 ;;
  esac
done

# What rollups cost the store's own ingest (batches of 5,000, no HTTP), alternating on and off
# three times so that both see the same machine.
ingest_rows=()
if [ "$SCALE_INGEST" -gt 0 ]; then
  for run in 1 2 3; do
    for mode in on off; do
      flag=()
      [ "$mode" = off ] && flag=(--without-rollups)
      rm -rf "$tmp/ingest"
      out=$("$tool" generate --data "$tmp/ingest" --submissions "$SCALE_INGEST" "${flag[@]}")
      rate=$(jq '.submissions_per_second' <<<"$out")
      say "store ingest, rollups $mode, run $run: $rate submissions/s"
      ingest_rows+=("$mode $rate")
    done
  done
fi

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

echo
echo "Scale benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(free -h | awk '/^Mem:/ { print $2 }') memory, load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ${#generated[@]} -gt 0 ]; then
  echo
  echo "| generated into | submissions | seconds | submissions/s |"
  echo "|---|---|---|---|"
  printf '%s\n' "${generated[@]}"
fi
for r in "${reports[@]}"; do
  echo
  echo "$r"
done
if [ ${#ingest_rows[@]} -gt 0 ]; then
  on=$(printf '%s\n' "${ingest_rows[@]}" | awk '$1 == "on" { print $2 }' | median)
  off=$(printf '%s\n' "${ingest_rows[@]}" | awk '$1 == "off" { print $2 }' | median)
  echo
  echo "Store ingest of $SCALE_INGEST generated submissions into SQLite, batches of 5,000, median of 3 runs each:"
  echo
  echo "| rollups and flags | submissions/s |"
  echo "|---|---|"
  echo "| on | $on |"
  echo "| off | $off |"
  echo "| on / off | $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.2f", a / b }') |"
fi
