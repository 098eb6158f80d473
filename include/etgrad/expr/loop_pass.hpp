// SPDX-License-Identifier: MIT
// The passes a fused loop can run (what it does with each element besides computing its cone),
// and what each implies: whether it sums, propagates adjoints or has a target array, and how many
// accumulator streams it interleaves.
#pragma once
#include <cstddef>
#include <utility>

#include <etgrad/expr/flat_tuple.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

enum class pass {
    sum,            // forward of a reduction over everything
    sum_and_keep,   // the same, keeping the operand's values for the backward pass
    fused,          // forward and backward of a reduction whose adjoint is known early
    backward,       // backward of a reduction over everything
    backward_kept,  // the same, reading the kept operand values
    axis_sum,       // forward of an axis reduction into its result
    axis_backward,    // backward of an axis reduction from its result's adjoint
    stored_backward,  // backward of a stored elementwise node from its adjoint, element by element
    store             // eval of an array-valued root into an output, or a stored node into memory
};

constexpr bool sums_operand(pass p) { return p == pass::sum || p == pass::sum_and_keep || p == pass::fused; }
constexpr bool propagates(pass p) {
    return p == pass::fused || p == pass::backward || p == pass::backward_kept || p == pass::axis_backward ||
           p == pass::stored_backward;
}
// Passes whose operand's adjoint is read from the target, element by element or one per row.
constexpr bool seeded_from_target(pass p) { return p == pass::axis_backward || p == pass::stored_backward; }
constexpr bool has_target(pass p) { return p == pass::axis_sum || seeded_from_target(p) || p == pass::store; }

// The work of one element of a loop with these (fixed-form) ops.
template <class Ops>
inline constexpr int element_cost = []<std::size_t... K>(std::index_sequence<K...>) {
    return (0 + ... + ops::cost_of<flat_element_t<K, Ops>>());
}(std::make_index_sequence<Ops::size>{});

// How many values a pass sums per element: its operand's, and the adjoints of `SummedLeaves`
// numbers.
template <pass Pass, std::size_t SummedLeaves>
inline constexpr std::size_t sums_per_element =
    (sums_operand(Pass) || Pass == pass::axis_sum ? 1 : 0) + (propagates(Pass) ? SummedLeaves : 0);

// A pass that reads the kept operand does not compute it, so its element is never expensive.
template <pass Pass, class Ops>
inline constexpr bool expensive_element = Pass != pass::backward_kept && element_cost<Ops> >= ops::transcendental_cost;

// The interleaved streams of a pass over elements with these ops (kernel::stream_count).
template <pass Pass, class Ops, std::size_t SummedLeaves>
inline constexpr std::size_t streams =
    kernel::stream_count(expensive_element<Pass, Ops>, sums_per_element<Pass, SummedLeaves>);

}  // namespace etgrad::detail
