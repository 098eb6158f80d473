// SPDX-License-Identifier: MIT
// What the engines may ask of an op rule, so that no engine names an op. A rule declares only
// what differs from the conservative default:
//   - `grad_reads` (unary) or `grad_lhs_reads` / `grad_rhs_reads` (binary): which values the
//     derivative with respect to that operand reads besides the adjoint. The tape saves only
//     those; the static layer runs a reduction's backward inside its forward loop when every rule
//     on the way from the root reads nothing that is computed later. Default: everything.
//   - `cost`: roughly the work of one value, in multiplies (default 1); a fused loop keeps a
//     value for its backward pass instead of recomputing it when recomputing costs more.
//   - `value_and_slope(a)` (unary): the value and d(value)/da as a pair, computed together where
//     that is cheaper than apart (sin and cos from one sincos). A fused loop that runs the
//     backward of such an op keeps the slope instead of recomputing it; it must equal the rule's
//     `grad(a, value, 1)`.
//   - `first_step(a)` with `value_after(a, first)` and, where the op keeps its slope,
//     `value_and_slope_after(a, first)` (unary): the value computed in two steps, the first a
//     transcendental function whose result the second needs (softplus: exp(-|a|), then log1p). A
//     fused loop takes the first step for all its streams before the second for any, so that the
//     streams' functions overlap as they do for ops written apart (Note [Ops in two steps] in
//     expr/fused_loop.hpp). value_after(a, first_step(a)) must be value(a), bit for bit.
//   - `with_fixed_form(f)`: calls f with an equivalent op whose run-time data is folded into its
//     type (pow with exponent 2 becomes the stateless square form), once per evaluation; the
//     default calls f with the op itself.
//   - `factors_out_of_sums` (binary): the sum of `c op e` over elements e is `c op (sum of e)`
//     for a number c (either operand), which a fused loop applies once after its sum (Note
//     [Factors out of sums] in expr/loop_plan.hpp). Default: no.
//   - `lhs_multiplier(b)` and `multiplier_is_close(b)` (binary): value(a, b) is a times
//     lhs_multiplier(b) to within two ulps where multiplier_is_close(b) (division: 1/b); a fused
//     loop whose b is one number for every element multiplies (Note [Dividing by a number] in
//     expr/loop_invariants.hpp). Default: none.
//   - `grad_rhs_factor(a, b)`, with `grad_rhs_factor_reads`, and `grad_rhs_rest(a, b, out, adj)`
//     (binary): the second operand's share is the rest times the factor, which reads only what its
//     declaration says (division's -1/b). A fused loop whose factor reads only numbers that are the
//     same for every element computes it once (Note [Invariant factors on the way back] in
//     expr/loop_invariants.hpp). Default: none.
// tests/ops/rules_test.cpp checks every declaration against the rule's body.
#pragma once
#include <concepts>
#include <cstddef>
#include <type_traits>

namespace etgrad::ops {

struct reads {
    bool lhs = false;  // the first (or only) operand
    bool rhs = false;  // the second operand
    bool out = false;  // the op's own value
    friend constexpr bool operator==(const reads&, const reads&) = default;
};
inline constexpr reads reads_everything{true, true, true};

// What the derivative with respect to operand K of Op reads.
template <class Op, std::size_t K>
constexpr reads grad_reads_of() {
    if constexpr (K == 0 && requires { Op::grad_reads; })
        return Op::grad_reads;
    else if constexpr (K == 0 && requires { Op::grad_lhs_reads; })
        return Op::grad_lhs_reads;
    else if constexpr (K == 1 && requires { Op::grad_rhs_reads; })
        return Op::grad_rhs_reads;
    else
        return reads_everything;
}

// Whether the second operand's share of Op is declared as a rest times a factor.
template <class Op>
inline constexpr bool has_grad_rhs_factor = requires { Op::grad_rhs_factor_reads; };

template <class Op>
inline constexpr bool factors_out_of_sums = requires { requires Op::factors_out_of_sums; };

template <class Op>
constexpr int cost_of() {
    if constexpr (requires { Op::cost; })
        return Op::cost;
    else
        return 1;
}

template <class Op, class F>
constexpr decltype(auto) with_fixed_form(const Op& op, F&& f) {
    if constexpr (requires { op.with_fixed_form(f); })
        return op.with_fixed_form(f);
    else
        return f(op);
}

template <class Op>
inline constexpr bool has_value_and_slope = requires(const Op& op, double a) { op.value_and_slope(a); };

template <class Op>
inline constexpr bool has_two_steps = requires(const Op& op, double a) { op.value_after(a, op.first_step(a)); };

template <class Op>
inline constexpr bool has_lhs_multiplier = requires(const Op& op, double b) {
    op.lhs_multiplier(b);
    { op.multiplier_is_close(b) } -> std::same_as<bool>;
};

template <class Op>
inline constexpr bool has_fixed_forms = requires(const Op& op) { op.with_fixed_form([](const auto&) {}); };

// The cost of a transcendental function: a vectorised exp or log is some 20 multiplies.
inline constexpr int transcendental_cost = 20;

}  // namespace etgrad::ops
