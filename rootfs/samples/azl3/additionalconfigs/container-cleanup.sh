#!/bin/sh
# Post-install for the container image: drop caches and logs the image does not need.
set -eu
rm -rf /var/cache/tdnf /var/log/*.log
