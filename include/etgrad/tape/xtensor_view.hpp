// SPDX-License-Identifier: MIT
// Zero-copy views between eg::tensor and xtensor:
//
//   eg::tensor t = eg::from_xtensor(a);   // a: an xtensor container (or strided view), not copied
//   auto v = eg::as_xtensor<double>(t);   // an xt::xarray_adaptor over t's elements
//   auto w = eg::as_xtensor<double, 2>(t);  // an xt::xtensor_adaptor (fixed rank 2)
//
// Both alias the same memory: a write through one is seen by the other. Neither keeps the memory
// alive, as torch::from_blob: the container must outlive (and not reallocate under) every tensor
// made from it, its views and any graph that saved it; the tensor's storage must outlive the
// xtensor adaptor (keep a tensor handle while the adaptor is used). Writes through the xtensor
// side are not in-place tensor operations: they do not bump the tensor's version counter, so
// autograd cannot notice that a value saved for backward changed (PyTorch's .data has the same
// blind spot).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xadapt.hpp>

#include <etgrad/tape/factories.hpp>

namespace etgrad::tape {

namespace detail {

template <class T>
inline constexpr bool is_tensor_element = std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>;

// What from_xtensor reads of a container: its elements' memory, shape and strides.
template <class C>
concept strided_xtensor = requires(C& c) {
    { c.data() + c.data_offset() };
    { c.shape() };
    { c.strides() };
};

// The xtensor view of `t`, with shape and strides in the containers given (sized to t's rank).
template <class T, class Shape, class Strides>
auto adapt_strided(const tensor& t, Shape shape, Strides strides) {
    T* const data = t.data_ptr<T>();  // PyTorch's error for another element type
    const tensor_impl& impl = *t.impl();
    for (std::size_t d = 0; d < impl.dim(); ++d) {
        shape[d] = impl.sizes().dims[d];
        // xtensor broadcasts a dimension of one by its zero stride
        strides[d] = shape[d] == 1 ? 0 : static_cast<std::ptrdiff_t>(impl.strides()[d]);
    }
    // The buffer's size is the element count, which xtensor requires (it reads the buffer linearly
    // only when the strides say contiguous); the pointer is passed as a temporary because xt::adapt
    // keeps a reference to an lvalue one.
    return xt::adapt(static_cast<T*>(data), impl.numel(), xt::no_ownership(), shape, strides);
}

}  // namespace detail

/// A tensor over the elements of an xtensor container (xt::xarray, xt::xtensor, an adaptor, or a
/// strided view that has data()), with its shape and strides, without copying; its dtype follows
/// the value_type. The container must outlive the tensor, its views and any graph that saved it;
/// writes through the container do not bump the tensor's version counter.
template <class C>
tensor from_xtensor(C&& container) {
    using container_type = std::remove_reference_t<C>;
    static_assert(std::is_lvalue_reference_v<C>,
                  "eg::from_xtensor(container): the container must be an lvalue; the tensor would outlive a temporary");
    static_assert(!std::is_const_v<container_type>,
                  "eg::from_xtensor(container): the container must not be const; the tensor can write to its elements");
    static_assert(detail::strided_xtensor<container_type>,
                  "eg::from_xtensor(container): the container must be an xtensor container or strided view (data(), "
                  "data_offset(), shape(), strides())");
    using value_type = typename container_type::value_type;
    static_assert(detail::is_tensor_element<value_type>,
                  "eg::from_xtensor(container): the container's value_type must be float, double or std::int64_t");
    const auto& shape = container.shape();
    const auto& strides = container.strides();
    std::array<std::int64_t, max_rank> sizes{};
    std::array<std::int64_t, max_rank> element_strides{};
    const std::size_t rank = shape.size();
    if (rank > max_rank) make_shape(shape);  // throws the rank error
    for (std::size_t d = 0; d < rank; ++d) {
        sizes[d] = static_cast<std::int64_t>(shape[d]);
        element_strides[d] = static_cast<std::int64_t>(strides[d]);
    }
    return from_blob(container.data() + container.data_offset(), std::span(sizes.data(), rank),
                     std::span(element_strides.data(), rank), dtype_of<value_type>);
}

/// An xt::xarray_adaptor over the tensor's elements (its shape and strides), without copying. T
/// must be the tensor's element type: "expected scalar type Float but found Double" otherwise.
template <class T>
auto as_xtensor(const tensor& t) {
    static_assert(detail::is_tensor_element<T>, "eg::as_xtensor<T>(tensor): T must be float, double or std::int64_t");
    return detail::adapt_strided<T>(t, std::vector<std::size_t>(t.impl()->dim()),
                                    std::vector<std::ptrdiff_t>(t.impl()->dim()));
}

/// An xt::xtensor_adaptor of rank N over the tensor's elements; the tensor must have N dimensions.
template <class T, std::size_t N>
auto as_xtensor(const tensor& t) {
    static_assert(detail::is_tensor_element<T>, "eg::as_xtensor<T, N>(tensor): T must be float, double or std::int64_t");
    if (t.impl()->dim() != N)
        throw std::invalid_argument("as_xtensor: expected a tensor of " + std::to_string(N) + " dimensions but got " +
                                    std::to_string(t.impl()->dim()));
    return detail::adapt_strided<T>(t, std::array<std::size_t, N>{}, std::array<std::ptrdiff_t, N>{});
}

}  // namespace etgrad::tape

namespace etgrad {
using tape::as_xtensor;
using tape::from_xtensor;
}  // namespace etgrad
