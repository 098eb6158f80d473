// SPDX-License-Identifier: MIT
// Pointers of one type each, read with std::get<I>: a std::array when they all have one type (the
// usual case: every leaf a double array), a std::tuple otherwise.
#pragma once
#include <array>
#include <tuple>
#include <type_traits>

namespace etgrad::detail {

// An array's std::get is one small function per index; a tuple's is four (std::get, __get_helper
// and the _M_head of _Tuple_impl and _Head_base), after a class and its constructors per element,
// and array_state::gradient_out has an entry per node of the graph. bench/impl_static.cpp at -O0:
// 6,968 functions with tuples, 6,610 with arrays.
template <class... X>
struct pointer_table {
    using type = std::tuple<X...>;
};
template <class X, class... Y>
    requires(std::is_same_v<X, Y> && ...)
struct pointer_table<X, Y...> {
    using type = std::array<X, 1 + sizeof...(Y)>;
};
template <class... X>
using pointer_table_t = typename pointer_table<X...>::type;

}  // namespace etgrad::detail
