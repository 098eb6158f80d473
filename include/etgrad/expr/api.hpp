// SPDX-License-Identifier: MIT
// eval, grad and value_and_grad: the static layer's entry points.
#pragma once
#include <algorithm>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <xtensor/xarray.hpp>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/evaluate.hpp>
#include <etgrad/expr/gradients.hpp>
#include <etgrad/expr/program.hpp>

namespace etgrad {

namespace detail {

template <class T>
struct is_wrt : std::false_type {};
template <class... P>
struct is_wrt<wrt_t<P...>> : std::true_type {};

template <class Arg>
constexpr std::string_view binding_name() {
    if constexpr (is_binding<Arg>::value)
        return Arg::name.view();
    else
        return {};
}

// The value type of a binding argument (void for anything else).
template <class Arg>
struct binding_value {
    using type = void;
};
template <fixed_string Name, class Stored>
struct binding_value<binding<Name, Stored>> {
    using type = Stored;
};
template <class Arg>
using binding_value_t = typename binding_value<Arg>::type;

// Checks what follows f in eval/grad/value_and_grad: bindings, and at most one eg::wrt(...).
template <class... Args>
struct check_arguments {
    static_assert(((is_binding<Args>::value || is_wrt<Args>::value) && ...),
                  "etgrad::eval/grad/value_and_grad(f, args...): every argument after f must be a binding "
                  "`placeholder = value` or eg::wrt(placeholders...)");
    static_assert(!(is_foreign_value<std::remove_cvref_t<binding_value_t<Args>>>::value || ...),
                  "etgrad::eval/grad/value_and_grad(f, args...): a tensor is bound; evaluate a static expression "
                  "on tensors with eg::apply(f, x = t, ...)");
    static_assert((std::size_t(is_wrt<Args>::value) + ... + 0) <= 1,
                  "etgrad::grad/value_and_grad(f, args...): give eg::wrt(...) at most once");
    static_assert(
        [] {
            constexpr std::string_view names[] = {std::string_view{}, binding_name<Args>()...};
            for (std::size_t i = 1; i < std::size(names); ++i)
                for (std::size_t j = i + 1; j < std::size(names); ++j)
                    if (!names[i].empty() && names[i] == names[j]) return false;
            return true;
        }(),
        "etgrad::eval/grad/value_and_grad(f, bindings...): a placeholder is bound twice");
    static constexpr bool value = true;
};

template <class... Args>
constexpr auto collect_bindings(const Args&... args) {
    return std::tuple_cat([](const auto& a) {
        if constexpr (is_binding<std::remove_cvref_t<decltype(a)>>::value)
            return std::tuple<std::remove_cvref_t<decltype(a)>>(a);
        else
            return std::tuple<>();
    }(args)...);
}

template <class... Args>
struct wanted_of {
    using type = void;  // every bound placeholder that f uses
};
template <class A, class... Args>
struct wanted_of<A, Args...> {
    using type = std::conditional_t<is_wrt<A>::value, A, typename wanted_of<Args...>::type>;
};

template <class P, class Wanted>
struct check_wanted_used {
    static constexpr bool value = true;
};
template <class P, class... W>
struct check_wanted_used<P, wrt_t<W...>> {
    template <class Placeholder>
    static constexpr bool used() {
        bool found = false;
        static_for<P::size>([&](auto i) {
            if constexpr (P::kinds[i] == node_kind::placeholder)
                found = found || P::template node_t<i>::name == Placeholder::name;
        });
        return found;
    }
    static_assert((used<W>() && ...),
                  "etgrad::grad/value_and_grad(f, ..., eg::wrt(x...)): f does not use a placeholder listed in wrt");
    static constexpr bool value = true;
};

// The gradient result type: one entry per wanted placeholder of the graph, in graph order.
template <class P>
struct gradient_layout {
    static constexpr auto mask = P::table([](auto i) {
        if constexpr (P::kinds[i] == node_kind::placeholder)
            return P::needs_adjoint[i];
        else
            return false;
    });
    static constexpr auto slots = indices_of([] { return mask; });
    template <std::size_t I>
    using entry = gradient_entry<P::template node_t<I>::name, gradient_t<typename P::template bound_t<I>>>;
    using type = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
        return gradients<entry<slots[K]>...>{};
    }(std::make_index_sequence<slots.size()>{}));
};

