// SPDX-License-Identifier: MIT
// The names PyTorch's Python API gives the backward nodes ("MulBackward0"), derived from the op
// rule's name; the few that PyTorch spells otherwise are listed here.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/selection.hpp>
#include <etgrad/ops/special.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad::tape {

namespace detail {
// "log1p" -> "Log1PBackward0", "log_sigmoid" -> "LogSigmoidBackward0": capitals at the start,
// after a digit and in place of an underscore.
template <std::size_t N>
struct backward_name_text {
    std::array<char, N + 9> text{};
    std::size_t size = 0;
    constexpr explicit backward_name_text(std::string_view rule_name) {
        bool capital = true;
        for (const char c : rule_name) {
            if (c == '_') {
                capital = true;
                continue;
            }
            text[size++] = capital && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            capital = c >= '0' && c <= '9';
        }
        for (const char c : std::string_view("Backward0")) text[size++] = c;
    }
    constexpr std::string_view view() const { return {text.data(), size}; }
};
template <class Op>
inline constexpr backward_name_text<Op::name.size()> derived_backward_name{Op::name};
}  // namespace detail

template <class Op>
constexpr std::string_view backward_name() {
    if constexpr (requires { Op::backward_name; })
        return Op::backward_name;  // an op that names itself (tape/elementwise.hpp's with_number)
    else if constexpr (std::is_same_v<Op, ops::pow_op>)
        return "PowBackward1";  // pow with a tensor exponent; PowBackward0 is a number exponent
    else if constexpr (std::is_same_v<Op, ops::square_op>)
        return "PowBackward0";  // torch.square is pow(x, 2)
    else if constexpr (std::is_same_v<Op, ops::clamp_op>)
        return "ClampBackward1";  // clamp with number bounds
    else if constexpr (std::is_same_v<Op, ops::normal_cdf_op>)
        return "MulBackward1";  // torch 1.13 composes special.ndtr: (1 + erf(x / sqrt 2)) * 0.5
    else if constexpr (std::is_same_v<Op, ops::normal_log_cdf_op>)
        return "SpecialLogNdtrBackward0";
    else
        return detail::derived_backward_name<Op>.view();
}

}  // namespace etgrad::tape
