#!/usr/bin/env bash
# A citizen taps a face and the kiosk dies at once (issue 18): that rating reaches the server, once.
# Against a real hailong-server over HTTPS on 127.0.0.1, hailong_kiosk_driver (the kiosk's core
# without its window) rates three citizens to the end, then a fourth taps a face: the driver keeps
# the face tap open in its outbox, journals it, and kill -9s itself (--kill-after-face-tap), so the
# kill lands right after the face tap every time. Then:
#   - while the kiosk is dead the server has the three complete ratings only: an open rating is
#     never forwarded while its session may still add to it;
#   - the kiosk starts again: the open rating is closed as it was kept (the face alone) and
#     forwarded; the server stores it once;
#   - another start sends nothing twice, and the audit (hailong_kiosk_audit) finds every rated id
#     on the server exactly once, field by field as the outbox holds it, nothing pending or left
#     open, and the public indices API counts 4 responses.
# Usage: kiosk_face_tap_kill9_test.sh SERVER ADMIN DRIVER AUDIT. KEEP=1 keeps the work directory.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
server=$1
admin=$2
driver=$3
audit=$4
dir=$(mktemp -d)
spid=
export HAILONG_LANG=en
fail() {
  echo "FAIL: $*" >&2
  [ -f "$dir/server.log" ] && tail -3 "$dir/server.log" >&2
  exit 1
}
# shellcheck source=e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh"
cleanup() {
  kill_server
  if [ -n "${KEEP:-}" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
make_site
new_store s
start_server s
submissions_on_server() { curl -s --cacert "$dir/ca.pem" "$url/healthz" | grep -o '"submissions":[0-9]*' | grep -o '[0-9]*$'; }

out=$(drive k "$dir/s.token" --submit 3 --pace-ms 2 --complaint-every 0 --wait-config-s 30 --drain --deadline-s 60) ||
  fail "three citizens: $out"
[[ $out == *"saved 3 (complaints 0), pending 0, sent 3, dead 0"* ]] || fail "three citizens: $out"

# The fourth citizen taps a face; the kiosk is killed -9 the moment that tap is kept.
if drive k "$dir/s.token" --submit 1 --kill-after-face-tap 1 --deadline-s 60 >"$dir/killed.out" 2>&1; then code=0; else code=$?; fi
[ "$code" -eq 137 ] || fail "the driver should have died of SIGKILL (exit 137), not exit $code: $(cat "$dir/killed.out")"
last=$(tail -1 "$dir/k/journal.log")
[[ $last == "rated "* ]] || fail "the last journal line should be the face tap: $last"
id=${last#rated }
grep -q "^ack $id" "$dir/k/journal.log" && fail "the fourth citizen was never thanked, yet the journal says so"
[ "$(submissions_on_server)" -eq 3 ] || fail "an open rating reached the server: $(submissions_on_server) stored"

# The kiosk starts again: the face tap is closed and forwarded, once.
out=$(drive k "$dir/s.token" --drain --deadline-s 60) || fail "restart: $out"
[[ $out == *"saved 0 (complaints 0), pending 0, sent 4, dead 0"* ]] || fail "restart: $out"
[ "$(submissions_on_server)" -eq 4 ] || fail "after the restart the server should have 4: $(submissions_on_server)"
out=$(drive k "$dir/s.token" --drain --deadline-s 60) || fail "second restart: $out"
[[ $out == *"saved 0 (complaints 0), pending 0, sent 4, dead 0"* ]] || fail "second restart: $out"
[ "$(submissions_on_server)" -eq 4 ] || fail "a restart sent the rating again: $(submissions_on_server)"
indices_check s 4 0
stop_server

a=$(audit k s --max-unacknowledged 0) || fail "audit: $a"
echo "$a"
[[ $a == *"tried 4, rated 4, acknowledged 3 (complaints 0), saved 4, stored 4, unacknowledged 0, lost 0, duplicated or foreign 0, invented 0, undelivered 0, altered 0, tracking codes 0, code problems 0: ok"* ]] ||
  fail "audit: $a"
echo "kiosk face tap, kill -9: the rating of the citizen who left reached the server once"
