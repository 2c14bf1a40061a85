#!/bin/sh
# Post-install: DHCP on eth0 through systemd-networkd (Azure VMs have one NIC named eth0).
set -eu
mkdir -p /etc/systemd/network
cat > /etc/systemd/network/10-eth0.network <<'NETWORK'
[Match]
Name=eth0

[Network]
DHCP=yes
NETWORK
