#!/usr/bin/env bash
# The monthly report by email, sent by hailong-server to a real SMTP receiver (Debian's
# python3-aiosmtpd, writing what it receives to a Maildir), and read back with Python's email
# package: both recipients, the subject in Vietnamese, the text's count of ratings equal to the
# store's own count (SQL), the XLSX workbook attached whole. Then what must be refused: a password
# over a connection without TLS (and the password never printed), an address with a name in it.
# Usage: monthly_mail_test.sh PATH/TO/hailong-server PATH/TO/hailong-scale-bench
set -euo pipefail
server=$1
generator=$2
dir=$(mktemp -d)
smtp=
cleanup() {
  # The receiver ends on SIGTERM with status 143, which is no failure of the test.
  [ -n "$smtp" ] && { kill "$smtp" && wait "$smtp"; } 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export HAILONG_LANG=vi
py=/usr/bin/python3  # Debian's, with python3-aiosmtpd
"$py" -c "import aiosmtpd" 2>/dev/null || fail "python3-aiosmtpd is not installed (scripts/install-deps.sh)"

today=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%d)
"$generator" generate --data "$dir/data" --submissions 3000 --year "${today%%-*}" --until "$today" >/dev/null || fail "generating the site"
month=$(TZ=Asia/Ho_Chi_Minh date -d "${today:0:7}-01 -1 month" +%Y-%m)
[ "${month:0:4}" = "${today:0:4}" ] || month=${today:0:7}  # in January the generated year has only this month
first=$(date -u -d "$month-01" +%s)
last=$(date -u -d "$month-01 +1 month -1 day" +%s)
counted=$(sqlite3 "$dir/data/hailong.db" "SELECT count(*) FROM submissions WHERE flags = 0 AND local_day BETWEEN $((first / 86400)) AND $((last / 86400))")

port=$("$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
mkdir -p "$dir/mail/tmp" "$dir/mail/new" "$dir/mail/cur"  # a Maildir
"$py" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/mail" 2>"$dir/smtp.log" &
smtp=$!
for _ in $(seq 100); do "$py" -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.1; done

mail=(--report-mail "smtp://127.0.0.1:$port" --report-mail-from hailong@example.vn --report-mail-to "giam.doc@example.vn,cchc@example.vn")
"$server" --data "$dir/data" "${mail[@]}" --report-mail-once "$month" >"$dir/out" 2>"$dir/err" || fail "sending: $(cat "$dir/err")"
grep -q "giam.doc@example.vn, cchc@example.vn" "$dir/out" || fail "the server does not say where it sent the report: $(cat "$dir/out")"

"$py" - "$dir/mail" "$month" "$counted" <<'PY' || fail "the message received"
import io, mailbox, sys, zipfile
from email.header import decode_header, make_header
box, month, counted = sys.argv[1], sys.argv[2], sys.argv[3]
messages = list(mailbox.Maildir(box, create=False))
assert len(messages) == 1, f"{len(messages)} messages received"
m = messages[0]
rcpt = m["X-RcptTo"]
assert "giam.doc@example.vn" in rcpt and "cchc@example.vn" in rcpt, f"recipients {rcpt}"
subject = str(make_header(decode_header(m["Subject"])))
shown = f"{month[5:]}/{month[:4]}"
assert subject == f"Báo cáo kết quả đánh giá sự hài lòng tháng {shown}", f"subject {subject!r}"
parts = [p for p in m.walk() if not p.is_multipart()]
text = parts[0].get_payload(decode=True).decode("utf-8")
assert f"có {counted} phiếu" in text, f"the text does not count the store's {counted} ratings: {text!r}"
attachment = parts[1]
assert attachment.get_filename() == f"hailong-monthly-report-{month}.xlsx", attachment.get_filename()
workbook = zipfile.ZipFile(io.BytesIO(attachment.get_payload(decode=True)))
assert workbook.testzip() is None and "xl/worksheets/sheet1.xml" in workbook.namelist(), workbook.namelist()
print(f"received: {subject}; {counted} ratings; {attachment.get_filename()} ({len(attachment.get_payload(decode=True))} bytes)")
PY

# A password needs TLS: this receiver offers none, so nothing is sent and the password is never shown.
printf 'hailong:mật-khẩu-thư-2026\n' >"$dir/credentials"
if "$server" --data "$dir/data" "${mail[@]}" --report-mail-credentials "$dir/credentials" --report-mail-once "$month" >"$dir/out" 2>"$dir/err"; then
  fail "a password was sent over a connection without TLS"
fi
! grep -qF "mật-khẩu-thư-2026" "$dir/out" "$dir/err" "$dir/smtp.log" || fail "the password was printed"
[ "$(ls "$dir/mail/new" | wc -l)" -eq 1 ] || fail "a second message arrived"

# An address with a name (or anything but name@domain) is refused before anything is sent.
if "$server" --data "$dir/data" --report-mail "smtp://127.0.0.1:$port" --report-mail-from hailong@example.vn \
    --report-mail-to "Giám đốc <giam.doc@example.vn>" --report-mail-once "$month" >"$dir/out" 2>"$dir/err"; then
  fail "an address with a name was accepted"
fi
grep -q -- "--report-mail-to" "$dir/err" || fail "the refusal does not name the option: $(cat "$dir/err")"
echo "monthly mail: all checks passed"
