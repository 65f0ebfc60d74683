#!/usr/bin/env bash
# Installs what the tests need and runs every test: Rust unit and integration
# tests, the UI's unit tests, and the end-to-end tests that drive the real app
# in a real webview under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
export CARGO_TERM_COLOR=never
scripts/setup.sh

echo "==> Rust tests"
cargo test --workspace --exclude tierdesk-app

echo "==> UI unit tests"
(cd ui && npx vitest run)

echo "==> building the app for end-to-end tests"
ui/node_modules/.bin/tauri build --debug --no-bundle

echo "==> end-to-end tests"
export TIERDESK_APP="$CARGO_TARGET_DIR/debug/tierdesk-app"
xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" \
  node --test --test-concurrency=1 tests/e2e/
