// SPDX-License-Identifier: MIT
// Compile-time facts about one evaluation: the graph of an expression, with the types of the
// values bound to its placeholders and the placeholders whose gradient is wanted. Everything
// here is a constant; expr/evaluate.hpp runs it.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/graph.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/static_for.hpp>

namespace etgrad {

// eg::wrt(x, y): the placeholders to differentiate with respect to.
template <class... Placeholders>
struct wrt_t {};
template <fixed_string... Names>
constexpr wrt_t<placeholder<Names>...> wrt(placeholder<Names>...) {
    return {};
}

}  // namespace etgrad

namespace etgrad::detail {

enum class node_kind { placeholder, constant, elementwise, reduce_all, reduce_axis };

template <class Node>
struct kind_of {
    static constexpr node_kind value = node_kind::elementwise;
};
template <fixed_string Name>
struct kind_of<placeholder<Name>> {
    static constexpr node_kind value = node_kind::placeholder;
};
template <class T>
struct kind_of<constant<T>> {
    static constexpr node_kind value = node_kind::constant;
};
template <op_node N>
struct kind_of<N> {
    static constexpr node_kind value = N::form == node_form::reduce_all    ? node_kind::reduce_all
                                       : N::form == node_form::reduce_axis ? node_kind::reduce_axis
                                                                           : node_kind::elementwise;
};

// Index of the binding for placeholder `Name` in a tuple of bindings, or npos.
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);
template <fixed_string Name, class Bindings>
struct binding_index;
template <fixed_string Name, class... B>
struct binding_index<Name, std::tuple<B...>> {
    static constexpr std::size_t value = [] {
        constexpr bool match[] = {(B::name == Name)..., false};
        for (std::size_t i = 0; i < sizeof...(B); ++i)
            if (match[i]) return i;
        return npos;
    }();
};

// Fails to compile, naming the placeholder in the instantiation, when it has no value.
template <fixed_string Name, bool Bound>
struct require_binding_for_placeholder {
    static_assert(Bound,
                  "etgrad::eval/grad/value_and_grad/gradcheck(f, bindings...): no value is bound for a placeholder "
                  "that f uses; the placeholder is named in 'require_binding_for_placeholder<\"name\", ...>' above");
    static constexpr bool value = Bound;
};

template <class T>
using promoted_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

// Ops such as step and sign have no derivative of their own: adjoints stop there.
template <class Op>
concept piecewise_constant_op = requires { requires Op::piecewise_constant; };
template <class Node>
inline constexpr bool has_derivative = true;
template <op_node N>
    requires(N::form == node_form::unary)
inline constexpr bool has_derivative<N> = !piecewise_constant_op<typename N::op_type>;

// The computation type: the common type of the elements bound to the placeholders of the graph
// (integers count as double; double when there is no placeholder at all).
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

// Wanted = wrt_t<...> or void for "every bound placeholder".
template <class Expr, class Bindings, class Wanted>
struct program {
    using graph = graph_of<Expr>;
    static constexpr std::size_t size = graph::size;
    static constexpr std::size_t root = size - 1;

    template <std::size_t I>
    using slot_t = typename at<graph, I>::type;
    template <std::size_t I>
    using node_t = typename slot_t<I>::node;
    template <std::size_t I>
    static constexpr node_kind kind = kind_of<node_t<I>>::value;
    template <std::size_t I>
    static constexpr std::size_t arity = children<node_t<I>>::count;
    template <std::size_t I, std::size_t K>
    static constexpr std::size_t child = graph_children<Expr>[I][K];

    // placeholders: their binding and bound type
    template <std::size_t I>
    static constexpr std::size_t binding_of = [] {
        using name_holder = node_t<I>;
        constexpr std::size_t b = binding_index<name_holder::name, Bindings>::value;
        static_assert(require_binding_for_placeholder<name_holder::name, b != npos>::value);
        return b;
    }();
    template <std::size_t B>
    struct bound_at {
        using type = bound_type_t<std::tuple_element_t<B, Bindings>>;
    };
    template <std::size_t B>
        requires(B == npos)
    struct bound_at<B> {
        using type = double;  // unbound: reported by require_binding_for_placeholder
    };
    template <std::size_t I>
    using bound_t = typename bound_at<binding_of<I>>::type;

    template <class F>
    static constexpr std::array<bool, size> table(F f) {
        std::array<bool, size> t{};
        static_for<size>([&](auto i) { t[i] = f(i); });
        return t;
    }

