// SPDX-License-Identifier: MIT
// Flattens an expression tree into its graph: the list of distinct nodes in topological order
// (children before parents), computed at compile time. A stateless subtree is identified by its
// type alone, so a subexpression used many times is one node: `e = e * e + e` repeated n times is
// a graph of O(n) nodes, not a tree of 3^n. A node holding data (a constant, a pow exponent) is
// identified by its position in the tree instead.
// Lets (expr/let.hpp) are not nodes: a let's definition is one node, keyed by the let's name,
// which its letvars find without any lookup of an environment (environments as template
// arguments grow with every let, and their lookups made long let chains cubic to compile). Nodes
// the root does not reach (a definition the body never uses) are dropped, so the root stays the
// last node.
#pragma once
#include <array>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include <etgrad/expr/call_errors.hpp>
#include <etgrad/expr/let.hpp>
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
struct append;
template <class... Ts, class T>
struct append<type_list<Ts...>, T> {
    using type = type_list<Ts..., T>;
};

// Lookups in a list by overload resolution over non-template functions: one class per list,
// instead of one instantiation per element and query (a recursion over the list, or a fold of
// is_same, costs O(size) instantiations per query, and each of them names the list). The
// parameters are pointers, so that no candidate is tried for a conversion.
template <class T>
struct type_tag {
    using type = T;
};
template <std::size_t I, class T>
struct list_entry {
    static std::integral_constant<std::size_t, I> index(type_tag<T>*);
    static type_tag<T> type_at(std::integral_constant<std::size_t, I>*);
};
template <class Indices, class... Ts>
struct list_table;
template <std::size_t... I, class... Ts>
struct list_table<std::index_sequence<I...>, Ts...> : list_entry<I, Ts>... {
    using list_entry<I, Ts>::index...;
    using list_entry<I, Ts>::type_at...;
    static std::false_type index(...);  // not in the list
};
template <class List>
struct table_of;
template <class... Ts>
struct table_of<type_list<Ts...>> {
    using type = list_table<std::index_sequence_for<Ts...>, Ts...>;
};
// The position of T in a table's list (std::false_type if it is not there).
template <class Table, class T>
using position_in = decltype(Table::index(static_cast<type_tag<T>*>(nullptr)));

// Over lists of flags rather than folds: a fold over the nodes of a graph of more than 256 nodes
// (a long eg::let chain) exceeds clang's nesting depth.
constexpr bool any_true(std::initializer_list<bool> flags) {
    for (bool f : flags)
        if (f) return true;
    return false;
}

template <class List, class T>
struct contains;
template <class... Ts, class T>
struct contains<type_list<Ts...>, T> : std::bool_constant<any_true({std::is_same_v<Ts, T>...})> {};

// The I-th type of a list.
template <class List, std::size_t I>
struct at {
    using type = typename decltype(table_of<List>::type::type_at(
        static_cast<std::integral_constant<std::size_t, I>*>(nullptr)))::type;
};

// The key of a let's definition in the graph: its name. A letvar is found by it, and the same
// let met twice (a stateless one) is one node.
template <auto Name>
struct named {};

// How a parent finds the node of its child: a letvar by its name, a let by its body's root, any
// other node by its slot. A let's definition and body are never a bare letvar or placeholder
// (eg::let substitutes those, expr/let.hpp), so every key found here is the key of a node.
template <class Node, class Path>
struct key_of {
    using type = slot_of<Node, Path>;
};
template <auto Name, class Path>
struct key_of<letvar<Name>, Path> {
    using type = named<Name>;
};
template <auto Name, class Def, class Body, class Path>
struct key_of<let_expr<Name, Def, Body>, Path> : key_of<Body, typename path_append<Path, 1>::type> {};

// The letvar names a subtree uses outside the lets that define them (without repeats). Computed
// once per distinct subtree type, so shared subtrees cost nothing more.
template <class Node>
struct free_names;
template <class A, class B>
struct merge_names;
template <class... A, class B>
struct merge_names<type_list<A...>, type_list<B>> {
    using type = std::conditional_t<any_true({std::is_same_v<A, B>...}), type_list<A...>, type_list<A..., B>>;
};
template <class... A, class B, class... Bs>
    requires(sizeof...(Bs) > 0)
