// SPDX-License-Identifier: MIT
#include <bit>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <etgrad/ops/constexpr_math.hpp>

#include "ulps.hpp"

namespace cx = etgrad::detail::cx;
using etgrad_test::same_special;
using etgrad_test::ulp_distance;
using etgrad_test::uint_of;
using etgrad_test::within_ulps;

namespace {

template <class T>
constexpr bool is_nan(T x) {
    return x != x;
}

template <class T>
constexpr bool is_neg_zero(T x) {
    return x == T{0} && std::bit_cast<uint_of<T>>(x) != 0;
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr float finf = std::numeric_limits<float>::infinity();
constexpr float fnan = std::numeric_limits<float>::quiet_NaN();

// ---------------------------------------------------------------------------
// Compile-time evaluation.  Reference values are the correctly rounded
// results (computed with 50-digit arithmetic).

static_assert(cx::exp(0.0) == 1.0);
static_assert(cx::exp(0.0f) == 1.0f);
static_assert(cx::log(1.0) == 0.0);
static_assert(cx::log(1.0f) == 0.0f);
static_assert(cx::sqrt(4.0) == 2.0);
static_assert(cx::sqrt(4.0f) == 2.0f);
static_assert(cx::sqrt(2.0) == 0x1.6a09e667f3bcdp+0);  // correctly rounded
static_assert(cx::sqrt(0x1p-1074) == 0x1p-537);
static_assert(cx::fabs(-3.5) == 3.5);
static_assert(cx::fabs(-3.5f) == 3.5f);
static_assert(cx::sin(0.0) == 0.0);
static_assert(cx::cos(0.0) == 1.0);
static_assert(cx::tan(0.0) == 0.0);
static_assert(cx::tanh(0.0) == 0.0);
static_assert(cx::erf(0.0) == 0.0);
static_assert(cx::erfc(0.0) == 1.0);
static_assert(cx::log1p(0.0) == 0.0);
static_assert(cx::expm1(0.0) == 0.0);
static_assert(cx::pow(2.0, 10.0) == 1024.0);
static_assert(cx::pow(-2.0, 3.0) == -8.0);
static_assert(cx::pow(3.0, 2) == 9.0);
static_assert(cx::pow(2.0f, -2.0f) == 0.25f);
static_assert(cx::pow(0.0, -1.0) == inf);

static_assert(within_ulps(cx::exp(1.0), 2.718281828459045, 1));
static_assert(within_ulps(cx::exp(-1.0), 0.36787944117144233, 1));
static_assert(within_ulps(cx::exp(10.0), 22026.465794806718, 1));
static_assert(within_ulps(cx::exp(1.0f), 2.7182817f, 1));
static_assert(within_ulps(cx::log(2.0), 0.6931471805599453, 1));
static_assert(within_ulps(cx::log(10.0), 2.302585092994046, 1));
static_assert(within_ulps(cx::log(1e-300), -690.7755278982137, 1));
static_assert(within_ulps(cx::log1p(1e-10), 9.9999999995e-11, 1));
static_assert(within_ulps(cx::expm1(1e-10), 1.00000000005e-10, 1));
static_assert(within_ulps(cx::sin(1.0), 0.8414709848078965, 1));
static_assert(within_ulps(cx::cos(1.0), 0.5403023058681398, 1));
static_assert(within_ulps(cx::tan(1.0), 1.5574077246549023, 1));
static_assert(within_ulps(cx::sin(1e5), 0.03574879797201651, 1));
static_assert(within_ulps(cx::sin(1e22), -0.8522008497671888, 1));  // Payne-Hanek path
static_assert(within_ulps(cx::cos(1e22), 0.523214785395139, 1));
static_assert(within_ulps(cx::sin(1.0f), 0.84147096f, 1));
static_assert(within_ulps(cx::tanh(0.5), 0.46211715726000974, 1));
static_assert(within_ulps(cx::erf(0.5), 0.5204998778130465, 1));
static_assert(within_ulps(cx::erfc(0.5), 0.4795001221869535, 1));
static_assert(within_ulps(cx::erf(1.0), 0.8427007929497149, 1));
static_assert(within_ulps(cx::erfc(3.0), 2.209049699858544e-05, 1));
static_assert(within_ulps(cx::erfc(10.0), 2.088487583762545e-45, 1));
static_assert(within_ulps(cx::pow(2.0, 0.5), 1.4142135623730951, 1));
static_assert(within_ulps(cx::pow(1.5, 2.5), 2.7556759606310752, 1));

// Special values in constant evaluation.
static_assert(cx::exp(inf) == inf);
static_assert(cx::exp(-inf) == 0.0);
static_assert(cx::exp(1000.0) == inf);
static_assert(cx::exp(1000.0f) == finf);
static_assert(cx::exp(-1000.0) == 0.0);
static_assert(cx::log(0.0) == -inf);
static_assert(is_nan(cx::log(-1.0)));
static_assert(is_nan(cx::log(nan)));
static_assert(is_nan(cx::sqrt(-1.0)));
static_assert(is_nan(cx::sqrt(-1.0f)));
static_assert(is_nan(cx::sin(inf)));
static_assert(is_nan(cx::cos(-inf)));
static_assert(is_nan(cx::exp(fnan)));
static_assert(cx::tanh(-inf) == -1.0);
static_assert(cx::erfc(-inf) == 2.0);
static_assert(cx::log1p(-1.0) == -inf);
static_assert(cx::expm1(-inf) == -1.0);
static_assert(cx::pow(nan, 0.0) == 1.0);
static_assert(is_nan(cx::pow(-2.0, 0.5)));

// ---------------------------------------------------------------------------
// Run-time sweeps against <cmath>.

// Deterministic pseudo-random numbers (splitmix64).
struct rng {
    std::uint64_t state;
    double next01() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1p-53;
    }
};

enum class spacing { linear, logarithmic };

struct sweep_result {
    std::uint64_t max_ulps = 0;
    double worst_x = 0;
    int points = 0;
};

// n points in [lo, hi]: half on a regular grid, half pseudo-random.
template <class T, class Ours, class Ref>
sweep_result sweep(Ours ours, Ref ref, double lo, double hi, int n, spacing sp = spacing::linear) {
    sweep_result res;
    rng r{std::bit_cast<std::uint64_t>(lo) ^ std::bit_cast<std::uint64_t>(hi)};
    for (int i = 0; i < n; ++i) {
        const double t = i % 2 == 0 ? static_cast<double>(i) / (n - 1) : r.next01();
        const double xd = sp == spacing::linear ? lo + (hi - lo) * t
                                                : std::exp(std::log(lo) + (std::log(hi) - std::log(lo)) * t);
        const T x = static_cast<T>(xd);
        const std::uint64_t d = ulp_distance<T>(ours(x), ref(x));
        if (d > res.max_ulps) {
            res.max_ulps = d;
            res.worst_x = static_cast<double>(x);
        }
        ++res.points;
    }
    return res;
}

void report(const char* what, const sweep_result& r, std::uint64_t tol) {
    BOOST_TEST_MESSAGE(what << ": max " << r.max_ulps << " ulp over " << r.points << " points");
    BOOST_CHECK_MESSAGE(r.max_ulps <= tol, what << ": " << r.max_ulps << " ulp (tolerance " << tol
                                                << ") at x = " << std::setprecision(17) << r.worst_x);
}

constexpr int n_points = 4000;

#define ETGRAD_CX_FN(name) \
    [](auto v) { return cx::name(v); }, [](auto v) { return static_cast<decltype(v)>(std::name(v)); }

template <class T>
void run_sweeps(const char* type_name) {
    const bool is_double = std::is_same_v<T, double>;
    const std::string t = type_name;
    const double tiny = is_double ? 1e-300 : 1e-40;  // lower end of the log-spaced sweeps
    const auto run = [&](const std::string& label, auto ours, auto ref, double lo, double hi,
                         std::uint64_t tol, spacing sp = spacing::linear) {
        report((label + " " + t).c_str(), sweep<T>(ours, ref, lo, hi, n_points, sp), tol);
    };

    run("exp", ETGRAD_CX_FN(exp), is_double ? -700.0 : -87.0, is_double ? 700.0 : 88.0, 4);
    run("exp subnormal results", ETGRAD_CX_FN(exp), is_double ? -745.0 : -103.0, is_double ? -708.0 : -87.0,
        4);
    run("exp small", ETGRAD_CX_FN(exp), 1e-12, 1.0, 4, spacing::logarithmic);
    run("log", ETGRAD_CX_FN(log), is_double ? 1e-300 : 1e-37, is_double ? 1e300 : 1e37, 4,
        spacing::logarithmic);
    run("log near 1", ETGRAD_CX_FN(log), 0.5, 2.0, 4);
    run("log subnormal", ETGRAD_CX_FN(log), is_double ? 1e-322 : 1e-44, is_double ? 1e-308 : 1e-38, 4,
        spacing::logarithmic);
    run("log1p", ETGRAD_CX_FN(log1p), -0.999, 10.0, 4);
    run("log1p small +", ETGRAD_CX_FN(log1p), tiny, 1e-2, 4, spacing::logarithmic);
    const auto log1p_neg = [](T v) { return cx::log1p(static_cast<T>(-v)); };
    const auto log1p_neg_ref = [](T v) { return static_cast<T>(std::log1p(static_cast<T>(-v))); };
    run("log1p small -", log1p_neg, log1p_neg_ref, tiny, 1e-2, 4, spacing::logarithmic);
    run("log1p large", ETGRAD_CX_FN(log1p), 10.0, is_double ? 1e300 : 1e37, 4, spacing::logarithmic);
    run("expm1", ETGRAD_CX_FN(expm1), -40.0, is_double ? 700.0 : 88.0, 4);
    run("expm1 small +", ETGRAD_CX_FN(expm1), tiny, 1.0, 4, spacing::logarithmic);
    const auto expm1_neg = [](T v) { return cx::expm1(static_cast<T>(-v)); };
    const auto expm1_neg_ref = [](T v) { return static_cast<T>(std::expm1(static_cast<T>(-v))); };
    run("expm1 small -", expm1_neg, expm1_neg_ref, tiny, 1.0, 4, spacing::logarithmic);
    run("sqrt", ETGRAD_CX_FN(sqrt), 0.0, is_double ? 1e300 : 1e38, 0);
    run("sqrt log-spaced", ETGRAD_CX_FN(sqrt), is_double ? 1e-320 : 1e-44, is_double ? 1e300 : 1e38, 0,
        spacing::logarithmic);
    run("sin", ETGRAD_CX_FN(sin), -1e4, 1e4, 4);
    run("cos", ETGRAD_CX_FN(cos), -1e4, 1e4, 4);
    run("tan", ETGRAD_CX_FN(tan), -1e4, 1e4, 8);
    run("sin small", ETGRAD_CX_FN(sin), tiny, 10.0, 4, spacing::logarithmic);
    run("cos small", ETGRAD_CX_FN(cos), tiny, 10.0, 4, spacing::logarithmic);
    run("tan small", ETGRAD_CX_FN(tan), tiny, 10.0, 8, spacing::logarithmic);
    run("sin large", ETGRAD_CX_FN(sin), 1e4, is_double ? 1e300 : 1e38, 4, spacing::logarithmic);
    run("cos large", ETGRAD_CX_FN(cos), 1e4, is_double ? 1e300 : 1e38, 4, spacing::logarithmic);
    run("tan large", ETGRAD_CX_FN(tan), 1e4, is_double ? 1e300 : 1e38, 8, spacing::logarithmic);
    run("tanh", ETGRAD_CX_FN(tanh), -50.0, 50.0, 4);
    run("tanh small", ETGRAD_CX_FN(tanh), tiny, 2.0, 4, spacing::logarithmic);
    run("erf", ETGRAD_CX_FN(erf), -6.0, 27.0, 8);
    run("erf small", ETGRAD_CX_FN(erf), tiny, 2.0, 8, spacing::logarithmic);
    run("erfc", ETGRAD_CX_FN(erfc), -6.0, 27.0, 8);
    run("erfc near 0", ETGRAD_CX_FN(erfc), -1.0, 1.0, 8);
}

#undef ETGRAD_CX_FN

// Relative error and ulp distance of pow against std::pow.
template <class T>
struct pow_stats {
    std::uint64_t max_ulps = 0;
    double max_rel = 0;
    double worst_b = 0;
    double worst_e = 0;
    int points = 0;

