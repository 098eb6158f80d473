// SPDX-License-Identifier: MIT
// eg::d(f, x): the derivative of f with respect to x as a new expression, so that it can be
// evaluated, differentiated again, or checked in a static_assert. It is built by forward
// propagation of tangents through the same op rules the evaluator uses (a rule's
// `grad(a, out, adj)` is adj * d(out)/d(a), and with adj = da/dx that is d(out)/dx). Zero and one
// tangents are types, so terms that vanish are dropped and unit factors folded at compile time.
// The tangent is built over the tree, not the graph: heavily shared expressions give large
// derivatives (use grad for those, or name the shared parts with eg::let).
#pragma once
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/graph.hpp>
#include <etgrad/expr/let.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/slice.hpp>

namespace etgrad {

namespace detail {

struct zero_tangent {};
struct one_tangent {
    // A rule that passes its adjoint through a function (eg::where's branches) gets the constant 1.
    explicit constexpr operator double() const { return 1.0; }
};

// one * e, e * one, one / e, -one: all the ways the op rules use an adjoint.
template <class E>
constexpr const E& operator*(one_tangent, const E& e) {
    return e;
}
template <class E>
    requires(!std::is_same_v<E, one_tangent>)
constexpr const E& operator*(const E& e, one_tangent) {
    return e;
}
template <class E>
constexpr auto operator/(one_tangent, const E& e) {
    return make_binary(ops::div_op{}, constant<double>{1.0}, e);
}
constexpr auto operator-(one_tangent) {
    return constant<double>{-1.0};
}

template <class T>
constexpr auto as_tangent_expression(const T& t) {
    if constexpr (std::is_same_v<T, one_tangent>)
        return constant<double>{1.0};
    else if constexpr (std::is_same_v<T, zero_tangent>)
        return constant<double>{0.0};
    else
        return t;
}

template <class A, class B>
constexpr auto add_tangents(const A& a, const B& b) {
    if constexpr (std::is_same_v<A, zero_tangent>)
        return b;
    else if constexpr (std::is_same_v<B, zero_tangent>)
        return a;
    else
        return as_tangent_expression(a) + as_tangent_expression(b);
}

// Through a let (expr/let.hpp): d(let a = D in B) = let a = D in let da = d(D) in d(B), where
// d(a) is the letvar da. When d(D) is zero_tangent or one_tangent (folded as above), or a bare
// letvar or placeholder (which eg::let never names), d(a) is that instead; those names are listed
// in a tangent_env of tangent_entry<name, T>. The environment lists only them: every tangent
// function is instantiated with it, and g++ mangles every function it instantiates, so an
// environment of every name in scope cost time quadratic in the number of lets.
template <auto Name, class T>
struct tangent_entry {};
template <class... Entries>
struct tangent_env {};
// The name of da, the tangent of a let name with respect to the placeholder X along Seed (the
// tangent of X): the address of a variable, a name compilers compare as fast as an int (g++
// compares class-type template arguments member by member, which made lookups among many tangent
// names slow).
template <auto Name, auto X, class Seed>
inline constexpr char tangent_name = 0;

// The tangent of letvar<Name>: its entry in Env, or the letvar da.
template <class Env, auto Name, auto X, class Seed = one_tangent>
struct tangent_in;
template <auto... N, class... T, auto Name, auto X, class Seed>
struct tangent_in<tangent_env<tangent_entry<N, T>...>, Name, X, Seed> {
    static constexpr std::size_t index = []() consteval {
        constexpr bool match[] = {std::is_same_v<letvar<N>, letvar<Name>>..., false};
        std::size_t i = 0;
        while (i < sizeof...(N) && !match[i]) ++i;
        return i;
    }();
    using type = std::tuple_element_t<index, std::tuple<T..., letvar<&tangent_name<Name, X, Seed>>>>;
};

template <class Env, class Entry>
struct env_push;
template <class... E, class Entry>
struct env_push<tangent_env<E...>, Entry> {
    using type = tangent_env<E..., Entry>;
};

// Whether a subtree depends on X; Env lists the let names whose tangent is substituted.
template <fixed_string X, class Node, class Env = tangent_env<>>
struct depends_on : std::false_type {};
template <fixed_string X, class Env>
struct depends_on<X, placeholder<X>, Env> : std::true_type {};
template <fixed_string X, class Env>
struct independent_of {
    template <class Node>
    using trait = std::negation<depends_on<X, Node, Env>>;
};
template <fixed_string X, class Node, class Env>
    requires is_placeholder_part<Node>::value
struct depends_on<X, Node, Env> : std::bool_constant<Node::name == X> {};
template <fixed_string X, op_node Node, class Env>
struct depends_on<X, Node, Env> : std::negation<all_children<independent_of<X, Env>::template trait, Node>> {};
template <fixed_string X, auto Name, class Env>
struct depends_on<X, letvar<Name>, Env>
    : std::bool_constant<!std::is_same_v<typename tangent_in<Env, Name, X>::type, zero_tangent>> {};
template <fixed_string X, auto Name, class D, class B, class Env>
struct depends_on<X, let_expr<Name, D, B>, Env>
    : depends_on<X, B,
                 std::conditional_t<depends_on<X, D, Env>::value, Env,
                                    typename env_push<Env, tangent_entry<Name, zero_tangent>>::type>> {};

template <class T>
inline constexpr bool is_folded_tangent = std::is_same_v<T, zero_tangent> || std::is_same_v<T, one_tangent>;
template <class T>
inline constexpr bool is_substituted_tangent = is_folded_tangent<T> || is_leaf_name<T>;

// Seed is the tangent of X itself: one_tangent for eg::d, a placeholder bound to a direction v
// for the directional derivative of expr/higher_order.hpp.
template <fixed_string X, class Seed = one_tangent, class Node, class Env>
constexpr auto tangent(const Node& n, Env env);

template <fixed_string X, class Seed, auto Name, class D, class B, class... E>
constexpr auto let_tangent(const let_expr<Name, D, B>& n, tangent_env<E...> env) {
    const auto& def = n.definition.get();
    const auto dd = tangent<X, Seed>(def, env);
    using dd_t = std::remove_cvref_t<decltype(dd)>;
    using body_env = std::conditional_t<is_substituted_tangent<dd_t>, tangent_env<E..., tangent_entry<Name, dd_t>>,
                                        tangent_env<E...>>;
    const auto db = tangent<X, Seed>(n.body.get(), body_env{});
    using db_t = std::remove_cvref_t<decltype(db)>;
    if constexpr (is_folded_tangent<db_t>)
        return db;
    else if constexpr (is_substituted_tangent<dd_t>)
        return make_let<Name>(def, db);
    else
        return make_let<Name>(def, make_let<&tangent_name<Name, X, Seed>>(dd, db));
}

template <fixed_string X, class Seed, class Node, class Env>
constexpr auto tangent(const Node& n, Env env) {
    if constexpr (is_let<Node>::value) {
        return let_tangent<X, Seed>(n, env);
    } else if constexpr (is_letvar<Node>::value) {
        return typename tangent_in<Env, Node::name, X, Seed>::type{};
    } else if constexpr (!depends_on<X, Node, Env>::value) {
        return zero_tangent{};
    } else if constexpr (is_placeholder_part<Node>::value) {
        static_assert(always_false<Node>, "etgrad::d(f, x): f uses eg::slice(x, ...) or x[i], whose derivative with "
                                          "respect to x is not elementwise; use eg::grad(f, x = ...)");
        return one_tangent{};  // which every rule accepts: no second error
    } else if constexpr (std::is_same_v<Node, placeholder<X>>) {
        return Seed{};
    } else if constexpr (is_materialised(Node::form)) {
        static_assert(!is_materialised(Node::form),
                      "etgrad::d(f, x): f uses eg::matmul, eg::dot, eg::transpose, eg::max, eg::min, "
                      "eg::prod, eg::logsumexp, eg::softmax or eg::log_softmax, which eg::d does not "
                      "differentiate symbolically; use eg::grad");
        return zero_tangent{};
    } else if constexpr (!has_derivative<Node>) {
        return zero_tangent{};  // piecewise constant
    } else if constexpr (Node::form == node_form::binary) {  // Note [No failing checks on node types]
        const auto& lhs = n.lhs.get();
        const auto& rhs = n.rhs.get();
        const auto dl = tangent<X, Seed>(lhs, env);
        const auto dr = tangent<X, Seed>(rhs, env);
        const auto left = [&] {
            if constexpr (std::is_same_v<decltype(dl), const zero_tangent>)
                return zero_tangent{};
            else
                return n.op.grad_lhs(lhs, rhs, n, dl);
        }();
        const auto right = [&] {
            if constexpr (std::is_same_v<decltype(dr), const zero_tangent>)
                return zero_tangent{};
            else
                return n.op.grad_rhs(lhs, rhs, n, dr);
        }();
        return add_tangents(left, right);
    } else if constexpr (Node::form == node_form::reduce_axis) {
        const auto da = as_tangent_expression(tangent<X, Seed>(n.arg.get(), env));
        return reduce_axis<std::remove_cvref_t<decltype(n.op)>, std::remove_cvref_t<decltype(da)>>{n.op, da, n.axis};
    } else if constexpr (kind_of<Node>::value == node_kind::reduce_all) {
        const auto da = as_tangent_expression(tangent<X, Seed>(n.arg.get(), env));
        return reduce_all<std::remove_cvref_t<decltype(n.op)>, std::remove_cvref_t<decltype(da)>>{n.op, da};
    } else {
        return n.op.grad(n.arg.get(), n, tangent<X, Seed>(n.arg.get(), env));
    }
}

#ifndef ETGRAD_DOXYGEN  // a type computed by a lambda, which Doxygen cannot parse
// The first mistake of eg::d(f, x): in f's lets, or x not in f.
template <class E, fixed_string X>
struct derivative_mistake {
    using type = typename decltype([] {
        if constexpr (std::is_same_v<E, failed_call>)
            return std::type_identity<mistake_already_reported>{};
        else if constexpr (is_mistake<typename let_mistake<E>::type>)
            return std::type_identity<typename let_mistake<E>::type>{};
        else if constexpr (!depends_on<X, E>::value)
            return std::type_identity<error::d_placeholder_unused_by_f<spelled<X>>>{};
        else
            return std::type_identity<no_mistake>{};
    }())::type;
};
#endif

}  // namespace detail

/// The derivative of `f` with respect to the placeholder `x`, as a new expression.
///
/// Built at compile time by propagating tangents through each op's rule; vanishing terms
/// disappear and unit factors fold (`eg::d(x * y, x)` is `y`). Apply it again for higher
/// derivatives: `eg::d(eg::d(x * x * x, x), x)`. `f` must use `x`.
template <detail::expression_argument E, fixed_string X>
constexpr auto d(const E& f, placeholder<X>) {
    using mistake = typename detail::derivative_mistake<E, X>::type;
    if constexpr (detail::is_mistake<mistake>)
        return detail::failed_with<mistake>();
    else
        return detail::as_tangent_expression(detail::tangent<X>(f, detail::tangent_env<>{}));
}

}  // namespace etgrad
