#!/usr/bin/env bash
# hailong-admin init for a site without a public certificate: a site CA and a server certificate
# signed by it, with the hosts asked for and the defaults in subjectAltName, keys 0600; a second
# init refuses to overwrite a key; --replace-keys makes a new server certificate from the same CA;
# hailong-server serves with it and curl, trusting only the CA, reaches /healthz by IP and by name.
# Usage: admin_init_test.sh PATH/TO/hailong-admin PATH/TO/hailong-server
set -euo pipefail
admin=$1
server=$2
dir=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" && wait "$server_pid"; } 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() { local want=$1; shift; set +e; "$@" >"$dir/out" 2>"$dir/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(cat "$dir/err")"; }

tls=$dir/data/tls
expect_exit 0 "$admin" --data "$dir/data" init --host 10.0.0.5 --host hailong.test
grep -qx "The store is ready" "$dir/out" || fail "init did not make the store: $(cat "$dir/out")"
grep -qF "Made this site's certificate authority (CA): $tls/ca.crt" "$dir/out" || fail "CA path not printed: $(cat "$dir/out")"
grep -qF "Copy $tls/ca.crt to every kiosk" "$dir/out" || fail "copy instruction not printed"
grep -qF -- "--tls-cert $tls/server.crt --tls-key $tls/server.key" "$dir/out" || fail "server arguments not printed"
grep -q "instead: give hailong-server that certificate" "$dir/out" || fail "real-certificate advice not printed"
grep -qF "for 10.0.0.5, hailong.test, " "$dir/out" || fail "hosts not listed: $(cat "$dir/out")"

# Keys readable by their owner only, certificates by everyone.
for f in ca.key server.key; do [ "$(stat -c %a "$tls/$f")" = 600 ] || fail "$f has mode $(stat -c %a "$tls/$f")"; done
for f in ca.crt server.crt; do [ "$(stat -c %a "$tls/$f")" = 644 ] || fail "$f has mode $(stat -c %a "$tls/$f")"; done

# The chain, the names and the constraints, as openssl reads them.
openssl verify -CAfile "$tls/ca.crt" "$tls/server.crt" | grep -q ": OK$" || fail "server.crt does not chain to ca.crt"
openssl verify -CAfile "$tls/ca.crt" -purpose sslserver -verify_ip 10.0.0.5 "$tls/server.crt" >/dev/null || fail "not valid for 10.0.0.5"
openssl verify -CAfile "$tls/ca.crt" -purpose sslserver -verify_hostname hailong.test "$tls/server.crt" >/dev/null || fail "not valid for hailong.test"
openssl verify -CAfile "$tls/ca.crt" -purpose sslserver -verify_ip 127.0.0.1 "$tls/server.crt" >/dev/null || fail "not valid for 127.0.0.1"
! openssl verify -CAfile "$tls/ca.crt" -verify_ip 10.0.0.6 "$tls/server.crt" >/dev/null 2>&1 || fail "valid for an address not asked for"
sans=$(openssl x509 -in "$tls/server.crt" -noout -ext subjectAltName)
for want in "IP Address:10.0.0.5" "DNS:hailong.test" "DNS:localhost" "IP Address:127.0.0.1"; do
  grep -qF "$want" <<<"$sans" || fail "subjectAltName lacks $want: $sans"
done
openssl x509 -in "$tls/ca.crt" -noout -ext basicConstraints | grep -q "CA:TRUE" || fail "ca.crt is not a CA"
openssl x509 -in "$tls/server.crt" -noout -ext basicConstraints | grep -q "CA:FALSE" || fail "server.crt may sign certificates"
openssl x509 -in "$tls/server.crt" -noout -ext extendedKeyUsage | grep -q "TLS Web Server Authentication" || fail "no serverAuth"
openssl pkey -in "$tls/server.key" -noout 2>/dev/null || fail "server.key is not a key"

