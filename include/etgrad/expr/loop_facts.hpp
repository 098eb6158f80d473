// SPDX-License-Identifier: MIT
// Which loops an evaluation runs and what each one covers. A loop runs over the elements of an
// array-valued operand: the operand of a reduction over an array, or the root itself when eval
// returns an array. Its "cone" is the elementwise part of the graph computed per element inside
// the loop; the cone's leaves are read element by element (arrays) or are constants of the loop
// (numbers computed before it).
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/leaf_types.hpp>
#include <etgrad/expr/node_kind.hpp>
#include <etgrad/expr/static_for.hpp>

namespace etgrad::detail {

template <class P>
struct loop_facts {
    static constexpr std::size_t N = P::size;

    // Arrays kept in memory (Note [Materialised nodes] in expr/materialised.hpp): axis reductions,
    // materialised nodes, and the elementwise array operands of materialised nodes.
    static constexpr std::array<bool, N> stored = []() consteval {
        std::array<bool, N> t{};
        for (std::size_t j = 0; j < N; ++j) {
            t[j] = t[j] || P::kinds[j] == node_kind::reduce_axis ||
                   (P::kinds[j] == node_kind::materialised && P::is_array[j]);
            if (P::kinds[j] == node_kind::materialised)
                for (std::size_t k = 0; k < P::arities[j]; ++k) {
                    const std::size_t c = P::children_of[j][k];
                    t[c] = t[c] || (P::kinds[c] == node_kind::elementwise && P::is_array[c]);
                }
        }
        return t;
    }();
    static constexpr bool has_stored = []() consteval {
        for (bool s : stored)
            if (s) return true;
        return false;
    }();

    static constexpr bool is_reduction(std::size_t r) {
        return P::kinds[r] == node_kind::reduce_all || P::kinds[r] == node_kind::reduce_axis;
    }
    static constexpr bool loops_over_array(std::size_t r) { return is_reduction(r) && P::is_array[P::children_of[r][0]]; }
    static constexpr bool elementwise_array(std::size_t j) {
        return P::kinds[j] == node_kind::elementwise && P::is_array[j];
    }
    // Computed inside the loops that read it (a stored node is read from memory instead).
    static constexpr bool per_element(std::size_t j) { return elementwise_array(j) && !stored[j]; }
    // Loops that propagate adjoints to their leaves: those of reductions over arrays, and the
    // backward loops of stored elementwise nodes.
    static constexpr bool propagating_loop(std::size_t r) {
        return P::needs_adjoint[r] && (loops_over_array(r) || (stored[r] && P::kinds[r] == node_kind::elementwise));
    }
    template <std::size_t R>
    static constexpr std::size_t loop_operand = is_reduction(R) ? P::children_of[R][0] : R;

