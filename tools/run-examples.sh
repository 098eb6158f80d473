#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds every example and runs it, printing what each computes; then checks that each one printed
# what its expected-output file (examples/<name>.expected) says.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
build=${ETGRAD_BUILD_DIR:-build/examples}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DETGRAD_BUILD_TESTS=OFF \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build "$build" --target run_examples
ctest --test-dir "$build" -R '^example\.' --output-on-failure
