// SPDX-License-Identifier: MIT
// Python's indexing rules on one axis, shared by both layers: an index that must lie inside the
// axis (x[i]) and slice bounds that are clamped to it (x[start:end]); negative values count from
// the end.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace etgrad {

/// Where a slice `[start, end)` of an axis of `size` elements lies, in Python's terms: a negative
/// bound counts from the end, bounds outside the axis are clamped, and `end <= start` is empty.
struct axis_range {
    std::size_t start = 0;
    std::size_t length = 0;
};
constexpr axis_range python_slice(std::int64_t size, std::int64_t start, std::int64_t end) {
    const auto clamped = [size](std::int64_t bound) {
        return std::clamp<std::int64_t>(bound < 0 ? bound + size : bound, 0, size);
    };
    const std::int64_t first = clamped(start);
    const std::int64_t last = std::max(first, clamped(end));
    return {static_cast<std::size_t>(first), static_cast<std::size_t>(last - first)};
}

/// The element `index` of an axis `dim` of `size` elements (negative counts from the end); out of
/// range, PyTorch's IndexError as std::out_of_range.
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_index_out_of_bounds(std::int64_t index, std::size_t dim,
                                                                              std::int64_t size) {
    throw std::out_of_range("index " + std::to_string(index) + " is out of bounds for dimension " +
                            std::to_string(dim) + " with size " + std::to_string(size));
}
inline std::size_t python_index(std::int64_t index, std::size_t dim, std::int64_t size) {
    if (index < -size || index >= size) throw_index_out_of_bounds(index, dim, size);
    return static_cast<std::size_t>(index < 0 ? index + size : index);
}

}  // namespace etgrad
