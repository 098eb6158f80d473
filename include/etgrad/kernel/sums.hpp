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

// The streams' batches are added first, then across lanes once per sum.
template <class T, std::size_t S, class Lanes>
loop_sums<T, S> combine(const Lanes& lanes, const sums<T, T, S>& tail) {
    auto all = lanes[0];
    for (std::size_t u = 1; u < lanes.size(); ++u) {
        all.total += lanes[u].total;
        for (std::size_t s = 0; s < S; ++s) all.adjoints[s] += lanes[u].adjoints[s];
    }
    loop_sums<T, S> r{tail.total + lane_sum(all.total), tail.adjoints};
    for (std::size_t s = 0; s < S; ++s) r.adjoints[s] += lane_sum(all.adjoints[s]);
    return r;
}

}  // namespace etgrad::kernel
