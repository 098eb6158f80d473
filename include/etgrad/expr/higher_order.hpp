// SPDX-License-Identifier: MIT
// eg::hessian(f, x = v), eg::jacobian(f, x = v) and eg::hvp(f, v, x = x0): exact Hessians,
// Jacobians and Hessian-vector products of static expressions with respect to one placeholder
// bound to a number or a 1-D array (Note [Directional derivatives]).
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include <etgrad/expr/api.hpp>
#include <etgrad/expr/call_check.hpp>
#include <etgrad/expr/derivative.hpp>
#include <etgrad/expr/program.hpp>

namespace etgrad {

namespace detail {

// Note [Directional derivatives]
// eg::d's tangents seeded with a placeholder bound to a direction v instead of 1 (`tangent<X,
// Seed>` in expr/derivative.hpp) give J = d/dt f(x + t v) at t = 0, the directional derivative:
// grad f(x) . v for a scalar f, J_f(x) v for an array f. It is an expression of x, v and f's
// other placeholders, built from the same op rules as eval and grad, so it is exact. Then
//  - jacobian: column j is J with v = e_j: n evaluations of J (for a scalar f, one grad of f);
//  - hvp: H v = grad_x (grad f(x) . v) is grad of J with respect to x, v held fixed: one forward
//    and one backward pass of J, and H is never formed;
//  - hessian: row j is the hvp with v = e_j (H is symmetric): n passes of J.
// J has about two to three times f's nodes. eg::d does not differentiate products or slices of x
// symbolically; a call that would need it is a compile error naming the function.
using direction = placeholder<"etgrad:direction">;

template <fixed_string X, class E>
constexpr auto directional_derivative(const E& f) {
    return as_tangent_expression(tangent<X, direction>(f, tangent_env<>{}));
}

enum class higher_order { hessian, jacobian, hvp };

// The variable of a call: its first argument after f (and v), which must bind.
template <class... Args>
struct variable_binding {
    static constexpr bool given = false;
};
template <class First, class... Rest>
    requires(argument_traits<First>::role == argument_role::binding ||
             argument_traits<First>::role == argument_role::binding_unused_allowed)
struct variable_binding<First, Rest...> {
    static constexpr bool given = true;
    using binding_type = typename argument_traits<First>::binding_type;
    static constexpr fixed_string name = binding_type::name;
    using value = bound_type_t<binding_type>;
};

// Whether J, the directional derivative, reaches a node that eg::d cannot differentiate (a product
// of x or a slice of x): the tangent recursion descends from the root into the nodes that depend on
// x through elementwise ops and reductions that have a derivative (comparisons stop it).
template <class P, fixed_string X>
struct reaches_no_symbolic_derivative {
    static constexpr std::array<bool, P::size> depends = P::propagate_up(
        P::table([](auto i) {
            if constexpr (P::kinds[i] == node_kind::placeholder)
                return P::template node_t<i>::name == X;
            else
                return false;
        }),
        [](std::size_t, bool any_child) { return any_child; });
    static constexpr std::array<bool, P::size> descends = P::table([](auto i) {
        constexpr node_kind k = P::kinds[i];
        return (k == node_kind::elementwise || k == node_kind::reduce_all || k == node_kind::reduce_axis) &&
               has_derivative<typename P::template node_t<i>>;
    });
    static constexpr bool value = []() consteval {
        std::array<bool, P::size> reached{};
        reached[P::root] = true;
        for (std::size_t i = P::size; i-- > 0;) {
            if (!reached[i] || !depends[i]) continue;
            const node_kind k = P::kinds[i];
            if (k == node_kind::materialised || k == node_kind::slice || k == node_kind::element) return true;
            if (descends[i])
                for (std::size_t c = 0; c < P::arities[i]; ++c) reached[P::children_of[i][c]] = true;
        }
        return false;
    }();
};

#ifndef ETGRAD_DOXYGEN  // types computed by lambdas, which Doxygen cannot parse
// The mistakes about the variable X (bound to a value of type V) and the direction D of hvp.
template <higher_order Kind, class E, class Bindings, fixed_string X, class V, class D>
struct variable_mistake {
    using P = program<E, Bindings, void>;
    static constexpr bool number = bindable_number<V>;
    static constexpr std::ptrdiff_t rank = static_rank<V>();
    // a Jacobian of a scalar f is a gradient, which grad computes without eg::d
    static constexpr bool uses_d = Kind != higher_order::jacobian || P::is_array[P::root];
    using type = typename decltype([] {
        if constexpr (rank != 0 && rank != 1 && rank != -1)
            return std::type_identity<error::variable_not_number_or_vector<spelled<X>>>{};
        else if constexpr (Kind != higher_order::jacobian && P::is_array[P::root])
            return std::type_identity<error::hessian_of_array_valued_f<spelled<X>>>{};
        else if constexpr (Kind == higher_order::hvp && !(number ? bindable_number<D> : bindable_array<D>))
            return std::type_identity<error::hvp_direction_unlike_variable<spelled<X>>>{};
        else if constexpr (uses_d && reaches_no_symbolic_derivative<P, X>::value)
            return std::type_identity<error::no_symbolic_derivative_through<spelled<X>>>{};
        else
            return std::type_identity<no_mistake>{};
    }())::type;
};

// The first mistake of a call of hessian, jacobian (D void) or hvp (D the direction's type).
template <higher_order Kind, class E, class D, class... Args>
struct higher_order_mistake {
    using type = typename decltype([] {
        using variable = variable_binding<Args...>;
        if constexpr (is_mistake<typename call_mistake<E, Args...>::type>)
            return std::type_identity<typename call_mistake<E, Args...>::type>{};
        else if constexpr (!variable::given)
            return std::type_identity<error::variable_not_bound_first<nth_t<0, Args..., void>>>{};
        else if constexpr (!std::is_void_v<typename wanted_of<Args...>::type>)
            return std::type_identity<error::variable_not_bound_first<typename wanted_of<Args...>::type>>{};
        else
            return std::type_identity<typename variable_mistake<Kind, E, bindings_of<Args...>, variable::name,
                                                                typename variable::value, D>::type>{};
    }())::type;
};
#endif

// The shape of a bound value.
template <class V>
shape_t shape_of_value(const V& v) {
    if constexpr (static_shape<V>::known)
        return static_shape<V>::value;
    else if constexpr (bindable_range<V>)
        return shape_t{1, {std::size(v)}};
    else
        return make_shape(v.shape());
}

// Error paths out of line (Note [Error paths out of line] in kernel/shape.hpp).
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_variable_not_1d(const char* function, std::size_t rank) {
    throw std::invalid_argument(std::string("etgrad::") + function +
                                "(f, x = value): x must be bound to a number or a 1-D array, but its value has " +
                                std::to_string(rank) + " dimensions");
}
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_hvp_size(std::size_t n, const shape_t& got) {
    throw std::invalid_argument("etgrad::hvp(f, v, x = value): v has invalid size: should be [" + std::to_string(n) +
                                "] but got " + got.to_string());
}
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_jacobian_value_not_1d(std::size_t rank) {
    throw std::invalid_argument(
        "etgrad::jacobian(f, x = value): f must be a number or a 1-D array, but its value has " + std::to_string(rank) +
        " dimensions");
}

// The length of the variable's value, which must be a 1-D array (an xarray says so at run time).
template <class V>
std::size_t variable_length(const V& value, const char* function) {
    const shape_t s = shape_of_value(value);
    if (s.rank != 1) throw_variable_not_1d(function, s.rank);
    return s.dims[0];
}

template <fixed_string Name, class V>
constexpr auto binding_to(const V& value) {
    return binding<Name, stored_binding_t<const V&>>{value};
}

// The bindings of f followed by the direction's.
template <class Bindings, class V>
constexpr auto with_direction(const Bindings& b, const V& v) {
    return std::tuple_cat(b, std::make_tuple(binding_to<direction::name>(v)));
}

// Makes e the unit vector e_k, from e_(k-1) (or zeros, for k = 0).
template <class T>
auto unit_vectors(xt::xtensor<T, 1>& e) {
    return [&e](std::size_t k) {
        if (k > 0) e(k - 1) = 0;
        e(k) = 1;
    };
}

template <class E, fixed_string X>
inline constexpr bool uses_placeholder = contains<graph_of<E>, slot<placeholder<X>, tree_path<>>>::value;

// grad_x of J (a scalar expression of x and the direction) for the bound direction: returned for
// a number x (of_number), written row by row for an array x (rows). A J without x gives zeros.
// Note [No partially deduced calls] in expr/api.hpp: a class template, every type explicit.
template <class J, class Bindings, fixed_string X>
struct gradient_of_directional_derivative {
    static constexpr bool uses_x = uses_placeholder<J, X>;
    using program_t = gradient_program<J, Bindings, wrt_t<placeholder<X>>>;

