// SPDX-License-Identifier: MIT
// A read-only description of a strided tensor's elements: all the printer needs from a tensor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace etgrad::io {

enum class element_type { float32, float64, int64, boolean };

// PyTorch's name for the type, as in the suffix "dtype=torch.float64".
constexpr std::string_view torch_name(element_type type) {
    switch (type) {
        case element_type::float32: return "torch.float32";
        case element_type::float64: return "torch.float64";
        case element_type::int64: return "torch.int64";
        case element_type::boolean: return "torch.bool";
    }
    return "";
}

// `data` points at the element with index (0, ..., 0); strides count elements, not bytes, and may be
// zero (broadcast) or describe any permutation. `sizes` empty means a 0-d tensor (one element).
struct strided_view {
    element_type type = element_type::float32;
    const void* data = nullptr;
    std::span<const std::int64_t> sizes{};
    std::span<const std::int64_t> strides{};

    std::size_t dim() const { return sizes.size(); }
    std::int64_t numel() const {
        std::int64_t n = 1;
        for (const auto size : sizes) n *= size;
        return n;
    }
};

}  // namespace etgrad::io
