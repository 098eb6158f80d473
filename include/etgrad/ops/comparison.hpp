// SPDX-License-Identifier: MIT
// Comparisons, and the selection they drive (eg::where).
//   - A comparison is 1 where it holds and 0 elsewhere, a number of the operands' type, and is
//     piecewise constant: no adjoint passes through it.
//   - where(c, a, b) is where_true(c, a) + where_false(c, b). Each keeps its operand where it is
//     selected and gives -0.0 elsewhere, and -0.0 is the exact identity of addition (x + -0.0 is
//     x for every x, signed zeros included), so the sum is the selected value bit for bit. Each
//     passes the adjoint to its operand where it selected it and -0.0 elsewhere, never multiplying
//     by a 0/1 mask, so an infinite or NaN adjoint stays in its branch (torch.where's backward).
//     As in PyTorch, a branch that is NaN where it is not selected still gets a NaN gradient from
//     its own rule (0 * inf): where(x > 0, sqrt(x), 0) at x < 0 has gradient NaN.
#pragma once
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/symbolic.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

#define ETGRAD_COMPARISON_OP(op_name, op)                                                         \
    struct op_name##_op {                                                                         \
        static constexpr std::string_view name = #op_name;                                       \
        static constexpr bool piecewise_constant = true;                                         \
        static constexpr bool is_comparison = true;                                              \
        template <class X>                                                                       \
        constexpr auto value(const X& a, const X& b) const {                                     \
            return math::choose(a op b, X(math::lit<X>(1)), X(math::lit<X>(0)));                 \
        }                                                                                        \
    };
ETGRAD_COMPARISON_OP(less, <)
ETGRAD_COMPARISON_OP(less_equal, <=)
ETGRAD_COMPARISON_OP(greater, >)
ETGRAD_COMPARISON_OP(greater_equal, >=)
ETGRAD_COMPARISON_OP(equal, ==)
ETGRAD_COMPARISON_OP(not_equal, !=)
#undef ETGRAD_COMPARISON_OP

}  // namespace etgrad::ops

namespace etgrad::math {

// x where the condition is nonzero (Selected) or zero (!Selected), `unselected` elsewhere.
template <bool Selected, class C, class X>
constexpr X select_branch(const C& condition, const X& x, double unselected) {
    const X other(lit<X>(unselected));
    const auto holds = condition != C(lit<C>(0));
    if constexpr (Selected)
        return choose(holds, x, other);
    else
        return choose(holds, other, x);
}

}  // namespace etgrad::math

namespace etgrad::ops {

// What stands where a branch is not selected: -0.0 in a value (the identity of +), 0.0 in an
// adjoint (the gradient PyTorch gives there), 1.0 in a divisor that must not be 0.
enum class unselected { negative_zero, zero, one };

template <bool Selected, unselected Fill = unselected::negative_zero>
struct where_branch_op {
    static constexpr std::string_view name = Selected ? "where_true" : "where_false";
    static constexpr reads grad_rhs_reads{.lhs = true};
    static constexpr double fill = Fill == unselected::one ? 1.0 : Fill == unselected::zero ? 0.0 : -0.0;
    constexpr auto value(const auto& condition, const auto& x) const {
        return math::select_branch<Selected>(condition, x, fill);
    }
    // The condition is a comparison, which passes no adjoint on: only the branch has a share.
    constexpr auto grad_rhs(const auto& condition, const auto&, const auto&, const auto& adj) const {
        if constexpr (math::symbolic<decltype(condition)>)
            return make_binary(where_branch_op<Selected, unselected::zero>{}, condition, adj);
        else
            return math::select_branch<Selected>(condition, adj, 0.0);
    }
};
using where_true_op = where_branch_op<true>;
using where_false_op = where_branch_op<false>;

}  // namespace etgrad::ops
