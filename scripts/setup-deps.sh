#!/usr/bin/env bash
# Installs the Debian packages hesa needs to build and test, if any are missing.
# Idempotent and quiet when everything is present. slurm-wlm and munge are only for the test of
# the Slurm sweep backend: when they cannot be installed (no network), that test is skipped.
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config libsystemc-dev libfmt-dev libyaml-cpp-dev catch2
          libcli11-dev nlohmann-json3-dev)
optional=(slurm-wlm munge)

missing_of() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t missing < <(missing_of "${packages[@]}")
mapfile -t missing_optional < <(missing_of "${optional[@]}")
[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=0
install() {
  [ $updated = 1 ] || { $sudo apt-get update -qq >&2 || true; updated=1; }
  $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}" >&2
  install "${missing[@]}"
fi
if [ ${#missing_optional[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing_optional[*]} (for the Slurm sweep test)" >&2
  install "${missing_optional[@]}" ||
    echo "setup-deps: could not install ${missing_optional[*]}; the Slurm sweep test will be skipped" >&2
fi