// Note [No partially deduced calls]: never call a function template with an expression-derived
// type given explicitly while another argument is deduced (`f<P>(b)`). g++ 12 then walks the
// substituted type once per path through it: 3^n for `e = e * e + e` repeated n times (a depth-20
// expression spent ~195 s in overload resolution). Class templates with non-template member
// functions, as below, take every argument explicitly and deduce nothing;
// tests/compile_time/ compiles a depth-20 sharing expression to keep it so.
// An element loop: std::equal would call memcmp for a rank-1 shape.
template <class A, class B>
constexpr bool same_shape(const A& a, const B& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t d = 0; d < a.size(); ++d)
        if (static_cast<std::size_t>(a[d]) != static_cast<std::size_t>(b[d])) return false;
    return true;
}

template <class E, class Bindings, class Wanted>
struct gradient_program {
    using ev_t = evaluation<E, Bindings, Wanted>;
    using P = typename ev_t::P;
    static_assert(check_wanted_used<P, Wanted>::value);
    static_assert(!P::is_array[P::root],
                  "etgrad::grad/value_and_grad(f, ...): f must be scalar-valued (grad can be implicitly created "
                  "only for scalar outputs); reduce it with eg::sum or eg::mean");
    using layout = gradient_layout<P>;
    using gradients_type = typename layout::type;
    // One scalar input and no arrays: forward mode needs one pass and keeps nothing, where reverse
    // mode needs two and keeps every value.
    static constexpr bool forward_mode = !P::has_arrays && layout::slots.size() == 1;

    // Gradients of the bound values' shapes; the evaluation writes every element.
    static constexpr gradients_type gradients_like(const Bindings& b) {
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return gradients_type{typename layout::template entry<layout::slots[K]>{
                gradient_like(std::get<P::template binding_of<layout::slots[K]>>(b).value)}...};
        }(std::make_index_sequence<layout::slots.size()>{});
    }

    // Gives each array gradient in g the shape of its bound value (no allocation when it has it).
    static void reshape_gradients(gradients_type& g, const Bindings& b) {
        static_for<layout::slots.size()>([&](auto k) {
            constexpr std::size_t slot = layout::slots[k];
            const auto& value = std::get<P::template binding_of<slot>>(b).value;
            if constexpr (xt::is_xexpression<std::remove_cvref_t<decltype(value)>>::value) {
                auto& out = g[typename P::template node_t<slot>{}];
                if (!same_shape(out.shape(), value.shape())) out.resize(value.shape());
            }
        });
    }

    // One forward and one backward pass (or one forward pass with a tangent), writing the
    // gradients into g (which has the right shapes).
    static ETGRAD_ALWAYS_INLINE constexpr auto run_into(gradients_type& g, const E& f, const Bindings& b) {
        ev_t ev(f, b);
        if constexpr (forward_mode) {
            constexpr std::size_t slot = layout::slots[0];
            auto& out = g[typename P::template node_t<slot>{}];
            out = static_cast<std::remove_cvref_t<decltype(out)>>(ev.template forward_with_tangent<slot>());
        } else {
            static_for<layout::slots.size()>([&](auto k) {
                constexpr std::size_t slot = layout::slots[k];
                if constexpr (P::is_array[slot])
                    ev.template set_gradient_output<slot>(g[typename P::template node_t<slot>{}].data());
            });
            ev.forward();
            ev.backward();
            static_for<layout::slots.size()>([&](auto k) {
                constexpr std::size_t slot = layout::slots[k];
                if constexpr (!P::is_array[slot]) {
                    auto& out = g[typename P::template node_t<slot>{}];
                    out = static_cast<std::remove_cvref_t<decltype(out)>>(ev.template adjoint<slot>());
                }
            });
        }
        return ev.value();
    }

    // One forward and one backward pass writing each gradient where the caller wants it:
    // destination(placeholder) gives memory for as many elements as the value bound to it.
    template <class Destination>
    static auto run_to(const Destination& destination, const E& f, const Bindings& b) {
        ev_t ev(f, b);
        static_for<layout::slots.size()>([&](auto k) {
            constexpr std::size_t slot = layout::slots[k];
            static_assert(P::is_array[slot], "gradient_program::run_to: every wanted placeholder must be bound to an array");
            ev.template set_gradient_output<slot>(destination(typename P::template node_t<slot>{}));
        });
        ev.forward();
        ev.backward();
        return ev.value();
    }

    static constexpr auto value_and_grad(const E& f, const Bindings& b) {
        auto g = gradients_like(b);
        const auto value = run_into(g, f, b);
        return value_and_gradients<std::remove_const_t<decltype(value)>, gradients_type>{value, std::move(g)};
    }
};

}  // namespace detail

