#!/usr/bin/env bash
# Prints, as Markdown, each chip's simulated power (energy / time, dynamic and static) on a set of
# busy kernels (an int8 GEMM that fills the MXUs, a batch of NTTs, HE-Mult, a bootstrap), each at
# the mapping the workload gives, next to the chip's published power (docs/chips.md).
# Usage: scripts/chip_power.sh [CHIP.yaml ...]   (default: every chip in configs/chips/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
chips=("$@")
[ ${#chips[@]} -gt 0 ] || chips=(configs/chips/tpu_v4.yaml configs/chips/tpu_v5e.yaml \
  configs/chips/tpu_v5p.yaml configs/chips/tpu_v6e.yaml configs/chips/tpu7x.yaml)
workloads=(gemm_int8_4096 ntt_n16_l51:batch=8 he_mult_cheddar bootstrap_cheddar)
[ -x build/hesa ] || scripts/build.sh
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for chip in "${chips[@]}"; do
  name="$(basename "$chip" .yaml)"
  for w in "${workloads[@]}"; do
    file="${w%%:*}"
    sets=()
    [ "$file" != "$w" ] && sets=(--set "${w#*:}")
    build/hesa run --chip "$chip" --workload "configs/workloads/$file.yaml" "${sets[@]}" \
      --out "$tmp/$name/$file" --quiet
  done
done
python3 - "$tmp" "${chips[@]}" <<'PY'
import json, os, sys
tmp, chips = sys.argv[1], [os.path.basename(c)[:-5] for c in sys.argv[2:]]
# Published power per chip, with its source (docs/chips.md): only v4's is Google's.
published = {
    "tpu_v4": "170 W mean, 192 W max (measured, [G4])",
    "tpu_v5e": "not published (CROSS uses ~100 W)",
    "tpu_v5p": "not published",
    "tpu_v6e": "not published (CROSS uses ~200 W)",
    "tpu7x": "not published (~1.1 kW per chip incl. host, network and cooling: 10 MW / 9216 chips, [HC25])",
}
kernels = ["gemm_int8_4096", "ntt_n16_l51", "he_mult_cheddar", "bootstrap_cheddar"]
print("| chip | " + " | ".join(f"{k} W (static W)" for k in kernels) + " | published |")
print("|---|" + "---|" * (len(kernels) + 1))
for chip in chips:
    cells = []
    for k in kernels:
        d = json.load(open(os.path.join(tmp, chip, k, "stats.json")))
        t = d["summary"]["time_us"]
        e = d["stats"]["energy"]
        static = sum(u["static"]["value"] for n, u in e.items() if isinstance(u, dict) and "static" in u)
        cells.append(f"{d['summary']['energy_uj'] / t:.0f} ({static / t:.0f})")
    print(f"| {chip} | " + " | ".join(cells) + f" | {published.get(chip, '?')} |")
PY
