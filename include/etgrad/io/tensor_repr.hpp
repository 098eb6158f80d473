// SPDX-License-Identifier: MIT
// The text PyTorch's repr (and print) gives a tensor: "tensor([0.0220, 0.2922], requires_grad=True)".
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <etgrad/io/element_format.hpp>
#include <etgrad/io/print_options.hpp>
#include <etgrad/io/strided_view.hpp>

namespace etgrad::io {

// What follows the values: a grad_fn's type name ("MeanBackward0"), or else whether the tensor is a
// leaf that requires grad.
struct autograd_suffix {
    std::string_view grad_fn_name{};
    bool requires_grad = false;
};

namespace detail {

// Calls on_index for each printed index along a dimension of the given size and on_gap once where
// a summarised dimension leaves indices out.
template <class OnIndex, class OnGap>
void for_each_shown(std::int64_t size, bool summarize, std::size_t edgeitems, OnIndex on_index, OnGap on_gap) {
    const auto edge = static_cast<std::int64_t>(edgeitems);
    if (!summarize || size <= 2 * edge) {
        for (std::int64_t i = 0; i < size; ++i) on_index(i);
        return;
    }
    for (std::int64_t i = 0; i < edge; ++i) on_index(i);
    on_gap();
    for (std::int64_t i = size - edge; i < size; ++i) on_index(i);
}

// The offsets of the printed elements, in print order; only these decide the notation and width.
inline void collect_shown_offsets(const strided_view& view, std::size_t d, std::int64_t offset, bool summarize,
                                  std::size_t edgeitems, std::vector<std::int64_t>& offsets) {
    if (d == view.dim()) {
        offsets.push_back(offset);
        return;
    }
    for_each_shown(
        view.sizes[d], summarize, edgeitems,
        [&](std::int64_t i) { collect_shown_offsets(view, d + 1, offset + i * view.strides[d], summarize, edgeitems, offsets); },
        [] {});
}

template <class T>
std::vector<double> read_as_doubles(const strided_view& view, std::span<const std::int64_t> offsets) {
    const auto* data = static_cast<const T*>(view.data);
    std::vector<double> values;
    for (const auto offset : offsets) values.push_back(static_cast<double>(data[offset]));  // float32 widens exactly
    return values;
}

inline formatted_elements format_elements(const strided_view& view, std::span<const std::int64_t> offsets,
                                          const print_options& options) {
    std::vector<std::string> texts;
    switch (view.type) {
        case element_type::float32: return format_floats(read_as_doubles<float>(view, offsets), options);
        case element_type::float64: return format_floats(read_as_doubles<double>(view, offsets), options);
        case element_type::int64:
            for (const auto offset : offsets) texts.push_back(std::to_string(static_cast<const std::int64_t*>(view.data)[offset]));
            break;
        case element_type::boolean:
            for (const auto offset : offsets) texts.push_back(static_cast<const bool*>(view.data)[offset] ? "True" : "False");
            break;
    }
    return right_aligned(std::move(texts));
}

// Nests the formatted elements in brackets. A row wraps after as many elements as fit in the line
// width minus the indentation; the sub-tensors of a k-d tensor are separated by a comma and k - 1
// newlines, and each level is indented one column further.
class bracket_layout {
public:
    bracket_layout(const strided_view& view, const formatted_elements& elements, bool summarize, const print_options& options)
        : view_(view), elements_(elements), summarize_(summarize), options_(options) {}

    std::string text(std::size_t indent) { return view_.dim() == 0 ? elements_.texts.front() : block(0, indent); }

private:
    std::string block(std::size_t d, std::size_t indent) {
        std::vector<std::string> parts;
        const bool innermost = d + 1 == view_.dim();
        for_each_shown(
            view_.sizes[d], summarize_, options_.edgeitems,
            [&](std::int64_t) { parts.push_back(innermost ? elements_.texts[next_++] : block(d + 1, indent + 1)); },
            [&] { parts.emplace_back(innermost ? " ..." : "..."); });
        if (innermost) return "[" + row(parts, indent) + "]";
        const std::string separator = "," + std::string(view_.dim() - d - 1, '\n') + std::string(indent + 1, ' ');
        return "[" + join(parts, 0, parts.size(), separator) + "]";
    }

