// SPDX-License-Identifier: MIT
// Parts of a 1-D placeholder inside an expression: eg::slice(x, begin, end), an array, and x[i], a
// number. Both read the bound array in place and write their adjoint into the placeholder's
// gradient at their offset (the evaluator zeroes that gradient once and accumulates into it).
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include <etgrad/expr/let.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/placeholder.hpp>
#include <etgrad/kernel/shape.hpp>

namespace etgrad {

/// The `end` of eg::slice(x, begin) when it is left out: the end of x.
inline constexpr std::int64_t slice_to_end = std::numeric_limits<std::int64_t>::max();

/// @cond INTERNAL
// x[begin:end] for the placeholder named Name, with Python's bounds (expr/slice.hpp). ToEnd: `end`
// was left out. Slices of one placeholder written alike have one type, which a loop presumes means
// equal bounds (Note [Equal slices] in expr/loop_plan.hpp).
template <fixed_string Name, bool ToEnd>
struct placeholder_slice {
    static constexpr fixed_string name = Name;
    static constexpr bool to_end = ToEnd;
    std::int64_t begin;
    std::int64_t end;
};
// x[index] for the placeholder named Name.
template <fixed_string Name>
struct placeholder_element {
    static constexpr fixed_string name = Name;
    std::int64_t index;
};

template <fixed_string Name, bool ToEnd>
struct is_expression<placeholder_slice<Name, ToEnd>> : std::true_type {};
template <fixed_string Name>
struct is_expression<placeholder_element<Name>> : std::true_type {};

namespace detail {
// A slice or an element of a placeholder: its one child is the placeholder (not stored).
template <class Node>
struct is_placeholder_part : std::false_type {};
template <fixed_string Name, bool ToEnd>
struct is_placeholder_part<placeholder_slice<Name, ToEnd>> : std::true_type {};
template <fixed_string Name>
struct is_placeholder_part<placeholder_element<Name>> : std::true_type {};

template <bool ToEnd, expression E>
constexpr auto slice_of(const E& x, std::int64_t begin, std::int64_t end) {
    if constexpr (!is_placeholder_node<E>::value) {
        static_assert(always_false<E>,
                      "etgrad::slice(x, begin, end): x must be a placeholder (eg::var) bound to a 1-D array; "
                      "expressions cannot be sliced");
        return x;  // an expression, so that the code around adds no second error
    } else {
        return placeholder_slice<E::name, ToEnd>{begin, end};
    }
}

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_not_one_dimensional(std::string_view name, const shape_t& s) {
    throw std::invalid_argument("etgrad::slice(x, begin, end) / x[i]: x must be bound to a 1-D array, but " +
                                std::string(name) + " is bound to one of shape " + s.to_string());
}
}  // namespace detail

template <class Node>
    requires detail::is_placeholder_part<Node>::value
struct children<Node> {
    static constexpr std::size_t count = 1;
    template <std::size_t>
    using type = placeholder<Node::name>;
    template <std::size_t>
    static constexpr placeholder<Node::name> get(const Node&) {
        return {};
    }
};
/// @endcond

/// The elements `begin` to `end` (excluded) of the 1-D array bound to the placeholder `x`, as in
/// Python's `x[begin:end]`: negative bounds count from the end, bounds outside the array are
/// clamped, and `end` left out means the end. An array expression like any other; its gradient
/// is added into x's at the slice's place, so slices may overlap (`x[:-1] * x[1:]`).
///
/// @code
/// eg::sum(eg::sin(eg::slice(x, 0, -1)) * eg::cos(eg::slice(x, 1)))
/// @endcode
template <expression E>
constexpr auto slice(const E& x, std::int64_t begin, std::int64_t end) {
    return detail::slice_of<false>(x, begin, end);
}
/// The elements from `begin` to the end of x: `x[begin:]`.
template <expression E>
constexpr auto slice(const E& x, std::int64_t begin) {
    return detail::slice_of<true>(x, begin, slice_to_end);
}

}  // namespace etgrad
