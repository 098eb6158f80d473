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
    if (b.rank == 0 || a == b) return a;  // (a number's shape, or equal shapes: most operations)
    if (a.rank == 0) return b;
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
kernel::strided<const T> loop_input(const tensor_impl& value, const shape_t& loop) {
    return {value.data<T>(), loop_strides(value, loop)};
}
template <class T>
kernel::strided<const T> loop_input(const tensor& value, const shape_t& loop) {
    return loop_input<T>(*value.impl(), loop);
}

// A number as a loop operand: one element read everywhere.
template <class T>
kernel::strided<const T> loop_input(const T& number) {
    return {&number, strides_t{}};
}

// An operand of an elementwise loop on tensors: a tensor that broadcasts to the loop's shape, or
// a number (which must outlive the loop).
template <class T>
class loop_operand {
public:
    loop_operand(const tensor& value) : value_(value.impl().get()) {}  // NOLINT: converts like the tensor,
    loop_operand(const tensor_impl& value) : value_(&value) {}         // NOLINT: its record
    loop_operand(const T& number) : number_(&number) {}                 // NOLINT: and the number

    // The operand as a flat array of the loop's `size` elements, if it is one (contiguous, and
    // as many elements as the loop: it broadcasts to the loop's shape, so its shape is the
    // loop's but for leading ones), or one element.
    bool as_flat(std::size_t size, kernel::flat<const T>& flat) const {
        if (!value_) {
            flat = {number_, true};
            return true;
        }
        const std::size_t n = value_->numel();
        flat = {value_->data<T>(),
                n == 1 || (!value_->is_contiguous() && kernel::reads_one_element(value_->strides(), value_->sizes()))};
        return flat.single || (n == size && value_->is_contiguous());
    }
    kernel::strided<const T> along(const shape_t& loop) const {
        return value_ ? loop_input<T>(*value_, loop) : loop_input<T>(*number_);
    }

private:
    const tensor_impl* value_ = nullptr;
    const T* number_ = nullptr;
};

// out = f(in...) elementwise over `loop` (out contiguous of that shape): without computing a
// stride when every operand is flat, which is what an operation on a small tensor mostly costs.
template <class T, std::size_t K, kernel::tail Tail = kernel::tail::elements, class F>
void map_operands(const shape_t& loop, T* out, const std::array<loop_operand<T>, K>& in, F f) {
    const std::size_t size = loop.size();
    std::array<kernel::flat<const T>, K> flat{};
    bool all_flat = true;
    for (std::size_t k = 0; k < K; ++k) all_flat = in[k].as_flat(size, flat[k]) && all_flat;
    if (all_flat) {
        kernel::map_flat<T, K, Tail>(size, out, flat, f);
        return;
    }
    std::array<kernel::strided<const T>, K> strided{};
    for (std::size_t k = 0; k < K; ++k) strided[k] = in[k].along(loop);
    kernel::map<T, K>(loop, out, strided, f);
}

}  // namespace etgrad::tape
