// SPDX-License-Identifier: MIT
// The rules of one elementwise node on numbered values (numbers or SIMD batches): its value, its
// tangent (forward mode) and its operands' shares of its adjoint, given where the node and its
// operands sit among the values. Not a member of the evaluation: the evaluation's type names the
// whole expression, and a function per node named after it made the compiler's symbol table and
// debug information grow as the square of long expressions (eg::let chains).
//
// Note [Positions as data]: the positions are data members of a constant object (numbered_rule.hpp
// `rule_of`), not template arguments, so that nodes alike (the same op, the same flags) share one
// instantiation of each rule function. Inlined, the positions are read from the constant object
// and folded: bench/impl_static.cpp compiles to the same code, function for function, in 44.34 G
// compiler instructions instead of 44.65 G (tools/compile-instructions.sh). What each node's
// statements cost is mostly the calls between them, inlined one into another, more than the
// instantiations: a fused loop's forward mode calls tangent<true> (the value and the tangent in
// one function, the slope of `e * e` in it too) instead of compute, tangent and a helper for the
// slope, and the file took 42.59 G (P7v alone 22.03 -> 20.26 G), still the same code.
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

// self: the node; a and b its operands (b == a for one operand; SameOperands: a == b). NeedsA/NeedsB:
// whether an operand takes a share of the adjoint (or has a tangent); FirstA/FirstB: whether that
// share is the operand's first, which assigns instead of adding (in a loop, expr/loop_plan.hpp
// `backward`).
template <std::size_t Arity, bool NeedsA, bool NeedsB, bool FirstA, bool FirstB, bool SameOperands>
struct node_rule {
    std::size_t self, a, b;

    template <class Op, class Values>
    ETGRAD_ALWAYS_INLINE constexpr void compute(const Op& op, Values& v) const {
        if constexpr (Arity == 1)
            v[self] = op.value(v[a]);
        else
            v[self] = op.value(v[a], v[b]);
    }

    // Note [Dividing by a number] in expr/loop_invariants.hpp: the first operand times the
    // divisor's multiplier, where every multiplier of the loop is close.
    template <class Op, class Values, class Multiplier>
    ETGRAD_ALWAYS_INLINE constexpr void compute_by_multiplier(const Op& op, Values& v, bool multiplies,
                                                              const Multiplier& m) const {
        if (multiplies)
            v[self] = v[a] * m;
        else
            v[self] = op.value(v[a], v[b]);
    }

    // LA, LB: how each operand's share is formed in a fused loop (Note [Invariant factors on the way
    // back] in expr/loop_invariants.hpp); sa, sb: the shares' scales, where a link multiplies.
    template <link LA = link{}, link LB = link{}, class Op, class Values, class Scale = int>
    ETGRAD_ALWAYS_INLINE constexpr void propagate(const Op& op, const Values& v, Values& adj, const Scale& sa = {},
                                                  const Scale& sb = {}) const {
        if constexpr (NeedsA) propagate_to<0, FirstA, LA>(op, v, adj, adj[a], sa);
        if constexpr (Arity == 2 && NeedsB) propagate_to<1, FirstB, LB>(op, v, adj, adj[b], sb);
    }

    // A one-operand op whose derivative is a slope that comes with its value (ops/traits.hpp
    // `value_and_slope`): the value with the slope, kept in `slope` for propagate_slope.
    template <class Op, class Values>
    ETGRAD_ALWAYS_INLINE constexpr void compute_with_slope(const Op& op, Values& v, Values& slope) const {
        const auto [value, s] = op.value_and_slope(v[a]);
        v[self] = value;
        slope[self] = s;
    }
    // An op computed in two steps (ops/traits.hpp `first_step`): the first step's result, which
    // the caller holds for each stream, and the value, with its slope where it keeps it, from it.
    template <class Op, class Values>
    ETGRAD_ALWAYS_INLINE constexpr auto first_step(const Op& op, const Values& v) const {
        return op.first_step(v[a]);
    }
    template <class Op, class Values, class First>
    ETGRAD_ALWAYS_INLINE constexpr void compute_after(const Op& op, Values& v, const First& first) const {
        v[self] = op.value_after(v[a], first);
    }
    template <class Op, class Values, class First>
    ETGRAD_ALWAYS_INLINE constexpr void compute_with_slope_after(const Op& op, Values& v, Values& slope,
                                                                 const First& first) const {
        const auto [value, s] = op.value_and_slope_after(v[a], first);
        v[self] = value;
        slope[self] = s;
    }
    template <link LA = link{}, class Values, class Scale = int>
    ETGRAD_ALWAYS_INLINE constexpr void propagate_slope(const Values& slope, Values& adj, const Scale& sa = {}) const {
        if constexpr (NeedsA && LA.folds)
            share<FirstA, LA>(adj[a], (adj[self] * sa) * slope[self], sa);
        else if constexpr (NeedsA)
            share<FirstA, LA>(adj[a], adj[self] * slope[self], sa);
    }

