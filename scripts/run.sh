#!/usr/bin/env bash
# Installs everything, builds TierDesk and starts it on its default local
# database (in the OS app-data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
scripts/setup.sh
echo "==> building TierDesk (the first build takes several minutes)"
ui/node_modules/.bin/tauri build --no-bundle
exec "$CARGO_TARGET_DIR/release/tierdesk-app"