# Again: the store is upgraded, the keys are left alone, exit 1 with the way out.
sha() { sha256sum "$tls"/* | sort; }
before=$(sha)
expect_exit 1 "$admin" --data "$dir/data" init
grep -q "server.key already exists and was not overwritten: add --replace-keys" "$dir/err" || fail "refusal: $(cat "$dir/err")"
[ "$(sha)" = "$before" ] || fail "a refused init changed the TLS files"
expect_exit 0 "$admin" --data "$dir/data" init --no-tls
[ "$(sha)" = "$before" ] || fail "init --no-tls changed the TLS files"

# --replace-keys: a new server key and certificate, the CA kept (the kiosks keep their ca.crt).
ca_before=$(sha256sum "$tls/ca.crt" "$tls/ca.key")
key_before=$(sha256sum <"$tls/server.key")
expect_exit 0 "$admin" --data "$dir/data" init --replace-keys --host 10.0.0.7
grep -qF "Used this site's existing certificate authority (CA): $tls/ca.crt" "$dir/out" || fail "CA not reused: $(cat "$dir/out")"
[ "$(sha256sum "$tls/ca.crt" "$tls/ca.key")" = "$ca_before" ] || fail "--replace-keys replaced the CA"
[ "$(sha256sum <"$tls/server.key")" != "$key_before" ] || fail "--replace-keys kept the old server key"
openssl verify -CAfile "$tls/ca.crt" -verify_ip 10.0.0.7 "$tls/server.crt" >/dev/null || fail "the new certificate does not chain or lacks 10.0.0.7"
[ "$(stat -c %a "$tls/server.key")" = 600 ] || fail "the new server.key has mode $(stat -c %a "$tls/server.key")"

# Wrong input: a host that is not one, a CA with its key missing; exit codes 2 and 1.
expect_exit 2 "$admin" --data "$dir/other" init --host "a.test,DNS:evil.test"
grep -q '"a.test,DNS:evil.test" is neither an IP address nor a host name' "$dir/err" || fail "bad host: $(cat "$dir/err")"
mkdir -p "$dir/half" && cp "$tls/ca.crt" "$dir/half/"
expect_exit 1 "$admin" --data "$dir/other" init --tls-dir "$dir/half"
grep -qF "$dir/half/ca.crt exists but $dir/half/ca.key does not" "$dir/err" || fail "half a CA: $(cat "$dir/err")"
[ ! -e "$dir/half/server.key" ] || fail "a server key was made beside half a CA"

# Another directory, in Vietnamese.
HAILONG_LANG=vi "$admin" --data "$dir/vi" init --tls-dir "$dir/vi-tls" >"$dir/out"
grep -q "^Đã tạo tổ chức cấp chứng chỉ (CA) riêng của đơn vị: $dir/vi-tls/ca.crt" "$dir/out" || fail "Vietnamese output: $(cat "$dir/out")"
[ -e "$dir/vi-tls/server.crt" ] && [ ! -e "$dir/vi/tls" ] || fail "--tls-dir not followed"

# The server with that certificate; curl trusts only the site CA.
"$server" --data "$dir/data" --listen 127.0.0.1:0 --tls-cert "$tls/server.crt" --tls-key "$tls/server.key" \
  >"$dir/server.out" 2>"$dir/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/server.out" && break; sleep 0.1; done
port=$(grep -o '[0-9]*$' "$dir/server.out") || fail "server did not start: $(cat "$dir/server.log")"
curl -s --fail --cacert "$tls/ca.crt" "https://127.0.0.1:$port/healthz" >"$dir/health" || fail "curl --cacert ca.crt to 127.0.0.1 failed"
grep -q '"status"' "$dir/health" || fail "healthz answer: $(cat "$dir/health")"
curl -s --fail --cacert "$tls/ca.crt" --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/healthz" >/dev/null ||
  fail "curl by the name localhost failed"
! curl -s --cacert "$tls/ca.crt" --resolve "other.test:$port:127.0.0.1" "https://other.test:$port/healthz" >/dev/null ||
  fail "a name not in the certificate was accepted"
! curl -s "https://127.0.0.1:$port/healthz" >/dev/null || fail "the site CA is trusted without --cacert"
echo "admin init: all checks passed"
