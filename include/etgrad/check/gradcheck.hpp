// SPDX-License-Identifier: MIT
// gradcheck: compares grad with central finite differences, with the tolerances of
// torch.autograd.gradcheck (eps 1e-6, atol 1e-5, rtol 1e-3 in double). For scalar bindings it
// runs at compile time: static_assert(eg::gradcheck(f, x = 0.5)).
#pragma once
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <etgrad/expr/api.hpp>

namespace etgrad {

/// gradcheck()'s finite-difference step and tolerances (torch.autograd.gradcheck's defaults).
struct gradcheck_tolerances {
    double eps = 1e-6;   ///< step of the central difference
    double atol = 1e-5;  ///< absolute tolerance
    double rtol = 1e-3;  ///< relative tolerance, of the numerical derivative
};

namespace detail {

constexpr double absolute(double v) { return v < 0 ? -v : v; }

constexpr bool close(double analytic, double numeric, const gradcheck_tolerances& tol) {
    return absolute(analytic - numeric) <= tol.atol + tol.rtol * absolute(numeric);
}

template <std::size_t K, class Bindings, class V>
constexpr auto rebind(const Bindings& b, const V& value) {
    using old = std::tuple_element_t<K, Bindings>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return std::make_tuple([&] {
            if constexpr (I == K)
                return binding<old::name, const V&>{value};
            else
                return std::get<I>(b);
        }()...);
    }(std::make_index_sequence<std::tuple_size_v<Bindings>>{});
}

template <class E, class Bindings>
constexpr double eval_with(const E& f, const Bindings& b) {
    // the call was checked: the bindings f does not use were allowed
    return static_cast<double>(std::apply([&](const auto&... each) { return eval(f, each..., allow_unused); }, b));
}

// The type the finite differences step in: integers are stepped as doubles (an integer binding
// computes in double anyway; value + eps cast back to it would not move).
template <class V>
using stepped = std::conditional_t<std::is_integral_v<V>, double, V>;

// Central difference of f along the bound value of binding K, element by element.
template <std::size_t K, class E, class Bindings, class G>
constexpr bool check_binding(const E& f, const Bindings& b, const G& analytic, const gradcheck_tolerances& tol) {
    const auto& value = std::get<K>(b).value;
    using V = std::remove_cvref_t<decltype(value)>;
    if constexpr (bindable_number<V>) {
        const stepped<V> plus = static_cast<stepped<V>>(value + tol.eps);
        const stepped<V> minus = static_cast<stepped<V>>(value - tol.eps);
        const double numeric = (eval_with(f, rebind<K>(b, plus)) - eval_with(f, rebind<K>(b, minus))) / (2 * tol.eps);
        return close(static_cast<double>(analytic), numeric, tol);
    } else {
        using element = stepped<typename V::value_type>;
        auto probe = xt::xarray<element>(xt::xarray<element>::from_shape({static_cast<std::size_t>(std::size(value))}));
        std::size_t n = 0;
        for (auto v : value) probe.flat(n++) = v;
        if constexpr (xt::is_xexpression<V>::value) probe.reshape(std::vector<std::size_t>(value.shape().begin(), value.shape().end()));
        const auto rebound = rebind<K>(b, probe);
        bool ok = true;
        std::size_t i = 0;
        for (auto g : analytic) {
            const auto saved = probe.flat(i);
            probe.flat(i) = static_cast<element>(saved + tol.eps);
            const double up = eval_with(f, rebound);
            probe.flat(i) = static_cast<element>(saved - tol.eps);
            const double down = eval_with(f, rebound);
            probe.flat(i) = saved;
            ok = ok && close(static_cast<double>(g), (up - down) / (2 * tol.eps), tol);
            ++i;
        }
        return ok;
    }
}

}  // namespace detail

/// True when the gradient of `f` agrees with central finite differences for every bound
/// placeholder `f` uses: `|analytic - numeric| <= atol + rtol * |numeric|` for every element.
///
/// @param f    a scalar expression.
/// @param args the bindings, as for grad() (eg::wrt and eg::allow_unused included).
///
/// `constexpr` for scalar bindings: `static_assert(eg::gradcheck(eg::exp(x) * eg::sin(x), x = 0.5));`.
template <detail::expression_argument E, class... Args>
constexpr bool gradcheck(const E& f, const Args&... args) {
    return gradcheck(gradcheck_tolerances{}, f, args...);
}
/// gradcheck() with the step and tolerances `tol`: `eg::gradcheck({.eps = 1e-4, .atol = 1e-6}, f, x = 0.5)`.
template <detail::expression_argument E, class... Args>
constexpr bool gradcheck(const gradcheck_tolerances& tol, const E& f, const Args&... args) {
    using mistake = typename detail::call_mistake<E, Args...>::type;
    if constexpr (detail::is_mistake<mistake>) {
        return detail::failed_with<mistake>();
    } else {
        const auto g = grad(f, args...);
        const auto b = detail::collect_bindings(args...);
        bool ok = true;
        detail::static_for<std::tuple_size_v<decltype(b)>>([&](auto k) {
            using name_holder = placeholder<std::tuple_element_t<k, decltype(b)>::name>;
            if constexpr (std::remove_cvref_t<decltype(g)>::template has<name_holder::name>)
                ok = ok && detail::check_binding<k>(f, b, g[name_holder{}], tol);
        });
        return ok;
    }
}

}  // namespace etgrad
