// SPDX-License-Identifier: MIT
#pragma once

// Constant-evaluable elementary functions for float and double.
//
// The <cmath> functions are not constexpr in C++20 (and clang does not fold
// them at all), so etgrad carries its own.  Everything below is written so it
// can run in constant evaluation on g++ 12 and clang++ 14: only exact
// bit-level tricks via std::bit_cast, no arithmetic that overflows to inf or
// produces a NaN (special results are returned as named constants), no
// signed integer overflow, no allocation.  The same code runs at run time, so
// compile-time and run-time results agree bit for bit (unless the compiler
// contracts a*b+c into FMAs at run time, which can move a result by an ulp).
//
// Special values (inf, NaN, signed zeros, overflow/underflow) follow C99
// Annex F, i.e. they match std::exp & co.  errno and the floating-point
// exception flags are not set.  Do not compile with -ffast-math: the
// double-double arithmetic below relies on strict IEEE evaluation.
//
// Method: double-double (hi + lo) arithmetic in the critical steps; Taylor or
// Chebyshev polynomials on reduced ranges; Cody-Waite reduction for exp and
// for sin/cos/tan when |x| < 2^19 (pi/2 in four parts), Payne-Hanek with 2/pi
// to 1280 bits above that, so huge trig arguments are reduced exactly too.
// float is evaluated through the double code and rounded once; long double
// is not accepted (the templates are constrained to float and double).
//
// Accuracy (double), measured against a 50-digit reference: every function
// stays below 1 ulp (worst seen: exp 0.75, log 0.50, log1p 0.50, expm1 0.78,
// sin 0.68, cos 0.67, tan 0.78, tanh 0.65, erf 0.76, erfc 0.84, pow 0.66);
// sqrt is correctly rounded.  The inverse circular and the hyperbolic
// functions, cbrt, exp2, log2, log10 and hypot are composed from these and
// stay within a few ulps (tests/ops/constexpr_math_test.cpp).  exp and erfc results in the subnormal range are
// rounded twice, which can add up to half a (subnormal) ulp.

#include <bit>
#include <cmath>  // std::fma, only for the run-time path of two_prod
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace etgrad::detail::cx {

namespace impl {

using u64 = std::uint64_t;
using i64 = std::int64_t;

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
inline constexpr u64 frac_mask = (u64{1} << 52) - 1;
inline constexpr u64 sign_mask = u64{1} << 63;

// When the target has a hardware FMA the compiler may contract a*b+c at run
// time (g++ does so by default outside strict ISO modes), which breaks the
// Veltkamp split used by two_prod.  On such targets use std::fma at run time,
// which is exact and cheap there.
#if defined(__FMA__) || defined(__FP_FAST_FMA) || defined(__ARM_FEATURE_FMA)
inline constexpr bool runtime_fma = true;
#else
inline constexpr bool runtime_fma = false;
#endif

constexpr bool isnan(double x) noexcept { return x != x; }
constexpr bool isinf(double x) noexcept { return x == inf || x == -inf; }
constexpr bool signbit(double x) noexcept { return (std::bit_cast<u64>(x) & sign_mask) != 0; }
constexpr double fabs(double x) noexcept { return std::bit_cast<double>(std::bit_cast<u64>(x) & ~sign_mask); }

// 2^e for e in the normal range [-1022, 1023].
constexpr double pow2(int e) noexcept { return std::bit_cast<double>(static_cast<u64>(e + 1023) << 52); }

// Round to nearest (halves away from zero); only called with |x| < 2^30.
constexpr int iround(double x) noexcept { return static_cast<int>(x < 0 ? x - 0.5 : x + 0.5); }

// y * 2^k with a single rounding; y must be a normal number of moderate
// magnitude (|log2 y| < 64).  Overflow gives inf and underflow 0 without
// performing an overflowing operation (g++ rejects those in constant evaluation).
constexpr double scale(double y, int k) noexcept {
    const u64 b = std::bit_cast<u64>(y);
    const int e = static_cast<int>((b >> 52) & 0x7ff) - 1023 + k;
    if (e > 1023) return signbit(y) ? -inf : inf;
    if (e >= -1022) return std::bit_cast<double>(b + (static_cast<u64>(static_cast<i64>(k)) << 52));
    if (e < -1076) return signbit(y) ? -0.0 : 0.0;
    // Subnormal result: the first product is exact, the second rounds once.
    return (y * pow2(k + 200)) * pow2(-200);
}

template <std::size_t N>
constexpr double horner(double x, const double (&c)[N]) noexcept {  // c: highest degree first
    double acc = c[0];
    for (std::size_t i = 1; i < N; ++i) acc = acc * x + c[i];
    return acc;
}

// --- double-double helpers (value = hi + lo, |lo| <= ulp(hi)/2) -------------

struct dd {
    double hi;
    double lo;
};

constexpr dd two_sum(double a, double b) noexcept {  // a + b exactly (Knuth)
    const double s = a + b;
    const double bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

constexpr dd fast_two_sum(double a, double b) noexcept {  // requires |a| >= |b| or a == 0
    const double s = a + b;
    return {s, b - (s - a)};
}

constexpr dd split(double a) noexcept {  // Veltkamp: a = hi + lo with 26-bit halves; |a| < 2^995
    const double c = 134217729.0 * a;    // 2^27 + 1
    const double t = c - a;
    const double hi = c - t;
    return {hi, a - hi};
}

constexpr dd two_prod(double a, double b) noexcept {  // a * b exactly (Dekker)
    const double p = a * b;
    if constexpr (runtime_fma) {
        if (!std::is_constant_evaluated()) return {p, std::fma(a, b, -p)};
    }
    const dd x = split(a);
    const dd y = split(b);
    const double err = ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo;
    return {p, err};
}

constexpr double dd_div(dd a, dd b) noexcept {  // (a.hi + a.lo) / (b.hi + b.lo)
    const double q = a.hi / b.hi;
    const dd p = two_prod(q, b.hi);
    // a.hi - p.hi is exact (Sterbenz), so the residual is accurate.
    return q + ((((a.hi - p.hi) - p.lo) + a.lo - q * b.lo) / b.hi);
}

// --- exp ---------------------------------------------------------------------

// ln 2 = ln2_hi + ln2_lo; ln2_hi has 32 significant bits so k * ln2_hi is exact.
inline constexpr double ln2_hi = 0x1.62e42fee00000p-1;
inline constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
inline constexpr double inv_ln2 = 0x1.71547652b82fep+0;

// Taylor coefficients 1/n!, n = 13 .. 2 (|r| <= 0.35: truncation < 2^-57).
inline constexpr double exp_c[] = {
    0x1.6124613a86d09p-33, 0x1.1eed8eff8d898p-29, 0x1.ae64567f544e4p-26, 0x1.27e4fb7789f5cp-22,
    0x1.71de3a556c734p-19, 0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-13, 0x1.6c16c16c16c17p-10,
    0x1.1111111111111p-7,  0x1.5555555555555p-5,  0x1.5555555555555p-3,  0x1.0000000000000p-1,
};

struct exp_parts {
    dd m1;  // e^r - 1 for the reduced argument r
    int k;  // e^(x + xlo) = 2^k * (1 + m1)
};

// 2^(k + extra) (1 + m1), rounded once.
constexpr double from_parts(const exp_parts& e, int extra) noexcept {
    const dd y = two_sum(1.0, e.m1.hi);
    return scale(y.hi + (y.lo + e.m1.lo), e.k + extra);
}

// Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, then a Taylor polynomial.
// xlo is an optional low-order part of the argument (used by pow and erfc).
// Requires |x| <= ~1100.
constexpr exp_parts exp_reduce(double x, double xlo) noexcept {
    const int k = iround(x * inv_ln2);
    const double kd = static_cast<double>(k);
    const double hi = x - kd * ln2_hi;  // exact: Sterbenz, and k * ln2_hi is exact
    const double klo = kd * ln2_lo;
    const double r = hi - klo;
    const double rlo = ((hi - r) - klo) + xlo;  // what the rounding of r lost
    // e^(r + rlo) - 1 = r + p + rlo e^r with p = r^2 q(r); rlo can be as large
    // as ulp(745)/2 when it carries the low part of x, so e^r is used in full.
    const double p = r * r * horner(r, exp_c);
    const double t = p + rlo * (1.0 + (r + p));
    return {two_sum(r, t), k};
}

constexpr double exp_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x > 709.8) return inf;   // ln(DBL_MAX) = 709.78...; values in between overflow in scale()
    if (x < -745.2) return 0.0;  // below ln(2^-1075)
    return from_parts(exp_reduce(x, 0.0), 0);
}

// expm1 as a double-double, for x in [-40, 1000].
constexpr dd expm1_dd(double x) noexcept {
    const exp_parts e = exp_reduce(x, 0.0);
    if (e.k == 0) return e.m1;
    // 2^k (1 + m1) - 1 = (2^k - 1) + 2^k m1, summed without cancellation error.
    const double two_k = pow2(e.k);
    const dd a = two_sum(two_k, -1.0);
    dd b = two_sum(a.hi, two_k * e.m1.hi);
    b.lo += a.lo + two_k * e.m1.lo;
    return fast_two_sum(b.hi, b.lo);
}

constexpr double expm1_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x > 40.0) return exp_d(x);    // e^x - 1 rounds to e^x
    if (x < -38.0) return -1.0;       // e^x < 2^-54
    if (fabs(x) < 0x1p-54) return x;  // keeps -0 and avoids underflow
    const dd e = expm1_dd(x);
    return e.hi + e.lo;
}

