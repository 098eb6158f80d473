// SPDX-License-Identifier: MIT
// The contiguous loop every fused kernel runs, independent of what it computes: a run of elements
// as interleaved SIMD streams (several independent accumulator sets hide the latency of a
// reduction), then single batches, then single elements.
//
// Note [Kernels keep their state in locals]: a kernel body is inlined into the function that
// owns its state (values, accumulators, pointers), and that state lives in local variables whose
// address never escapes. Then the compiler knows that a store through a gradient pointer cannot
// change an exponent, a seed or an accumulator, and keeps them in registers for the whole loop.
// A body that captured members of a larger object by reference, or a loop the compiler could not
// inline, would reload them after every store.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include <etgrad/kernel/always_inline.hpp>

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

// Independent accumulator streams for a loop that sums `accumulators` values per element: enough
// to hide the latency of the additions, few enough for the registers (at most 8 accumulators). An
// element that costs a transcendental function hides that latency by itself: one stream, as each
// stream is another inlined copy of the element (compile time, code size).
constexpr std::size_t stream_count(bool expensive_element, std::size_t accumulators) {
    if (expensive_element) return 1;
    return accumulators == 0 ? 2 : accumulators <= 2 ? 4 : accumulators <= 4 ? 2 : 1;
}

}  // namespace etgrad::kernel
