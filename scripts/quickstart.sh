#!/usr/bin/env bash
# Installs what is missing, builds hesa and runs the default job: a forward NTT of N = 2^16 with
# 51 limbs on the TPU v6e config. Results go to out/quickstart/ (replaced on every run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root"
./build/hesa run --chip configs/chips/tpu_v6e.yaml --workload configs/workloads/ntt_n16_l51.yaml \
  --out out/quickstart --force "$@"