    // Forward mode: the node's derivative with respect to the one differentiated input, from its
    // operands'. A rule's `grad(a, out, adj)` is linear in adj, so with adj = da/dx it gives
    // d(out)/dx. Only operands that depend on the input have a tangent. WithValue: the node's value
    // first, as compute() does, in the same function (Note [Positions as data]: a nested call
    // costs compile time too).
    template <bool WithValue = false, class Op, class Values>
    ETGRAD_ALWAYS_INLINE constexpr void tangent(const Op& op, Values& v, Values& dt) const {
        if constexpr (WithValue && Arity == 1)
            v[self] = op.value(v[a]);
        else if constexpr (WithValue)
            v[self] = op.value(v[a], v[b]);
        if constexpr (Arity == 1)
            dt[self] = op.grad(v[a], v[self], dt[a]);
        else if constexpr (NeedsA && NeedsB && SameOperands) {  // e * e: the slope first, off dt's dependency chain
            // (d(a op a)/da from the rules' shares of a unit adjoint: they are linear in the adjoint)
            const auto one = std::remove_cvref_t<decltype(v[a])>(1);
            dt[self] = (op.grad_lhs(v[a], v[a], v[self], one) + op.grad_rhs(v[a], v[a], v[self], one)) * dt[a];
        } else if constexpr (NeedsA && NeedsB)
            dt[self] = op.grad_lhs(v[a], v[b], v[self], dt[a]) + op.grad_rhs(v[a], v[b], v[self], dt[b]);
        else if constexpr (NeedsA)
            dt[self] = op.grad_lhs(v[a], v[b], v[self], dt[a]);
        else
            dt[self] = op.grad_rhs(v[a], v[b], v[self], dt[b]);
    }

private:
    // The share of operand K formed as link L says, added to its adjoint `target`.
    template <std::size_t K, bool First, link L, class Op, class Values, class Target, class Scale>
    ETGRAD_ALWAYS_INLINE constexpr void propagate_to(const Op& op, const Values& v, const Values& adj, Target& target,
                                                     const Scale& scale) const {
        if constexpr (L.passes)
            share<First, L>(target, adj[self], scale);
        else if constexpr (L.folds)
            share<First, L>(target, rule_share<K, false>(op, v, adj[self] * scale), scale);
        else
            share<First, L>(target, rule_share<K, L.rest>(op, v, adj[self]), scale);
    }

    // The rule's share of operand K for the adjoint adj: all of it, or the second operand's rest
    // (ops/traits.hpp `grad_rhs_factor`).
    template <std::size_t K, bool Rest, class Op, class Values, class Adjoint>
    ETGRAD_ALWAYS_INLINE constexpr auto rule_share(const Op& op, const Values& v, const Adjoint& adj) const {
        static_assert(!Rest || K == 1, "only a second operand's share is declared as a rest and a factor");
        if constexpr (Arity == 1)
            return op.grad(v[a], v[self], adj);
        else if constexpr (K == 0)
            return op.grad_lhs(v[a], v[b], v[self], adj);
        else if constexpr (Rest)
            return op.grad_rhs_rest(v[a], v[b], v[self], adj);
        else
            return op.grad_rhs(v[a], v[b], v[self], adj);
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
