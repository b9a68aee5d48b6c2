#!/usr/bin/env bash
# CROSS's BAT modular matmul benchmark (m = n = k from 64 to 2048) on each given chip, one hesa
# process per point; prints CSV: chip,size,core_split,time_us,mxu_util,vpu_util,hbm_util.
# Usage: scripts/bench_bat_matmul.sh [chip.yaml ...]  (default: every chip in configs/chips/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -x build/hesa ] || scripts/build.sh
chips=("$@")
[ ${#chips[@]} -gt 0 ] || chips=(configs/chips/*.yaml)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "chip,size,core_split,time_us,mxu_util,vpu_util,hbm_util"
for chip in "${chips[@]}"; do
  for size in 64 128 256 512 1024 2048; do
    for split in none batch; do
      time_us=$(build/hesa run --chip "$chip" --workload configs/workloads/bat_matmul_256.yaml \
        --set bat_matmul.m=$size --set bat_matmul.n=$size --set bat_matmul.k=$size \
        --set mapping.core_split=$split --out "$out/p" | awk '$1 == "time" { print $2 }')
      util=$(awk -F, '$1 ~ /^units\.(mxu|vpu|hbm)\.utilization$/ { printf ",%.3f", $2 }' \
        "$out/p/stats.csv")
      echo "$(basename "$chip" .yaml),$size,$split,$time_us$util"
    done
  done
done
