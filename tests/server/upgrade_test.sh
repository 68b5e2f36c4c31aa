#!/usr/bin/env bash
# A store of the previous release (SQLite schema version 5, before complaint cases), kept as the SQL
# text dump tests/fixtures/upgrade/sqlite-v5.sql (made by make-sqlite-v5.sh beside it), opened by
# this release: it is migrated to the current schema, every row of every old table is still there,
# the indices are the figures the old server answered (sqlite-v5-indices.json), the old password
# still signs in, and the old complaints are cases that can be looked up and acted on.
# Usage: upgrade_test.sh PATH/TO/hailong-admin PATH/TO/hailong-server FIXTURE-DIR
set -euo pipefail
admin=$1
server=$2
fixtures=$3
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" && wait "$pid"; } 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$dir/old" "$dir/data"
sqlite3 "$dir/old/hailong.db" <"$fixtures/sqlite-v5.sql"
sqlite3 "$dir/data/hailong.db" <"$fixtures/sqlite-v5.sql"
[ "$(sqlite3 "$dir/data/hailong.db" 'PRAGMA user_version')" = 5 ] || fail "the fixture is not schema version 5"

# Opening the store with this release's hailong-admin migrates it.
"$admin" --data "$dir/data" list kiosks >"$dir/kiosks" || fail "the old store does not open"
version=$(sqlite3 "$dir/data/hailong.db" 'PRAGMA user_version')
[ "$version" -gt 5 ] || fail "not migrated: schema version $version"
grep -qP "^TH-HCC-01\tSCT\tactive\t1$" "$dir/kiosks" && grep -qP "^TH-HCC-02\tSTP\tactive\t2$" "$dir/kiosks" || fail "kiosks: $(cat "$dir/kiosks")"
[ "$(sqlite3 "$dir/data/hailong.db" 'PRAGMA integrity_check')" = ok ] || fail "the migrated store fails the integrity check"

# Every row of every table of the old schema, on the old schema's columns, is still there; tables
# that only change when new data comes in keep exactly their rows.
for table in $(sqlite3 "$dir/old/hailong.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"); do
  # Schema 9 redefined one rollup count, complaint_or_unsatisfied (the middle of the 5-level scale
  # is no longer a complaint, methodology.md section 3), and recounted it: it is not compared.
  cols=$(sqlite3 "$dir/old/hailong.db" "SELECT group_concat(quote(name), ',') FROM pragma_table_info('$table')
                                        WHERE NOT ('$table' = 'rollups' AND name = 'complaint_or_unsatisfied')" | tr "'" '"')
  # Schema 12 moved the opening_hours setting into a version of its own (checked below).
  where=
  [ "$table" = settings ] && where="WHERE key <> 'opening_hours'"
  query="SELECT quote(${cols//,/), quote(}) FROM $table $where ORDER BY 1, 2"
  sqlite3 "$dir/old/hailong.db" "$query" | sort >"$dir/$table.old"
  sqlite3 "$dir/data/hailong.db" "$query" | sort >"$dir/$table.new" || fail "table $table is gone or lost a column"
  lost=$(comm -23 "$dir/$table.old" "$dir/$table.new" | wc -l)
  [ "$lost" -eq 0 ] || fail "$lost rows of $table changed or went missing: $(comm -23 "$dir/$table.old" "$dir/$table.new" | head -2)"
  case $table in
    rollups | dossier_rollups) ;;  # a migration may add rollups of new groupings, never change old ones
    *) cmp -s "$dir/$table.old" "$dir/$table.new" || fail "table $table gained rows in the migration" ;;
  esac
  echo "$table: $(wc -l <"$dir/$table.old") rows kept"
done
[ "$(wc -l <"$dir/submissions.old")" -eq 39 ] || fail "the fixture should hold 39 submissions"
# The old site's opening hours (Monday to Friday with a lunch break) are the site-wide version in
# force from the beginning, so no rating is judged otherwise: the flags above are unchanged.
hours=$(sqlite3 "$dir/old/hailong.db" "SELECT value FROM settings WHERE key = 'opening_hours'")
[ -n "$hours" ] || fail "the fixture should hold an opening_hours setting"
migrated=$(sqlite3 -separator '|' "$dir/data/hailong.db" "SELECT quote(department), valid_from, hours FROM opening_hours_versions")
[ "$migrated" = "NULL|0|$hours" ] || fail "the opening hours setting became '$migrated', not the site-wide version of '$hours' from 1970-01-01"
"$admin" --data "$dir/data" list settings |
  awk -F'\t' -v h="$hours" '$1 == "opening_hours" && $2 == "*" && $3 == "1970-01-01" && $4 == h { found = 1 } END { exit !found }' ||
  fail "list settings: $("$admin" --data "$dir/data" list settings)"

