#!/usr/bin/env bash
# Builds hesa with AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset "asan",
# build-asan/) and runs the whole test suite under them. Exits non-zero on any finding.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup-deps.sh"
cd "$root"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
ctest --preset asan -j "$(nproc)"
