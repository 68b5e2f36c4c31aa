#!/usr/bin/env bash
# Kiosk figures (docs/performance.md, "Kiosk"): hailong-kiosk in a real window under Xvfb with
# Mesa's software renderer, offline (no server_url), as a counter sees it after a power cut.
#   - cold start: from exec to the first frame on the screen (the header's colour at a pixel of
#     Xvfb's frame buffer), median of KIOSK_RUNS starts;
#   - peak memory with the modes toggled: after each start, KIOSK_TOGGLES rounds of what a citizen
#     does on the idle screen (large text on, high contrast on, English, large text off, high
#     contrast off, Vietnamese) and on the rating screen (large text and high contrast on and off),
#     then VmHWM (peak resident set); median of the KIOSK_RUNS starts;
#   - idle CPU: CPU time the kiosk uses over KIOSK_IDLE_SECONDS on the idle screen, in % of one core;
#   - peak memory: VmHWM after all that, the idle period and KIOSK_RATINGS ratings;
#   - frame time and the time from the last tap to the durable commit, over KIOSK_RATINGS ratings
#     made from the keyboard (Enter, a digit for the face, Enter to send, Escape on the thank-you
#     screen), as hailong-kiosk --timings records them.
# KIOSK_BEFORE=PATH measures another hailong-kiosk binary (an earlier commit's) in the same run,
# its starts alternating with this build's, and prints its figures in a column before this one.
# Needs root (or sudo) only to install xvfb and xdotool when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build/release}
KIOSK_RUNS=${KIOSK_RUNS:-5}
KIOSK_IDLE_SECONDS=${KIOSK_IDLE_SECONDS:-30}
KIOSK_RATINGS=${KIOSK_RATINGS:-20}
KIOSK_TOGGLES=${KIOSK_TOGGLES:-3}
say() { echo "bench-kiosk: $*" >&2; }

bash scripts/install-deps.sh
command -v xdotool >/dev/null && command -v sqlite3 >/dev/null || apt-get install -y -qq xdotool sqlite3 >/dev/null
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target hailong-kiosk >/dev/null
kiosk=$BUILD_DIR/kiosk/hailong-kiosk

work=$(mktemp -d /tmp/hailong-kiosk-bench.XXXXXX)
display=:$((100 + RANDOM % 800))
mkdir -p "$work/fb"
Xvfb "$display" -screen 0 1280x800x24 -fbdir "$work/fb" >/dev/null 2>&1 &
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

binaries=("$kiosk")
labels=("this build")
if [ -n "${KIOSK_BEFORE:-}" ]; then
  binaries=("$KIOSK_BEFORE" "$kiosk")
  labels=("before ($KIOSK_BEFORE)" "this build")
fi

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
ticks=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
status_mb() { awk -v f="$2:" '$1 == f { print int($2 / 1024) }' "/proc/$1/status"; }

# The frame buffer's pixel (10, 10), in the header band: Xvfb's XWD file (big-endian header,
# then the colour map, then 32-bit pixels, blue first).
fb=$work/fb/Xvfb_screen0
field() { od -An -tu4 --endian=big -j "$1" -N4 "$fb" | tr -d ' '; }
pixel_at=$(( $(field 0) + 12 * $(field 76) + 10 * $(field 48) + 10 * 4 ))
header_shown() { [ "$(od -An -tx1 -j "$pixel_at" -N3 "$fb" | tr -d ' ')" = 944f0a ]; }  # #0A4F94

tap() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
# Where the controls are in the 1280×800 window at its default size (the same in both text sizes).
large=(778 55); contrast=(973 55); vietnamese=(333 726); english=(602 726); start=(640 540)
toggle_modes() {
  local round
  for round in $(seq "$KIOSK_TOGGLES"); do
    tap "${large[@]}"; tap "${contrast[@]}"; tap "${english[@]}"
    tap "${large[@]}"; tap "${contrast[@]}"; tap "${vietnamese[@]}"
    tap "${start[@]}" 0.6
    tap "${large[@]}"; tap "${contrast[@]}"; tap "${large[@]}"; tap "${contrast[@]}"
    xdotool key Escape; sleep 0.6
  done
  sleep 0.5
  header_shown || say "warning: the kiosk is not back on its idle screen in normal contrast (a tap was lost?)"
}

# start_kiosk BINARY INDEX [record]: runs it; records the time to its first frame when asked. The
# frame buffer is polled every 2 ms (xdotool's --sync polls every half second: too coarse).
start_kiosk() {
  local t0 t1 waited=0
  while header_shown && [ "$waited" -lt 100 ]; do sleep 0.01; waited=$((waited + 1)); done  # the last one's gone
  t0=$(date +%s%N)
  "$1" --config "$work/kiosk.json" --timings "$work/timings.$2.txt" >/dev/null 2>&1 &
  kiosk_pid=$!
  until header_shown; do
    sleep 0.002
    [ $(( $(date +%s%N) - t0 )) -lt 20000000000 ] || { say "no first frame in 20 s"; exit 1; }
  done
  t1=$(date +%s%N)
  xdotool search --sync --onlyvisible --name hailong-kiosk >/dev/null
  [ -n "${3:-}" ] || return 0
  echo $(( (t1 - t0) / 1000000 )) >>"$work/first_frame.$2"
  say "${labels[$2]}: $(( (t1 - t0) / 1000000 )) ms to the first frame"
}
stop_kiosk() { kill "$kiosk_pid"; wait "$kiosk_pid" 2>/dev/null || true; kiosk_pid=; }

