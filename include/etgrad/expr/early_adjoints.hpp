// SPDX-License-Identifier: MIT
// Which reductions have their adjoint known before their forward loop runs, so that the loop can
// do their backward pass as well (Note [Early adjoints]).
#pragma once
#include <array>
#include <cstddef>

#include <etgrad/expr/node_kind.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

template <class P>
struct early_adjoints {
    static constexpr std::size_t N = P::size;

    static constexpr std::array<std::size_t, N> parent_count = []() consteval {
        std::array<std::size_t, N> t{};
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < P::arities[i]; ++k) ++t[P::children_of[i][k]];
        return t;
    }();
    static constexpr std::array<std::size_t, N> parent_of = []() consteval {
        std::array<std::size_t, N> t{};
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < P::arities[i]; ++k) t[P::children_of[i][k]] = i;
        return t;
    }();

    // Note [Early adjoints]: a reduction whose adjoint is known before its forward loop runs does
    // its backward pass in the same loop (one pass over the data instead of two). That holds for the
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
            constexpr auto c = P::children_of[Parent];
            constexpr std::size_t k = c[0] == Child ? 0 : 1;
            constexpr ops::reads r = ops::grad_reads_of<typename P::template op_t<Parent>, k>();
            const auto known = [](std::size_t j) { return P::kinds[j] == node_kind::constant; };
            return !r.out && (!r.lhs || known(c[0])) && (P::arities[Parent] < 2 || !r.rhs || known(c[1]));
        }
    }
    template <std::size_t I>
    static constexpr bool known() {
        if constexpr (I == P::root)
            return true;
        else if constexpr (parent_count[I] != 1)
            return false;
        else if constexpr (!passes_early_adjoint<parent_of[I], I>())
            return false;
        else
            return known<parent_of[I]>();
    }
};

}  // namespace etgrad::detail
