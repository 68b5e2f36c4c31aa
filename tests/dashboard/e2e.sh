#!/usr/bin/env bash
# The dashboard end to end, in Debian's headless Chromium driven by playwright-core (e2e.mjs): a
# generated site (hailong-scale-bench generate: 60 departments, a year of ratings up to today,
# the fleet's heartbeats), three users with passwords (an admin, a manager of one department, an
# analyst), hailong-server over HTTPS serving assets/dashboard/web. Screenshots of every page at
# 1366×768 and at phone size go to SHOTS-DIR, to be looked at.
# Usage: e2e.sh PATH/TO/hailong-admin PATH/TO/hailong-server PATH/TO/hailong-scale-bench SHOTS-DIR
set -euo pipefail
admin=$1
server=$2
generator=$3
shots=$4
here=$(cd "$(dirname "$0")" && pwd)
web=$(cd "$here/../../assets/dashboard/web" && pwd)
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" && wait "$pid"; } 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -f "$web/vendor/chart.umd.min.js" ] || fail "the dashboard's libraries are not installed: run scripts/dashboard-deps.sh --tests"
[ -d "$here/node_modules/playwright-core" ] || fail "playwright-core is not installed: run scripts/dashboard-deps.sh --tests"
[ -x /usr/bin/chromium ] || fail "Debian's chromium is not installed (scripts/install-deps.sh)"

today=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
"$generator" generate --data "$dir/data" --submissions "${E2E_SUBMISSIONS:-20000}" --year "${today%%-*}" --until "$today" \
  --heartbeats >"$dir/generated.json" || fail "generating the site"
echo "generated: $(cat "$dir/generated.json")"
# The manager is of SCT (Sở Công Thương); STP (Sở Tư pháp) is another department, which the manager must not reach.
printf 'quản-trị-e2e-2026\n' | "$admin" --data "$dir/data" add-user e2e.admin --role admin --password-stdin >/dev/null
printf 'lãnh-đạo-e2e-2026\n' | "$admin" --data "$dir/data" add-user e2e.manager --role manager --department SCT --password-stdin >/dev/null
printf 'phân-tích-e2e-2026\n' | "$admin" --data "$dir/data" add-user e2e.analyst --role analyst --password-stdin >/dev/null
"$admin" --data "$dir/data" set-alert-policy 85 50 60 >/dev/null

# Open complaints to work on: one of SCT (a harassment report if there is one) and one of STP.
db="$dir/data/hailong.db"
# One kiosk of SCT whose clock ran 5 minutes fast at its last heartbeat: the fleet shows it.
sqlite3 "$db" "UPDATE kiosk_heartbeats SET kiosk_clock_us = received_at_us + 300000000
               WHERE kiosk_id = (SELECT id FROM kiosks WHERE department = 'SCT' ORDER BY id LIMIT 1)" || fail "setting a clock off"
# The roster (issue 20): the SCT kiosk and day with the most ratings had its first officer on
# duty from 07:00 to 17:30 (entered as corrections, as an administrator would after the fact).
read -r roster_kiosk roster_day < <(sqlite3 -separator ' ' "$db" "SELECT kiosk_id, date(local_day * 86400, 'unixepoch') FROM submissions
  WHERE department = 'SCT' GROUP BY kiosk_id, local_day ORDER BY count(*) DESC, local_day DESC LIMIT 1")
roster_first=$(sqlite3 "$db" "SELECT code FROM officers WHERE department = 'SCT' ORDER BY code LIMIT 1")
roster_second=$(sqlite3 "$db" "SELECT code FROM officers WHERE department = 'SCT' ORDER BY code LIMIT 1 OFFSET 1")
"$admin" --data "$dir/data" roster-correct --kiosk "$roster_kiosk" --sign-in "$roster_first" --at "${roster_day}T07:00:00+07:00" \
  --reason "Ký vào ca muộn" >/dev/null || fail "roster sign-in"
"$admin" --data "$dir/data" roster-correct --kiosk "$roster_kiosk" --sign-out --at "${roster_day}T17:30:00+07:00" \
  --reason "Quên đăng xuất" >/dev/null || fail "roster sign-out"
pick() {  # DEPARTMENT: the newest open complaint's code, harassment first
  sqlite3 "$db" "SELECT tracking_code FROM submissions WHERE department = '$1' AND tracking_code IS NOT NULL
                 ORDER BY (harassment = 1) DESC, created_at_us DESC LIMIT 1"
}
own=$(pick SCT)
other=$(pick STP)
[ -n "$own" ] && [ -n "$other" ] || fail "the generated site has no complaints in SCT and STP"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
"$server" --data "$dir/data" --listen 127.0.0.1:0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" \
  --dashboard "$web" >"$dir/server.out" 2>"$dir/server.log" &
pid=$!
for _ in $(seq 200); do grep -q "listening on" "$dir/server.out" && break; sleep 0.1; done
grep -q "listening on" "$dir/server.out" || fail "server did not start: $(cat "$dir/server.log")"
url="https://127.0.0.1:$(grep -o '[0-9]*$' "$dir/server.out")"

mkdir -p "$shots"
E2E_URL=$url E2E_SHOTS=$shots E2E_OWN_CODE=$own E2E_OTHER_CODE=$other E2E_TODAY=$today \
  E2E_DB=$db E2E_ROSTER_KIOSK=$roster_kiosk E2E_ROSTER_SECOND=$roster_second E2E_ROSTER_DAY=$roster_day \
  node "$here/e2e.mjs" || { echo "server log (last lines):" >&2; tail -5 "$dir/server.log" >&2; exit 1; }
E2E_URL=$url E2E_SHOTS=$shots E2E_DB=$db E2E_TODAY=$today node "$here/public_results.mjs" || fail "the public results page"
E2E_URL=$url E2E_SHOTS=$shots E2E_DB=$db E2E_TODAY=$today node "$here/printable.mjs" || fail "the reports to print"
E2E_URL=$url E2E_SHOTS=$shots E2E_DB=$db E2E_TODAY=$today node "$here/why.mjs" || fail "the why of the drill-down"
E2E_URL=$url E2E_SHOTS=$shots node "$here/settings_admin.mjs" || fail "the settings page's users and kiosks"
# Nothing a person typed reaches the logs: the passwords used above appear nowhere in them.
! grep -qF -e "e2e-2026" -e "mật-khẩu-" -e "hlk_" "$dir/server.log" "$dir/server.out" || fail "a password or token reached the server's log"
echo "dashboard end to end: all checks passed; screenshots in $shots"
