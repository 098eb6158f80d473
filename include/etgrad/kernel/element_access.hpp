// SPDX-License-Identifier: MIT
// Loads, stores and in-memory accumulation of one element or one SIMD batch through the same
// calls, so that a loop body is written once for both.
#pragma once
#include <cstddef>
#include <type_traits>

#include <etgrad/kernel/always_inline.hpp>

namespace etgrad::kernel {

// Loads and stores of one element or one batch at p + i.
template <class V, class E>
ETGRAD_ALWAYS_INLINE V load(const E* p, std::size_t i) {
    if constexpr (std::is_arithmetic_v<V>)
        return static_cast<V>(p[i]);
    else
        return V::load_unaligned(p + i);
}
template <class E, class V>
ETGRAD_ALWAYS_INLINE void store(E* p, std::size_t i, const V& v) {
    if constexpr (std::is_arithmetic_v<V>)
        p[i] = static_cast<E>(v);
    else
        v.store_unaligned(p + i);
}
template <class E, class V>
ETGRAD_ALWAYS_INLINE void accumulate(E* p, std::size_t i, const V& v) {
    if constexpr (std::is_arithmetic_v<V>)
        p[i] += static_cast<E>(v);
    else
        (V::load_unaligned(p + i) + v).store_unaligned(p + i);
}

}  // namespace etgrad::kernel
