// SPDX-License-Identifier: MIT
// Rules of softmax, log_softmax and logsumexp along an axis. They are written with `along`, a
// layer's view of the lanes of that axis (the elements along it): `along.max(x)` and
// `along.sum(x)` are each lane's maximum and sum, one per lane, broadcasting back against the
// lane; `along.shift(x)` is the maximum with an infinite one replaced by 0 (PyTorch's logsumexp:
// -inf for a lane of -inf, not NaN). Elementwise parts use operators and math::exp/log, which the
// layer provides for its operands, so each rule is written once for every layer. `grad` returns
// adj * d(out)/d(a); softmax and log_softmax read only their own value.
#pragma once
#include <string_view>

#include <etgrad/ops/math.hpp>

namespace etgrad::ops {

struct softmax_op {
    static constexpr std::string_view name = "softmax";
    // exp(a - max) / sum(exp(a - max)): subtracting the largest element keeps exp finite.
    auto value(const auto& a, const auto& along) const {
        const auto e = math::exp(a - along.max(a));
        return e / along.sum(e);
    }
    auto grad(const auto& out, const auto& adj, const auto& along) const { return out * (adj - along.sum(adj * out)); }
};

struct log_softmax_op {
    static constexpr std::string_view name = "log_softmax";
    auto value(const auto& a, const auto& along) const {
        const auto shifted = a - along.max(a);
        return shifted - math::log(along.sum(math::exp(shifted)));
    }
    auto grad(const auto& out, const auto& adj, const auto& along) const { return adj - math::exp(out) * along.sum(adj); }
};

// A reduction: one value per lane.
struct logsumexp_op {
    static constexpr std::string_view name = "logsumexp";
    auto value(const auto& a, const auto& along) const {
        const auto m = along.shift(a);
        return m + math::log(along.sum(math::exp(a - m)));
    }
    // adj * softmax(a), with out and adj (one per lane) broadcast back along the lane.
    auto grad(const auto& a, const auto& out, const auto& adj) const { return adj * math::exp(a - out); }
};

}  // namespace etgrad::ops
