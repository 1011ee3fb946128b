#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright cannot download a browser here).
set -euo pipefail
CHROMIUM="${APPRODI_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)" >&2
echo "or set APPRODI_CHROMIUM to a Chromium binary." >&2
exit 1
