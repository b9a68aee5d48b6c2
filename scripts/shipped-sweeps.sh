#!/usr/bin/env bash
# Runs the shipped sweeps (configs/sweeps/*.yaml) into out/sweeps/<name>/ and renders each
# sweep.html to docs/sweeps/<name>.png with headless Chromium, for the README.
# Usage: scripts/shipped-sweeps.sh [-j JOBS] [NAME...]   (default: every shipped sweep, -j 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs=2
if [ "${1:-}" = "-j" ]; then jobs="$2"; shift 2; fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in configs/sweeps/*.yaml; do names+=("$(basename "$f" .yaml)"); done
fi
[ -x build/hesa ] || scripts/build.sh
mkdir -p out/sweeps docs/sweeps
for name in "${names[@]}"; do
  rm -rf "out/sweeps/$name"
  start=$(date +%s.%N)
  build/hesa sweep "configs/sweeps/$name.yaml" --out "out/sweeps/$name" -j "$jobs" --quiet
  end=$(date +%s.%N)
  echo "$name: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
  scripts/screenshot-report.sh "out/sweeps/$name/sweep.html" "docs/sweeps/$name.png" 1300x1300 \
    >/dev/null
done
