#!/usr/bin/env bash
# Builds the desktop app without bundling it: the UI into ui/dist, then the
# binary, which embeds ui/dist, into $CARGO_TARGET_DIR/debug/tierdesk-app
# (release/ with --release). scripts/run.sh starts it and the end-to-end tests
# drive it; `npm run tauri build` in ui/ makes the .deb and .rpm instead.
#
# Cargo is called directly, with `--workspace` so that workspace-hack's
# features apply and the debug build reuses every dependency the tests built;
# otherwise this is what `tauri build --no-bundle` runs. The UI is built again
# only when one of its files changed (the check of its types included).
set -euo pipefail
cd "$(dirname "$0")/.."
STAMP=ui/node_modules/.tierdesk-dist-sum
sum=$(cd ui && find . \( -name node_modules -o -name dist \) -prune -o -type f -print0 |
  LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f ui/dist/index.html ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$sum" ]; then
  (cd ui && npm run build --silent)
  echo "$sum" >"$STAMP"
fi
cargo build --workspace --bin tierdesk-app --features tierdesk-app/custom-protocol "$@"
