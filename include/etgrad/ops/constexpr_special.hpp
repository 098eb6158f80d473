// SPDX-License-Identifier: MIT
#pragma once

// Constant-evaluable special functions for float and double: lgamma, the polygamma functions
// (digamma, trigamma, ...) and the log of the standard normal CDF.  libm has no digamma and no
// log-CDF, so these run at run time too; lgamma runs here during constant evaluation only.
// Written under the rules of ops/constexpr_math.hpp, whose double-double helpers they use.
//
// Methods: lgamma by the Taylor series of lgamma(2 + t) (coefficients zeta(k) - 1) on
// [0, 2.5], the recurrence up to 13 and Stirling's series above, reflection below 0.  Digamma
// on [0.5, 2.5) by that series' derivative.  Polygamma otherwise by the recurrence up to 16 + 2n and the asymptotic series with Bernoulli numbers, reflection
// below 0 (derivatives of pi cot(pi x) as polynomials in the cotangent).  The log-CDF through
// erfc, and through erfcx below -1 so that it does not underflow; its derivative below -1 too.

#include <etgrad/ops/constexpr_math.hpp>

namespace etgrad::detail::cx {

namespace impl {

inline constexpr double one_minus_euler = 0x1.b0ee6072093cep-2;  // 1 - Euler's gamma
inline constexpr double half_log_2pi = 0x1.d67f1c864beb5p-1;
inline constexpr double log_pi = 0x1.250d048e7a1bdp+0;
inline constexpr double inv_sqrt2 = 0x1.6a09e667f3bcdp-1;
inline constexpr double sqrt_2_over_pi = 0x1.9884533d43651p-1;
inline constexpr double inv_sqrt_2pi = 0x1.9884533d43651p-2;

// zeta(k) - 1 for k = 2 .. 41 (60-digit reference).
inline constexpr double zeta_minus_1[] = {
    0x1.4a34cc4a60fa6p-1,  0x1.9dd002780310ap-3,  0x1.51322ac7d8483p-4,  0x1.2e831d94f99b7p-5,
    0x1.1c26130249124p-6,  0x1.1196d0a679c47p-7,  0x1.0b36af86396e9p-8,  0x1.073e7b02d6ae0p-9,
    0x1.04b8ce96ee5f8p-10, 0x1.0318df2459954p-11, 0x1.020a5b2cd3042p-12, 0x1.01593a1177bd6p-13,
    0x1.00e4af2b4e156p-14, 0x1.0097bcbf11bedp-15, 0x1.0064cdeb22f0fp-16, 0x1.0043073686681p-17,
    0x1.002c9953744ccp-18, 0x1.001db08f9ba4ap-19, 0x1.0013c594466eap-20, 0x1.000d2bab28121p-21,
    0x1.0008c66cec77dp-22, 0x1.0005d8f13858cp-23, 0x1.0003e59ffde12p-24, 0x1.000298ea55633p-25,
    0x1.0001bb316ccdap-26, 0x1.0001276b90845p-27, 0x1.0000c4ed05ae3p-28, 0x1.0000834601a87p-29,
    0x1.00005782aaebep-30, 0x1.00003a56719b9p-31, 0x1.000026e3f644fp-32, 0x1.000019ed24201p-33,
    0x1.00001148ad653p-34, 0x1.00000b85be414p-35, 0x1.000007ae797ffp-36, 0x1.0000051ef8ffap-37,
    0x1.00000369f9ff9p-38, 0x1.00000246a5ffbp-39, 0x1.000001846e551p-40, 0x1.00000102f40e1p-41,
};

// Bernoulli numbers B_2k, k = 1 .. 10.
inline constexpr double bernoulli_2k[] = {
    1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798,
    -174611.0 / 330,
};

// sin(pi x) and cos(pi x) for a finite x, with x reduced exactly to r = x - n, |r| <= 1/2.
struct pi_trig {
    double sin;
    double cos;
};
constexpr pi_trig sincos_pi(double x) noexcept {
    if (fabs(x) >= 0x1p62) return {0.0, 1.0};  // an even integer
    i64 n = static_cast<i64>(x);
    double r = x - static_cast<double>(n);  // exact, |r| < 1
    if (r > 0.5) {
        r -= 1.0;
        ++n;
    } else if (r < -0.5) {
        r += 1.0;
        --n;
    }
    const double s = sin_d(pi_hi * r);
    const double c = sin_d(pi_hi * (0.5 - fabs(r)));  // cos(pi r) without cancellation near r = 1/2
    return (n & 1) != 0 ? pi_trig{-s, -c} : pi_trig{s, c};
}

// lgamma(2 + t) - (1 - gamma) t = sum_{k >= 2} (zeta(k) - 1) (-t)^k / k, for |t| <= 1/2.
constexpr double lgamma_series(double t) noexcept {
    double acc = 0.0;
    for (int k = 41; k >= 2; --k) acc = acc * -t + zeta_minus_1[k - 2] / k;
    return t * t * acc;
}

constexpr double lgamma_pos(double x) noexcept {  // x > 0, finite
    // Below 2.5 the series, with arguments that are exact: t = x - 1 and x - 2 are (Sterbenz).
    if (x < 0.5) return (one_minus_euler * x + lgamma_series(x)) - log1p_d(x) - log_d(x);
    if (x < 1.5) {
        const double t = x - 1.0;
        return (one_minus_euler * t + lgamma_series(t)) - log1p_d(t);
    }
    if (x < 2.5) {
        const double t = x - 2.0;
        return one_minus_euler * t + lgamma_series(t);
    }
    if (x < 13.0) {  // lgamma(x) = lgamma(y) + log((x - 1) ... y) with y = x - n in [1.5, 2.5)
        double y = x;
        double product = 1.0;
        while (y >= 2.5) {
            y -= 1.0;  // exact
            product *= y;
        }
        return lgamma_pos(y) + log_d(product);
    }
    if (x > 0x1p900) return x * (log_d(x) - 1.0);  // overflows to inf where it should
    // Stirling: (x - 1/2) log x - x + log(2 pi) / 2 + sum B_2k / (2k (2k - 1) x^(2k - 1)).
    const double z = 1.0 / (x * x);
    double acc = 0.0;
    for (int k = 10; k >= 1; --k) acc = acc * z + bernoulli_2k[k - 1] / ((2 * k) * (2 * k - 1));
    const dd l = log_dd(x);
    dd p = two_prod(x - 0.5, l.hi);
    p.lo += (x - 0.5) * l.lo;
    const dd d = two_sum(p.hi, -x);
    return d.hi + (d.lo + p.lo + half_log_2pi + acc / x);
}

constexpr double lgamma_d(double x) noexcept {
    if (isnan(x)) return x;
    if (isinf(x)) return inf;
    if (x > 0.0) return lgamma_pos(x);
    // Reflection: |Gamma(x)| = pi / (|sin(pi x)| Gamma(1 - x)); poles at 0 and the negative integers.
    const double s = sincos_pi(x).sin;
    if (s == 0.0) return inf;
    return log_pi - log_d(fabs(s)) - lgamma_pos(1.0 - x);
}

constexpr double factorial(int n) noexcept {
    double f = 1.0;
    for (int i = 2; i <= n; ++i) f *= i;
    return f;
}

// d/dt lgamma_series(t): digamma(2 + t) = (1 - gamma) + this, for |t| <= 1/2.
constexpr double digamma_series(double t) noexcept {
    double acc = 0.0;
    for (int k = 41; k >= 2; --k) acc = acc * -t + zeta_minus_1[k - 2];
    return t * acc;
}

// psi^(N)(x) for x > 0: the recurrence psi^(N)(x) = psi^(N)(x + 1) - (-1)^N N! / x^(N+1) up to
// X >= 16 + 2N, then the asymptotic series there:
//   psi^(N)(X) = (-1)^(N+1) [lead + sum_k B_2k (2k + N - 1)! / ((2k)! X^(2k + N))]
// with lead = -log X + 1/(2X) for N = 0 and (N - 1)!/X^N + N!/(2 X^(N+1)) otherwise.
constexpr double polygamma_pos(int N, double x) noexcept {
    // digamma on [0.5, 2.5) from the series around 2 (exact arguments): the recurrence would
    // cancel its terms to the value, 0.5 to 1, near 1 and 2.
    if (N == 0 && x >= 0.5 && x < 2.5) {
        if (x < 1.5) return (one_minus_euler + digamma_series(x - 1.0)) - 1.0 / x;
        return one_minus_euler + digamma_series(x - 2.0);
    }
    double shifted = 0.0;  // sum of 1 / (x + j)^(N+1)
    while (x < 16.0 + 2 * N) {
        double p = x;
        for (int i = 0; i < N; ++i) p *= x;
        shifted += 1.0 / p;
        x += 1.0;
    }
    const double inv = 1.0 / x;
    const double z = inv * inv;
    double series = 0.0;
    for (int k = 10; k >= 1; --k) {
        double c = N == 0 ? bernoulli_2k[k - 1] / (2 * k) : bernoulli_2k[k - 1];  // B_2k (2k + N - 1)! / (2k)!
        for (int i = 1; i < N; ++i) c *= 2 * k + i;
        series = series * z + c;
    }
    double inv_n = 1.0;  // X^-N
    for (int i = 0; i < N; ++i) inv_n *= inv;
    series *= z * inv_n;
    const double lead = N == 0 ? 0.5 * inv - log_d(x) : inv_n * (factorial(N - 1) + 0.5 * N * factorial(N - 1) * inv);
    const double r = factorial(N) * shifted + lead + series;
    return N % 2 == 1 ? r : -r;
}

// The highest order of polygamma below 0 (the reflection's polynomials have N + 2 coefficients);
// above it, and for negative orders, polygamma is NaN.
inline constexpr int max_polygamma_order = 62;

// d^N/dx^N cot(pi x) = pi^N P_N(cot(pi x)), with P_0(c) = c and P_{k+1}(c) = -(1 + c^2) P_k'(c).
constexpr double cot_derivative(int N, double c) noexcept {
    double p[max_polygamma_order + 2] = {};
    p[1] = 1.0;
    for (int k = 0; k < N; ++k) {
        double q[max_polygamma_order + 2] = {};
        for (int i = 0; i + 1 < N + 2; ++i) q[i] = (i + 1) * p[i + 1];
        for (int i = 0; i < N + 2; ++i) p[i] = -(q[i] + (i >= 2 ? q[i - 2] : 0.0));
    }
    double acc = p[N + 1];  // (not 0 * c: c is infinite at tiny x, where cot(pi x) overflows)
    for (int i = N; i >= 0; --i) acc = acc * c + p[i];
    double pi_n = 1.0;
    for (int i = 0; i < N; ++i) pi_n *= pi_hi;
    return pi_n * acc;
}

// Poles at 0 and the negative integers: +inf for odd N (both sides tend to +inf), -inf at +0
// and +inf at -0 for digamma (as torch.digamma), NaN otherwise. The order N is a run-time
// number, so that each derivative of polygamma is polygamma again, of one order more.
constexpr double polygamma_d(int N, double x) noexcept {
    if (N < 0 || N > max_polygamma_order) return qnan;
    if (isnan(x)) return x;
    if (x == inf) return N == 0 ? inf : 0.0;
    if (x > 0.0) return polygamma_pos(N, x);
    if (x == -inf) return qnan;
    if (x == 0.0 && N == 0) return signbit(x) ? inf : -inf;
    const pi_trig t = sincos_pi(x);
    if (t.sin == 0.0) return N % 2 == 1 ? inf : qnan;
    // Reflection: psi^(N)(x) = (-1)^N psi^(N)(1 - x) - pi d^N/dx^N cot(pi x).
    const double reflected = polygamma_pos(N, 1.0 - x);
    return (N % 2 == 1 ? -reflected : reflected) - pi_hi * cot_derivative(N, t.cos / t.sin);
}

// Phi(-x) = erfcx(z) e^(-x^2/2) / 2 for x >= 1/sqrt(2), z = x/sqrt(2): x^2 is formed exactly, so
// the rounding of z (which erfc(z) would magnify by 2 z^2) only reaches the slowly varying erfcx.
constexpr double normal_upper_tail(double x) noexcept {
    const dd sq = two_prod(x, x);
    return 0.5 * erfcx_pos(x * inv_sqrt2).hi * from_parts(exp_reduce(-0.5 * sq.hi, -0.5 * sq.lo), 0);
}

// log Phi(x), Phi the standard normal CDF, accurate in both tails (as torch.special.log_ndtr).
constexpr double normal_log_cdf_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x > 0x1p500) return -0.0;  // Phi(-x) = 0
    if (x >= 1.0) return log1p_d(-normal_upper_tail(x));
    if (x > -1.0) return log_d(0.5 * erfc_d(-x * inv_sqrt2));
    if (x < -0x1p500) return -inf;  // -x^2/2 overflows
    // log Phi(x) = log(erfcx(z) / 2) - x^2 / 2 with z = -x/sqrt(2): nothing underflows.
    const dd f = erfcx_pos(-x * inv_sqrt2);
    const dd sq = two_prod(x, x);
    return -0.5 * sq.hi + ((log_d(0.5 * f.hi) + f.lo / f.hi) - 0.5 * sq.lo);
}

