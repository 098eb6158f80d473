// SPDX-License-Identifier: MIT
// Loops unrolled at compile time over indices and index lists, and index lists from masks.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <etgrad/kernel/always_inline.hpp>

namespace etgrad::detail {

template <std::size_t I>
using index_c = std::integral_constant<std::size_t, I>;

// Calls f(index_c<I>{}) for I = 0 .. N-1, unrolled at compile time.
// Inlined, with its body, so that loop kernels built from it keep their values in registers.
// The calls are the elements of a braced list, which runs them in order: a comma fold over more
// than 256 nodes (a long eg::let chain) exceeds clang's nesting depth.
template <std::size_t N, class F>
ETGRAD_ALWAYS_INLINE constexpr void static_for(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) ETGRAD_INLINE_LAMBDA {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<I>{})), true)...};
    }(std::make_index_sequence<N>{});
}

// Calls f(index_c<I>{}) for the one I < N equal to `i` (none if i >= N): a run-time number
// turned into a compile-time one, which the optimiser compiles to a jump table.
template <std::size_t N, class F>
ETGRAD_ALWAYS_INLINE constexpr void dispatch(std::size_t i, F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) ETGRAD_INLINE_LAMBDA {
        static_cast<void>(((i == I && (static_cast<void>(f(index_c<I>{})), true)) || ...));
    }(std::make_index_sequence<N>{});
}

// Compile-time lists of indices are given as captureless lambdas returning a std::array (a
// type, not a value: GCC 12 at -O0 miscompiled loops over std::array template arguments).
// Calls f(index_c<list[k]>{}) for each entry, in order or reversed.
template <class ListFn, class F>
constexpr void for_each_listed(ListFn, F&& f) {
    constexpr auto list = ListFn{}();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<list[K]>{})), true)...};
    }(std::make_index_sequence<list.size()>{});
}
template <class ListFn, class F>
constexpr void for_each_listed_reversed(ListFn, F&& f) {
    constexpr auto list = ListFn{}();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<list[list.size() - 1 - K]>{})), true)...};
    }(std::make_index_sequence<list.size()>{});
}

// The indices where a compile-time mask (given as a lambda returning it) is true.
template <class MaskFn>
constexpr auto indices_of(MaskFn) {
    constexpr auto mask = MaskFn{}();
    constexpr std::size_t count = [&] {
        std::size_t c = 0;
        for (bool b : mask) c += b ? 1 : 0;
        return c;
    }();
    std::array<std::size_t, count> list{};
    std::size_t k = 0;
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i]) list[k++] = i;
    return list;
}

// The mask of the indices I < N where pred(I) holds.
template <std::size_t N, class Pred>
constexpr std::array<bool, N> mask_where(Pred pred) {
    std::array<bool, N> m{};
    for (std::size_t i = 0; i < N; ++i) m[i] = pred(i);
    return m;
}

// Calls f(index_c<I>{}) for each I < N where pred(I) holds (pred: a captureless lambda taking a
// std::size_t, evaluated at compile time), in order or reversed. Unlike a static_for whose body
// tests the index with if constexpr, it instantiates f for those indices only: a visit of the few
// nodes of a program that act in one pass costs no function per other node (each named after the
// whole expression).
template <std::size_t N, class Pred, class F>
constexpr void for_each_where(Pred, F&& f) {
    for_each_listed([] { return indices_of([] { return mask_where<N>(Pred{}); }); }, f);
}
template <std::size_t N, class Pred, class F>
constexpr void for_each_where_reversed(Pred, F&& f) {
    for_each_listed_reversed([] { return indices_of([] { return mask_where<N>(Pred{}); }); }, f);
}

}  // namespace etgrad::detail
