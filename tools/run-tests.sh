#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the tests and runs them with CTest.
#   CXX=g++                another compiler (default clang++; CI builds the tests with both)
#   ETGRAD_SANITIZE=1      build with AddressSanitizer and UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
# clang by default: the unoptimised tests are mostly template instantiation and code generation,
# where clang 14 takes a third less time than g++ 12 and less than half the memory (this command on
# two cores, back to back: 4 min 14 s against 6 min 24 s; tests/tape/law_unary_arrays_test.cpp
# alone 30.8 s and 1.2 GB against 44.8 s and 3.0 GB).
cxx=${CXX:-clang++}
flags=""
options="-DETGRAD_BUILD_EXAMPLES=ON"
type=Release
if [ "${ETGRAD_SANITIZE:-0}" = 1 ]; then
    # UBSan's alignment and null checks are left out: unoptimised, they guard every reference
    # binding and doubled UBSan's compile time (tests/tape/law_unary_arrays_test.cpp, clang 14:
    # 150 s with them, 100 s without), and ASan already reports a null dereference.
    flags="-fsanitize=address,undefined -fno-sanitize=alignment,null -fno-omit-frame-pointer -fno-sanitize-recover=all"
    type=Debug
    # Line tables are all a sanitizer report needs for its stack traces; full debug information
    # (CMake's Debug default, -g) costs 6-14% more compile time (clang 14,
    # tests/tape/selection_test.cpp: user 12.7 s against 11.9 s, wall 32.0 s against 28.0 s).
    options="-DCMAKE_CXX_FLAGS_DEBUG=-g1"
    # Left to the plain build: the checks whose programs would not be instrumented (packaging),
    # and the examples (their output is checked there).
    options="$options -DETGRAD_PACKAGING_TESTS=OFF -DETGRAD_BUILD_EXAMPLES=OFF"
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
fi
# ccache's depend mode: a file not in the cache is compiled without first running the preprocessor
# to compute its key (0.4 s a test file, clang), which on a fresh machine is every file.
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
build=${ETGRAD_BUILD_DIR:-build/tests-$(basename "$cxx")${ETGRAD_SANITIZE:+-sanitize}}
# lld links the test executables (140 MB, most of it symbols) in a sixth of the time of GNU ld
# (tests/etgrad_tests: 1.3 s against 7.4 s).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=$type -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      $options >/dev/null
# One compile per core, not Ninja's default of two more: a test file holds up to 3 GB at -O0, so
# four at once on two cores can need up to 12 GB. No slower: the whole command took 6 min 43 s
# and 6 min 44 s with four and two jobs (g++ 12, two cores, runs back to back); the two test
# executables alone 294 s and 327 s with four, 277 s and 284 s with two.
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
