// SPDX-License-Identifier: MIT
// The plan of one loop (expr/loop_facts.hpp): its nodes in a compact local numbering, how its
// backward sweep runs, and its choices (forward or reverse mode, SIMD, keeping the operand).
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/binding_index.hpp>
#include <etgrad/expr/early_adjoints.hpp>
#include <etgrad/expr/leaf_types.hpp>
#include <etgrad/expr/loop_facts.hpp>
#include <etgrad/expr/node_kind.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

template <class P, std::size_t R>
struct loop_plan {
    using facts = loop_facts<P>;
    using T = typename P::value_type;
    static constexpr std::size_t N = P::size;
    static constexpr std::size_t operand = facts::template loop_operand<R>;
    static constexpr auto cone = indices_of([] { return facts::template cone_mask<R>; });
    static constexpr auto array_leaves = indices_of([] {
        auto m = facts::template leaf_mask<R>;
        for (std::size_t j = 0; j < N; ++j) m[j] = m[j] && P::is_array[j];
        return m;
    });
    static constexpr auto scalar_leaves = indices_of([] {
        auto m = facts::template leaf_mask<R>;
        for (std::size_t j = 0; j < N; ++j) m[j] = m[j] && !P::is_array[j];
        return m;
    });
    // Scalar leaves whose adjoint the loop sums (in registers, reduced once after the loop).
    static constexpr auto summed_leaves = indices_of([] {
        auto m = facts::template leaf_mask<R>;
        for (std::size_t j = 0; j < N; ++j) m[j] = m[j] && !P::is_array[j] && P::needs_adjoint[j];
        return m;
    });
    static constexpr std::size_t K = array_leaves.size();

    // Note [Factors out of sums]: when the operand of a sum (or mean) is `c * e` with c a number
    // that is the same for every element (a scalar leaf of the loop), the loop adds up e and the
    // sum is multiplied by c once, after the loop: one multiply less per element, and the same
    // number up to the rounding that the order of the additions (SIMD lanes) changes anyway. The
    // product is still computed where something else in the element reads it (the kept operand,
    // a backward rule). One difference beyond rounding: where the sum of e overflows and that of
    // c * e (|c| < 1) would not, the result is +-inf (NaN for c = 0), as the mean of such elements
    // already is (sum, then divide). `summed` is the node the loop adds up; `factor` is c (N if
    // none).
    static constexpr std::array<std::size_t, 2> summed_and_factor = []() consteval {
        std::array<std::size_t, 2> t{operand, N};
        // only an operand the loop computes: a stored one is read as a whole
        if constexpr (facts::per_element(operand) && P::arities[operand] == 2) {
            if constexpr (ops::factors_out_of_sums<typename P::template op_t<operand>>) {
                constexpr auto c = P::children_of[operand];
                if (!P::is_array[c[0]] && P::is_array[c[1]]) t = {c[1], c[0]};
                if (P::is_array[c[0]] && !P::is_array[c[1]]) t = {c[0], c[1]};
            }
        }
        return t;
    }();
    static constexpr std::size_t summed = summed_and_factor[0];
    static constexpr std::size_t factor = summed_and_factor[1];

    // Local numbering: every node the loop touches, in graph order.
    static constexpr auto members = indices_of([] {
        std::array<bool, N> m = facts::template cone_mask<R>;
        for (std::size_t j = 0; j < N; ++j) m[j] = m[j] || facts::template leaf_mask<R>[j];
        return m;
    });
    static constexpr std::size_t M = members.size();
    static constexpr std::array<std::size_t, N> local = []() consteval {
        std::array<std::size_t, N> t{};
        for (std::size_t k = 0; k < M; ++k) t[members[k]] = k;
        return t;
    }();

    // The backward pass through the cone, in reverse order: which nodes get an adjoint, and which
    // contribution to a child's adjoint is its first (it assigns; later ones add). Assigning
    // instead of adding to zero matters: x + 0.0 is not x for x = -0.0, so the compiler must
    // keep every such addition.
    struct backward_order {
        std::array<bool, N> reached{};
        std::array<std::array<bool, 2>, N> first{};
    };
    static constexpr backward_order backward = []() consteval {
        backward_order b;
        b.reached[operand] = true;
        for (std::size_t c = cone.size(); c-- > 0;) {
            const std::size_t j = cone[c];
            if (!b.reached[j] || !P::differentiable[j]) continue;
            for (std::size_t k = 0; k < P::arities[j]; ++k) {
                const std::size_t child = P::children_of[j][k];
                if (!P::needs_adjoint[child]) continue;
                b.first[j][k] = !b.reached[child];
                b.reached[child] = true;
            }
        }
        return b;
    }();

