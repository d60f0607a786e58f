#!/usr/bin/env bash
# One command to set up and run every test: typecheck, unit, integration and
# Playwright end-to-end tests in Debian's Chromium.
#   bash scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "› installing Debian's Chromium (the tests never download a browser of their own)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi
export CHROMIUM_PATH

"${PNPM[@]}" test
