#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time. Usage: scripts/fuzz.sh [seconds per target, default 60]
# A finding stops with the crashing input in build-fuzz/artifacts/; once fixed, copy the input
# to tests/data/fuzz-regressions/<target>/ so ctest replays it.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup-deps.sh"
build="$root/build-fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DHESA_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_chip fuzz_workload fuzz_limbs

d="$root/tests/data"
declare -A seeds=(
  [chip]="$root/configs/chips $root/configs/memories $d/config $d/bad $d/fuzz-regressions/chip"
  [workload]="$root/configs/workloads $d/workloads $d/bad $d/fuzz-seeds/workload $d/fuzz-regressions/workload"
  [limbs]="$d/bad $d/fuzz-seeds/limbs $d/fuzz-regressions/limbs"
)
declare -A dicts=([chip]=yaml.dict [workload]=yaml.dict [limbs]=limbs.dict)

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p "$build/artifacts"
for target in chip workload limbs; do
  corpus="$build/corpus/$target"  # grows across runs; the seeds are read only
  mkdir -p "$corpus"
  log="$build/fuzz_$target.log"
  echo "fuzz: $target for ${seconds}s"
  # shellcheck disable=SC2086
  if ! (cd "$root" && "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
          -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
          -dict="$root/fuzz/${dicts[$target]}" \
          -artifact_prefix="$build/artifacts/$target-" "$corpus" ${seeds[$target]} \
          >"$log" 2>&1); then
    tail -n 60 "$log" >&2
    echo "fuzz: $target found a problem; input in $build/artifacts/ (full log: $log)" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^Done|cov:" "$log" | tail -n 3
done
