#!/usr/bin/env bash
# hailong-admin against a fresh SQLite store: every command of the contract, its output and exit
# code, and that refused input changes nothing.
# Usage: admin_cli_test.sh PATH/TO/hailong-admin
set -euo pipefail
admin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HAILONG_LANG=en
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() { local want=$1; shift; set +e; "$@" >"$dir/out" 2>"$dir/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want; stderr: $(cat "$dir/err")"; }

"$admin" --data "$dir/data" init | grep -qx "The store is ready" || fail "init"

cat >"$dir/org.csv" <<'CSV'
department_code,department_name,officer_code,officer_name
SCT,Sở Công Thương,SCT-001,Nguyễn Văn An
SCT,Sở Công Thương,SCT-002,Trần Thị Bình
STTTT,Sở Thông tin và Truyền thông,STTTT-001,Lê Văn Cường
CSV
"$admin" --data "$dir/data" import-org "$dir/org.csv" | grep -qx \
  "Imported: 2 departments added, 0 renamed; 3 officers added, 0 updated" || fail "import-org"

# A bad file: every problem on stderr with file, line and column; nothing imported; exit 1.
printf 'department_code,department_name,officer_code,officer_name\nSXD,Sở Xây dựng,SXD 1,Phạm Văn D\nSGTVT,,,\n' >"$dir/bad.csv"
expect_exit 1 "$admin" --data "$dir/data" import-org "$dir/bad.csv"
grep -q "bad.csv, line 2, column officer_code: must be 1 to 64 characters" "$dir/err" || fail "line 2 not reported: $(cat "$dir/err")"
grep -q "bad.csv, line 3, column department_name: is required" "$dir/err" || fail "line 3 not reported"
grep -q "nothing imported: the file has 2 problems to fix" "$dir/err" || fail "summary"
[ "$("$admin" --data "$dir/data" list departments | wc -l)" -eq 2 ] || fail "bad import changed the store"

# add-kiosk prints exactly one line: the token.
"$admin" --data "$dir/data" add-kiosk TH-HCC-01 --department SCT >"$dir/token"
[ "$(wc -l <"$dir/token")" -eq 1 ] || fail "add-kiosk printed more than the token"
grep -Eqx 'hlk_[A-Za-z0-9_-]{43}' "$dir/token" || fail "token shape: $(cat "$dir/token")"
# The token is stored hashed: it appears nowhere in the database files.
! grep -rqF "$(cat "$dir/token")" "$dir/data" || fail "the kiosk token is stored in clear"

expect_exit 1 "$admin" --data "$dir/data" add-kiosk TH-HCC-01 --department SCT
grep -q "a kiosk with the id TH-HCC-01 already exists" "$dir/err" || fail "duplicate kiosk message"
expect_exit 1 "$admin" --data "$dir/data" add-kiosk TH-HCC-02 --department NOPE
grep -q "no department has the code NOPE" "$dir/err" || fail "unknown department message"
expect_exit 2 "$admin" --data "$dir/data" add-kiosk TH-HCC-03
grep -q "add-kiosk needs --department CODE" "$dir/err" || fail "missing department message"

"$admin" --data "$dir/data" revoke-kiosk TH-HCC-01 | grep -q "revoked" || fail "revoke"
"$admin" --data "$dir/data" list kiosks | grep -qP "^TH-HCC-01\tSCT\trevoked\t1$" || fail "list kiosks"
"$admin" --data "$dir/data" rotate-kiosk-token TH-HCC-01 | grep -Eqx 'hlk_[A-Za-z0-9_-]{43}' || fail "rotate"
"$admin" --data "$dir/data" list kiosks | grep -qP "^TH-HCC-01\tSCT\tactive\t2$" || fail "rotation re-activates"

# Users: the token on stdout; the password from stdin, stored as argon2id, never in clear.
echo "mật-khẩu-dài-2026" | "$admin" --data "$dir/data" add-user truong.phong --role manager --department SCT --password-stdin \
  | grep -Eqx 'hlu_[A-Za-z0-9_-]{43}' || fail "add-user"
