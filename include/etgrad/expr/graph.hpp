// SPDX-License-Identifier: MIT
// Flattens an expression tree into its graph: the list of distinct nodes in topological order
// (children before parents), computed at compile time. A stateless subtree is identified by its
// type alone, so a subexpression used many times is one node: `e = e * e + e` repeated n times is
// a graph of O(n) nodes, not a tree of 3^n. A node holding data (a constant, a pow exponent) is
// identified by its position in the tree instead.
#pragma once
#include <cstddef>
#include <type_traits>

#include <etgrad/expr/node.hpp>

namespace etgrad::detail {

template <class... Ts>
struct type_list {
    static constexpr std::size_t size = sizeof...(Ts);
};

template <std::size_t... I>
struct tree_path {};

template <class Path, std::size_t I>
struct path_append;
template <std::size_t... P, std::size_t I>
struct path_append<tree_path<P...>, I> {
    using type = tree_path<P..., I>;
};

// A graph node: the expression type, and where it sits in the tree (empty for stateless nodes).
template <class Node, class Path>
struct slot {
    using node = Node;
    using path = Path;
};

template <class Node, class Path>
using slot_of = slot<Node, std::conditional_t<is_stateless<Node>::value, tree_path<>, Path>>;

template <class List, class T>
struct contains;
template <class... Ts, class T>
struct contains<type_list<Ts...>, T> : std::bool_constant<(std::is_same_v<Ts, T> || ...)> {};

template <class List, class T>
struct append;
template <class... Ts, class T>
struct append<type_list<Ts...>, T> {
    using type = type_list<Ts..., T>;
};

template <class List, std::size_t I>
struct at;
template <class T, class... Ts>
struct at<type_list<T, Ts...>, 0> {
    using type = T;
};
template <class T, class... Ts, std::size_t I>
struct at<type_list<T, Ts...>, I> : at<type_list<Ts...>, I - 1> {};

template <class List, class T>
struct index_of;
template <class... Ts, class T>
struct index_of<type_list<Ts...>, T> {
    static constexpr std::size_t value = [] {
        constexpr bool same[] = {std::is_same_v<Ts, T>..., false};
        std::size_t i = 0;
        while (!same[i]) ++i;
        return i;
    }();
};

// Post-order traversal; a node already in the list is not visited again (nor its subtree).
template <class Acc, class Node, class Path, bool Seen = contains<Acc, slot_of<Node, Path>>::value>
struct visit {
    using type = Acc;
};

template <class Acc, class Node, class Path, std::size_t I = 0, bool Done = (I == children<Node>::count)>
struct visit_children {
    using type = Acc;
};
template <class Acc, class Node, class Path, std::size_t I>
struct visit_children<Acc, Node, Path, I, false> {
    using child = typename children<Node>::template type<I>;
    using after_child = typename visit<Acc, child, typename path_append<Path, I>::type>::type;
    using type = typename visit_children<after_child, Node, Path, I + 1>::type;
};

template <class Acc, class Node, class Path>
struct visit<Acc, Node, Path, false> {
    using type = typename append<typename visit_children<Acc, Node, Path>::type, slot_of<Node, Path>>::type;
};

template <class Expr>
using graph_of = typename visit<type_list<>, Expr, tree_path<>>::type;

// The slot of a node's I-th child.
template <class Slot, std::size_t I>
using child_slot = slot_of<typename children<typename Slot::node>::template type<I>,
                           typename path_append<typename Slot::path, I>::type>;

template <class Node>
constexpr const Node& follow(const Node& n, tree_path<>) {
    return n;
}
template <class Node, std::size_t I, std::size_t... Rest>
constexpr const auto& follow(const Node& n, tree_path<I, Rest...>) {
    return follow(children<Node>::template get<I>(n), tree_path<Rest...>{});
}

// The node object of a slot that holds data, found in the root expression (a stateless node is
// simply made).
template <class Slot, class Root>
constexpr const auto& node_at(const Root& root) {
    return follow(root, typename Slot::path{});
}

}  // namespace etgrad::detail
