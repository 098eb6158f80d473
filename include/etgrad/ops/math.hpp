// SPDX-License-Identifier: MIT
// The elementary functions the op rules are written in. Each one works on three kinds of
// operand, so that a rule written once serves every evaluation mode:
//   - a floating-point number (constexpr implementations during constant evaluation, libm otherwise),
//   - an xsimd batch (fused SIMD loops of the static layer),
//   - a symbolic operand (ops/symbolic.hpp): a static expression, for symbolic derivatives, or a
//     tensor, for a backward that is itself recorded; the call records a new node.
#pragma once
#include <array>
#include <cmath>
#include <concepts>
#include <limits>
#include <numbers>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include <etgrad/ops/symbolic.hpp>
#include <etgrad/ops/constexpr_math.hpp>
#include <etgrad/ops/constexpr_special.hpp>

namespace etgrad::ops {
struct exp_op;
struct log_op;
struct log1p_op;
struct expm1_op;
struct sqrt_op;
struct sin_op;
struct cos_op;
struct tan_op;
struct tanh_op;
struct erf_op;
struct erfc_op;
struct asin_op;
struct acos_op;
struct atan_op;
struct sinh_op;
struct cosh_op;
struct asinh_op;
struct acosh_op;
struct atanh_op;
struct cbrt_op;
struct exp2_op;
struct log2_op;
struct log10_op;
struct lgamma_op;
struct digamma_op;
struct polygamma_op;
struct normal_cdf_op;
struct normal_log_cdf_op;
struct normal_log_cdf_slope_op;
struct sigmoid_op;
struct softplus_op;
struct log_sigmoid_op;
struct reciprocal_op;
struct atan2_op;
struct hypot_op;
struct maximum_op;
struct minimum_op;
struct max_weight_op;
struct clamp_op;
struct clamp_weight_op;
struct abs_op;
struct step_op;
struct sign_op;
struct is_zero_op;
struct relu_op;
struct pow_scalar_op;
template <int N>
struct pow_int_op;
struct xlogy_op;
struct pow_op;
struct div_op;
}  // namespace etgrad::ops

