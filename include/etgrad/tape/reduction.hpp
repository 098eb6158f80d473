// SPDX-License-Identifier: MIT
// Sum and mean of tensors, over everything or along axes, and sum_to (the gradient of a
// broadcast). One node for all of them: its forward sums the input into an output that
// broadcasts back to the input's shape; its backward spreads the output's gradient over the
// input with the rule's scale (ops/reduction.hpp).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include <etgrad/ops/reduction.hpp>
#include <etgrad/tape/functions.hpp>

namespace etgrad::tape {

tensor expand(const tensor& value, const shape_t& sizes);
tensor reshape(const tensor& value, const shape_t& sizes);

// Which axes a reduction removes, and the shapes it goes between.
struct reduction_shapes {
    shape_t input;
    shape_t kept;    // the input's rank, with extent 1 along the reduced axes
    shape_t result;  // kept, or kept without the reduced axes
    std::size_t count = 1;  // input elements per output element
};

inline reduction_shapes reduce_all_shapes(const shape_t& input) {
    reduction_shapes s{input, input, shape_t{}, input.size()};
    for (std::size_t d = 0; d < input.rank; ++d) s.kept.dims[d] = 1;
    return s;
}

inline reduction_shapes reduce_dim_shapes(const shape_t& input, std::int64_t dim, bool keepdim) {
    reduction_shapes s{input, input, input, 1};
    if (input.rank == 0) {  // a 0-d tensor has one axis to name (0 or -1), of extent 1
        wrap_dim(dim, 0);
        return s;
    }
    const std::size_t axis = wrap_dim(dim, input.rank);
    s.count = input.dims[axis];
    s.kept.dims[axis] = 1;
    s.result = keepdim ? s.kept : remove_axis(input, axis);
    return s;
}

// The axes along which `input` was broadcast from `target`, summed.
inline reduction_shapes sum_to_shapes(const shape_t& input, const shape_t& target) {
    reduction_shapes s{input, input, target, 1};
    for (std::size_t k = 0; k < input.rank; ++k) {
        const std::size_t d = input.rank - 1 - k;
        if (k >= target.rank || target.dims[target.rank - 1 - k] == 1) {
            s.kept.dims[d] = 1;
            s.count *= input.dims[d];
        }
    }
    return s;
}

template <class Op>
class reduction_node final : public fixed_arity_node<1> {
public:
    reduction_node(std::string_view name, edge input, const reduction_shapes& shapes)
        : fixed_arity_node<1>({std::move(input)}), name_(name), shapes_(shapes) {}
    std::string_view name() const override { return name_; }

    // The adjoint of each reduced group, spread over the input's shape as a broadcast view: no pass
    // over the input's extent (the consumer reads it with stride 0, as after PyTorch's expand).
    // Tensor operations when the backward creates a graph (so recorded), else one small loop.
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, expand(is_grad_enabled() || !grad_output.is_contiguous() ? recorded_adjoint(grad_output)
                                                                              : adjoint_in_loop(grad_output),
                            shapes_.input));
    }

private:
    tensor recorded_adjoint(const tensor& grad_output) const {
        return tensor(ops::reduction_input_adjoint<Op>(reshape(grad_output, shapes_.kept), shapes_.count));
    }
    // The same numbers without recording: a contiguous gradient of the result's shape has the
    // elements of the kept shape in the same order.
    tensor adjoint_in_loop(const tensor& grad_output) const {
        tensor adjoint = empty_tensor(shapes_.kept, grad_output.dtype());
        visit_floating(grad_output.dtype(), [&]<class T>(std::type_identity<T>) {
            const T* in = grad_output.impl()->data<T>();
            T* out = adjoint.impl()->data<T>();
            for (std::size_t i = 0, n = grad_output.numel(); i < n; ++i)
                out[i] = ops::reduction_input_adjoint<Op>(in[i], shapes_.count);
        });
        return adjoint;
    }

    std::string_view name_;
    reduction_shapes shapes_;
};

template <class Op>
tensor reduce(const tensor& input, const reduction_shapes& shapes, std::string_view name) {
    if constexpr (std::is_same_v<Op, ops::mean_op>)
        if (!is_floating_point(input.dtype()))
            throw std::runtime_error(
                "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
                "Got: " + std::string(scalar_type_name(input.dtype())));
    const tensor value = input.dtype() == dtype::bool_ ? convert(input, dtype::int64) : input;  // PyTorch sums bools as int64
    tensor out = zeros_tensor(shapes.result, value.dtype());
    visit(value.dtype(), [&]<class T>(std::type_identity<T>) {
        T* data = out.impl()->data<T>();
        kernel::map_accumulate<T, 1>(shapes.input, {data, broadcast_strides(shapes.kept, shapes.input)},
                                     {loop_input<T>(value, shapes.input)}, [](const auto& x) { return x; });
        for (std::size_t i = 0, n = shapes.result.size(); i < n; ++i)
            data[i] = ops::reduction_value<Op>(data[i], shapes.count);
    });
    if (records(value)) set_history(out, make_pooled<reduction_node<Op>>(name, gradient_edge(value), shapes));
    return out;
}

inline tensor sum(const tensor& value) { return reduce<ops::sum_op>(value, reduce_all_shapes(value.impl()->sizes()), "SumBackward0"); }
inline tensor mean(const tensor& value) {
    return reduce<ops::mean_op>(value, reduce_all_shapes(value.impl()->sizes()), "MeanBackward0");
}
inline tensor sum(const tensor& value, std::int64_t dim, bool keepdim = false) {
    return reduce<ops::sum_op>(value, reduce_dim_shapes(value.impl()->sizes(), dim, keepdim), "SumBackward1");
}
inline tensor mean(const tensor& value, std::int64_t dim, bool keepdim = false) {
    return reduce<ops::mean_op>(value, reduce_dim_shapes(value.impl()->sizes(), dim, keepdim), "MeanBackward1");
}

inline tensor sum_to(const tensor& value, const shape_t& target) {
    if (value.impl()->sizes() == target) return value;
    return reduce<ops::sum_op>(value, sum_to_shapes(value.impl()->sizes(), target), "SumBackward1");
}

inline tensor tensor::sum() const { return tape::sum(*this); }
inline tensor tensor::sum(std::int64_t dim, bool keepdim) const { return tape::sum(*this, dim, keepdim); }
inline tensor tensor::mean() const { return tape::mean(*this); }
inline tensor tensor::mean(std::int64_t dim, bool keepdim) const { return tape::mean(*this, dim, keepdim); }

}  // namespace etgrad::tape
