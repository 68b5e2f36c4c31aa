#!/usr/bin/env bash
# hailong-admin backup / restore round trip on the SQLite store: a backup taken while a server is
# ingesting holds every submission acknowledged before it began and passes the integrity check;
# restored into a new directory, a server on it answers the same indices as the original; a
# non-empty target, a damaged copy and a PostgreSQL store are refused with the way out.
# Usage: backup_test.sh PATH/TO/hailong-admin PATH/TO/hailong-server
set -euo pipefail
admin=$1
server=$2
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"
}
trap cleanup EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() { local want=$1; shift; set +e; "$@" >"$dir/out" 2>"$dir/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(cat "$dir/err")"; }

"$admin" --data "$dir/data" init --tls-dir "$dir/tls" --host 127.0.0.1 >/dev/null
ca=$dir/tls/ca.crt
printf 'department_code,department_name,officer_code,officer_name\nSCT,Sở Công Thương,SCT-001,Nguyễn Văn An\nSCT,Sở Công Thương,SCT-002,Trần Thị Bình\n' >"$dir/org.csv"
"$admin" --data "$dir/data" import-org "$dir/org.csv" >/dev/null
token=$("$admin" --data "$dir/data" add-kiosk K-SCT-01 --department SCT)
analyst=$("$admin" --data "$dir/data" add-user phan.tich --role analyst)

# start_server DATA NAME: starts hailong-server on DATA; sets $port.
start_server() {
  "$server" --data "$1" --listen 127.0.0.1:0 --tls-cert "$dir/tls/server.crt" --tls-key "$dir/tls/server.key" \
    --kiosk-rate 0 >"$dir/$2.out" 2>"$dir/$2.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q "listening on" "$dir/$2.out" && break; sleep 0.1; done
  port=$(grep -o '[0-9]*$' "$dir/$2.out") || fail "server $2 did not start: $(cat "$dir/$2.log")"
}
indices() {  # PORT GROUP: the month's indices as the server computes them, but the time it made them
  curl -s --fail --cacert "$ca" -H "Authorization: Bearer $analyst" \
    "https://127.0.0.1:$1/api/v1/indices?group=$2&from=2026-11-01&to=2026-11-30&include_flagged=true" | jq -c 'del(.made_at)'
}

