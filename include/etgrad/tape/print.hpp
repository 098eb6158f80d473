// SPDX-License-Identifier: MIT
// `std::cout << t` prints what PyTorch's print(t) prints; eg::format(t) is Python's f"{t}".
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include <etgrad/io/object_repr.hpp>
#include <etgrad/io/python_float.hpp>
#include <etgrad/io/tensor_repr.hpp>
#include <etgrad/tape/tensor_methods.hpp>

namespace etgrad::tape {

// The name of a node's Python type: AccumulateGrad and CopySlices without their C++ namespace.
inline std::string_view python_type_name(const node& n) {
    std::string_view type = n.name();
    if (const auto colons = type.rfind("::"); colons != std::string_view::npos) type.remove_prefix(colons + 2);
    return type;
}

inline std::string repr(const tensor& t, const io::print_options& options = {}) {
    if (!t.defined()) return "None";
    const tensor_impl& impl = *t.impl();
    std::array<std::int64_t, max_rank> sizes{}, strides{};
    for (std::size_t d = 0; d < impl.dim(); ++d) {
        sizes[d] = static_cast<std::int64_t>(impl.sizes().dims[d]);
        strides[d] = static_cast<std::int64_t>(impl.strides()[d]);
    }
    const io::strided_view view{element_type_of(impl.type()), impl.raw_data(), {sizes.data(), impl.dim()},
                                {strides.data(), impl.dim()}};
    // (through the accessors, which bring a view's history up to date after a write through another view)
    const std::shared_ptr<node> grad_fn = t.grad_fn();
    const io::autograd_suffix autograd{grad_fn ? python_type_name(*grad_fn) : std::string_view{},
                                       t.requires_grad() && !grad_fn};
    return io::tensor_repr(view, autograd, options);
}

inline std::ostream& operator<<(std::ostream& out, const tensor& t) { return out << repr(t); }

// Python's f-string text of a tensor: a 0-d tensor formats as its Python number (a float32
// element widened to double, as .item() gives it), any other as print() shows it.
inline std::string format(const tensor& t) {
    if (t.defined() && t.dim() == 0) {
        if (t.dtype() == dtype::bool_) return t.item<bool>() ? "True" : "False";
        if (!is_floating_point(t.dtype())) return std::to_string(t.item<std::int64_t>());
        return io::python_float_repr(t.item());
    }
    return repr(t);
}

// `<MulBackward0 object at 0x...>`, as Python prints a grad_fn.
inline std::ostream& operator<<(std::ostream& out, const node& n) {
    return out << io::python_object_repr(python_type_name(n), &n);
}

}  // namespace etgrad::tape
