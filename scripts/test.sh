#!/usr/bin/env bash
# Every test, in the order a failure is cheapest to see: formatting and lints, native
# tests (unit, fixtures, corpus, CLI golden), a benchmark smoke run, the wasm build,
# then the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "clippy (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
step "cargo test"
cargo test
step "benchmark smoke run (numbers are not checked here)"
DUBAN_BENCH_QUICK=1 cargo bench --bench pipeline
if [ -f package.json ] && grep -q '"test:e2e"' package.json; then
  step "build (wasm + page + offline file)"
  npm run build
  step "end-to-end tests in headless Chromium"
  npm run test:e2e
fi
if [ -f package.json ] && grep -q '"test:pkg"' package.json; then
  step "npm package: pack, install offline, Node API, types (tsc), <duban-report> in a portal page"
  npm run test:pkg
fi
