#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian-like machine: Debian packages, then
# npm packages. Safe to re-run: each part is skipped when it is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# Programs the engines and tests drive, and the Debian package that provides each.
declare -A PROVIDER=(
  [rpm]=rpm [rpmbuild]=rpm [rpmsign]=rpm [dnf]=dnf [createrepo_c]=createrepo-c
  [busybox]=busybox-static [getfattr]=attr [getcap]=libcap2-bin [bwrap]=bubblewrap
  [debootstrap]=debootstrap [proot]=proot [xz]=xz-utils [gpg]=gnupg [pigz]=pigz
  [chromium]=chromium [docker-registry]=docker-registry [skopeo]=skopeo [umoci]=umoci
  [unshare]=util-linux [setpriv]=util-linux [zstd]=zstd [openssl]=openssl [bzip2]=bzip2
  [faketime]=faketime [modifyrepo_c]=createrepo-c
)
missing=()
for program in "${!PROVIDER[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing+=("${PROVIDER[$program]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "setup: installing Debian packages: $packages"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages >/dev/null
fi

# npm packages: reinstall only when package-lock.json changed since the last install.
stamp=node_modules/.azl-wsl-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages"
  # The Electron binary is downloaded from outside the npm registry, which these machines cannot reach.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
