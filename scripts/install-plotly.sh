#!/usr/bin/env bash
# The Plotly bundle the app serves (only the traces it draws: see scripts/plotly/entry.js),
# built with esbuild from npm's plotly.js at the version the Python plotly package ships.
# Without npm (or if the build fails) nothing is written and the app serves Dash's full
# bundle, as before: the pages work either way, the first load is only heavier.
set -euo pipefail
DEST="${1:-vendor/plotly}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$DEST/plotly-warroom.min.js" ] && [ -f "$DEST/plotly-warroom.min.js.br" ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "install-plotly: npm not found; the app will serve Dash's full Plotly bundle" >&2
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$HERE/plotly/package.json" "$HERE/plotly/entry.js" "$HERE/plotly/build.js" "$tmp/"
(cd "$tmp" && npm install --silent --no-audit --no-fund >/dev/null && node build.js out.min.js) || {
  echo "install-plotly: the build failed; the app will serve Dash's full Plotly bundle" >&2
  exit 0
}
mkdir -p "$DEST"
for ext in "" .br .gz; do cp "$tmp/out.min.js$ext" "$DEST/plotly-warroom.min.js$ext"; done
cp "$tmp/node_modules/plotly.js/LICENSE" "$DEST/LICENSE"