namespace etgrad::math {

template <class T>
struct is_batch : std::false_type {};
template <class T, class A>
struct is_batch<xsimd::batch<T, A>> : std::true_type {};
template <class T>
inline constexpr bool is_batch_v = is_batch<std::remove_cvref_t<T>>::value;

// A number or a batch of numbers (not a symbolic expression of the static layer's eg::d).
template <class T>
concept numeric = std::is_arithmetic_v<std::remove_cvref_t<T>> || is_batch_v<T>;

// The scalar type of an operand: a literal inside a rule is converted to it, so that float
// batches are never mixed with double literals.
template <class X>
struct scalar_of {
    using type = double;  // expressions keep literals as double constants
};
template <std::floating_point T>
struct scalar_of<T> {
    using type = T;
};
template <class T, class A>
struct scalar_of<xsimd::batch<T, A>> {
    using type = T;
};

// Op types are incomplete here; naming them as template arguments defers their use to
// instantiation, when ops/ has defined them. make_unary and make_binary are found by
// argument-dependent lookup in the namespace of the symbolic operand's layer.
template <class Op, class E, class... OpArgs>
constexpr auto symbolic_unary(const E& e, OpArgs... op_args) {
    return make_unary(Op{op_args...}, e);
}
template <class Op, class X, class Y>
constexpr auto symbolic_binary(const X& x, const Y& y) {
    return make_binary(Op{}, x, y);
}

template <class X>
constexpr auto lit(double c) {
    return static_cast<typename scalar_of<std::remove_cvref_t<X>>::type>(c);
}

// f applied to each element of a batch (of two operands, element by element; one of them may be a
// number, taken for every element): for the functions xsimd lacks, and where xsimd's are not as
// accurate as libm's.
template <class T, class A, class F>
xsimd::batch<T, A> lanewise(const xsimd::batch<T, A>& x, F f) {
    alignas(A::alignment()) std::array<T, xsimd::batch<T, A>::size> v{};
    x.store_aligned(v.data());
    for (T& e : v) e = f(e);
    return xsimd::batch<T, A>::load_aligned(v.data());
}
template <class X, class Y, class F>
auto lanewise(const X& x, const Y& y, F f) {
    using batch = std::conditional_t<is_batch_v<X>, std::remove_cvref_t<X>, std::remove_cvref_t<Y>>;
    alignas(batch::arch_type::alignment()) std::array<typename batch::value_type, batch::size> v{}, w{};
    batch(x).store_aligned(v.data());
    batch(y).store_aligned(w.data());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = f(v[i], w[i]);
    return batch::load_aligned(v.data());
}

// One name, three kinds of operand (see the top of this file).
#define ETGRAD_SCALAR_FUNCTION(name, libm_name)                                         \
    template <std::floating_point T>                                                    \
    constexpr T name(T x) {                                                             \
        if (std::is_constant_evaluated()) return ::etgrad::detail::cx::libm_name(x);    \
        return std::libm_name(x);                                                       \
    }                                                                                   \
    template <symbolic E>                                                               \
    constexpr auto name(const E& e) {                                                   \
        return symbolic_unary<ops::name##_op>(e);                                       \
    }
#define ETGRAD_ELEMENTARY_FUNCTION(name, libm_name)                                     \
    ETGRAD_SCALAR_FUNCTION(name, libm_name)                                             \
    template <class T, class A>                                                         \
    xsimd::batch<T, A> name(const xsimd::batch<T, A>& x) {                              \
        return xsimd::libm_name(x);                                                     \
    }
// xsimd 8's double erf, erfc and lgamma are far from libm's (sampled against glibc: erf 68 ulp near
// 2.2; erfc 3.5e4 ulp at 2.2, 1e5 at 9, 5e7 near 26; lgamma 1.4e5 ulp near its zero at 1): on
// batches, these take libm's function lane by lane, and an element's value is the same whether a
// SIMD loop or a scalar one computed it.
#define ETGRAD_LANE_BY_LANE_FUNCTION(name, libm_name)                                   \
    ETGRAD_SCALAR_FUNCTION(name, libm_name)                                             \
    template <class T, class A>                                                         \
    xsimd::batch<T, A> name(const xsimd::batch<T, A>& x) {                              \
        return lanewise(x, [](T e) { return std::libm_name(e); });                  \
    }

// xsimd's function where every element of the batch is in `fast_range` (a condition on the batch x:
// where xsimd's is as accurate as libm's), libm's lane by lane, out of line, otherwise. The test and
// xsimd's function stay inlined into the fused loop, where the streams in lockstep overlap their
// polynomials (exp, bench static / hand: P5 1.59x -> 1.50-1.53x, P8 1.37x -> 1.33x, P3 1.05x ->
// 1.02x); the test costs a compare and a branch per batch. NaN fails every range: libm's takes it.
template <class T, class A, class F>
[[gnu::noinline]] xsimd::batch<T, A> lanewise_out_of_line(const xsimd::batch<T, A>& x, F f) {
    return lanewise(x, f);
}
template <class T, class A, class F>
[[gnu::noinline]] xsimd::batch<T, A> lanewise_out_of_line(const xsimd::batch<T, A>& x, const xsimd::batch<T, A>& y, F f) {
    return lanewise(x, y, f);
}
#define ETGRAD_GUARDED_FUNCTION(name, libm_name, fast_range)                                   \
    ETGRAD_SCALAR_FUNCTION(name, libm_name)                                                     \
    template <class T, class A>                                                                 \
    [[gnu::always_inline]] inline xsimd::batch<T, A> name(const xsimd::batch<T, A>& x) {        \
        using batch = xsimd::batch<T, A>;                                                       \
        if (xsimd::all(fast_range)) [[likely]]                                                  \
            return xsimd::libm_name(x);                                                         \
        return lanewise_out_of_line(x, [](T e) { return std::libm_name(e); });              \
    }
template <class T>
inline constexpr bool single_precision = std::is_same_v<T, float>;
// xsimd 8's exp and expm1 overflow to inf before the largest finite result (at x = 709.44 in
// double, not 709.78; 88.38 in float, not 88.72), and exp gives 0 where its result is subnormal
// (below -708.40, -87.68). xsimd's exp also converts x / ln 2 to an integer, which is undefined for
// an infinite or NaN x (UBSan: float-cast-overflow) where the target has no vector double-to-int64
// conversion. One bound for both signs: an absolute value and a compare.
ETGRAD_GUARDED_FUNCTION(exp, exp, xsimd::abs(x) <= batch(T(single_precision<T> ? 87 : 708)))
// exp2 gives inf from 1023 (127 in float), not 1024, and wrong subnormal results.
ETGRAD_GUARDED_FUNCTION(exp2, exp2, xsimd::abs(x) <= batch(T(single_precision<T> ? 126 : 1022)))
// The logarithms and cbrt are wrong for subnormal x (log(5e-324): 1.8e13 ulp from libm's).
#define ETGRAD_NORMAL_NUMBERS(v) \
    ((v) >= batch(std::numeric_limits<T>::min())) & ((v) <= batch(std::numeric_limits<T>::max()))
ETGRAD_GUARDED_FUNCTION(log, log, ETGRAD_NORMAL_NUMBERS(x))
ETGRAD_GUARDED_FUNCTION(log2, log2, ETGRAD_NORMAL_NUMBERS(x))
ETGRAD_GUARDED_FUNCTION(log10, log10, ETGRAD_NORMAL_NUMBERS(x))
ETGRAD_GUARDED_FUNCTION(cbrt, cbrt, ETGRAD_NORMAL_NUMBERS(xsimd::abs(x)))
#undef ETGRAD_NORMAL_NUMBERS
// xsimd's expm1 and log1p give +0 for -0, where libm's and PyTorch's keep the sign (1 / expm1(-0)
// is -inf): a zero is passed through. expm1 is guarded as exp.
ETGRAD_SCALAR_FUNCTION(expm1, expm1)
template <class T, class A>
[[gnu::always_inline]] inline xsimd::batch<T, A> expm1(const xsimd::batch<T, A>& x) {
    using batch = xsimd::batch<T, A>;
    if (xsimd::all(xsimd::abs(x) <= batch(T(single_precision<T> ? 87 : 708)))) [[likely]]
        return xsimd::select(x == batch(T(0)), x, xsimd::expm1(x));
    return lanewise_out_of_line(x, [](T e) { return std::expm1(e); });
}
ETGRAD_SCALAR_FUNCTION(log1p, log1p)
template <class T, class A>
xsimd::batch<T, A> log1p(const xsimd::batch<T, A>& x) {
    return xsimd::select(x == xsimd::batch<T, A>(T(0)), x, xsimd::log1p(x));
}
ETGRAD_ELEMENTARY_FUNCTION(sqrt, sqrt)
ETGRAD_ELEMENTARY_FUNCTION(sin, sin)
ETGRAD_ELEMENTARY_FUNCTION(cos, cos)
ETGRAD_ELEMENTARY_FUNCTION(tan, tan)
ETGRAD_ELEMENTARY_FUNCTION(tanh, tanh)
ETGRAD_LANE_BY_LANE_FUNCTION(erf, erf)
ETGRAD_LANE_BY_LANE_FUNCTION(erfc, erfc)
ETGRAD_SCALAR_FUNCTION(abs, fabs)
template <class T, class A>
xsimd::batch<T, A> abs(const xsimd::batch<T, A>& x) {
    return xsimd::abs(x);
}
template <std::integral T>  // (an int64 tensor's abs stays int64, as PyTorch's)
constexpr T abs(T x) {
    return x < T(0) ? T(-x) : x;
}
ETGRAD_ELEMENTARY_FUNCTION(asin, asin)
ETGRAD_ELEMENTARY_FUNCTION(acos, acos)
ETGRAD_ELEMENTARY_FUNCTION(atan, atan)
ETGRAD_ELEMENTARY_FUNCTION(sinh, sinh)
ETGRAD_ELEMENTARY_FUNCTION(cosh, cosh)
ETGRAD_ELEMENTARY_FUNCTION(asinh, asinh)
// xsimd's acosh gives -inf or +inf, not NaN, below -2^28 (out of its domain, x >= 1).
ETGRAD_GUARDED_FUNCTION(acosh, acosh, x >= batch(T(1)))
ETGRAD_ELEMENTARY_FUNCTION(atanh, atanh)
ETGRAD_LANE_BY_LANE_FUNCTION(lgamma, lgamma)
#undef ETGRAD_LANE_BY_LANE_FUNCTION
#undef ETGRAD_GUARDED_FUNCTION
#undef ETGRAD_ELEMENTARY_FUNCTION
#undef ETGRAD_SCALAR_FUNCTION

// sin and cos of one operand at once: on batches one range reduction serves both (xsimd::sincos).
template <std::floating_point T>
constexpr std::pair<T, T> sincos(T x) {
    return {sin(x), cos(x)};
}
template <class T, class A>
std::pair<xsimd::batch<T, A>, xsimd::batch<T, A>> sincos(const xsimd::batch<T, A>& x) {
    return xsimd::sincos(x);
}

// The same for two operands; a number on one side of an expression becomes a constant.
// `on_batches` computes it when either operand is a batch.
#define ETGRAD_ELEMENTARY_FUNCTION2(name, on_batches)                                   \
    template <class X, class Y>                                                         \
    constexpr auto name(const X& x, const Y& y) {                                       \
        if constexpr (symbolic<X> || symbolic<Y>)                                       \
            return symbolic_binary<ops::name##_op>(x, y);                               \
        else if constexpr (is_batch_v<X> || is_batch_v<Y>)                              \
            return on_batches;                                                          \
        else if (std::is_constant_evaluated())                                          \
            return ::etgrad::detail::cx::name(x, y);                                    \
        else                                                                            \
            return std::name(x, y);                                                     \
    }

// xsimd 8's atan2 is NaN where both operands are zeros or both infinite (atan2(0, -0) is pi):
// libm's lane by lane for a batch with such a lane.
template <class X, class Y>
auto atan2_of_batches(const X& x, const Y& y) {
    using batch = std::conditional_t<is_batch_v<X>, std::remove_cvref_t<X>, std::remove_cvref_t<Y>>;
    const batch a(x), b(y);
    const batch zero(0), inf(std::numeric_limits<typename batch::value_type>::infinity());
    const auto special = ((a == zero) & (b == zero)) | ((xsimd::abs(a) == inf) & (xsimd::abs(b) == inf));
    if (xsimd::none(special)) [[likely]]
        return xsimd::atan2(a, b);
    return lanewise_out_of_line(a, b, [](auto u, auto v) { return std::atan2(u, v); });
}
ETGRAD_ELEMENTARY_FUNCTION2(atan2, atan2_of_batches(x, y))
// xsimd 8's hypot overflows to inf where the result is finite (hypot(1.4e301, 1e-299)) and flushes
// subnormal results to 0: on batches, libm's lane by lane.
ETGRAD_ELEMENTARY_FUNCTION2(hypot, lanewise(x, y, [](auto u, auto v) { return std::hypot(u, v); }))
#undef ETGRAD_ELEMENTARY_FUNCTION2

// The n-th derivative of digamma: digamma is polygamma(0, x), trigamma polygamma(1, x). The
// order is a run-time number (as torch.polygamma's): the derivative of an order is the next one,
// not a new type, so a tape node of order n does not instantiate every order above it.
template <class X>
constexpr auto polygamma(int n, const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::polygamma_op>(x, n);
    else if constexpr (is_batch_v<X>)
        return lanewise(x, [n](auto v) { return detail::cx::polygamma(n, v); });
    else
        return detail::cx::polygamma(n, x);
}
template <class X>
constexpr auto digamma(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::digamma_op>(x);
    else
        return math::polygamma(0, x);
}

// A function libm lacks, from etgrad's own scalar code (ops/constexpr_special.hpp), lane by lane on
// batches.
#define ETGRAD_OWN_FUNCTION(name)                                                   \
    template <class X>                                                              \
    constexpr auto name(const X& x) {                                               \
        if constexpr (symbolic<X>)                                                  \
            return symbolic_unary<ops::name##_op>(x);                               \
        else if constexpr (is_batch_v<X>)                                           \
            return lanewise(x, [](auto v) { return detail::cx::name(v); });         \
        else                                                                        \
            return detail::cx::name(x);                                             \
    }
// log of the standard normal CDF, accurate for very negative x (torch.special.log_ndtr).
ETGRAD_OWN_FUNCTION(normal_log_cdf)
// phi(x) / Phi(x), the derivative of normal_log_cdf.
ETGRAD_OWN_FUNCTION(normal_log_cdf_slope)
#undef ETGRAD_OWN_FUNCTION

// Functions composed of the ones above: a node on an expression, the formula on anything else.
template <class X>
constexpr auto normal_cdf(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::normal_cdf_op>(x);
    else
        return X(lit<X>(0.5) * math::erfc(X(-x * lit<X>(std::numbers::sqrt2 / 2))));
}

template <class X>
constexpr auto sigmoid(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::sigmoid_op>(x);
    else
        return X(X(lit<X>(1.0)) / (X(lit<X>(1.0)) + math::exp(X(-x))));
}

// x^n by repeated squaring: a few multiplies instead of a libm pow per element.
template <class X>
constexpr X ipow_number(X base, int n) {
    const bool invert = n < 0;
    unsigned m = invert ? 0u - static_cast<unsigned>(n) : static_cast<unsigned>(n);
    X result = X(lit<X>(1.0));
    while (m != 0) {
        if (m & 1u) result = result * base;
        m >>= 1;
        if (m != 0) base = base * base;
    }
    return invert ? X(lit<X>(1.0)) / result : result;
}

// x^N for an integer N known at compile time, by repeated squaring unrolled by the compiler.
template <int N, class X>
constexpr auto ipow(const X& x) {
    if constexpr (N == 1)
        return x;
    else if constexpr (symbolic<X>)
        return symbolic_unary<ops::pow_int_op<N>>(x);
    else if constexpr (N == 0)
        return X(lit<X>(1.0));
    else if constexpr (N < 0)
        return X(X(lit<X>(1.0)) / ipow<-N>(x));
    else if constexpr (N % 2 == 1)
        return X(ipow<N - 1>(x) * x);
    else {
        const X half = ipow<N / 2>(x);
        return X(half * half);
    }
}

// 1 / x.
template <class X>
constexpr auto reciprocal(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::reciprocal_op>(x);
    else
        return X(X(lit<X>(1.0)) / x);
}

// xsimd 8's pow is exp(y log x) without extra precision (399 ulp at 0.0003^41.8, pow(2, 1000)
// wrong in the 13th digit) and wrong at special values (pow(0, -1) = 0, not inf; subnormal bases):
// on batches, libm's lane by lane.
template <class X, class Y>
auto pow_lanewise(const X& x, const Y& y) {
    return lanewise(x, y, [](auto u, auto v) { return std::pow(u, v); });
}

// x^p for a number p; integer exponents (the common case) never reach libm.
template <class X>
constexpr auto pow(const X& x, double p) {
    if constexpr (symbolic<X>) {
        return symbolic_unary<ops::pow_scalar_op>(x, p);
    } else {
        if (p == 2.0) return X(x * x);
        if (p == 1.0) return x;
        // As PyTorch's pow: sqrt for 0.5 and its reciprocal for -0.5 (so pow(-0, 0.5) = -0 and
        // pow(-inf, 0.5) = NaN, where libm's pow gives +0 and +inf), at the cost of a square root.
        if (p == 0.5) return X(math::sqrt(x));
        if (p == -0.5) return X(X(lit<X>(1.0)) / math::sqrt(x));
        const bool small_integer = p >= -64.0 && p <= 64.0 && static_cast<double>(static_cast<int>(p)) == p;
        if (small_integer) return ipow_number(x, static_cast<int>(p));
        if constexpr (is_batch_v<X>)
            return pow_lanewise(x, lit<X>(p));
        else if (std::is_constant_evaluated())
            return detail::cx::pow(x, lit<X>(p));
        else
            return std::pow(x, lit<X>(p));
    }
}

// x^y with an exponent that is an operand, as torch.pow(Tensor, Tensor): libm's pow also where
// the exponent is a number (pow(-0, 0.5) is +0 here, -0 from pow(x, double)).
template <class X, class Y>
constexpr auto pow_of_operands(const X& x, const Y& y) {
    if constexpr (symbolic<X> || symbolic<Y>)
        return symbolic_binary<ops::pow_op>(x, y);
    else if constexpr (is_batch_v<X> || is_batch_v<Y>)
        return pow_lanewise(x, y);
    else if (std::is_constant_evaluated())
        return detail::cx::pow(x, y);
    else
        return std::pow(x, y);
}
template <class X, class Y>
    requires(!std::is_arithmetic_v<Y>)
constexpr auto pow(const X& x, const Y& y) {
    return pow_of_operands(x, y);
}

// 1 where x == 0, else 0 (also for NaN): pow's derivatives at 0 are PyTorch's through it.
template <class X>
constexpr auto is_zero(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::is_zero_op>(x);
    else if constexpr (is_batch_v<X>)
        return xsimd::select(x == X(0), X(1), X(0));
    else
        return x == X(0) ? X(1) : X(0);
}

// 0 where x <= 0, else 1 (also for NaN, as torch.relu's backward passes it): the derivative of relu.
template <class X>
constexpr auto step(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::step_op>(x);
    else if constexpr (is_batch_v<X>)
        return xsimd::select(x <= X(0), X(0), X(1));
    else
        return x <= X(0) ? X(0) : X(1);
}

// -1, 0 or 1: the derivative of abs (0 at 0, as PyTorch).
template <class X>
constexpr auto sign(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::sign_op>(x);
    else if constexpr (is_batch_v<X>)
        return xsimd::select(x > X(0), X(1), X(0)) - xsimd::select(x < X(0), X(1), X(0));
    else
        return x > X(0) ? X(1) : (x < X(0) ? X(-1) : X(0));
}

// max(x, 0) that lets NaN through, as torch.relu does.
template <class X>
constexpr auto relu(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::relu_op>(x);
    else if constexpr (is_batch_v<X>)
        return xsimd::select(x < X(0), X(0), x);
    else
        return x < X(0) ? X(0) : x;
}

// log(1 + e^x) as max(x, 0) + log1p(e^-|x|): no overflow for large |x|. softplus_of takes
// e = exp(-|x|) computed once (softplus_and_sigmoid_of below shares it with the derivative).
template <class X>
constexpr X exp_of_minus_abs(const X& x) {
    return math::exp(X(-math::abs(x)));
}
template <class X>
constexpr X softplus_of(const X& x, const X& e) {
    return X(math::relu(x) + math::log1p(e));
}
template <class X>
constexpr auto softplus(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::softplus_op>(x);
    else
        return softplus_of(x, exp_of_minus_abs(x));
}

// log(sigmoid(x)) = -softplus(-x).
template <class X>
constexpr auto log_sigmoid(const X& x) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::log_sigmoid_op>(x);
    else
        return X(-math::softplus(X(-x)));
}

