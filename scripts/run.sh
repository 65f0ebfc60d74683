#!/usr/bin/env bash
# Installs everything, builds TierDesk and starts it on its default local
# database (in the OS app-data folder). Prints how long each phase took.
#
# It builds the debug app, the one the end-to-end tests drive: after
# scripts/test.sh nothing is left to build, and a first build takes minutes,
# not the quarter of an hour of the optimised one. `scripts/run.sh --release`
# builds and starts the optimised app (what the .deb installs) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tierdesk-target}"
PROFILE=debug
[ "${1:-}" = "--release" ] && PROFILE=release
. scripts/phases.sh
scripts/setup.sh
echo "==> building TierDesk ($PROFILE; the first build takes several minutes)"
if [ "$PROFILE" = release ]; then
  phase "app build (UI and Rust)" scripts/build-app.sh --release
else
  phase "app build (UI and Rust)" scripts/build-app.sh
fi
phases_report
exec "$CARGO_TARGET_DIR/$PROFILE/tierdesk-app"
