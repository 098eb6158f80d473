// SPDX-License-Identifier: MIT
// Tensors as operands of the kernel loops: broadcasting two shapes (with PyTorch's error) and the
// strides that read a tensor along a loop of the broadcast shape.
#pragma once
#include <stdexcept>
#include <string>

#include <etgrad/kernel/elementwise.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/tape/tensor.hpp>

namespace etgrad::tape {

inline shape_t broadcast_shapes(const shape_t& a, const shape_t& b) {
    const std::size_t k = first_mismatch(a, b);
    if (k != max_rank) {
        const std::size_t rank = a.rank > b.rank ? a.rank : b.rank;
        throw std::runtime_error("The size of tensor a (" + std::to_string(a.dims[a.rank - 1 - k]) +
                                 ") must match the size of tensor b (" + std::to_string(b.dims[b.rank - 1 - k]) +
                                 ") at non-singleton dimension " + std::to_string(rank - 1 - k));
    }
    return broadcast_unchecked(a, b);
}

// The strides that read `value` at each element of `loop`, a shape `value` broadcasts to.
inline strides_t loop_strides(const tensor_impl& value, const shape_t& loop) {
    strides_t strides{};
    for (std::size_t k = 0; k < value.dim(); ++k) {
        const std::size_t d = value.dim() - 1 - k;
        strides[loop.rank - 1 - k] = value.sizes().dims[d] == 1 ? 0 : value.strides()[d];
    }
    return strides;
}

template <class T>
kernel::strided<const T> loop_input(const tensor& value, const shape_t& loop) {
    return {value.impl()->data<T>(), loop_strides(*value.impl(), loop)};
}

// A number as a loop operand: one element read everywhere.
template <class T>
kernel::strided<const T> loop_input(const T& number) {
    return {&number, strides_t{}};
}

}  // namespace etgrad::tape
