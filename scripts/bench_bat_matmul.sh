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
      build/hesa run --chip "$chip" --workload configs/workloads/bat_matmul_256.yaml \
        --set bat_matmul.m=$size --set bat_matmul.n=$size --set bat_matmul.k=$size \
        --set mapping.core_split=$split --out "$out/p" >/dev/null
      python3 - "$out/p/stats.json" "$(basename "$chip" .yaml)" $size $split <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
u = s["utilization"]
print(f"{sys.argv[2]},{sys.argv[3]},{sys.argv[4]},{s['time_us']:.2f},{u['mxu']:.3f},"
      f"{u['vpu']:.3f},{u['hbm']:.3f}")
PY
    done
  done
done