// --- log -----------------------------------------------------------------------

inline constexpr double sqrt2 = 0x1.6a09e667f3bcdp+0;
inline constexpr double two_thirds_hi = 0x1.5555555555555p-1;
inline constexpr double two_thirds_lo = 0x1.5555555555555p-55;

// 2/(2j+1), j = 13 .. 2: the atanh series beyond the s^3 term.
inline constexpr double log_c[] = {
    0x1.2f684bda12f68p-4, 0x1.47ae147ae147bp-4, 0x1.642c8590b2164p-4, 0x1.8618618618618p-4,
    0x1.af286bca1af28p-4, 0x1.e1e1e1e1e1e1ep-4, 0x1.1111111111111p-3, 0x1.3b13b13b13b14p-3,
    0x1.745d1745d1746p-3, 0x1.c71c71c71c71cp-3, 0x1.2492492492492p-2, 0x1.999999999999ap-2,
};

// Natural log of a positive finite x as a double-double (relative error
// ~1e-20), so that pow can use it for y * log(x) with |y log x| up to ~745.
constexpr dd log_dd(double x) noexcept {
    u64 b = std::bit_cast<u64>(x);
    int e = static_cast<int>(b >> 52) - 1023;
    if ((b >> 52) == 0) {  // subnormal: scale into the normal range first
        b = std::bit_cast<u64>(x * 0x1p54);
        e = static_cast<int>(b >> 52) - 1023 - 54;
    }
    double m = std::bit_cast<double>((b & frac_mask) | (u64{1023} << 52));
    if (m > sqrt2) {
        m *= 0.5;
        ++e;
    }
    // m in (sqrt(1/2), sqrt(2)]; log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| < 0.172.
    const double f = m - 1.0;  // exact
    const dd u = two_sum(2.0, f);
    const double s = f / u.hi;
    const dd p = two_prod(s, u.hi);
    const double s_lo = (((f - p.hi) - p.lo) - s * u.lo) / u.hi;  // s + s_lo = f/(2+f)
    // 2 atanh(s) = 2s + (2/3)s^3 + s^5 (2/5 + ...).  The s^3 term is up to 1%
    // of the result, so it is formed in double-double.
    const dd z = two_prod(s, s);
    dd s3 = two_prod(s, z.hi);
    s3.lo += s * z.lo;
    dd c3 = two_prod(s3.hi, two_thirds_hi);
    c3.lo += s3.hi * two_thirds_lo + s3.lo * two_thirds_hi;
    const double tail = s3.hi * z.hi * horner(z.hi, log_c);
    dd lm = two_sum(2.0 * s, c3.hi);
    lm.lo += c3.lo + 2.0 * s_lo * (1.0 + z.hi) + tail;  // d/ds 2 atanh(s) = 2/(1-s^2)
    const double ed = static_cast<double>(e);
    dd r = two_sum(ed * ln2_hi, lm.hi);  // ed * ln2_hi exact (|e| < 2^11)
    r.lo += lm.lo + ed * ln2_lo;
    return fast_two_sum(r.hi, r.lo);
}

constexpr double log_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x < 0) return qnan;
    if (x == 0) return -inf;
    if (x == inf) return inf;
    return log_dd(x).hi;
}

constexpr double log1p_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x < -1.0) return qnan;
    if (x == -1.0) return -inf;
    if (x == inf) return inf;
    if (fabs(x) < 0x1p-54) return x;  // log1p(x) = x - x^2/2 rounds to x; keeps -0
    // 1 + x = u.hi + u.lo exactly; log(u.hi + u.lo) = log(u.hi) + u.lo/u.hi + O(2^-106).
    const dd u = two_sum(1.0, x);
    const dd l = log_dd(u.hi);
    return l.hi + (l.lo + u.lo / u.hi);
}

// --- pow -----------------------------------------------------------------------

