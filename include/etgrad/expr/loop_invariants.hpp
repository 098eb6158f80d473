// SPDX-License-Identifier: MIT
// What a fused loop computes once instead of per element: the multipliers that replace divisions
// by a number, and the scales of its adjoints.
//
// Note [Dividing by a number]: where the divisor of an op is a scalar leaf of the loop (`(y - mu)
// / sigma`), the op may say that its value is its first operand times a multiplier of the divisor
// (ops/traits.hpp `lhs_multiplier`: 1 / sigma). The loop computes the multiplier once and
// multiplies: a division costs a SIMD unit some 4 to 16 times a multiply, and bounded P4. The
// product is within two ulps of the quotient where the op says the multiplier is close
// (`multiplier_is_close`: for 1/b, b not subnormal and not above 2^1022, where 1/b would lose
// digits or overflow); with a divisor outside that, the loop divides, so that no input gets a
// wrong number. The tape divides, as PyTorch does on the CPU.
//
// Note [Invariant factors on the way back]: a fused loop's adjoints as base times scale, where
// the scale is the same for every element and is computed once per loop.
//
// Every rule's share is linear in the adjoint. When the share of operand i of node j reads no
// value that changes from element to element (`y - mu` for mu, `e / sigma` for e, `-0.5 * e` for
// e: ops/traits.hpp `grad_reads`, with the values it reads scalar leaves of the loop), the share
// is the adjoint times a number c, which is the rule's share of a unit adjoint. Such a link costs
// nothing per element: the operand's adjoint keeps its parent's per-element base, and its scale
// is the parent's times c. The scale reaches the per-element work only where it must: a
// gradient array's share is base times scale, shares added into one adjoint (an operand used
// twice) are each multiplied by theirs, and a scalar leaf sums its bases over the loop and
// multiplies the sum by its scale once, after it. A rule may also declare its second operand's
// share as a rest times a factor (ops/traits.hpp `grad_rhs_factor`: division's -1/b); where the factor reads
// only scalar leaves, the base gets the rest and the scale the factor. An add's number is 1 at
// compile time and starts no scale. Where a share that varies per element heads for a gradient
// array, the rule is given the adjoint times its scale instead (the scale ends there): the array
// pays that multiply anyway, and a rule like square's (adj + adj) a folds it into a number
// computed once. The numbers are those of multiplying along the way up to rounding (the order of
// the products changes), as Note [Factors out of sums] in expr/loop_plan.hpp already allows for
// the value. The reduction's seed is the operand's scale, except in the passes that read it
// from a target (axis reductions, stored adjoints): there it stays in the base. P4 (bench/):
// 32,704 -> 22,730 instructions per evaluation, with Note [Dividing by a number].
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <etgrad/expr/loop_plan.hpp>
#include <etgrad/expr/node_rule.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

// Ops: the types of the loop's cone ops, in cone order (fixed forms included).
template <class P, std::size_t R, class Ops>
struct loop_invariants {
    using pl = loop_plan<P, R>;
    using T = typename P::value_type;
    static constexpr std::size_t N = P::size;

    template <std::size_t C>
    using op_at = std::tuple_element_t<C, Ops>;

    // The position of each node in the cone (N if not in it) and among the loop's scalar leaves.
    static constexpr auto cone_position = [] {
        std::array<std::size_t, N> t{};
        t.fill(N);
        for (std::size_t c = 0; c < pl::cone.size(); ++c) t[pl::cone[c]] = c;
        return t;
    }();
    static constexpr auto scalar_slot = [] {
        std::array<std::size_t, N> t{};
        t.fill(N);
        for (std::size_t k = 0; k < pl::scalar_leaves.size(); ++k) t[pl::scalar_leaves[k]] = k;
        return t;
    }();

    // Whether node J passes an adjoint to its operand I in this loop's backward sweep.
    template <std::size_t J, std::size_t I>
    static constexpr bool links = pl::backward.reached[J] && has_derivative<typename P::template node_t<J>> &&
                                  P::needs_adjoint[P::children_of[J][I]];