for run in $(seq "$KIOSK_RUNS"); do
  for b in "${!binaries[@]}"; do
    rm -rf "$work/data"
    start_kiosk "${binaries[$b]}" "$b" record
    sleep 2  # let the first frames settle
    echo "$(status_mb "$kiosk_pid" VmHWM)" >>"$work/start_hwm.$b"
    toggle_modes
    echo "$(status_mb "$kiosk_pid" VmHWM)" >>"$work/toggled_hwm.$b"
    say "${labels[$b]}: peak $(tail -1 "$work/start_hwm.$b") MB after the start, $(tail -1 "$work/toggled_hwm.$b") MB with the modes toggled"
    stop_kiosk
  done
done

for b in "${!binaries[@]}"; do
  rm -rf "$work/data" "$work/timings.$b.txt"
  start_kiosk "${binaries[$b]}" "$b"
  sleep 2
  before=$(cpu_ticks "$kiosk_pid")
  sleep "$KIOSK_IDLE_SECONDS"
  after=$(cpu_ticks "$kiosk_pid")
  awk -v d=$((after - before)) -v hz="$ticks" -v s="$KIOSK_IDLE_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }' >"$work/idle.$b"
  say "${labels[$b]}: idle: $((after - before)) CPU ticks in ${KIOSK_IDLE_SECONDS} s"
  toggle_modes

  # The citizens: the first with the mouse (tap the idle screen, the middle face, send from the
  # TT 01 screen), the rest from the keyboard.
  xdotool mousemove 640 540 click 1; sleep 1
  xdotool mousemove 640 500 click 1; sleep 1
  xdotool mousemove 1014 733 click 1; sleep 1
  xdotool key Escape; sleep 0.5
  window=$(xdotool search --onlyvisible --name hailong-kiosk | head -1)
  for i in $(seq 2 "$KIOSK_RATINGS"); do
    # Faces 1 and 2 (Rất hài lòng, Hài lòng): satisfied, so Enter on the TT 01 screen sends.
    # Half a second apart: the tap guard ignores a touch or key on a screen shown under 300 ms ago.
    for k in Return $((1 + i % 2)) Return; do xdotool key --window "$window" "$k"; sleep 0.5; done
    sleep 0.5
    xdotool key --window "$window" Escape; sleep 0.5
  done
  echo "$(status_mb "$kiosk_pid" VmHWM) MB (now $(status_mb "$kiosk_pid" VmRSS) MB)" >"$work/rated_hwm.$b"
  stop_kiosk
  sqlite3 "$work/data/outbox.db" "SELECT count(*) FROM outbox WHERE kind = 'submission'" >"$work/saved.$b" 2>/dev/null || echo '?' >"$work/saved.$b"
done

# p-th percentile (nearest rank) of microseconds on stdin, in ms with 2 decimals.
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR) { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 } }'; }
col() { awk -v k="$2" '$1 == k { print $2 }' "$work/timings.$1.txt"; }
over20() { awk '$1 == "commit" && $2 > 20000 { printf "%s#%.1f ms", sep, $2 / 1000; sep = ", " }' "$work/timings.$1.txt" | tr '#' ' '; }
row() {  # row LABEL FUNCTION: one cell per binary
  local line="| $1 |" b
  for b in "${!binaries[@]}"; do line+=" $($2 "$b") |"; done
  echo "$line"
}
cell_first() { echo "$(median <"$work/first_frame.$1") ms"; }
cell_start_hwm() { echo "$(median <"$work/start_hwm.$1") MB ($(sort -g "$work/start_hwm.$1" | tr '\n' ' ' | sed 's/ $//'))"; }
cell_toggled_hwm() { echo "$(median <"$work/toggled_hwm.$1") MB ($(sort -g "$work/toggled_hwm.$1" | tr '\n' ' ' | sed 's/ $//'))"; }
cell_idle() { echo "$(cat "$work/idle.$1") % of one core"; }
cell_rated_hwm() { cat "$work/rated_hwm.$1"; }
cell_frames() { echo "$(col "$1" frame | pct 50) / $(col "$1" frame | pct 99) / $(col "$1" frame | pct 100) ms of $(col "$1" frame | wc -l)"; }
cell_commits() { echo "$(col "$1" commit | pct 50) / $(col "$1" commit | pct 99) / $(col "$1" commit | pct 100) ms of $(col "$1" commit | wc -l) ($(cat "$work/saved.$1") rows in the outbox)"; }
cell_over20() { echo "$(col "$1" commit | awk '$1 > 20000' | wc -l) of $(col "$1" commit | wc -l) ($(over20 "$1"))"; }

echo
echo "Kiosk benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "Xvfb 1280x800 with Mesa's software renderer, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
header="| figure |"; rule="|---|"
for b in "${!binaries[@]}"; do header+=" ${labels[$b]} |"; rule+="---|"; done
echo "$header"
echo "$rule"
row "cold start to the first frame, median of $KIOSK_RUNS" cell_first
row "peak resident memory 2 s after the start, median (each) of $KIOSK_RUNS" cell_start_hwm
row "peak resident memory with the modes toggled ($KIOSK_TOGGLES rounds), median (each) of $KIOSK_RUNS" cell_toggled_hwm
row "idle CPU over ${KIOSK_IDLE_SECONDS} s on the idle screen" cell_idle
row "peak resident memory after the modes toggled and $KIOSK_RATINGS ratings" cell_rated_hwm
row "frame time, median / p99 / max" cell_frames
row "last tap to durable commit, median / p99 / max" cell_commits
row "saves whose commit came later than 20 ms after the tap" cell_over20