constexpr bool is_integer(double y) noexcept {  // y finite
    if (fabs(y) >= 0x1p52) return true;
    return static_cast<double>(static_cast<i64>(y)) == y;
}

constexpr bool is_odd_integer(double y) noexcept {  // y finite
    if (fabs(y) >= 0x1p53) return false;            // all such doubles are even
    const i64 i = static_cast<i64>(y);
    return static_cast<double>(i) == y && (i & 1) != 0;
}

// Special cases follow C99 Annex F / std::pow.
constexpr double pow_d(double x, double y) noexcept {
    if (y == 0.0) return 1.0;
    if (x == 1.0) return 1.0;
    if (isnan(x) || isnan(y)) return qnan;
    if (isinf(y)) {
        const double ax = fabs(x);
        if (ax == 1.0) return 1.0;
        return (ax < 1.0) == (y < 0) ? inf : 0.0;
    }
    if (x == 0.0) {
        const bool odd = is_odd_integer(y);
        if (y < 0) return odd && signbit(x) ? -inf : inf;
        return odd ? x : 0.0;
    }
    if (isinf(x)) {
        if (x > 0) return y < 0 ? 0.0 : inf;
        const bool odd = is_odd_integer(y);
        if (y < 0) return odd ? -0.0 : 0.0;
        return odd ? -inf : inf;
    }
    bool negate = false;
    if (x < 0) {
        if (!is_integer(y)) return qnan;
        negate = is_odd_integer(y);
        x = -x;
        if (x == 1.0) return negate ? -1.0 : 1.0;  // (-1)^y, also for huge even y
    }
    // x^y = exp(y log x), with log x and the product carried in double-double:
    // |y log x| can reach ~745, so a 1-ulp error in log x would be ~745 ulps.
    const dd l = log_dd(x);
    double res = 0.0;
    if (fabs(y) > 1100.0 / fabs(l.hi)) {  // |y log x| > 1100: certain overflow/underflow
        res = (y < 0) == (l.hi < 0) ? inf : 0.0;
    } else {
        dd t = two_prod(y, l.hi);
        t.lo += y * l.lo;
        if (t.hi > 710.0) {
            res = inf;
        } else if (t.hi < -746.0) {
            res = 0.0;
        } else {
            res = from_parts(exp_reduce(t.hi, t.lo), 0);
        }
    }
    return negate ? -res : res;
}

// --- sqrt ----------------------------------------------------------------------

// Correctly rounded, by an exact digit-by-digit integer square root.
constexpr double sqrt_d(double x) noexcept {
    if (isnan(x) || x == 0.0) return x;  // sqrt(-0) = -0
    if (x < 0) return qnan;
    if (x == inf) return x;
    const u64 b = std::bit_cast<u64>(x);
    int be = static_cast<int>(b >> 52);
    u64 m = b & frac_mask;
    if (be == 0) {  // subnormal: normalise so that bit 52 is set
        const int s = std::countl_zero(m) - 11;
        m <<= s;
        be = 1 - s;
    } else {
        m |= u64{1} << 52;
    }
    int e = be - 1075;  // x = m * 2^e, m in [2^52, 2^53)
    if (e & 1) {        // make the exponent even
        m <<= 1;
        --e;
    }
    // q = floor(sqrt(m * 2^54)) has 54 bits: 53 result bits plus a rounding bit;
    // the remainder tells whether anything lies below it (sticky).
    u64 q = 0;
    u64 rem = 0;
    for (int i = 53; i >= 0; --i) {
        const u64 pair = 2 * i >= 54 ? (m >> (2 * i - 54)) & 3 : 0;
        rem = (rem << 2) | pair;
        const u64 trial = (q << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            q = (q << 1) | 1;
        } else {
            q <<= 1;
        }
    }
    u64 sig = q >> 1;
    if ((q & 1) != 0 && (rem != 0 || (sig & 1) != 0)) ++sig;  // round to nearest even
    return static_cast<double>(sig) * pow2(e / 2 - 26);
}

// --- sin, cos, tan ---------------------------------------------------------------

inline constexpr double pio4 = 0x1.921fb54442d18p-1;
inline constexpr double two_over_pi = 0x1.45f306dc9c883p-1;
// pi/2 = pio2_1 + pio2_2 + pio2_3 + pio2_4; the first three have 33 significant
// bits so that k * pio2_i is exact for |k| < 2^20.
inline constexpr double pio2_1 = 0x1.921fb54400000p+0;
inline constexpr double pio2_2 = 0x1.0b4611a600000p-34;
inline constexpr double pio2_3 = 0x1.3198a2e000000p-69;
inline constexpr double pio2_4 = 0x1.b839a252049c1p-104;
inline constexpr double pio2_hi = 0x1.921fb54442d18p+0;
inline constexpr double pio2_lo = 0x1.1a62633145c07p-54;

// Binary expansion of 2/pi, 32 bits per word, most significant first.
inline constexpr std::uint32_t two_over_pi_bits[] = {
    0xA2F9836E, 0x4E441529, 0xFC2757D1, 0xF534DDC0, 0xDB629599, 0x3C439041, 0xFE5163AB, 0xDEBBC561,
    0xB7246E3A, 0x424DD2E0, 0x06492EEA, 0x09D1921C, 0xFE1DEB1C, 0xB129A73E, 0xE88235F5, 0x2EBB4484,
    0xE99C7026, 0xB45F7E41, 0x3991D639, 0x835339F4, 0x9C845F8B, 0xBDF9283B, 0x1FF897FF, 0xDE05980F,
    0xEF2F118B, 0x5A0A6D1F, 0x6D367ECF, 0x27CB09B7, 0x4F463F66, 0x9E5FEA2D, 0x7527BAC7, 0xEBE5F17B,
    0x3D0739F7, 0x8A5292EA, 0x6BFB5FB1, 0x1F8D5D08, 0x56033046, 0xFC7B6BAB, 0xF0CFBC20, 0x9AF4361D,
};

struct trig_parts {
    int q;  // quadrant, 0..3
    dd r;   // x = q pi/2 + r (mod 2 pi), |r| <= ~pi/4
};

// Cody-Waite for ax in (pi/4, 2^19): four-part pi/2, remainder in double-double.
constexpr trig_parts reduce_medium(double ax) noexcept {
    const int k = iround(ax * two_over_pi);
    const double kd = static_cast<double>(k);
    const double w = ax - kd * pio2_1;  // exact (Sterbenz)
    const dd h = two_sum(w, -kd * pio2_2);
    dd h2 = two_sum(h.hi, -kd * pio2_3);
    h2.lo += h.lo - kd * pio2_4;
    return {k, fast_two_sum(h2.hi, h2.lo)};
}

