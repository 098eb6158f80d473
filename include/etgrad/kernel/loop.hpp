// SPDX-License-Identifier: MIT
// The contiguous loop every fused kernel runs, independent of what it computes: a run of elements
// as interleaved SIMD streams (several independent accumulator sets hide the latency of a
// reduction), then single batches (where the loop asks for them), then single elements.
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

template <std::size_t C>
using count_c = std::integral_constant<std::size_t, C>;

// Visits [0, n): first groups of `Streams` consecutive SIMD batches, then single batches, then
// single elements. body(i, lane_tag<V>, count_c<C>) handles the C consecutive batches (or the one
// element) of type V from i, stream u < C with accumulator set u. A body that steps its C streams
// through each operation in turn (lockstep) gives the processor C independent dependency chains
// side by side: it runs them in parallel however long each chain is.
// Without SingleBatches, what the groups leave (fewer than Streams batches) is visited element by
// element: the body is compiled twice instead of three times, for a few more single elements
// (Note [Two copies of a fused element] in expr/fused_loop.hpp).
template <class T, std::size_t Streams, bool Simd, bool SingleBatches = true, class Body>
ETGRAD_ALWAYS_INLINE void lockstep(std::size_t n, Body&& body) {
    std::size_t i = 0;
    if constexpr (Simd && has_simd<T>) {
        using batch = xsimd::batch<T>;
        constexpr std::size_t width = batch::size;
        for (; i + Streams * width <= n; i += Streams * width) body(i, lane_tag<batch>{}, count_c<Streams>{});
        // with one stream, the loop above already takes single batches
        if constexpr (Streams > 1 && SingleBatches)
            for (; i + width <= n; i += width) body(i, lane_tag<batch>{}, count_c<1>{});
        // Fewer than `rest` elements are left. Said with a bounded loop, the compiler does not
        // vectorise them again behind run-time alias checks (bench P1 at n = 3: 144 -> 128
        // instructions per call).
        constexpr std::size_t rest = SingleBatches ? width : Streams * width;
        for (std::size_t k = 1; k < rest; ++k, ++i) {
            if (i == n) return;
            body(i, lane_tag<T>{}, count_c<1>{});
        }
        return;
    }
    for (; i < n; ++i) body(i, lane_tag<T>{}, count_c<1>{});
}

// The same visit, stream by stream: body(i, lane_tag<V>, stream_c<u>) handles the batch (or
// element) of stream u at i.
template <class T, std::size_t Streams, bool Simd, bool SingleBatches = true, class Body>
ETGRAD_ALWAYS_INLINE void contiguous(std::size_t n, Body&& body) {
    lockstep<T, Streams, Simd, SingleBatches>(
        n, [&]<class V, std::size_t C>(std::size_t i, lane_tag<V> lane, count_c<C>) ETGRAD_INLINE_LAMBDA {
            if constexpr (C == 1)
                body(i, lane, stream_c<0>{});
            else
                [&]<std::size_t... U>(std::index_sequence<U...>) ETGRAD_INLINE_LAMBDA {
                    (body(i + U * V::size, lane, stream_c<U>{}), ...);
                }(std::make_index_sequence<C>{});
        });
}

// Independent streams, run in lockstep, for a loop that sums `accumulators` values per element:
// enough to hide the latency of the additions, few enough for the registers (at most 8
// accumulators). An expensive element (a transcendental function, or as much work in cheaper
// ops) takes two: its dependency chain is long, a second one beside it hides it (bench, time over
// the hand-written loop's with one stream and with two: P8 1.69x and 1.36x, P7v 2.6x and 1.26x),
// and each further stream is another inlined copy of it. An unoptimised build (the tests) takes
// one there: lockstep buys it nothing, and the copy costs compile time (g++ -O0,
// tests/tape/law_unary_arrays_test.cpp: 44.3 s of CPU with two, 38.8 s with one).
constexpr std::size_t stream_count(bool expensive_element, std::size_t accumulators) {
#ifdef __OPTIMIZE__
    constexpr std::size_t expensive_streams = 2;
#else
    constexpr std::size_t expensive_streams = 1;
#endif
    if (expensive_element) return expensive_streams;
    return accumulators == 0 ? 2 : accumulators <= 2 ? 4 : accumulators <= 4 ? 2 : 1;
}

// Streams visited one after the other (kernel::contiguous), for a cheap element that sums
// `accumulators` values: each stream adds into accumulators of its own, so each sum is as many
// dependency chains as there are streams, and only one stream's temporaries are live at a time;
// twelve registers hold the accumulators, at most four streams. In lockstep, the temporaries of
// every stream are live together: P4 (three sums) fitted two streams, and its additions waited on
// each other (bench: 1.75 us in lockstep, 1.13 us with four streams one after the other; hand 0.84).
constexpr std::size_t sequential_stream_count(std::size_t accumulators) {
    const std::size_t fit = accumulators == 0 ? 4 : 12 / accumulators;
    return fit >= 4 ? 4 : fit >= 1 ? fit : 1;
}

}  // namespace etgrad::kernel
