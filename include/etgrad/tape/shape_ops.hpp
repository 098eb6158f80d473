// SPDX-License-Identifier: MIT
// Operations that give a tensor another shape over the same elements in the same order: view and
// reshape (sizes with one -1 inferred), flatten, unsqueeze and squeeze. A view aliases the
// input's memory (so it shares its version counter); reshape copies only when no strides can
// read the input as the new shape. Each backward reshapes the gradient to the input's shape.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <etgrad/tape/copy.hpp>
#include <etgrad/tape/views.hpp>

namespace etgrad::tape {

namespace detail {

// The shape that `sizes` asks for from `numel` elements, one -1 standing for what is left.
inline shape_t infer_size(std::span<const std::int64_t> sizes, std::size_t numel) {
    std::optional<std::size_t> inferred;
    std::size_t known = 1;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] == -1) {
            if (inferred) throw std::runtime_error("only one dimension can be inferred");
            inferred = d;
        } else if (sizes[d] < 0) {
            throw std::runtime_error("invalid shape dimension " + std::to_string(sizes[d]));
        } else {
            known *= static_cast<std::size_t>(sizes[d]);
        }
    }
    std::vector<std::int64_t> result(sizes.begin(), sizes.end());
    if (inferred) {
        if (known == 0)
            throw std::runtime_error("cannot reshape tensor of 0 elements into shape " + sizes_text(sizes) +
                                     " because the unspecified dimension size -1 can be any value and is ambiguous");
        if (numel % known == 0) {
            result[*inferred] = static_cast<std::int64_t>(numel / known);
            known = numel;
        }
    }
    if (known != numel)
        throw std::runtime_error("shape '" + sizes_text(sizes) + "' is invalid for input of size " + std::to_string(numel));
    return make_shape(result);
}

// Strides that read `value`'s elements, in order, as the shape `sizes` (of as many elements),
// if there are any. The input's axes fall into runs that are contiguous with each other; the new
// axes must split each run exactly, walking both shapes from the last axis.
inline std::optional<strides_t> view_strides(const tensor_impl& value, const shape_t& sizes) {
    if (value.numel() == 0 || value.dim() == 0) return tensor_impl::contiguous_strides(sizes);
    const shape_t& old_sizes = value.sizes();
    const strides_t& old_strides = value.strides();
    strides_t strides{};
    auto next = static_cast<std::ptrdiff_t>(sizes.rank) - 1;  // the next new axis to give a stride
    std::size_t run_stride = old_strides[old_sizes.rank - 1];
    std::size_t run_numel = 1;
    std::size_t view_numel = 1;
    for (std::size_t d = old_sizes.rank; d-- > 0;) {
        run_numel *= old_sizes.dims[d];
        const bool run_ends = d == 0 || (old_sizes.dims[d - 1] != 1 && old_strides[d - 1] != run_numel * run_stride);
        if (!run_ends) continue;
        while (next >= 0 && (view_numel < run_numel || sizes.dims[static_cast<std::size_t>(next)] == 1)) {
            strides[static_cast<std::size_t>(next)] = view_numel * run_stride;
            view_numel *= sizes.dims[static_cast<std::size_t>(next)];
            --next;
        }
        if (view_numel != run_numel) return std::nullopt;
        if (d > 0) {
            run_stride = old_strides[d - 1];
            run_numel = 1;
            view_numel = 1;
        }
    }
    if (next != -1) return std::nullopt;
    return strides;
}

// `value` read as `sizes` through `strides`, recorded as a node `name` whose backward reshapes the
// gradient back.
inline tensor reshaped_alias(const tensor& value, const shape_t& sizes, const strides_t& strides, std::string_view name) {
    tensor out = view_alias(value, sizes, strides);
    if (records(value)) set_history(out, std::make_shared<reshape_node>(name, gradient_edge(value), value.impl()->sizes()));
    return out;
}

// reshape's work: a view when strides allow one, else a contiguous copy viewed.
inline tensor reshape_as(const tensor& value, const shape_t& sizes) {
    if (const auto strides = view_strides(*value.impl(), sizes))
        return reshaped_alias(value, sizes, *strides, "ReshapeAliasBackward0");
    const tensor copy = value.clone();
    return reshaped_alias(copy, sizes, tensor_impl::contiguous_strides(sizes), "UnsafeViewBackward0");
}

// `value` without its axes of extent 1: all of them, or only `axis` if it is one.
inline tensor squeeze_axes(const tensor& value, std::optional<std::size_t> axis, std::string_view name) {
    const tensor_impl& v = *value.impl();
    shape_t sizes;
    strides_t strides{};
    for (std::size_t d = 0; d < v.dim(); ++d) {
        const bool removed = v.sizes().dims[d] == 1 && (!axis || *axis == d);
        if (removed) continue;
        sizes.dims[sizes.rank] = v.sizes().dims[d];
        strides[sizes.rank++] = v.strides()[d];
    }
    return reshaped_alias(value, sizes, strides, name);
}

}  // namespace detail

