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

// How a share is formed in a fused loop (Note [Invariant factors on the way back] in
// expr/loop_invariants.hpp): `passes`, the adjoint is passed on as it is (the rule's factor is in
// the scale); `multiplies`, the share is multiplied by its scale; `folds`, the rule is given the
// adjoint times its scale.
struct link {
    bool passes = false;
    bool multiplies = false;
    bool folds = false;  // the rule gets the adjoint times the scale
    bool rest = false;   // the rule's rest, its factor being in the scale (ops/traits.hpp `grad_rhs_factor`)
};

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

    // Note [Dividing by a number] in expr/loop_invariants.hpp: the first operand times the
    // divisor's multiplier, where every multiplier of the loop is close.
    template <class Op, class Values, class Multiplier>
    static ETGRAD_ALWAYS_INLINE constexpr void compute_by_multiplier(const Op& op, Values& v, bool multiplies,
                                                                     const Multiplier& m) {
        if (multiplies)
            v[Self] = v[A] * m;
        else
            v[Self] = op.value(v[A], v[B]);
    }

    // LA, LB: how each operand's share is formed in a fused loop (Note [Invariant factors on the way
    // back] in expr/loop_invariants.hpp); sa, sb: the shares' scales, where a link multiplies.
    template <link LA = link{}, link LB = link{}, class Op, class Values, class Scale = int>
    static ETGRAD_ALWAYS_INLINE constexpr void propagate(const Op& op, const Values& v, Values& adj,
                                                         const Scale& sa = {}, const Scale& sb = {}) {
        if constexpr (NeedsA) propagate_to<0, FirstA, LA>(op, v, adj, adj[A], sa);
        if constexpr (Arity == 2 && NeedsB) propagate_to<1, FirstB, LB>(op, v, adj, adj[B], sb);
    }

    // A one-operand op whose derivative is a slope that comes with its value (ops/traits.hpp
    // `value_and_slope`): the value with the slope, kept in `slope` for propagate_slope.
    template <class Op, class Values>
    static ETGRAD_ALWAYS_INLINE constexpr void compute_with_slope(const Op& op, Values& v, Values& slope) {
        const auto [value, s] = op.value_and_slope(v[A]);
        v[Self] = value;
        slope[Self] = s;
    }
    template <link LA = link{}, class Values, class Scale = int>
    static ETGRAD_ALWAYS_INLINE constexpr void propagate_slope(const Values& slope, Values& adj, const Scale& sa = {}) {
        if constexpr (NeedsA && LA.folds)
            share<FirstA, LA>(adj[A], (adj[Self] * sa) * slope[Self], sa);
        else if constexpr (NeedsA)
            share<FirstA, LA>(adj[A], adj[Self] * slope[Self], sa);
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

    // The share of operand K formed as link L says, added to its adjoint `target`.
    template <std::size_t K, bool First, link L, class Op, class Values, class Target, class Scale>
    static ETGRAD_ALWAYS_INLINE constexpr void propagate_to(const Op& op, const Values& v, const Values& adj,
                                                            Target& target, const Scale& scale) {
        if constexpr (L.passes)
            share<First, L>(target, adj[Self], scale);
        else if constexpr (L.folds)
            share<First, L>(target, rule_share<K, false>(op, v, adj[Self] * scale), scale);
        else
            share<First, L>(target, rule_share<K, L.rest>(op, v, adj[Self]), scale);
    }

    // The rule's share of operand K for the adjoint a: all of it, or the second operand's rest
    // (ops/traits.hpp `grad_rhs_factor`).
    template <std::size_t K, bool Rest, class Op, class Values, class Adjoint>
    static ETGRAD_ALWAYS_INLINE constexpr auto rule_share(const Op& op, const Values& v, const Adjoint& a) {
        static_assert(!Rest || K == 1, "only a second operand's share is declared as a rest and a factor");
        if constexpr (Arity == 1)
            return op.grad(v[A], v[Self], a);
        else if constexpr (K == 0)
            return op.grad_lhs(v[A], v[B], v[Self], a);
        else if constexpr (Rest)
            return op.grad_rhs_rest(v[A], v[B], v[Self], a);
        else
            return op.grad_rhs(v[A], v[B], v[Self], a);
    }

    // Adds a share to an operand's adjoint (the first assigns), times its scale where the link
    // multiplies.
    template <bool First, link L, class Target, class Share, class Scale>
    static ETGRAD_ALWAYS_INLINE constexpr void share(Target& target, const Share& s, const Scale& scale) {
        if constexpr (L.multiplies && First)
            target = s * scale;
        else if constexpr (L.multiplies)
            target += s * scale;
        else if constexpr (First)
            target = s;
        else
            target += s;
    }
};

}  // namespace etgrad::detail