    static constexpr auto of_number(const J& j, const Bindings& b) {
        if constexpr (uses_x)
            return program_t::value_and_grad(j, b).grad[placeholder<X>{}];
        else
            return 0.0;
    }

    // Calls set_direction(k) before each of `count` passes, and writes pass k's gradient at
    // row(k), an output iterator; the gradients' storage is reused across passes. Without x in J
    // nothing is written: the caller's rows are zeros already.
    template <class SetDirection, class Row>
    static void rows(const J& j, const Bindings& b, std::size_t count, SetDirection set_direction, Row row) {
        if constexpr (uses_x) {
            auto g = program_t::gradients_like(b);
            for (std::size_t k = 0; k < count; ++k) {
                set_direction(k);
                program_t::run_into(g, j, b);
                const auto& gx = g[placeholder<X>{}];
                std::copy(std::begin(gx), std::end(gx), row(k));
            }
        }
    }
};

// Evaluates J, an expression of the direction, once per column of the Jacobian of an
// array-valued f of m elements, writing element i of column k at at(i, k). J's value broadcasts
// to f's shape: it is a scalar or has f's m elements.
template <class J, class Bindings>
struct jacobian_columns {
    using ev_t = evaluation<J, Bindings, wrt_t<>>;
    using P = typename ev_t::P;

