// SPDX-License-Identifier: MIT
// Slicing along one axis, as a view: slice(dim, start, end, step) (Python's x[start:end:step]) and
// narrow(dim, start, length). The backward places the gradient into zeros of the input's shape.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <etgrad/kernel/python_index.hpp>
#include <etgrad/tape/view_history.hpp>

namespace etgrad::tape {

namespace detail {

// `length` elements along axis `dim` from `start` on, every `step`-th, as a view.
inline tensor slice(const tensor& value, std::size_t dim, std::size_t start, std::size_t length, std::size_t step) {
    const tensor_impl& v = *value.impl();
    shape_t sizes = v.sizes();
    sizes.dims[dim] = length;
    strides_t strides = v.strides();
    strides[dim] *= step;
    tensor out = view_alias(value, v.offset() + start * v.strides()[dim], sizes, strides);
    if (records(value))
        set_history(out, make_pooled<read_region_node>(slice_view, gradient_edge(value),
                                                       sliced_region(v.sizes(), dim, start, length, step)));
    return out;
}

}  // namespace detail

// Python's value[start:end:step] along axis `dim`: negative bounds count from the end, bounds
// outside the axis are clamped.
inline tensor slice(const tensor& value, std::int64_t dim = 0, std::optional<std::int64_t> start = {},
                    std::optional<std::int64_t> end = {}, std::int64_t step = 1) {
    if (value.dim() == 0) throw std::out_of_range("slice() cannot be applied to a 0-dim tensor.");
    if (step <= 0) throw std::invalid_argument("step must be greater than zero");
    const std::size_t axis = wrap_dim(dim, value.impl()->dim());
    const auto size = static_cast<std::int64_t>(value.impl()->sizes().dims[axis]);
    const axis_range r = python_slice(size, start.value_or(0), end.value_or(size));
    return detail::slice(value, axis, r.start, (r.length + static_cast<std::size_t>(step) - 1) / static_cast<std::size_t>(step),
                         static_cast<std::size_t>(step));
}

// `length` elements along axis `dim` from `start` on (a negative start counts from the end).
inline tensor narrow(const tensor& value, std::int64_t dim, std::int64_t start, std::int64_t length) {
    if (value.dim() == 0) throw std::out_of_range("narrow() cannot be applied to a 0-dim tensor.");
    const std::size_t axis = wrap_dim(dim, value.impl()->dim());
    const auto size = static_cast<std::int64_t>(value.impl()->sizes().dims[axis]);
    if (start < -size || start >= size) throw_dim_out_of_range(start, size);  // PyTorch 1.13 words it so
    if (start < 0) start += size;
    if (length < 0 || start + length > size)
        throw std::out_of_range("start (" + std::to_string(start) + ") + length (" + std::to_string(length) +
                                ") exceeds dimension size (" + std::to_string(size) + ").");
    return detail::slice(value, axis, static_cast<std::size_t>(start), static_cast<std::size_t>(length), 1);
}

inline tensor tensor::slice(std::int64_t dim, std::optional<std::int64_t> start, std::optional<std::int64_t> end,
                            std::int64_t step) const {
    return tape::slice(*this, dim, start, end, step);
}
inline tensor tensor::narrow(std::int64_t dim, std::int64_t start, std::int64_t length) const {
    return tape::narrow(*this, dim, start, length);
}

}  // namespace etgrad::tape
