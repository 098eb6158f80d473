#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions per evaluation of benchmark kernels, counted with callgrind (repeatable on a noisy
# machine; no hardware counters needed): the difference of runs with 1000 and 0 repetitions.
#   tools/count-instructions.sh BENCH_BINARY PROBLEM N [IMPL...]    (default IMPL: hand static)
set -euo pipefail
bench=$1 problem=$2 n=$3
shift 3
impls=("$@")
((${#impls[@]})) || impls=(hand static)
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
strip -o "$stripped" "$bench"  # valgrind's demangler chokes on the deep expression types' names
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" --repeat "$1" "$problem" "$n" "$2" 2>&1 |
        sed -n 's/.*Collected : //p'
}
for impl in "${impls[@]}"; do
    base=$(count "$impl" 0)
    full=$(count "$impl" 1000)
    echo "$problem n=$n $impl: $(((full - base) / 1000)) instructions per evaluation"
done