# 60 batches of 50 submissions, spread over the month, two officers, every rating value.
mkdir "$dir/batches"
for b in $(seq -w 1 60); do
  {
    printf '{"kiosk_id":"K-SCT-01","submissions":['
    for s in $(seq 1 50); do
      [ "$s" -gt 1 ] && printf ','
      printf '{"id":"%08x-%04x-4000-8000-%012x","created_at":"2026-11-%02dT%02d:%02d:00+07:00","department":"SCT","officer":"SCT-00%d","rating":{"scale":3,"value":%d},"tt01":{"time":%d}}' \
        $$ $((10#$b)) "$s" $((10#$b % 28 + 1)) $((8 + s % 9)) $((s % 60)) $((s % 2 + 1)) $((s % 3 + 1)) $((s % 3))
    done
    printf ']}'
  } >"$dir/batches/$b.json"
done

start_server "$dir/data" original
original_port=$port
# One batch after the other in the background; each answer is written when it is complete.
(
  for b in "$dir"/batches/*.json; do
    curl -s --fail --cacert "$ca" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
      --data-binary @"$b" "https://127.0.0.1:$original_port/api/v1/submissions" >"$b.answer.tmp" && mv "$b.answer.tmp" "$b.answer"
  done
) &
sender=$!
pids+=($sender)

# The backup in the middle of the ingest: what was acknowledged before it began must be in it.
for _ in $(seq 200); do [ "$(ls "$dir"/batches/*.answer 2>/dev/null | wc -l)" -ge 15 ] && break; sleep 0.05; done
ls "$dir"/batches/*.answer | sort >"$dir/acked-before"
"$admin" --data "$dir/data" backup "$dir/backup-mid" >"$dir/backup-mid.out" || fail "backup during ingest failed"
answered_after=$(ls "$dir"/batches/*.answer | wc -l)
wait "$sender" || fail "a batch was not answered 200"
[ "$answered_after" -lt 60 ] || echo "note: the ingest finished before the backup did; the test still holds, but proves less"
grep -q "^Backed up $dir/data to $dir/backup-mid as of " "$dir/backup-mid.out" || fail "backup output: $(cat "$dir/backup-mid.out")"
jq -e '.schema_version > 0 and (.sha256 | length) == 64 and .counts.kiosks == 1 and .counts.users == 1 and .counts.officers == 2' \
  "$dir/backup-mid/manifest.json" >/dev/null || fail "manifest: $(cat "$dir/backup-mid/manifest.json")"
[ "$(sqlite3 "$dir/backup-mid/hailong.db" 'PRAGMA integrity_check')" = ok ] || fail "the copy fails the integrity check"
mid_count=$(sqlite3 "$dir/backup-mid/hailong.db" 'SELECT count(*) FROM submissions')
[ "$(jq .counts.submissions "$dir/backup-mid/manifest.json")" -eq "$mid_count" ] || fail "manifest count differs from the copy"
while read -r answer; do
  for id in $(grep -o '"id":"[^"]*","status":"accepted"' "$answer" | cut -d'"' -f4); do echo "$id"; done
done <"$dir/acked-before" >"$dir/acked-ids"
[ "$(wc -l <"$dir/acked-ids")" -eq $(( $(wc -l <"$dir/acked-before") * 50 )) ] || fail "not every submission was accepted"
# Ids are stored as 16-byte blobs.
sqlite3 "$dir/backup-mid/hailong.db" 'SELECT lower(hex(id)) FROM submissions' | sort >"$dir/mid-ids"
missing=$(tr -d - <"$dir/acked-ids" | sort | comm -23 - "$dir/mid-ids" | wc -l)
[ "$missing" -eq 0 ] || fail "$missing submissions acknowledged before the backup began are not in it"
echo "backup during ingest: $mid_count submissions, all $(wc -l <"$dir/acked-ids") acknowledged before it began among them"

# After the ingest: a second backup, restored into a new directory, served by a second server.
"$admin" --data "$dir/data" backup "$dir/backup-end" >/dev/null
[ "$(jq .counts.submissions "$dir/backup-end/manifest.json")" -eq 3000 ] || fail "final backup: $(jq .counts "$dir/backup-end/manifest.json")"
expect_exit 0 "$admin" --data "$dir/restored" restore "$dir/backup-end"
grep -q "^Restored the backup $dir/backup-end of .* into $dir/restored; its schema is now version " "$dir/out" || fail "restore output: $(cat "$dir/out")"
grep -q ": 3000 submissions, 0 complaints, 1 kiosks, 1 users, 2 officers$" "$dir/out" || fail "restore counts: $(cat "$dir/out")"
start_server "$dir/restored" restored
restored_port=$port
for group in department officer kiosk; do
  a=$(indices "$original_port" "$group") b=$(indices "$restored_port" "$group")
  [ "$a" = "$b" ] || fail "indices by $group differ after restore:\n$a\n$b"
  jq -e '.groups | length > 0' <<<"$a" >/dev/null || fail "no $group groups: $a"
done
[ "$(jq '[.groups[].responses] | add' <<<"$(indices "$restored_port" department)")" -eq 3000 ] || fail "restored responses"
# The restored store takes new ratings (a submission already there is a duplicate).
curl -s --fail --cacert "$ca" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  --data-binary @"$dir/batches/01.json" "https://127.0.0.1:$restored_port/api/v1/submissions" | grep -q '"status":"duplicate"' ||
  fail "the restored store does not know its submissions"
sqlite3 "$dir/backup-end/hailong.db" 'SELECT id FROM submissions ORDER BY id' >"$dir/end-ids"
sqlite3 "$dir/data/hailong.db" 'SELECT id FROM submissions ORDER BY id' | cmp -s - "$dir/end-ids" || fail "the final backup lacks submissions"

# Refusals: a non-empty directory (unless --overwrite), an existing backup, a damaged copy, PostgreSQL.
expect_exit 1 "$admin" --data "$dir/data" restore "$dir/backup-mid"
grep -q "$dir/data is not empty: restore into a new directory, or stop the server and add --overwrite" "$dir/err" || fail "non-empty: $(cat "$dir/err")"
expect_exit 1 "$admin" --data "$dir/data" backup "$dir/backup-end"
grep -q "backup-end/hailong.db already exists" "$dir/err" || fail "existing backup: $(cat "$dir/err")"
cp -r "$dir/backup-mid" "$dir/damaged"
printf 'X' | dd of="$dir/damaged/hailong.db" bs=1 seek=5000 conv=notrunc 2>/dev/null
expect_exit 1 "$admin" --data "$dir/from-damaged" restore "$dir/damaged"
grep -q "does not match its manifest" "$dir/err" || fail "damaged copy: $(cat "$dir/err")"
[ ! -e "$dir/from-damaged/hailong.db" ] || fail "a damaged copy was restored"
expect_exit 1 "$admin" --data "$dir/x" restore "$dir/nothing-here"
grep -q "is not a backup made by hailong-admin backup" "$dir/err" || fail "no backup: $(cat "$dir/err")"
expect_exit 2 "$admin" --database postgresql://127.0.0.1/none backup "$dir/pg"
grep -q "pg_dump --format=custom" "$dir/err" || fail "PostgreSQL backup: $(cat "$dir/err")"
# --overwrite on a stopped server's directory: the middle backup replaces the store.
kill "${pids[-1]}" && wait "${pids[-1]}" 2>/dev/null || true
expect_exit 0 "$admin" --data "$dir/restored" restore --overwrite "$dir/backup-mid"
[ "$(sqlite3 "$dir/restored/hailong.db" 'SELECT count(*) FROM submissions')" -eq "$mid_count" ] || fail "--overwrite did not restore"
echo "backup and restore: all checks passed"
