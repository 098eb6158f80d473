// SPDX-License-Identifier: MIT
// The tables of one evaluation, all compile-time constants: the graph of an expression in
// topological order, with the types of the values bound to its placeholders and the placeholders
// whose gradient is wanted. expr/evaluate.hpp runs it.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <xtensor/xutils.hpp>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/binding_index.hpp>
#include <etgrad/expr/call_errors.hpp>
#include <etgrad/expr/graph.hpp>
#include <etgrad/expr/materialised.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/node_kind.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/expr/value_type.hpp>
#include <etgrad/expr/wrt.hpp>

namespace etgrad::detail {

// The tables that depend on f and its bindings only: the checks of a call (expr/call_check.hpp)
// read them, and every evaluation of f with those bindings shares them.
template <class Expr, class Bindings>
struct bound_program {
    using graph = graph_of<Expr>;
    static constexpr std::size_t size = graph::size;
    static constexpr std::size_t root = size - 1;

    template <std::size_t I>
    using slot_t = typename at<graph, I>::type;
    template <std::size_t I>
    using node_t = typename slot_t<I>::node;
    template <std::size_t I>
    using op_t = std::remove_cvref_t<decltype(node_t<I>::op)>;
    template <std::size_t I>
    static constexpr node_kind kind = kind_of<node_t<I>>::value;
    template <std::size_t I>
    static constexpr std::size_t arity = children<node_t<I>>::count;
    template <std::size_t I, std::size_t K>
    static constexpr std::size_t child = graph_children<Expr>[I][K];

    // placeholders: their binding and bound type
    template <std::size_t I>
    static constexpr std::size_t binding_of = []() consteval {
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

    // Note [Tables by pack expansion]: a table over the nodes is one pack expansion, not a
    // static_for whose lambda the compiler instantiates once per node and table (what that costs:
    // docs/static-layer.md, compile time of one call).
    template <class F>
    static constexpr std::array<bool, size> table(F f) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<bool, size>{f(index_c<I>{})...};
        }(std::make_index_sequence<size>{});
    }

