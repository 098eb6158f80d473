// SPDX-License-Identifier: MIT
// Forces inlining where a kernel's state must stay in registers (Note [Kernels keep their state
// in locals] in kernel/loop.hpp): a call the compiler declines to inline makes every local it
// touches escape to memory. ETGRAD_UNROLL asks for a short loop (over a kernel's few streams) to
// be unrolled, so that its arrays of batches stay in registers too.
#pragma once

// Only when optimising. Unoptimised, nothing stays in registers anyway, while g++ -O0 still inlines
// and unrolls on request and then compiles the big functions that makes: user seconds of g++ 12
// -O0 with the requests and without, tests/expr/slice_test.cpp 37.8 and 30.6,
// tests/expr/let_test.cpp 45.6 and 39.3, tests/tape/law_unary_arrays_test.cpp 76.9 and 70.1
// (unrolling alone had cost that test 57.5 s against 38.8 s).
#if defined(__OPTIMIZE__) && (defined(__GNUC__) || defined(__clang__))
#define ETGRAD_ALWAYS_INLINE __attribute__((always_inline)) inline
#define ETGRAD_INLINE_LAMBDA __attribute__((always_inline))
#define ETGRAD_UNROLL _Pragma("GCC unroll 8")
#else
#define ETGRAD_ALWAYS_INLINE inline
#define ETGRAD_INLINE_LAMBDA
#define ETGRAD_UNROLL
#endif