! grep -rqF "mật-khẩu-dài-2026" "$dir/data" || fail "the password is stored in clear"
expect_exit 2 "$admin" --data "$dir/data" add-user x --role manager
grep -q "a manager needs at least one --department" "$dir/err" || fail "manager without department"
expect_exit 2 "$admin" --data "$dir/data" add-user y --role boss
"$admin" --data "$dir/data" list users | grep -qP "^truong.phong\tmanager\tSCT\tactive$" || fail "list users"
# The centre's director: a manager of every department ("*"), only for a manager, never beside a list.
"$admin" --data "$dir/data" add-user giam.doc --role manager --all-departments | grep -Eqx 'hlu_[A-Za-z0-9_-]{43}' || fail "add-user --all-departments"
"$admin" --data "$dir/data" list users | grep -qP "^giam.doc\tmanager\t\*\tactive$" || fail "list the director: $("$admin" --data "$dir/data" list users)"
expect_exit 2 "$admin" --data "$dir/data" add-user pt --role analyst --all-departments
grep -q "only a manager may have --all-departments" "$dir/err" || fail "analyst of every department: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" add-user pt --role manager --all-departments --department SCT
grep -q "either --all-departments or --department" "$dir/err" || fail "both: $(cat "$dir/err")"
# The one-stop software's account: a token only, never a password or a department.
"$admin" --data "$dir/data" add-user mot.cua --role integration | grep -Eqx 'hlu_[A-Za-z0-9_-]{43}' || fail "add-user integration"
"$admin" --data "$dir/data" list users | grep -qP "^mot.cua\tintegration\t-\tactive$" || fail "list the integration user"
echo "mật-khẩu-dài-2026" | expect_exit 2 "$admin" --data "$dir/data" add-user mot.cua.2 --role integration --password-stdin
grep -q "an integration account uses its access token only" "$dir/err" || fail "integration with a password: $(cat "$dir/err")"
echo "mật-khẩu-dài-2026" | expect_exit 2 "$admin" --data "$dir/data" set-password mot.cua
# The password rules the settings page applies too (accounts.hpp): 10 to 256 characters.
echo "ngắn" | expect_exit 2 "$admin" --data "$dir/data" add-user ngan --role analyst --password-stdin
grep -q "the password must be at least 10 characters long" "$dir/err" || fail "short password: $(cat "$dir/err")"
head -c 257 /dev/zero | tr '\0' x | expect_exit 2 "$admin" --data "$dir/data" set-password truong.phong
grep -q "the password must be at most 256 characters long" "$dir/err" || fail "long password: $(cat "$dir/err")"
printf 'x%.0s' $(seq 256) | "$admin" --data "$dir/data" set-password truong.phong | grep -q "Password of truong.phong set" || fail "a 256-character password"
expect_exit 2 "$admin" --data "$dir/data" add-user "x';DROP" --role analyst
grep -q "may only hold letters" "$dir/err" || fail "a name that is not a code: $(cat "$dir/err")"

# Dossier records: imported, then re-imported as replacements; a bad file names line and column.
printf 'dossier,department,officer,completed_on,outcome,agency_time\nD1,SCT,SCT-001,2026-11-20,late,2\nD2,SCT,,2026-11-21,early,\n' >"$dir/dossiers.csv"
"$admin" --data "$dir/data" import-dossiers "$dir/dossiers.csv" | grep -qx "dossier records imported: 2 new, 0 replaced" || fail "import-dossiers"
"$admin" --data "$dir/data" import-dossiers "$dir/dossiers.csv" | grep -qx "dossier records imported: 0 new, 2 replaced" || fail "re-import"
printf 'dossier,department,completed_on,outcome\nD3,SCT,2026-11-20,soon\n' >"$dir/bad-dossiers.csv"
expect_exit 1 "$admin" --data "$dir/data" import-dossiers "$dir/bad-dossiers.csv"
grep -q "bad-dossiers.csv, line 2, column outcome: must be early, on_time, late or empty" "$dir/err" || fail "dossier problem: $(cat "$dir/err")"

# Opening hours: the standard ones until set; versions per department and date, each listed with
# when and by whom it was set; setting one says that stored flags were not re-evaluated and how
# to; every bad input names what is wrong and changes nothing.
"$admin" --data "$dir/data" list settings | grep -qP "^opening_hours\t\*\t1970-01-01\tmon 07:00-17:30; tue.*\t-\tthe standard hours" ||
  fail "standard hours: $("$admin" --data "$dir/data" list settings)"
"$admin" --data "$dir/data" set-opening-hours "mon-fri 07:00-11:30 13:00-17:00" --from 2026-01-01 >"$dir/out" || fail "set hours"
grep -q "^opening hours mon 07:00-11:30 13:00-17:00; tue .* recorded for every department without opening hours of its own, in force from 2026-01-01" \
  "$dir/out" || fail "set hours says: $(cat "$dir/out")"
