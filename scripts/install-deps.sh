#!/usr/bin/env bash
# Installs the Debian 12 packages hailong needs to build, test and run, skipping what is present.
# Safe to run again; needs root (or sudo). The list is the single source of truth for developers,
# CI and docs/architecture.md's dependency table.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates
  # libraries (see docs/architecture.md for which component uses which)
  nlohmann-json3-dev libutf8proc-dev catch2 libsqlitecpp-dev libsqlite3-dev
  libboost-dev libjemalloc-dev libcpp-httplib-dev libssl-dev libcurl4-openssl-dev libpqxx-dev libsodium-dev libxlsxwriter-dev
  libcsv-dev
  # the monthly report's test reads the XLSX workbook (a zip) back with minizip
  libminizip-dev
  libimgui-dev libsdl2-dev libgl-dev libstb-dev
  # the kiosk's QR code of a complaint's lookup link
  libqrencode-dev
  # Mesa for the kiosk's offscreen screenshot tests (EGL and the software renderer)
  libegl-mesa0 libgl1-mesa-dri
  # runtime and test tools: fonts with Vietnamese glyphs, spoken prompts, a throwaway PostgreSQL,
  # an X server for GUI tests, openssl for test certificates
  fonts-noto-core espeak-ng postgresql xvfb xauth openssl curl
  # the shell tests read stores and answers with these; the security tests (tests/security) and
  # the indices' independent check are Python 3 with its standard library only
  sqlite3 jq python3
  # the kiosk's QR test reads the symbol back with an independent decoder (zbarimg)
  zbar-tools
  # Debian packages (scripts/package.sh): dpkg-shlibdeps finds the libraries the programs link
  dpkg-dev file
  # the dashboard's browser tests (headless Chromium driven by playwright-core) and the
  # scale-out script's reverse proxy (scripts/scale-out.sh)
  chromium nginx
  # the printed reports' test reads Chromium's PDF back (pdfinfo, pdftotext, pdftoppm); the
  # monthly report's mail goes to a local SMTP receiver in its test
  poppler-utils python3-aiosmtpd
  # fuzzing (scripts/fuzz.sh): clang 14, its libFuzzer and sanitizer runtimes, and
  # llvm-symbolizer for readable stacks in crash reports
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "install-deps: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
