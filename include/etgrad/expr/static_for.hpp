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
// static_for is a function object whose type holds the indices: a call instantiates one function
// (the call operator for its body), where a function template that expanded the indices in a
// lambda of its own instantiated two.
template <class Indices>
struct static_for_t;
template <std::size_t... I>
struct static_for_t<std::index_sequence<I...>> {
    template <class F>
    ETGRAD_ALWAYS_INLINE constexpr void operator()(F&& f) const {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<I>{})), true)...};
    }
};
template <std::size_t N>
inline constexpr static_for_t<std::make_index_sequence<N>> static_for{};

// Compile-time lists of indices are given as captureless lambdas returning a std::array (a
// type, not a value: GCC 12 at -O0 miscompiled loops over std::array template arguments).
// listed<ListFn>::each(f) calls f(index_c<list[k]>{}) for each entry, in order or reversed.
template <class ListFn, class Positions = std::make_index_sequence<ListFn{}().size()>>
struct listed;
template <class ListFn, std::size_t... K>
struct listed<ListFn, std::index_sequence<K...>> {
    static constexpr auto list = ListFn{}();
    template <class F>
    static constexpr void each(F&& f) {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<list[K]>{})), true)...};
    }
    template <class F>
    static constexpr void each_reversed(F&& f) {
        [[maybe_unused]] const bool done[] = {true, (static_cast<void>(f(index_c<list[sizeof...(K) - 1 - K]>{})), true)...};
    }
};

// Note [Tables are consteval]: what only constant evaluation runs (the lambdas that initialise a
// program's and a loop plan's tables, and the index-list helpers here) is `consteval`. g++ turns
// every `constexpr` function it instantiates into a symbol, named after the whole program, only to
// remove it as unreachable after computing that name: bench/impl_static.cpp took 40.70 G compiler
// instructions with them `constexpr`, 40.08 G `consteval` (tools/compile-instructions.sh), for the
// same object code.
//
// The indices where a compile-time mask (given as a lambda returning it) is true.
template <class MaskFn>
consteval auto indices_of(MaskFn) {
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
consteval std::array<bool, N> mask_where(Pred pred) {
    std::array<bool, N> m{};
    for (std::size_t i = 0; i < N; ++i) m[i] = pred(i);
    return m;
}

// The list of the indices I < N where Pred{}(I) holds.
template <std::size_t N, class Pred>
consteval auto where_list() {
    return indices_of([]() consteval { return mask_where<N>(Pred{}); });
}

// Calls f(index_c<I>{}) for each I < N where pred(I) holds (pred: a captureless lambda taking a
// std::size_t, evaluated at compile time), in order or reversed. Unlike a static_for whose body
// tests the index with if constexpr, it instantiates f for those indices only: a visit of the few
// nodes of a program that act in one pass costs no function per other node (each named after the
// whole expression).
template <std::size_t N, class Pred, class F>
constexpr void for_each_where(Pred, F&& f) {
    listed<decltype([]() consteval { return where_list<N, Pred>(); })>::each(f);
}
template <std::size_t N, class Pred, class F>
constexpr void for_each_where_reversed(Pred, F&& f) {
    listed<decltype([]() consteval { return where_list<N, Pred>(); })>::each_reversed(f);
}

}  // namespace etgrad::detail
