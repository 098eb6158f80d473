// SPDX-License-Identifier: MIT
// Compile-time facts about the loops of an evaluation (expr/evaluate.hpp runs them). A loop runs
// over the elements of an array-valued operand: the operand of a reduction over an array, or
// the root itself when eval returns an array. Its "cone" is the elementwise part of the graph
// computed per element inside the loop; the cone's leaves are read element by element (arrays)
// or are constants of the loop (numbers computed before it).
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

template <class P>
struct loop_facts {
    static constexpr std::size_t N = P::size;

    static constexpr std::array<std::size_t, N> parent_count = [] {
        std::array<std::size_t, N> t{};
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < P::arities[i]; ++k) ++t[P::children_of[i][k]];
        return t;
    }();
    static constexpr std::array<std::size_t, N> parent_of = [] {
        std::array<std::size_t, N> t{};
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < P::arities[i]; ++k) t[P::children_of[i][k]] = i;
        return t;
    }();

    // Note [Early adjoints]: a reduction whose adjoint is known before its forward loop runs does
    // its backward in the same loop (one pass over the data instead of two). That holds for the
    // root, and for a reduction whose only parent is a scalar node whose rule's derivative with
    // respect to it reads nothing but constants (ops/traits.hpp `grad_reads`): +, -, negation,
    // and * or / by a constant. The evaluator then runs that rule before any loop, on values of
    // which only the constants are set yet; the declaration guarantees it reads no other.
    template <std::size_t Parent, std::size_t Child>
    static constexpr bool passes_early_adjoint() {
        if constexpr (P::kinds[Parent] != node_kind::elementwise || P::is_array[Parent] ||
                      !has_derivative<typename P::template node_t<Parent>>) {
            return false;
        } else {
            using op = std::remove_cvref_t<decltype(P::template node_t<Parent>::op)>;
            constexpr auto c = P::children_of[Parent];
            constexpr std::size_t k = c[0] == Child ? 0 : 1;
            constexpr ops::reads r = ops::grad_reads_of<op, k>();
            const auto known = [](std::size_t j) { return P::kinds[j] == node_kind::constant; };
            return !r.out && (!r.lhs || known(c[0])) && (P::arities[Parent] < 2 || !r.rhs || known(c[1]));
        }
    }
    template <std::size_t I>
    static constexpr bool adjoint_known_early() {
        if constexpr (I == P::root)
            return true;
        else if constexpr (parent_count[I] != 1)
            return false;
        else if constexpr (!passes_early_adjoint<parent_of[I], I>())
            return false;
        else
            return adjoint_known_early<parent_of[I]>();
    }

    // Where each array node's shape comes from: an elementwise node whose array operands all have
    // one source (one array and numbers, or `e * e`) has that source's shape, so only placeholders,
    // axis reductions and binary ops on arrays of different sources hold a shape of their own;
    // `shape_index` numbers those. `e = e * e + e` is one source however deep, and a loop whose
    // leaves all have its operand's source is known at compile time not to broadcast.
    static constexpr std::array<std::size_t, N> shape_source = [] {
        std::array<std::size_t, N> t{};
        for (std::size_t j = 0; j < N; ++j) {
            const auto c = P::children_of[j];
            t[j] = j;
            if (P::kinds[j] != node_kind::elementwise || !P::is_array[j]) continue;
            const std::size_t a = P::is_array[c[0]] ? c[0] : c[1];  // an array operand
            const std::size_t b = P::arities[j] == 2 && P::is_array[c[1]] ? c[1] : a;
            if (t[a] == t[b]) t[j] = t[a];
        }
        return t;
    }();
    static constexpr std::size_t shape_count = [] {
        std::size_t n = 0;
        for (std::size_t j = 0; j < N; ++j) n += P::is_array[j] && shape_source[j] == j ? 1 : 0;
        return n;
    }();
    static constexpr std::array<std::size_t, N> shape_index = [] {
        std::array<std::size_t, N> t{};
        std::size_t n = 0;
        for (std::size_t j = 0; j < N; ++j)
            if (P::is_array[j] && shape_source[j] == j) t[j] = n++;
        for (std::size_t j = 0; j < N; ++j) t[j] = t[shape_source[j]];
        return t;
    }();
    static constexpr bool has_axis_reductions = [] {
        for (std::size_t j = 0; j < N; ++j)
            if (P::kinds[j] == node_kind::reduce_axis) return true;
        return false;
    }();

    static constexpr bool is_reduction(std::size_t r) {
        return P::kinds[r] == node_kind::reduce_all || P::kinds[r] == node_kind::reduce_axis;
    }
    static constexpr bool loops_over_array(std::size_t r) { return is_reduction(r) && P::is_array[P::children_of[r][0]]; }
    static constexpr bool per_element(std::size_t j) { return P::kinds[j] == node_kind::elementwise && P::is_array[j]; }
    template <std::size_t R>
    static constexpr std::size_t loop_operand = is_reduction(R) ? P::children_of[R][0] : R;

    template <std::size_t R>
    static constexpr std::array<bool, N> cone_mask = [] {
        std::array<bool, N> m{};
        m[loop_operand<R>] = per_element(loop_operand<R>);
        for (std::size_t j = N; j-- > 0;)
            if (m[j])
                for (std::size_t k = 0; k < P::arities[j]; ++k) m[P::children_of[j][k]] = per_element(P::children_of[j][k]);
        return m;
    }();
    template <std::size_t R>
    static constexpr std::array<bool, N> leaf_mask = [] {
        std::array<bool, N> m{};
        constexpr auto cone = cone_mask<R>;
        m[loop_operand<R>] = !cone[loop_operand<R>];
        for (std::size_t j = 0; j < N; ++j)
            if (cone[j])
                for (std::size_t k = 0; k < P::arities[j]; ++k) {
                    const std::size_t c = P::children_of[j][k];
                    m[c] = m[c] || !cone[c];
                }
        return m;
    }();

    // How many loops write the gradient of each array node: a gradient written by a single loop
    // that visits each of its elements once is stored, not zero-filled and accumulated.
    static constexpr std::array<std::size_t, N> gradient_writers = [] {
        std::array<std::size_t, N> t{};
        static_for<N>([&](auto r) {
            if constexpr (loops_over_array(r) && P::needs_adjoint[r])
                for (std::size_t j = 0; j < N; ++j) t[j] += leaf_mask<r>[j] && P::is_array[j] ? 1 : 0;
        });
        return t;
    }();
};

