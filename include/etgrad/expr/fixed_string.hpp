// SPDX-License-Identifier: MIT
// Strings as template arguments: the names of placeholders.
#pragma once
#include <cstddef>
#include <string_view>

namespace etgrad {

// A string literal usable as a template argument: the name of a placeholder is part of its type.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};

    constexpr fixed_string(const char (&text)[N]) {
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }
    constexpr std::string_view view() const { return {chars, N - 1}; }
    template <std::size_t M>
    constexpr bool operator==(const fixed_string<M>& other) const {
        return view() == other.view();
    }
};

}  // namespace etgrad