// A view of `value` as `sizes` (one of them may be -1); PyTorch's error when the strides do not
// allow one.
inline tensor view(const tensor& value, std::span<const std::int64_t> sizes) {
    const shape_t shape = detail::infer_size(sizes, value.impl()->numel());
    const auto strides = detail::view_strides(*value.impl(), shape);
    if (!strides)
        throw std::runtime_error(
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
            "contiguous subspaces). Use .reshape(...) instead.");
    return detail::reshaped_alias(value, shape, *strides, "ViewBackward0");
}
inline tensor view(const tensor& value, std::initializer_list<std::int64_t> sizes) {
    return view(value, std::span(sizes.begin(), sizes.size()));
}

// `value` as `sizes` (one of them may be -1): a view when possible, else a copy.
inline tensor reshape(const tensor& value, std::span<const std::int64_t> sizes) {
    return detail::reshape_as(value, detail::infer_size(sizes, value.impl()->numel()));
}
inline tensor reshape(const tensor& value, std::initializer_list<std::int64_t> sizes) {
    return reshape(value, std::span(sizes.begin(), sizes.size()));
}

// The axes start_dim..end_dim merged into one.
inline tensor flatten(const tensor& value, std::int64_t start_dim = 0, std::int64_t end_dim = -1) {
    const std::size_t rank = value.impl()->dim();
    if (rank == 0) return detail::reshape_as(value, make_shape(std::vector<std::size_t>{1}));
    const std::size_t start = wrap_dim(start_dim, rank), end = wrap_dim(end_dim, rank);
    if (start > end) throw std::runtime_error("flatten() has invalid args: start_dim cannot come after end_dim");
    if (start == end) return value;
    const shape_t& in = value.impl()->sizes();
    shape_t sizes;
    for (std::size_t d = 0; d < rank; ++d) {
        if (d <= start || d > end) sizes.dims[sizes.rank++] = in.dims[d];
        else sizes.dims[sizes.rank - 1] *= in.dims[d];
    }
    return detail::reshape_as(value, sizes);
}

// A view with a new axis of extent 1 at `dim` (counted in the result's axes).
inline tensor unsqueeze(const tensor& value, std::int64_t dim) {
    const tensor_impl& v = *value.impl();
    const std::size_t axis = wrap_dim(dim, v.dim() + 1);
    shape_t sizes;
    sizes.rank = v.dim() + 1;
    strides_t strides{};
    for (std::size_t d = 0, k = 0; d < sizes.rank; ++d) {
        if (d == axis) {
            sizes.dims[d] = 1;
            strides[d] = axis < v.dim() ? v.sizes().dims[axis] * v.strides()[axis] : 1;
        } else {
            sizes.dims[d] = v.sizes().dims[k];
            strides[d] = v.strides()[k++];
        }
    }
    return detail::reshaped_alias(value, sizes, strides, "UnsqueezeBackward0");
}

// A view without the axes of extent 1.
inline tensor squeeze(const tensor& value) { return detail::squeeze_axes(value, std::nullopt, "SqueezeBackward0"); }
// A view without axis `dim` if its extent is 1 (else the same shape).
inline tensor squeeze(const tensor& value, std::int64_t dim) {
    const std::size_t rank = value.impl()->dim();
    const std::size_t axis = wrap_dim(dim, rank);
    return detail::squeeze_axes(value, rank == 0 ? std::nullopt : std::optional(axis), "SqueezeBackward1");
}

inline tensor tensor::view(std::initializer_list<std::int64_t> sizes) const { return tape::view(*this, sizes); }
inline tensor tensor::view(const std::vector<std::int64_t>& sizes) const { return tape::view(*this, sizes); }
inline tensor tensor::reshape(std::initializer_list<std::int64_t> sizes) const { return tape::reshape(*this, sizes); }
inline tensor tensor::reshape(const std::vector<std::int64_t>& sizes) const { return tape::reshape(*this, sizes); }
inline tensor tensor::flatten(std::int64_t start_dim, std::int64_t end_dim) const {
    return tape::flatten(*this, start_dim, end_dim);
}
inline tensor tensor::unsqueeze(std::int64_t dim) const { return tape::unsqueeze(*this, dim); }
inline tensor tensor::squeeze() const { return tape::squeeze(*this); }
inline tensor tensor::squeeze(std::int64_t dim) const { return tape::squeeze(*this, dim); }

}  // namespace etgrad::tape