grep -q "not re-evaluated; .* run: hailong-admin reflag --from 2026-01-01 --to [0-9-]*$" "$dir/out" || fail "no reflag hint: $(cat "$dir/out")"
"$admin" --data "$dir/data" set-opening-hours "mon-fri 07:30-17:00" --department SCT --from 2099-01-01 >"$dir/out" || fail "set SCT hours"
grep -q "recorded for department SCT, in force from 2099-01-01" "$dir/out" && ! grep -q reflag "$dir/out" ||
  fail "a version for the future needs no reflag: $(cat "$dir/out")"
"$admin" --data "$dir/data" list settings >"$dir/settings"
grep -qP "^opening_hours\t\*\t2026-01-01\tmon 07:00-11:30 13:00-17:00; tue .*\t20[0-9-]{8}T[0-9:]{8}\+07:00\t\S" "$dir/settings" &&
  grep -qP "^opening_hours\tSCT\t2099-01-01\tmon 07:30-17:00; " "$dir/settings" || fail "hours stored: $(cat "$dir/settings")"
expect_exit 2 "$admin" --data "$dir/data" set-opening-hours "mon-fry 07:00-17:00"
grep -q '"mon-fry" is not a day' "$dir/err" || fail "bad hours: $(cat "$dir/err")"
expect_exit 1 "$admin" --data "$dir/data" set-opening-hours "mon 07:00-17:00" --department SXD
grep -q "no department has the code SXD" "$dir/err" || fail "unknown department: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" set-opening-hours "mon 07:00-17:00" --from 2026-02-30
grep -q -- '--from "2026-02-30" is not a date such as 2026-11-30' "$dir/err" || fail "bad date: $(cat "$dir/err")"
[ "$("$admin" --data "$dir/data" list settings | grep -c '^opening_hours')" -eq 3 ] || fail "refused hours changed the store"  # the standard ones until 2026-01-01, and two versions

# reflag: a range of local dates, optionally one department; logged with who and what changed.
"$admin" --data "$dir/data" reflag --from 2026-11-01 --to 2026-11-30 --department SCT | grep -qx \
  "flags re-evaluated for the ratings of department SCT made from 2026-11-01 to 2026-11-30: 0 judged; 0 became flagged, 0 became unflagged, 0 stay flagged for other rules; logged as done by .* (list reflags)" ||
  fail "reflag"
"$admin" --data "$dir/data" list reflags | grep -qP "^1\t20[0-9-]{8}T[0-9:]{8}\+07:00\t\S+.*\t2026-11-01\t2026-11-30\tSCT\t0\t0\t0\t0$" ||
  fail "reflag log: $("$admin" --data "$dir/data" list reflags)"
expect_exit 1 "$admin" --data "$dir/data" reflag --from 2026-11-30 --to 2026-11-01
grep -q -- "the range runs backwards: --to 2026-11-01 is before --from 2026-11-30" "$dir/err" || fail "reversed range: $(cat "$dir/err")"
expect_exit 1 "$admin" --data "$dir/data" reflag --from 2026-11-01 --to 2026-11-30 --department SXD
grep -q "no department has the code SXD" "$dir/err" || fail "reflag unknown department: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" reflag --from 2026-11-01
grep -q -- "--to YYYY-MM-DD is required" "$dir/err" || fail "reflag without --to: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" reflag --from 1/11/2026 --to 2026-11-30
grep -q -- '--from "1/11/2026" is not a date' "$dir/err" || fail "reflag bad date: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" reflag --from 2026-11-01 --to 2026-11-30 --department "S;CT"
grep -q 'the department code "S;CT" may only hold' "$dir/err" || fail "reflag bad code: $(cat "$dir/err")"
[ "$("$admin" --data "$dir/data" list reflags | wc -l)" -eq 1 ] || fail "a refused reflag was logged"

# Complaint deadlines: 10 working days until set; a bad date is named.
"$admin" --data "$dir/data" list settings | grep -qP '^complaint_policy\t\{"holidays":\[\],"working_days":10\}' || fail "default policy"
"$admin" --data "$dir/data" set-complaint-policy 15 2026-09-02 2026-09-01 >/dev/null || fail "set policy"
"$admin" --data "$dir/data" list settings | grep -qP '^complaint_policy\t\{"holidays":\["2026-09-01","2026-09-02"\],"working_days":15\}' ||
  fail "policy stored: $("$admin" --data "$dir/data" list settings)"
expect_exit 2 "$admin" --data "$dir/data" set-complaint-policy 10 2/9/2026
grep -q '"2/9/2026" is not a date such as 2026-09-02' "$dir/err" || fail "bad holiday: $(cat "$dir/err")"

