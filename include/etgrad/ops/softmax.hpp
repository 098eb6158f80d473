// SPDX-License-Identifier: MIT
// Rules of softmax and log_softmax along an axis. Values and
// derivatives are written with unqualified calls (max, sum, math::exp, math::log) that a
// layer provides for its operands, so each rule serves every layer that has them. `grad` returns
// adj * d(out)/d(a); both softmax rules read only their own value.
#pragma once
#include <cstdint>
#include <string_view>

#include <etgrad/ops/math.hpp>

namespace etgrad::ops {

struct softmax_op {
    static constexpr std::string_view name = "softmax";
    // exp(a - max) / sum(exp(a - max)): subtracting the largest element keeps exp finite.
    auto value(const auto& a, std::int64_t dim) const {
        const auto e = math::exp(a - max(a, dim, true).values);
        return e / sum(e, dim, true);
    }
    auto grad(const auto& out, const auto& adj, std::int64_t dim) const { return out * (adj - sum(adj * out, dim, true)); }
};

struct log_softmax_op {
    static constexpr std::string_view name = "log_softmax";
    auto value(const auto& a, std::int64_t dim) const {
        const auto shifted = a - max(a, dim, true).values;
        return shifted - math::log(sum(math::exp(shifted), dim, true));
    }
    auto grad(const auto& out, const auto& adj, std::int64_t dim) const { return adj - math::exp(out) * sum(adj, dim, true); }
};

}  // namespace etgrad::ops
