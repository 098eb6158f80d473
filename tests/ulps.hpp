// SPDX-License-Identifier: MIT
// Comparing floating-point results in units in the last place.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace etgrad_test {

template <class T>
using uint_of = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;

// Distance in units in the last place between a and b: the number of
// representable values between them.  0 for two NaNs or for +0 vs -0; the
// maximum for a NaN against a number.
template <class T>
constexpr std::uint64_t ulp_distance(T a, T b) {
    if (a != a || b != b) return (a != a && b != b) ? 0 : std::numeric_limits<std::uint64_t>::max();
    if (a == b) return 0;
    using U = uint_of<T>;
    constexpr U sign = U{1} << (sizeof(T) * 8 - 1);
    const U ua = std::bit_cast<U>(a);
    const U ub = std::bit_cast<U>(b);
    const std::uint64_t ma = ua & ~sign;
    const std::uint64_t mb = ub & ~sign;
    if ((ua & sign) != (ub & sign)) return ma + mb;  // across zero
    return ma > mb ? ma - mb : mb - ma;
}

template <class T>
constexpr bool within_ulps(T a, T b, std::uint64_t n) {
    return ulp_distance(a, b) <= n;
}

// Results that are NaN, infinite or zero must match the reference exactly (including the sign);
// other results must be within `tol` ulp.
template <class T>
bool same_special(T ours, T ref, std::uint64_t tol = 1) {
    if (std::isnan(ref)) return std::isnan(ours);
    if (std::isinf(ref) || ref == 0) return ours == ref && std::signbit(ours) == std::signbit(ref);
    return within_ulps(ours, ref, tol);
}

}  // namespace etgrad_test