    // Whether what cone node J's rule reads (r) is only scalar leaves: never J's own value, an array.
    template <std::size_t J>
    static constexpr bool reads_numbers_only(ops::reads r) {
        constexpr auto c = P::children_of[J];
        return !r.out && (!r.lhs || scalar_slot[c[0]] < N) && (!r.rhs || (P::arities[J] == 2 && scalar_slot[c[1]] < N));
    }

    // Whether the share of operand I of cone node J is a number times the adjoint.
    template <std::size_t J, std::size_t I>
    static constexpr bool invariant = [] {
        if constexpr (!links<J, I>)
            return false;
        else
            return reads_numbers_only<J>(ops::grad_reads_of<op_at<cone_position[J]>, I>());
    }();

    // The share of operand I of an op of this arity with operands a and b, for a unit adjoint (the
    // output, which an invariant share does not read, as zero).
    template <std::size_t Arity, std::size_t I, class Op>
    static constexpr T unit_share_of(const Op& op, T a, T b) {
        if constexpr (Arity == 1)
            return T(op.grad(a, T(0), T(1)));
        else if constexpr (I == 0)
            return T(op.grad_lhs(a, b, T(0), T(1)));
        else
            return T(op.grad_rhs(a, b, T(0), T(1)));
    }

    // An invariant share whose number is 1 whatever the op's data (an add): it starts no scale.
    template <std::size_t J, std::size_t I>
    static constexpr bool identity = [] {
        if constexpr (!invariant<J, I>) {
            return false;
        } else {
            using Op = op_at<cone_position[J]>;
            constexpr ops::reads r = ops::grad_reads_of<Op, I>();
            if constexpr (r.lhs || r.rhs || !std::is_empty_v<Op> || !std::is_default_constructible_v<Op>)
                return false;
            else
                return unit_share_of<P::arities[J], I>(Op{}, T(0), T(0)) == T(1);
        }
    }();

    // How many shares each node's adjoint receives in the sweep.
    static constexpr auto incoming = [] {
        std::array<std::size_t, N> t{};
        static_for<pl::cone.size()>([&](auto c) {
            constexpr std::size_t j = pl::cone[c];
            static_for<P::arities[j]>([&](auto i) {
                if constexpr (links<j, i>) ++t[P::children_of[j][i]];
            });
        });
        return t;
    }();

    // Whether a node's adjoint reaches a gradient array (an array leaf that needs one).
    static constexpr auto reaches_array = [] {
        std::array<bool, N> t{};
        for (std::size_t leaf : pl::array_leaves) t[leaf] = P::needs_adjoint[leaf];
        static_for<pl::cone.size()>([&](auto c) {  // operands before the nodes that use them
            constexpr std::size_t j = pl::cone[c];
            static_for<P::arities[j]>([&](auto i) {
                if constexpr (links<j, i>) t[j] = t[j] || t[P::children_of[j][i]];
            });
        });
        return t;
    }();

    // The scale ends where a share that varies per element heads for a gradient array: there the
    // rule gets the adjoint times its scale, which it multiplies by once per element anyway and
    // often folds into a number computed once (square's (adj + adj) a for an adj that is one
    // number); on the way to scalar leaves only, the scale goes on to the sums.
    template <std::size_t J, std::size_t I>
    static constexpr bool folds(const std::array<bool, N>& scaled_nodes) {
        return links<J, I> && !invariant<J, I> && scaled_nodes[J] && reaches_array[P::children_of[J][I]];
    }
    // Whether the share of operand I of node J is its rule's rest times a declared factor that
    // reads only scalar leaves (ops/traits.hpp `grad_rhs_factor`: division's -1/b), the factor
    // going to the scale; not where the scale folds.
    template <std::size_t J, std::size_t I>
    static constexpr bool invariant_factor = [] {
        if constexpr (!links<J, I> || invariant<J, I> || I != 1 || P::arities[J] != 2)
            return false;
        else if constexpr (!ops::has_grad_rhs_factor<op_at<cone_position[J]>>)
            return false;
        else
            return reads_numbers_only<J>(op_at<cone_position[J]>::grad_rhs_factor_reads);
    }();
    template <std::size_t J, std::size_t I>
    static constexpr bool factors(const std::array<bool, N>& scaled_nodes) {
        return invariant_factor<J, I> && !folds<J, I>(scaled_nodes);
    }

