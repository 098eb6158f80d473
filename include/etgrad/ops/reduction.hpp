// SPDX-License-Identifier: MIT
// Reduction rules. A reduction's value is scale(n) * sum of its n inputs, and every input's
// adjoint is scale(n) * adj: one factor serves both directions.
#pragma once
#include <cstddef>
#include <string_view>

namespace etgrad::ops {

struct sum_op {
    static constexpr std::string_view name = "sum";
    template <class T>
    static constexpr T scale(std::size_t) { return T(1); }
};

struct mean_op {
    static constexpr std::string_view name = "mean";
    template <class T>
    static constexpr T scale(std::size_t n) { return T(1) / static_cast<T>(n); }
};

}  // namespace etgrad::ops
