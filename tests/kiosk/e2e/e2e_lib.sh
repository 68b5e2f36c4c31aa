# shellcheck shell=bash disable=SC2154
# Helpers shared by kiosk_server_e2e_test.sh and kiosk_kill9_test.sh (sourced, not run).
# Everything listens on 127.0.0.1 only. Expects: $server $admin $driver $audit (program paths),
# $dir (a private temporary directory) and a fail() function.

# A throwaway CA-signed certificate for 127.0.0.1 (the kiosk pins the CA, as a real site does)
# and the organisation chart: one department with one officer.
make_site() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 \
    -subj "/CN=hailong e2e test CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.csr" -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/san.ext"
  openssl x509 -req -in "$dir/cert.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -out "$dir/cert.pem" -days 2 -extfile "$dir/san.ext" 2>/dev/null
  printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n' >"$dir/org.csv"
}

# new_store NAME: a server store DIR/NAME with the organisation and kiosk K-SCT-01, whose token
# goes to DIR/NAME.token.
new_store() {
  "$admin" --data "$dir/$1" import-org "$dir/org.csv" >/dev/null
  "$admin" --data "$dir/$1" add-kiosk K-SCT-01 --department SCT >"$dir/$1.token"
}

# start_server STORE [PORT]: starts hailong-server on STORE over HTTPS (PORT, else any free one)
# and sets $spid, $port and $url. Extra options in $server_options.
server_options=()
start_server() {
  local store=$1 want=${2:-0}
  : >"$dir/server.out"
  "$server" --data "$dir/$store" --listen "127.0.0.1:$want" --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" \
    "${server_options[@]}" >"$dir/server.out" 2>>"$dir/server.log" &
  spid=$!
  for _ in $(seq 1 200); do
    grep -q "listening on" "$dir/server.out" && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.05
  done
  port=$(grep -o '[0-9]*$' "$dir/server.out") || fail "the server did not start on port $want: $(tail -3 "$dir/server.log")"
  url="https://127.0.0.1:$port"
}

# stop_server: SIGTERM and wait for a clean exit.
stop_server() {
  [ -n "$spid" ] || return 0
  kill -TERM "$spid"
  wait "$spid" || fail "the server exited with $? on SIGTERM"
  spid=
}

# kill_server: kill -9, no questions asked.
kill_server() {
  [ -n "$spid" ] || return 0
  kill -9 "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  spid=
}

# drive KIOSKDIR TOKENFILE [driver options...]: runs the driver as kiosk K-SCT-01 against $url.
# To run it in the background, `driver_command KIOSKDIR TOKENFILE; "${cmd[@]}" [options] &`, so
# that $! is the driver's own process (a backgrounded function would be a subshell, and a kill -9
# of that would leave the driver running).
driver_command() {
  cmd=("$driver" --data "$dir/$1" --server "$url" --ca "$dir/ca.pem" --token-file "$2"
    --kiosk-id K-SCT-01 --department SCT --officer SCT-001)
}
drive() {
  local cmd
  driver_command "$1" "$2"
  shift 2
  "${cmd[@]}" "$@"
}

# audit KIOSKDIR STORE [options...]: the journal and outbox of KIOSKDIR against STORE (server stopped).
audit() {
  local kiosk=$1 store=$2
  shift 2
  "$audit" --journal "$dir/$kiosk/journal.log" --outbox "$dir/$kiosk" --data "$dir/$store" "$@"
}

# field NAME LINE: the number after "NAME " in an audit or driver line ("stored 100," -> 100).
field() { grep -o "$1 [0-9]*" <<<"$2" | head -1 | grep -o '[0-9]*$'; }

# indices_check STORE STORED CODES: through the public indices API (a user token, the running
# server), the kiosk's group counts STORED responses, flagged ones included, and CODES complaints:
# rollups kept at ingest count each submission once, however often it was sent.
indices_check() {
  local store=$1 want=$2 codes=$3 from to answer
  local user_token
  user_token=$("$admin" --data "$dir/$store" add-user "audit-$RANDOM$RANDOM" --role analyst)
  from=$(date -u -d '-1 day' +%F)
  to=$(date -u -d '+2 days' +%F)
  answer=$(curl -s --cacert "$dir/ca.pem" -H "Authorization: Bearer $user_token" \
    "$url/api/v1/indices?group=kiosk&from=$from&to=$to&include_flagged=true")
  [[ $answer == *'"key":"K-SCT-01"'*'"responses":'"$want"','* ]] || fail "indices: expected $want responses: $answer"
  [[ $answer == *'"complaints":'"$codes"[,\}]* ]] || fail "indices: expected $codes complaints: $answer"
}
