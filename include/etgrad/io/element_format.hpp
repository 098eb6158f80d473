// SPDX-License-Identifier: MIT
// How PyTorch writes one tensor's elements: one notation and one column width for all of them,
// chosen from the elements that are shown.
#pragma once
#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <etgrad/io/print_options.hpp>

namespace etgrad::io {

// Python's format(value, ".{precision}f") or ".{precision}e": correctly rounded, exponent with a sign
// and at least two digits, and "nan" without a sign.
inline std::string python_decimal(double value, std::chars_format notation, int precision) {
    if (std::isnan(value)) return "nan";
    std::string text(static_cast<std::size_t>(330 + precision), '\0');  // room for DBL_MAX written out in full
    const auto end = std::to_chars(text.data(), text.data() + text.size(), value, notation, precision).ptr;
    text.resize(static_cast<std::size_t>(end - text.data()));
    return text;
}

inline std::string pad_left(std::string text, std::size_t width) {
    if (text.size() < width) text.insert(0, width - text.size(), ' ');
    return text;
}

// Floating-point elements. A tensor whose finite nonzero elements are all whole numbers prints them as
// "3." ("integer" notation); it switches to scientific notation when those elements span more than three
// decades, exceed 1e8, or (unless whole) go below 1e-4. Only finite nonzero elements decide the width,
// so "nan", "inf" and zeros never widen a column.
class float_format {
public:
    float_format(std::span<const double> shown, const print_options& options) : precision_(options.precision) {
        std::vector<double> magnitudes;
        for (const double value : shown)
            if (std::isfinite(value) && value != 0) magnitudes.push_back(std::fabs(value));
        if (magnitudes.empty()) return;

        const auto [smallest, largest] = std::minmax_element(magnitudes.begin(), magnitudes.end());
        const bool whole = std::all_of(magnitudes.begin(), magnitudes.end(), [](double m) { return m == std::ceil(m); });
        const bool wide_range = *largest / *smallest > 1000.0 || *largest > 1.0e8;
        const bool scientific = wide_range || (!whole && *smallest < 1.0e-4);
        notation_ = scientific ? notation::scientific : whole ? notation::integer : notation::fixed;
        // The width is measured in the notation PyTorch chose, even when sci_mode then overrides it.
        for (const double value : shown)
            if (std::isfinite(value) && value != 0) width_ = std::max(width_, unpadded(value).size());
        if (options.sci_mode) notation_ = *options.sci_mode ? notation::scientific : whole ? notation::integer : notation::fixed;
    }

    std::size_t width() const { return width_; }
    std::string text(double value) const { return pad_left(unpadded(value), width_); }

private:
    enum class notation { integer, fixed, scientific };

    std::string unpadded(double value) const {
        switch (notation_) {
            case notation::integer: return python_decimal(value, std::chars_format::fixed, 0) + (std::isfinite(value) ? "." : "");
            case notation::fixed: return python_decimal(value, std::chars_format::fixed, precision_);
            case notation::scientific: return python_decimal(value, std::chars_format::scientific, precision_);
        }
        return "";
    }

    int precision_;
    notation notation_ = notation::integer;  // what a tensor of zeros, nans and infs uses
    std::size_t width_ = 1;
};

// The texts of the shown elements in print order, each padded to the column width.
struct formatted_elements {
    std::vector<std::string> texts;
    std::size_t width = 1;
};

inline formatted_elements format_floats(std::span<const double> shown, const print_options& options) {
    const float_format format(shown, options);
    formatted_elements result{{}, format.width()};
    for (const double value : shown) result.texts.push_back(format.text(value));
    return result;
}

// Integer and boolean elements print as Python's str() does, right-aligned to the widest.
inline formatted_elements right_aligned(std::vector<std::string> texts) {
    formatted_elements result{std::move(texts), 1};
    for (const auto& text : result.texts) result.width = std::max(result.width, text.size());
    for (auto& text : result.texts) text = pad_left(std::move(text), result.width);
    return result;
}

}  // namespace etgrad::io
