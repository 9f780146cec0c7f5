#!/usr/bin/env bash
# Leaflet's JS and CSS for the offline HTML map export (inlined into each file, so the map
# opens with no internet): from the npm registry when npm is there, else Debian's libjs-leaflet.
set -euo pipefail
VERSION=1.9.4  # the Leaflet that Folium is written against (1.9.x)
DEST="${1:-vendor/leaflet}"
if [ -f "$DEST/leaflet.js" ] && [ -f "$DEST/leaflet.css" ]; then
  exit 0
fi
mkdir -p "$DEST"
if command -v npm >/dev/null; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack --silent --pack-destination "$tmp" "leaflet@$VERSION" >/dev/null
  tar -xzf "$tmp/leaflet-$VERSION.tgz" -C "$tmp"
  cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$DEST/"
  exit 0
fi
if [ ! -f /usr/share/javascript/leaflet/leaflet.js ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libjs-leaflet
fi
cp /usr/share/javascript/leaflet/leaflet.js /usr/share/javascript/leaflet/leaflet.css "$DEST/"
