#!/usr/bin/env bash
# Checks that the PostgreSQL the test command starts is there and is PostgreSQL 15 or newer, so a
# broken test set-up fails loudly here instead of silently skipping the PostgreSQL store tests.
# Exit 77 (skipped) when no test database was given, as in a plain developer `ctest` run.
set -euo pipefail
url=${HAILONG_TEST_DATABASE_URL:-}
if [ -z "$url" ]; then
  echo "HAILONG_TEST_DATABASE_URL is not set: run scripts/test.sh to get a throwaway PostgreSQL"
  exit 77
fi
version=$(psql "$url" -XAtc 'SHOW server_version_num')
echo "server_version_num=$version"
[ "$version" -ge 150000 ]
