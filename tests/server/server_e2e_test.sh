#!/usr/bin/env bash
# hailong-server over real HTTPS on loopback, driven with curl: the statuses of the contract,
# idempotency, a kill -9 right after an "accepted" answer, and a graceful stop on SIGTERM.
# Usage: server_e2e_test.sh PATH/TO/hailong-server PATH/TO/hailong-admin
set -euo pipefail
server=$1
admin=$2
dir=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && { kill -9 "$pid" && wait "$pid"; } 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; [ -f "$dir/server.log" ] && tail -5 "$dir/server.log" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\nSTTTT,Sở Thông tin và Truyền thông,,\n' >"$dir/org.csv"
"$admin" --data "$dir/data" import-org "$dir/org.csv" >/dev/null
token=$("$admin" --data "$dir/data" add-kiosk K-SCT-01 --department SCT)

start_server() {
  : >"$dir/server.out"
  # The ratings below are dated November 2026: a horizon of 100 years keeps them within it
  # whenever the test runs (the server refuses ratings older than --max-age-days, default 400).
  "$server" --data "$dir/data" --listen 127.0.0.1:0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --max-age-days 36500 \
    >"$dir/server.out" 2>"$dir/server.log" &
  pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$dir/server.out" && break
    sleep 0.1
  done
  port=$(grep -o '[0-9]*$' "$dir/server.out") || fail "server did not start"
  url="https://127.0.0.1:$port"
}

# post BODY [AUTH] -> prints "STATUS BODY"
post() {
  local auth=${2-"Bearer $token"}
  curl -s --cacert "$dir/cert.pem" -o "$dir/body" -w '%{http_code}' -H "Authorization: $auth" \
    -H 'Content-Type: application/json' --data-binary "$1" "$url/api/v1/submissions"
  printf ' '
  cat "$dir/body"
}

submission() {  # id, created_at, department
  printf '{"id":"%s","created_at":"%s","department":"%s","officer":"SCT-001","rating":{"scale":3,"value":3},"comment":"Cán bộ nhiệt tình"}' "$1" "$2" "$3"
}
batch() { printf '{"kiosk_id":"%s","submissions":[%s]}' "$1" "$2"; }

start_server
a=$(submission 11111111-1111-4111-8111-111111111111 2026-11-20T08:15:30+07:00 SCT)
b=$(submission 22222222-2222-4222-8222-222222222222 2026-11-20T08:16:30+07:00 SCT)
c=$(submission 33333333-3333-4333-8333-333333333333 2026-11-20T08:17:30+07:00 NOPE)

answer=$(post "$(batch K-SCT-01 "$a,$b,$c")")
[ "${answer%% *}" = 200 ] || fail "first batch: $answer"
[ "$(grep -o '"status":"accepted"' <<<"$answer" | wc -l)" -eq 2 ] || fail "two accepted expected: $answer"
grep -q '"field":"submissions\[2\].department"' <<<"$answer" || fail "rejection field: $answer"

answer=$(post "$(batch K-SCT-01 "$a,$b")")
[ "$(grep -o '"status":"duplicate"' <<<"$answer" | wc -l)" -eq 2 ] || fail "resend must be duplicate: $answer"

# Whole-request failures, each with a JSON error body.
[[ $(post "$(batch K-SCT-01 "$a")" "") == 401* ]] || fail "no token"
[[ $(post "$(batch K-SCT-01 "$a")" "Bearer hlk_wrong") == 401*'"code":"unauthorized"'* ]] || fail "wrong token"
[[ $(post "$(batch K-OTHER "$a")") == 403*'"field":"kiosk_id"'* ]] || fail "other kiosk"
[[ $(post '{"kiosk_id":') == 400*'"code":"invalid_json"'* ]] || fail "bad json"
head -c 5000000 /dev/zero | tr '\0' ' ' >"$dir/huge"
status=$(curl -s --cacert "$dir/cert.pem" -o "$dir/body" -w '%{http_code}' -H "Authorization: Bearer $token" \
  --data-binary @"$dir/huge" "$url/api/v1/submissions")
[ "$status" = 413 ] || fail "huge body gave $status"
grep -q '"code":"body_too_large"' "$dir/body" || fail "413 body: $(cat "$dir/body")"

# A body over 1 KiB: curl (and libcurl in the kiosk) sends "Expect: 100-continue" and waits for
# the server's "100 Continue" before the body. Without it curl would wait its expect100 timeout (30 s
# here), beyond --max-time.
# (No officer, so that the officer figures below stay those of the first batch.)
long=$(submission 66666666-6666-4666-8666-666666666666 2026-11-20T08:18:30+07:00 SCT |
  sed -e 's/"officer":"SCT-001",//' -e "s/Cán bộ nhiệt tình/$(printf 'Cán bộ nhiệt tình %.0s' $(seq 80))/")