/// The value of the expression `f` for the given bindings.
///
/// @param f an expression built from placeholders (eg::var) and etgrad's operators and functions.
/// @param args one binding `x = value` for every placeholder `f` uses (eg::wrt is accepted and ignored).
/// @return a number for a scalar-valued `f`, else an `xt::xarray` of `f`'s shape. `constexpr`
///         when every bound value is a number.
///
/// @code
/// constexpr auto x = eg::var<"x">;
/// double v = eg::eval(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
/// @endcode
template <expression E, class... Args>
constexpr auto eval(const E& f, const Args&... args) {
    static_assert(detail::check_arguments<Args...>::value);
    const auto b = detail::collect_bindings(args...);
    detail::evaluation<E, std::remove_const_t<decltype(b)>, wrt_t<>> ev(f, b);
    using P = typename decltype(ev)::P;
    ev.forward();
    if constexpr (!P::is_array[P::root]) {
        return ev.value();
    } else {
        xt::xarray<typename P::value_type> out;
        const shape_t& s = ev.shape_of(P::root);
        out.resize(std::vector<std::size_t>(s.dims.begin(), s.dims.begin() + static_cast<std::ptrdiff_t>(s.rank)));
        ev.write_root(out.data());
        return out;
    }
}

/// The value of a scalar-valued `f` and its gradient, from one forward and one backward pass.
///
/// @param f a scalar-valued expression (reduce an array-valued one with eg::sum or eg::mean).
/// @param args one binding `x = value` for every placeholder `f` uses, and at most one
///        eg::wrt(...) naming the placeholders to differentiate with respect to (by default,
///        every bound placeholder `f` uses).
/// @return a value_and_gradients `{value, grad}`; `grad[x]` has the shape and value type of the
///         value bound to `x`. `constexpr` when every bound value is a number.
///
/// @code
/// auto [v, g] = eg::value_and_grad(eg::sum(x * y) + eg::exp(y), x = xv, y = 0.5);
/// @endcode
///
/// A complete program (examples/static_seed_gradient.cpp, built and run by the examples):
/// @include static_seed_gradient.cpp
template <expression E, class... Args>
constexpr auto value_and_grad(const E& f, const Args&... args) {
    static_assert(detail::check_arguments<Args...>::value);
    const auto b = detail::collect_bindings(args...);
    return detail::gradient_program<E, std::remove_const_t<decltype(b)>,
                                    typename detail::wanted_of<Args...>::type>::value_and_grad(f, b);
}

/// value_and_grad() writing into the gradients `g` of an earlier call, so that a loop of
/// evaluations allocates nothing.
///
/// @param g the `grad` member of an earlier value_and_grad(f, args...) with arguments of the same
///        types; an array gradient is resized when the bound value's shape changed.
/// @param f the expression of that call.
/// @param args bindings (and eg::wrt) of the same types as in that call.
/// @return the value of `f`.
///
/// @code
/// auto r = eg::value_and_grad(f, x = xv);
/// for (int i = 0; i < 100; ++i) double v = eg::value_and_grad_into(r.grad, f, x = xv);
/// @endcode
template <class G, expression E, class... Args>
auto value_and_grad_into(G& g, const E& f, const Args&... args) {
    static_assert(detail::check_arguments<Args...>::value);
    const auto b = detail::collect_bindings(args...);
    using bindings_t = std::remove_const_t<decltype(b)>;
    using wanted_t = typename detail::wanted_of<Args...>::type;
    using program_t = detail::gradient_program<E, bindings_t, wanted_t>;
    static_assert(std::is_same_v<G, typename program_t::gradients_type>,
                  "etgrad::value_and_grad_into(g, f, args...): g must be the gradients of an earlier "
                  "value_and_grad(f, args...) with arguments of the same types");
    program_t::reshape_gradients(g, b);
    return program_t::run_into(g, f, b);
}

/// The gradient of a scalar-valued `f`: value_and_grad() without the value.
///
/// @return gradients `g` with `g[x]` for every bound placeholder `f` uses, or for those listed in
///         eg::wrt(...); `g[x]` has the shape and value type of the value bound to `x`.
///
/// @code
/// static_assert(eg::grad(x * x * x, x = 2.0)[x] == 12.0);
/// @endcode
template <expression E, class... Args>
constexpr auto grad(const E& f, const Args&... args) {
    return value_and_grad(f, args...).grad;
}

}  // namespace etgrad