// Payne-Hanek for ax >= 2^19: ax = m 2^e exactly, and ax * 2/pi mod 4 is
// computed in fixed point from the window of 2/pi bits that matters.
constexpr trig_parts reduce_large(double ax) noexcept {
    const u64 b = std::bit_cast<u64>(ax);
    const int e = static_cast<int>(b >> 52) - 1075;  // >= -33 here
    const u64 m = (b & frac_mask) | (u64{1} << 52);
    // Words before w0 only contribute multiples of 4 to ax * 2/pi.
    const int w0 = e >= 2 ? (e - 2) / 32 : 0;
    const int sh = e - 32 * (w0 + 1);  // ax * 2/pi = A * 2^(sh - 224), sh in [-65, 1]
    // A = m * (8 words of 2/pi) as 32-bit limbs (stored in u64 to defer carries).
    u64 limb[14] = {};
    const u64 ml = m & 0xffffffffu;
    const u64 mh = m >> 32;
    for (int i = 0; i < 8; ++i) {
        const u64 t = two_over_pi_bits[w0 + i];
        const u64 pl = ml * t;
        const u64 ph = mh * t;
        const int j = 7 - i;
        limb[j] += pl & 0xffffffffu;
        limb[j + 1] += (pl >> 32) + (ph & 0xffffffffu);
        limb[j + 2] += ph >> 32;
    }
    u64 carry = 0;
    for (u64& l : limb) {
        l += carry;
        carry = l >> 32;
        l &= 0xffffffffu;
    }
    const auto bits64 = [&limb](int p) -> u64 {  // bits p .. p+63 of A
        const int idx = p / 32;
        const int off = p % 32;
        const u64 lo = limb[idx] | (limb[idx + 1] << 32);
        const u64 hi = limb[idx + 2];
        return off == 0 ? lo : (lo >> off) | (hi << (64 - off));
    };
    const int qpos = 224 - sh;  // bit position of the units digit of ax * 2/pi
    int k = static_cast<int>(bits64(qpos) & 3);
    u64 fhi = bits64(qpos - 64);  // fraction, 128 bits
    u64 flo = bits64(qpos - 128);
    bool neg = false;
    if ((fhi >> 63) != 0) {  // fraction >= 1/2: next quadrant, negative remainder
        ++k;
        neg = true;
        flo = ~flo + 1;
        fhi = ~fhi + (flo == 0 ? 1 : 0);
    }
    int lz = 0;
    if (fhi == 0) {
        fhi = flo;
        flo = 0;
        lz = 64;
    }
    if (fhi == 0) return {k & 3, {0.0, 0.0}};
    const int s = std::countl_zero(fhi);
    if (s != 0) {
        fhi = (fhi << s) | (flo >> (64 - s));
        flo <<= s;
    }
    lz += s;
    // Fraction = f_hi + f_lo, each with 53 bits, then times pi/2.
    const double f_hi = static_cast<double>(fhi >> 11) * pow2(-53 - lz);
    const double f_lo = static_cast<double>(((fhi & 0x7ffu) << 42) | (flo >> 22)) * pow2(-106 - lz);
    dd r = two_prod(f_hi, pio2_hi);
    r.lo += f_hi * pio2_lo + f_lo * pio2_hi;
    r = fast_two_sum(r.hi, r.lo);
    if (neg) r = {-r.hi, -r.lo};
    return {k & 3, r};
}

constexpr trig_parts trig_reduce(double x) noexcept {  // x finite
    const double ax = fabs(x);
    if (ax <= pio4) return {0, {x, 0.0}};
    trig_parts t = ax < 0x1p19 ? reduce_medium(ax) : reduce_large(ax);
    if (x < 0) {
        t.q = -t.q;
        t.r = {-t.r.hi, -t.r.lo};
    }
    t.q &= 3;
    return t;
}

// (-1)^n / (2n+1)!, n = 9 .. 1 (|r| <= pi/4: truncation < 2^-70).
inline constexpr double sin_c[] = {
    -0x1.2f49b46814157p-57, 0x1.952c77030ad4ap-49,  -0x1.ae7f3e733b81fp-41,
    0x1.6124613a86d09p-33,  -0x1.ae64567f544e4p-26, 0x1.71de3a556c734p-19,
    -0x1.a01a01a01a01ap-13, 0x1.1111111111111p-7,   -0x1.5555555555555p-3,
};
// (-1)^n / (2n)!, n = 10 .. 2.
inline constexpr double cos_c[] = {
    0x1.e542ba4020225p-62,  -0x1.6827863b97d97p-53, 0x1.ae7f3e733b81fp-45,
    -0x1.93974a8c07c9dp-37, 0x1.1eed8eff8d898p-29,  -0x1.27e4fb7789f5cp-22,
    0x1.a01a01a01a01ap-16,  -0x1.6c16c16c16c17p-10, 0x1.5555555555555p-5,
};

// sin(r.hi + r.lo) as a double-double.
constexpr dd sin_kernel(dd r) noexcept {
    const double z = r.hi * r.hi;
    const double tail = r.hi * z * horner(z, sin_c) + r.lo * (1.0 - 0.5 * z);
    return fast_two_sum(r.hi, tail);
}

// cos(r.hi + r.lo) as a double-double; 1 - r^2/2 is formed exactly.
constexpr dd cos_kernel(dd r) noexcept {
    const dd z = two_prod(r.hi, r.hi);
    const dd a = two_sum(1.0, -0.5 * z.hi);
    const double tail = z.hi * z.hi * horner(z.hi, cos_c) - 0.5 * z.lo - r.hi * r.lo;
    return fast_two_sum(a.hi, a.lo + tail);
}

constexpr double sin_d(double x) noexcept {
    if (isnan(x)) return x;
    if (isinf(x)) return qnan;
    if (fabs(x) < 0x1p-27) return x;  // sin x = x - x^3/6 rounds to x
    const trig_parts t = trig_reduce(x);
    switch (t.q) {
        case 0:
            return sin_kernel(t.r).hi;
        case 1:
            return cos_kernel(t.r).hi;
        case 2:
            return -sin_kernel(t.r).hi;
        default:
            return -cos_kernel(t.r).hi;
    }
}

constexpr double cos_d(double x) noexcept {
    if (isnan(x)) return x;
    if (isinf(x)) return qnan;
    if (fabs(x) < 0x1p-27) return 1.0;
    const trig_parts t = trig_reduce(x);
    switch (t.q) {
        case 0:
            return cos_kernel(t.r).hi;
        case 1:
            return -sin_kernel(t.r).hi;
        case 2:
            return -cos_kernel(t.r).hi;
        default:
            return sin_kernel(t.r).hi;
    }
}

