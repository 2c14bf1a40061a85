#!/bin/sh
# Strips a distroless container down to its declared packages (run from config.sh). Sample
# stand-in for Azure Linux's helper: it removes the package manager's state.
set -eu
case "${1:-}" in
    --mode=strip|--mode=runtime) ;;
    *) echo "config-container-base.sh: unknown mode ${1:-}" >&2; exit 2 ;;
esac
rm -rf /var/cache/dnf /var/cache/libdnf5 /var/lib/dnf