[ "${#long}" -gt 1024 ] || fail "the long submission is only ${#long} bytes"
answer=$(curl -s --cacert "$dir/cert.pem" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -H 'Expect: 100-continue' --expect100-timeout 30 --max-time 10 --data-binary "$(batch K-SCT-01 "$long")" "$url/api/v1/submissions") ||
  fail "a body sent after 100 Continue got no answer (curl exit $?)"
[[ $answer == *'"status":"accepted"'* ]] || fail "long submission: $answer"

# A form-encoded body (curl's default) is told to use JSON, not that it is too large.
head -c 9000 /dev/zero | tr '\0' 'x' >"$dir/form"
status=$(curl -s --cacert "$dir/cert.pem" -o "$dir/body" -w '%{http_code}' -H "Authorization: Bearer $token" \
  --data-binary @"$dir/form" "$url/api/v1/submissions")
[ "$status" = 415 ] || fail "form-encoded body gave $status"
grep -q "Content-Type must be application/json" "$dir/body" || fail "415 body: $(cat "$dir/body")"

# Kiosk config (with ETag) and heartbeat.
curl -s --cacert "$dir/cert.pem" -D "$dir/headers" -o "$dir/config" -H "Authorization: Bearer $token" "$url/api/v1/kiosk/config"
grep -q '"name":"Nguyễn Văn An"' "$dir/config" || fail "config officers: $(cat "$dir/config")"
etag=$(grep -i '^etag:' "$dir/headers" | tr -d '\r' | cut -d' ' -f2)
status=$(curl -s --cacert "$dir/cert.pem" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H "If-None-Match: $etag" "$url/api/v1/kiosk/config")
[ "$status" = 304 ] || fail "config with current ETag gave $status"
status=$(curl -s --cacert "$dir/cert.pem" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  --data '{"app_version":"0.1.0","queue_depth":0,"last_error":null,"clock":"2026-11-20T08:20:00+07:00"}' "$url/api/v1/kiosk/heartbeat")
[ "$status" = 204 ] || fail "heartbeat gave $status"

# Dashboard sign-in: a session cookie that /api/v1/me accepts, and sign-out.
echo "mật khẩu thật dài 2026" | "$admin" --data "$dir/data" add-user giam.doc --role admin --password-stdin >/dev/null
login=$(curl -s --cacert "$dir/cert.pem" -c "$dir/jar" -H 'Content-Type: application/json' \
  --data '{"name":"giam.doc","password":"mật khẩu thật dài 2026"}' "$url/api/v1/login")
[[ $login == *'"role":"admin"'* ]] || fail "login: $login"
grep -q "hailong_session" "$dir/jar" || fail "no session cookie"
curl -s --cacert "$dir/cert.pem" -b "$dir/jar" "$url/api/v1/me" | grep -q '"name":"giam.doc"' || fail "me with cookie"

# Indices with the session: the two accepted submissions of SCT-001 on 20 November (2 of 2
# satisfied, under the 30-response minimum, so no rate is shown), and the same as CSV.
indices=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" "$url/api/v1/indices?group=officer&from=2026-11-01&to=2026-11-30")
[[ $indices == *'"key":"SCT-001","name":"Nguyễn Văn An","department":"SCT","responses":2,"satisfied":2,"satisfaction_rate":null'* ]] ||
  fail "indices: $indices"
csv=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" -H 'Accept-Language: vi' "$url/api/v1/indices?group=department&period=2026-11&format=csv")
[[ $csv == $'\xEF\xBB\xBFMã,Tên,Đơn vị,'* ]] || fail "indices csv: $csv"
status=$(curl -s --cacert "$dir/cert.pem" -o /dev/null -w '%{http_code}' "$url/api/v1/indices?group=officer&period=2026")
[ "$status" = 401 ] || fail "indices without sign-in gave $status"
# A browser sends its page's Origin with a POST; one without it, carrying the session cookie,
# could be another site's form and is refused (docs/security.md, cross-site requests).
status=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" --data "" -o /dev/null -w '%{http_code}' "$url/api/v1/logout")
[ "$status" = 403 ] || fail "logout without Origin gave $status"
curl -s --cacert "$dir/cert.pem" -b "$dir/jar" -H "Origin: $url" --data "" "$url/api/v1/logout" >/dev/null
status=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" -o /dev/null -w '%{http_code}' "$url/api/v1/me")
[ "$status" = 401 ] || fail "me after logout gave $status"

