// SPDX-License-Identifier: MIT
// eg::wrt(x, y): the placeholders grad and value_and_grad differentiate with respect to.
#pragma once
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

/// The result of eg::wrt(): the placeholders to differentiate with respect to.
template <class... Placeholders>
struct wrt_t {};
/// Names the placeholders grad() and value_and_grad() differentiate with respect to:
/// `eg::grad(f, x = xv, y = 0.5, eg::wrt(y))` gives `g[y]` only. Each must be used by `f`.
template <fixed_string... Names>
constexpr wrt_t<placeholder<Names>...> wrt(placeholder<Names>...) {
    return {};
}

}  // namespace etgrad
