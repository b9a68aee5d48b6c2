#!/usr/bin/env bash
# Screenshots a report.html with headless Chromium (no network, fresh profile).
# Usage: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
# With ImageMagick present, the PNG is reduced to a small palette to keep it small.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2; exit 2; }
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
size="${3:-1240x1800}"
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$chromium_bin" ] || { echo "$0: chromium not found (scripts/setup-deps.sh installs it)" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
shot="$profile/shot.png"
"$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --screenshot="$shot" "file://$report" >/dev/null 2>"$profile/chromium.log" || {
  cat "$profile/chromium.log" >&2
  exit 1
}
[ -s "$shot" ] || { echo "$0: chromium wrote no screenshot" >&2; cat "$profile/chromium.log" >&2; exit 1; }
if command -v convert >/dev/null && convert -version 2>/dev/null | grep -q ImageMagick; then
  convert "$shot" -colors 64 -strip PNG8:"$out"
else
  cp "$shot" "$out"
fi
echo "$out"
