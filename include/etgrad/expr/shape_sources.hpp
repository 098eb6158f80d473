// SPDX-License-Identifier: MIT
// Which array nodes of an evaluation hold a run-time shape of their own, and where every other
// array node takes its shape from.
#pragma once
#include <array>
#include <cstddef>

#include <etgrad/expr/node_kind.hpp>

namespace etgrad::detail {

// An elementwise node whose array operands all have one source (one array and numbers, or
// `e * e`) has that source's shape, so only placeholders, axis reductions and binary ops on arrays
// of different sources hold a shape of their own; `index` numbers those. `e = e * e + e` is one
// source however deep, and a loop whose leaves all have its operand's source is known at compile
// time not to broadcast.
template <class P>
struct shape_sources {
    static constexpr std::size_t N = P::size;

    static constexpr std::array<std::size_t, N> source = []() consteval {
        std::array<std::size_t, N> t{};
        for (std::size_t j = 0; j < N; ++j) {
            const auto c = P::children_of[j];
            t[j] = j;
            if (P::kinds[j] != node_kind::elementwise || !P::is_array[j]) continue;
            const std::size_t a = P::is_array[c[0]] ? c[0] : c[1];  // an array operand
            const std::size_t b = P::arities[j] == 2 && P::is_array[c[1]] ? c[1] : a;
            if (t[a] == t[b]) t[j] = t[a];
        }
        return t;
    }();
    static constexpr std::size_t count = []() consteval {
        std::size_t n = 0;
        for (std::size_t j = 0; j < N; ++j) n += P::is_array[j] && source[j] == j ? 1 : 0;
        return n;
    }();
    static constexpr std::array<std::size_t, N> index = []() consteval {
        std::array<std::size_t, N> t{};
        std::size_t n = 0;
        for (std::size_t j = 0; j < N; ++j)
            if (P::is_array[j] && source[j] == j) t[j] = n++;
        for (std::size_t j = 0; j < N; ++j) t[j] = t[source[j]];
        return t;
    }();
};

}  // namespace etgrad::detail