# The server on the migrated store: the same index figures as the old release answered.
analyst=$("$admin" --data "$dir/data" add-user kiem.tra --role analyst)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
"$server" --data "$dir/data" --listen 127.0.0.1:0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" >"$dir/server.out" 2>"$dir/server.log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/server.out" && break; sleep 0.1; done
url="https://127.0.0.1:$(grep -o '[0-9]*$' "$dir/server.out")" || fail "server did not start: $(cat "$dir/server.log")"
# The figures both releases answer; fields added since (index 7's late_no_complaint, index 1's
# source) are not compared, nor the index means of a suppressed group, which are withheld since
# (methodology.md section 5; their n still are). Where index 1 now comes from the records, the
# citizens' own figure, kept beside it, is what the old release showed (nothing, when no citizen
# answered the question). The group without an officer was renamed when rosters came (issue 20:
# "(no officer named)" became "(no officer on duty or named)"): its name is not compared.
figures='.groups | map(. as $g | {key, name: (if .key == null then null else .name end), department, responses, satisfied, satisfaction_rate, ci95, distribution,
                       tt01: (.tt01 | (if .time.source == "records"
                                       then (if .time.citizens.n > 0 then .time = .time.citizens else del(.time) end)
                                       else . end)
                                    | map_values(del(.late_no_complaint, .source) | if $g.suppressed then del(.mean) else . end)),
                       suppressed, flagged_excluded})'
for group in department officer service kiosk; do
  for flagged in false true; do
    now=$(curl -s --fail --cacert "$dir/cert.pem" -H "Authorization: Bearer $analyst" \
      "$url/api/v1/indices?group=$group&from=2026-10-01&to=2026-11-30&include_flagged=$flagged" | jq -S "$figures")
    was=$(jq -S --arg k "$group/$flagged" ".[\$k] | $figures" "$fixtures/sqlite-v5-indices.json")
    [ "$now" = "$was" ] || fail "indices by $group (include_flagged=$flagged) differ after the upgrade:\nnow $now\nwas $was"
  done
done
responses=$(jq '[."department/true".groups[].responses] | add' "$fixtures/sqlite-v5-indices.json")
[ "$responses" -eq 39 ] || fail "the fixture's indices count $responses responses, not 39"
echo "indices: the same figures by department, officer, service and kiosk ($responses responses)"

# The old admin's password still signs in; the old complaints are cases to act on and look up.
curl -s --cacert "$dir/cert.pem" -c "$dir/jar" -H 'Content-Type: application/json' \
  --data '{"name":"quan.tri","password":"mật-khẩu-quản-trị-2026"}' "$url/api/v1/login" | grep -q '"role":"admin"' ||
  fail "the old password does not sign in"
list=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" "$url/api/v1/complaints?status=new")
for code in 3AU-3X4X-C 229-2223-M ZZZ-ZZZZ-6; do [[ $list == *"\"tracking_code\":\"$code\""* ]] || fail "complaint $code not listed: $list"; done
[[ $list == *'"comment":"Phải đi lại ba lần mới xong hồ sơ"'* ]] || fail "complaint comment lost: $list"
acted=$(curl -s --cacert "$dir/cert.pem" -b "$dir/jar" -H 'Content-Type: application/json' -H "Origin: $url" \
  --data '{"action":"reply","text":"Đã tiếp nhận.","version":0}' "$url/api/v1/complaints/3AU-3X4X-C/actions")
[[ $acted == *'"version":1'* ]] || fail "acting on an old complaint: $acted"
[ "$(curl -s --cacert "$dir/cert.pem" "$url/api/v1/public/complaints/229-2223-M" | jq -r .status)" = new ] || fail "public lookup"
echo "upgrade from schema version 5 to $version: all checks passed"