struct merge_names<type_list<A...>, type_list<B, Bs...>>
    : merge_names<typename merge_names<type_list<A...>, type_list<B>>::type, type_list<Bs...>> {};
template <class A>
struct merge_names<A, type_list<>> {
    using type = A;
};
template <class Node, class Indices = std::make_index_sequence<children<Node>::count>>
struct children_free_names;
template <class Node>
struct children_free_names<Node, std::index_sequence<>> {
    using type = type_list<>;
};
template <class Node>
struct children_free_names<Node, std::index_sequence<0>> : free_names<typename children<Node>::template type<0>> {};
template <class Node>
struct children_free_names<Node, std::index_sequence<0, 1>>
    : merge_names<typename free_names<typename children<Node>::template type<0>>::type,
                  typename free_names<typename children<Node>::template type<1>>::type> {};
template <class Node>
struct free_names : children_free_names<Node> {};
template <auto Name>
struct free_names<letvar<Name>> {
    using type = type_list<letvar<Name>>;
};
template <class... A, class... B>
type_list<A..., B...> operator+(type_list<A...>, type_list<B...>);  // for decltype only
template <class List, class Name>
struct remove_name;
template <class... Ts, class Name>
struct remove_name<type_list<Ts...>, Name> {
    using type =
        decltype((type_list<>{} + ... + std::conditional_t<std::is_same_v<Ts, Name>, type_list<>, type_list<Ts>>{}));
};
template <auto Name, class Def, class Body>
struct free_names<let_expr<Name, Def, Body>>
    : merge_names<typename free_names<Def>::type,
                  typename remove_name<typename free_names<Body>::type, letvar<Name>>::type> {};

// What the traversal has found: the nodes in post-order, as keys (how parents find them) and
// slots (what they are and where in the tree), and the first let name defined twice (void if
// none), recorded rather than asserted so that a call reports it as its one error.
template <class Keys, class Slots, class NameDefinedTwice = void>
struct flattening {
    using keys = Keys;
    using slots = Slots;
    using name_defined_twice = NameDefinedTwice;
};

// Post-order traversal; a node already in the list is not visited again (nor its subtree). Key is
// the node's key: its slot, or the name of the let whose definition it is the root of.
template <class Acc, class Node, class Path, class Key = typename key_of<Node, Path>::type>
struct visit;

template <class Acc, class Node, class Path, class Key, bool Seen = contains<typename Acc::keys, Key>::value>
struct visit_node {
    using type = Acc;
};
template <class Acc, class Node, class Path, auto Name>
struct visit_node<Acc, Node, Path, named<Name>, true> {
    using first = typename at<typename Acc::slots,
                              position_in<typename table_of<typename Acc::keys>::type, named<Name>>::value>::type;
    using type = std::conditional_t<std::is_same_v<first, slot_of<Node, Path>> ||
                                        !std::is_void_v<typename Acc::name_defined_twice>,
                                    Acc, flattening<typename Acc::keys, typename Acc::slots, letvar<Name>>>;
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

template <class Acc, class Node, class Path, class Key>
struct visit_node<Acc, Node, Path, Key, false> {
    using after = typename visit_children<Acc, Node, Path>::type;
    using type = flattening<typename append<typename after::keys, Key>::type,
                            typename append<typename after::slots, slot_of<Node, Path>>::type,
                            typename after::name_defined_twice>;
};

template <class Acc, class Node, class Path, class Key>
struct visit : visit_node<Acc, Node, Path, Key> {};
// A letvar is its let's definition, visited before the let's body.
template <class Acc, auto Name, class Path, class Key>
struct visit<Acc, letvar<Name>, Path, Key> {
    using type = Acc;
};
// The definition's root is keyed by the name; the body's root by the let's own key.
template <class Acc, auto Name, class Def, class Body, class Path, class Key>
struct visit<Acc, let_expr<Name, Def, Body>, Path, Key> {
    using after_def = typename visit<Acc, Def, typename path_append<Path, 0>::type, named<Name>>::type;
    using type = typename visit<after_def, Body, typename path_append<Path, 1>::type, Key>::type;
};

// The graph: the slots in post-order, without those the root does not reach (the root of a let
// can be a node of a definition, and a definition the body never uses is dropped), and the
// children of each node as positions in it, found once here.
template <class Keys, class Slots, class Root>
struct graph_tables;
template <class... K, class... S, class Root>
struct graph_tables<type_list<K...>, type_list<S...>, Root> {
    using all = type_list<S...>;
    using table = typename table_of<type_list<K...>>::type;
    static constexpr std::size_t n = sizeof...(S);

