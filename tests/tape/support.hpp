// SPDX-License-Identifier: MIT
// Helpers for the dynamic layer's tests.
#pragma once
#include <sstream>
#include <string>

#include <etgrad/tape.hpp>

namespace eg = etgrad;

// What Python's print(t) shows.
inline std::string printed(const eg::tensor& t) {
    std::ostringstream out;
    out << t;
    return out.str();
}