    static constexpr std::array<node_kind, size> kinds = [] {
        std::array<node_kind, size> t{};
        static_for<size>([&](auto i) { t[i] = kind<i>; });
        return t;
    }();
    static constexpr std::array<std::size_t, size> arities = [] {
        std::array<std::size_t, size> t{};
        static_for<size>([&](auto i) { t[i] = arity<i>; });
        return t;
    }();
    static constexpr std::array<std::array<std::size_t, 2>, size> children_of = [] {
        std::array<std::array<std::size_t, 2>, size> t{};
        static_for<size>([&](auto i) {
            static_for<arity<i>>([&](auto k) { t[i][k] = child<i, k>; });
        });
        return t;
    }();

    // Per-node facts are computed in one pass in topological order (children first): a
    // recursive formulation would be evaluated once per path, exponentially many with sharing.
    template <class Leaf, class Combine>
    static constexpr std::array<bool, size> propagate_up(Leaf leaf, Combine combine) {
        std::array<bool, size> t{};
        for (std::size_t i = 0; i < size; ++i) {
            bool any_child = false;
            for (std::size_t k = 0; k < arities[i]; ++k) any_child = any_child || t[children_of[i][k]];
            t[i] = arities[i] == 0 ? leaf[i] : combine(i, any_child);
        }
        return t;
    }

    template <std::size_t I>
    static constexpr bool placeholder_holds_array() {
        if constexpr (kind<I> == node_kind::placeholder)
            return !bindable_number<bound_t<I>>;
        else
            return false;
    }
    static constexpr std::array<bool, size> is_array =
        propagate_up(table([](auto i) { return placeholder_holds_array<i>(); }), [](std::size_t i, bool any_child) {
            return kinds[i] == node_kind::reduce_axis || (kinds[i] == node_kind::elementwise && any_child);
        });

    // Shapes known at compile time (numbers, std::array, xtensor_fixed): operands that cannot
    // broadcast are reported by the compiler.
    struct known_shape {
        bool known = false;
        shape_t shape{};
    };
    template <std::size_t I>
    static constexpr known_shape leaf_static_shape() {
        if constexpr (kind<I> == node_kind::placeholder) {
            using S = static_shape<bound_t<I>>;
            if constexpr (S::known)
                return {true, S::value};
            else
                return {};
        } else if constexpr (kind<I> == node_kind::constant || kind<I> == node_kind::reduce_all) {
            return {true, shape_t{}};
        } else {
            return {};
        }
    }
    // first: the shapes (kept when known); second: false if two known shapes cannot broadcast
    static constexpr std::pair<std::array<known_shape, size>, bool> static_shapes = [] {
        std::array<known_shape, size> t{};
        bool ok = true;
        static_for<size>([&](auto i) { t[i] = leaf_static_shape<i>(); });
        for (std::size_t i = 0; i < size; ++i) {
            if (kinds[i] != node_kind::elementwise) continue;
            const known_shape a = t[children_of[i][0]];
            const known_shape b = arities[i] == 2 ? t[children_of[i][1]] : a;
            if (a.known && b.known && broadcastable(a.shape, b.shape))
                t[i] = {true, broadcast_unchecked(a.shape, b.shape)};
            else
                ok = ok && !(a.known && b.known);
        }
        return std::pair{t, ok};
    }();
    static constexpr bool shapes_checked = static_shapes.second;
    static constexpr bool has_arrays = [] {
        for (bool b : is_array) if (b) return true;
        return false;
    }();
    using value_type = typename value_type_of<graph, Bindings>::type;

    // Which placeholders have their gradient computed.
    template <std::size_t I>
    static constexpr bool wanted_placeholder() {
        if constexpr (std::is_void_v<Wanted>)
            return true;
        else
            return []<class... P>(wrt_t<P...>) { return ((P::name == node_t<I>::name) || ...); }(Wanted{});
    }
    template <std::size_t I>
    static constexpr bool differentiable() {
        return has_derivative<node_t<I>>;
    }
    // Slots whose adjoint matters: those that depend on a wanted placeholder through
    // differentiable ops.
    static constexpr std::array<bool, size> needs_adjoint = [] {
        constexpr auto wanted = table([](auto i) {
            if constexpr (kind<i> == node_kind::placeholder)
                return wanted_placeholder<i>();
            else
                return false;
        });
        constexpr auto may_pass = table([](auto i) { return differentiable<i>(); });
        return propagate_up(wanted, [&](std::size_t i, bool any_child) { return may_pass[i] && any_child; });
    }();
};

}  // namespace etgrad::detail