    std::string row(const std::vector<std::string>& items, std::size_t indent) const {
        const auto available = static_cast<std::int64_t>(options_.linewidth) - static_cast<std::int64_t>(indent);
        const auto per_line = static_cast<std::size_t>(std::max<std::int64_t>(1, available / static_cast<std::int64_t>(elements_.width + 2)));
        std::vector<std::string> lines;
        for (std::size_t first = 0; first < items.size(); first += per_line)
            lines.push_back(join(items, first, std::min(items.size(), first + per_line), ", "));
        return join(lines, 0, lines.size(), ",\n" + std::string(indent + 1, ' '));
    }

    static std::string join(const std::vector<std::string>& parts, std::size_t first, std::size_t last, std::string_view separator) {
        std::string text;
        for (std::size_t i = first; i < last; ++i) text += (i == first ? "" : std::string(separator)) + parts[i];
        return text;
    }

    const strided_view& view_;
    const formatted_elements& elements_;
    bool summarize_;
    const print_options& options_;
    std::size_t next_ = 0;
};

inline std::string values_text(const strided_view& view, std::size_t indent, const print_options& options) {
    const bool summarize = static_cast<std::size_t>(view.numel()) > options.threshold;
    std::vector<std::int64_t> offsets;
    collect_shown_offsets(view, 0, 0, summarize, options.edgeitems, offsets);
    const formatted_elements elements = format_elements(view, offsets, options);
    return bracket_layout(view, elements, summarize, options).text(indent);
}

// Python's str of a tuple of two or more sizes: "(2, 0)".
inline std::string python_tuple(std::span<const std::int64_t> sizes) {
    std::string text = "(";
    for (std::size_t d = 0; d < sizes.size(); ++d) text += (d ? ", " : "") + std::to_string(sizes[d]);
    return text + ")";
}

// Appends ", suffix" to the last line, or starts a new indented line when the suffix would pass the
// line width. PyTorch counts the values' last line as two characters longer than it is; kept, so
// that suffixes wrap exactly where PyTorch's do.
inline std::string with_suffixes(std::string text, const std::vector<std::string>& suffixes, std::size_t indent,
                                 std::size_t linewidth) {
    const auto newline = text.rfind('\n');
    std::size_t line_length = (newline == std::string::npos ? text.size() : text.size() - newline - 1) + 2;
    for (const auto& suffix : suffixes) {
        if (line_length + suffix.size() + 2 > linewidth) {
            text += ",\n" + std::string(indent, ' ') + suffix;
            line_length = indent + suffix.size();
        } else {
            text += ", " + suffix;
            line_length += suffix.size() + 2;
        }
    }
    return text + ")";
}

}  // namespace detail

// PyTorch 1.13's repr of a CPU tensor whose default dtype is float32. dtype=... is added for float64
// (and for empty tensors of any type but float32), size=... for empty tensors that are not 1-d.
inline std::string tensor_repr(const strided_view& view, const autograd_suffix& autograd = {}, const print_options& options = {}) {
    constexpr std::string_view prefix = "tensor(";
    const std::string dtype_suffix = "dtype=" + std::string(torch_name(view.type));
    std::vector<std::string> suffixes;
    std::string values = "[]";
    if (view.numel() == 0) {
        if (view.dim() != 1) suffixes.push_back("size=" + detail::python_tuple(view.sizes));
        if (view.type != element_type::float32) suffixes.push_back(dtype_suffix);
    } else {
        if (view.type == element_type::float64) suffixes.push_back(dtype_suffix);
        values = detail::values_text(view, prefix.size(), options);
    }
    if (!autograd.grad_fn_name.empty())
        suffixes.push_back("grad_fn=<" + std::string(autograd.grad_fn_name) + ">");
    else if (autograd.requires_grad)
        suffixes.push_back("requires_grad=True");
    return detail::with_suffixes(std::string(prefix) + values, suffixes, prefix.size(), options.linewidth);
}

}  // namespace etgrad::io
