// SPDX-License-Identifier: MIT
// Views that reorder a tensor's axes: permute, transpose and t. The backward permutes the
// gradient back with the inverse order.
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <etgrad/kernel/product_shape.hpp>
#include <etgrad/tape/views.hpp>

namespace etgrad::tape {

using axis_order = std::array<std::size_t, max_rank>;

namespace detail {

class permute_node final : public fixed_arity_node<1> {
public:
    permute_node(std::string_view name, edge input, const axis_order& order, std::size_t rank)
        : fixed_arity_node<1>({std::move(input)}), name_(name) {
        for (std::size_t d = 0; d < rank; ++d) inverse_[order[d]] = d;
    }
    std::string_view name() const override { return name_; }
    inline void apply(const tensor& grad_output, gradient_sink& sink) override;  // inline: see accumulate_grad

private:
    std::string_view name_;
    axis_order inverse_{};
};

// Axis d of the result is axis order[d] of `value`; recorded as `name`.
inline tensor permuted(const tensor& value, const axis_order& order, std::string_view name) {
    const tensor_impl& v = *value.impl();
    shape_t sizes;
    sizes.rank = v.dim();
    strides_t strides{};
    for (std::size_t d = 0; d < v.dim(); ++d) {
        sizes.dims[d] = v.sizes().dims[order[d]];
        strides[d] = v.strides()[order[d]];
    }
    tensor out = view_alias(value, sizes, strides);
    if (records(value)) set_history(out, std::make_shared<permute_node>(name, gradient_edge(value), order, v.dim()));
    return out;
}

inline void permute_node::apply(const tensor& grad_output, gradient_sink& sink) {
    sink.send(0, permuted(grad_output, inverse_, "PermuteBackward0"));
}

inline axis_order identity_order(std::size_t rank) {
    axis_order order{};
    for (std::size_t d = 0; d < rank; ++d) order[d] = d;
    return order;
}

}  // namespace detail

// The view whose axis d is axis dims[d] of `value`.
inline tensor permute(const tensor& value, std::span<const std::int64_t> dims) {
    const std::size_t rank = value.impl()->dim();
    if (dims.size() != rank)
        throw std::runtime_error(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
            "ordering of dimensions i.e. input.dim() = " + std::to_string(rank) + " is not equal to len(dims) = " +
            std::to_string(dims.size()));
    axis_order order{};
    std::array<bool, max_rank> seen{};
    for (std::size_t d = 0; d < rank; ++d) {
        order[d] = wrap_dim(dims[d], rank);
        if (seen[order[d]]) throw std::runtime_error("permute(): duplicate dims are not allowed.");
        seen[order[d]] = true;
    }
    return detail::permuted(value, order, "PermuteBackward0");
}
inline tensor permute(const tensor& value, std::initializer_list<std::int64_t> dims) {
    return permute(value, std::span(dims.begin(), dims.size()));
}

// The view with axes dim0 and dim1 swapped.
inline tensor transpose(const tensor& value, std::int64_t dim0, std::int64_t dim1) {
    const std::size_t rank = value.impl()->dim();
    const std::size_t a = wrap_dim(dim0, rank), b = wrap_dim(dim1, rank);
    axis_order order = detail::identity_order(rank);
    std::swap(order[a], order[b]);
    return detail::permuted(value, order, "TransposeBackward0");
}

// The transpose of a matrix; a vector or a number is its own.
inline tensor t(const tensor& value) {
    const std::size_t rank = value.impl()->dim();
    if (rank > 2)
        throw std::runtime_error(kernel::t_rank_message(rank));
    axis_order order = detail::identity_order(rank);
    if (rank == 2) std::swap(order[0], order[1]);
    return detail::permuted(value, order, "TBackward0");
}

inline tensor tensor::permute(std::initializer_list<std::int64_t> dims) const { return tape::permute(*this, dims); }
inline tensor tensor::permute(const std::vector<std::int64_t>& dims) const { return tape::permute(*this, dims); }
inline tensor tensor::transpose(std::int64_t dim0, std::int64_t dim1) const { return tape::transpose(*this, dim0, dim1); }
inline tensor tensor::t() const { return tape::t(*this); }

}  // namespace etgrad::tape