constexpr double tan_d(double x) noexcept {
    if (isnan(x)) return x;
    if (isinf(x)) return qnan;
    if (fabs(x) < 0x1p-27) return x;
    const trig_parts t = trig_reduce(x);
    const dd s = sin_kernel(t.r);
    const dd c = cos_kernel(t.r);
    // Dividing double-doubles avoids the ~2 ulp of a plain sin/cos quotient.
    return (t.q & 1) != 0 ? -dd_div(c, s) : dd_div(s, c);
}

// --- tanh ------------------------------------------------------------------------

constexpr double tanh_d(double x) noexcept {
    if (isnan(x)) return x;
    const double ax = fabs(x);
    if (ax < 0x1p-27) return x;                // tanh x = x - x^3/3 rounds to x
    if (ax > 22.0) return x < 0 ? -1.0 : 1.0;  // 1 - tanh < 2^-62
    // tanh|x| = E / (E + 2) with E = expm1(2|x|), all in double-double.
    const dd e = expm1_dd(2.0 * ax);
    dd d = two_sum(e.hi, 2.0);
    d.lo += e.lo;
    const double t = dd_div(e, d);
    return x < 0 ? -t : t;
}

// --- erf, erfc -------------------------------------------------------------------

// erf(x) = x + x * y(x^2) for |x| < 0.84375; y is the Taylor series of
// erf(x)/x - 1, coefficients for z^17 .. z^0.
inline constexpr double erf_small_c[] = {
    -0x1.a2007af3447f6p-54, 0x1.d70b3537f4765p-50, -0x1.f56f071a885cfp-46, 0x1.f683ae4a97007p-42,
    -0x1.d8453cb0c46eap-38, 0x1.9e6ad5e55a730p-34, -0x1.51d7181c5d36dp-30, 0x1.fcc5720624c1cp-27,
    -0x1.5f742ec43e71ap-23, 0x1.b9e6c9dc651a3p-20, -0x1.f4d25c3e0c2ebp-17, 0x1.f9a326f9b89b7p-14,
    -0x1.c02db40040b86p-11, 0x1.565bcd0e6a53fp-8,  -0x1.b82ce31288b51p-6,  0x1.ce2f21a042be2p-4,
    -0x1.812746b0379e7p-2,  0x1.06eba8214db69p-3,
};

// Polynomial fits (Chebyshev, 60-digit reference) of erfcx(x) = e^(x^2) erfc(x)
// around x = c: erfcx(c + t) = e0 + t p(t).  Each table holds p's coefficients,
// highest degree first, then e0 = erfcx(c) as hi + lo, because the rounding
// of e0 alone would be up to half an ulp of the result.  erfcx is entire and
// slowly varying, so these low-degree fits are accurate to ~1e-17 overall.
inline constexpr double erfcx_c0[] = {
    // [0.5, 0.84375], c = 0.671875, max rel err 1.1e-17
    0x1.bde8f9f90983fp-18, -0x1.54dbb4c462669p-16, 0x1.f37b7f987b2a0p-15, -0x1.65ddb8e7e72b1p-13,
    0x1.eedb201805891p-12, -0x1.492a840e30370p-10, 0x1.a3dd39049b8c4p-9,  -0x1.ff5c22434217bp-8,
    0x1.27d3164491e42p-6,  -0x1.43193879596ddp-5,  0x1.4a68c9ac31348p-4,  -0x1.38eef70bb0392p-3,
    0x1.0e54abd405cd8p-2,  -0x1.a0541cbb3810ep-2,  0x1.13069790e7bc7p-1,  -0x1.7c6a5d7e4d9f9p-55,
};
inline constexpr double erfcx_c1[] = {
    // [0.84375, 1.25], c = 1.046875, max rel err 1.2e-17
    -0x1.7a227c21a17f5p-22, 0x1.3d8348f8016f4p-20, -0x1.008e2aa3a900ep-18, 0x1.986ac1078d540p-17,
    -0x1.3b5f61ac9eb52p-15, 0x1.d76a4419e4dfep-14, -0x1.54325a523cbcdp-12, 0x1.d8b4c091e50d6p-11,
    -0x1.3b13a139b0526p-9,  0x1.9146a6af6b7cdp-8,  -0x1.e5bc28524912cp-7,  0x1.159abd0f50f5bp-5,
    -0x1.2919cb8fbb370p-4,  0x1.2650df14e479bp-3,  -0x1.0978011ad5cc5p-2,  0x1.a91210b28a0ecp-2,
    0x1.66c84744c334bp-56,
};
inline constexpr double erfcx_c2[] = {
    // [1.25, 2], c = 1.625, max rel err 1.8e-17
    -0x1.03c76d09c914fp-29, 0x1.fb123f7506f8fp-28, -0x1.d04a719519fc0p-26, 0x1.b053b6236fc8dp-24,
    -0x1.8983c8cdf6c58p-22, 0x1.5d24034b86c3dp-20, -0x1.2db3b6c865eb2p-18, 0x1.fafc8dc0aac99p-17,
    -0x1.9d62282cfb72bp-15, 0x1.465ecd16aedddp-13, -0x1.f1b43d3ab85bfp-12, 0x1.6d609f6ab0822p-10,
    -0x1.014eae28304abp-8,  0x1.5a142948a9b33p-7,  -0x1.ba018e6428103p-6,  0x1.0a15ac2adab35p-4,
    -0x1.2b11e6959934cp-3,  0x1.3583f6644327bp-2,  -0x1.88eb8ebfdccaep-56,
};
inline constexpr double erfcx_c3[] = {
    // [2, 3], c = 2.5, max rel err 4.8e-18
    -0x1.9f6a3408e0cc2p-35, 0x1.d182456c55dc3p-33, -0x1.e5432acfb11c5p-31, 0x1.05f2cb2c45b9dp-28,
    -0x1.15cb93bbebf67p-26, 0x1.205ea2f0d65d1p-24, -0x1.2514a200f939dp-22, 0x1.234fec1129a77p-20,
    -0x1.1ad10daf43d91p-18, 0x1.0bcba32343445p-16, -0x1.edd423990e1c8p-15, 0x1.ba8a67cfbaca3p-13,
    -0x1.809ce8ab533e1p-11, 0x1.435c04e207cb3p-9,  -0x1.0632076809dfcp-7,  0x1.98958a7a8e4a3p-6,
    -0x1.3086d7f01ac85p-4,  0x1.afbb3f3b7343bp-3,  -0x1.9f40bca142466p-58,
};
inline constexpr double erfcx_c4[] = {
    // [3, 4], c = 3.5, max rel err 1.1e-17
    -0x1.3e7f04284c358p-40, 0x1.b23eb0e700542p-38, -0x1.0c57e22aa0ac0p-35, 0x1.52b9489f6c849p-33,
    -0x1.a634b4258ea5ap-31, 0x1.02ddf9ec80018p-28, -0x1.38452881d11b7p-26, 0x1.724f929341191p-24,
    -0x1.af5d64f14f550p-22, 0x1.ed2a96753c640p-20, -0x1.146bc4069359ap-17, 0x1.2f839e543eb89p-15,
    -0x1.460abd6b25ac1p-13, 0x1.5632136d8cce4p-11, -0x1.5e5d7e9899181p-9,  0x1.5d581133378edp-7,
    -0x1.5285d2eb1ef74p-5,  0x1.3e0a99a0ee914p-3,  -0x1.902cb7976c65ep-60,
};
// For x >= 4: x erfcx(x) in the same form, as a polynomial in u = 1/x^2
// (its value at u = 0 is 1/sqrt(pi), the start of the asymptotic series).
inline constexpr double erfcx_inv_c[] = {
    // u in [0, 1/16], max rel err 2.9e-19
    0x1.105952651be66p+39, -0x1.5c78ae266fbbap+38, 0x1.a883ada48c1efp+36, -0x1.4b9dd4304affbp+34,
    0x1.7c851d7943f5fp+31, -0x1.60395a55cf8c3p+28, 0x1.1df36c17b077cp+25, -0x1.b9ab92d9d156ap+21,
    0x1.5ca3e8f332634p+18, -0x1.28295d3be3dcdp+15, 0x1.1727a69c1cbeep+12, -0x1.29d0c76d84dbdp+9,
    0x1.6e8bf595adca9p+6,  -0x1.0a945f003aecap+4,  0x1.d9eb53f980cf7p+1,  -0x1.0ecf9db3e61ffp+0,
    0x1.b14c2f863e91ap-2,  -0x1.20dd750429b6dp-2,  0x1.20dd750429b6dp-1,  0x1.1ae3a914fed80p-57,
};

