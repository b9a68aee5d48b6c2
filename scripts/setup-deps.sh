#!/usr/bin/env bash
# Installs the Debian packages hesa needs to build and test (slurm-wlm and munge: for the test of
# the Slurm sweep backend), if any are missing. Idempotent and quiet when everything is present.
set -euo pipefail

# clang and libclang-rt-dev (libFuzzer, sanitizer runtimes) are for scripts/fuzz.sh.
packages=(cmake ninja-build g++ pkg-config libsystemc-dev libfmt-dev libyaml-cpp-dev catch2
          libcli11-dev nlohmann-json3-dev python3
          clang libclang-rt-dev                     # fuzzing (scripts/fuzz.sh)
          slurm-wlm munge                           # the Slurm sweep test
          chromium fonts-dejavu-core imagemagick)  # report.html render test and screenshot
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