# Officers at the counter: a PIN from stdin, stored only hashed; a staff card printed once.
echo 2468 | "$admin" --data "$dir/data" set-officer-pin SCT-001 | grep -q "officer SCT-001 can now sign in" || fail "set-officer-pin"
! sqlite3 "$dir/data/hailong.db" "SELECT pin_hash FROM officer_credentials" | grep -qx 2468 || fail "the PIN is stored in clear"
sqlite3 "$dir/data/hailong.db" "SELECT pin_hash FROM officer_credentials WHERE officer = 'SCT-001'" | grep -q '^\$argon2id\$' || fail "PIN hash"
for pin in 12 123456789 12a4 ""; do
  set +e; echo "$pin" | "$admin" --data "$dir/data" set-officer-pin SCT-002 >/dev/null 2>"$dir/err"; got=$?; set -e
  [ "$got" -eq 2 ] || fail "PIN \"$pin\" accepted (exit $got)"
  grep -q "the PIN must be 4 to 8 digits" "$dir/err" || fail "PIN message: $(cat "$dir/err")"
done
set +e; echo 1357 | "$admin" --data "$dir/data" set-officer-pin SCT-404 >/dev/null 2>"$dir/err"; got=$?; set -e
[ "$got" -eq 1 ] && grep -q "no officer has the code SCT-404" "$dir/err" || fail "PIN of an unknown officer: $got $(cat "$dir/err")"
"$admin" --data "$dir/data" issue-staff-card SCT-002 >"$dir/card"
grep -Eqx 'HLSTAFF1:SCT-002:[A-Z2-7]{32}' "$dir/card" || fail "card payload: $(cat "$dir/card")"
secret=$(cut -d: -f3 "$dir/card")
[ "$(sqlite3 "$dir/data/hailong.db" "SELECT card_hash FROM officer_credentials WHERE officer = 'SCT-002'")" = \
  "$(printf %s "$secret" | sha256sum | cut -d' ' -f1)" ] || fail "card hash is not the SHA-256 of the secret"
"$admin" --data "$dir/data" set-shift-end 17:30 | grep -q "at 17:30 each day" || fail "set-shift-end"
expect_exit 2 "$admin" --data "$dir/data" set-shift-end 25:00
grep -q "25:00 is not a time of day" "$dir/err" || fail "bad shift end: $(cat "$dir/err")"

# The roster: empty; a correction needs a kiosk, a reason and something to do, and is logged.
[ -z "$("$admin" --data "$dir/data" roster)" ] || fail "roster not empty"
expect_exit 2 "$admin" --data "$dir/data" roster-correct --kiosk TH-HCC-01 --sign-in SCT-001 --at 2026-12-07T07:30:00+07:00
grep -q "say why the roster is corrected" "$dir/err" || fail "reason required: $(cat "$dir/err")"
expect_exit 1 "$admin" --data "$dir/data" roster-correct --kiosk TH-HCC-01 --reason "nothing"
grep -q "must void an entry, add one, or both" "$dir/err" || fail "empty correction: $(cat "$dir/err")"
expect_exit 2 "$admin" --data "$dir/data" roster-correct --kiosk TH-HCC-01 --sign-in SCT-001 --at 07:30 --reason "late"
grep -q "07:30 is not a time" "$dir/err" || fail "bad --at: $(cat "$dir/err")"
"$admin" --data "$dir/data" roster-correct --kiosk TH-HCC-01 --sign-in SCT-001 --at 2026-12-07T07:30:00+07:00 \
  --reason "Ký vào ca muộn" | grep -q "correction 1 of kiosk TH-HCC-01's roster is logged; of 0 ratings" || fail "roster-correct"
"$admin" --data "$dir/data" roster | grep -qP '^[0-9a-f-]{36}\tTH-HCC-01\t2026-12-07T07:30:00\+07:00\tsign_in\tSCT-001\tadmin\tentered by correction 1$' ||
  fail "roster list: $("$admin" --data "$dir/data" roster)"
"$admin" --data "$dir/data" list roster-corrections | grep -qP '^1\t.*\tTH-HCC-01\t-\tsign_in SCT-001 2026-12-07T07:30:00\+07:00\t0\t0\tKý vào ca muộn$' ||
  fail "correction log: $("$admin" --data "$dir/data" list roster-corrections)"

# Store options: exactly one of --data and --database.
expect_exit 2 "$admin" list departments
grep -q "exactly one of --data DIR or --database" "$dir/err" || fail "store choice message"
echo "admin CLI: all checks passed"
