// SPDX-License-Identifier: MIT
// eg::wrt(x, y): the placeholders grad and value_and_grad differentiate with respect to.
#pragma once
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

template <class... Placeholders>
struct wrt_t {};
template <fixed_string... Names>
constexpr wrt_t<placeholder<Names>...> wrt(placeholder<Names>...) {
    return {};
}

}  // namespace etgrad
