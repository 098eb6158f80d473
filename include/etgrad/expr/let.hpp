// SPDX-License-Identifier: MIT
// eg::let<Name>(definition, body): names an intermediate. `body` is called once, at build time,
// with `letvar<Name>`, an empty expression standing for the definition; the result holds the
// definition and the body, not the callable. Where `e = e * e + e` nests e three times per step,
// `let<K>(e * e + e, ...)` mentions the definition once, so the type grows linearly with the
// number of steps. The graph (expr/graph.hpp) sees through lets: a letvar is its definition.
#pragma once
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/expression.hpp>
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

/// The name bound by an eg::let: an empty expression that stands for the let's definition.
/// The name is any structural value (a string as `let<"a">`, an int, a tag). Names are unique in
/// one expression, and a letvar is only valid inside its let's body.
template <auto Name>
struct letvar {
    /// The let's name.
    static constexpr auto name = Name;
};

/// @cond INTERNAL
template <auto Name, class Def, class Body>
struct let_expr {
    [[no_unique_address]] held<Def> definition;
    [[no_unique_address]] held<Body> body;
};

/// @endcond

template <auto Name>
struct is_expression<letvar<Name>> : std::true_type {};
template <auto Name, class Def, class Body>
struct is_expression<let_expr<Name, Def, Body>> : std::true_type {};

template <auto Name>
struct is_stateless<letvar<Name>> : std::true_type {};
template <auto Name, class Def, class Body>
struct is_stateless<let_expr<Name, Def, Body>>
    : std::bool_constant<is_stateless<Def>::value && is_stateless<Body>::value> {};

// For tree paths only (expr/graph.hpp `follow`): 0 is the definition, 1 the body. A let is
// never a node of the graph.
template <auto Name, class Def, class Body>
struct children<let_expr<Name, Def, Body>>
    : two_children<let_expr<Name, Def, Body>, &let_expr<Name, Def, Body>::definition, &let_expr<Name, Def, Body>::body> {};

namespace detail {

template <class T>
struct is_let : std::false_type {};
template <auto Name, class Def, class Body>
struct is_let<let_expr<Name, Def, Body>> : std::true_type {};

template <class T>
struct is_letvar : std::false_type {};
template <auto Name>
struct is_letvar<letvar<Name>> : std::true_type {};

template <class T>
struct is_placeholder_node : std::false_type {};
template <fixed_string Name>
struct is_placeholder_node<placeholder<Name>> : std::true_type {};

// A letvar or a placeholder: what eg::let substitutes instead of naming it.
template <class T>
inline constexpr bool is_leaf_name = is_letvar<T>::value || is_placeholder_node<T>::value;

// The let of a definition and a built body, called with the body's result, not from inside the
// call of the body: a let nested in a body (a recurrence written as recursion) then costs three
// levels of template instantiation per step. A body that is a bare letvar or placeholder is
// returned as it is (the definition itself if it is this let's name), so that the root of every
// let's body, and of every definition, is a node of the graph (expr/graph.hpp `key_of`).
template <auto Name, class Def, class Body>
constexpr auto make_let(const Def& definition, const Body& body) {
    static_assert(expression<Def> || bindable_number<Def>,
                  "etgrad::let<name>(definition, body): the definition must be an expression or a number");
    static_assert(expression<Body>, "etgrad::let<name>(definition, body): body must return an expression");
    if constexpr (std::is_same_v<Body, letvar<Name>>) {
        return as_expression(definition);
    } else if constexpr (is_leaf_name<Body>) {
        return body;
    } else {
        using def_t = decltype(as_expression(definition));
        return let_expr<Name, def_t, Body>{as_expression(definition), body};
    }
}

// A definition that is itself a letvar or a placeholder is given to the body as it is.
template <auto Name, class D, class F>
constexpr auto let_of(const D& definition, F& body) {
    if constexpr (is_leaf_name<D>)
        return body(definition);
    else
        return make_let<Name>(definition, body(letvar<Name>{}));
}

template <class T>
struct is_fixed_string : std::false_type {};
template <std::size_t N>
struct is_fixed_string<fixed_string<N>> : std::true_type {};

}  // namespace detail

/// Names an intermediate: `body` is called once, while the expression is built, with
/// letvar<Name> standing for `definition`, and the result is the expression `body` returns with
/// the definition in place of the letvar, named once in its type.
///
/// `eg::let<"a">(x * y, [](auto a) { return a * a + a; })` is `(x * y) * (x * y) + (x * y)`. Use it
/// for a repeated step that uses its input more than once (a recurrence), so that the type, the
/// compile time and the debug information grow linearly with the steps (docs/static-layer.md).
/// Values, gradients, eg::d and gradcheck are those of the expression written out.
///
/// @param definition an expression or a number.
/// @param body a callable taking the letvar and returning an expression.
template <fixed_string Name, class D, class F>
constexpr auto let(const D& definition, F&& body) {
    return detail::let_of<Name>(definition, body);
}
/// eg::let with a name that is not a string (an int, a tag).
template <auto Name, class D, class F>
    requires(!detail::is_fixed_string<decltype(Name)>::value)
constexpr auto let(const D& definition, F&& body) {
    return detail::let_of<Name>(definition, body);
}

}  // namespace etgrad
