#!/usr/bin/env bash
# Launch time and idle memory of the built app: an empty database and one of
# 5,000 rated customers, each launched N times under Xvfb; prints the medians
# beside the goals (≤ 1 s to the customer list; idle memory ≤ 1.3 × a bare
# Tauri window). Build the app first (scripts/build-app.sh, or
# ui/node_modules/.bin/tauri build --debug --no-bundle)
# (and `cargo build -p tierdesk-cli` for the CLI that fills the database).
#   scripts/bench-launch.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
export TIERDESK_APP="${TIERDESK_APP:-$CARGO_TARGET_DIR/debug/tierdesk-app}"
export TIERDESK_CLI="${TIERDESK_CLI:-$CARGO_TARGET_DIR/debug/tierdesk}"
RUNS="${1:-7}"
run() { xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node tests/bench/launch.mjs "$@"; }
echo "==> empty database"
run --runs "$RUNS" --memory
echo
echo "==> 5,000 customers, rated once"
run --runs "$RUNS" --customers 5000 --memory
