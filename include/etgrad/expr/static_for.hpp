// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace etgrad::detail {

template <std::size_t I>
using index_c = std::integral_constant<std::size_t, I>;

// Calls f(index_c<I>{}) for I = 0 .. N-1, unrolled at compile time.
template <std::size_t N, class F>
constexpr void static_for(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (f(index_c<I>{}), ...); }(std::make_index_sequence<N>{});
}

// Calls f(index_c<List[k]>{}) for each entry of a compile-time list, in order or reversed.
template <auto List, class F>
constexpr void for_each_listed(F&& f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (f(index_c<List[K]>{}), ...);
    }(std::make_index_sequence<List.size()>{});
}
template <auto List, class F>
constexpr void for_each_listed_reversed(F&& f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (f(index_c<List[List.size() - 1 - K]>{}), ...);
    }(std::make_index_sequence<List.size()>{});
}

// The indices where a compile-time mask is true, as a compile-time list.
template <auto Mask>
constexpr auto indices_of() {
    constexpr std::size_t count = [] {
        std::size_t c = 0;
        for (bool b : Mask) c += b ? 1 : 0;
        return c;
    }();
    std::array<std::size_t, count> list{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < Mask.size(); ++i)
        if (Mask[i]) list[k++] = i;
    return list;
}

}  // namespace etgrad::detail
