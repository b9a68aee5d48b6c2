#!/usr/bin/env bash
# The simulator's own speed on TPU v6e. Per case (whole `hesa run` processes, repeated): median
# wall time, CPU time, simulated instructions per second of wall time, peak memory, and the share
# of the wall time spent lowering, simulating (with the stats) and writing the outputs (from
# run-meta.json). Cases: an NTT (N=2^16, 51 limbs), HE-Mult (Cheddar), a packed bootstrap
# (Cheddar), on one chip and on the 8 chips of a v6e-8 slice (by limbs and by batch), the
# applications (HELR, ResNet-20, bootstrapping with the CraterLake parameters), HE-Mult at batch 1..16 (cost vs instruction count), the replay of a
# 10-million-instruction trace (memory per instruction; skipped with BENCH_SKIP_BIG=1), the
# mapping search, the 200-point hbm_vmem sweep at -j 2, the per-point overhead of a sweep (20 points
# of the smallest workload at -j 1 next to one `hesa run` of it) and the raw SystemC event rate of
# this machine as the yardstick (bench/systemc_rate). Writes bench/results.md.
# Usage: scripts/bench.sh [repeats, default 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -x build/hesa ] || scripts/build.sh
cmake --build build --target hesa systemc_rate >/dev/null
repeats="${1:-5}"
chip=configs/chips/tpu_v6e.yaml
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A markdown row from bench_case.py's JSON ($1), the run folder ($2) and the label and batch.
row() {
  local json="$1" dir="$2" label="$3" batch="$4" instrs cycles
  instrs=$(awk -F, '$1 == "workload.instructions" { print $2 }' "$dir/stats.csv")
  cycles=$(grep -m1 '"cycles"' "$dir/stats.json" | tr -dc '0-9.')
  python3 - "$json" "$label" "$batch" "$instrs" "$cycles" <<'EOF'
import json, sys
r = json.loads(sys.argv[1]); label, batch = sys.argv[2], sys.argv[3]
instrs, cycles = int(float(sys.argv[4])), float(sys.argv[5])
w = r["wall_median_s"]; p = r["phases_s"] or {}
share = lambda k: f"{100 * p.get(k, 0) / w:.0f} %"
print(f"| {label} | {batch} | {instrs} | {cycles:.0f} | {w:.3f} | {r['cpu_median_s']:.3f} | "
      f"{instrs / w:.3g} | {r['peak_mib']:.1f} | {share('lowering')} | {share('simulation')} | "
      f"{share('outputs')} |")
EOF
}

bench_case() {
  local label="$1" workload="$2" batch="$3" json
  json=$(python3 scripts/bench_case.py "$repeats" "$tmp/run" -- build/hesa run --chip "$chip" \
    --workload "$workload" --set batch="$batch" --out "$tmp/run" --quiet --force)
  row "$json" "$tmp/run" "$label" "$batch"
  last_wall=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["wall_median_s"])' "$json")
}

# The same on the v6e-8 slice, sharded by $4; then its wall time over one chip's ($5).
bench_slice_case() {
  local label="$1" workload="$2" batch="$3" shard="$4" one="$5" json
  json=$(python3 scripts/bench_case.py "$repeats" "$tmp/run" -- build/hesa run \
    --slice configs/slices/tpu_v6e_8.yaml --workload "$workload" --set batch="$batch" \
    --set mapping.shard="$shard" --out "$tmp/run" --quiet --force)
  local ratio
  ratio=$(python3 -c 'import json, sys; print("%.2f" % (json.loads(sys.argv[1])["wall_median_s"] / float(sys.argv[2])))' \
    "$json" "$one")
  row "$json" "$tmp/run" "$label" "$batch" | sed "s/\$/ $ratio |/"
}

header() {
  echo "| case | batch | instructions | simulated cycles | wall s | CPU s | instr/s | peak MiB | lowering | simulation | outputs |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
}

