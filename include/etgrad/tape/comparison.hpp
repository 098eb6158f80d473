// SPDX-License-Identifier: MIT
// Comparisons of tensors (`x < y`, `x >= 0`, `2 == x`): bool tensors, computed with the value of
// the comparison rules in ops/comparison.hpp (1 where it holds, 0 elsewhere) in the type the
// operands promote to, never recorded (a comparison has no gradient, and bools cannot require one).
#pragma once
#include <etgrad/ops/comparison.hpp>
#include <etgrad/tape/copy.hpp>
#include <etgrad/tape/elementwise.hpp>

namespace etgrad::tape {

template <class Op>
concept comparison_rule = requires { requires Op::is_comparison; };

/// `lhs op rhs` elementwise with broadcasting, for a comparison rule `op`: a bool tensor.
template <class Op>
    requires comparison_rule<Op>
tensor compare(Op op, const operand& lhs, const operand& rhs) {
    const dtype type = detail::compute_type<Op>(result_type(lhs.promotion(), rhs.promotion()));
    detail::binary_values v(lhs, rhs, type);
    detail::compute_binary(op, lhs, rhs, type, v);
    return convert(v.out, dtype::bool_);
}

/// @cond INTERNAL
// The builders the op rules call on tensors (norm's derivative asks `out > 0`): more constrained
// than tape/elementwise.hpp's, so a comparison always picks these.
template <class Op>
    requires comparison_rule<Op>
tensor make_binary(Op op, const tensor& lhs, const tensor& rhs) {
    return compare(op, lhs, rhs);
}
template <class Op, class N>
    requires comparison_rule<Op> && number<N>
tensor make_binary(Op op, const tensor& lhs, const N& rhs) {
    return compare(op, lhs, rhs);
}
template <class Op, class N>
    requires comparison_rule<Op> && number<N>
tensor make_binary(Op op, const N& lhs, const tensor& rhs) {
    return compare(op, lhs, rhs);
}
/// @endcond

}  // namespace etgrad::tape
