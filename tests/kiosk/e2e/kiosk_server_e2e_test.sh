#!/usr/bin/env bash
# The kiosk's store-then-forward core (Outbox, ConfigCache, CurlTransport, Uploader, run by
# hailong_kiosk_driver as hailong-kiosk runs them) against a real hailong-server over HTTPS on
# 127.0.0.1, its certificate signed by a throwaway CA that the kiosk pins. After each part the
# audit (hailong_kiosk_audit) compares the driver's journal ("acknowledged to the citizen"), the
# kiosk's outbox and the server's store: every acknowledged rating stored exactly once, field by
# field as saved, nothing else stored, tracking codes distinct and as shown to the citizen; and the
# public indices API counts each rating once.
#   1. online: 200 ratings (every 4th a complaint), uploaded as they are made;
#      a kiosk pinned to another CA sends nothing and keeps everything;
#   2. the server down at first: everything kept, across a restart of the kiosk; the server comes
#      up while the kiosk runs and everything arrives;
#   3. a revoked token: 401, everything kept; after rotate-kiosk-token (which gives the kiosk a
#      new number) and a new token file everything arrives, codes still distinct.
# Usage: kiosk_server_e2e_test.sh SERVER ADMIN DRIVER AUDIT (paths of hailong-server,
# hailong-admin, hailong_kiosk_driver, hailong_kiosk_audit). KEEP=1 keeps the work directory.
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
kpid=
cleanup() {
  if [ -n "$kpid" ]; then
    kill -9 "$kpid" 2>/dev/null || true
    wait "$kpid" 2>/dev/null || true
  fi
  kill_server
  if [ -n "${KEEP:-}" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
make_site

# Number of acknowledged complaints that were shown a code, from a kiosk's journal.
codes_shown() { grep -c '^ack [^ ]* c [^-]' "$dir/$1/journal.log" || true; }

# --- 1. online -----------------------------------------------------------------------------------
new_store s1
start_server s1
# (The last error is not asserted here and below: at this pace the server's rate limit may answer
# 429 now and then, which the uploader waits out; "pending 0" is what matters.)
out=$(drive k1 "$dir/s1.token" --submit 200 --pace-ms 2 --complaint-every 4 --wait-config-s 30 --drain --deadline-s 120) ||
  fail "online driver: $out"
[[ $out == *"saved 200 (complaints 50), pending 0, sent 200, dead 0, connection online, last error "*", kiosk number 1"* ]] ||
  fail "online driver: $out"
[ "$(codes_shown k1)" -eq 50 ] || fail "every complaint should have been shown a code: $(codes_shown k1)"
# Another start of the same kiosk finds nothing to send and sends nothing twice.
out=$(drive k1 "$dir/s1.token" --drain --deadline-s 60) || fail "second drain: $out"
[[ $out == *"saved 0 (complaints 0), pending 0, sent 200, dead 0"* ]] || fail "second drain: $out"
indices_check s1 200 50

# A kiosk that pins another CA refuses the server's certificate: nothing sent, everything kept.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/other.key" -out "$dir/other-ca.pem" -days 2 \
  -subj "/CN=another CA" 2>/dev/null
out=$("$driver" --data "$dir/k-other" --server "$url" --ca "$dir/other-ca.pem" --token-file "$dir/s1.token" \
  --kiosk-id K-SCT-01 --department SCT --officer SCT-001 --submit 3 --pace-ms 100) || fail "other CA: $out"
[[ $out == *"saved 3 (complaints 0), pending 3, sent 0, dead 0, connection offline, last error tls"* ]] || fail "other CA: $out"
curl -s --cacert "$dir/ca.pem" "$url/healthz" | grep -q '"submissions":200' || fail "the other-CA kiosk reached the server"
stop_server
a=$(audit k1 s1) || fail "online audit: $a"
echo "online: $a"
[[ $a == *"tried 200, rated 200, acknowledged 200 (complaints 50), saved 200, stored 200, unacknowledged 0, lost 0, duplicated or foreign 0, invented 0, undelivered 0, altered 0, tracking codes 50 (sequence 1..50, kiosk numbers 1), code problems 0: ok"* ]] ||
  fail "online audit: $a"
"$admin" --data "$dir/s1" list kiosks | grep -qP '^K-SCT-01\tSCT\tactive\t1$' || fail "kiosk number 1 expected"

# --- 2. the server down at first ----------------------------------------------------------------
new_store s2
start_server s2  # only to find a free port for it; then down
p2=$port
stop_server
url="https://127.0.0.1:$p2"
# A kiosk that has never reached its server: ratings kept, complaints without codes (no number yet).
out=$(drive k2 "$dir/s2.token" --submit 40 --pace-ms 2 --complaint-every 4 --deadline-s 60) || fail "offline driver: $out"
[[ $out == *"saved 40 (complaints 10), pending 40, sent 0, dead 0, connection offline, last error network, kiosk number none"* ]] ||
  fail "offline driver: $out"
# Restarted, still offline, more citizens; the server comes up while it runs, and everything arrives.
driver_command k2 "$dir/s2.token"
"${cmd[@]}" --submit 40 --pace-ms 25 --complaint-every 4 --backoff-max-ms 1000 --drain --deadline-s 120 \
  >"$dir/k2.out" 2>"$dir/k2.err" &
kpid=$!
for _ in $(seq 1 200); do
  [ "$(grep -c '^ack' "$dir/k2/journal.log")" -ge 50 ] && break
  sleep 0.05
done
[ "$(grep -c '^ack' "$dir/k2/journal.log")" -ge 50 ] || fail "the offline kiosk did not go on saving: $(cat "$dir/k2.err")"
start_server s2 "$p2"
wait "$kpid" || fail "offline, then online driver exited $?: $(cat "$dir/k2.out" "$dir/k2.err")"
kpid=
out=$(cat "$dir/k2.out")
# (Its kiosk number, and so codes for its complaints, may come only at the next configuration
# fetch, which after a failed one waits for the heartbeat's pace: the number is not asserted.)
[[ $out == *"saved 40 (complaints 10), pending 0, sent 80, dead 0, connection online"* ]] ||
  fail "offline, then online driver: $out"
codes2=$(codes_shown k2)
indices_check s2 80 "$codes2"
stop_server
a=$(audit k2 s2) || fail "offline audit: $a"
echo "server down at first: $a"
[[ $a == *"tried 80, rated 80, acknowledged 80 (complaints 20), saved 80, stored 80, unacknowledged 0, lost 0, duplicated or foreign 0, invented 0, undelivered 0, altered 0, tracking codes $codes2"*"code problems 0: ok"* ]] ||
  fail "offline audit: $a"

# --- 3. a revoked token, then a rotated one -----------------------------------------------------
new_store s3
start_server s3
out=$(drive k3 "$dir/s3.token" --submit 10 --pace-ms 2 --complaint-every 4 --wait-config-s 30 --drain --deadline-s 60) ||
  fail "before revocation: $out"
[[ $out == *"saved 10 (complaints 2), pending 0, sent 10, dead 0, connection online, last error "*", kiosk number 1"* ]] ||
  fail "before revocation: $out"
"$admin" --data "$dir/s3" revoke-kiosk K-SCT-01 >/dev/null
set +e
out=$(drive k3 "$dir/s3.token" --submit 30 --pace-ms 2 --complaint-every 4 --drain --deadline-s 6)
code=$?
set -e
[ "$code" -eq 3 ] || fail "a drain through a revoked token must run out of time (exit 3), not exit $code: $out"
# Codes are still issued offline with the number the kiosk has (1), so the citizen gets one.
[[ $out == *"saved 30 (complaints 7), pending 30, sent 10, dead 0, connection auth_problem, last error unauthorized, kiosk number 1"* ]] ||
  fail "revoked token: $out"
curl -s --cacert "$dir/ca.pem" "$url/healthz" | grep -q '"submissions":10' || fail "a revoked token got ratings in"
"$admin" --data "$dir/s3" rotate-kiosk-token K-SCT-01 >"$dir/s3.token2"
"$admin" --data "$dir/s3" list kiosks | grep -qP '^K-SCT-01\tSCT\tactive\t2$' || fail "rotation should give number 2"
out=$(drive k3 "$dir/s3.token2" --submit 10 --pace-ms 2 --complaint-every 4 --wait-config-s 30 --drain --deadline-s 60) ||
  fail "after rotation: $out"
[[ $out == *"saved 10 (complaints 2), pending 0, sent 50, dead 0, connection online, last error "*", kiosk number 2"* ]] ||
  fail "after rotation: $out"
indices_check s3 50 11
stop_server
a=$(audit k3 s3) || fail "revocation audit: $a"
echo "revoked, then rotated token: $a"
# 2 + 7 + 2 complaints, one sequence across the kiosk's two numbers.
[[ $a == *"tried 50, rated 50, acknowledged 50 (complaints 11), saved 50, stored 50, unacknowledged 0, lost 0, duplicated or foreign 0, invented 0, undelivered 0, altered 0, tracking codes 11 (sequence 1..11, kiosk numbers 1,2), code problems 0: ok"* ]] ||
  fail "revocation audit: $a"

echo "kiosk end to end: all checks passed"