    // How many values of an element reverse mode keeps live from the forward sweep to the backward
    // one: those the rules on the way back read (ops/traits.hpp `grad_reads`).
    static constexpr std::size_t backward_live = []() consteval {
        std::array<bool, N> read{};
        static_for<cone.size()>([&](auto k) {
            constexpr std::size_t j = cone[k];
            if constexpr (backward.reached[j] && has_derivative<typename P::template node_t<j>>) {
                using op = typename P::template op_t<j>;
                constexpr auto c = P::children_of[j];
                static_for<P::arities[j]>([&](auto i) {
                    if (!P::needs_adjoint[c[i]]) return;
                    constexpr ops::reads r = ops::grad_reads_of<op, i>();
                    read[c[0]] = read[c[0]] || r.lhs;
                    if constexpr (P::arities[j] == 2) read[c[1]] = read[c[1]] || r.rhs;
                    read[j] = read[j] || r.out;
                });
            }
        });
        std::size_t live = 0;
        for (std::size_t j = 0; j < N; ++j) live += read[j] && P::is_array[j] ? 1 : 0;
        return live;
    }();

    // Forward mode: when one array leaf is the only leaf whose adjoint the loop propagates, each
    // element can carry its derivative with respect to that leaf along with its value; the leaf's
    // share is then the operand's adjoint times the operand's tangent. It keeps nothing for a
    // backward sweep, so it wins when reverse mode would keep many values live (and spill them);
    // reverse mode wins otherwise, because constant factors on the way back fold into the seed
    // once per loop, where forward mode multiplies by them per element.
    static constexpr std::size_t forward_mode_min_live = 6;
    static constexpr std::size_t tangent_leaf = []() consteval {
        std::size_t found = K, count = 0;
        static_for<K>([&](auto k) {
            if (P::needs_adjoint[array_leaves[k]]) {
                found = k;
                ++count;
            }
        });
        return count == 1 && summed_leaves.size() == 0 && backward_live >= forward_mode_min_live ? found : K;
    }();
    static constexpr bool forward_mode = tangent_leaf < K;

    // SIMD needs every array the loop reads or writes to hold T.
    static constexpr bool simd = []() consteval {
        bool ok = std::is_floating_point_v<T>;
        static_for<K>([&](auto k) {
            using types = leaf_types<P, array_leaves[k]>;
            ok = ok && std::is_same_v<typename types::data, T> &&
                 (!P::needs_adjoint[array_leaves[k]] || std::is_same_v<typename types::gradient, T>);
        });
        return ok;
    }();

    static constexpr bool needs_backward = P::needs_adjoint[R] && facts::is_reduction(R);
    static constexpr bool fused = needs_backward && early_adjoints<P>::template known<R>();

    template <std::size_t L>
    static constexpr bool sole_writer = facts::stored_gradient[L];
    // Whether leaf L's gradient (or its part of one) is stored, not accumulated, when the loop
    // runs flat (Note [Slice parts stored] in expr/loop_facts.hpp).
    template <std::size_t L>
    static constexpr bool stores_gradient = sole_writer<L> || facts::slice_part_stored[L];

