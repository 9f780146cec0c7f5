#!/usr/bin/env bash
# Install Debian's Redis server and nginx for the multi-instance tests, when they are missing.
# The tests start their own throwaway servers from /usr/bin/redis-server and /usr/sbin/nginx.
set -euo pipefail
if command -v redis-server >/dev/null && [ -x /usr/sbin/nginx ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  redis-server nginx
