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
#include <type_traits>
#include <utility>

#include <etgrad/expr/flat_tuple.hpp>
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
    using op_at = flat_element_t<C, Ops>;

    // The position of each node among the loop's scalar leaves (N if not one).
    static constexpr auto scalar_slot = []() consteval {
        std::array<std::size_t, N> t{};
        t.fill(N);
        for (std::size_t k = 0; k < pl::scalar_leaves.size(); ++k) t[pl::scalar_leaves[k]] = k;
        return t;
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

    // What the loop needs to know of the op at each cone position, read from its type once (Note
    // [Tables by pack expansion] in expr/program.hpp): what each operand's share reads, whether
    // the share of a unit adjoint is 1 whatever the op's data (an add), the second operand's
    // declared factor, a multiplier of the divisor. Everything below is computed from these by
    // plain loops.
    struct op_facts {
        std::array<ops::reads, 2> share_reads{};
        std::array<bool, 2> unit_share_is_one{};
        bool has_rhs_factor = false;
        ops::reads rhs_factor_reads{};
        bool has_lhs_multiplier = false;
    };
    template <std::size_t C>
    static constexpr op_facts facts_of() {
        using Op = op_at<C>;
        constexpr std::size_t arity = P::arities[pl::cone[C]];
        op_facts f;
        static_for<arity>([&](auto i) {
            constexpr ops::reads r = ops::grad_reads_of<Op, i>();
            f.share_reads[i] = r;
            // (only a share that reads nothing can be invariant, and only its number is asked)
            if constexpr (std::is_empty_v<Op> && std::is_default_constructible_v<Op> && !r.lhs && !r.rhs && !r.out)
                f.unit_share_is_one[i] = unit_share_of<arity, i>(Op{}, T(0), T(0)) == T(1);
        });
        if constexpr (arity == 2 && ops::has_grad_rhs_factor<Op>) {
            f.has_rhs_factor = true;
            f.rhs_factor_reads = Op::grad_rhs_factor_reads;
        }
        if constexpr (arity == 2) f.has_lhs_multiplier = ops::has_lhs_multiplier<Op>;
        return f;
    }
    static constexpr auto cone_facts = []<std::size_t... C>(std::index_sequence<C...>) {
        return std::array<op_facts, sizeof...(C)>{facts_of<C>()...};
    }(std::make_index_sequence<pl::cone.size()>{});

    // Per node j and operand i (tables of N x 2; false outside the cone):
    struct share_facts {
        // j passes an adjoint to operand i in this loop's backward sweep
        std::array<std::array<bool, 2>, N> links{};
        // the share is a number times the adjoint: what the rule reads is scalar leaves only
        std::array<std::array<bool, 2>, N> invariant{};
        // an invariant share whose number is 1 whatever the op's data (an add): it starts no scale
        std::array<std::array<bool, 2>, N> identity{};
        // the share of the second operand is its rule's rest times a declared factor that reads
        // only scalar leaves (ops/traits.hpp `grad_rhs_factor`: division's -1/b), the factor
        // going to the scale (where the scale does not fold)
        std::array<std::array<bool, 2>, N> invariant_factor{};
    };
    // Whether what cone node j's rule reads (r) is only scalar leaves: never j's own value, an array.
    static constexpr bool reads_numbers_only(std::size_t j, ops::reads r) {
        const auto c = P::children_of[j];
        return !r.out && (!r.lhs || scalar_slot[c[0]] < N) && (!r.rhs || (P::arities[j] == 2 && scalar_slot[c[1]] < N));
    }
    static constexpr share_facts shares = []() consteval {
        share_facts t;
        for (std::size_t c = 0; c < pl::cone.size(); ++c) {
            const std::size_t j = pl::cone[c];
            const op_facts& o = cone_facts[c];
            for (std::size_t i = 0; i < P::arities[j]; ++i) {
                const bool links = pl::backward.reached[j] && P::differentiable[j] && P::needs_adjoint[P::children_of[j][i]];
                const bool invariant = links && reads_numbers_only(j, o.share_reads[i]);
                t.links[j][i] = links;
                t.invariant[j][i] = invariant;
                t.identity[j][i] = invariant && o.unit_share_is_one[i];
                t.invariant_factor[j][i] = links && !invariant && i == 1 && o.has_rhs_factor &&
                                           reads_numbers_only(j, o.rhs_factor_reads);
            }
        }
        return t;
    }();

    // How many shares each node's adjoint receives in the sweep.
    static constexpr auto incoming = []() consteval {
        std::array<std::size_t, N> t{};
        for (std::size_t j : pl::cone)
            for (std::size_t i = 0; i < P::arities[j]; ++i)
                if (shares.links[j][i]) ++t[P::children_of[j][i]];
        return t;
    }();

    // Whether a node's adjoint reaches a gradient array (an array leaf that needs one).
    static constexpr auto reaches_array = []() consteval {
        std::array<bool, N> t{};
        for (std::size_t leaf : pl::array_leaves) t[leaf] = P::needs_adjoint[leaf];
        for (std::size_t j : pl::cone)  // operands before the nodes that use them
            for (std::size_t i = 0; i < P::arities[j]; ++i)
                if (shares.links[j][i]) t[j] = t[j] || t[P::children_of[j][i]];
        return t;
    }();

    // The scale ends where a share that varies per element heads for a gradient array: there the
    // rule gets the adjoint times its scale, which it multiplies by once per element anyway and
    // often folds into a number computed once (square's (adj + adj) a for an adj that is one
    // number); on the way to scalar leaves only, the scale goes on to the sums.
    static constexpr bool folds(std::size_t j, std::size_t i, const std::array<bool, N>& scaled_nodes) {
        return shares.links[j][i] && !shares.invariant[j][i] && scaled_nodes[j] && reaches_array[P::children_of[j][i]];
    }
    static constexpr bool factors(std::size_t j, std::size_t i, const std::array<bool, N>& scaled_nodes) {
        return shares.invariant_factor[j][i] && !folds(j, i, scaled_nodes);
    }

    // Whether the share of operand i of node j carries a scale.
    static constexpr bool share_scaled(std::size_t j, std::size_t i, const std::array<bool, N>& scaled_nodes) {
        return shares.links[j][i] && !folds(j, i, scaled_nodes) &&
               (scaled_nodes[j] || (shares.invariant[j][i] && !shares.identity[j][i]) || factors(j, i, scaled_nodes));
    }

    // Whether node J's adjoint is a base times a scale (otherwise the base is the adjoint): the
    // operand's is, and an adjoint with one share inherits the scale of that share.
    static constexpr auto scaled = []() consteval {
        std::array<bool, N> t{};
        t[pl::operand] = true;
        for (std::size_t k = pl::cone.size(); k-- > 0;) {
            const std::size_t j = pl::cone[k];
            for (std::size_t i = 0; i < P::arities[j]; ++i) {
                const std::size_t child = P::children_of[j][i];
                if (shares.links[j][i] && incoming[child] == 1) t[child] = share_scaled(j, i, t);
            }
        }
        return t;
    }();

    // How the share of operand I of node J is formed (expr/node_rule.hpp `link`): passed on where
    // it is a number times the adjoint, multiplied by its scale where its operand's adjoint has
    // other shares too.
    template <std::size_t J, std::size_t I>
    static constexpr link link_of{.passes = shares.invariant[J][I],
                                  .multiplies = incoming[P::children_of[J][I]] > 1 && share_scaled(J, I, scaled),
                                  .folds = folds(J, I, scaled),
                                  .rest = factors(J, I, scaled)};

    // Note [Dividing by a number]: whether each node multiplies its first operand by a multiplier
    // of its second, a scalar leaf (cone nodes only).
    static constexpr auto divides = []() consteval {
        std::array<bool, N> t{};
        for (std::size_t c = 0; c < pl::cone.size(); ++c) {
            const auto children = P::children_of[pl::cone[c]];
            t[pl::cone[c]] = cone_facts[c].has_lhs_multiplier && scalar_slot[children[1]] < N && scalar_slot[children[0]] == N;
        }
        return t;
    }();
    template <std::size_t J>
    static constexpr bool divides_by_number = divides[J];

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
    static constexpr auto multiplier_slots = slots_where([](std::size_t j) { return divides[j]; });
    static constexpr auto node_slots = slots_where([](std::size_t j) { return scaled[j]; });
    static constexpr auto share_slots = []() consteval {
        std::array<std::array<std::size_t, 2>, N> t{};
        for (auto& e : t) e = {N, N};
        std::size_t k = 0;
        for (std::size_t j : pl::cone)
            for (std::size_t i = 0; i < P::arities[j]; ++i)
                if (shares.links[j][i] && ((incoming[P::children_of[j][i]] > 1 && share_scaled(j, i, scaled)) ||
                                           folds(j, i, scaled)))
                    t[j][i] = k++;
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
        // (a visit of the dividing nodes only: a function per cone node otherwise, per pass)
        for_each_where<pl::cone.size()>([](std::size_t c) { return divides[pl::cone[c]]; }, [&](auto c) {
            constexpr std::size_t j = pl::cone[c];
            const T divisor = f.scalars[scalar_slot[P::children_of[j][1]]];
            const auto& op = flat_get<c>(f.ops);
            s.multipliers[multiplier_slots.first[j]] = T(op.lhs_multiplier(divisor));
            s.multiplies = s.multiplies && op.multiplier_is_close(divisor);
        });
        if constexpr (Propagates) scale_adjoints(f, operand_scale, s);
        return s;
    }

private:
    template <class Frame>
    static ETGRAD_ALWAYS_INLINE void scale_adjoints(const Frame& f, T operand_scale, values& s) {
        s.nodes[node_slots.first[pl::operand]] = operand_scale;
        constexpr auto passes_on = [](std::size_t c) {
            return shares.links[pl::cone[c]][0] || shares.links[pl::cone[c]][1];
        };
        for_each_where_reversed<pl::cone.size()>(passes_on, [&](auto c) {
            constexpr std::size_t j = pl::cone[c];
            static_for<P::arities[j]>([&](auto i) {
                if constexpr (shares.links[j][i]) {
                    T scale = T(1);
                    if constexpr (scaled[j]) scale = s.template node_scale<j>();
                    if constexpr (shares.invariant[j][i] && !shares.identity[j][i])
                        scale *= unit_share<c, i>(flat_get<c>(f.ops), f);
                    if constexpr (factors(j, i, scaled)) scale *= factor<c, i>(flat_get<c>(f.ops), f);
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
