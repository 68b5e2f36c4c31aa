#!/usr/bin/env bash
# The README's run command: install what is missing, build, and run the demo on the embedded store.
#
# 1. Builds a release build.
# 2. Makes a demo site in build/demo: a certificate authority and a server certificate for
#    127.0.0.1 (as `hailong-admin init` will for an office with no public certificate); a
#    province's year of ratings up to today (hailong-scale-bench generate: 60 departments, 1,500
#    officers, 200 kiosks with their heartbeats; DEMO_SUBMISSIONS, default 200,000), the
#    organisation chart of assets/demo/org.csv over it, kiosk TH-HCC-01 at Sở Công Thương and its
#    token, and the dashboard's demo accounts.
# 3. Starts hailong-server on SQLite over HTTPS, and, as the kiosk would, sends a batch of ratings
#    (assets/demo/submissions-batch.json: three good, two with mistakes a kiosk vendor might make),
#    sends it again (duplicates, nothing stored twice), asks for the kiosk's configuration and
#    sends a heartbeat. Prints each answer.
# 4. Writes the configuration of a kiosk at that counter (build/demo/kiosk.json: the server, the CA,
#    the token file, the officers) and, when there is a display, opens hailong-kiosk in a window:
#    walk the flow, and the rating reaches the server. Closing the window shows the officer's
#    indices for today from GET /api/v1/indices.
# 5. Prints the dashboard's address and the demo accounts (an admin, a manager of Sở Công Thương,
#    an analyst) and the public complaint lookup page, and leaves the server running for you to
#    try (Ctrl+C stops it cleanly) when run from a terminal; stops it at once otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/dashboard-deps.sh

build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=ON >/dev/null
cmake --build "$build" -j2
admin=$build/server/hailong-admin
server=$build/server/hailong-server

site=build/demo
rm -rf "$site"
mkdir -p "$site/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=hailong demo CA" \
  -keyout "$site/tls/ca.key" -out "$site/tls/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$site/tls/server.key" -out "$site/tls/server.csr" 2>/dev/null
openssl x509 -req -in "$site/tls/server.csr" -CA "$site/tls/ca.crt" -CAkey "$site/tls/ca.key" -CAcreateserial \
  -days 30 -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost') -out "$site/tls/server.crt" 2>/dev/null

step() { printf '\n== %s\n' "$*"; }
today=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
step "hailong-scale-bench generate: a province's ratings from 1 January to $today"
"$build/server/bench/hailong-scale-bench" generate --data "$site/data" --submissions "${DEMO_SUBMISSIONS:-200000}" \
  --year "${today%%-*}" --until "$today" --heartbeats
step "hailong-admin import-org assets/demo/org.csv"
"$admin" --data "$site/data" import-org assets/demo/org.csv
step "hailong-admin add-kiosk TH-HCC-01 --department SCT   (prints the kiosk's token once)"
token=$("$admin" --data "$site/data" add-kiosk TH-HCC-01 --department SCT)
echo "$token"

# Port 8443 (DEMO_PORT) when it is free, so the dashboard's address is easy to type; else any.
start_server() {  # PORT
  "$server" --data "$site/data" --listen "127.0.0.1:$1" --tls-cert "$site/tls/server.crt" --tls-key "$site/tls/server.key" \
    >"$site/server.out" 2>"$site/server.log" &
  pid=$!
  for _ in $(seq 100); do grep -q "https://" "$site/server.out" && return 0; kill -0 $pid 2>/dev/null || return 1; sleep 0.1; done
}
start_server "${DEMO_PORT:-8443}" || start_server 0
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
url=$(grep -o 'https://[0-9.:]*' "$site/server.out")
step "$(cat "$site/server.out")"

call() {  # METHOD PATH [BODY]
  local args=(-s --cacert "$site/tls/ca.crt" -H "Authorization: Bearer $token" -H "Accept-Language: vi" -w '\nHTTP %{http_code}\n')
  if [ -n "${3:-}" ]; then args+=(-H "Content-Type: application/json" --data-binary "$3"); fi
  curl "${args[@]}" -X "$1" "$url$2"
}
# The demo batch is dated yesterday (the server refuses ratings more than 400 days old or ahead
# of its clock), and its complaint carries a tracking code of this kiosk's own number (the server
# refuses another kiosk's codes), as a kiosk would make it.
yesterday=$(TZ=Asia/Ho_Chi_Minh date -d yesterday +%Y-%m-%d)
number=$(curl -s --cacert "$site/tls/ca.crt" -H "Authorization: Bearer $token" "$url/api/v1/kiosk/config" | jq -r .kiosk_number)
batch=$(sed -e "s/2026-11-20/$yesterday/g" -e "s/K7Q-4MX2-9/$(python3 scripts/tracking_code.py "$number" 1)/" assets/demo/submissions-batch.json)
step "POST /api/v1/submissions: five ratings from kiosk TH-HCC-01"
call POST /api/v1/submissions "$batch"
step "POST /api/v1/submissions: the same batch again (a kiosk that lost the answer resends)"
call POST /api/v1/submissions "$batch"
step "GET /api/v1/kiosk/config"
call GET /api/v1/kiosk/config
step "POST /api/v1/kiosk/heartbeat"
call POST /api/v1/kiosk/heartbeat "{\"app_version\":\"0.1.0\",\"queue_depth\":0,\"clock\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}"
step "GET /healthz"
curl -s --cacert "$site/tls/ca.crt" "$url/healthz"; echo