# kill -9 right after an accepted answer: after a restart the submission is there (a resend is
# a duplicate, and /healthz counts it).
d=$(submission 44444444-4444-4444-8444-444444444444 2026-11-20T09:00:00+07:00 SCT)
[[ $(post "$(batch K-SCT-01 "$d")") == *'"status":"accepted"'* ]] || fail "accept before kill"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
start_server
[[ $(post "$(batch K-SCT-01 "$d")") == *'"status":"duplicate"'* ]] || fail "submission lost by kill -9"
curl -s --cacert "$dir/cert.pem" "$url/healthz" | grep -q '"submissions":4' || fail "healthz count"
# HEAD, as monitoring probes send it: the GET's status and length, no body.
head=$(curl -s --cacert "$dir/cert.pem" -I "$url/healthz" | tr -d '\r')
[[ $head == "HTTP/1.1 200 OK"*"Content-Length: $(curl -s --cacert "$dir/cert.pem" "$url/healthz" | wc -c)"* ]] || fail "HEAD /healthz: $head"

# A complaint: the manager's list and an action (session cookie), then the citizen's public
# lookup by the code as typed, which shows the status and the reply and nothing the citizen wrote.
# The code is K-SCT-01's own (kiosk number 1, sequence 56789: scripts/tracking_code.py).
login=$(curl -s --cacert "$dir/cert.pem" -c "$dir/jar" -H 'Content-Type: application/json' \
  --data '{"name":"giam.doc","password":"mật khẩu thật dài 2026"}' "$url/api/v1/login")
e=$(printf '{"id":"55555555-5555-4555-8555-555555555555","created_at":"2026-11-20T09:30:00+07:00","department":"SCT","rating":{"scale":3,"value":1},"comment":"Phải đi lại ba lần","contact":"0912345678","tracking_code":"223-3X4X-3"}')
[[ $(post "$(batch K-SCT-01 "$e")") == *'"status":"accepted"'* ]] || fail "complaint not accepted"
list=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" "$url/api/v1/complaints?status=new")
[[ $list == *'"comment":"Phải đi lại ba lần"'*'"tracking_code":"223-3X4X-3"'* ]] || fail "complaints list: $list"
acted=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" -H 'Content-Type: application/json' -H "Origin: $url" \
  --data '{"action":"reply","text":"Sở đã tiếp nhận và đang xác minh.","version":0}' "$url/api/v1/complaints/223-3X4X-3/actions")
[[ $acted == *'"reply":"Sở đã tiếp nhận và đang xác minh."'*'"version":1'* ]] || fail "complaint action: $acted"
public=$(curl -s --cacert "$dir/cert.pem" "$url/api/v1/public/complaints/2233x4x3")
# Only the code, the status, the reply, when it was given (to the second, Vietnam's time) and the agency.
[ "$(jq -c 'del(.replied_at)' <<<"$public")" = '{"agency_name":null,"reply":"Sở đã tiếp nhận và đang xác minh.","status":"new","tracking_code":"223-3X4X-3"}' ] &&
  [[ $(jq -r .replied_at <<<"$public") =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00$ ]] || fail "public lookup: $public"
status=$(curl -s --cacert "$dir/cert.pem" -o /dev/null -w '%{http_code}' "$url/api/v1/complaints")
[ "$status" = 401 ] || fail "complaints without sign-in gave $status"

# Tokens and comments never reach the logs.
! grep -qF "$token" "$dir/server.log" || fail "token in the log"
! grep -q "nhiệt tình" "$dir/server.log" || fail "comment in the log"
! grep -q "0912345678" "$dir/server.log" || fail "phone number in the log"
! grep -q "mật khẩu" "$dir/server.log" || fail "password in the log"
curl -s --cacert "$dir/cert.pem" "$url/metrics" >"$dir/metrics"
grep -q 'hailong_ingest_submissions_total{status="accepted"}' "$dir/metrics" || fail "metrics"
grep -q 'route="public_complaint"' "$dir/metrics" || fail "the public lookup is not counted under its route"

# Graceful stop: exit 0 and the closing line.
kill -TERM "$pid"
wait "$pid" || fail "SIGTERM exit code $?"
pid=
grep -q "hailong-server stopped" "$dir/server.out" || fail "no closing line"

# Plain HTTP is refused off loopback.
set +e
"$server" --data "$dir/data" --listen 0.0.0.0:0 --plain-http >/dev/null 2>"$dir/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "plain HTTP on 0.0.0.0 exited $code"
grep -q -- "--plain-http works only on a loopback address" "$dir/err" || fail "plain HTTP message"
echo "server end to end: all checks passed"
