#!/usr/bin/env bash
# Installs the dashboard's front-end libraries from their lockfiles with npm and puts the files
# the pages load into assets/dashboard/web/vendor/ (not in git). With --tests, also the browser
# test tools of tests/dashboard (playwright-core, jszip). Safe to run again: npm ci runs only when
# a lockfile is newer than the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {  # DIR: npm ci there unless node_modules matches the lockfile already
  local dir=$1
  if [ ! "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "dashboard-deps: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

install assets/dashboard
mkdir -p assets/dashboard/web/vendor
cp assets/dashboard/node_modules/chart.js/dist/chart.umd.min.js assets/dashboard/web/vendor/chart.umd.min.js
cp assets/dashboard/node_modules/chart.js/LICENSE.md assets/dashboard/web/vendor/chart.js-LICENSE.md
if [ "${1:-}" = --tests ]; then install tests/dashboard; fi
