// SPDX-License-Identifier: MIT
// What a reducing loop sums in registers: per stream of SIMD batches (and for the scalar tail) a
// total and S further sums (the adjoints of numbers the loop differentiates), combined into
// numbers once after the loop.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include <etgrad/kernel/always_inline.hpp>

namespace etgrad::kernel {

// The sum of a batch's lanes (a number is its own sum).
template <class V>
ETGRAD_ALWAYS_INLINE auto lane_sum(const V& v) {
    if constexpr (std::is_arithmetic_v<V>)
        return v;
    else
        return xsimd::hadd(v);
}

// The sums of one stream: V is a batch or, for the tail, a number of type T.
template <class T, class V, std::size_t S>
struct sums {
    V total = V(T(0));
    std::array<V, S> adjoints = filled(V(T(0)));
    static constexpr std::array<V, S> filled(V v) {
        std::array<V, S> a;
        a.fill(v);
        return a;
    }
};

// The sums of a whole loop, as numbers.
template <class T, std::size_t S>
struct loop_sums {
    T total = T(0);
    std::array<T, S> adjoints{};
};

template <class T, std::size_t S, class Lanes>
loop_sums<T, S> combine(const Lanes& lanes, const sums<T, T, S>& tail) {
    loop_sums<T, S> r{tail.total, tail.adjoints};
    for (const auto& l : lanes) {
        r.total += lane_sum(l.total);
        for (std::size_t s = 0; s < S; ++s) r.adjoints[s] += lane_sum(l.adjoints[s]);
    }
    return r;
}

}  // namespace etgrad::kernel