constexpr dd erf_small(double x) noexcept {  // |x| < 0.84375
    const double xy = x * horner(x * x, erf_small_c);
    return two_sum(x, xy);
}

// Evaluates e0 + x p(x) for the tables above (p's coefficients, then e0 as
// hi + lo), keeping the final sum as a double-double.
template <std::size_t N>
constexpr dd horner_dd(double x, const double (&c)[N]) noexcept {
    double acc = c[0];
    for (std::size_t i = 1; i + 2 < N; ++i) acc = acc * x + c[i];
    dd r = two_sum(c[N - 2], acc * x);
    r.lo += c[N - 1];
    return r;
}

constexpr dd erfcx_pos(double x) noexcept {  // x in [0.5, 27.3]
    // The subtractions x - c are exact (c has few bits and |x - c| < 1).
    if (x < 0.84375) return horner_dd(x - 0.671875, erfcx_c0);
    if (x < 1.25) return horner_dd(x - 1.046875, erfcx_c1);
    if (x < 2.0) return horner_dd(x - 1.625, erfcx_c2);
    if (x < 3.0) return horner_dd(x - 2.5, erfcx_c3);
    if (x < 4.0) return horner_dd(x - 3.5, erfcx_c4);
    const dd h = horner_dd(1.0 / (x * x), erfcx_inv_c);
    const double q = h.hi / x;  // h / x in double-double
    const dd p = two_prod(q, x);
    return {q, (((h.hi - p.hi) - p.lo) + h.lo) / x};
}

// erfc(x) = e^(-x^2) erfcx(x) for x in [0.5, 27.3]; x^2 is split exactly
// and fed to the exp reduction, and the result is scaled into the subnormal
// range only once at the end.
constexpr double erfc_pos(double x) noexcept {
    const dd xx = two_prod(x, x);
    const exp_parts e = exp_reduce(-xx.hi, -xx.lo);
    const dd f = erfcx_pos(x);
    const dd y = two_sum(1.0, e.m1.hi);  // e^r = y.hi + (y.lo + m1.lo)
    dd p = two_prod(f.hi, y.hi);
    p.lo += f.hi * (y.lo + e.m1.lo) + f.lo * y.hi;
    return scale(p.hi + p.lo, e.k);
}

constexpr double erf_d(double x) noexcept {
    if (isnan(x)) return x;
    const double ax = fabs(x);
    if (ax < 0.84375) return erf_small(x).hi;
    const double r = ax >= 6.0 ? 1.0 : 1.0 - erfc_pos(ax);  // erfc(6) < 2^-54
    return x < 0 ? -r : r;
}

constexpr double erfc_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x < -6.0) return 2.0;
    if (x <= -0.84375) return 2.0 - erfc_pos(-x);
    if (x < 0.5) {  // above 0.5, 1 - erf(x) would lose about a bit to cancellation
        const dd e = erf_small(x);
        const dd s = two_sum(1.0, -e.hi);
        return s.hi + (s.lo - e.lo);
    }
    if (x < 27.3) return erfc_pos(x);  // erfc(27.2261) = 2^-1075
    return 0.0;
}

// --- exp2, log2, log10 -------------------------------------------------------------

// ln 2 to full double-double precision (ln2_hi above has only 32 bits).
inline constexpr double ln2_full_hi = 0x1.62e42fefa39efp-1;
inline constexpr double ln2_full_lo = 0x1.abc9e3b39803fp-56;
inline constexpr double log2e_hi = 0x1.71547652b82fep+0;  // 1 / ln 2
inline constexpr double log2e_lo = 0x1.777d0ffda0d24p-56;
inline constexpr double log10e_hi = 0x1.bcb7b1526e50ep-2;  // 1 / ln 10
inline constexpr double log10e_lo = 0x1.95355baaafad3p-57;

constexpr double exp2_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x >= 1024.0) return inf;
    if (x < -1076.0) return 0.0;
    // 2^x = 2^k e^(f ln 2) with f = x - k exact, so integer x gives an exact power of two.
    const int k = iround(x);
    const double f = x - static_cast<double>(k);
    dd t = two_prod(f, ln2_full_hi);
    t.lo += f * ln2_full_lo;
    return from_parts(exp_reduce(t.hi, t.lo), k);
}

// log(x) (c_hi + c_lo) for a positive finite x, the product carried in double-double.
constexpr double log_times(double x, double c_hi, double c_lo) noexcept {
    const dd l = log_dd(x);
    dd p = two_prod(l.hi, c_hi);
    p.lo += l.hi * c_lo + l.lo * c_hi;
    return p.hi + p.lo;
}

constexpr double log2_d(double x) noexcept {
    if (isnan(x) || x <= 0.0 || x == inf) return log_d(x);
    return log_times(x, log2e_hi, log2e_lo);
}

constexpr double log10_d(double x) noexcept {
    if (isnan(x) || x <= 0.0 || x == inf) return log_d(x);
    return log_times(x, log10e_hi, log10e_lo);
}

