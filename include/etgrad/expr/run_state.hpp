// SPDX-License-Identifier: MIT
// What one evaluation over arrays keeps at run time: the bound arrays' data, the shapes that are
// not known at compile time, stored arrays' values and adjoints (Note [Materialised nodes]), and
// where gradients go.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/leaf_types.hpp>
#include <etgrad/expr/loop_facts.hpp>
#include <etgrad/expr/pointer_table.hpp>
#include <etgrad/expr/shape_sources.hpp>
#include <etgrad/kernel/scratch.hpp>
#include <etgrad/kernel/shape.hpp>

namespace etgrad::detail {

// The per-binding state of a loop-free evaluation: nothing.
template <class V>
struct number_source {
    constexpr explicit number_source(const V&) {}
};
template <class V>
using source_for = std::conditional_t<bindable_number<V>, number_source<V>, array_source<V>>;

template <class Bindings>
struct sources_of;
template <class... B>
struct sources_of<std::tuple<B...>> {
    using type = std::tuple<source_for<bound_type_t<B>>...>;
};

template <class P, class Bindings>
struct array_state {
    using T = typename P::value_type;
    using gradient_pointers = decltype([]<std::size_t... J>(std::index_sequence<J...>) {
        return pointer_table_t<typename leaf_types<P, J>::gradient*...>{};
    }(std::make_index_sequence<P::size>{}));

    // A table with an entry per node, empty when no node of the graph uses it (nothing to zero
    // per call, where a call on three elements takes about a hundred instructions in all).
    template <class X, bool Used>
    using per_node = std::array<X, Used ? P::size : 0>;
    static constexpr bool has_positions = []() consteval {
        for (node_kind k : P::kinds)
            if (k == node_kind::slice || k == node_kind::element) return true;
        return false;
    }();
    using facts = loop_facts<P>;

    typename sources_of<Bindings>::type sources;
    std::array<shape_t, shape_sources<P>::count> shapes;  // see shape_sources
    per_node<T*, facts::has_stored> stored_values{};    // of stored arrays (loop_facts::stored)
    per_node<T*, facts::has_stored> stored_adjoints{};  // and their adjoints
    gradient_pointers gradient_out{};                    // placeholders: their gradient's data
    per_node<std::size_t, has_positions> offsets{};  // slices and elements: where in their placeholder
    // Note [Slices written apart]: the first earlier slice equal to each slice (itself if none),
    // and the working memory where a slice that writes apart accumulates its part of the gradient.
    per_node<std::size_t, facts::has_later_slices> slice_home{};
    per_node<T*, facts::has_later_slices> slice_gradients{};
    [[no_unique_address]] std::conditional_t<facts::uses_scratch, kernel::scratch<T>, std::monostate> memory;

    explicit array_state(const Bindings& b)
        : sources(std::apply([](const auto&... each) { return typename sources_of<Bindings>::type(each.value...); }, b)) {}
};
// A scalar evaluation keeps nothing.
struct no_array_state {
    template <class Bindings>
    constexpr explicit no_array_state(const Bindings&) {}
};

}  // namespace etgrad::detail
