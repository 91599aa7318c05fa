#!/usr/bin/env bash
# Installs whatever the build and the tests need and this machine lacks. Idempotent and
# quick when everything is there. Sources: rustup components, crates.io, Debian, npm, PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

# A C compiler: the linker rustc calls, and mimalloc's C source (the CLI's allocator).
if ! command -v cc >/dev/null 2>&1; then
  log "apt-get install gcc"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null
fi

# Rust: the wasm32 target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli pinned to the wasm-bindgen version in Cargo.lock.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (had: ${have:-none}); this takes a few minutes once"
  cargo install wasm-bindgen-cli --version "$want"
fi

# Debian: Chromium for the browser tests, and a CJK font so Chinese renders in screenshots.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy' || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ] && [ "${DUBAN_SKIP_BROWSER:-}" != 1 ]; then
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm: the dev dependencies (playwright-core, …), from the lock file when there is one.
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    log "npm install"
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  fi
fi

# PyPI: the independent readers the tests use to check exported/fixture files.
if ! python3 -c 'import openpyxl, docx' 2>/dev/null; then
  log "pip install openpyxl python-docx"
  python3 -m pip install --quiet --disable-pip-version-check openpyxl python-docx
fi
