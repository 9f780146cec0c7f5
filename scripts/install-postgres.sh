#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the database tests, when it is missing.
# The tests start their own throwaway cluster from /usr/lib/postgresql/<ver>/bin.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
