#!/usr/bin/env bash
# Installs what the tests need and runs every test: Rust unit and integration
# tests, the UI's unit tests, and the end-to-end tests that drive the real app
# in a real webview under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
export CARGO_TERM_COLOR=never
scripts/setup.sh

# The differential import tests write the same sheets through Python's csv
# module, openpyxl and XlsxWriter (real writers people's files come from) and
# compare what TierDesk stores with what was written.
PYENV_DIR="$HOME/.cache/tierdesk-py"
if [ ! -x "$PYENV_DIR/bin/python" ] || ! "$PYENV_DIR/bin/python" -c "import openpyxl, xlsxwriter" 2>/dev/null; then
  echo "==> Python writers for the differential import tests"
  if ! command -v python3 >/dev/null || ! python3 -m venv --help >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
  rm -rf "$PYENV_DIR"
  python3 -m venv "$PYENV_DIR"
  "$PYENV_DIR/bin/pip" install -q --disable-pip-version-check openpyxl xlsxwriter
fi
export TIERDESK_PYTHON="$PYENV_DIR/bin/python"

echo "==> Rust formatting"
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo fmt --all --check

echo "==> Rust lints"
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
cargo clippy --workspace --exclude tierdesk-app --all-targets -- -D warnings

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
