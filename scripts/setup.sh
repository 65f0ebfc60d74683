#!/usr/bin/env bash
# Installs what TierDesk needs to build on Debian/Ubuntu: system libraries for
# the webview, Xvfb and the WebKit driver for end-to-end tests, CJK fonts, and
# the UI's npm packages. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config libssl-dev file xdg-utils
  libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver fonts-noto-cjk imagemagick poppler-utils
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed. Install it from https://rustup.rs and run this again." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "Node.js (20 or newer) with npm is not installed. Install it and run this again." >&2
  exit 1
fi

echo "==> npm: UI packages"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
