#!/usr/bin/env bash
# The whole test suite: set-up, type check, lint (including the layer rules), then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== type check"; npx --no-install tsc -p tsconfig.json --noEmit; npx --no-install tsc -p tsconfig.web.json --noEmit
echo "== lint"; npx --no-install eslint .
echo "== tests"; node scripts/run-tests.mjs test "$@"