{
  echo "# hesa's speed"
  echo
  echo "Made by \`scripts/bench.sh $repeats\` on $(uname -n), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo "(load average at the start: $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "Wall time: the median of $repeats runs of \`hesa run --quiet\` (whole process: config,"
  echo "lowering, simulation, writing stats.json, stats.csv, summary.md, trace.json, report.html);"
  echo "CPU time: user + system of the median run, the figure to trust when other work shares the"
  echo "machine; instr/s: simulated instructions per second of wall time; peak memory: maximum"
  echo "resident set size; lowering, simulation (with the stats) and outputs: their shares of the"
  echo "wall time, from run-meta.json (the rest is process start, reading the configs and exit)."
  echo
  header
  bench_case "NTT N=2^16 L=51" configs/workloads/ntt_n16_l51.yaml 1
  bench_case "HE-Mult Cheddar" configs/workloads/he_mult_cheddar.yaml 1
  bench_case "Bootstrap Cheddar" configs/workloads/bootstrap_cheddar.yaml 1
  one_bootstrap="$last_wall"
  echo
  echo "Slices: the bootstrap on the v6e-8 slice (8 chips, configs/slices/tpu_v6e_8.yaml), one"
  echo "bootstrap sharded by limbs and 8 (one a chip) by batch; the last column is the wall time"
  echo "over the one-chip bootstrap's above:"
  echo
  echo "| case | batch | instructions | simulated cycles | wall s | CPU s | instr/s | peak MiB | lowering | simulation | outputs | x one chip |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  bench_slice_case "Bootstrap Cheddar, 8 chips by limbs" configs/workloads/bootstrap_cheddar.yaml 1 limbs "$one_bootstrap"
  bench_slice_case "Bootstrap Cheddar, 8 chips by batch" configs/workloads/bootstrap_cheddar.yaml 8 batch "$one_bootstrap"
  echo
  echo "Applications on TPU v6e (configs/workloads; one run each, \`--max-instructions 100000000\`):"
  echo "HELR is one bootstrapping period (4 iterations, 16 bootstraps), ResNet-20 one inference."
  echo
  header
  for a in helr resnet20 bootstrap_craterlake; do
    json=$(python3 scripts/bench_case.py 1 "$tmp/run" -- build/hesa run --chip "$chip" \
      --workload "configs/workloads/$a.yaml" --out "$tmp/run" --quiet --force \
      --max-instructions 100000000)
    row "$json" "$tmp/run" "$a" 1
  done
  echo
  echo "Cost vs instruction count (HE-Mult Cheddar):"
  echo
  header
  for b in 1 2 4 8 16; do
    bench_case "HE-Mult Cheddar" configs/workloads/he_mult_cheddar.yaml "$b"
  done
  if [ "${BENCH_SKIP_BIG:-0}" != 1 ]; then
    echo
    echo "Memory per instruction: the replay (\`hesa run --trace\`) of 9 bootstraps (Cheddar) in a"
    echo "row, written once to build/bench/ by \`hesa trace\` and \`scripts/repeat_trace.py\`:"
    echo
    big=build/bench/bootstrap_x9.trace
    if [ ! -s "$big" ] || [ build/hesa -nt "$big" ]; then  # remade for a newer hesa
      build/hesa trace --chip "$chip" --workload configs/workloads/bootstrap_cheddar.yaml \
        -o "$tmp/one.trace"
      python3 scripts/repeat_trace.py "$tmp/one.trace" "$big" 9
    fi
    json=$(python3 scripts/bench_case.py 1 "$tmp/big" -- build/hesa run --chip "$chip" \
      --trace "$big" --out "$tmp/big" --quiet --force --max-instructions 20000000)
    echo "| case | instructions | trace file MiB | wall s | CPU s | instr/s | peak MiB | bytes per instruction |"
    echo "|---|---|---|---|---|---|---|---|"
    instrs=$(awk -F, '$1 == "workload.instructions" { print $2 }' "$tmp/big/stats.csv")
    python3 - "$json" "$instrs" "$(stat -c %s "$big")" <<'EOF'
import json, sys
r = json.loads(sys.argv[1]); n = int(float(sys.argv[2])); size = int(sys.argv[3])
w = r["wall_median_s"]
print(f"| replay, 9 bootstraps | {n} | {size / 2**20:.0f} | {w:.2f} | {r['cpu_median_s']:.2f} | "
      f"{n / w:.3g} | {r['peak_mib']:.0f} | {r['peak_mib'] * 2**20 / n:.0f} |")
EOF
  fi
  echo
  echo "The mapping search (\`hesa tune\` with the NTT layout also open: every knob the workload"
  echo "leaves unset on auto, candidates simulated in child processes, \`-j 2\`):"
  echo
  echo "| case | chip | simulations | wall s | peak MiB |"
  echo "|---|---|---|---|---|"
  for c in "HE-Mult Cheddar|configs/workloads/he_mult_cheddar.yaml|tpu_v6e" \
           "HE-Mult Cheddar|configs/workloads/he_mult_cheddar.yaml|tpu_v4" \
           "Bootstrap Cheddar|configs/workloads/bootstrap_cheddar.yaml|tpu_v6e"; do
    IFS='|' read -r label workload tchip <<<"$c"
    json=$(python3 scripts/bench_case.py 1 - --stdout "$tmp/tune.txt" -- build/hesa tune \
      --chip "configs/chips/$tchip.yaml" --workload "$workload" --set mapping.layout=auto -j 2)
    sims=$(awk '/simulations in/ { print $1 }' "$tmp/tune.txt")
    python3 - "$json" "$label" "$tchip" "$sims" <<'EOF'
import json, sys
r = json.loads(sys.argv[1])
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {r['wall_median_s']:.2f} | {r['peak_mib']:.0f} |")
EOF
  done
  echo
  echo "Sweeps: the shipped hbm_vmem (\`hesa sweep configs/sweeps/hbm_vmem.yaml -j 2\`, 200 points,"
  echo "each at its best mapping), and the per-point overhead: 20 points of the smallest workload"
  echo "(ntt_n12_l4, HBM data rate varied) at \`-j 1\`, next to one \`hesa run\` of it:"
  echo
  echo "| case | points | wall s | CPU s | wall s per point (x jobs) | CPU ms per point |"
  echo "|---|---|---|---|---|---|"
  json=$(python3 scripts/bench_case.py 1 - -- build/hesa sweep configs/sweeps/hbm_vmem.yaml \
    --out "$tmp/sweep" -j 2 --quiet)
  rates=$(seq -s, 1.0 0.1 2.9)
  printf 'name: overhead\nchip: %s\nworkload: %s\ngrid:\n  hbm.data_rate_gbps: [%s]\n' \
    "$root/$chip" "$root/configs/workloads/ntt_n12_l4.yaml" "$rates" >"$tmp/overhead.yaml"
  tiny=$(python3 scripts/bench_case.py 1 - -- build/hesa sweep "$tmp/overhead.yaml" \
    --out "$tmp/overhead" -j 1 --quiet)
  small=$(python3 scripts/bench_case.py "$repeats" "$tmp/small" -- build/hesa run --chip "$chip" \
    --workload configs/workloads/ntt_n12_l4.yaml --out "$tmp/small" --quiet --force)
  points=$(($(wc -l <"$tmp/sweep/results.csv") - 1))
  python3 - "$json" "$tiny" "$small" "$points" <<'EOF'
import json, sys
r, t, s = (json.loads(a) for a in sys.argv[1:4])
points = int(sys.argv[4])
def line(label, r, n, jobs):
    w = r["wall_median_s"]
    print(f"| {label} | {n} | {w:.2f} | {r['cpu_median_s']:.2f} | {w * jobs / n:.3f} | "
          f"{1000 * r['cpu_median_s'] / n:.1f} |")
line("hbm_vmem -j 2", r, points, 2)
line("ntt_n12_l4 x 20 -j 1", t, 20, 1)
line("ntt_n12_l4, one hesa run", s, 1, 1)
EOF
  echo
  echo "Yardstick, raw SystemC on this machine (\`build/bench/systemc_rate MODE 2000000\`):"
  echo
  echo "| SC_THREAD waits | events | wall s | events/s |"
  echo "|---|---|---|---|"
  for mode in cycle tile; do
    build/bench/systemc_rate "$mode" 2000000 2>/dev/null | tail -1 |
      awk '{ printf "| %s | %d | %.3f | %.3g |\n", ($1 == "cycle" ? "one per clock cycle" : "one per 128-cycle tile"), $2, $3, $4 }'
  done
} > bench/results.md
cat bench/results.md
