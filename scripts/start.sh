#!/usr/bin/env bash
# One command to set up and run Accord on the embedded default (SQLite in ./data):
#   bash scripts/start.sh
# Prints the URL and the demo accounts. Env: PORT (8080), HOST, DATA_DIR (./data).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "› building the client"
"${PNPM[@]}" build >/dev/null
exec "${PNPM[@]}" start
