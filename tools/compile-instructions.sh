#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions the compiler (cc1plus and the assembler) executes for one translation unit,
# counted by valgrind: a measure of compile time that repeats exactly, where timings on a shared
# machine vary by a quarter. Some 20 times slower than the compile itself.
#   tools/compile-instructions.sh FILE [COMPILER FLAGS...]
# default flags: the benchmarks' (-O3 -DNDEBUG -march=x86-64-v3 -std=gnu++20), include/ and bench/.
set -euo pipefail
file=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
flags=("$@")
((${#flags[@]})) || flags=(-O3 -DNDEBUG -march=x86-64-v3 -std=gnu++20)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"${CXX:-g++}" -DXTENSOR_USE_XSIMD -I"$root/include" -I"$root/bench" "${flags[@]}" -c "$file" -o "$out/unit.o" \
    -wrapper valgrind,--tool=cachegrind,--cache-sim=no,--cachegrind-out-file="$out/count.%p",--log-file="$out/log.%p"
# one count per process the driver ran through the wrapper (cc1plus, as)
total=$(cat "$out"/count.* | sed -n 's/^summary: //p' | awk '{s += $1} END {print s}')
echo "$file: $(awk -v t="$total" 'BEGIN {printf "%.2f", t / 1e9}') G instructions"