// c ? a : b, lane by lane on batches.
template <class C, class X>
constexpr X choose(const C& c, const X& a, const X& b) {
    if constexpr (is_batch_v<X>)
        return xsimd::select(c, a, b);
    else
        return c ? a : b;
}

// softplus(x) and its derivative sigmoid(x) from e = exp(-|x|), softplus_op's value_and_slope:
// sigmoid(x) is 1 / (1 + e) for x >= 0 and e / (1 + e) below.
template <class X>
constexpr std::pair<X, X> softplus_and_sigmoid_of(const X& x, const X& e) {
    const X r = X(X(lit<X>(1.0)) / (X(lit<X>(1.0)) + e));
    return {softplus_of(x, e), math::choose(x >= X(lit<X>(0.0)), r, X(e * r))};
}

// The larger operand, NaN when either is NaN (torch.maximum).
template <class X, class Y>
constexpr auto maximum(const X& x, const Y& y) {
    if constexpr (symbolic<X> || symbolic<Y>)
        return symbolic_binary<ops::maximum_op>(x, y);
    else
        return choose(y != y, y, choose(x < y, y, x));
}

template <class X, class Y>
constexpr auto minimum(const X& x, const Y& y) {
    if constexpr (symbolic<X> || symbolic<Y>)
        return symbolic_binary<ops::minimum_op>(x, y);
    else
        return choose(y != y, y, choose(y < x, y, x));
}

