// SPDX-License-Identifier: MIT
// The loops every fused kernel runs, independent of what it computes: a contiguous run of
// elements as interleaved SIMD streams (several independent accumulator sets hide the latency of
// a reduction), and a broadcast iteration space as rows along the last axis.
//
// Note [Kernels keep their state in locals]: a kernel body is inlined into the function that
// owns its state (values, accumulators, pointers), and that state lives in local variables whose
// address never escapes. Then the compiler knows that a store through a gradient pointer cannot
// change an exponent, a seed or an accumulator, and keeps them in registers for the whole loop.
// A body that captured members of a larger object by reference, or a loop the compiler could not
// inline, would reload them after every store.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/shape.hpp>


namespace etgrad::kernel {

template <class V>
struct lane_tag {
    using type = V;
};

template <std::size_t I>
using stream_c = std::integral_constant<std::size_t, I>;

// True when T has a SIMD batch type on this target.
template <class T>
inline constexpr bool has_simd = std::is_floating_point_v<T> && xsimd::batch<T>::size > 1;

// Visits [0, n): first `Streams` interleaved SIMD batches at a time, then single batches, then
// single elements. body(i, lane_tag<V>, stream_c<u>) handles the elements [i, i + lanes of V)
// with accumulator set u (0 for everything but the interleaved part).
template <class T, std::size_t Streams, bool Simd, class Body>
ETGRAD_ALWAYS_INLINE void contiguous(std::size_t n, Body&& body) {
    std::size_t i = 0;
    if constexpr (Simd && has_simd<T>) {
        using batch = xsimd::batch<T>;
        constexpr std::size_t width = batch::size;
        for (; i + Streams * width <= n; i += Streams * width)
            [&]<std::size_t... U>(std::index_sequence<U...>) ETGRAD_INLINE_LAMBDA {
                (body(i + U * width, lane_tag<batch>{}, stream_c<U>{}), ...);
            }(std::make_index_sequence<Streams>{});
        if constexpr (Streams > 1)  // with one stream, the loop above already takes single batches
            for (; i + width <= n; i += width) body(i, lane_tag<batch>{}, stream_c<0>{});
    }
    for (; i < n; ++i) body(i, lane_tag<T>{}, stream_c<0>{});
}

// Visits a broadcast iteration space of rank >= 1 row by row: row(base) is called for every row
// along the last axis, with the offsets of K operands at the row's first element (an odometer
// over the outer axes).
template <std::size_t K, class Row>
ETGRAD_ALWAYS_INLINE void for_each_row(const shape_t& loop, const std::array<strides_t, K>& strides, Row&& row) {
    if (loop.size() == 0) return;
    std::array<std::size_t, K> base{};
    std::array<std::size_t, max_rank> index{};
    const std::size_t last = loop.rank - 1;
    while (true) {
        row(base);
        std::size_t d = last;
        while (true) {
            if (d == 0) return;
            --d;
            ++index[d];
            for (std::size_t k = 0; k < K; ++k) base[k] += strides[k][d];
            if (index[d] < loop.dims[d]) break;
            for (std::size_t k = 0; k < K; ++k) base[k] -= strides[k][d] * loop.dims[d];
            index[d] = 0;
        }
    }
}

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

// The sum of a batch's lanes (a number is its own sum).
template <class V>
ETGRAD_ALWAYS_INLINE auto lane_sum(const V& v) {
    if constexpr (std::is_arithmetic_v<V>)
        return v;
    else
        return xsimd::hadd(v);
}

}  // namespace etgrad::kernel
