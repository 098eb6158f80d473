// SPDX-License-Identifier: MIT
// A contiguous row-major array seen as lanes: the elements along one axis (or all of them), as
// reductions and softmax visit it in both layers. Also PyTorch's errors for selecting from lanes
// of no element.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <etgrad/kernel/shape.hpp>

namespace etgrad::kernel {

// The array as [outer, length, inner]: outer * inner lanes of `length` elements, `inner` apart.
struct axis_walk {
    std::size_t outer = 1, length = 1, inner = 1;
};

// The lanes along `axis`, or one lane of every element without one.
inline axis_walk walk_of(const shape_t& input, std::optional<std::size_t> axis) {
    if (!axis || input.rank == 0) return {1, input.size(), 1};
    axis_walk w;
    w.length = input.dims[*axis];
    for (std::size_t d = 0; d < input.rank; ++d)
        if (d != *axis) (d < *axis ? w.outer : w.inner) *= input.dims[d];
    return w;
}

// f(start, lane) for each lane: where its first element is in the array, and its number (the
// index of its result in a reduction's row-major output).
template <class F>
void for_each_lane(const axis_walk& w, F f) {
    for (std::size_t o = 0; o < w.outer; ++o)
        for (std::size_t j = 0; j < w.inner; ++j) f(o * w.length * w.inner + j, o * w.inner + j);
}

// PyTorch's messages for max or min of no element: over all elements, and along an axis.
[[gnu::cold, gnu::noinline]] inline std::string empty_selection_message(std::string_view name) {
    return std::string(name) +
           "(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
           "'dim' argument.";
}
[[gnu::cold, gnu::noinline]] inline std::string empty_axis_selection_message(std::string_view name, std::size_t axis) {
    return std::string(name) + "(): Expected reduction dim " + std::to_string(axis) + " to have non-zero size.";
}

}  // namespace etgrad::kernel
