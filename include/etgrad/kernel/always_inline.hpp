// SPDX-License-Identifier: MIT
// Forces inlining where a kernel's state must stay in registers (Note [Kernels keep their state
// in locals] in kernel/loop.hpp): a call the compiler declines to inline makes every local it
// touches escape to memory.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define ETGRAD_ALWAYS_INLINE __attribute__((always_inline)) inline
#define ETGRAD_INLINE_LAMBDA __attribute__((always_inline))
#else
#define ETGRAD_ALWAYS_INLINE inline
#define ETGRAD_INLINE_LAMBDA
#endif
