#!/usr/bin/env bash
# The kill -9 soak of the kiosk's store-then-forward core against a real hailong-server over HTTPS
# on 127.0.0.1. Each cycle starts hailong_kiosk_driver (a kiosk without its window: citizens rate
# one after another, each face tap kept open in the outbox and journaled with fsync, the rest of
# the answers kept, the whole saved complete and acknowledged in the journal, while the uploader
# sends) and kill -9s it after a random delay of 0 to 1.5 s, which lands while the outbox opens,
# inside a commit (a face tap or an amendment kept open, a save: the SQLite commit and its fsync),
# while the thank-you is being journaled, with an upload in flight, or between steps (a rating
# kept open and not yet complete among them); the driver's trace says which. In about one
# cycle in SERVER_KILL_EVERY the server is kill -9'd as well at a random moment of the cycle and
# restarted on the same port before the kiosk dies. At the end a last driver drains the outbox and
# the audit (hailong_kiosk_audit) checks, with the server stopped:
#   - every rating whose face tap was kept, and every acknowledged one, is on the server (lost 0),
#     field by field as last kept or saved;
#   - nothing is on the server that the outbox does not hold (invented 0), and the server holds no
#     more submissions than distinct ids (duplicated 0); the public indices API counts each once;
#   - tracking codes are distinct, shown as stored, with sequence numbers 1..K (none reused);
#   - the outbox has nothing pending and no dead letters;
#   - at most one rating per kill was kept without being counted (the kill fell between the face
#     tap's commit and its journal line).
# One summary line at the end. Bounded: CYCLES cycles of at most a few seconds each, every driver
# with its own deadline, and the whole run stops after MAX_SECONDS.
#
# Usage: kiosk_kill9_test.sh SERVER ADMIN DRIVER AUDIT (paths of hailong-server, hailong-admin,
# hailong_kiosk_driver, hailong_kiosk_audit).
# Environment: CYCLES (default 100), SEED (default from the clock; printed, so a run can be
# repeated), SERVER_KILL_EVERY (default 10; 0 never kills the server), PACE_MS (driver's mean pause
# between citizens, default 10), MAX_SECONDS (default 3600), KEEP=1 keeps the work directory,
# DRIVER_OPTIONS extra driver options (--unsafe-ack-before-save shows the test failing).
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
server=$1
admin=$2
driver=$3
audit=$4
cycles=${CYCLES:-100}
seed=${SEED:-$(($(date +%s%N) / 1000 % 32768))}
server_kill_every=${SERVER_KILL_EVERY:-10}
pace_ms=${PACE_MS:-10}
max_seconds=${MAX_SECONDS:-3600}
read -r -a driver_options <<<"${DRIVER_OPTIONS:-}"
if ! [[ $cycles =~ ^[0-9]+$ ]] || [ "$cycles" -lt 1 ] || [ "$cycles" -gt 100000 ]; then
  echo "CYCLES must be 1..100000" >&2
  exit 2