    // Whether the share of operand I of node J carries a scale.
    template <std::size_t J, std::size_t I>
    static constexpr bool share_scaled(const std::array<bool, N>& scaled_nodes) {
        return links<J, I> && !folds<J, I>(scaled_nodes) &&
               (scaled_nodes[J] || (invariant<J, I> && !identity<J, I>) || factors<J, I>(scaled_nodes));
    }

    // Whether node J's adjoint is a base times a scale (otherwise the base is the adjoint): the
    // operand's is, and an adjoint with one share inherits the scale of that share.
    static constexpr auto scaled = [] {
        std::array<bool, N> t{};
        t[pl::operand] = true;
        static_for<pl::cone.size()>([&](auto k) {
            constexpr std::size_t j = pl::cone[pl::cone.size() - 1 - k];
            static_for<P::arities[j]>([&](auto i) {
                constexpr std::size_t child = P::children_of[j][i];
                if constexpr (links<j, i>)
                    if (incoming[child] == 1) t[child] = share_scaled<j, i>(t);
            });
        });
        return t;
    }();

    // How the share of operand I of node J is formed (expr/node_rule.hpp `link`): passed on where
    // it is a number times the adjoint, multiplied by its scale where its operand's adjoint has
    // other shares too.
    template <std::size_t J, std::size_t I>
    static constexpr link link_of{.passes = invariant<J, I>,
                                  .multiplies = incoming[P::children_of[J][I]] > 1 && share_scaled<J, I>(scaled),
                                  .folds = folds<J, I>(scaled),
                                  .rest = factors<J, I>(scaled)};

    // Note [Dividing by a number]: whether cone node J multiplies its first operand by a multiplier
    // of its second, a scalar leaf.
    template <std::size_t J>
    static constexpr bool divides_by_number = [] {
        if constexpr (cone_position[J] == N || P::arities[J] != 2)
            return false;
        else
            return ops::has_lhs_multiplier<op_at<cone_position[J]>> && scalar_slot[P::children_of[J][1]] < N &&
                   scalar_slot[P::children_of[J][0]] == N;
    }();

    // Where each number of a run is kept (N: nowhere): the multipliers, the scales of the scaled
    // nodes, and those of the shares that multiply or fold.
    template <class Wanted>
    static constexpr auto slots_where(Wanted wanted) {
        std::array<std::size_t, N> t{};
        t.fill(N);
        std::size_t k = 0;
        for (std::size_t j = 0; j < N; ++j)
            if (wanted(j)) t[j] = k++;
        return std::pair{t, k};
    }
    static constexpr auto multiplier_slots = slots_where([](std::size_t j) {
        bool yes = false;
        static_for<pl::cone.size()>([&](auto c) { yes = yes || (pl::cone[c] == j && divides_by_number<pl::cone[c]>); });
        return yes;
    });
    static constexpr auto node_slots = slots_where([](std::size_t j) { return scaled[j]; });
    static constexpr auto share_slots = [] {
        std::array<std::array<std::size_t, 2>, N> t{};
        for (auto& e : t) e = {N, N};
        std::size_t k = 0;
        static_for<pl::cone.size()>([&](auto c) {
            constexpr std::size_t j = pl::cone[c];
            static_for<P::arities[j]>([&](auto i) {
                if constexpr (link_of<j, i>.multiplies || link_of<j, i>.folds) t[j][i] = k++;
            });
        });
        return std::pair{t, k};
    }();