    void add(T b, T e) {
        const T ours = cx::pow(b, e);
        const T ref = std::pow(b, e);
        const std::uint64_t d = ulp_distance(ours, ref);
        if (std::isfinite(ref) && ref != 0) {
            const double rel =
                std::fabs((static_cast<double>(ours) - static_cast<double>(ref)) / static_cast<double>(ref));
            if (rel > max_rel) max_rel = rel;
        }
        if (d > max_ulps) {
            max_ulps = d;
            worst_b = b;
            worst_e = e;
        }
        ++points;
    }

    void check(const char* what, std::uint64_t tol_ulps, double tol_rel) const {
        BOOST_TEST_MESSAGE(what << ": max " << max_ulps << " ulp, max rel " << max_rel << " over " << points
                                << " points");
        BOOST_CHECK_MESSAGE(max_ulps <= tol_ulps && max_rel <= tol_rel,
                            what << ": " << max_ulps << " ulp, rel " << max_rel << " at pow("
                                 << std::setprecision(17) << worst_b << ", " << worst_e << ")");
    }
};

template <class T>
void run_pow_sweeps(const char* type_name) {
    const std::string t = type_name;
    const bool is_double = std::is_same_v<T, double>;
    const double rel_tol = is_double ? 1e-14 : 1e-6;
    rng r{42};

    pow_stats<T> general;  // positive base, real exponent, results over the whole range
    for (int i = 0; i < n_points; ++i) {
        const T b = static_cast<T>(std::exp((r.next01() * 2 - 1) * 7.0));  // [1e-3, 1e3]
        const T e = static_cast<T>((r.next01() * 2 - 1) * (is_double ? 100.0 : 12.0));
        general.add(b, e);
    }
    general.check(("pow general " + t).c_str(), 4, rel_tol);

    pow_stats<T> extreme;  // |e log b| close to the overflow / underflow limits
    for (int i = 0; i < n_points; ++i) {
        const T b = static_cast<T>(1.0 + r.next01() * 9.0);
        const double lim = is_double ? 745.0 : 103.0;
        const T e = static_cast<T>((r.next01() * 2 - 1) * lim / std::log(static_cast<double>(b)));
        extreme.add(b, e);
    }
    extreme.check(("pow extreme " + t).c_str(), 4, rel_tol);

    pow_stats<T> near_one;  // base close to 1, huge exponent
    for (int i = 0; i < n_points; ++i) {
        const T b = static_cast<T>(1.0 + (r.next01() * 2 - 1) * 1e-3);
        const T e = static_cast<T>((r.next01() * 2 - 1) * (is_double ? 5e5 : 5e4));
        near_one.add(b, e);
    }
    near_one.check(("pow base near 1 " + t).c_str(), 4, rel_tol);

    pow_stats<T> negative;  // negative base, integer exponent
    for (int i = 0; i < n_points; ++i) {
        const T b = static_cast<T>(-(0.05 + r.next01() * 20.0));
        const T e = static_cast<T>(std::floor((r.next01() * 2 - 1) * (is_double ? 200.0 : 25.0)));
        negative.add(b, e);
    }
    negative.check(("pow negative base " + t).c_str(), 4, rel_tol);

    pow_stats<T> exact;  // exactly representable results must come out exact
    for (int n = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
         n < std::numeric_limits<T>::max_exponent; ++n) {
        exact.add(T{2}, static_cast<T>(n));
        exact.add(T{-2}, static_cast<T>(n));
    }
    // 10^n, 3^n and (-7)^n are exact while 5^n, 3^n, 7^n fit in the significand.
    for (int n = 0; n <= (is_double ? 22 : 10); ++n) exact.add(T{10}, static_cast<T>(n));
    for (int n = 0; n <= (is_double ? 33 : 15); ++n) exact.add(T{3}, static_cast<T>(n));
    for (int n = 0; n <= (is_double ? 18 : 8); ++n) exact.add(T{-7}, static_cast<T>(n));
    for (int n = -60; n <= 60; ++n) exact.add(T{0.25}, static_cast<T>(n));
    exact.check(("pow exact cases " + t).c_str(), 0, 0.0);
}

template <class T>
void run_special_values() {
    constexpr T i = std::numeric_limits<T>::infinity();
    constexpr T n = std::numeric_limits<T>::quiet_NaN();
    constexpr T big = std::numeric_limits<T>::max();
    constexpr T tiny = std::numeric_limits<T>::denorm_min();
    const T zero = T{0};
    const T neg_zero = -T{0};

    const T inputs[] = {zero,    neg_zero, i,    -i,   n,     T{1},    T{-1},    T{2},  T{-2}, T{0.5},
                        T{-0.5}, big,      -big, tiny, -tiny, T{1000}, T{-1000}, T{30}, T{-30}};

    for (T x : inputs) {
        BOOST_TEST_CONTEXT("x = " << x) {
            BOOST_TEST(same_special(cx::exp(x), std::exp(x)));
            BOOST_TEST(same_special(cx::expm1(x), std::expm1(x)));
            BOOST_TEST(same_special(cx::log(x), std::log(x)));
            BOOST_TEST(same_special(cx::log1p(x), std::log1p(x)));
            BOOST_TEST(same_special(cx::sqrt(x), std::sqrt(x)));
            BOOST_TEST(same_special(cx::sin(x), std::sin(x)));
            BOOST_TEST(same_special(cx::cos(x), std::cos(x)));
            BOOST_TEST(same_special(cx::tan(x), std::tan(x)));
            BOOST_TEST(same_special(cx::tanh(x), std::tanh(x)));
            BOOST_TEST(same_special(cx::erf(x), std::erf(x)));
            BOOST_TEST(same_special(cx::erfc(x), std::erfc(x)));
            BOOST_TEST(same_special(cx::fabs(x), std::fabs(x), 0));
        }
    }

    // The cases named in the C standard's Annex F, explicitly.
    BOOST_TEST(cx::exp(i) == i);
    BOOST_TEST(cx::exp(-i) == zero);
    BOOST_TEST(cx::exp(T{1000}) == i);
    BOOST_TEST(cx::log(zero) == -i);
    BOOST_TEST(cx::log(neg_zero) == -i);
    BOOST_TEST(std::isnan(cx::log(T{-1})));
    BOOST_TEST(std::isnan(cx::sqrt(T{-1})));
    BOOST_TEST(is_neg_zero(cx::sqrt(neg_zero)));
    BOOST_TEST(std::isnan(cx::sin(i)));
    BOOST_TEST(std::isnan(cx::tan(-i)));
    BOOST_TEST(is_neg_zero(cx::sin(neg_zero)));
    BOOST_TEST(is_neg_zero(cx::tan(neg_zero)));
    BOOST_TEST(is_neg_zero(cx::tanh(neg_zero)));
    BOOST_TEST(is_neg_zero(cx::erf(neg_zero)));
    BOOST_TEST(is_neg_zero(cx::expm1(neg_zero)));
    BOOST_TEST(is_neg_zero(cx::log1p(neg_zero)));
    BOOST_TEST(cx::erfc(T{30}) == zero);
    BOOST_TEST(cx::erfc(T{-10}) == T{2});
    BOOST_TEST(std::isnan(cx::log1p(T{-2})));
    BOOST_TEST(cx::log1p(T{-1}) == -i);
    for (T x : inputs) {
        BOOST_TEST_CONTEXT("NaN propagation, x = " << x) {
            BOOST_TEST(std::isnan(cx::pow(n, x)) == (x != T{0}));
            BOOST_TEST(std::isnan(cx::pow(x, n)) == (x != T{1}));
        }
    }

    // pow over a grid of special operands, against std::pow.
    const T operands[] = {zero,
                          neg_zero,
                          T{1},
                          T{-1},
                          T{0.5},
                          T{-0.5},
                          T{2},
                          T{-2},
                          T{3},
                          T{-3},
                          T{2.5},
                          T{-2.5},
                          i,
                          -i,
                          n,
                          big,
                          -big,
                          tiny,
                          T{1} + std::numeric_limits<T>::epsilon()};
    for (T b : operands) {
        for (T e : operands) {
            BOOST_TEST_CONTEXT("pow(" << b << ", " << e << ")") {
                BOOST_TEST(same_special(cx::pow(b, e), std::pow(b, e)));
            }
        }
    }
}

// Values computed in constant evaluation equal the run-time results bit for bit
// (up to an ulp where the compiler may contract a*b+c into an FMA at run time).
constexpr double ct_points[] = {-1e22, -1234.5, -3.0, -0.75, -1e-5, 0.0,   1e-8,
                                0.3,   0.9,     1.7,  4.5,   27.0,  600.0, 1e6};

template <class F>
constexpr auto tabulate(F f) {
    struct table {
        double v[std::size(ct_points)];
    } t{};
    for (std::size_t k = 0; k < std::size(ct_points); ++k) t.v[k] = f(ct_points[k]);
    return t;
}

constexpr auto ct_exp = tabulate([](double x) { return cx::exp(x); });
constexpr auto ct_log = tabulate([](double x) { return cx::log(cx::fabs(x)); });
constexpr auto ct_log1p = tabulate([](double x) { return cx::log1p(cx::fabs(x)); });
constexpr auto ct_expm1 = tabulate([](double x) { return cx::expm1(x); });
constexpr auto ct_sqrt = tabulate([](double x) { return cx::sqrt(cx::fabs(x)); });
constexpr auto ct_sin = tabulate([](double x) { return cx::sin(x); });
constexpr auto ct_cos = tabulate([](double x) { return cx::cos(x); });
constexpr auto ct_tan = tabulate([](double x) { return cx::tan(x); });
constexpr auto ct_tanh = tabulate([](double x) { return cx::tanh(x); });
constexpr auto ct_erf = tabulate([](double x) { return cx::erf(x); });
constexpr auto ct_erfc = tabulate([](double x) { return cx::erfc(x); });
constexpr auto ct_pow = tabulate([](double x) { return cx::pow(1.5, x); });

}  // namespace

