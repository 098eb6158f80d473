// SPDX-License-Identifier: MIT
// What the static layer's benchmark translation units share: the containers they bind, and the
// kept result through which a kernel's later evaluations write into the first one's gradients.
#pragma once

#include "harness.hpp"

#include <etgrad/expr.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace etgrad_bench::static_support {

namespace eb = etgrad_bench;
namespace eg = etgrad;

using vector = xt::xtensor<double, 1>;
using matrix = xt::xtensor<double, 2>;

inline vector to_vector(const std::vector<double>& v) { return xt::adapt(v, std::vector<std::size_t>{v.size()}); }

template <class T>
std::vector<double> flat(const T& t) {
    return {t.begin(), t.end()};
}

// The whole result of value_and_grad is kept, so that value and gradient are
// read after the timed loop without a copy inside it. The first evaluation
// allocates the gradients; every later one writes into them with
// value_and_grad_into, as a caller's loop would (no allocation is timed).
template <class R>
struct Keep {
    template <class F, class... Args>
    void keep(const F& f, const Args&... args) {
        if (result)
            result->value = eg::value_and_grad_into(result->grad, f, args...);
        else
            result.emplace(eg::value_and_grad(f, args...));
    }
    const R& get() const { return *result; }

    std::optional<R> result;
};

}  // namespace etgrad_bench::static_support