    template <class Slot, class C = std::make_index_sequence<children<typename Slot::node>::count>>
    struct child_positions;
    template <class Slot, std::size_t... C>
    struct child_positions<Slot, std::index_sequence<C...>> {
        static constexpr std::array<std::size_t, 2> value{position_in<
            table, typename key_of<typename children<typename Slot::node>::template type<C>,
                                   typename path_append<typename Slot::path, C>::type>::type>::value...};
    };
    static constexpr std::array<std::array<std::size_t, 2>, n> all_children{child_positions<S>::value...};
    static constexpr std::array<std::size_t, n> arity{children<typename S::node>::count...};

    static constexpr std::array<bool, n> keep = []() consteval {
        std::array<bool, n> m{};
        m[position_in<table, Root>::value] = true;
        for (std::size_t j = n; j-- > 0;)
            if (m[j])
                for (std::size_t k = 0; k < arity[j]; ++k) m[all_children[j][k]] = true;
        return m;
    }();
    static constexpr std::size_t size = []() consteval {
        std::size_t c = 0;
        for (bool k : keep) c += k ? 1 : 0;
        return c;
    }();
    static constexpr std::array<std::size_t, size> kept = []() consteval {
        std::array<std::size_t, size> t{};
        for (std::size_t j = 0, c = 0; j < n; ++j)
            if (keep[j]) t[c++] = j;
        return t;
    }();
    static constexpr std::array<std::array<std::size_t, 2>, size> children_of = []() consteval {
        std::array<std::size_t, n> position{};
        for (std::size_t c = 0; c < size; ++c) position[kept[c]] = c;
        std::array<std::array<std::size_t, 2>, size> t{};
        for (std::size_t c = 0; c < size; ++c)
            for (std::size_t k = 0; k < arity[kept[c]]; ++k) t[c][k] = position[all_children[kept[c]][k]];
        return t;
    }();

    template <class C>
    struct filter;
    template <std::size_t... C>
    struct filter<std::index_sequence<C...>> {
        using type = type_list<typename at<all, kept[C]>::type...>;
    };
    using nodes =
        typename std::conditional_t<size == n, std::type_identity<all>, filter<std::make_index_sequence<size>>>::type;
};

template <class Expr>
using visited_graph = typename visit<flattening<type_list<>, type_list<>>, Expr, tree_path<>>::type;

// The first mistake in an expression's lets: a letvar outside its let, a name defined twice.
template <class Expr>
struct let_mistake {
    using free = typename free_names<Expr>::type;
    using type = typename decltype([] {
        if constexpr (free::size != 0)
            return std::type_identity<error::letvar_used_outside_its_let<spelled<at<free, 0>::type::name>>>{};
        else if constexpr (!std::is_void_v<typename visited_graph<Expr>::name_defined_twice>)
            return std::type_identity<
                error::let_name_defined_twice<spelled<visited_graph<Expr>::name_defined_twice::name>>>{};
        else
            return std::type_identity<no_mistake>{};
    }())::type;
};

template <class Expr>
struct flatten {
    // Reports a mistake in the lets for callers that did not check (the entry points do).
    static_assert(sizeof(typename let_mistake<Expr>::type) != 0);
    using visited = visited_graph<Expr>;
    using tables = graph_tables<typename visited::keys, typename visited::slots, typename key_of<Expr, tree_path<>>::type>;
};

template <class Expr>
using graph_of = typename flatten<Expr>::tables::nodes;
// The positions of the children of each node of graph_of<Expr> (up to two).
template <class Expr>
inline constexpr const auto& graph_children = flatten<Expr>::tables::children_of;

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
