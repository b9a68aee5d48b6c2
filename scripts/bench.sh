#!/usr/bin/env bash
# The simulator's own speed on TPU v6e: wall time, simulated instructions and cycles per second and
# peak memory of `hesa run` for an NTT (N=2^16, 51 limbs), HE-Mult (Cheddar) and a packed
# bootstrap (Cheddar); HE-Mult at batch 1..16 for
# cost vs instruction count; and the raw SystemC event rate of this machine as the yardstick
# (bench/systemc_rate). Writes bench/results.md. Usage: scripts/bench.sh [repeats, default 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -x build/hesa ] || scripts/build.sh
cmake --build build --target systemc_rate >/dev/null
repeats="${1:-3}"
chip=configs/chips/tpu_v6e.yaml
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# One case: best wall time of `repeats` runs; prints a markdown row.
bench_case() {
  local label="$1" workload="$2" batch="$3" best="" rss=0
  for _ in $(seq "$repeats"); do
    /usr/bin/time -v -o "$tmp/time.txt" build/hesa run --chip "$chip" --workload "$workload" \
      --set batch="$batch" --out "$tmp/run" --quiet --force
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
           for (i = 1; i <= n; ++i) s = s * 60 + p[i]; print s }' "$tmp/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; fi
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local instrs cycles
  instrs=$(awk -F, '$1 == "workload.instructions" { print $2 }' "$tmp/run/stats.csv")
  cycles=$(grep -m1 '"cycles"' "$tmp/run/stats.json" | tr -dc '0-9.')
  awk -v l="$label" -v b="$batch" -v w="$best" -v i="$instrs" -v c="$cycles" -v r="$rss" 'BEGIN {
    printf "| %s | %d | %d | %.0f | %.3f | %.0f | %.3g | %.1f |\n", l, b, i, c, w, i / w, c / w,
           r / 1024 }'
}

{
  echo "# hesa's speed"
  echo
  echo "Made by \`scripts/bench.sh $repeats\` on $(uname -n), $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo "Wall time: the best of $repeats runs of \`hesa run --quiet\` (whole process: config,"
  echo "lowering, simulation, writing stats.json, stats.csv, summary.md, trace.json, report.html);"
  echo "peak memory: maximum resident set size (\`/usr/bin/time -v\`)."
  echo
  echo "| case | batch | instructions | simulated cycles | wall s | instr/s | sim cycles/s | peak MiB |"
  echo "|---|---|---|---|---|---|---|---|"
  bench_case "NTT N=2^16 L=51" configs/workloads/ntt_n16_l51.yaml 1
  bench_case "HE-Mult Cheddar" configs/workloads/he_mult_cheddar.yaml 1
  bench_case "Bootstrap Cheddar" configs/workloads/bootstrap_cheddar.yaml 1
  echo
  echo "Cost vs instruction count (HE-Mult Cheddar):"
  echo
  echo "| case | batch | instructions | simulated cycles | wall s | instr/s | sim cycles/s | peak MiB |"
  echo "|---|---|---|---|---|---|---|---|"
  for b in 1 2 4 8 16; do
    bench_case "HE-Mult Cheddar" configs/workloads/he_mult_cheddar.yaml "$b"
  done
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
    /usr/bin/time -v -o "$tmp/time.txt" build/hesa tune --chip "configs/chips/$tchip.yaml" \
      --workload "$workload" --set mapping.layout=auto -j 2 >"$tmp/tune.txt"
    sims=$(awk '/simulations in/ { print $1 }' "$tmp/tune.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
           for (i = 1; i <= n; ++i) s = s * 60 + p[i]; print s }' "$tmp/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
    awk -v l="$label" -v c="$tchip" -v s="$sims" -v w="$wall" -v k="$kb" \
      'BEGIN { printf "| %s | %s | %d | %.2f | %.0f |\n", l, c, s, w, k / 1024 }'
  done
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
