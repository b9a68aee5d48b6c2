#!/usr/bin/env bash
# Runs every kernel under every mapping that applies to it (reduction x ntt x constant_mul x
# bconv, and core_split on multi-core chips) on TPU v6e, v5e and v4 with the Cheddar and
# CraterLake parameter sets at N = 2^16, one `hesa run` per point, and writes
# out/bench-mappings/results.csv (status ok, or the one-line error of a mapping that cannot run,
# the prefetch depth the lowering took, simulated time, simulation wall time) and a summary on
# stdout.
# Usage: scripts/bench_mappings.sh [parallel jobs, default 1]
set -euo pipefail
jobs="${1:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" >/dev/null
out="$root/out/bench-mappings"
rm -rf "$out"
mkdir -p "$out/runs"

uses_ntt() { case "$1" in vec_mod_add | vec_mod_mul | he_add | pmult | bconv) return 1 ;; esac }
uses_bconv() { case "$1" in bconv | mod_up | mod_down | key_switch | he_mult | he_rotate) return 0 ;; esac; return 1; }

points="$out/points.txt"
: >"$points"
for chip in v6e v5e v4; do
  splits="none"
  [ "$chip" = v4 ] && splits="none limbs batch"
  for params in cheddar craterlake; do
    for kernel in ntt intt vec_mod_add vec_mod_mul he_add pmult bconv mod_up mod_down \
      key_switch rescale he_mult he_rotate; do
      ntts="mat"
      uses_ntt "$kernel" && ntts="mat radix2"
      bconvs="mxu"
      uses_bconv "$kernel" && bconvs="mxu vpu"
      for reduction in barrett montgomery shoup bat_lazy; do
        for ntt in $ntts; do
          for constant_mul in vpu bat; do
            for bconv in $bconvs; do
              for split in $splits; do
                echo "$chip $params $kernel $reduction $ntt $constant_mul $bconv $split" >>"$points"
              done
            done
          done
        done
      done
    done
  done
done

run_point() {
  read -r chip params kernel reduction ntt constant_mul bconv split <<<"$1"
  local id="$chip-$params-$kernel-$reduction-$ntt-$constant_mul-$bconv-$split"
  local dir="$out/runs/$id" start end status time_us
  local depth=""
  start=$(date +%s.%N)
  # The prefetch depth is left open: the lowering takes 2, or 1 when 2 does not fit VMEM.
  if err=$("$root/build/hesa" run --quiet --chip "$root/configs/chips/tpu_$chip.yaml" \
    --workload "$root/configs/workloads/he_mult_$params.yaml" --set "kernel=$kernel" \
    --set "mapping.reduction=$reduction" --set "mapping.ntt=$ntt" \
    --set "mapping.constant_mul=$constant_mul" --set "mapping.bconv=$bconv" \
    --set "mapping.core_split=$split" --out "$dir" 2>&1); then
    status=ok
    read -r time_us depth < <(python3 -c "import json, sys
s = json.load(open(sys.argv[1]))
print(s['summary']['time_us'], int(s['stats']['workload']['prefetch_depth']['value']))" \
      "$dir/stats.json")
  else
    status="\"$(echo "$err" | tail -n 1 | sed 's/.*: mapping/mapping/; s/"/'"'"'/g')\""
    time_us=""
  fi
  end=$(date +%s.%N)
  rm -rf "$dir"
  echo "$chip,$params,$kernel,$reduction,$ntt,$constant_mul,$bconv,$split,$depth,$time_us,$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'),$status"
}
export -f run_point
export root out

echo "chip,params,kernel,reduction,ntt,constant_mul,bconv,core_split,prefetch_depth,time_us,wall_s,status" \
  >"$out/results.csv"
xargs -P "$jobs" -I{} bash -c 'run_point "$@"' _ {} <"$points" >>"$out/results.csv"

python3 - "$out/results.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ok = [r for r in rows if r["status"] == "ok"]
shallow = sum(1 for r in ok if r["prefetch_depth"] != "2")
print(f"{len(rows)} runs, {len(ok)} ran ({shallow} at prefetch depth 1 to fit VMEM), "
      f"{len(rows) - len(ok)} refused")
refused = {}
for r in rows:
    if r["status"] != "ok":
        refused[r["status"]] = refused.get(r["status"], 0) + 1
for msg, n in sorted(refused.items(), key=lambda x: -x[1]):
    print(f"  {n:5d} x {msg}")
if ok:
    walls = sorted(float(r["wall_s"]) for r in ok)
    print(f"wall per run: median {walls[len(walls) // 2]:.2f} s, max {walls[-1]:.2f} s")
EOF
