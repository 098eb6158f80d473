// SPDX-License-Identifier: MIT
// Forces inlining where a kernel's state must stay in registers (Note [Kernels keep their state
// in locals] in kernel/loop.hpp): a call the compiler declines to inline makes every local it
// touches escape to memory. ETGRAD_UNROLL asks for a short loop (over a kernel's few streams) to
// be unrolled, so that its arrays of batches stay in registers too.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define ETGRAD_ALWAYS_INLINE __attribute__((always_inline)) inline
#define ETGRAD_INLINE_LAMBDA __attribute__((always_inline))
#else
#define ETGRAD_ALWAYS_INLINE inline
#define ETGRAD_INLINE_LAMBDA
#endif

// Only when optimising: g++ -O0 unrolls on request too (tests/tape/law_unary_arrays_test.cpp took
// 57.5 s of CPU instead of 38.8 s).
#if defined(__OPTIMIZE__) && (defined(__GNUC__) || defined(__clang__))
#define ETGRAD_UNROLL _Pragma("GCC unroll 8")
#else
#define ETGRAD_UNROLL
#endif
