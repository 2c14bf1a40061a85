#!/bin/sh
# KIWI config.sh: runs after packages and overlay folders, with $kiwi_profiles (active profiles,
# comma-joined) and $kiwi_iname set. Dispatches on the profile like Azure Linux's own config.sh.
# Safe to run twice; exits non-zero on a real failure.
set -eu

case ",${kiwi_profiles:-}," in
    *,distroless-minimal,*|*,distroless-base,*|*,distroless-debug,*)
        exec /image/config-container-base.sh --mode=strip
        ;;
    *,wsl,*)
        # Nobody logs in as root on WSL: the first-run script creates a sudo user.
        passwd -l root >/dev/null
        # systemd generates a fresh machine id on each distribution's first boot.
        printf 'uninitialized\n' > /etc/machine-id
        ;;
    *,core,*)
        # Containers start from a clean package cache.
        rm -rf /var/cache/dnf /var/cache/libdnf5
        ;;
esac
exit 0
