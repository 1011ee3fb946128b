#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests (Playwright cannot
# download a browser here), HarfBuzz's subsetter for WeasyPrint's PDFs, and poppler-utils
# (pdftoppm) to look at the PDFs. Installed by themselves when run as root.
# `--runtime`: only what the running application needs (WeasyPrint's library).
set -euo pipefail
CHROMIUM="${APPRODI_CHROMIUM:-/usr/bin/chromium}"
missing=()
if [ "${1:-}" != "--runtime" ]; then
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fi
if command -v ldconfig >/dev/null && ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
  missing+=(libharfbuzz-subset0)
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})." >&2
echo "Chromium can also be given with APPRODI_CHROMIUM=/path/to/chromium." >&2
exit 1
