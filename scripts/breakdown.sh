#!/usr/bin/env bash
# Prints, as Markdown, the time of a workload on each chip broken down by CROSS's categories
# (busy cycles summed over units; share of elapsed time), from `hesa run`'s stats.json.
# Usage: scripts/breakdown.sh WORKLOAD.yaml [CHIP.yaml ...]   (default chips: v6e v5e v4)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
workload="$1"
shift
chips=("$@")
[ ${#chips[@]} -gt 0 ] || chips=(configs/chips/tpu_v6e.yaml configs/chips/tpu_v5e.yaml configs/chips/tpu_v4.yaml)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for chip in "${chips[@]}"; do
  out="$tmp/$(basename "$chip" .yaml)"
  "$root/build/hesa" run --chip "$chip" --workload "$workload" --out "$out" --quiet
  python3 - "$out/stats.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, b = d["summary"], d["stats"]["breakdown"]["category"]
labels = {"vector_modops": "vector mod-ops", "ntt_matmul": "NTT matmul", "intt_matmul": "INTT matmul",
          "bconv_matmul": "BConv matmul", "permutation": "permutation", "copy_reshape": "copy/reshape",
          "type_conversion": "type conversion", "other": "other"}
total = sum(b[k]["busy"]["value"] for k in labels)
print(f"### {d['meta']['chip']}: {s['time_us']:.3f} us ({s['cycles']:.0f} cycles)\n")
print("| category | busy cycles | share of busy | share of elapsed |\n|---|---|---|---|")
for k, name in labels.items():
    busy = b[k]["busy"]["value"]
    print(f"| {name} | {busy:.0f} | {100 * busy / total:.1f} % | {100 * b[k]['elapsed_share']['value']:.1f} % |")
print()
PY
done
