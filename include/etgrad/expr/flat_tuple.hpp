// SPDX-License-Identifier: MIT
// A tuple whose elements are the bases of one aggregate, each found by its index: the ops of a
// loop's cone, in cone order.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

namespace etgrad::detail {

// std::tuple nests a _Tuple_impl per element, each with its constructors, and std::get reads
// through four functions: the sixty-op loops of bench P7v took about 280 functions of tuple
// machinery. Here the elements are sibling bases, and flat_get is one function per element read
// (bench/impl_static.cpp at -O0: 6,610 functions with std::tuple, 6,145 with flat_tuple).
template <std::size_t I, class X>
struct tuple_leaf {
    [[no_unique_address]] X value;
};
template <class Indices, class... X>
struct flat_tuple_of;
template <std::size_t... I, class... X>
struct flat_tuple_of<std::index_sequence<I...>, X...> : tuple_leaf<I, X>... {
    static constexpr std::size_t size = sizeof...(X);
};
// Built as flat_tuple<X...>{{x}...}.
template <class... X>
using flat_tuple = flat_tuple_of<std::index_sequence_for<X...>, X...>;

template <std::size_t I, class X>
constexpr const X& flat_get(const tuple_leaf<I, X>& leaf) {
    return leaf.value;
}
template <std::size_t I, class Tuple>
using flat_element_t = std::remove_cvref_t<decltype(flat_get<I>(std::declval<const Tuple&>()))>;

}  // namespace etgrad::detail
