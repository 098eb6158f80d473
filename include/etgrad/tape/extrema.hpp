// SPDX-License-Identifier: MIT
// max, min and prod of tensors, over all elements or along an axis (max and min along an axis
// also return the indices, as torch.return_types.max). The rules are in
// ops/reduction_extrema.hpp. Max and min keep, per input element, the weight of the result's
// adjoint it receives (their derivative is piecewise constant); prod keeps the products of the
// other elements, and differentiates out / a again when the backward creates a graph.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <etgrad/kernel/lanes.hpp>
#include <etgrad/ops/reduction_extrema.hpp>
#include <etgrad/tape/shape_ops.hpp>

namespace etgrad::tape {

// The result of max or min along an axis.
struct values_and_indices {
    tensor values;
    tensor indices;
};

namespace detail {

// The gradient of the input: the result's gradient, spread over the input's shape, times the
// weight of each element (when the backward creates a graph, also recorded).
class weighted_spread_node final : public fixed_arity_node<1> {
public:
    weighted_spread_node(std::string_view name, edge input, const reduction_shapes& shapes, tensor weights)
        : fixed_arity_node<1>({std::move(input)}), name_(name), shapes_(shapes) {
        weights_.save_input(weights);
    }
    std::string_view name() const override { return name_; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, expand(reshape(grad_output, shapes_.kept), shapes_.input) * weights_.unpack(false));
    }
    void release_saved() override { weights_.release(); }
    void check_saved() const override { weights_.check(); }

private:
    std::string_view name_;
    reduction_shapes shapes_;
    saved_value weights_;
};

template <class Op>
values_and_indices select(const tensor& value, const reduction_shapes& shapes, std::optional<std::size_t> axis,
                          std::string_view name) {
    const bool split_ties = !axis;  // over all elements
    const tensor input = value.contiguous();
    const kernel::axis_walk w = kernel::walk_of(shapes.input, axis);
    tensor values = empty_tensor(shapes.result, value.dtype());
    tensor indices = empty_tensor(shapes.result, dtype::int64);
    const bool weighted = records(value);
    tensor weights = weighted ? zeros_tensor(shapes.input, value.dtype()) : tensor{};
    visit(value.dtype(), [&]<class T>(std::type_identity<T>) {
        const T* in = input.impl()->data<T>();
        kernel::for_each_lane(w, [&](std::size_t start, std::size_t lane) {
            const std::size_t chosen = ops::selected_index<Op>(in + start, w.inner, w.length);
            values.impl()->data<T>()[lane] = in[start + chosen * w.inner];
            indices.impl()->data<std::int64_t>()[lane] = static_cast<std::int64_t>(chosen);
            if (weighted)
                ops::selection_adjoints(in + start, w.inner, w.length, chosen, split_ties, T(1), [&](std::size_t i, T share) {
                    weights.impl()->data<T>()[start + i * w.inner] = share;
                });
        });
    });
    if (weighted) set_history(values, std::make_shared<weighted_spread_node>(name, gradient_edge(value), shapes, std::move(weights)));
    return {values, indices};
}

template <class Op>
tensor select_all(const tensor& value, std::string_view name) {
    if (value.numel() == 0)
        throw std::runtime_error(kernel::empty_selection_message(Op::name));
    return select<Op>(value, reduce_all_shapes(value.impl()->sizes()), std::nullopt, name).values;
}

template <class Op>
values_and_indices select_along(const tensor& value, std::int64_t dim, bool keepdim, std::string_view name) {
    const reduction_shapes shapes = reduce_dim_shapes(value.impl()->sizes(), dim, keepdim);
    const std::size_t axis = wrap_dim(dim, value.impl()->dim());
    if (shapes.count == 0)
        throw std::out_of_range(kernel::empty_axis_selection_message(Op::name, axis));
    return select<Op>(value, shapes, axis, name);
}

// The backward of prod: the gradient times the products of the other elements.
class prod_node final : public fixed_arity_node<1> {
public:
    prod_node(std::string_view name, edge input, const reduction_shapes& shapes, bool has_zero)
        : fixed_arity_node<1>({std::move(input)}), name_(name), shapes_(shapes), has_zero_(has_zero) {}
    std::string_view name() const override { return name_; }