    template <std::size_t R>
    static constexpr std::array<bool, N> cone_mask = []() consteval {
        std::array<bool, N> m{};
        // the loop of a stored elementwise node (or of the root) computes that node
        m[loop_operand<R>] = loop_operand<R> == R ? elementwise_array(R) : per_element(loop_operand<R>);
        for (std::size_t j = N; j-- > 0;)
            if (m[j])
                for (std::size_t k = 0; k < P::arities[j]; ++k) m[P::children_of[j][k]] = per_element(P::children_of[j][k]);
        return m;
    }();
    template <std::size_t R>
    static constexpr std::array<bool, N> leaf_mask = []() consteval {
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

    // How many loops and materialised nodes write the gradient of each array node: a gradient
    // written by a single loop that visits each of its elements once, or by a single materialised
    // node, is stored, not zero-filled and accumulated.
    static constexpr std::array<std::size_t, N> gradient_writers = []() consteval {
        std::array<std::size_t, N> t{};
        static_for<N>([&](auto r) {
            if constexpr (propagating_loop(r))
                for (std::size_t j = 0; j < N; ++j) t[j] += leaf_mask<r>[j] && P::is_array[j] ? 1 : 0;
            if constexpr (P::kinds[r] == node_kind::materialised && P::needs_adjoint[r])
                for (std::size_t k = 0; k < P::arities[r]; ++k)
                    t[P::children_of[r][k]] += P::is_array[P::children_of[r][k]] ? 1 : 0;
        });
        return t;
    }();

    // Note [Slices written apart]: slices of one placeholder at different offsets write parts of its
    // gradient that overlap partially, and a read-modify-write of memory that a store before it
    // covers only in part waits for that store to complete (no store forwarding): in P5, two such
    // waits per SIMD batch cost a fifth of the loop. So every slice of a placeholder but its first
    // (in graph order) that differs from the earlier ones accumulates its part in working memory,
    // added into the gradient after the backward pass; equal slices share that memory. A run whose
    // distinct slices of the placeholder are two writes none apart: it orders the writes itself
    // (Note [Slice pairs written directly] in expr/fused_loop.hpp; its part's memory is then null).
    // later_slice: slices that may write apart (those whose gradient holds the computation type).
    static constexpr std::array<bool, N> later_slice = []() consteval {
        std::array<bool, N> t{};
        static_for<N>([&](auto j) {
            if constexpr (P::kinds[j] == node_kind::slice && P::needs_adjoint[j])
                t[j] = std::is_same_v<typename leaf_types<P, j>::gradient, typename P::value_type>;
        });
        for (std::size_t j = 0; j < N; ++j) {
            bool earlier = false;
            for (std::size_t i = 0; i < j; ++i)
                earlier = earlier || (P::kinds[i] == node_kind::slice && P::needs_adjoint[i] &&
                                      P::children_of[i][0] == P::children_of[j][0]);
            t[j] = t[j] && earlier;
        }
        return t;
    }();
    static constexpr bool has_later_slices = []() consteval {
        for (bool b : later_slice)
            if (b) return true;
        return false;
    }();
    // Whether the evaluation needs working memory (kernel/scratch.hpp).
    static constexpr bool uses_scratch = has_stored || has_later_slices;

    // Whether a gradient is stored by its one writer, not zeroed before the loops and accumulated.
    // A sliced placeholder's gradient is written in parts (by its slices' loops and its elements'
    // backward) and the slices' parts may overlap: every one of them accumulates.
    static constexpr std::array<bool, N> stored_gradient = []() consteval {
        std::array<bool, N> t{};
        for (std::size_t j = 0; j < N; ++j) t[j] = gradient_writers[j] == 1 && P::kinds[j] != node_kind::slice;
        for (std::size_t j = 0; j < N; ++j)
            if (P::kinds[j] == node_kind::slice || P::kinds[j] == node_kind::element) t[P::children_of[j][0]] = false;
        return t;
    }();

    // The loop that writes each node's gradient (N if no loop does).
    static constexpr std::array<std::size_t, N> writing_loop = []() consteval {
        std::array<std::size_t, N> t{};
        t.fill(N);
        static_for<N>([&](auto r) {
            if constexpr (propagating_loop(r))
                for (std::size_t j = 0; j < N; ++j)
                    if (leaf_mask<r>[j] && P::is_array[j]) t[j] = r;
        });
        return t;
    }();

    // Note [Slice parts stored]: when one loop writes the whole gradient of a sliced placeholder
    // (every slice of it is a leaf of that loop and of nothing else, and neither the placeholder
    // nor an element of it is differentiated elsewhere), each part of that gradient has one
    // writer: the first slice writes x's gradient in its range, every later slice its own part
    // (Note [Slices written apart]), and equal slices are added in registers first (Note [Equal
    // slices]). When that loop runs flat (no slice broadcasts), it stores the parts instead of
    // accumulating them: only the elements of x's gradient outside the first slice's range are
    // zeroed, and the working memory of the parts not at all (the two-view form of P5, which
    // stores its two gradients, was 5% faster than the one-expression form that zeroed both).
    // Where two distinct slices write x's gradient directly, the higher one stores and the lower
    // one adds, and the entries of the lower one's range below the higher one's are zeroed too
    // (Note [Slice pairs written directly] in expr/fused_loop.hpp).
    // A broadcasting run zeroes everything before it accumulates, and so does a flat run whose
    // equal slices are not those its loop presumed (Note [Equal slices] in expr/loop_plan.hpp).
    // sliced_in_one_loop: the placeholders whose gradient is written this way.
    static constexpr std::array<bool, N> sliced_in_one_loop = []() consteval {
        std::array<bool, N> t{};
        static_for<N>([&](auto x) {
            if constexpr (P::kinds[x] == node_kind::placeholder && P::is_array[x] && P::needs_adjoint[x]) {
                bool one_loop = gradient_writers[x] == 0 &&
                                std::is_same_v<typename leaf_types<P, x>::gradient, typename P::value_type>;
                std::size_t loop = N;
                for (std::size_t j = 0; j < N; ++j) {
                    if (P::arities[j] == 0 || P::children_of[j][0] != x || !P::needs_adjoint[j]) continue;
                    if (P::kinds[j] == node_kind::slice) {
                        one_loop = one_loop && gradient_writers[j] == 1 && writing_loop[j] != N &&
                                   (loop == N || loop == writing_loop[j]);
                        loop = writing_loop[j];
                    } else {
                        one_loop = false;
                    }
                }
                t[x] = one_loop && loop != N;
            }
        });
        return t;
    }();
    // The first differentiated slice of placeholder L (N if none): the one that writes L's gradient
    // in place, every later one apart.
    template <std::size_t L>
    static constexpr std::size_t first_slice_of = []() consteval {
        for (std::size_t j = 0; j < N; ++j)
            if (P::kinds[j] == node_kind::slice && P::needs_adjoint[j] && P::children_of[j][0] == L) return j;
        return N;
    }();
    // Slices whose part of the gradient is stored when their loop runs flat.
    static constexpr std::array<bool, N> slice_part_stored = []() consteval {
        std::array<bool, N> t{};
        for (std::size_t j = 0; j < N; ++j)
            t[j] = P::kinds[j] == node_kind::slice && P::needs_adjoint[j] && sliced_in_one_loop[P::children_of[j][0]];
        return t;
    }();
};

}  // namespace etgrad::detail
