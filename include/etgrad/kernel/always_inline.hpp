// SPDX-License-Identifier: MIT
// Forces inlining where a kernel's state must stay in registers (Note [Kernels keep their state
// in locals] in kernel/loop.hpp): a call the compiler declines to inline makes every local it
// touches escape to memory. ETGRAD_EACH_STREAM(C, u, statements) writes the statements out for each
// of a kernel's C streams (C <= 4), u a constant in each copy, so that its arrays of batches stay
// in registers too: indexed by constants, they are split into registers by the compiler's first
// passes; indexed by a loop's counter (a loop the compiler was asked to unroll, as before), they
// stayed in memory through every pass until the late unrolling, which cost bench/impl_static.cpp
// 3% of its compile time (48.76 G and 47.18 G instructions of cc1plus, tools/compile-instructions.sh).
#pragma once
#include <cstddef>

// Only when optimising. Unoptimised, nothing stays in registers anyway, while g++ -O0 still inlines
// and unrolls on request and then compiles the big functions that makes: user seconds of g++ 12
// -O0 with the requests and without, tests/expr/slice_test.cpp 37.8 and 30.6,
// tests/expr/let_test.cpp 45.6 and 39.3, tests/tape/law_unary_arrays_test.cpp 76.9 and 70.1
// (unrolling alone had cost that test 57.5 s against 38.8 s). There, the streams are a loop.
#if defined(__OPTIMIZE__) && (defined(__GNUC__) || defined(__clang__))
#define ETGRAD_ALWAYS_INLINE __attribute__((always_inline)) inline
#define ETGRAD_INLINE_LAMBDA __attribute__((always_inline))
#define ETGRAD_EACH_STREAM(C, u, ...)                                                             \
    {                                                                                             \
        static_assert((C) <= 4, "ETGRAD_EACH_STREAM: at most four streams");                      \
        if constexpr ((C) > 0) { [[maybe_unused]] constexpr std::size_t u = 0; __VA_ARGS__ }      \
        if constexpr ((C) > 1) { [[maybe_unused]] constexpr std::size_t u = 1; __VA_ARGS__ }      \
        if constexpr ((C) > 2) { [[maybe_unused]] constexpr std::size_t u = 2; __VA_ARGS__ }      \
        if constexpr ((C) > 3) { [[maybe_unused]] constexpr std::size_t u = 3; __VA_ARGS__ }      \
    }
#else
#define ETGRAD_ALWAYS_INLINE inline
#define ETGRAD_INLINE_LAMBDA
#define ETGRAD_EACH_STREAM(C, u, ...) \
    for (std::size_t u = 0; u < (C); ++u) { __VA_ARGS__ }
#endif