// The gradient a loop writes for one of its array leaves: the bound value's gradient for a
// placeholder, the adjoint of an axis reduction's result otherwise.
template <class P, std::size_t L>
struct leaf_types {
    using T = typename P::value_type;
    using data = T;
    using gradient = T;
};
template <class P, std::size_t L>
    requires(P::kinds[L] == node_kind::placeholder && P::is_array[L])
struct leaf_types<P, L> {
    using data = element_t<typename P::template bound_t<L>>;
    using gradient = typename gradient_t<typename P::template bound_t<L>>::value_type;
};

// One loop: the loop's nodes in a compact local numbering (leaves and cone), and its choices.
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

    // Local numbering: every node the loop touches, in graph order.
    static constexpr auto members = indices_of([] {
        std::array<bool, N> m = facts::template cone_mask<R>;
        for (std::size_t j = 0; j < N; ++j) m[j] = m[j] || facts::template leaf_mask<R>[j];
        return m;
    });
    static constexpr std::size_t M = members.size();
    static constexpr std::array<std::size_t, N> local = [] {
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
    static constexpr backward_order backward = [] {
        constexpr auto differentiable = P::table([](auto j) { return has_derivative<typename P::template node_t<j>>; });
        backward_order b;
        b.reached[operand] = true;
        for (std::size_t c = cone.size(); c-- > 0;) {
            const std::size_t j = cone[c];
            if (!b.reached[j] || !differentiable[j]) continue;
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
    static constexpr std::size_t backward_live = [] {
        std::array<bool, N> read{};
        static_for<cone.size()>([&](auto k) {
            constexpr std::size_t j = cone[k];
            if constexpr (backward.reached[j] && has_derivative<typename P::template node_t<j>>) {
                using op = std::remove_cvref_t<decltype(P::template node_t<j>::op)>;
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
    static constexpr std::size_t tangent_leaf = [] {
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
    static constexpr bool simd = [] {
        bool ok = std::is_floating_point_v<T>;
        static_for<K>([&](auto k) {
            using types = leaf_types<P, array_leaves[k]>;
            ok = ok && std::is_same_v<typename types::data, T> &&
                 (!P::needs_adjoint[array_leaves[k]] || std::is_same_v<typename types::gradient, T>);
        });
        return ok;
    }();

    static constexpr bool needs_backward = P::needs_adjoint[R] && facts::is_reduction(R);
    static constexpr bool fused = needs_backward && facts::template adjoint_known_early<R>();

    template <std::size_t L>
    static constexpr bool sole_writer = facts::gradient_writers[L] == 1;

    static constexpr int cone_cost = [] {
        int c = 0;
        static_for<cone.size()>([&](auto k) {
            c += ops::cost_of<std::remove_cvref_t<decltype(P::template node_t<cone[k]>::op)>>();
        });
        return c;
    }();
    // A two-pass reduction over an expensive cone keeps its operand's values for the backward
    // pass in the gradient buffer of a leaf that only this loop writes (it is overwritten there).
    static constexpr std::size_t keeper = [] {
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
