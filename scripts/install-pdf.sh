#!/usr/bin/env bash
# Install Debian's libraries for the PDF brief (WeasyPrint shapes Thai with Pango and HarfBuzz)
# and poppler-utils (pdftoppm, to look at a brief as an image), when they are missing.
set -euo pipefail
need=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
