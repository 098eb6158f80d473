// SPDX-License-Identifier: MIT
// The node types of the static layer. Operands are stored by value (so `auto e = x + 2 * y;`
// never dangles); placeholders and stateless ops are empty, so a tree made only of them holds
// no data and is fully identified by its type.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

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

// Note [Nodes are member classes]: a node type is a class nested in a template of its op and
// operands (`binary_node<Op, L, R>::expr`), not a specialization of one. Argument-dependent
// lookup for `e * e` then considers the node and its enclosing class only; for a specialization
// it would also visit every template argument, recursively, and clang does so once per path:
// 3^n visits for `e = e * e + e` repeated n times (tests/compile_time/deep_sharing.cpp). Code
// that needs a node's parts reads `form` and `op_type` and uses `children<Node>`; it cannot
// deduce them from the type.
// The materialised forms are the nodes whose value is computed from whole operands rather than
// element by element (Note [Materialised nodes] in expr/materialised.hpp).
enum class node_form { unary, binary, reduce_all, reduce_axis, materialised_unary, materialised_binary };

constexpr bool has_two_operands(node_form f) { return f == node_form::binary || f == node_form::materialised_binary; }
constexpr bool is_materialised(node_form f) {
    return f == node_form::materialised_unary || f == node_form::materialised_binary;
}

// A node with one operand: a function (unary), a reduction over every element (reduce_all) or a
// materialised one (transpose).
template <node_form Form, class Op, class A>
struct one_operand_node {
    struct expr {
        static constexpr node_form form = Form;
        using op_type = Op;
        [[no_unique_address]] Op op;
        [[no_unique_address]] held<A> arg;
    };
};
template <class Op, class A>
using unary_expr = typename one_operand_node<node_form::unary, Op, A>::expr;

// A node with two operands: an elementwise op (binary) or a materialised one (a matrix product).
template <class Op, class L, class R, node_form Form = node_form::binary>
struct binary_node {
    struct expr {
        static constexpr node_form form = Form;
        using op_type = Op;
        [[no_unique_address]] Op op;
        [[no_unique_address]] held<L> lhs;
        [[no_unique_address]] held<R> rhs;
    };
};
template <class Op, class L, class R>
using binary_expr = typename binary_node<Op, L, R>::expr;

// sum/mean over every element: a scalar.
template <class Op, class A>
using reduce_all = typename one_operand_node<node_form::reduce_all, Op, A>::expr;

// sum/mean along one axis: an array of one rank less.
template <class Op, class A>
struct reduce_axis_node {
    struct expr {
        static constexpr node_form form = node_form::reduce_axis;
        using op_type = Op;
        [[no_unique_address]] Op op;
        [[no_unique_address]] held<A> arg;
        std::int64_t axis;  // as the user wrote it: negative counts from the end
    };
};
template <class Op, class A>
using reduce_axis = typename reduce_axis_node<Op, A>::expr;

template <class Op, class A>
using materialised_unary = typename one_operand_node<node_form::materialised_unary, Op, A>::expr;
template <class Op, class L, class R>
using materialised_binary = typename binary_node<Op, L, R, node_form::materialised_binary>::expr;

// An op node: one of the forms above.
template <class T>
concept op_node = requires { T::form; };

template <fixed_string Name>
struct is_expression<placeholder<Name>> : std::true_type {};
template <class T>
struct is_expression<constant<T>> : std::true_type {};
template <op_node N>
struct is_expression<N> : std::true_type {};

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

// Children, in order, as a uniform interface for graph traversal.
template <class Node>
struct children {
    static constexpr std::size_t count = 0;
};
// A unary node and a reduction keep their operand in `arg`, a binary node in `lhs` and `rhs`.
// Note [No failing checks on node types]: the choice reads `form`; a requirement such as
// `&Node::lhs` that fails would have clang write the node's type name into a diagnostic it
// keeps, and that name is 3^n characters long for n steps of `e = e * e + e`.
template <op_node Node>
struct children<Node> {
    static constexpr bool binary = has_two_operands(Node::form);
    static constexpr std::size_t count = binary ? 2 : 1;
    template <std::size_t I>
    static constexpr const auto& member(const Node& n) {
        if constexpr (!binary)
            return n.arg;
        else if constexpr (I == 0)
            return n.lhs;
        else
            return n.rhs;
    }
    template <std::size_t I>
    using type = typename std::remove_cvref_t<decltype(member<I>(std::declval<const Node&>()))>::type;
    template <std::size_t I>
    static constexpr decltype(auto) get(const Node& n) {
        return member<I>(n).get();
    }
};
template <class Node, class Member>
Member member_type_of(Member Node::*);  // for decltype only

// Children held in two members named at compile time (lets, expr/let.hpp).
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

// Whether every child of a node satisfies Trait (a class template, so the answer is memoized per
// node type: a lambda here would be evaluated again for every path to the node with clang).
template <template <class> class Trait, class Node, class = std::make_index_sequence<children<Node>::count>>
struct all_children;
template <template <class> class Trait, class Node, std::size_t... I>
struct all_children<Trait, Node, std::index_sequence<I...>>
    : std::bool_constant<(Trait<typename children<Node>::template type<I>>::value && ...)> {};

// An axis is data; an op with data (pow's exponent) is too.
template <op_node N>
struct is_stateless<N> : std::bool_constant<N::form != node_form::reduce_axis && std::is_empty_v<typename N::op_type> &&
                                            all_children<is_stateless, N>::value> {};

}  // namespace etgrad
