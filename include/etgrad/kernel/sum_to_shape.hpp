// SPDX-License-Identifier: MIT
// Sums an array over the dimensions along which a smaller shape was broadcast to it: the gradient
// of a broadcast operand, summed back to the operand's shape.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include <etgrad/kernel/broadcast.hpp>
#include <etgrad/kernel/element_access.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/kernel/sums.hpp>

namespace etgrad::kernel {

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_cannot_sum_to(const shape_t& from, const shape_t& to) {
    throw std::invalid_argument("etgrad: an array of shape " + from.to_string() + " cannot be summed to shape " +
                                to.to_string() + ": that shape does not broadcast to it");
}

// out (of shape `to`, contiguous, row-major) = in (of shape `from`) summed over the dimensions
// `to` has extent 1 in or lacks; `to` must broadcast to `from`.
template <class T>
void sum_to_shape(const T* in, const shape_t& from, T* out, const shape_t& to) {
    if (to.rank > from.rank || !broadcastable(to, from) || !(broadcast_unchecked(to, from) == from))
        throw_cannot_sum_to(from, to);
    std::fill(out, out + to.size(), T(0));
    if (from.rank == 0) {
        out[0] = in[0];
        return;
    }
    using batch = xsimd::batch<T>;
    constexpr std::size_t streams = stream_count(false, 1);
    const std::array<strides_t, 2> strides{broadcast_strides(from, from), broadcast_strides(to, from)};
    for_each_broadcast_row<has_simd<T>, true>(from, strides, [&](const auto& at, std::size_t length) {
        using offsets = std::remove_cvref_t<decltype(at)>;
        if constexpr (offsets::row_target) {  // one output element per row: the row is summed in registers
            std::array<sums<T, batch, 0>, streams> lanes{};
            sums<T, T, 0> tail{};
            contiguous<T, streams, offsets::contiguous>(length, [&](std::size_t i, auto lane, auto u) {
                using V = typename decltype(lane)::type;
                if constexpr (std::is_same_v<V, T>)
                    tail.total += in[at(0, i)];
                else
                    lanes[u].total += load<V>(in, at(0, i));
            });
            out[at(1, 0)] += combine<T, 0>(lanes, tail).total;
        } else {
            contiguous<T, 1, offsets::contiguous>(length, [&](std::size_t i, auto lane, auto) {
                accumulate(out, at(1, i), load<typename decltype(lane)::type>(in, at(0, i)));
            });
        }
    });
}

}  // namespace etgrad::kernel