// --- cbrt, hypot -------------------------------------------------------------------

constexpr double cbrt_d(double x) noexcept {
    if (isnan(x) || isinf(x) || x == 0.0) return x;
    double ax = fabs(x);
    int q_extra = 0;
    if (ax < 0x1p-900) {  // subnormal or tiny: scale into the normal range first
        ax *= 0x1p900;
        q_extra = -300;
    }
    const u64 b = std::bit_cast<u64>(ax);
    const int e = static_cast<int>(b >> 52) - 1023;
    const int q = (e >= 0 ? e : e - 2) / 3;  // floor(e / 3)
    // ax = y 2^(3q) with y in [1, 8); Newton's method for cbrt(y) from a linear guess.
    const double y = std::bit_cast<double>((b & frac_mask) | (static_cast<u64>(e - 3 * q + 1023) << 52));
    double r = 1.0 + (y - 1.0) / 7.0;
    for (int i = 0; i < 6; ++i) r = (2.0 * r + y / (r * r)) / 3.0;
    // A last step with the residual r^3 - y formed exactly.
    const dd r2 = two_prod(r, r);
    dd r3 = two_prod(r2.hi, r);
    r3.lo += r2.lo * r;
    r -= ((r3.hi - y) + r3.lo) / (3.0 * r2.hi);
    const double s = r * pow2(q + q_extra);
    return x < 0 ? -s : s;
}

constexpr double hypot_d(double x, double y) noexcept {
    double a = fabs(x);
    double b = fabs(y);
    if (isinf(a) || isinf(b)) return inf;  // also when the other is NaN (C99)
    if (isnan(a) || isnan(b)) return qnan;
    if (a < b) {
        const double t = a;
        a = b;
        b = t;
    }
    if (b == 0.0) return a;
    if (b < a * 0x1p-60) return a + b;  // b^2 is below half an ulp of a^2
    // Scaled by a power of two so that the squares neither overflow nor underflow.
    int k = 0;
    if (a > 0x1p500) {
        a *= 0x1p-600;
        b *= 0x1p-600;
        k = 600;
    } else if (b < 0x1p-500) {
        a *= 0x1p600;
        b *= 0x1p600;
        k = -600;
    }
    const dd a2 = two_prod(a, a);
    const dd b2 = two_prod(b, b);
    dd s = two_sum(a2.hi, b2.hi);
    s.lo += a2.lo + b2.lo;
    double r = sqrt_d(s.hi);
    const dd r2 = two_prod(r, r);
    r += (((s.hi - r2.hi) - r2.lo) + s.lo) / (2.0 * r);  // one Newton step on the double-double sum
    return k == 0 ? r : r * pow2(k);
}

// --- atan, atan2, asin, acos -------------------------------------------------------

inline constexpr double pi_hi = 0x1.921fb54442d18p+1;
inline constexpr double pi_lo = 0x1.1a62633145c07p-53;
inline constexpr double pio4_lo = 0x1.1a62633145c07p-55;
inline constexpr double three_pio4 = 0x1.2d97c7f3321d2p+1;
inline constexpr double atan_half_hi = 0x1.dac670561bb4fp-2;  // atan(1/2)
inline constexpr double atan_half_lo = 0x1.a2b7f222f65e2p-56;
inline constexpr double atan_1p5_hi = 0x1.f730bd281f69bp-1;  // atan(3/2)
inline constexpr double atan_1p5_lo = 0x1.007887af0cbbdp-56;

// atan(t) - t for |t| <= 7/16: the Taylor series t^3 (-1/3 + t^2/5 - ...), to 2^-60.
constexpr double atan_tail(double t) noexcept {
    const double z = t * t;
    double acc = 0.0;
    for (int k = 24; k >= 1; --k) acc = acc * z + ((k & 1) != 0 ? -1.0 : 1.0) / (2 * k + 1);
    return t * z * acc;
}

constexpr double atan_d(double x) noexcept {
    if (isnan(x)) return x;
    const double ax = fabs(x);
    if (ax < 0x1p-27) return x;  // atan x = x - x^3/3 rounds to x
    double r = pio2_hi;          // atan of |x| >= 2^60 rounds to pi/2
    if (ax < 0.4375) {
        r = ax + atan_tail(ax);
    } else if (ax < 0x1p60) {
        // atan(ax) = atan(c) + atan(t), t = (ax - c) / (1 + c ax), with c chosen so that |t| <= 7/16.
        double c_hi = pio2_hi;
        double c_lo = pio2_lo;
        double t = -1.0 / ax;
        if (ax < 0.6875) {
            c_hi = atan_half_hi;
            c_lo = atan_half_lo;
            t = (2.0 * ax - 1.0) / (2.0 + ax);
        } else if (ax < 1.1875) {
            c_hi = pio4;
            c_lo = pio4_lo;
            t = (ax - 1.0) / (ax + 1.0);
        } else if (ax < 2.4375) {
            c_hi = atan_1p5_hi;
            c_lo = atan_1p5_lo;
            t = (ax - 1.5) / (1.0 + 1.5 * ax);
        }
        r = c_hi + (t + (atan_tail(t) + c_lo));
    }
    return x < 0 ? -r : r;
}

// Special cases follow C99 Annex F / std::atan2.
constexpr double atan2_d(double y, double x) noexcept {
    if (isnan(x) || isnan(y)) return qnan;
    const bool left = signbit(x);  // x < 0 or x = -0
    double r = 0.0;
    if (y == 0.0) {
        r = left ? pi_hi : 0.0;
    } else if (isinf(x)) {
        if (isinf(y))
            r = left ? three_pio4 : pio4;
        else
            r = left ? pi_hi : 0.0;
    } else if (x == 0.0 || isinf(y)) {
        r = pio2_hi;
    } else {
        const double t = atan_d(fabs(y) / fabs(x));  // the quotient may overflow or underflow: atan takes both
        r = left ? (pi_hi - t) + pi_lo : t;
    }
    return signbit(y) ? -r : r;
}

// sqrt(1 - x^2) for |x| <= 1, as (1 - x)(1 + x): exact factors where x is close to 1.
constexpr double cosine_of_sine(double x) noexcept { return sqrt_d((1.0 - x) * (1.0 + x)); }

constexpr double asin_d(double x) noexcept {
    if (isnan(x)) return x;
    if (fabs(x) > 1.0) return qnan;
    if (fabs(x) < 0x1p-27) return x;
    return atan2_d(x, cosine_of_sine(x));
}

constexpr double acos_d(double x) noexcept {
    if (isnan(x)) return x;
    if (fabs(x) > 1.0) return qnan;
    return atan2_d(cosine_of_sine(x), x);
}

