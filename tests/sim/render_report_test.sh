#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium (no network, fresh profile): the page must
# log no console message, its DOM must hold the charts, and its screenshot must not be blank.
# Usage: tests/sim/render_report_test.sh HESA_BINARY (from the source root). Exit 77: no chromium.
set -euo pipefail
hesa="$1"
chromium_bin="$(command -v chromium || true)"
if [ -z "$chromium_bin" ]; then
  echo "SKIP: chromium is not installed (scripts/setup-deps.sh installs it)"
  [ "${CI:-}" = "true" ] && exit 1  # CI installs chromium: missing is a failure there
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

chromium() {  # chromium URL OUTFLAGS... ; stderr log in $work/log
  local profile
  profile="$(mktemp -d "$work/profile.XXXX")"
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars "$@" 2>"$work/log"
}
console_messages() { grep -E ':(INFO|WARNING|ERROR):CONSOLE' "$work/log" || true; }

# The console check must be able to fail: a page with an error is caught.
printf '<!DOCTYPE html><html><body><script>console.error("probe")</script></body></html>' \
  >"$work/probe.html"
chromium --dump-dom "file://$work/probe.html" >/dev/null
if [ -z "$(console_messages)" ]; then
  echo "FAIL: chromium's console log was not captured for a page that logs an error"; exit 1
fi

"$hesa" run --chip configs/chips/tpu_v6e.yaml --workload configs/workloads/ntt_n12_l4.yaml \
  --out "$work/run" --quiet
chromium --dump-dom "file://$work/run/report.html" >"$work/dom.html"
messages="$(console_messages)"
if [ -n "$messages" ]; then echo "FAIL: console messages:"; echo "$messages"; exit 1; fi
svgs="$(grep -o '<svg' "$work/dom.html" | wc -l)"
if [ "$svgs" -lt 6 ]; then echo "FAIL: the rendered DOM holds $svgs charts, expected >= 6"; exit 1; fi
grep -q 'Unit utilization over time' "$work/dom.html" || { echo "FAIL: no utilization section"; exit 1; }

chromium --window-size=1240,1600 --screenshot="$work/shot.png" "file://$work/run/report.html" \
  >/dev/null
[ -s "$work/shot.png" ] || { echo "FAIL: no screenshot"; cat "$work/log"; exit 1; }
if convert -version 2>/dev/null | grep -q ImageMagick; then
  read -r colors stddev < <(convert "$work/shot.png" -format '%k %[fx:standard_deviation]\n' info:)
  echo "screenshot: $colors colours, standard deviation $stddev"
  if [ "$colors" -lt 16 ] || awk "BEGIN{exit !($stddev < 0.02)}"; then
    echo "FAIL: the screenshot is blank or nearly so"; exit 1
  fi
else
  # Without ImageMagick: a blank 1240x1600 PNG compresses to a few KiB.
  size="$(stat -c %s "$work/shot.png")"
  echo "screenshot: $size bytes"
  [ "$size" -gt 20000 ] || { echo "FAIL: the screenshot is blank or nearly so"; exit 1; }
fi
# Three runs side by side fit the window at 1300 and 800 px: no chart, table or title reaches
# past its right edge (measured through a probe page that loads the report in a frame).
for r in 1 2 3; do
  "$hesa" run --chip configs/chips/tpu_v6e.yaml --workload configs/workloads/ntt_n12_l4.yaml \
    --out "$work/cmp$r" --quiet --set "batch=$r"
done
"$hesa" report "$work/cmp1" "$work/cmp2" "$work/cmp3" --out "$work/cmp.html" >/dev/null
for width in 1300 800; do
  cat >"$work/probe$width.html" <<EOF
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="cmp.html"
 style="width:${width}px;height:900px;border:0"></iframe><script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, right = 0;
  d.querySelectorAll('svg,table,h3').forEach(function (e) {
    right = Math.max(right, e.getBoundingClientRect().right);
  });
  document.body.setAttribute('data-fit', 'right=' + Math.ceil(right) + ' width=' +
                             d.documentElement.clientWidth);
};</script></body></html>
EOF
  fit="$(chromium --allow-file-access-from-files --virtual-time-budget=5000 \
    --dump-dom "file://$work/probe$width.html" | grep -o 'data-fit="[^"]*"' || true)"
  right="$(echo "$fit" | sed -nE 's/.*right=([0-9]+) width=([0-9]+).*/\1/p')"
  page="$(echo "$fit" | sed -nE 's/.*right=([0-9]+) width=([0-9]+).*/\2/p')"
  if [ -z "$right" ] || [ "$right" -gt "$page" ]; then
    echo "FAIL: three runs side by side at $width px: ${fit:-no measure}"; exit 1
  fi
  echo "three runs side by side at $width px: $fit"
done
echo "PASS: report.html renders without console messages, is not blank and fits the window"
