#!/usr/bin/env bash
# Installs what TierDesk needs to build on Debian/Ubuntu: system libraries for
# the webview, Xvfb and the WebKit driver for end-to-end tests, CJK fonts, PDF
# tools for the report test, and the UI's npm packages. Safe to run again: it
# skips what is already there, npm included while package-lock.json is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/phases.sh
trap phases_report EXIT

APT_PACKAGES=(
  build-essential pkg-config libssl-dev file xdg-utils
  libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver fonts-noto-cjk poppler-utils
  # The team-database tests start a throwaway PostgreSQL (scripts/pg-test.sh);
  # contrib holds pg_trgm, the customer search's index.
  postgresql postgresql-contrib
  # The test cluster's TLS certificates (openssl), and the system keyring the
  # app keeps team passwords in, started by the connecting e2e test on a
  # private D-Bus session (gnome-keyring's Secret Service, dbus-daemon).
  openssl gnome-keyring dbus-daemon
)

apt_packages() {
  local missing=() p SUDO=""
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # unsafe-io: dpkg skips its fsync per file, which is most of the install time on
  # a fresh machine; a crash mid-install means running this again.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    -o DPkg::Options::=--force-unsafe-io "${missing[@]}" >/dev/null
}
phase "setup: apt packages" apt_packages

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed. Install it from https://rustup.rs and run this again." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "Node.js (20 or newer) with npm is not installed. Install it and run this again." >&2
  exit 1
fi

# npm ci deletes node_modules and installs everything again; skip it while
# node_modules came from this very package-lock.json.
npm_packages() {
  local stamp=ui/node_modules/.tierdesk-lock-sum sum
  sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && return 0
  echo "==> npm: UI packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  echo "$sum" >"$stamp"
}
phase "setup: npm packages" npm_packages
