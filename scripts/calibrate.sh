#!/bin/sh
# Fits the software stack's VPU issue rate and tpu_v6e's HBM data rate to the measured VecModMul
# latencies (configs/calibration/vecmodmul_tpu_v6e.csv, a copy of ../shared/reference/calibration/)
# and prints the fitted values and the residual of every point. Record vpu.issue_rate in
# configs/stacks/jax_xla.yaml (every chip includes it) and the data rate in
# configs/chips/tpu_v6e.yaml, then check with `build/hesa validate`.
set -e
cd "$(dirname "$0")/.."
[ -x build/hesa ] || scripts/build.sh
build/hesa calibrate --spec configs/calibration/vecmodmul_tpu_v6e.yaml "$@"
