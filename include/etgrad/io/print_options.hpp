// SPDX-License-Identifier: MIT
// The knobs of PyTorch's torch.set_printoptions, with its defaults.
#pragma once
#include <cstddef>
#include <optional>

namespace etgrad::io {

struct print_options {
    int precision = 4;               // digits after the decimal point
    std::size_t threshold = 1000;    // more elements than this are summarised with "..."
    std::size_t edgeitems = 3;       // elements kept at each end of a summarised dimension
    std::size_t linewidth = 80;      // where rows of numbers wrap
    std::optional<bool> sci_mode{};  // unset: chosen from the values, as PyTorch does
};

}  // namespace etgrad::io
