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
#include <etgrad/expr/call_check.hpp>
#include <etgrad/expr/evaluate.hpp>
#include <etgrad/expr/gradients.hpp>
#include <etgrad/expr/program.hpp>

namespace etgrad {

namespace detail {

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
template <class E, class Bindings, class Wanted>
struct gradient_program {
    using ev_t = evaluation<E, Bindings, Wanted>;
    using P = typename ev_t::P;
    static_assert(sizeof(typename evaluation_mistake<E, Bindings, Wanted>::type) != 0);  // reports it, if any
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
            if constexpr (!bindable_number<std::remove_cvref_t<decltype(value)>>)
                reshape_gradient(g[typename P::template node_t<slot>{}], value);
        });
    }

    // One forward and one backward pass (or one forward pass with a tangent), writing the
    // gradients into g (which has the right shapes). Not inlined: value_and_grad and
    // value_and_grad_into each compiled the whole evaluation inline (bench/impl_static.cpp: 2% of
    // its compile time), for a call (P7s: 85 instructions per evaluation against 79).
    [[gnu::noinline]] static constexpr auto run_into(gradients_type& g, const E& f, const Bindings& b) {
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

// eval's work, once its arguments are checked.
template <class E, class Bindings>
constexpr auto value_of(const E& f, const Bindings& b) {
    evaluation<E, Bindings, wrt_t<>> ev(f, b);
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
template <detail::expression_argument E, class... Args>
constexpr auto eval(const E& f, const Args&... args) {
    using mistake = typename detail::call_mistake<E, Args...>::type;
    if constexpr (detail::is_mistake<mistake>)
        return detail::failed_with<mistake>();
    else
        return detail::value_of(f, detail::collect_bindings(args...));
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
template <detail::expression_argument E, class... Args>
constexpr auto value_and_grad(const E& f, const Args&... args) {
    using mistake = typename detail::call_mistake<E, Args...>::type;
    if constexpr (detail::is_mistake<mistake>)
        return value_and_gradients<detail::failed_call, detail::failed_call>{detail::failed_with<mistake>(), {}};
    else
        return detail::gradient_program<E, detail::bindings_of<Args...>,
                                        typename detail::wanted_of<Args...>::type>::value_and_grad(f, detail::collect_bindings(args...));
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
template <class G, detail::expression_argument E, class... Args>
auto value_and_grad_into(G& g, const E& f, const Args&... args) {
    using mistake = typename detail::call_mistake<E, Args...>::type;
    if constexpr (detail::is_mistake<mistake>) {
        return detail::failed_with<mistake>();
    } else {
        const auto b = detail::collect_bindings(args...);
        using program_t = detail::gradient_program<E, detail::bindings_of<Args...>, typename detail::wanted_of<Args...>::type>;
        static_assert(std::is_same_v<G, typename program_t::gradients_type>,
                      "etgrad::value_and_grad_into(g, f, args...): g must be the gradients of an earlier "
                      "value_and_grad(f, args...) with arguments of the same types");
        program_t::reshape_gradients(g, b);
        return program_t::run_into(g, f, b);
    }
}

/// The gradient of a scalar-valued `f`: value_and_grad() without the value.
///
/// @return gradients `g` with `g[x]` for every bound placeholder `f` uses, or for those listed in
///         eg::wrt(...); `g[x]` has the shape and value type of the value bound to `x`.
///
/// @code
/// static_assert(eg::grad(x * x * x, x = 2.0)[x] == 12.0);
/// @endcode
template <detail::expression_argument E, class... Args>
constexpr auto grad(const E& f, const Args&... args) {
    return value_and_grad(f, args...).grad;
}

}  // namespace etgrad
