#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, on loopback, in a temporary directory.
#   eval "$(scripts/pg-throwaway.sh start)"   # exports HAILONG_TEST_DATABASE_URL and HAILONG_PG_DIR
#   scripts/pg-throwaway.sh stop "$HAILONG_PG_DIR"
# initdb refuses to run as root, so as root the server runs as the 'postgres' user (runuser).
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ]; then
  echo "pg-throwaway: PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/hailong-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2; exit 1; }
    # A random high port; if another process holds it, start fails fast and we try another.
    started=
    for _ in 1 2 3 4 5 6 7 8; do
      port=$(shuf -i 20000-59999 -n 1)
      if as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" \
          start >/dev/null 2>&1; then
        started=1; break
      fi
    done
    [ -n "$started" ] || { echo "pg-throwaway: PostgreSQL did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
    as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres hailong_test
    echo "export HAILONG_PG_DIR=$dir"
    echo "export HAILONG_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/hailong_test"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-throwaway.sh start | stop DIR" >&2
    exit 2
    ;;
esac