// d maximum(x, y) / dx as torch.maximum's backward: 1 where x > y, 1/2 where x == y, 0 where
// x < y, and 1 where either is NaN.
template <class X, class Y>
constexpr auto max_weight(const X& x, const Y& y) {
    if constexpr (symbolic<X> || symbolic<Y>)
        return symbolic_binary<ops::max_weight_op>(x, y);
    else
        return choose(x < y, X(0), choose(x == y, X(lit<X>(0.5)), X(1)));
}

// min(max(x, lo), hi), NaN through (torch.clamp); hi wins where lo > hi.
template <class X>
constexpr auto clamp(const X& x, double lo, double hi) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::clamp_op>(x, lo, hi);
    else
        return math::minimum(math::maximum(x, X(lit<X>(lo))), X(lit<X>(hi)));
}

// d clamp(x, lo, hi) / dx as torch.clamp's backward: 1 where lo <= x <= hi (bounds included),
// 0 elsewhere and where x is NaN.
template <class X>
constexpr auto clamp_weight(const X& x, double lo, double hi) {
    if constexpr (symbolic<X>)
        return symbolic_unary<ops::clamp_weight_op>(x, lo, hi);
    else
        return choose(x >= X(lit<X>(lo)), choose(x <= X(lit<X>(hi)), X(1), X(0)), X(0));
}

// x * log(y), defined as 0 where x == 0 (so pow's exponent gradient is 0 at base 0, as PyTorch).
template <class X, class Y>
constexpr auto xlogy(const X& x, const Y& y) {
    if constexpr (symbolic<X> || symbolic<Y>)
        return symbolic_binary<ops::xlogy_op>(x, y);
    else if constexpr (is_batch_v<X>)
        return xsimd::select(x == X(0), X(0), x * math::log(y));
    else
        return x == X(0) ? X(0) : x * math::log(y);
}

}  // namespace etgrad::math
