// SPDX-License-Identifier: MIT
// The members of eg::tensor that concern autograd and single elements.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include <etgrad/kernel/python_index.hpp>
#include <etgrad/tape/engine.hpp>
#include <etgrad/tape/functions.hpp>
#include <etgrad/tape/view_history.hpp>

namespace etgrad::tape {

inline std::int64_t tensor::size(std::int64_t dim) const {
    if (impl_->dim() == 0) wrap_dim(dim, 0);
    return static_cast<std::int64_t>(impl_->sizes().dims[wrap_dim(dim, impl_->dim())]);
}

template <class T>
T* tensor::data_ptr() const {
    if (dtype_of<T> != dtype()) throw_scalar_type_mismatch(dtype_of<T>, dtype());
    return impl_->data<T>();
}

inline tensor& tensor::requires_grad_(bool requires_grad) {
    if (!is_leaf() && requires_grad) return *this;  // (it does: it has a grad_fn)
    if (!is_leaf())
        throw std::runtime_error(
            "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a "
            "subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    if (requires_grad && !is_floating_point(dtype()))
        throw std::runtime_error("only Tensors of floating point dtype can require gradients");
    impl_->autograd().requires_grad = requires_grad;
    return *this;
}

inline void tensor::retain_grad() {
    if (!requires_grad()) throw std::runtime_error("can't retain_grad on Tensor that has requires_grad=False");
    if (is_leaf() || retains_grad()) return;  // leaves keep their gradient anyway
    impl_->autograd().retains_grad = true;
    impl_->autograd().grad_fn->retain_output(impl_);
}

inline void tensor::register_hook(tensor_hook hook) {
    if (!requires_grad())
        throw std::runtime_error("cannot register a hook on a tensor that doesn't require gradient");
    const edge e = gradient_edge(*this);
    if (e.function->accumulates_into_leaf()) impl_->autograd().leaf->hooks.push_back(hook);  // (for later graphs too)
    e.function->add_pre_hook(std::move(hook));
}

inline void tensor::backward(const tensor& gradient, std::optional<bool> retain_graph, bool create_graph) const {
    const tensor outputs[] = {*this};
    const tensor grad_outputs[] = {gradient};
    engine::run(outputs, grad_outputs, {},
                {.keep_graph = retain_graph.value_or(create_graph), .create_graph = create_graph});
}

inline tensor tensor::detach() const { return detail::alias(*this, impl_->sizes(), impl_->strides()); }

inline tensor& tensor::detach_() {
    if (impl_->autograd().view_base)
        throw std::runtime_error(
            "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for "
            "training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence "
            "detach_() cannot be called on these gradients. To fix this error, please refer to the "
            "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
    impl_->autograd().grad_fn = {};
    impl_->autograd().requires_grad = false;
    return *this;
}

inline double tensor::item() const {
    if (numel() != 1) throw std::runtime_error("a Tensor with " + std::to_string(numel()) + " elements cannot be converted to Scalar");
    return visit_with_bool(dtype(), [&]<class T>(std::type_identity<T>) { return static_cast<double>(*impl_->data<T>()); });
}
template <class T>
T tensor::item() const {
    return static_cast<T>(item());
}

namespace detail {
// (`reported_dim`: the dimension an error names, that of the tensor the user indexed)
inline tensor select(const tensor& value, std::size_t dim, std::int64_t index, std::size_t reported_dim) {
    const std::size_t i = python_index(index, reported_dim, static_cast<std::int64_t>(value.impl()->sizes().dims[dim]));
    const tensor_impl& v = *value.impl();
    tensor out = view_alias(value, v.offset() + i * v.strides()[dim], remove_axis(v.sizes(), dim),
                            remove_axis(v.strides(), v.dim(), dim));
    if (records(value))
        set_history(out, make_pooled<read_region_node>(select_view, gradient_edge(value), selected_region(v.sizes(), dim, i)));
    return out;
}
}  // namespace detail

inline tensor tensor::operator[](std::int64_t index) const {
    if (impl_->dim() == 0)
        throw std::out_of_range(
            "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a "
            "0-dim tensor to a number");
    return detail::select(*this, 0, index, 0);
}

inline tensor tensor::index(std::initializer_list<std::int64_t> indices) const {
    if (indices.size() > impl_->dim())
        throw std::out_of_range("too many indices for tensor of dimension " + std::to_string(impl_->dim()));
    tensor result = *this;
    std::size_t dim = 0;
    for (const std::int64_t i : indices) result = detail::select(result, 0, i, dim++);
    return result;
}

}  // namespace etgrad::tape
