// SPDX-License-Identifier: MIT
// eg::d(f, x): the derivative of f with respect to x as a new expression, so that it can be
// evaluated, differentiated again, or checked in a static_assert. It is built by forward
// propagation of tangents through the same op rules the evaluator uses (a rule's
// `grad(a, out, adj)` is adj * d(out)/d(a), and with adj = da/dx that is d(out)/dx). Zero and one
// tangents are types, so terms that vanish are dropped and unit factors folded at compile time.
// The tangent is built over the tree, not the graph: heavily shared expressions give large
// derivatives (use grad for those).
#pragma once
#include <type_traits>
#include <utility>

#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/expr/program.hpp>

namespace etgrad {

namespace detail {

struct zero_tangent {};
struct one_tangent {};

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

template <fixed_string X, class Node>
struct depends_on : std::false_type {};
template <fixed_string X>
struct depends_on<X, placeholder<X>> : std::true_type {};
template <fixed_string X>
struct independent_of {
    template <class Node>
    using trait = std::negation<depends_on<X, Node>>;
};
template <fixed_string X, op_node Node>
struct depends_on<X, Node> : std::negation<all_children<independent_of<X>::template trait, Node>> {};

template <fixed_string X, class Node>
constexpr auto tangent(const Node& n) {
    if constexpr (!depends_on<X, Node>::value) {
        return zero_tangent{};
    } else if constexpr (std::is_same_v<Node, placeholder<X>>) {
        return one_tangent{};
    } else if constexpr (Node::form == node_form::binary) {  // Note [No failing checks on node types]
        const auto& lhs = n.lhs.get();
        const auto& rhs = n.rhs.get();
        const auto dl = tangent<X>(lhs);
        const auto dr = tangent<X>(rhs);
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
        const auto da = as_tangent_expression(tangent<X>(n.arg.get()));
        return reduce_axis<std::remove_cvref_t<decltype(n.op)>, std::remove_cvref_t<decltype(da)>>{n.op, da, n.axis};
    } else if constexpr (kind_of<Node>::value == node_kind::reduce_all) {
        const auto da = as_tangent_expression(tangent<X>(n.arg.get()));
        return reduce_all<std::remove_cvref_t<decltype(n.op)>, std::remove_cvref_t<decltype(da)>>{n.op, da};
    } else if constexpr (!has_derivative<Node>) {
        return zero_tangent{};  // piecewise constant
    } else {
        return n.op.grad(n.arg.get(), n, tangent<X>(n.arg.get()));
    }
}

}  // namespace detail

// The derivative of f with respect to the placeholder x, as an expression.
template <expression E, fixed_string X>
constexpr auto d(const E& f, placeholder<X>) {
    static_assert(detail::depends_on<X, E>::value, "etgrad::d(f, x): f does not use the placeholder x");
    return detail::as_tangent_expression(detail::tangent<X>(f));
}

}  // namespace etgrad