// phi(x) / Phi(x): below -1 as sqrt(2/pi) / erfcx(-x/sqrt 2), about -x in the far tail, where
// exp(-(log Phi(x) + x^2/2)) / sqrt(2 pi) subtracts two terms of about x^2/2.
constexpr double normal_log_cdf_slope_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x < -1.0) return sqrt_2_over_pi / erfcx_pos(-x * inv_sqrt2).hi;
    return inv_sqrt_2pi * exp_d(-(normal_log_cdf_d(x) + 0.5 * x * x));
}

}  // namespace impl

template <cx_floating T>
constexpr T lgamma(T x) noexcept {
    return impl::apply([](double v) { return impl::lgamma_d(v); }, x);
}

template <cx_floating T>
constexpr T polygamma(int n, T x) noexcept {
    return impl::apply([n](double v) { return impl::polygamma_d(n, v); }, x);
}

template <cx_floating T>
constexpr T normal_log_cdf(T x) noexcept {
    return impl::apply([](double v) { return impl::normal_log_cdf_d(v); }, x);
}

template <cx_floating T>
constexpr T normal_log_cdf_slope(T x) noexcept {
    return impl::apply([](double v) { return impl::normal_log_cdf_slope_d(v); }, x);
}

}  // namespace etgrad::detail::cx
