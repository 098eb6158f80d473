// SPDX-License-Identifier: MIT
// How the static layer reads a bound array and makes its gradient: contiguous row-major data (and
// a std::vector or std::span) is read in place; anything else (a strided view, a lazy xtensor expression) is evaluated once.
#pragma once
#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xexpression_traits.hpp>
#include <xtensor/xfixed.hpp>
#include <xtensor/xshape.hpp>
#include <xtensor/xtensor.hpp>

#include <etgrad/expr/binding.hpp>
#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/shape.hpp>

namespace etgrad::detail {

template <class V>
struct element_of {
    using type = typename V::value_type;
};
template <class V>
    requires bindable_number<V>
struct element_of<V> {
    using type = V;
};
template <class V>
using element_t = typename element_of<V>::type;

// The shape of a fixed-size container, known at compile time (rank 0 for numbers).
template <class V>
struct static_shape {
    static constexpr bool known = false;
};
template <class V>
    requires bindable_number<V>
struct static_shape<V> {
    static constexpr bool known = true;
    static constexpr shape_t value{};
};
template <class T, std::size_t N>
struct static_shape<std::array<T, N>> {
    static constexpr bool known = true;
    static constexpr shape_t value{1, {N}};
};
template <class T, std::size_t... N, xt::layout_type L, bool SH, class Tag>
struct static_shape<xt::xfixed_container<T, xt::fixed_shape<N...>, L, SH, Tag>> {
    static constexpr bool known = true;
    static constexpr shape_t value{sizeof...(N), {N...}};
};

// The rank of a bound value when its type fixes it (numbers, std::array, xtensor's xtensor and
// xfixed containers), -1 when only the value knows it (xarray).
template <class V>
constexpr std::ptrdiff_t static_rank() {
    if constexpr (static_shape<V>::known)
        return static_cast<std::ptrdiff_t>(static_shape<V>::value.rank);
    else if constexpr (bindable_range<V>)
        return 1;
    else
        return xt::static_dimension<typename V::shape_type>::value;
}

// An element loop: std::equal would call memcmp for a rank-1 shape.
template <class A, class B>
constexpr bool same_shape(const A& a, const B& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t d = 0; d < a.size(); ++d)
        if (static_cast<std::size_t>(a[d]) != static_cast<std::size_t>(b[d])) return false;
    return true;
}

template <class V>
bool is_contiguous_row_major(const V& v) {
    std::size_t stride = 1;
    for (std::size_t k = v.dimension(); k-- > 0;) {
        if (v.shape()[k] != 1 && static_cast<std::size_t>(v.strides()[k]) != stride) return false;
        stride *= v.shape()[k];
    }
    return true;
}

// Containers whose type alone says their elements are contiguous and row-major: xtensor's
// row-major containers (they refuse custom strides), std::array and contiguous ranges.
template <class V>
struct contiguous_by_type : std::bool_constant<is_std_array<V>::value || bindable_range<V>> {};
template <class EC, std::size_t N, xt::layout_type L, class Tag>
struct contiguous_by_type<xt::xtensor_container<EC, N, L, Tag>> : std::bool_constant<L == xt::layout_type::row_major> {};
template <class EC, xt::layout_type L, class SC, class Tag>
struct contiguous_by_type<xt::xarray_container<EC, L, SC, Tag>> : std::bool_constant<L == xt::layout_type::row_major> {};
template <class ET, class S, xt::layout_type L, bool SH, class Tag>
struct contiguous_by_type<xt::xfixed_container<ET, S, L, SH, Tag>> : std::bool_constant<L == xt::layout_type::row_major> {};

// Writes the shape of a bound array where an evaluation keeps it (set_shape), in place: made in
// the array's source and copied from there, g++ copied it with 16-byte loads of what 8-byte stores
// had just written, which the processor cannot forward from the stores, and every call waited
// (bench P1 at n = 3: 18.5 ns per call with the copy, 7.5 ns without). A fixed rank is built in
// registers (make_shape), a run-time rank element by element (assign_shape).
template <class V>
ETGRAD_ALWAYS_INLINE void assign_bound_shape(shape_t& s, const V& v) {
    if constexpr (is_std_array<V>::value)
        s = static_shape<V>::value;
    else if constexpr (bindable_range<V>)
        s = shape_t{1, {std::size(v)}};
    else if constexpr (static_rank<V>() < 0)
        assign_shape(s, v.shape());
    else
        s = make_shape(v.shape());
}

// A read-only view of a bound array's elements in row-major order. Only a value that may be
// strided or lazy can need a copy; for the others the source is a pointer, set inline (a call on
// three elements takes about a hundred instructions in all).
template <class V>
struct array_source {
    using element = element_t<V>;
    static constexpr bool may_copy = !contiguous_by_type<V>::value;
    const element* data = nullptr;
    [[no_unique_address]] std::conditional_t<may_copy, std::optional<xt::xarray<element>>, std::monostate> copy;

    ETGRAD_ALWAYS_INLINE explicit array_source(const V& v) {
        if constexpr (!may_copy) {
            data = std::data(v);
        } else {
            if constexpr (requires { v.data(); v.data_offset(); v.strides(); }) {
                if (is_contiguous_row_major(v)) {
                    data = v.data() + v.data_offset();
                    return;
                }
            }
            copy.emplace(v);
            data = copy->data();
        }
    }
    array_source(const array_source&) = delete;
    array_source& operator=(const array_source&) = delete;
};

// The gradient of a bound value has its shape and value type.
template <class V>
struct gradient_type {
    using type = std::conditional_t<std::is_floating_point_v<V>, V, double>;
};
template <class T, std::size_t N>
struct gradient_type<std::array<T, N>> {
    using type = std::array<T, N>;
};
template <class V>
    requires xt::is_xexpression<V>::value
struct gradient_type<V> {
    using type = xt::temporary_type_t<V>;
};
// A contiguous range's gradient is a std::vector (a std::span cannot own its elements).
template <class V>
    requires bindable_range<V>
struct gradient_type<V> {
    using type = std::vector<typename gradient_type<typename V::value_type>::type>;
};
template <class V>
using gradient_t = typename gradient_type<V>::type;

// Gives the gradient g of a bound value v its shape (no allocation when it has it); the
// evaluation writes every element. Inline: comparing an xt::xarray's shape in a call of its own
// was a fifth of the instructions of an evaluation on three elements.
template <class V>
ETGRAD_ALWAYS_INLINE void reshape_gradient(gradient_t<V>& g, const V& v) {
    if constexpr (xt::is_xexpression<V>::value) {
        if (!detail::same_shape(g.shape(), v.shape())) g.resize(v.shape());
    } else if constexpr (bindable_range<V>) {
        g.resize(std::size(v));
    }
}

// Storage for the gradient of v, of its shape.
template <class V>
constexpr gradient_t<V> gradient_like(const V& v) {
    gradient_t<V> g{};
    if constexpr (!bindable_number<V> && !is_std_array<V>::value) reshape_gradient(g, v);
    return g;
}

}  // namespace etgrad::detail