    static constexpr std::array<node_kind, size> kinds = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<node_kind, size>{kind<I>...};
    }(std::make_index_sequence<size>{});
    static constexpr std::array<std::size_t, size> arities = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<std::size_t, size>{arity<I>...};
    }(std::make_index_sequence<size>{});
    static constexpr std::array<std::array<std::size_t, 2>, size> children_of = graph_children<Expr>;
    // Whether each node's op has a derivative (a step function's has none).
    static constexpr std::array<bool, size> differentiable = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<bool, size>{has_derivative<node_t<I>>...};
    }(std::make_index_sequence<size>{});

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
    template <std::size_t I>
    static constexpr bool materialised_array() {
        if constexpr (kind<I> == node_kind::materialised)
            return materialised_rule<op_t<I>>::array_valued;
        else
            return false;
    }
    // A table of its own, computed once: inside the lambda below, clang evaluates it again for
    // every node (quadratic, past its constexpr step limit for a 100-step eg::let chain).
    static constexpr std::array<bool, size> materialised_arrays = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<bool, size>{materialised_array<I>()...};
    }(std::make_index_sequence<size>{});
    static constexpr std::array<bool, size> placeholders_holding_arrays = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<bool, size>{placeholder_holds_array<I>()...};
    }(std::make_index_sequence<size>{});
    static constexpr std::array<bool, size> is_array =
        propagate_up(placeholders_holding_arrays, [](std::size_t i, bool any_child) {
            return kinds[i] == node_kind::reduce_axis || kinds[i] == node_kind::slice ||
                   (kinds[i] == node_kind::elementwise && any_child) || materialised_arrays[i];
        });

    // Ranks known at compile time (-1 where not): of numbers, std::array and xtensor containers of
    // a fixed rank (xt::xtensor, xtensor_fixed). Materialised ops check theirs with them.
    template <std::size_t I>
    static constexpr int leaf_static_rank() {
        if constexpr (kind<I> == node_kind::placeholder) {
            using S = static_shape<bound_t<I>>;
            if constexpr (S::known)
                return static_cast<int>(S::value.rank);
            else if constexpr (xt::get_rank<bound_t<I>>::value != SIZE_MAX)
                return static_cast<int>(xt::get_rank<bound_t<I>>::value);
            else
                return -1;
        } else if constexpr (kind<I> == node_kind::constant || kind<I> == node_kind::reduce_all) {
            return 0;
        } else {
            return -1;
        }
    }
    template <std::size_t I>
    static constexpr int materialised_rank(int a, int b) {
        if constexpr (kind<I> == node_kind::materialised)
            return materialised_rule<op_t<I>>::rank(a, b);
        else
            return -1;
    }
    static constexpr std::array<int, size> static_ranks = []() consteval {
        std::array<int, size> t{};
        static_for<size>([&](auto i) {
            constexpr auto c = children_of[i];
            const int a = arities[i] > 0 ? t[c[0]] : -1;
            const int b = arities[i] > 1 ? t[c[1]] : arities[i] > 0 && kinds[i] == node_kind::elementwise ? a : -1;
            if constexpr (arities[i] == 0 || kind<i> == node_kind::reduce_all)
                t[i] = leaf_static_rank<i>();
            else if constexpr (kind<i> == node_kind::materialised)
                t[i] = materialised_rank<i>(a, b);
            else if constexpr (kind<i> == node_kind::reduce_axis)
                t[i] = a > 0 ? a - 1 : -1;
            else if constexpr (kind<i> == node_kind::slice || kind<i> == node_kind::element)
                t[i] = kind<i> == node_kind::slice ? 1 : 0;
            else
                t[i] = a < 0 || b < 0 ? -1 : a > b ? a : b;
        });
        return t;
    }();
    // The first slice or element (eg::slice, x[i]) of a placeholder whose value has a rank, fixed
    // by its type, other than 1 (an xarray's rank is checked at run time), and the first
    // materialised op with an operand of a rank it does not take; npos for none.
    static constexpr std::size_t misranked_slice = []() consteval {
        std::size_t found = npos;
        static_for<size>([&](auto i) {
            if constexpr (kind<i> == node_kind::slice || kind<i> == node_kind::element) {
                constexpr std::ptrdiff_t r = static_rank<bound_t<i>>();
                if (found == npos && r != 1 && r != -1) found = i;
            }
        });
        return found;
    }();
    static constexpr int operand_rank(std::size_t i, std::size_t k) {
        return arities[i] > k ? static_ranks[children_of[i][k]] : -1;
    }
    static constexpr std::size_t misranked_product = []() consteval {
        std::size_t found = npos;
        static_for<size>([&](auto i) {
            if constexpr (kind<i> == node_kind::materialised)
                if (found == npos && !materialised_rule<op_t<i>>::takes_ranks(operand_rank(i, 0), operand_rank(i, 1)))
                    found = i;
        });
        return found;
    }();
    // That mistake (expr/call_errors.hpp), or no_mistake.
    using rank_mistake = typename decltype([] {
        if constexpr (misranked_slice != npos)
            return std::type_identity<error::slice_of_placeholder_of_rank<spelled<node_t<misranked_slice>::name>,
                                                                         static_rank<bound_t<misranked_slice>>()>>{};
        else if constexpr (misranked_product != npos)
            return std::type_identity<error::operand_rank_not_taken<op_t<misranked_product>,
                                                                    operand_rank(misranked_product, 0),
                                                                    operand_rank(misranked_product, 1)>>{};
        else
            return std::type_identity<no_mistake>{};
    }())::type;

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
        } else if constexpr (kind<I> == node_kind::constant || kind<I> == node_kind::element ||
                             kind<I> == node_kind::reduce_all) {
            return {true, shape_t{}};
        } else {
            return {};
        }
    }
    // first: the shapes (kept when known); second: false if two known shapes cannot broadcast
    static constexpr std::pair<std::array<known_shape, size>, bool> static_shapes = []() consteval {
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
    static constexpr bool has_arrays = []() consteval {
        for (bool b : is_array) if (b) return true;
        return false;
    }();
    using value_type = typename value_type_of<graph, Bindings>::type;

};

// Wanted = wrt_t<...> or void for "every bound placeholder".
template <class Expr, class Bindings, class Wanted>
struct program : bound_program<Expr, Bindings> {
    using base = bound_program<Expr, Bindings>;
    using base::propagate_up;
    using base::size;
    using base::table;
    template <std::size_t I>
    using node_t = typename base::template node_t<I>;

    // Which placeholders have their gradient computed.
    template <std::size_t I>
    static constexpr bool wanted_placeholder() {
        if constexpr (base::template kind<I> != node_kind::placeholder)
            return false;
        else if constexpr (std::is_void_v<Wanted>)
            return true;
        else
            return []<class... P>(wrt_t<P...>) { return ((P::name == node_t<I>::name) || ...); }(Wanted{});
    }
    // Slots whose adjoint matters: those that depend on a wanted placeholder through
    // differentiable ops.
    static constexpr std::array<bool, size> needs_adjoint = []() consteval {
        constexpr auto wanted = []<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<bool, size>{wanted_placeholder<I>()...};
        }(std::make_index_sequence<size>{});
        return propagate_up(wanted, [&](std::size_t i, bool any_child) { return base::differentiable[i] && any_child; });
    }();
};

}  // namespace etgrad::detail
