// SPDX-License-Identifier: MIT
// Making tensors: from nested lists, ones/zeros/full/empty/arange, random ones with a seedable
// generator, and over memory the caller owns (from_blob).
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <etgrad/tape/tensor_methods.hpp>

namespace etgrad::tape {

inline constexpr tensor_options requires_grad(bool enabled = true) { return tensor_options{}.requires_grad(enabled); }

namespace detail {

inline shape_t shape_of(std::span<const std::int64_t> sizes) {
    for (const std::int64_t size : sizes)
        if (size < 0)
            throw std::runtime_error("Trying to create tensor with negative dimension " + std::to_string(size) + ": " +
                                     sizes_text(sizes));
    return make_shape(sizes);
}

template <class T>
dtype default_type() {
    return std::is_floating_point_v<T> ? dtype::float32 : std::is_same_v<T, bool> ? dtype::bool_ : dtype::int64;
}

// A new tensor of the options' type (or `fallback`), filled by fill(T* data, n).
template <class Fill>
tensor make_filled(const shape_t& sizes, const tensor_options& options, dtype fallback, Fill fill) {
    tensor out = empty_tensor(sizes, options.dtype().value_or(fallback));
    visit_with_bool(out.dtype(), [&]<class T>(std::type_identity<T>) { fill(out.impl()->data<T>(), sizes.size()); });
    if (options.requires_grad()) out.requires_grad_(true);
    return out;
}

template <class T>
tensor from_values(const shape_t& sizes, const std::vector<T>& values, const tensor_options& options) {
    return make_filled(sizes, options, default_type<T>(), [&]<class E>(E* data, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<E>(values[i]);
    });
}

// The elements of a nested list in order, and its shape; ragged lists are an error.
template <class List, class T>
void flatten(const List& list, std::vector<T>& out, shape_t& sizes, std::size_t depth) {
    if (sizes.rank <= depth) {
        sizes.rank = depth + 1;
        sizes.dims[depth] = list.size();
    } else if (sizes.dims[depth] != list.size()) {
        throw std::invalid_argument("expected sequence of length " + std::to_string(sizes.dims[depth]) + " at dim " +
                                    std::to_string(depth) + " (got " + std::to_string(list.size()) + ")");
    }
    if constexpr (std::is_arithmetic_v<typename List::value_type>)
        out.insert(out.end(), list.begin(), list.end());
    else
        for (const auto& inner : list) flatten(inner, out, sizes, depth + 1);
}

inline std::mt19937_64& generator() {
    static std::mt19937_64 engine{0x5eed};
    return engine;
}
inline std::mutex& generator_mutex() {
    static std::mutex m;
    return m;
}

template <class Distribution>
tensor random(std::span<const std::int64_t> sizes, const tensor_options& options, Distribution distribution) {
    const dtype type = options.dtype().value_or(dtype::float32);
    if (!is_floating_point(type)) throw std::runtime_error("random tensors are floating point: ask for float32 or float64");
    std::lock_guard lock(generator_mutex());
    return make_filled(shape_of(sizes), options, type, [&](auto* data, std::size_t n) {
        using E = std::remove_pointer_t<decltype(data)>;
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<E>(distribution(generator()));
    });
}

}  // namespace detail

template <class T>
    requires std::is_arithmetic_v<T>
tensor::tensor(std::initializer_list<T> values, tensor_options options) {
    std::vector<T> flat;
    shape_t sizes;
    detail::flatten(values, flat, sizes, 0);
    *this = detail::from_values(sizes, flat, options);
}
template <class T>
    requires std::is_arithmetic_v<T>
tensor::tensor(std::initializer_list<std::initializer_list<T>> values, tensor_options options) {
    std::vector<T> flat;
    shape_t sizes;
    detail::flatten(values, flat, sizes, 0);
    *this = detail::from_values(sizes, flat, options);
}
template <class T>
    requires std::is_arithmetic_v<T>
tensor::tensor(std::initializer_list<std::initializer_list<std::initializer_list<T>>> values, tensor_options options) {
    std::vector<T> flat;
    shape_t sizes;
    detail::flatten(values, flat, sizes, 0);
    *this = detail::from_values(sizes, flat, options);
}
template <class T>
    requires std::is_arithmetic_v<T>
tensor::tensor(T value, tensor_options options) {
    *this = detail::from_values(shape_t{}, std::vector<T>{value}, options);
}

inline tensor full(std::span<const std::int64_t> sizes, double value, tensor_options options = {}) {
    return detail::make_filled(detail::shape_of(sizes), options, dtype::float32, [&]<class E>(E* data, std::size_t n) {
        std::fill_n(data, n, static_cast<E>(value));
    });
}
inline tensor full(std::initializer_list<std::int64_t> sizes, double value, tensor_options options = {}) {
    return full(std::span(sizes.begin(), sizes.size()), value, options);
}
inline tensor ones(std::span<const std::int64_t> sizes, tensor_options options = {}) { return full(sizes, 1.0, options); }
inline tensor ones(std::initializer_list<std::int64_t> sizes, tensor_options options = {}) { return full(sizes, 1.0, options); }
inline tensor zeros(std::span<const std::int64_t> sizes, tensor_options options = {}) { return full(sizes, 0.0, options); }
inline tensor zeros(std::initializer_list<std::int64_t> sizes, tensor_options options = {}) { return full(sizes, 0.0, options); }
// Uninitialised memory, as torch.empty.
inline tensor empty(std::initializer_list<std::int64_t> sizes, tensor_options options = {}) {
    return detail::make_filled(detail::shape_of(std::span(sizes.begin(), sizes.size())), options, dtype::float32,
                               [](auto*, std::size_t) {});
}
inline tensor ones_like(const tensor& t, tensor_options options = {}) {
    return full(t.sizes(), 1.0, options.dtype() ? options : options.dtype(t.dtype()));
}
inline tensor zeros_like(const tensor& t, tensor_options options = {}) {
    return full(t.sizes(), 0.0, options.dtype() ? options : options.dtype(t.dtype()));
}

// start, start + step, ... below end: int64 when all three are integers, else float32.
template <class T>
    requires std::is_arithmetic_v<T>
tensor arange(T start, T end, T step = T(1), tensor_options options = {}) {
    if (step == T(0)) throw std::runtime_error("step must be nonzero");
    if (step > T(0) ? end < start : end > start)
        throw std::runtime_error("upper bound and larger bound inconsistent with step sign");
    const double count = std::ceil((static_cast<double>(end) - static_cast<double>(start)) / static_cast<double>(step));
    const auto n = static_cast<std::int64_t>(count > 0 ? count : 0);
    const std::int64_t sizes[] = {n};
    return detail::make_filled(detail::shape_of(sizes), options, detail::default_type<T>(), [&]<class E>(E* data, std::size_t m) {
        for (std::size_t i = 0; i < m; ++i) data[i] = static_cast<E>(static_cast<double>(start) + static_cast<double>(i) * static_cast<double>(step));
    });
}
template <class T>
    requires std::is_arithmetic_v<T>
tensor arange(T end, tensor_options options = {}) {
    return arange(T(0), end, T(1), options);
}

// A tensor over `data`, which stays the caller's, as torch::from_blob without a deleter: nothing
// is copied, writes through either side are seen by the other, and the caller keeps the memory
// alive (and unmoved) as long as any tensor, view, detached copy or gradient graph uses it.
// `strides` are in elements, non-negative; the type is the options' dtype, float32 by default.
inline tensor from_blob(void* data, std::span<const std::int64_t> sizes, std::span<const std::int64_t> strides,
                        tensor_options options = {}) {
    if (sizes.size() != strides.size()) throw std::invalid_argument("mismatch in length of strides and shape");
    const shape_t shape = detail::shape_of(sizes);
    strides_t element_strides{};
    std::size_t extent = shape.size() == 0 ? 0 : 1;  // elements from the first to the last one addressed
    for (std::size_t d = 0; d < shape.rank; ++d) {
        if (strides[d] < 0)
            throw std::invalid_argument("from_blob: negative strides are not supported (stride " + std::to_string(strides[d]) +
                                        " at dim " + std::to_string(d) + ")");
        element_strides[d] = static_cast<std::size_t>(strides[d]);
        if (shape.size() != 0) extent += (shape.dims[d] - 1) * element_strides[d];
    }
    const dtype type = options.dtype().value_or(dtype::float32);
    auto memory = make_pooled<storage>(storage::borrowed, static_cast<std::byte*>(data), extent * element_size(type));
    tensor out(make_pooled<tensor_impl>(std::move(memory), 0, shape, element_strides, type));
    if (options.requires_grad()) out.requires_grad_(true);
    return out;
}
// Contiguous (row-major) memory.
inline tensor from_blob(void* data, std::span<const std::int64_t> sizes, tensor_options options = {}) {
    const strides_t strides = tensor_impl::contiguous_strides(detail::shape_of(sizes));
    std::array<std::int64_t, max_rank> element_strides{};
    std::copy_n(strides.begin(), sizes.size(), element_strides.begin());
    return from_blob(data, sizes, std::span(element_strides.data(), sizes.size()), options);
}

// Seeds the generator behind rand and randn: the same seed gives the same tensors.
inline void manual_seed(std::uint64_t seed) {
    std::lock_guard lock(detail::generator_mutex());
    detail::generator().seed(seed);
}
// Uniform on [0, 1).
inline tensor rand(std::initializer_list<std::int64_t> sizes, tensor_options options = {}) {
    return detail::random(std::span(sizes.begin(), sizes.size()), options, std::uniform_real_distribution<double>(0.0, 1.0));
}
// Standard normal.
inline tensor randn(std::initializer_list<std::int64_t> sizes, tensor_options options = {}) {
    return detail::random(std::span(sizes.begin(), sizes.size()), options, std::normal_distribution<double>(0.0, 1.0));
}

}  // namespace etgrad::tape
