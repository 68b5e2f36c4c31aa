#!/usr/bin/env bash
# What the schema 9 upgrade costs on an embedded store (docs/performance.md, "Schema 9 upgrade"):
# a generated year of ratings (hailong-scale-bench generate), taken back to schema 8 with SQL
# (version 9's columns and index dropped), then opened by hailong-admin, which migrates it: the
# harassment backfill and every rollup row rebuilt from the submissions. Side by side in the same
# run: the same command on the already-migrated copy (the cost of opening alone) and a plain
# sqlite3 scan of every submission's rollup columns (the least any rebuild must read).
#
# Environment:
#   BUILD_DIR            build directory (default build/release), built if needed
#   UPGRADE_SUBMISSIONS  submissions in the generated store (default 200000, the demo's size)
#   UPGRADE_RUNS         timed upgrades, each on a fresh copy (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
UPGRADE_SUBMISSIONS=${UPGRADE_SUBMISSIONS:-200000}
UPGRADE_RUNS=${UPGRADE_RUNS:-3}
say() { echo "bench-upgrade: $*" >&2; }

bash scripts/install-deps.sh
command -v sqlite3 >/dev/null || { say "installing sqlite3"; apt-get install -y -qq sqlite3 >/dev/null; }
say "building hailong-admin and hailong-scale-bench in $BUILD_DIR (Release)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-admin hailong-scale-bench >/dev/null
admin=$BUILD_DIR/server/hailong-admin

tmp=$(mktemp -d /tmp/hailong-upgrade.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
say "generating $UPGRADE_SUBMISSIONS submissions"
"$BUILD_DIR/server/bench/hailong-scale-bench" generate --data "$tmp/v9" --submissions "$UPGRADE_SUBMISSIONS" >/dev/null
mkdir -p "$tmp/v8"
cp "$tmp/v9/hailong.db" "$tmp/v8/"
sqlite3 "$tmp/v8/hailong.db" "DROP INDEX submissions_harassment; ALTER TABLE submissions DROP COLUMN harassment;
  ALTER TABLE submissions DROP COLUMN stage; ALTER TABLE rollups DROP COLUMN harassment_reports;
  ALTER TABLE rollups DROP COLUMN late_no_complaint; ALTER TABLE rollups DROP COLUMN with_dossier; PRAGMA user_version=8; VACUUM;"

seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
upgrade=() open=() scan=()
for run in $(seq "$UPGRADE_RUNS"); do
  rm -rf "$tmp/run" && mkdir "$tmp/run" && cp "$tmp/v8/hailong.db" "$tmp/run/"
  sync
  upgrade+=("$(seconds "$admin" --data "$tmp/run" list settings)")
  [ "$(sqlite3 "$tmp/run/hailong.db" "PRAGMA user_version")" = 9 ] || { say "the store was not migrated"; exit 1; }
  open+=("$(seconds "$admin" --data "$tmp/run" list settings)")
  scan+=("$(seconds sqlite3 "$tmp/v8/hailong.db" "SELECT count(*), sum(scale), sum(value), sum(tt01_time), sum(tt01_attitude),
    count(tracking_code), sum(flags), sum(local_day) FROM submissions")")
done
u=$(printf '%s\n' "${upgrade[@]}" | median)
o=$(printf '%s\n' "${open[@]}" | median)
s=$(printf '%s\n' "${scan[@]}" | median)
echo "submissions: $UPGRADE_SUBMISSIONS; runs: $UPGRADE_RUNS"
echo "upgrade 8 -> 9 (s): ${upgrade[*]}; median $u"
echo "open, already at 9 (s): ${open[*]}; median $o"
echo "sqlite3 scan of the rows (s): ${scan[*]}; median $s"
awk -v u="$u" -v s="$s" -v n="$UPGRADE_SUBMISSIONS" 'BEGIN { printf "upgrade / scan: %.1fx; %.0f submissions/s\n", u / s, n / u }'