// --- sinh, cosh, asinh, acosh, atanh -----------------------------------------------

// e^x / 2 without overflowing where the result is finite (x up to ~710.5).
constexpr double half_exp(double x) noexcept {
    if (x > 711.0) return inf;
    return from_parts(exp_reduce(x, 0.0), -1);
}

constexpr double sinh_d(double x) noexcept {
    if (isnan(x) || isinf(x)) return x;
    const double ax = fabs(x);
    if (ax < 0x1p-27) return x;
    double r = half_exp(ax);  // e^-|x| is below an ulp from 22 on
    if (ax < 22.0) {
        // sinh = (E + E / (E + 1)) / 2 with E = expm1(|x|): no cancellation for small x.
        const dd e = expm1_dd(ax);
        r = 0.5 * (e.hi + (e.lo + e.hi / (e.hi + 1.0)));
    }
    return x < 0 ? -r : r;
}

constexpr double cosh_d(double x) noexcept {
    if (isnan(x)) return x;
    const double ax = fabs(x);
    if (ax < 0x1p-27) return 1.0;
    if (ax >= 22.0) return half_exp(ax);
    const double e = exp_d(ax);
    return 0.5 * e + 0.5 / e;
}

constexpr double asinh_d(double x) noexcept {
    if (isnan(x) || isinf(x)) return x;
    const double ax = fabs(x);
    if (ax < 0x1p-27) return x;
    double r = log_d(ax) + ln2_full_hi;  // log(2|x|): sqrt(x^2 + 1) rounds to |x| above 2^28
    if (ax <= 2.0) {
        const double z = ax * ax;
        r = log1p_d(ax + z / (1.0 + sqrt_d(1.0 + z)));
    } else if (ax <= 0x1p28) {
        r = log_d(2.0 * ax + 1.0 / (sqrt_d(ax * ax + 1.0) + ax));
    }
    return x < 0 ? -r : r;
}

constexpr double acosh_d(double x) noexcept {
    if (isnan(x)) return x;
    if (x < 1.0) return qnan;
    if (x == inf) return x;
    if (x > 0x1p28) return log_d(x) + ln2_full_hi;
    if (x > 2.0) return log_d(2.0 * x - 1.0 / (x + sqrt_d(x * x - 1.0)));
    const double t = x - 1.0;  // exact
    return log1p_d(t + sqrt_d(2.0 * t + t * t));
}

constexpr double atanh_d(double x) noexcept {
    if (isnan(x)) return x;
    const double ax = fabs(x);
    if (ax > 1.0) return qnan;
    if (ax == 1.0) return x < 0 ? -inf : inf;
    if (ax < 0x1p-28) return x;
    // atanh = log1p(2|x| / (1 - |x|)) / 2; below 1/2 the quotient is split so that 2|x| stays exact.
    const double r = 0.5 * (ax < 0.5 ? log1p_d(2.0 * ax + 2.0 * ax * ax / (1.0 - ax)) : log1p_d(2.0 * ax / (1.0 - ax)));
    return x < 0 ? -r : r;
}

// --- float ---------------------------------------------------------------------

// double -> float, handling the out-of-range cases explicitly because an
// out-of-range conversion is undefined (and rejected in constant evaluation).
constexpr float to_float(double d) noexcept {
    constexpr float finf = std::numeric_limits<float>::infinity();
    constexpr float fmax = std::numeric_limits<float>::max();
    if (isnan(d)) return std::numeric_limits<float>::quiet_NaN();
    const double ad = fabs(d);
    if (ad >= 0x1.ffffffp127) return d < 0 ? -finf : finf;  // 2^128 - 2^103 rounds up to inf
    if (ad > static_cast<double>(fmax)) return d < 0 ? -fmax : fmax;
    return static_cast<float>(d);
}

constexpr double to_double(float f) noexcept {
    if (f != f) return qnan;
    return static_cast<double>(f);
}

}  // namespace impl

template <class T>
concept cx_floating = std::same_as<T, float> || std::same_as<T, double>;

namespace impl {

template <class T, class Fn>
constexpr T apply(Fn fn, T x) noexcept {
    if constexpr (std::same_as<T, double>) {
        return fn(x);
    } else {
        return to_float(fn(to_double(x)));
    }
}

}  // namespace impl

template <cx_floating T>
constexpr T fabs(T x) noexcept {
    if constexpr (std::same_as<T, double>) {
        return impl::fabs(x);
    } else {
        return std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0x7fffffffu);
    }
}

// The public functions: double directly, float through the double code, rounded once.
#define ETGRAD_CX_UNARY(name)                                                 \
    template <cx_floating T>                                                  \
    constexpr T name(T x) noexcept {                                          \
        return impl::apply([](double v) { return impl::name##_d(v); }, x);    \
    }
// sqrt in double then rounded to float is correctly rounded (53 >= 2*24+2).
ETGRAD_CX_UNARY(sqrt)
ETGRAD_CX_UNARY(exp)
ETGRAD_CX_UNARY(expm1)
ETGRAD_CX_UNARY(exp2)
ETGRAD_CX_UNARY(log)
ETGRAD_CX_UNARY(log1p)
ETGRAD_CX_UNARY(log2)
ETGRAD_CX_UNARY(log10)
ETGRAD_CX_UNARY(cbrt)
ETGRAD_CX_UNARY(sin)
ETGRAD_CX_UNARY(cos)
ETGRAD_CX_UNARY(tan)
ETGRAD_CX_UNARY(asin)
ETGRAD_CX_UNARY(acos)
ETGRAD_CX_UNARY(atan)
ETGRAD_CX_UNARY(sinh)
ETGRAD_CX_UNARY(cosh)
ETGRAD_CX_UNARY(tanh)
ETGRAD_CX_UNARY(asinh)
ETGRAD_CX_UNARY(acosh)
ETGRAD_CX_UNARY(atanh)
ETGRAD_CX_UNARY(erf)
ETGRAD_CX_UNARY(erfc)
#undef ETGRAD_CX_UNARY

// The second argument's type is not deduced, so pow(x, 2) works for floating x.
#define ETGRAD_CX_BINARY(name)                                                                     \
    template <cx_floating T>                                                                       \
    constexpr T name(T x, std::type_identity_t<T> y) noexcept {                                    \
        if constexpr (std::same_as<T, double>) {                                                   \
            return impl::name##_d(x, y);                                                           \
        } else {                                                                                   \
            return impl::to_float(impl::name##_d(impl::to_double(x), impl::to_double(y)));         \
        }                                                                                          \
    }
ETGRAD_CX_BINARY(pow)
ETGRAD_CX_BINARY(atan2)
ETGRAD_CX_BINARY(hypot)
#undef ETGRAD_CX_BINARY

}  // namespace etgrad::detail::cx
