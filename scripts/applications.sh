#!/usr/bin/env bash
# Runs the applications (configs/workloads: helr, resnet20, bootstrap_cheddar,
# bootstrap_craterlake) on every shipped TPU (v4, v5e, v5p, v6e, TPU7x) and on the v6e-8 slice
# sharded by limbs, into
# out/applications/, and prints two Markdown tables: hesa's time per application and chip (HELR
# per training iteration: its workload is 4 iterations and their bootstraps), and what each run
# cost to simulate (instructions, wall time, peak memory). docs/applications.md quotes them.
# About 10 minutes on 2 cores; ResNet-20 on v4 (16 MiB of VMEM: small basis-conversion tiles)
# is about 135 M instructions and 13 GB of memory.
# Usage: scripts/applications.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -x build/hesa ] || scripts/build.sh
out=out/applications
mkdir -p "$out"
apps=(helr resnet20 bootstrap_cheddar bootstrap_craterlake)
targets=("--chip configs/chips/tpu_v4.yaml" "--chip configs/chips/tpu_v5e.yaml"
         "--chip configs/chips/tpu_v5p.yaml" "--chip configs/chips/tpu_v6e.yaml"
         "--chip configs/chips/tpu7x.yaml"
         "--slice configs/slices/tpu_v6e_8.yaml --set mapping.shard=limbs")
names=(tpu_v4 tpu_v5e tpu_v5p tpu_v6e tpu7x tpu_v6e_8)
for a in "${apps[@]}"; do
  for i in "${!targets[@]}"; do
    dir="$out/$a-${names[$i]}"
    # shellcheck disable=SC2086  # the target is two or four words
    /usr/bin/time -f "%e %M" -o "$dir.time" build/hesa run ${targets[$i]} \
      --workload "configs/workloads/$a.yaml" --out "$dir" --force --quiet --no-charts --no-trace \
      --max-instructions 200000000
  done
done
/usr/bin/python3 - "$out" "${apps[@]}" -- "${names[@]}" <<'PY'
import json, os, sys
out = sys.argv[1]
cut = sys.argv.index("--")
apps, names = sys.argv[2:cut], sys.argv[cut + 1:]
def stats(a, n):
    with open(os.path.join(out, f"{a}-{n}", "stats.json")) as f:
        return json.load(f)
def per(a):
    return 4 if a == "helr" else 1
print("| application | " + " | ".join(names) + " |")
print("|---|" + "---|" * len(names))
for a in apps:
    cells = []
    for n in names:
        s = stats(a, n)
        t = s["summary"]["time_us"] / per(a) / 1000
        b = s["bottleneck"]["run"]
        cells.append(f"{t:.1f} ms ({b['unit'].upper()} {100 * b['share']:.0f} %)")
    label = a + (" (per iteration)" if a == "helr" else "")
    print(f"| {label} | " + " | ".join(cells) + " |")
print()
print("| application | target | instructions | wall s | peak MiB |")
print("|---|---|---|---|---|")
for a in apps:
    for n in names:
        s = stats(a, n)
        instrs = int(s["stats"]["workload"]["instructions"]["value"])
        with open(os.path.join(out, f"{a}-{n}.time")) as f:
            wall, kb = f.read().split()[-2:]
        print(f"| {a} | {n} | {instrs} | {float(wall):.1f} | {int(kb) / 1024:.0f} |")
PY