    void save(const tensor& input, const tensor& output, const tensor& others) {
        others_.save_input(others);
        input_.save_input(input);
        output_.save_output(output, *this);
    }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const auto spread = [&](const tensor& t) { return expand(reshape(t, shapes_.kept), shapes_.input); };
        if (!is_grad_enabled()) {
            sink.send(0, spread(grad_output) * others_.unpack(false));
            return;
        }
        if (has_zero_)  // out / a has no value there; a recorded exact form would need cumulative products
            throw std::runtime_error("etgrad: the derivative of prod cannot be recorded (create_graph) for inputs with zeros");
        sink.send(0, tensor(ops::prod_op{}.grad(input_.unpack(true), spread(output_.unpack(true)), spread(grad_output))));
    }
    void release_saved() override {
        input_.release();
        output_.release();
        others_.release();
    }
    void check_saved() const override {
        input_.check();
        output_.check();
        others_.check();
    }

private:
    std::string_view name_;
    reduction_shapes shapes_;
    bool has_zero_;
    saved_value input_, output_, others_;
};

inline tensor prod(const tensor& value, const reduction_shapes& shapes, std::optional<std::size_t> axis,
                   std::string_view name) {
    const tensor input = value.contiguous();
    const kernel::axis_walk w = kernel::walk_of(shapes.input, axis);
    tensor out = empty_tensor(shapes.result, value.dtype());
    const bool recorded = records(value);
    tensor others = recorded ? empty_tensor(shapes.input, value.dtype()) : tensor{};
    bool has_zero = false;
    visit(value.dtype(), [&]<class T>(std::type_identity<T>) {
        const T* in = input.impl()->data<T>();
        kernel::for_each_lane(w, [&](std::size_t start, std::size_t lane) {
            T product = T(1);
            for (std::size_t i = 0; i < w.length; ++i) {
                product *= in[start + i * w.inner];
                has_zero = has_zero || in[start + i * w.inner] == T(0);
            }
            out.impl()->data<T>()[lane] = product;
            if (recorded)
                ops::prod_op{}.lane_grad(in + start, w.inner, w.length, product, T(1), [&](std::size_t i, T share) {
                    others.impl()->data<T>()[start + i * w.inner] = share;
                });
        });
    });
    if (recorded) {
        auto grad_fn = std::make_shared<prod_node>(name, gradient_edge(value), shapes, has_zero);
        grad_fn->save(input, out, others);
        set_history(out, std::move(grad_fn));
    }
    return out;
}

// Bool tensors reduce as the integers 0 and 1 (PyTorch: max and min give bools, prod an int64).
inline tensor as_integers(const tensor& value) { return value.dtype() == dtype::bool_ ? value.to(dtype::int64) : value; }
inline tensor as_type_of(const tensor& result, const tensor& value) {
    return value.dtype() == dtype::bool_ ? result.to(dtype::bool_) : result;
}
inline values_and_indices as_type_of(values_and_indices result, const tensor& value) {
    result.values = as_type_of(result.values, value);
    return result;
}

}  // namespace detail

// The largest element (NaN if there is one).
inline tensor max(const tensor& value) {
    return detail::as_type_of(detail::select_all<ops::max_op>(detail::as_integers(value), "MaxBackward1"), value);
}
inline tensor min(const tensor& value) {
    return detail::as_type_of(detail::select_all<ops::min_op>(detail::as_integers(value), "MinBackward1"), value);
}
// The largest elements along `dim`, and the index of the first of each.
inline values_and_indices max(const tensor& value, std::int64_t dim, bool keepdim = false) {
    return detail::as_type_of(detail::select_along<ops::max_op>(detail::as_integers(value), dim, keepdim, "MaxBackward0"), value);
}
inline values_and_indices min(const tensor& value, std::int64_t dim, bool keepdim = false) {
    return detail::as_type_of(detail::select_along<ops::min_op>(detail::as_integers(value), dim, keepdim, "MinBackward0"), value);
}

// The product of the elements, over all or along `dim`.
inline tensor prod(const tensor& value) {
    return detail::prod(detail::as_integers(value), reduce_all_shapes(value.impl()->sizes()), std::nullopt, "ProdBackward0");
}
inline tensor prod(const tensor& value, std::int64_t dim, bool keepdim = false) {
    const reduction_shapes shapes = reduce_dim_shapes(value.impl()->sizes(), dim, keepdim);
    return detail::prod(detail::as_integers(value), shapes, wrap_dim(dim, value.impl()->dim()), "ProdBackward1");
}

inline tensor tensor::max() const { return tape::max(*this); }
inline tensor tensor::min() const { return tape::min(*this); }
inline values_and_indices tensor::max(std::int64_t dim, bool keepdim) const { return tape::max(*this, dim, keepdim); }
inline values_and_indices tensor::min(std::int64_t dim, bool keepdim) const { return tape::min(*this, dim, keepdim); }
inline tensor tensor::prod() const { return tape::prod(*this); }
inline tensor tensor::prod(std::int64_t dim, bool keepdim) const { return tape::prod(*this, dim, keepdim); }

}  // namespace etgrad::tape
