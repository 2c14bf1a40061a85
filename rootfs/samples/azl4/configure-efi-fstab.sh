#!/bin/sh
# KIWI's fstab hook (placed at /etc/fstab.script): KIWI runs it on the disk image's fstab after
# the partitions exist, to mount the EFI system partition with the options Azure VMs use.
set -eu
sed -i -e 's|\(/boot/efi\s\+vfat\s\+\)defaults|\1umask=0077,shortname=winnt|' /etc/fstab
