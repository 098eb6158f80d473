// SPDX-License-Identifier: MIT
// In-place operations (add_, mul_, zero_, ...). Each bumps the version counter of the memory it
// writes, which is how a backward that needs the old value finds out. When recorded, the tensor
// takes the history of the operation (its old history becomes the operation's input).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include <etgrad/tape/tensor_methods.hpp>

namespace etgrad::tape {

namespace detail {

// The history of a tensor overwritten with a constant: no gradient reaches what it was.
class constant_write_node final : public fixed_arity_node<1> {
public:
    constant_write_node(std::string_view name, edge overwritten) : fixed_arity_node<1>({std::move(overwritten)}), name_(name) {}
    std::string_view name() const override { return name_; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, zeros_tensor(grad_output.impl()->sizes(), grad_output.dtype()));
    }

private:
    std::string_view name_;
};

inline void check_in_place(const tensor& target, bool written_requires_grad) {
    if (is_grad_enabled() && target.is_leaf() && target.requires_grad())
        throw std::runtime_error("a leaf Variable that requires grad is being used in an in-place operation.");
    const tensor_impl& t = *target.impl();
    for (std::size_t d = 0; d < t.dim(); ++d)
        if (t.strides()[d] == 0 && t.sizes().dims[d] > 1)
            throw std::runtime_error(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
                "Please clone() the tensor before performing the operation.");
    check_write_through_view(target, written_requires_grad);
}

// The history of `target` after it was written in place with `written` (undefined when the
// write was a constant): through a view, its base records the write.
inline void take_history(const tensor& target, const tensor& written, std::string_view constant_name = {}) {
    if (target.impl()->autograd().view_base) return rebase_history(target, written);
    if (!is_grad_enabled()) return;
    if (written.defined() && written.requires_grad()) {
        set_history(target, written.impl()->autograd().grad_fn.shared());
    } else if (target.requires_grad()) {
        set_history(target, make_pooled<constant_write_node>(constant_name, gradient_edge(target)));
    }
}

// Writes `result` (of target's shape, or broadcasting to it) into target's memory.
inline void assign(const tensor& target, const tensor& result) {
    const tensor value = as_type(result, target.dtype());
    if (!(broadcast_shapes(target.impl()->sizes(), value.impl()->sizes()) == target.impl()->sizes()))
        throw std::runtime_error("output with shape " + target.impl()->sizes().to_string() +
                                 " doesn't match the broadcast shape " +
                                 broadcast_shapes(target.impl()->sizes(), value.impl()->sizes()).to_string());
    const shape_t& shape = target.impl()->sizes();
    visit_with_bool(target.dtype(), [&]<class T>(std::type_identity<T>) {
        T* data = target.impl()->data<T>();
        if constexpr (!std::is_same_v<T, bool>) {  // (bools have no SIMD kernel: the rows below)
            if (target.is_contiguous()) {
                kernel::map<T, 1>(shape, data, {loop_input<T>(value, shape)}, [](const auto& v) { return v; });
                return;
            }
        }
        const tensor source = copy_as(alias(value, shape, loop_strides(*value.impl(), shape)), target.dtype());
        const T* from = source.impl()->data<T>();
        const strides_t& strides = target.impl()->strides();
        std::size_t i = 0;
        kernel::for_each_row<1>(shape, {strides}, [&](const std::array<std::size_t, 1>& base) {
            for (std::size_t j = 0; j < shape.dims[shape.rank - 1]; ++j) data[base[0] + j * strides[shape.rank - 1]] = from[i++];
        });
    });
}

// A copy of target's values with target's history: what an operation records as its first input
// when its backward reads that input and the operation then overwrites it (PyTorch does the same).
inline tensor value_before_write(const tensor& target) {
    const tensor copy = copy_as(target, target.dtype());
    const edge history = gradient_edge(target);
    copy.impl()->autograd().grad_fn = history.function;
    copy.impl()->autograd().output_nr = history.input_nr;
    return copy;
}

// Whether a value of type `from` may be written into a tensor of type `to` (PyTorch's canCast: not
// floating point into integers, nothing but bools into bools).
constexpr bool can_cast(dtype from, dtype to) {
    if (is_floating_point(from) && !is_floating_point(to)) return false;
    return from == dtype::bool_ || to != dtype::bool_;
}

// target = target op other, in place.
template <class Op>
tensor& update(tensor& target, const operand& other) {
    const dtype computed = compute_type<Op>(result_type(operand(target).promotion(), other.promotion()));
    if (!can_cast(computed, target.dtype()))
        throw std::runtime_error("result type " + std::string(scalar_type_name(computed)) +
                                 " can't be cast to the desired output type " + std::string(scalar_type_name(target.dtype())));
    check_in_place(target, other.requires_grad());
    const bool saves_target = is_grad_enabled() && ((target.requires_grad() && ops::grad_reads_of<Op, 0>().lhs) ||
                                                    (other.requires_grad() && ops::grad_reads_of<Op, 1>().lhs));
    const tensor result = record_binary(Op{}, saves_target ? value_before_write(target) : target, other);
    assign(target, result);
    target.impl()->bump_version();
    take_history(target, result);
    return target;
}

// target = value everywhere, in place.
inline tensor& fill(tensor& target, double value, std::string_view name) {
    check_in_place(target, false);
    const tensor filler = empty_tensor(shape_t{}, target.dtype());
    visit(target.dtype(), [&]<class T>(std::type_identity<T>) { *filler.impl()->data<T>() = static_cast<T>(value); });
    assign(target, filler);
    target.impl()->bump_version();
    take_history(target, {}, name);
    return target;
}

}  // namespace detail

inline tensor& tensor::add_(const tensor& other) { return detail::update<ops::add_op>(*this, other); }
template <class N>
    requires std::is_arithmetic_v<N>
tensor& tensor::add_(N other) {
    return detail::update<ops::add_op>(*this, other);
}
inline tensor& tensor::sub_(const tensor& other) { return detail::update<ops::sub_op>(*this, other); }
template <class N>
    requires std::is_arithmetic_v<N>
tensor& tensor::sub_(N other) {
    return detail::update<ops::sub_op>(*this, other);
}
inline tensor& tensor::mul_(const tensor& other) { return detail::update<ops::mul_op>(*this, other); }
template <class N>
    requires std::is_arithmetic_v<N>
tensor& tensor::mul_(N other) {
    return detail::update<ops::mul_op>(*this, other);
}
inline tensor& tensor::div_(const tensor& other) { return detail::update<ops::div_op>(*this, other); }
template <class N>
    requires std::is_arithmetic_v<N>
tensor& tensor::div_(N other) {
    return detail::update<ops::div_op>(*this, other);
}

inline tensor& tensor::fill_(double value) { return detail::fill(*this, value, "FillBackward2"); }
inline tensor& tensor::zero_() { return detail::fill(*this, 0.0, "ZeroBackward0"); }

}  // namespace etgrad::tape
