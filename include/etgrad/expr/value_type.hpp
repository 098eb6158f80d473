// SPDX-License-Identifier: MIT
// The computation type of an evaluation: the common type of the elements bound to the
// placeholders of its graph (integers count as double; double when there is no placeholder).
#pragma once
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/binding_index.hpp>
#include <etgrad/expr/graph.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad::detail {

template <class T>
using promoted_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

template <class Bindings, std::size_t B>
struct bound_element {
    using type = promoted_t<element_t<bound_type_t<std::tuple_element_t<B, Bindings>>>>;
};
template <class Bindings>
struct bound_element<Bindings, npos> {
    using type = float;  // unbound: reported by require_binding_for_placeholder
};
template <class Slot, class Bindings>
struct slot_element {
    using type = float;  // neutral in std::common_type with float and double
    static constexpr bool is_placeholder = false;
};
template <fixed_string Name, class Path, class Bindings>
struct slot_element<slot<placeholder<Name>, Path>, Bindings> {
    static constexpr std::size_t b = binding_index<Name, Bindings>::value;
    using type = typename bound_element<Bindings, b>::type;
    static constexpr bool is_placeholder = true;
};
template <class Graph, class Bindings>
struct value_type_of;
template <class... S, class Bindings>
struct value_type_of<type_list<S...>, Bindings> {
    // Flags in a list, not a fold or std::common_type over the nodes: graphs of hundreds of nodes
    // (long eg::let chains) exceed clang's fold depth (256) and g++'s instantiation depth.
    template <class T>
    static constexpr bool has = any_true({std::is_same_v<typename slot_element<S, Bindings>::type, T>...});
    static constexpr bool has_placeholder = any_true({slot_element<S, Bindings>::is_placeholder...});
    using type = std::conditional_t<!has_placeholder, double,
                                    std::conditional_t<has<long double>, long double,
                                                       std::conditional_t<has<double>, double, float>>>;
};

}  // namespace etgrad::detail
