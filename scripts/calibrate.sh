#!/bin/sh
# Fits tpu_v6e's VPU op cycles and HBM data rate to the measured VecModMul latencies
# (configs/calibration/vecmodmul_tpu_v6e.csv, a copy of ../shared/reference/calibration/) and
# prints the fitted values and the residual of every point. Record the values in
# configs/chips/tpu_v6e.yaml, then check with `build/hesa validate`.
set -e
cd "$(dirname "$0")/.."
[ -x build/hesa ] || scripts/build.sh
build/hesa calibrate --spec configs/calibration/vecmodmul_tpu_v6e.yaml "$@"
