// SPDX-License-Identifier: MIT
// Operations that reinterpret a tensor's memory without copying it: reshape/view and expand.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include <etgrad/tape/reduction.hpp>

namespace etgrad::tape {

namespace detail {
inline tensor alias(const tensor& value, const shape_t& sizes, const strides_t& strides) {
    return tensor(make_pooled<tensor_impl>(value.impl()->memory(), value.impl()->offset(), sizes, strides,
                                                value.dtype()));
}

// A view of value's memory that remembers its base, so that an in-place write through it is
// recorded on the base (tape/view_history.hpp).
inline tensor view_alias(const tensor& value, std::size_t offset, const shape_t& sizes, const strides_t& strides) {
    tensor out(make_pooled<tensor_impl>(value.impl()->memory(), offset, sizes, strides, value.dtype()));
    autograd_meta& meta = out.impl()->autograd();
    const autograd_meta& source = value.impl()->autograd();
    meta.view_base = source.view_base ? source.view_base : value.impl();
    meta.view_version = value.impl()->version();
    meta.view_from_no_grad = source.view_from_no_grad || !is_grad_enabled();
    return out;
}
inline tensor view_alias(const tensor& value, const shape_t& sizes, const strides_t& strides) {
    return view_alias(value, value.impl()->offset(), sizes, strides);
}

// The backward of a reshape: the gradient, reshaped back.
class reshape_node final : public fixed_arity_node<1> {
public:
    reshape_node(std::string_view name, edge input, const shape_t& input_sizes)
        : fixed_arity_node<1>({std::move(input)}), name_(name), input_sizes_(input_sizes) {}
    std::string_view name() const override { return name_; }
    void apply(const tensor& grad_output, gradient_sink& sink) override { sink.send(0, reshape(grad_output, input_sizes_)); }

private:
    std::string_view name_;
    shape_t input_sizes_;
};

// The backward of an expand: the gradient, summed back to the input's shape.
class expand_node final : public fixed_arity_node<1> {
public:
    expand_node(edge input, const shape_t& input_sizes) : fixed_arity_node<1>({std::move(input)}), input_sizes_(input_sizes) {}
    std::string_view name() const override { return "ExpandBackward0"; }
    void apply(const tensor& grad_output, gradient_sink& sink) override { sink.send(0, sum_to(grad_output, input_sizes_)); }

private:
    shape_t input_sizes_;
};
}  // namespace detail

inline tensor reshape(const tensor& value, const shape_t& sizes) {
    if (sizes.size() != value.impl()->numel()) {
        std::string dims;
        for (std::size_t d = 0; d < sizes.rank; ++d) dims += (d ? ", " : "") + std::to_string(sizes.dims[d]);
        throw std::runtime_error("shape '[" + dims + "]' is invalid for input of size " + std::to_string(value.impl()->numel()));
    }
    if (sizes == value.impl()->sizes()) return value;
    const tensor source = value.contiguous();
    tensor out = detail::view_alias(source, sizes, tensor_impl::contiguous_strides(sizes));
    if (records(source))
        set_history(out, make_pooled<detail::reshape_node>("ViewBackward0", gradient_edge(source), source.impl()->sizes()));
    return out;
}

// `value` read as the larger shape `sizes` it broadcasts to, without copying.
inline tensor expand(const tensor& value, const shape_t& sizes) {
    if (sizes == value.impl()->sizes()) return value;
    broadcast_shapes(value.impl()->sizes(), sizes);
    tensor out = detail::view_alias(value, sizes, loop_strides(*value.impl(), sizes));
    if (records(value)) set_history(out, make_pooled<detail::expand_node>(gradient_edge(value), value.impl()->sizes()));
    return out;
}

inline tensor tensor::expand(const std::vector<std::int64_t>& sizes) const {
    const shape_t& own = impl_->sizes();
    if (sizes.size() < own.rank || sizes.size() > max_rank)
        throw std::runtime_error("expand: the number of sizes provided (" + std::to_string(sizes.size()) +
                                 ") must be greater or equal to the number of dimensions in the tensor (" +
                                 std::to_string(own.rank) + ")");
    shape_t target;
    target.rank = sizes.size();
    const std::size_t lead = sizes.size() - own.rank;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] == -1 && d < lead)
            throw std::runtime_error("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension " +
                                     std::to_string(d));
        target.dims[d] = sizes[d] == -1 ? own.dims[d - lead] : static_cast<std::size_t>(sizes[d]);
    }
    for (std::size_t d = lead; d < target.rank; ++d)
        if (own.dims[d - lead] != 1 && own.dims[d - lead] != target.dims[d])
            throw std::runtime_error("The expanded size of the tensor (" + std::to_string(target.dims[d]) +
                                     ") must match the existing size (" + std::to_string(own.dims[d - lead]) +
                                     ") at non-singleton dimension " + std::to_string(d) + ".  Target sizes: " +
                                     target.to_string() + ".  Tensor sizes: " + own.to_string());
    return tape::expand(*this, target);
}

}  // namespace etgrad::tape
