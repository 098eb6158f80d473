// SPDX-License-Identifier: MIT
// Copies of tensors: to another element type, into contiguous memory, and clone().
#pragma once
#include <algorithm>
#include <cstdint>

#include <etgrad/tape/elementwise.hpp>

namespace etgrad::tape {

namespace detail {
// out (contiguous, of value's shape) = value's elements, converted to To.
template <class To, class From>
void copy_elements(const tensor& value, To* out) {
    const shape_t& shape = value.impl()->sizes();
    const From* in = value.impl()->data<From>();
    if (value.is_contiguous()) {
        for (std::size_t i = 0, n = shape.size(); i < n; ++i) out[i] = static_cast<To>(in[i]);
        return;
    }
    const strides_t& strides = value.impl()->strides();
    const std::size_t row = shape.dims[shape.rank - 1], step = strides[shape.rank - 1];
    std::size_t i = 0;
    kernel::for_each_row<1>(shape, {strides}, [&](const std::array<std::size_t, 1>& base) {
        const From* first = in + base[0];
        if (step == 0)  // a broadcast row (an expanded gradient): one value, filled in SIMD stores
            std::fill_n(out + i, row, static_cast<To>(*first));
        else if (step == 1)
            for (std::size_t j = 0; j < row; ++j) out[i + j] = static_cast<To>(first[j]);
        else
            for (std::size_t j = 0; j < row; ++j) out[i + j] = static_cast<To>(first[j * step]);
        i += row;
    });
}

inline tensor copy_as(const tensor& value, dtype type) {
    tensor out = empty_tensor(value.impl()->sizes(), type);
    visit_with_bool(type, [&]<class To>(std::type_identity<To>) {
        visit_with_bool(value.dtype(), [&]<class From>(std::type_identity<From>) { copy_elements<To, From>(value, out.impl()->data<To>()); });
    });
    return out;
}

// The backward of a copy: the gradient, in the source's type.
class copy_node final : public fixed_arity_node<1> {
public:
    copy_node(std::string_view name, edge input, dtype source_type)
        : fixed_arity_node<1>({std::move(input)}), name_(name), source_type_(source_type) {}
    std::string_view name() const override { return name_; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, grad_output.dtype() == source_type_ ? grad_output : grad_output.to(source_type_));
    }

private:
    std::string_view name_;
    dtype source_type_;
};

// Recorded only into a floating type: integers have no gradient (a.to(int64) leaves the graph).
inline tensor recorded_copy(const tensor& value, dtype type, std::string_view name) {
    tensor out = copy_as(value, type);
    if (is_floating_point(type) && records(value)) set_history(out, make_pooled<copy_node>(name, gradient_edge(value), value.dtype()));
    return out;
}
}  // namespace detail

inline tensor convert(const tensor& value, dtype type) { return detail::copy_as(value, type); }

inline tensor zeros_tensor(const shape_t& sizes, dtype type) {
    tensor out = empty_tensor(sizes, type);
    std::fill_n(out.impl()->memory()->data(), sizes.size() * element_size(type), std::byte{0});
    return out;
}

inline tensor tensor::clone() const { return detail::recorded_copy(*this, dtype(), "CloneBackward0"); }
inline tensor tensor::contiguous() const { return is_contiguous() ? *this : clone(); }
inline tensor tensor::to(tape::dtype type) const {
    return type == dtype() ? *this : detail::recorded_copy(*this, type, "ToCopyBackward0");
}

}  // namespace etgrad::tape