    template <class SetDirection, class At>
    static void run(const J& j, const Bindings& b, std::size_t m, std::size_t count, SetDirection set_direction,
                    At at) {
        std::vector<typename P::value_type> column;
        for (std::size_t k = 0; k < count; ++k) {
            set_direction(k);
            ev_t ev(j, b);
            ev.forward();
            if constexpr (P::is_array[P::root]) {
                column.resize(ev.shape_of(P::root).size());
                ev.write_root(column.data());
            } else {
                column.assign(1, ev.value());
            }
            for (std::size_t i = 0; i < m; ++i) at(i, k) = column[column.size() == m ? i : 0];
        }
    }
};

// The parts of a checked call: f's bindings, the variable's name and value, the result type.
template <class E, class... Args>
struct higher_order_parts {
    using variable = variable_binding<Args...>;
    static constexpr fixed_string x = variable::name;
    using Bindings = bindings_of<Args...>;
    using P = program<E, Bindings, void>;
    using T = typename P::value_type;
    static constexpr bool number = bindable_number<typename variable::value>;
    static constexpr std::size_t variable_slot = binding_index<x, Bindings>::value;
    static constexpr auto&& value(const Bindings& b) { return std::get<variable_slot>(b).value; }
};

template <class E, class... Args>
constexpr auto hessian_of(const E& f, const Args&... args) {
    using parts = higher_order_parts<E, Args...>;
    using T = typename parts::T;
    const auto b = collect_bindings(args...);
    const auto j = directional_derivative<parts::x>(f);
    using J = std::remove_const_t<decltype(j)>;
    if constexpr (parts::number) {
        auto jb = with_direction(b, T(1));
        return static_cast<T>(gradient_of_directional_derivative<J, decltype(jb), parts::x>::of_number(j, jb));
    } else {
        const std::size_t n = variable_length(parts::value(b), "hessian");
        xt::xtensor<T, 1> e = xt::zeros<T>({n});
        xt::xtensor<T, 2> h = xt::zeros<T>({n, n});
        auto jb = with_direction(b, e);
        gradient_of_directional_derivative<J, decltype(jb), parts::x>::rows(
            j, jb, n,
            unit_vectors(e),
            [&](std::size_t k) { return h.begin() + static_cast<std::ptrdiff_t>(k * n); });
        return h;
    }
}

template <class E, class V, class... Args>
constexpr auto hvp_of(const E& f, const V& v, const Args&... args) {
    using parts = higher_order_parts<E, Args...>;
    using T = typename parts::T;
    const auto b = collect_bindings(args...);
    const auto j = directional_derivative<parts::x>(f);
    using J = std::remove_const_t<decltype(j)>;
    auto jb = with_direction(b, v);
    if constexpr (parts::number) {
        return static_cast<T>(gradient_of_directional_derivative<J, decltype(jb), parts::x>::of_number(j, jb));
    } else {
        const std::size_t n = variable_length(parts::value(b), "hvp");
        const shape_t vs = shape_of_value(v);
        if (vs.rank != 1 || vs.dims[0] != n) throw_hvp_size(n, vs);
        xt::xtensor<T, 1> out = xt::zeros<T>({n});
        gradient_of_directional_derivative<J, decltype(jb), parts::x>::rows(
            j, jb, 1, [](std::size_t) {}, [&](std::size_t) { return out.begin(); });
        return out;
    }
}

template <class E, class... Args>
constexpr auto jacobian_of(const E& f, const Args&... args) {
    using parts = higher_order_parts<E, Args...>;
    using P = typename parts::P;
    using T = typename parts::T;
    const auto b = collect_bindings(args...);
    if constexpr (!P::is_array[P::root]) {
        // a scalar f: its gradient, from one forward and one backward pass
        using program_t = gradient_program<E, typename parts::Bindings, wrt_t<placeholder<parts::x>>>;
        if constexpr (parts::number) {
            return static_cast<T>(program_t::value_and_grad(f, b).grad[placeholder<parts::x>{}]);
        } else {
            const auto g = program_t::value_and_grad(f, b).grad;
            const auto& gx = g[placeholder<parts::x>{}];
            xt::xtensor<T, 1> out = xt::zeros<T>({variable_length(parts::value(b), "jacobian")});
            std::copy(std::begin(gx), std::end(gx), out.begin());
            return out;
        }
    } else {
        const auto value = value_of(f, b);
        if (value.dimension() != 1) throw_jacobian_value_not_1d(value.dimension());
        const std::size_t m = value.size();
        const auto j = directional_derivative<parts::x>(f);
        using J = std::remove_const_t<decltype(j)>;
        if constexpr (parts::number) {
            xt::xtensor<T, 1> out = xt::zeros<T>({m});
            auto jb = with_direction(b, T(1));
            jacobian_columns<J, decltype(jb)>::run(
                j, jb, m, 1, [](std::size_t) {}, [&](std::size_t i, std::size_t) -> T& { return out(i); });
            return out;
        } else {
            const std::size_t n = variable_length(parts::value(b), "jacobian");
            xt::xtensor<T, 1> e = xt::zeros<T>({n});
            xt::xtensor<T, 2> out = xt::zeros<T>({m, n});
            auto jb = with_direction(b, e);
            jacobian_columns<J, decltype(jb)>::run(
                j, jb, m, n,
                unit_vectors(e),
                [&](std::size_t i, std::size_t k) -> T& { return out(i, k); });
            return out;
        }
    }
}

}  // namespace detail

/// The Hessian of a scalar-valued `f` with respect to the placeholder bound by the first
/// argument after `f`, exactly (torch.autograd.functional.hessian).
///
/// @param f a scalar-valued expression whose derivatives eg::d can build (no eg::matmul, eg::dot,
///        eg::transpose, eg::slice or x[i] applied to the variable: a compile error says so).
/// @param args `x = value` first: the variable, a number or a 1-D array of n elements; then a
///        binding for every other placeholder `f` uses, held fixed (eg::allow_unused is accepted).
/// @return for a number x, a number (`constexpr`); otherwise an `xt::xtensor<T, 2>` of shape
///         (n, n), T the computation type. Row j is the Hessian-vector product with the unit
///         vector e_j (n forward and backward passes of the directional derivative, see
///         eg::hvp), so it is meant for small n.
///
/// @code
/// static_assert(eg::hessian(x * x * x, x = 2.0) == 12.0);
/// xt::xtensor<double, 2> h = eg::hessian(eg::sum(eg::exp(x)) * eg::sum(x), x = xv);
/// @endcode
template <detail::expression_argument E, class... Args>
constexpr auto hessian(const E& f, const Args&... args) {
    using mistake = typename detail::higher_order_mistake<detail::higher_order::hessian, E, void, Args...>::type;
    if constexpr (detail::is_mistake<mistake>)
        return detail::failed_with<mistake>();
    else
        return detail::hessian_of(f, args...);
}

/// The Hessian of a scalar-valued `f` times the direction `v`, exactly and without forming the
/// Hessian: the gradient with respect to x of the directional derivative grad f(x) . v
/// (torch.autograd.functional.hvp's second result). One forward and one backward pass of that
/// derivative, an expression about two to three times the size of `f`.
///
/// @param f a scalar-valued expression, as for eg::hessian.
/// @param v the direction: a number when x is bound to a number, else an array of x's length
///          (std::invalid_argument otherwise).
/// @param args `x = value` first (the variable), then the other bindings, held fixed.
/// @return a number for a number x (`constexpr`), otherwise an `xt::xtensor<T, 1>` of n elements.
///
/// @code
/// xt::xtensor<double, 1> hv = eg::hvp(eg::sum(x * x * x), v, x = xv);   // 6 x v elementwise
/// @endcode
template <detail::expression_argument E, class V, class... Args>
constexpr auto hvp(const E& f, const V& v, const Args&... args) {
    using mistake = typename detail::higher_order_mistake<detail::higher_order::hvp, E, V, Args...>::type;
    if constexpr (detail::is_mistake<mistake>)
        return detail::failed_with<mistake>();
    else
        return detail::hvp_of(f, v, args...);
}

/// The Jacobian of `f` (a number or a 1-D array of m elements) with respect to the placeholder
/// bound by the first argument after `f` (a number or a 1-D array of n elements), exactly, with
/// torch.autograd.functional.jacobian's shape: f's shape followed by x's.
///
/// @param f an expression; when it is array-valued, one whose derivatives eg::d can build (as for
///        eg::hessian). A value of two or more dimensions throws std::invalid_argument.
/// @param args `x = value` first (the variable), then the other bindings, held fixed.
/// @return f and x numbers: a number (`constexpr`); one of them an array: an `xt::xtensor<T, 1>`
///         (for a scalar f, its gradient, from one grad pass); both arrays: an
///         `xt::xtensor<T, 2>` of shape (m, n) whose column j is the directional derivative of f
///         along e_j (n evaluations of an expression about two to three times f's size).
///
/// @code
/// xt::xtensor<double, 2> jac = eg::jacobian(eg::exp(x) * eg::sum(x), x = xv);
/// @endcode
template <detail::expression_argument E, class... Args>
constexpr auto jacobian(const E& f, const Args&... args) {
    using mistake = typename detail::higher_order_mistake<detail::higher_order::jacobian, E, void, Args...>::type;
    if constexpr (detail::is_mistake<mistake>)
        return detail::failed_with<mistake>();
    else
        return detail::jacobian_of(f, args...);
}

}  // namespace etgrad
