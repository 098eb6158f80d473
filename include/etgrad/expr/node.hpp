// SPDX-License-Identifier: MIT
// The node types of the static layer. Operands are stored by value (so `auto e = x + 2 * y;`
// never dangles); placeholders and stateless ops are empty, so a tree made only of them holds
// no data and is fully identified by its type.
#pragma once
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/expression.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

// A number inside an expression (the 2 in `x + 2`).
template <class T>
struct constant {
    T value;
};

// A node is stateless when it and its whole subtree hold no data: then its type alone
// identifies it, and every occurrence of the type in a tree is the same value (shared
// subexpressions are detected this way, see expr/graph.hpp).
template <class Node>
struct is_stateless : std::false_type {};

// An operand as a node keeps it: by value, or not at all when it is stateless. Not storing
// stateless operands matters: `e * e + e` repeated n times would otherwise hold 3^n empty
// subobjects, and compilers walk every one of them to lay out the type.
template <class T, bool = is_stateless<T>::value>
struct held {
    using type = T;
    T value;
    constexpr held(const T& v) : value(v) {}
    constexpr const T& get() const { return value; }
};
template <class T>
struct held<T, true> {
    using type = T;
    constexpr held() = default;
    constexpr held(const T&) {}
    constexpr T get() const { return T{}; }
};

template <class Op, class A>
struct unary_expr {
    [[no_unique_address]] Op op;
    [[no_unique_address]] held<A> arg;
};

template <class Op, class L, class R>
struct binary_expr {
    [[no_unique_address]] Op op;
    [[no_unique_address]] held<L> lhs;
    [[no_unique_address]] held<R> rhs;
};

// sum/mean over every element: a scalar.
template <class Op, class A>
struct reduce_all {
    [[no_unique_address]] Op op;
    [[no_unique_address]] held<A> arg;
};

// sum/mean along one axis: an array of one rank less.
template <class Op, class A>
struct reduce_axis {
    [[no_unique_address]] Op op;
    [[no_unique_address]] held<A> arg;
    std::size_t axis;
};

template <fixed_string Name>
struct is_expression<placeholder<Name>> : std::true_type {};
template <class T>
struct is_expression<constant<T>> : std::true_type {};
template <class Op, class A>
struct is_expression<unary_expr<Op, A>> : std::true_type {};
template <class Op, class L, class R>
struct is_expression<binary_expr<Op, L, R>> : std::true_type {};
template <class Op, class A>
struct is_expression<reduce_all<Op, A>> : std::true_type {};
template <class Op, class A>
struct is_expression<reduce_axis<Op, A>> : std::true_type {};

// A number operand becomes a constant node; an expression stays as it is.
template <class V>
constexpr auto as_expression(const V& v) {
    if constexpr (expression<V>)
        return v;
    else
        return constant<double>{static_cast<double>(v)};
}

template <class Op, class A>
constexpr auto make_unary(Op op, const A& arg) {
    return unary_expr<Op, A>{op, arg};
}
template <class Op, class L, class R>
constexpr auto make_binary(Op op, const L& lhs, const R& rhs) {
    using lhs_expr = decltype(as_expression(lhs));
    using rhs_expr = decltype(as_expression(rhs));
    return binary_expr<Op, lhs_expr, rhs_expr>{op, as_expression(lhs), as_expression(rhs)};
}

template <fixed_string Name>
struct is_stateless<placeholder<Name>> : std::true_type {};
template <class Op, class A>
struct is_stateless<unary_expr<Op, A>> : std::bool_constant<std::is_empty_v<Op> && is_stateless<A>::value> {};
template <class Op, class L, class R>
struct is_stateless<binary_expr<Op, L, R>>
    : std::bool_constant<std::is_empty_v<Op> && is_stateless<L>::value && is_stateless<R>::value> {};
template <class Op, class A>
struct is_stateless<reduce_all<Op, A>> : is_stateless<A> {};

// Children, in order, as a uniform interface for graph traversal.
template <class Node>
struct children {
    static constexpr std::size_t count = 0;
};
// Every one-operand node keeps it in a member named `arg`.
template <class Node>
    requires requires { &Node::arg; }
struct children<Node> {
    static constexpr std::size_t count = 1;
    template <std::size_t>
    using type = typename decltype(Node::arg)::type;
    template <std::size_t>
    static constexpr decltype(auto) get(const Node& n) { return n.arg.get(); }
};
template <class Node, class Member>
Member member_type_of(Member Node::*);  // for decltype only

// Children held in two members (binary nodes; lets, expr/let.hpp).
template <class Node, auto First, auto Second>
struct two_children {
    static constexpr std::size_t count = 2;
    template <std::size_t I>
    using type = typename std::conditional_t<I == 0, decltype(member_type_of(First)), decltype(member_type_of(Second))>::type;
    template <std::size_t I>
    static constexpr decltype(auto) get(const Node& n) {
        if constexpr (I == 0)
            return (n.*First).get();
        else
            return (n.*Second).get();
    }
};
template <class Op, class L, class R>
struct children<binary_expr<Op, L, R>>
    : two_children<binary_expr<Op, L, R>, &binary_expr<Op, L, R>::lhs, &binary_expr<Op, L, R>::rhs> {};

}  // namespace etgrad