fi
RANDOM=$seed
dir=$(mktemp -d)
spid=
dpid=
export HAILONG_LANG=en
fail() {
  echo "FAIL (seed $seed, cycle ${cycle:-0}): $*" >&2
  [ -f "$dir/server.log" ] && grep -v '"status":2' "$dir/server.log" | tail -3 >&2
  exit 1
}
# shellcheck source=e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
cleanup() {
  if [ -n "$dpid" ]; then
    kill -9 "$dpid" 2>/dev/null || true
    wait "$dpid" 2>/dev/null || true
  fi
  kill_server
  if [ -n "${KEEP:-}" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
echo "kill -9 soak: $cycles cycles, seed $seed"
make_site
new_store store
start_server store
fixed_port=$port

# sleep_ms N: sleeps N milliseconds.
sleep_ms() { sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"; }

# What the kiosk was doing when it died, from its trace: the steps begun and not finished.
classify() {
  awk '
    /^ready/ { ready = 1 }
    /^(save|keep)\+/ { save = 1 } /^(save|keep)-/ { save = 0 }
    /^ack\+/ { ack = 1 } /^ack-/ { ack = 0 }
    /^send\+ POST \/api\/v1\/submissions/ { up = 1; next }
    /^send\+/ { other = 1 }
    /^send-/ { up = 0; other = 0 }
    END {
      if (!ready) { print "startup"; exit }
      s = ""
      if (save) s = s " save"
      if (ack) s = s " ack"
      if (up) s = s " upload"
      if (other) s = s " exchange"
      if (s == "") s = " between"
      print substr(s, 2)
    }' "$dir/trace"
}
# How many submissions the server answered "duplicate" (already stored: a resend) in this trace.
count_duplicates() { { grep -o 'duplicate=[0-9]*' "$dir/trace" || true; } | awk -F= '{ n += $2 } END { print n + 0 }'; }
duplicates=0
declare -A kills=([startup]=0 [save]=0 [ack]=0 [upload]=0 [exchange]=0 [between]=0)
server_kills=0

for cycle in $(seq 1 "$cycles"); do
  [ "$SECONDS" -lt "$max_seconds" ] || fail "MAX_SECONDS=$max_seconds passed after $((cycle - 1)) cycles"
  : >"$dir/trace"
  driver_command kiosk "$dir/store.token"
  "${cmd[@]}" --submit 1000000 --pace-ms "$pace_ms" --complaint-every 4 --keep-sent 1000000000 \
    --trace "$dir/trace" --deadline-s 60 "${driver_options[@]}" >>"$dir/driver.out" 2>>"$dir/driver.err" &
  dpid=$!
  delay=$((RANDOM % 1500))
  if [ "$server_kill_every" -gt 0 ] && [ $((RANDOM % server_kill_every)) -eq 0 ]; then
    # The server dies at a random moment of the kiosk's life and is back before the kiosk dies.
    first=$((RANDOM % (delay + 1)))
    sleep_ms "$first"
    kill_server
    server_kills=$((server_kills + 1))
    sleep_ms $(((delay - first) / 2))
    start_server store "$fixed_port"
    sleep_ms $(((delay - first) / 2))
  else
    sleep_ms "$delay"
  fi
  kill -0 "$dpid" 2>/dev/null || { wait "$dpid" || true; fail "the driver died before its kill: $(tail -3 "$dir/driver.err")"; }
  kill -9 "$dpid"
  wait "$dpid" 2>/dev/null || true
  dpid=
  for k in $(classify); do kills[$k]=$((kills[$k] + 1)); done
  duplicates=$((duplicates + $(count_duplicates)))
  if [ $((cycle % 100)) -eq 0 ]; then
    echo "  cycle $cycle: $(grep -c '^ack' "$dir/kiosk/journal.log" || true) acknowledged so far, ${SECONDS} s"
  fi
done
cycle=drain

: >"$dir/trace"
out=$(drive kiosk "$dir/store.token" --keep-sent 1000000000 --drain --deadline-s 120 --trace "$dir/trace") || fail "drain: $out"
duplicates=$((duplicates + $(count_duplicates)))
[[ $out == *", pending 0, "*", dead 0, "* ]] || fail "drain: $out"
acknowledged=$(grep -c '^ack' "$dir/kiosk/journal.log" || true)
codes=$(grep -c '^ack [^ ]* c [^-]' "$dir/kiosk/journal.log" || true)
stored=$(curl -s --cacert "$dir/ca.pem" "$url/healthz" | grep -o '"submissions":[0-9]*' | grep -o '[0-9]*$')
# The unacknowledged saved ratings count in the indices too; their complaints' codes come from the audit.
stop_server
a=$(audit kiosk store --max-unacknowledged "$cycles") || fail "audit: $a"
[[ $a == *"stored $stored,"* ]] || fail "the audit and /healthz disagree ($stored): $a"
issued=$(field "tracking codes" "$a")
start_server store "$fixed_port"
indices_check store "$stored" "$issued"
stop_server

echo "$a"
echo "kiosk kill -9 soak: $cycles cycles (seed $seed; kiosk killed during startup ${kills[startup]}, inside a commit ${kills[save]}," \
  "while journaling the thank-you ${kills[ack]}, with an upload in flight ${kills[upload]}, during a config or heartbeat" \
  "exchange ${kills[exchange]}, between steps ${kills[between]}; server killed $server_kills times;" \
  "$duplicates resends answered duplicate)," \
  "face taps kept $(field rated "$a"), thanked $acknowledged, saved $(field saved "$a"), stored $stored," \
  "lost $(field lost "$a"), duplicated $(field "duplicated or foreign" "$a"), invented $(field invented "$a")," \
  "tracking codes $issued unique ($codes of them acknowledged), ${SECONDS} s"
