// SPDX-License-Identifier: MIT
// Python's repr of a float: the shortest decimal that reads back as the same double.
#pragma once
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

namespace etgrad::io {

// Python prints digits d1 d2 ... with the decimal point after `point` digits in positional form
// while -4 < point <= 16, and as d1.d2...e±XX otherwise: 0.0001, 1e-05, 1e+16, 3.0, 123.25.
inline std::string python_float_repr(double value) {
    if (std::isnan(value)) return "nan";  // Python never shows the sign of a nan
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    std::string text = std::signbit(value) ? "-" : "";
    if (value == 0) return text + "0.0";

    // Shortest round-trip form, always scientific, e.g. "9.700000286102295e-01".
    std::array<char, 32> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::fabs(value),
                                   std::chars_format::scientific).ptr;
    const std::string_view scientific(buffer.data(), end);
    const auto e = scientific.find('e');
    std::string digits(scientific.substr(0, e));
    if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'
    const int exponent = std::atoi(scientific.data() + e + 1);
    const int point = exponent + 1;
    const int count = static_cast<int>(digits.size());

    if (point <= -4 || point > 16) {
        text += digits.substr(0, 1);
        if (count > 1) text += "." + digits.substr(1);
        const std::string magnitude = std::to_string(std::abs(exponent));
        return text + (exponent < 0 ? "e-" : "e+") + (magnitude.size() < 2 ? "0" : "") + magnitude;
    }
    if (point <= 0) return text + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    if (point >= count) return text + digits + std::string(static_cast<std::size_t>(point - count), '0') + ".0";
    return text + digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
}

}  // namespace etgrad::io
