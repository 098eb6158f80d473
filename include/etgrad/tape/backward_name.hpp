// SPDX-License-Identifier: MIT
// The names PyTorch's Python API gives the backward nodes ("MulBackward0"), derived from the op
// rule's name; the few that PyTorch spells otherwise are listed here.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad::tape {

namespace detail {
// "log1p" -> "Log1PBackward0": capitals at the start and after a digit.
template <std::size_t N>
struct backward_name_text {
    std::array<char, N + 9> text{};
    constexpr explicit backward_name_text(std::string_view rule_name) {
        constexpr std::string_view suffix = "Backward0";
        for (std::size_t i = 0; i < N; ++i) {
            const char c = rule_name[i];
            const bool capital = i == 0 || (rule_name[i - 1] >= '0' && rule_name[i - 1] <= '9');
            text[i] = capital && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        }
        for (std::size_t i = 0; i < suffix.size(); ++i) text[N + i] = suffix[i];
    }
    constexpr std::string_view view() const { return {text.data(), text.size()}; }
};
template <class Op>
inline constexpr backward_name_text<Op::name.size()> derived_backward_name{Op::name};
}  // namespace detail

template <class Op>
constexpr std::string_view backward_name() {
    if constexpr (std::is_same_v<Op, ops::pow_op>)
        return "PowBackward1";  // pow with a tensor exponent; PowBackward0 is a number exponent
    else if constexpr (std::is_same_v<Op, ops::square_op>)
        return "PowBackward0";  // torch.square is pow(x, 2)
    else
        return detail::derived_backward_name<Op>.view();
}

}  // namespace etgrad::tape
