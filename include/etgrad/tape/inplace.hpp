// SPDX-License-Identifier: MIT
// In-place operations (add_, mul_, zero_, ...). Each bumps the version counter of the memory it
// writes, which is how a backward that needs the old value finds out. When recorded, the tensor
// takes the history of the operation (its old history becomes the operation's input).
#pragma once
#include <stdexcept>

#include <etgrad/tape/tensor_methods.hpp>

namespace etgrad::tape {

namespace detail {

inline void check_in_place(const tensor& target) {
    if (is_grad_enabled() && target.is_leaf() && target.requires_grad())
        throw std::runtime_error("a leaf Variable that requires grad is being used in an in-place operation.");
}

// Writes `result` (of target's shape, or broadcasting to it) into target's memory.
inline void assign(const tensor& target, const tensor& result) {
    const tensor value = as_type(result, target.dtype());
    if (!(broadcast_shapes(target.impl()->sizes(), value.impl()->sizes()) == target.impl()->sizes()))
        throw std::runtime_error("output with shape " + target.impl()->sizes().to_string() +
                                 " doesn't match the broadcast shape " +
                                 broadcast_shapes(target.impl()->sizes(), value.impl()->sizes()).to_string());
    const shape_t& shape = target.impl()->sizes();
    visit(target.dtype(), [&]<class T>(std::type_identity<T>) {
        T* data = target.impl()->data<T>();
        if (target.is_contiguous()) {
            kernel::map<T, 1>(shape, data, {loop_input<T>(value, shape)}, [](const auto& v) { return v; });
        } else {
            const tensor source = copy_as(alias(value, shape, loop_strides(*value.impl(), shape)), target.dtype());
            const T* from = source.impl()->data<T>();
            const strides_t& strides = target.impl()->strides();
            std::size_t i = 0;
            kernel::for_each_row<1>(shape, {strides}, [&](const std::array<std::size_t, 1>& base) {
                for (std::size_t j = 0; j < shape.dims[shape.rank - 1]; ++j) data[base[0] + j * strides[shape.rank - 1]] = from[i++];
            });
        }
    });
}

// target = target op other, in place.
template <class Op>
tensor& update(tensor& target, const operand& other) {
    check_in_place(target);
    const tensor result = record_binary(Op{}, target, other);
    assign(target, result);
    target.impl()->bump_version();
    if (result.requires_grad()) {
        target.impl()->autograd().grad_fn = result.impl()->autograd().grad_fn;
        target.impl()->autograd().output_nr = 0;
    }
    return target;
}

}  // namespace detail

inline tensor& tensor::add_(const tensor& other) { return detail::update<ops::add_op>(*this, other); }
inline tensor& tensor::add_(double other) { return detail::update<ops::add_op>(*this, other); }
inline tensor& tensor::sub_(const tensor& other) { return detail::update<ops::sub_op>(*this, other); }
inline tensor& tensor::sub_(double other) { return detail::update<ops::sub_op>(*this, other); }
inline tensor& tensor::mul_(const tensor& other) { return detail::update<ops::mul_op>(*this, other); }
inline tensor& tensor::mul_(double other) { return detail::update<ops::mul_op>(*this, other); }
inline tensor& tensor::div_(const tensor& other) { return detail::update<ops::div_op>(*this, other); }
inline tensor& tensor::div_(double other) { return detail::update<ops::div_op>(*this, other); }

inline tensor& tensor::fill_(double value) {
    detail::check_in_place(*this);
    const tensor filler = empty_tensor(shape_t{}, dtype());
    visit(dtype(), [&]<class T>(std::type_identity<T>) { *filler.impl()->data<T>() = static_cast<T>(value); });
    detail::assign(*this, filler);
    impl_->bump_version();
    impl_->autograd().grad_fn = {};  // the old history no longer matters; a constant has none
    return *this;
}
inline tensor& tensor::zero_() { return fill_(0.0); }

}  // namespace etgrad::tape
