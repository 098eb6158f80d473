// SPDX-License-Identifier: MIT
// The 2-norm of tensors, over every element or along an axis: norm_root(sum(square(x))), one
// node (NormBackward1, as PyTorch's) whose backward chains the rules of ops/: norm_root_op's
// derivative (0 where the norm is 0), spread over the summed axes, then square_op's. Written
// with tensor operations, so a backward that creates a graph records them.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include <etgrad/ops/reduction.hpp>
#include <etgrad/ops/unary.hpp>
#include <etgrad/tape/shape_ops.hpp>
#include <etgrad/tape/where.hpp>

namespace etgrad::tape {

namespace detail {

class norm_node final : public input_output_node {
public:
    norm_node(edge input, const reduction_shapes& shapes) : input_output_node(std::move(input)), shapes_(shapes) {}
    std::string_view name() const override { return "NormBackward1"; }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const bool history = is_grad_enabled();
        const tensor input = input_.unpack(history), output = output_.unpack(history);
        const tensor sum_adjoint(ops::norm_root_op{}.grad(output, output, grad_output));  // (reads only the output)
        const tensor spread = expand(reshape(sum_adjoint, shapes_.kept), shapes_.input);
        sink.send(0, tensor(ops::square_op{}.grad(input, input, spread)));
    }

private:
    reduction_shapes shapes_;
};

inline tensor norm(const tensor& value, const reduction_shapes& shapes) {
    if (!is_floating_point(value.dtype()))
        throw std::runtime_error("norm(): input dtype should be either floating point or complex. Got " +
                                 std::string(scalar_type_name(value.dtype())) + " instead.");
    tensor out;
    {
        no_grad_guard forward_only;
        out = tensor(ops::norm_root_op{}.value(reduce<ops::sum_op>(square(value), shapes, {})));
    }
    if (records(value)) {
        auto grad_fn = make_pooled<norm_node>(gradient_edge(value), shapes);
        grad_fn->save(value, out);
        set_history(out, std::move(grad_fn));
    }
    return out;
}

}  // namespace detail

/// The 2-norm of every element, sqrt(sum(t²)), a 0-d tensor (torch.norm(t)); its gradient is
/// t / norm, and 0 where the norm is 0.
inline tensor norm(const tensor& value) { return detail::norm(value, reduce_all_shapes(value.impl()->sizes())); }
/// The 2-norms along `dim` (negative counts from the end), keeping it with extent 1 if `keepdim`.
inline tensor norm(const tensor& value, std::int64_t dim, bool keepdim = false) {
    return detail::norm(value, reduce_dim_shapes(value.impl()->sizes(), dim, keepdim));
}

inline tensor tensor::norm() const { return tape::norm(*this); }
inline tensor tensor::norm(std::int64_t dim, bool keepdim) const { return tape::norm(*this, dim, keepdim); }

}  // namespace etgrad::tape
