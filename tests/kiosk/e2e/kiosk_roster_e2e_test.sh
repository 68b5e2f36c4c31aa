#!/usr/bin/env bash
# Issue 20's end-to-end proof: an officer signs the kiosk in, two citizens rate, the officer signs
# out, one citizen rates while nobody is on duty, another officer signs in and two more citizens
# rate, all while the server is down; the server comes up, the kiosk's outbox drains, and each
# rating counts for the officer who was on duty when it was made (the roster decides, not the
# officer the kiosk wrote: the citizen rating while nobody was on duty is written SCT-001 by the
# driver, as a stale admin choice would be, and counts for nobody).
# Usage: kiosk_roster_e2e_test.sh SERVER ADMIN DRIVER AUDIT. KEEP=1 keeps the work directory.
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
printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\nSCT,Sở Công Thương,SCT-002,Trần Thị Bình\n' >"$dir/org.csv"
new_store s
start_server s   # to learn a free port; the kiosk then works with the server down
stop_server

# drive_as OFFICER_WRITTEN [options]: one stretch of the counter's day, server down, no draining.
drive_as() {
  local written=$1
  shift
  "$driver" --data "$dir/k" --server "$url" --ca "$dir/ca.pem" --token-file "$dir/s.token" \
    --kiosk-id K-SCT-01 --department SCT --officer "$written" --complaint-every 0 --pace-ms 5 --deadline-s 60 "$@"
}
out=$(drive_as SCT-001 --sign-in SCT-001 --submit 2 --sign-out) || fail "first shift: $out"
[[ $out == *"saved 2 (complaints 0), pending 2, sent 0"* ]] || fail "first shift: $out"
out=$(drive_as SCT-001 --submit 1) || fail "nobody on duty: $out"
out=$(drive_as SCT-002 --sign-in SCT-002 --submit 2) || fail "second shift: $out"
[[ $out == *"pending 5, sent 0"* ]] || fail "second shift: $out"

# The server comes back on the same port; the outbox drains, duty events and ratings together.
start_server s "$port"
out=$(drive_as SCT-002 --drain) || fail "drain: $out"
[[ $out == *"pending 0, sent 5, dead 0"* ]] || fail "drain: $out"

roster=$("$admin" --data "$dir/s" roster)
[ "$(wc -l <<<"$roster")" -eq 3 ] || fail "three roster entries expected: $roster"
[[ $(cut -f4,5,6 <<<"$roster" | tr '\n' ' ') == "sign_in	SCT-001	pin sign_out	SCT-001	manual sign_in	SCT-002	pin " ]] ||
  fail "roster order: $roster"

token=$("$admin" --data "$dir/s" add-user "thu.ky" --role admin)
from=$(date -u -d '-1 day' +%F)
to=$(date -u -d '+2 days' +%F)
answer=$(curl -s --cacert "$dir/ca.pem" -H "Authorization: Bearer $token" \
  "$url/api/v1/indices?group=officer&from=$from&to=$to&include_flagged=true")
# responses (counted) + flagged_excluded per officer key: outside opening hours the ratings are
# flagged, which moves them between the two columns but not between officers.
per_officer=$(jq -r '.groups[] | "\(.key // "none")=\(.responses + .flagged_excluded)"' <<<"$answer" | sort | tr '\n' ' ')
[ "$per_officer" = "SCT-001=2 SCT-002=2 none=1 " ] || fail "ratings by officer: $per_officer ($answer)"
stop_server
echo "kiosk roster e2e: ok ($per_officer)"
