#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time. Usage: scripts/fuzz.sh [seconds per target, default 60]
# [target...] (chip, workload, limbs, sweep, trace; default all)
# A finding stops with the crashing input in build-fuzz/artifacts/; once fixed, copy the input
# to tests/data/fuzz-regressions/<target>/ so ctest replays it.
set -euo pipefail
seconds="${1:-60}"
shift || true
all=(chip workload limbs sweep trace)
targets=("${@:-${all[@]}}")
for target in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz: unknown target $target (${all[*]})" >&2; exit 2; }
done
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup-deps.sh"
build="$root/build-fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DHESA_FUZZ=ON >/dev/null
jobs="${HESA_FUZZ_JOBS:-$(nproc)}"
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

d="$root/tests/data"
declare -A seeds=(
  [chip]="$root/configs/chips $root/configs/memories $d/config $d/bad $d/fuzz-seeds/chip $d/fuzz-regressions/chip"
  [workload]="$root/configs/workloads $d/workloads $d/bad $d/fuzz-seeds/workload $d/fuzz-regressions/workload"
  [limbs]="$d/bad $d/fuzz-seeds/limbs $d/fuzz-regressions/limbs"
  [sweep]="$root/configs/sweeps $d/sweeps $d/bad $d/fuzz-seeds/sweep $d/fuzz-regressions/sweep"
  [trace]="$d/bad $d/fuzz-seeds/trace $d/fuzz-regressions/trace"
)
declare -A dicts=([chip]=yaml.dict [workload]=yaml.dict [limbs]=limbs.dict [sweep]=yaml.dict
                  [trace]=trace.dict)
declare -A max_len=([trace]=16384)  # dumped traces of small workloads are a few KB

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p "$build/artifacts"
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"  # grows across runs; the seeds are read only
  mkdir -p "$corpus"
  log="$build/fuzz_$target.log"
  echo "fuzz: $target for ${seconds}s"
  # shellcheck disable=SC2086
  if ! (cd "$root" && "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
          -rss_limit_mb=2048 -max_len="${max_len[$target]:-4096}" -print_final_stats=1 \
          -dict="$root/fuzz/${dicts[$target]}" \
          -artifact_prefix="$build/artifacts/$target-" "$corpus" ${seeds[$target]} \
          >"$log" 2>&1); then
    tail -n 60 "$log" >&2
    echo "fuzz: $target found a problem; input in $build/artifacts/ (full log: $log)" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^Done|cov:" "$log" | tail -n 3 |
    sed "s/^/  $target: /"
done
