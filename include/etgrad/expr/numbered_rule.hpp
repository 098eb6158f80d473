// SPDX-License-Identifier: MIT
// The rules of one node of a program (expr/node_rule.hpp), with its values numbered as in the
// whole graph or as in the plan of one loop.
#pragma once
#include <cstddef>

#include <etgrad/expr/binding_index.hpp>
#include <etgrad/expr/loop_plan.hpp>
#include <etgrad/expr/node_kind.hpp>
#include <etgrad/expr/node_rule.hpp>

namespace etgrad::detail {

// The rules of elementwise node J, its values numbered as in the loop of node Loop, or as in the
// graph for Loop == whole_graph. A node without a derivative passes no adjoint on.
inline constexpr std::size_t whole_graph = npos;
template <class P, std::size_t Loop>
struct numbering {
    static constexpr std::size_t of(std::size_t j) {
        if constexpr (Loop == whole_graph)
            return j;
        else
            return loop_plan<P, Loop>::local[j];
    }
    // Whether node J's share of the adjoint is operand K's first in the loop's backward sweep.
    template <std::size_t J, std::size_t K>
    static constexpr bool first_share() {
        if constexpr (Loop == whole_graph)
            return false;
        else
            return loop_plan<P, Loop>::backward.first[J][K];
    }
};
// A constant object whose positions are data (Note [Positions as data] in expr/node_rule.hpp):
// `rule_of<P, J, Loop>.compute(op, values)`.
template <class P, std::size_t J, std::size_t Loop, std::size_t A = P::children_of[J][0],
          std::size_t B = P::children_of[J][P::arities[J] - 1], class Numbers = numbering<P, Loop>>
inline constexpr node_rule<P::arities[J], has_derivative<typename P::template node_t<J>> && P::needs_adjoint[A],
                           has_derivative<typename P::template node_t<J>> && P::needs_adjoint[B],
                           Numbers::template first_share<J, 0>(), Numbers::template first_share<J, 1>(), A == B>
    rule_of{Numbers::of(J), Numbers::of(A), Numbers::of(B)};

}  // namespace etgrad::detail