    // Note [Equal slices]: slices' bounds are values, so two slices with the same bounds are two
    // leaves (`eg::slice(x, 0, -1)` written twice in P5). Where a loop stores the parts of a
    // gradient (Note [Slice parts stored] in expr/loop_facts.hpp), equal slices must write once:
    // their shares are added in registers and stored by the first of them. Which slices are equal
    // is known only when the loop starts, so the loop presumes it from their types: slices of one
    // placeholder written alike (both with an end or both without, expr/slice.hpp) are presumed
    // equal, others not. When it starts, a run compares the slices' homes (Note [Slices written
    // apart]) with the presumption and takes one of three loops: the presumed one (the "merged"
    // flat loop); where some slices are presumed equal and all differ, the flat loop that stores
    // each slice's part (a stencil: (x, 0, -2), (x, 1, -1), (x, 2)); otherwise the broadcasting
    // loop, which accumulates each part into zeroed memory, right whichever slices are equal.
    // A merged run takes the data of a slice presumed equal to another from that one's load (the
    // same memory): P5's slices, (x, 0, -1) twice and (x, 1) twice, are as presumed, and ran
    // 492,118 instructions per evaluation (tools/count-instructions.sh, P5 at n = 10000) instead of
    // 503,384 with a load per slice, both writing the second slice's part apart (its two-view form,
    // whose two placeholders are loaded once each: 504,536); its two distinct slices now write x's
    // gradient directly (Note [Slice pairs written directly] in expr/fused_loop.hpp). Its form with
    // (x, 1, n) for the second (x, 0, -1) takes the broadcasting loop, 8% slower than before. Tried
    // before: a switch per batch over every way the slices can be equal (15 for four), 524,313
    // instructions; a test per leaf and element, a tenth of P5's instructions; storing every slice
    // apart and adding the parts after the loop, 538,337. Compile time (g++ -O3, a file with P5
    // alone): 5.3 s against 5.7 s with the switch, of which the loop for slices that all differ
    // 0.45 s (without it, a stencil's loop broadcasts: 50% slower).
    // presumed_home[k]: the first array leaf presumed equal to leaf k (k if none).
    // (Written alike: the same placeholder, and `end` given or not in both. Compared as values:
    // the addresses of per-type variables are not constants in g++'s sanitized builds.)
    static constexpr std::array<std::size_t, K> presumed_home = []() consteval {
        std::array<bool, K> to_end{};
        static_for<K>([&](auto k) {
            using leaf = typename P::template node_t<array_leaves[k]>;
            if constexpr (requires { leaf::to_end; }) to_end[k] = leaf::to_end;
        });
        const auto stored = [](std::size_t k) { return facts::slice_part_stored[array_leaves[k]]; };
        const auto alike = [&](std::size_t a, std::size_t b) {
            return stored(a) && stored(b) && to_end[a] == to_end[b] &&
                   P::children_of[array_leaves[a]][0] == P::children_of[array_leaves[b]][0];
        };
        std::array<std::size_t, K> t{};
        for (std::size_t b = 0; b < K; ++b) {
            t[b] = b;
            for (std::size_t a = 0; a < b && t[b] == b; ++a)
                if (alike(a, b)) t[b] = a;
        }
        return t;
    }();
    // The later leaves presumed equal to leaf k, whose shares it stores.
    template <std::size_t k>
    static constexpr auto presumed_equal = indices_of([] {
        std::array<bool, K> m{};
        for (std::size_t j = k + 1; j < K; ++j) m[j] = presumed_home[j] == k;
        return m;
    });
    // Note [Slice pairs written directly]: the two leaves that write the gradient of the first
    // placeholder with exactly two presumed homes among its slices ({K, K} if none), in leaf
    // order: the first is the placeholder's first slice (leaves are in graph order).
    static constexpr std::array<std::size_t, 2> direct_pair = []() consteval {
        const auto home_of = [](std::size_t k, std::size_t x) {
            return facts::slice_part_stored[array_leaves[k]] && presumed_home[k] == k &&
                   P::children_of[array_leaves[k]][0] == x;
        };
        for (std::size_t a = 0; a < K; ++a) {
            const std::size_t x = P::children_of[array_leaves[a]][0];
            if (!home_of(a, x)) continue;
            std::size_t homes = 0, second = K;
            for (std::size_t b = 0; b < K; ++b)
                if (home_of(b, x)) {
                    ++homes;
                    if (b > a && second == K) second = b;
                }
            if (homes == 2 && second < K) return std::array<std::size_t, 2>{a, second};
        }
        return std::array<std::size_t, 2>{K, K};
    }();
    static constexpr bool has_direct_pair = direct_pair[0] < K;

    // Whether the loop stores the parts of slices that may be equal (a run checks them), and
    // whether it presumes some equal (a run whose slices all differ is then a second case).
    static constexpr bool presumes_slices = []() consteval {
        for (std::size_t l : array_leaves)
            if (facts::slice_part_stored[l] && facts::later_slice[l]) return true;
        return false;
    }();
    static constexpr bool presumes_equal_slices = []() consteval {
        for (std::size_t k = 0; k < K; ++k)
            if (presumed_home[k] != k) return true;
        return false;
    }();

    static constexpr int cone_cost = []() consteval {
        int c = 0;
        static_for<cone.size()>([&](auto k) {
            c += ops::cost_of<typename P::template op_t<cone[k]>>();
        });
        return c;
    }();
    // A two-pass reduction over an expensive cone keeps its operand's values for the backward
    // pass in the gradient buffer of a leaf that only this loop writes (it is overwritten there).
    static constexpr std::size_t keeper = []() consteval {
        std::size_t found = K;
        static_for<K>([&](auto k) {
            constexpr std::size_t l = array_leaves[k];
            if constexpr (P::kinds[l] == node_kind::placeholder && P::needs_adjoint[l])
                if (found == K && sole_writer<l> && std::is_same_v<typename leaf_types<P, l>::gradient, T>) found = k;
        });
        return found;
    }();
    static constexpr bool keeps_operand = needs_backward && !fused && P::kinds[R] == node_kind::reduce_all &&
                                          facts::per_element(operand) && keeper < K &&
                                          cone_cost >= ops::transcendental_cost;
};

}  // namespace etgrad::detail
