// SPDX-License-Identifier: MIT
// Iteration over a broadcast loop of rank >= 1, row by row along the last axis, with each
// operand's offset along the row: the loop of every kernel whose operands' shapes differ.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/shape.hpp>

namespace etgrad::kernel {

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

// Where element i of one row is, for K operands and a target (operand K). An operand is read at
// base[k] + i * step[k]: step 1 along the row when Contiguous, 0 or 1 otherwise (the data is
// row-major). The target is contiguous along the row, or one element for the whole row
// (RowTarget: it can stay in a register for the row).
template <std::size_t K, bool Contiguous, bool RowTarget>
struct row_offsets {
    static constexpr bool contiguous = Contiguous;
    static constexpr bool row_target = RowTarget;
    const std::array<std::size_t, K + 1>& base;
    std::array<std::size_t, K> step;

    ETGRAD_ALWAYS_INLINE std::size_t operator()(std::size_t k, std::size_t i) const {
        if (k == K) return RowTarget ? base[K] : base[K] + i;
        if constexpr (Contiguous)
            return base[k] + i;
        else
            return base[k] + i * step[k];
    }
};

// Calls row(offsets, length) for every row of `loop` (rank >= 1), whose K operands and target are
// read with strides[0..K] (for HasTarget false, strides[K] is unused), with offsets a row_offsets of
// the form the data has: Contiguous when Simd is allowed and every operand is contiguous along the
// row, RowTarget when the target has extent 1 along it. Each form is another instantiation of the
// row's body: only those that can occur are made.
template <bool Simd, bool HasTarget, std::size_t Operands, class Row>
ETGRAD_ALWAYS_INLINE void for_each_broadcast_row(const shape_t& loop, const std::array<strides_t, Operands>& strides,
                                                 Row&& row) {
    constexpr std::size_t K = Operands - 1;
    const std::size_t last = loop.rank - 1;
    const std::size_t length = loop.dims[last];
    bool contiguous_rows = true;
    for (std::size_t k = 0; k < K; ++k) contiguous_rows = contiguous_rows && strides[k][last] == 1;
    const bool row_target = HasTarget && strides[K][last] == 0;
    const auto visit = [&](const std::array<std::size_t, Operands>& base, auto contiguous, auto one_per_row)
        ETGRAD_INLINE_LAMBDA {
            row_offsets<K, decltype(contiguous)::value, decltype(one_per_row)::value> at{base, {}};
            if constexpr (!decltype(contiguous)::value)
                for (std::size_t k = 0; k < K; ++k) at.step[k] = strides[k][last];
            row(at, length);
        };
    const auto visit_any_layout = [&](const std::array<std::size_t, Operands>& base, auto one_per_row)
        ETGRAD_INLINE_LAMBDA {
            if constexpr (Simd) {
                if (contiguous_rows) return visit(base, std::true_type{}, one_per_row);
            }
            visit(base, std::false_type{}, one_per_row);
        };
    for_each_row(loop, strides, [&](const std::array<std::size_t, Operands>& base) ETGRAD_INLINE_LAMBDA {
        if constexpr (HasTarget) {
            if (row_target) return visit_any_layout(base, std::true_type{});
        }
        visit_any_layout(base, std::false_type{});
    });
}

}  // namespace etgrad::kernel
