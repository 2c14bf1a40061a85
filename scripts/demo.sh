#!/usr/bin/env bash
# The main job on the built-in sample: build the Azure Linux 4.0 `wsl` sample profile from the
# bundled fixture repository into a validated .wsl, install it into the wsl.exe simulator,
# create the first user from the sample answer file, and show that user's shell.
# Installs what it needs first; safe to re-run (the demo distro is replaced each time).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx scripts/demo.ts "$@"
