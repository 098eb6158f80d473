#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages etgrad needs that are not installed yet (nothing when all are).
# Usage: tools/install-deps.sh [extra packages...]
set -euo pipefail
packages=(cmake ninja-build g++ clang lld ccache libboost-dev libboost-test-dev
          libxtensor-dev xtl-dev libxsimd-dev nlohmann-json3-dev pkg-config "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "etgrad: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
