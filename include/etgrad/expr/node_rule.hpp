// SPDX-License-Identifier: MIT
// The rules of one elementwise node on numbered values (numbers or SIMD batches): its value, its
// tangent (forward mode) and its operands' shares of its adjoint, given where the node and its
// operands sit among the values. A class keyed by those positions rather than a member of the
// evaluation: the evaluation's type names the whole expression, and a function per node named
// after it made the compiler's symbol table and debug information grow as the square of long
// expressions (eg::let chains).
#pragma once
#include <cstddef>
#include <type_traits>

#include <etgrad/kernel/always_inline.hpp>

namespace etgrad::detail {

// Self: the node; A and B its operands (B == A for one operand). NeedsA/NeedsB: whether an
// operand takes a share of the adjoint (or has a tangent); FirstA/FirstB: whether that share is
// the operand's first, which assigns instead of adding (in a loop, expr/loop_plan.hpp `backward`).
template <std::size_t Self, std::size_t Arity, std::size_t A, std::size_t B, bool NeedsA, bool NeedsB, bool FirstA,
          bool FirstB>
struct node_rule {
    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void compute(const Op& op, Values& v) {
        if constexpr (Arity == 1)
            v[Self] = op.value(v[A]);
        else
            v[Self] = op.value(v[A], v[B]);
    }

    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void propagate(const Op& op, const Values& v, Values& adj) {
        if constexpr (Arity == 1) {
            if constexpr (NeedsA) share<FirstA>(adj[A], op.grad(v[A], v[Self], adj[Self]));
        } else {
            if constexpr (NeedsA) share<FirstA>(adj[A], op.grad_lhs(v[A], v[B], v[Self], adj[Self]));
            if constexpr (NeedsB) share<FirstB>(adj[B], op.grad_rhs(v[A], v[B], v[Self], adj[Self]));
        }
    }

    // A one-operand op whose derivative is a slope that comes with its value (ops/traits.hpp
    // `value_and_slope`): the value with the slope, kept in `slope` for propagate_slope.
    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void compute_with_slope(const Op& op, Values& v, Values& slope) {
        const auto [value, s] = op.value_and_slope(v[A]);
        v[Self] = value;
        slope[Self] = s;
    }
    template <class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void propagate_slope(const Values& slope, Values& adj) {
        if constexpr (NeedsA) share<FirstA>(adj[A], adj[Self] * slope[Self]);
    }

    // Forward mode: the node's derivative with respect to the one differentiated input, from its
    // operands'. A rule's `grad(a, out, adj)` is linear in adj, so with adj = da/dx it gives
    // d(out)/dx. Only operands that depend on the input have a tangent.
    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void tangent(const Op& op, const Values& v, Values& dt) {
        if constexpr (Arity == 1)
            dt[Self] = op.grad(v[A], v[Self], dt[A]);
        else if constexpr (NeedsA && NeedsB && A == B)  // e * e: the slope first, off dt's dependency chain
            dt[Self] = slope_of_same_operands(op, v) * dt[A];
        else if constexpr (NeedsA && NeedsB)
            dt[Self] = op.grad_lhs(v[A], v[B], v[Self], dt[A]) + op.grad_rhs(v[A], v[B], v[Self], dt[B]);
        else if constexpr (NeedsA)
            dt[Self] = op.grad_lhs(v[A], v[B], v[Self], dt[A]);
        else
            dt[Self] = op.grad_rhs(v[A], v[B], v[Self], dt[B]);
    }

private:
    // d(a op a)/da, from the rules' shares of a unit adjoint (they are linear in the adjoint).
    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr auto slope_of_same_operands(const Op& op, const Values& v) {
        const auto one = std::remove_cvref_t<decltype(v[A])>(1);
        return op.grad_lhs(v[A], v[A], v[Self], one) + op.grad_rhs(v[A], v[A], v[Self], one);
    }

    template <bool First, class Target, class Share>
    static ETGRAD_ALWAYS_INLINE constexpr void share(Target& target, const Share& s) {
        if constexpr (First)
            target = s;
        else
            target += s;
    }
};

}  // namespace etgrad::detail
