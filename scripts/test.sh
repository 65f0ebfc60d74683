#!/usr/bin/env bash
# Installs what the tests need and runs every test: Rust unit and integration
# tests, the UI's unit tests, and the end-to-end tests that drive the real app
# in a real webview under Xvfb. Prints how long each phase took at the end.
#
# The tests, the lints and the app share one build of every dependency: the
# same dev profile (Cargo.toml) and the same features, which workspace-hack
# asks for on every `--workspace` command (scripts/workspace-hack.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
export CARGO_TERM_COLOR=never
# Snapshot tests (insta) fail on a missing or changed snapshot instead of
# writing a new one.
export INSTA_UPDATE=no
. scripts/phases.sh
trap phases_report EXIT
scripts/setup.sh

# The differential import tests write the same sheets through Python's csv
# module, openpyxl and XlsxWriter (real writers people's files come from) and
# compare what TierDesk stores with what was written.
PYENV_DIR="$HOME/.cache/tierdesk-py"
python_writers() {
  "$PYENV_DIR/bin/python" -c "import openpyxl, xlsxwriter" 2>/dev/null && return 0
  echo "==> Python writers for the differential import tests"
  if ! command -v python3 >/dev/null || ! python3 -m venv --help >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
  fi
  rm -rf "$PYENV_DIR"
  python3 -m venv "$PYENV_DIR"
  "$PYENV_DIR/bin/pip" install -q --disable-pip-version-check openpyxl xlsxwriter
}
phase "Python writers (venv)" python_writers
export TIERDESK_PYTHON="$PYENV_DIR/bin/python"

rust_format() {
  echo "==> Rust formatting"
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo fmt --all --check
  scripts/workspace-hack.sh --check ||
    echo "warning: dependencies changed; until workspace-hack is regenerated some build twice" >&2
}
phase "Rust format" rust_format

rust_lints() {
  echo "==> Rust lints"
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  cargo clippy --workspace --exclude tierdesk-app --all-targets -- -D warnings
}
phase "Rust lints (clippy)" rust_lints

echo "==> Rust tests"
phase "Rust tests: build" cargo test --workspace --exclude tierdesk-app --no-run
# The store and API tests run on SQLite and on a real PostgreSQL server, a
# throwaway cluster pg-test.sh starts for this phase and removes afterwards;
# TIERDESK_REQUIRE_PG makes a test fail rather than skip without it.
phase "Rust tests: run" env TIERDESK_REQUIRE_PG=1 \
  scripts/pg-test.sh cargo test --workspace --exclude tierdesk-app

echo "==> UI unit tests"
ui_tests() { cd ui && npx vitest run; }
phase "UI unit tests (vitest)" ui_tests

echo "==> building the app for end-to-end tests"
phase "app build (UI and Rust)" scripts/build-app.sh

echo "==> end-to-end tests"
export TIERDESK_APP="$CARGO_TARGET_DIR/debug/tierdesk-app"
export TIERDESK_CLI="$CARGO_TARGET_DIR/debug/tierdesk"
# Inside a throwaway PostgreSQL cluster too: the team tests open fresh team
# databases on it (tests/e2e/team.mjs).
phase "end-to-end tests" scripts/pg-test.sh xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" \
  node --test --test-concurrency=1 tests/e2e/
