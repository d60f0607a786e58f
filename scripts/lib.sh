#!/usr/bin/env bash
# Shared by scripts/start.sh and scripts/test.sh: make pnpm available and
# install the workspace. Needs only Node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm 10 with npm (corepack is not used: its signature check fails on some machines)"
  npm install -g pnpm@10 >/dev/null 2>&1 || true
fi
if command -v pnpm >/dev/null 2>&1; then
  PNPM=(pnpm)
else
  PNPM=(npx -y pnpm@10)
fi

echo "› installing dependencies (the first run builds better-sqlite3 from source, about a minute)"
"${PNPM[@]}" install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE '^(Progress|\s*$)' | tail -n 5
