// SPDX-License-Identifier: MIT
// What the static layer's benchmark translation units share: the containers they bind, and the
// kept result through which a kernel's later evaluations write into the first one's gradients.
#pragma once

#include "harness.hpp"

#include <etgrad/expr.hpp>
#include <xtensor/xtensor.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace etgrad_bench::static_support {

namespace eb = etgrad_bench;
namespace eg = etgrad;

using vector = xt::xtensor<double, 1>;
using matrix = xt::xtensor<double, 2>;

// Copied element by element, not by xtensor's assignment of an adaptor: that machinery is the
// harness's, not etgrad's, and cost impl_static.cpp 4% of its compile time (cc1plus instructions,
// tools/compile-instructions.sh: 48.76 G with it, 46.67 G without).
inline vector to_vector(const std::vector<double>& v) {
    vector out = vector::from_shape({v.size()});
    std::copy(v.begin(), v.end(), out.data());
    return out;
}
inline matrix to_matrix(const std::vector<double>& v, std::size_t rows, std::size_t cols) {
    matrix out = matrix::from_shape({rows, cols});
    std::copy(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(rows * cols), out.data());
    return out;
}

template <class T>
std::vector<double> flat(const T& t) {
    return {t.data(), t.data() + t.size()};
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