# The kiosk at the counter: its own configuration file, pointing at this server.
printf '%s\n' "$token" >"$site/kiosk.token"
chmod 600 "$site/kiosk.token"
cat >"$site/kiosk.json" <<EOF
{
  "kiosk_id": "TH-HCC-01",
  "server_url": "$url",
  "token_file": "$PWD/$site/kiosk.token",
  "ca_file": "$PWD/$site/tls/ca.crt",
  "data_dir": "$PWD/$site/kiosk-data",
  "site_name": "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
  "department": {"code": "SCT", "name": "Sở Công Thương"},
  "officers": [
    {"code": "SCT-001", "name": "Nguyễn Văn An"},
    {"code": "SCT-002", "name": "Trần Thị Bình"},
    {"code": "SCT-007", "name": "Phạm Thị Dung"}
  ],
  "services": [
    {"code": "2.000633", "name": "Cấp Giấy phép bán lẻ sản phẩm rượu"},
    {"code": "2.000181", "name": "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm"}
  ],
  "officer": "SCT-007",
  "service": "2.000633",
  "pin_hash": "$(echo 2468 | "$build/kiosk/hailong-kiosk" --hash-pin)",
  "fullscreen": false,
  "window": {"width": 1280, "height": 800}
}
EOF
analyst=$("$admin" --data "$site/data" add-user demo.analyst --role analyst)
# The dashboard's demo accounts (passwords for a demo only: a site gives each person their own).
printf 'demo-quan-tri\n' | "$admin" --data "$site/data" add-user demo.admin --role admin --password-stdin >/dev/null
printf 'demo-lanh-dao\n' | "$admin" --data "$site/data" add-user demo.manager --role manager --department SCT --password-stdin >/dev/null
printf 'demo-phan-tich\n' | "$admin" --data "$site/data" add-user demo.reform --role analyst --password-stdin >/dev/null
# Officers sign in at the counter (issue 20): Phạm Thị Dung with her personal PIN, Trần Thị Bình
# with her staff card (its QR code holds the line issue-staff-card prints; at the kiosk, a scanner
# types it, or type it on a keyboard and press Enter); everyone is signed out at 17:30.
echo 1357 | "$admin" --data "$site/data" set-officer-pin SCT-007 >/dev/null
staff_card=$("$admin" --data "$site/data" issue-staff-card SCT-002)
"$admin" --data "$site/data" set-shift-end 17:30 >/dev/null
kiosk_cmd="$build/kiosk/hailong-kiosk --config $site/kiosk.json"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -t 0 ]; then
  step "hailong-kiosk --config $site/kiosk.json   (rate in three taps; admin: hold the top-left corner 3 s, PIN 2468; close the window when done)"
  $kiosk_cmd || true
  # include_flagged: a demo run outside Vietnam's office hours has its ratings flagged as made
  # outside opening hours (methodology section 6), and so left out of the default figures.
  step "GET /api/v1/indices?group=officer&from=$today&to=$today&include_flagged=true   (what the kiosk sent, as the reform team sees it)"
  curl -s --cacert "$site/tls/ca.crt" -H "Authorization: Bearer $analyst" \
    "$url/api/v1/indices?group=officer&from=$today&to=$today&include_flagged=true" | head -c 2000; echo
else
  step "the kiosk: run   $kiosk_cmd   on a machine with a display (admin PIN 2468)"
fi

echo
echo "hailong-server: $url   (CA certificate: $site/tls/ca.crt, kiosk token above, data in $site/data)"
echo
echo "Dashboard: $url/   (your browser will warn about the demo's own certificate authority:"
echo "           import $site/tls/ca.crt, or accept the warning for this demo)"
echo "  demo.admin   / demo-quan-tri   administrator: every department, complaints, reports"
echo "  demo.manager / demo-lanh-dao   manager of Sở Công Thương (SCT) only"
echo "  demo.reform  / demo-phan-tich  analyst (reform team): figures and exports, no comments"
echo "Citizens' complaint lookup: $url/lookup.html"
echo "Officers sign in at the kiosk: Phạm Thị Dung (SCT-007), PIN 1357; Trần Thị Bình (SCT-002),"
echo "  staff card $staff_card"
if [ -t 0 ]; then
  echo "The server keeps running; try for example:"
  echo "  curl --cacert $site/tls/ca.crt $url/metrics"
  echo "Press Ctrl+C to stop it."
  wait $pid || true
fi
