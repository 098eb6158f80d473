// SPDX-License-Identifier: MIT
// eg::allow_unused: says that a binding f does not use is deliberate (every other one is a
// compile error, which catches a misspelled placeholder name).
#pragma once
#include <utility>

#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/fixed_string.hpp>

namespace etgrad {

/// A binding that f may leave unused: what `eg::allow_unused(x = value)` makes.
template <class Binding>
struct unused_allowed {
    Binding binding;  ///< the binding `x = value`
};

/// The type of eg::allow_unused.
struct allow_unused_t {
    /// `eg::allow_unused(x = value)`: this one binding may be unused by f.
    template <fixed_string Name, class Stored>
    constexpr unused_allowed<binding<Name, Stored>> operator()(binding<Name, Stored> b) const {
        return {std::move(b)};
    }
};

/// Permission to bind placeholders that f does not use, which is otherwise a compile error
/// naming the placeholder (`etgrad::error::binding_unused_by_f`). As an argument of a call,
/// every binding of the call may be unused (PyTorch's `allow_unused=True`):
/// `eg::eval(f, x = 1.0, y = 2.0, eg::allow_unused)`; around one binding, only that one may:
/// `eg::eval(f, x = 1.0, eg::allow_unused(y = 2.0))`.
inline constexpr allow_unused_t allow_unused{};

}  // namespace etgrad
