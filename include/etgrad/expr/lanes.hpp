// SPDX-License-Identifier: MIT
// One lane of a stored array (the elements along an axis, kernel/lanes.hpp) as an operand of the
// rules of ops/softmax.hpp: element i is computed when it is read, so an elementwise chain such as
// exp(a - m) makes no temporary, and `along.max(x)` and `along.sum(x)` are one loop each.
#pragma once
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <type_traits>

#include <etgrad/ops/reduction_extrema.hpp>
#include <etgrad/ops/symbolic.hpp>

namespace etgrad::detail {

// Element i of the lane is at(i).
template <class At>
struct lane_expr {
    At at;
};
template <class At>
constexpr lane_expr<At> make_lane(At at) {
    return {at};
}
template <class T>
constexpr auto lane_of(const T* data, std::size_t stride) {
    return make_lane([data, stride](std::size_t i) { return data[i * stride]; });
}

template <class X>
struct is_lane : std::false_type {};
template <class At>
struct is_lane<lane_expr<At>> : std::true_type {};

// Element i of a lane; a number (one per lane) is every element.
template <class X>
constexpr auto element(const X& x, std::size_t i) {
    if constexpr (is_lane<X>::value)
        return x.at(i);
    else
        return x;
}

template <class A, class B, class F>
constexpr auto elementwise_lane(const A& a, const B& b, F f) {
    return make_lane([a, b, f](std::size_t i) { return f(element(a, i), element(b, i)); });
}
template <class A, class B>
concept lane_operands = is_lane<A>::value || is_lane<B>::value;

template <class A, class B>
    requires lane_operands<A, B>
constexpr auto operator+(const A& a, const B& b) {
    return elementwise_lane(a, b, std::plus<>{});
}
template <class A, class B>
    requires lane_operands<A, B>
constexpr auto operator-(const A& a, const B& b) {
    return elementwise_lane(a, b, std::minus<>{});
}
template <class A, class B>
    requires lane_operands<A, B>
constexpr auto operator*(const A& a, const B& b) {
    return elementwise_lane(a, b, std::multiplies<>{});
}
template <class A, class B>
    requires lane_operands<A, B>
constexpr auto operator/(const A& a, const B& b) {
    return elementwise_lane(a, b, std::divides<>{});
}
// math::exp(lane) and math::log(lane) (ops/math.hpp) come here: the op's value per element.
template <class Op, class At>
constexpr auto make_unary(Op op, const lane_expr<At>& a) {
    return make_lane([op, a](std::size_t i) { return op.value(a.at(i)); });
}

// The `along` of ops/softmax.hpp for one lane of n elements: its statistics are numbers.
template <class T>
struct lane_axis {
    std::size_t n;
    template <class X>
    constexpr T sum(const X& x) const {
        T s = T(0);
        for (std::size_t i = 0; i < n; ++i) s += element(x, i);
        return s;
    }
    // -inf for no element, so that logsumexp of nothing is -inf (as PyTorch's).
    template <class X>
    constexpr T max(const X& x) const {
        T m = -std::numeric_limits<T>::infinity();
        for (std::size_t i = 0; i < n; ++i)
            if (const T v = element(x, i); i == 0 || ops::max_op::prefers(v, m)) m = v;
        return m;
    }
    template <class X>
    constexpr T shift(const X& x) const {
        const T m = max(x);
        return std::isinf(m) ? T(0) : m;
    }
};

}  // namespace etgrad::detail

namespace etgrad::math {
// Lanes take the elementary functions by element (make_unary above).
template <class At>
struct records_operations<detail::lane_expr<At>> : std::true_type {};
}  // namespace etgrad::math