BOOST_AUTO_TEST_SUITE(constexpr_math)

BOOST_AUTO_TEST_CASE(compile_time_equals_run_time) {
    const std::uint64_t tol = etgrad::detail::cx::impl::runtime_fma ? 1 : 0;
    for (std::size_t k = 0; k < std::size(ct_points); ++k) {
        volatile double vx = ct_points[k];  // keep the run-time calls at run time
        const double x = vx;
        BOOST_TEST_CONTEXT("x = " << x) {
            BOOST_TEST(ulp_distance(ct_exp.v[k], cx::exp(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_log.v[k], cx::log(cx::fabs(x))) <= tol);
            BOOST_TEST(ulp_distance(ct_log1p.v[k], cx::log1p(cx::fabs(x))) <= tol);
            BOOST_TEST(ulp_distance(ct_expm1.v[k], cx::expm1(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_sqrt.v[k], cx::sqrt(cx::fabs(x))) <= tol);
            BOOST_TEST(ulp_distance(ct_sin.v[k], cx::sin(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_cos.v[k], cx::cos(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_tan.v[k], cx::tan(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_tanh.v[k], cx::tanh(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_erf.v[k], cx::erf(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_erfc.v[k], cx::erfc(x)) <= tol);
            BOOST_TEST(ulp_distance(ct_pow.v[k], cx::pow(1.5, x)) <= tol);
        }
    }
}

BOOST_AUTO_TEST_CASE(sweeps_double) { run_sweeps<double>("double"); }

BOOST_AUTO_TEST_CASE(sweeps_float) { run_sweeps<float>("float"); }

BOOST_AUTO_TEST_CASE(pow_double) { run_pow_sweeps<double>("double"); }

BOOST_AUTO_TEST_CASE(pow_float) { run_pow_sweeps<float>("float"); }

BOOST_AUTO_TEST_CASE(special_values_double) { run_special_values<double>(); }

BOOST_AUTO_TEST_CASE(special_values_float) { run_special_values<float>(); }

BOOST_AUTO_TEST_SUITE_END()