    // The numbers of one run.
    struct values {
        std::array<T, multiplier_slots.second> multipliers{};
        bool multiplies = true;  // every multiplier is close
        std::array<T, node_slots.second> nodes{};
        std::array<T, share_slots.second> shares{};

        template <std::size_t J>
        T multiplier() const {
            return multipliers[multiplier_slots.first[J]];
        }
        template <std::size_t J>
        T node_scale() const {
            return nodes[node_slots.first[J]];
        }
        // (1 for a share that neither multiplies nor folds, which does not read it)
        template <std::size_t J, std::size_t I>
        T share_scale() const {
            if constexpr (share_slots.first[J][I] < N)
                return shares[share_slots.first[J][I]];
            else
                return T(1);
        }
    };

    // operand_scale: the scale of the operand's adjoint, for a loop that propagates adjoints.
    template <bool Propagates, class Frame>
    static ETGRAD_ALWAYS_INLINE values compute(const Frame& f, T operand_scale) {
        values s;
        static_for<pl::cone.size()>([&](auto c) {
            constexpr std::size_t j = pl::cone[c];
            if constexpr (divides_by_number<j>) {
                const T divisor = f.scalars[scalar_slot[P::children_of[j][1]]];
                const auto& op = std::get<c>(f.ops);
                s.multipliers[multiplier_slots.first[j]] = T(op.lhs_multiplier(divisor));
                s.multiplies = s.multiplies && op.multiplier_is_close(divisor);
            }
        });
        if constexpr (Propagates) scale_adjoints(f, operand_scale, s);
        return s;
    }

private:
    template <class Frame>
    static ETGRAD_ALWAYS_INLINE void scale_adjoints(const Frame& f, T operand_scale, values& s) {
        s.nodes[node_slots.first[pl::operand]] = operand_scale;
        static_for<pl::cone.size()>([&](auto k) {
            constexpr std::size_t c = pl::cone.size() - 1 - k;
            constexpr std::size_t j = pl::cone[c];
            static_for<P::arities[j]>([&](auto i) {
                if constexpr (links<j, i>) {
                    T scale = T(1);
                    if constexpr (scaled[j]) scale = s.template node_scale<j>();
                    if constexpr (invariant<j, i> && !identity<j, i>) scale *= unit_share<c, i>(std::get<c>(f.ops), f);
                    if constexpr (factors<j, i>(scaled)) scale *= factor<c, i>(std::get<c>(f.ops), f);
                    // where the share folds, its scale is the parent's
                    if constexpr (share_slots.first[j][i] < N) s.shares[share_slots.first[j][i]] = scale;
                    constexpr std::size_t child = P::children_of[j][i];
                    if constexpr (scaled[child] && incoming[child] == 1) s.nodes[node_slots.first[child]] = scale;
                }
            });
        });
    }

    // The value of operand I of the op at cone position C where it is a scalar leaf; zero for an
    // array, which the caller's rule does not read.
    template <std::size_t C, std::size_t I, class Frame>
    static ETGRAD_ALWAYS_INLINE T number_at(const Frame& f) {
        constexpr std::size_t child = P::children_of[pl::cone[C]][I];
        if constexpr (scalar_slot[child] < N)
            return f.scalars[scalar_slot[child]];
        else
            return T(0);
    }

    // The declared factor of the second operand's share of the binary op at cone position C.
    template <std::size_t C, std::size_t I, class Op, class Frame>
    static ETGRAD_ALWAYS_INLINE T factor(const Op& op, const Frame& f) {
        static_assert(I == 1);
        return T(op.grad_rhs_factor(number_at<C, 0>(f), number_at<C, 1>(f)));
    }

    // The share of operand I of the op at cone position C for a unit adjoint.
    template <std::size_t C, std::size_t I, class Op, class Frame>
    static ETGRAD_ALWAYS_INLINE T unit_share(const Op& op, const Frame& f) {
        return unit_share_of<P::arities[pl::cone[C]], I>(op, number_at<C, 0>(f), number_at<C, 1>(f));
    }
};

}  // namespace etgrad::detail
