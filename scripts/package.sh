#!/usr/bin/env bash
# Builds the Debian packages hailong-server and hailong-kiosk (packaging/packaging.cmake).
#
#   bash scripts/package.sh
#
# Installs what is missing with scripts/install-deps.sh (dpkg-dev and file for dpkg-shlibdeps
# among them; needs root or sudo only when something is missing), configures a Release build in
# build/pkg (tests off, prefix /usr), builds it with -j2, runs CPack, and prints the path of each
# .deb on standard output, one a line (build/pkg/packages/hailong-*_VERSION-1_amd64.deb).
# Everything else goes to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh >&2
bash scripts/dashboard-deps.sh >&2  # the dashboard's chart library, installed with the server

build=build/pkg
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_SERVER=ON -DHAILONG_BUILD_KIOSK=ON >&2
cmake --build "$build" -j2 >&2

rm -f "$build"/packages/*.deb
if ! (cd "$build" && cpack -G DEB --config CPackConfig.cmake) >&2; then
  echo "package: cpack failed; its working files are in $build/packages/_CPack_Packages" >&2
  exit 1
fi

shopt -s nullglob
debs=("$PWD/$build"/packages/hailong-server_*.deb "$PWD/$build"/packages/hailong-kiosk_*.deb)
if [ ${#debs[@]} -ne 2 ]; then
  echo "package: expected hailong-server and hailong-kiosk packages in $build/packages, found: ${debs[*]:-none}" >&2
  exit 1
fi
printf '%s\n' "${debs[@]}"
