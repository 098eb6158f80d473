// SPDX-License-Identifier: MIT
// Operands on which the elementary functions record an operation instead of computing a value.
// Each layer that has such operands says so: expr/expression.hpp for static expressions,
// tape/tensor.hpp for dynamic tensors. ops/ itself knows neither.
#pragma once
#include <type_traits>

namespace etgrad::math {

template <class X>
struct records_operations : std::false_type {};

template <class X>
concept symbolic = records_operations<std::remove_cvref_t<X>>::value;

}  // namespace etgrad::math
