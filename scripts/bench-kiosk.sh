#!/usr/bin/env bash
# Kiosk figures (docs/performance.md, "Kiosk"): hailong-kiosk in a real window under Xvfb with
# Mesa's software renderer, offline (no server_url), as a counter sees it after a power cut.
#   - cold start to first window: from exec to the window being mapped (xdotool --sync), median
#     of KIOSK_RUNS starts;
#   - idle CPU: CPU time the kiosk uses over KIOSK_IDLE_SECONDS on the idle screen, in % of one core;
#   - peak memory: VmHWM (peak resident set) after the idle period and KIOSK_RATINGS ratings;
#   - frame time and the time from the last tap to the durable commit, over KIOSK_RATINGS ratings
#     made from the keyboard (Enter, a digit for the face, Enter to send, Escape on the thank-you
#     screen), as hailong-kiosk --timings records them.
# Needs root (or sudo) only to install xvfb and xdotool when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
KIOSK_RUNS=${KIOSK_RUNS:-5}
KIOSK_IDLE_SECONDS=${KIOSK_IDLE_SECONDS:-30}
KIOSK_RATINGS=${KIOSK_RATINGS:-20}
say() { echo "bench-kiosk: $*" >&2; }

bash scripts/install-deps.sh
command -v xdotool >/dev/null && command -v sqlite3 >/dev/null || apt-get install -y -qq xdotool sqlite3 >/dev/null
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-kiosk >/dev/null
kiosk=$BUILD_DIR/kiosk/hailong-kiosk

work=$(mktemp -d /tmp/hailong-kiosk-bench.XXXXXX)
display=:$((100 + RANDOM % 800))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
kiosk_pid=
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
sleep 1

sed -e 's|"server_url": "[^"]*",||' -e 's|"token_file": "[^"]*",||' -e 's|"ca_file": "[^"]*",||' \
    -e "s|\"data_dir\": \"[^\"]*\"|\"data_dir\": \"$work/data\"|" -e 's|"fullscreen": true|"fullscreen": false|' \
    -e 's|"width": 1920, "height": 1080|"width": 1280, "height": 800|' assets/kiosk/kiosk.example.json >"$work/kiosk.json"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
ticks=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

starts=()
for run in $(seq "$KIOSK_RUNS"); do
  t0=$(date +%s%N)
  "$kiosk" --config "$work/kiosk.json" --timings "$work/timings.txt" >/dev/null 2>&1 &
  kiosk_pid=$!
  xdotool search --sync --onlyvisible --name hailong-kiosk >/dev/null
  t1=$(date +%s%N)
  starts+=("$(( (t1 - t0) / 1000000 ))")
  say "start $run: $(( (t1 - t0) / 1000000 )) ms to the first window"
  if [ "$run" -lt "$KIOSK_RUNS" ]; then kill "$kiosk_pid"; wait "$kiosk_pid" 2>/dev/null || true; kiosk_pid=; fi
done

sleep 2  # let the first frames settle
before=$(cpu_ticks "$kiosk_pid")
sleep "$KIOSK_IDLE_SECONDS"
after=$(cpu_ticks "$kiosk_pid")
idle=$(awk -v d=$((after - before)) -v hz="$ticks" -v s="$KIOSK_IDLE_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')
say "idle: $((after - before)) CPU ticks in ${KIOSK_IDLE_SECONDS} s"

# The citizens: the first with the mouse (tap the idle screen, the middle face, send from the TT 01
# screen), the rest from the keyboard.
xdotool mousemove 640 540 click 1; sleep 1
xdotool mousemove 640 500 click 1; sleep 1
xdotool mousemove 1014 733 click 1; sleep 1
xdotool key Escape; sleep 0.5
window=$(xdotool search --onlyvisible --name hailong-kiosk | head -1)
for i in $(seq 2 "$KIOSK_RATINGS"); do
  # Faces 1 and 2 (Rất hài lòng, Hài lòng): satisfied, so Enter on the TT 01 screen sends.
  for k in Return $((1 + i % 2)) Return; do xdotool key --window "$window" "$k"; sleep 0.3; done
  sleep 0.5
  xdotool key --window "$window" Escape; sleep 0.3
done
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$kiosk_pid/status")
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$kiosk_pid/status")
kill "$kiosk_pid"; wait "$kiosk_pid" 2>/dev/null || true; kiosk_pid=
saved=$(sqlite3 "$work/data/outbox.db" "SELECT count(*) FROM outbox WHERE kind = 'submission'" 2>/dev/null || echo '?')

# p-th percentile (nearest rank) of microseconds on stdin, in ms with 2 decimals.
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR) { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 } }'; }
commits=$(grep -c '^commit ' "$work/timings.txt" || true)
frames=$(grep -c '^frame ' "$work/timings.txt" || true)
commit_col() { awk '$1 == "commit" { print $2 }' "$work/timings.txt" | pct "$1"; }
frame_col() { awk '$1 == "frame" { print $2 }' "$work/timings.txt" | pct "$1"; }
say "$commits commits and $frames frames timed; $saved rows in the outbox"

echo
echo "Kiosk benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "Xvfb 1280x800 with Mesa's software renderer, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| figure | measured |"
echo "|---|---|"
echo "| cold start to the first window, median of $KIOSK_RUNS | $(printf '%s\n' "${starts[@]}" | median) ms |"
echo "| idle CPU over ${KIOSK_IDLE_SECONDS} s on the idle screen | ${idle} % of one core |"
echo "| peak resident memory after $KIOSK_RATINGS ratings | $((hwm / 1024)) MB (now $((rss / 1024)) MB) |"
echo "| frame time, median / p99 / max of $frames frames | $(frame_col 50) / $(frame_col 99) / $(frame_col 100) ms |"
echo "| last tap to durable commit, median / p99 / max of $commits saves | $(commit_col 50) / $(commit_col 99) / $(commit_col 100) ms |"
echo "| saves whose commit came later than 20 ms after the tap | $(awk '$1 == "commit" && $2 > 20000' "$work/timings.txt" | wc -l) of $commits (each: $(awk '$1 == "commit" && $2 > 20000 { printf "%s#%.1f ms", sep, $2 / 1000; sep = ", " }' "$work/timings.txt" | tr '#' ' ')) |"
