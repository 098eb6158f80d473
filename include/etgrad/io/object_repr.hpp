// SPDX-License-Identifier: MIT
// Python's default repr of an object, which is how a grad_fn prints: <SumBackward0 object at 0x7f3a...>.
#pragma once
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace etgrad::io {

// The address is lowercase hexadecimal without leading zeros, as glibc's %p writes it.
inline std::string python_object_repr(std::string_view type_name, const void* address) {
    std::array<char, 2 * sizeof(std::uintptr_t)> hex{};
    const auto end = std::to_chars(hex.data(), hex.data() + hex.size(), reinterpret_cast<std::uintptr_t>(address), 16).ptr;
    return "<" + std::string(type_name) + " object at 0x" + std::string(hex.data(), end) + ">";
}

}  // namespace etgrad::io
