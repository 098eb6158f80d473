// SPDX-License-Identifier: MIT
// eg::where(condition, a, b) on tensors: a where the bool condition holds, b elsewhere, with
// broadcasting and type promotion as torch.where. The value and the derivative are the rules of
// ops/comparison.hpp: where_true(c, a) + where_false(c, b), and each branch's gradient is the
// adjoint where it was selected and 0 elsewhere, which on tensors is itself a where (so a
// backward that creates a graph records WhereBackward0 again, as PyTorch).
#pragma once
#include <array>
#include <stdexcept>
#include <string>

#include <etgrad/ops/comparison.hpp>
#include <etgrad/tape/comparison.hpp>
#include <etgrad/tape/shape_ops.hpp>

namespace etgrad::tape {

tensor where(const tensor& condition, const operand& a, const operand& b);

/// @cond INTERNAL
// The builder the op rules call for one branch on tensors (where's own derivative, norm's):
// x where the condition is Selected, the rule's fill elsewhere. More specialised than
// tape/elementwise.hpp's make_binary.
template <bool Selected, ops::unselected Fill>
tensor make_binary(ops::where_branch_op<Selected, Fill> op, const tensor& condition, const tensor& x) {
    if constexpr (Selected)
        return where(condition, x, op.fill);
    else
        return where(condition, op.fill, x);
}
/// @endcond

namespace detail {

// The backward of where: each branch that requires grad gets where's rule for it, summed over the
// axes along which the branch was broadcast.
class where_node final : public fixed_arity_node<2> {
public:
    where_node(const tensor& condition, const operand& a, const operand& b)
        : fixed_arity_node<2>({a.requires_grad() ? gradient_edge(a.value) : edge{}, b.requires_grad() ? gradient_edge(b.value) : edge{}}),
          branches_{branch_of(a), branch_of(b)} {
        condition_.save_input(condition);
    }
    std::string_view name() const override { return "WhereBackward0"; }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const tensor condition = condition_.unpack(false);
        const auto edges = next_functions();
        if (edges[0].function)
            sink.send(0, branches_[0].gradient(ops::where_true_op{}.grad_rhs(condition, grad_output, grad_output, grad_output)));
        if (edges[1].function)
            sink.send(1, branches_[1].gradient(ops::where_false_op{}.grad_rhs(condition, grad_output, grad_output, grad_output)));
    }
    void release_saved() override { condition_.release(); }
    void check_saved() const override { condition_.check(); }

private:
    struct branch {
        shape_t shape;
        dtype type = dtype::float32;
        tensor gradient(const tensor& grad) const { return as_type(sum_to(grad, shape), type); }
    };
    static branch branch_of(const operand& x) {
        return x.is_number() ? branch{} : branch{x.value.impl()->sizes(), x.value.dtype()};
    }

    saved_value condition_;
    std::array<branch, 2> branches_;
};

}  // namespace detail

/// `a` where `condition` holds and `b` elsewhere, elementwise with broadcasting (torch.where).
/// The condition is a bool tensor (a comparison such as `x > 0`); `a` and `b` are tensors or
/// numbers, promoted to a common type as in `a + b`. The gradient goes to `a` where the condition
/// holds and to `b` elsewhere (0, not -0, in the other places); the node is `WhereBackward0`.
inline tensor where(const tensor& condition, const operand& a, const operand& b) {
    if (condition.dtype() != dtype::bool_)
        throw std::runtime_error("where expected condition to be a boolean tensor, but got a tensor with dtype " +
                                 std::string(scalar_type_name(condition.dtype())));
    const dtype type = result_type(a.promotion(), b.promotion());
    const dtype computed = detail::kernel_type(type);
    const tensor x = a.is_number() ? tensor{} : detail::as_type(a.value, computed);
    const tensor y = b.is_number() ? tensor{} : detail::as_type(b.value, computed);
    const shape_t& condition_shape = condition.impl()->sizes();
    const shape_t shape = broadcast_shapes(broadcast_shapes(condition_shape, x.defined() ? x.impl()->sizes() : shape_t{}),
                                           y.defined() ? y.impl()->sizes() : shape_t{});
    tensor out = empty_tensor(shape, computed);
    visit(computed, [&]<class T>(std::type_identity<T>) {
        const tensor c = convert(condition, computed);  // the rules read a condition as a nonzero number
        const T a_number = static_cast<T>(a.number), b_number = static_cast<T>(b.number);
        kernel::map<T, 3>(shape, out.impl()->data<T>(),
                          {loop_input<T>(c, shape), x.defined() ? loop_input<T>(x, shape) : loop_input<T>(a_number),
                           y.defined() ? loop_input<T>(y, shape) : loop_input<T>(b_number)},
                          [](const auto& selects, const auto& if_true, const auto& if_false) {
                              return ops::where_true_op{}.value(selects, if_true) + ops::where_false_op{}.value(selects, if_false);
                          });
    });
    if (computed != type) return convert(out, type);  // bools, computed as 0 and 1 (never recorded)
    if (is_grad_enabled() && (a.requires_grad() || b.requires_grad()))
        set_history(out, make_pooled<detail::where_node>(condition, a, b));
    return out;
}

}  // namespace etgrad::tape
