// SPDX-License-Identifier: MIT
// eg::tensor: a handle to a tensor (copies share it, as Python names do), with LibTorch's member
// functions in snake_case. The members that compute are defined with their operations in
// tape/; include <etgrad/tape.hpp> (or <etgrad/etgrad.hpp>) to use them.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include <etgrad/ops/symbolic.hpp>
#include <etgrad/tape/tensor_impl.hpp>

namespace etgrad::tape {

// The elementary functions that are also members, as in LibTorch (t.exp()): one list for the
// declarations here and the definitions in tape/functions.hpp.
#define ETGRAD_TENSOR_ELEMENTWISE_METHODS(X)                                                                  \
    X(abs) X(acos) X(acosh) X(asin) X(asinh) X(atan) X(atanh) X(cos) X(cosh) X(digamma) X(erf) X(erfc) X(exp) \
    X(exp2) X(expm1) X(lgamma) X(log) X(log10) X(log1p) X(log2) X(reciprocal) X(relu) X(sigmoid) X(sin)     \
    X(sinh) X(sqrt) X(tan) X(tanh)

class node;
class tensor;
struct values_and_indices;

// Gives a view whose memory was written since its history was recorded the history of a read of
// its base (tape/view_history.hpp).
void refresh_view_history(const tensor& view);

// How a factory makes a tensor: eg::requires_grad(), eg::tensor_options().dtype(eg::float64),
// or just a dtype.
class tensor_options {
public:
    constexpr tensor_options() = default;
    constexpr tensor_options(tape::dtype type) : dtype_(type) {}  // NOLINT: a dtype is an option

    constexpr tensor_options dtype(tape::dtype type) const {
        tensor_options o = *this;
        o.dtype_ = type;
        return o;
    }
    constexpr tensor_options requires_grad(bool enabled) const {
        tensor_options o = *this;
        o.requires_grad_ = enabled;
        return o;
    }
    constexpr std::optional<tape::dtype> dtype() const { return dtype_; }
    constexpr bool requires_grad() const { return requires_grad_; }

private:
    std::optional<tape::dtype> dtype_;
    bool requires_grad_ = false;
};

class tensor {
public:
    tensor() = default;  // undefined: defined() is false
    explicit tensor(impl_ptr impl) : impl_(std::move(impl)) {}

    // From nested lists of numbers, as torch.tensor: floating-point numbers make a float32
    // tensor, integers an int64 one, unless the options say otherwise.
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<T> values, tensor_options options = {});
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<std::initializer_list<T>> values, tensor_options options = {});
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<std::initializer_list<std::initializer_list<T>>> values, tensor_options options = {});
    // A 0-d tensor holding one number.
    template <class T>
        requires std::is_arithmetic_v<T>
    explicit tensor(T value, tensor_options options = {});

    bool defined() const { return static_cast<bool>(impl_); }
    std::int64_t dim() const { return static_cast<std::int64_t>(impl_->dim()); }
    std::int64_t numel() const { return static_cast<std::int64_t>(impl_->numel()); }
    std::vector<std::int64_t> sizes() const {
        return {impl_->sizes().dims.begin(), impl_->sizes().dims.begin() + impl_->dim()};
    }
    std::vector<std::int64_t> shape() const { return sizes(); }
    std::int64_t size(std::int64_t dim) const;
    std::vector<std::int64_t> strides() const {
        return {impl_->strides().begin(), impl_->strides().begin() + impl_->dim()};
    }
    tape::dtype dtype() const { return impl_->type(); }
    bool is_contiguous() const { return impl_->is_contiguous(); }
    template <class T>
    T* data_ptr() const;

    // Autograd.
    bool requires_grad() const {
        refresh_if_view();
        return impl_->requires_grad();
    }
    tensor& requires_grad_(bool requires_grad = true);
    bool is_leaf() const {
        refresh_if_view();
        return impl_->is_leaf();
    }
    // The accumulated gradient of a leaf (undefined before a backward reaches it, and for
    // non-leaves unless retain_grad() was called). It shares memory with the gradient, so
    // x.grad().zero_() zeroes it.
    tensor grad() const { return tensor(impl_->autograd().grad); }
    void set_grad(const tensor& grad) { impl_->autograd().grad = grad.impl_; }
    void retain_grad();
    bool retains_grad() const { return impl_->autograd().retains_grad; }
    std::shared_ptr<node> grad_fn() const {
        refresh_if_view();
        return impl_->autograd().grad_fn.shared();
    }
    std::uint32_t output_nr() const { return impl_->autograd().output_nr; }
    void register_hook(tensor_hook hook);
    void backward(const tensor& gradient = {}, std::optional<bool> retain_graph = {}, bool create_graph = false) const;
    tensor detach() const;
    tensor& detach_();
    std::uint32_t _version() const { return impl_->version(); }

    // Elements.
    double item() const;
    template <class T>
    T item() const;
    tensor operator[](std::int64_t index) const;
    tensor index(std::initializer_list<std::int64_t> indices) const;
    // Python's t[start:end:step] along `dim`, and `length` elements from `start` (tape/slice.hpp).
    tensor slice(std::int64_t dim = 0, std::optional<std::int64_t> start = {}, std::optional<std::int64_t> end = {},
                 std::int64_t step = 1) const;
    tensor narrow(std::int64_t dim, std::int64_t start, std::int64_t length) const;
    tensor clone() const;
    tensor contiguous() const;
    tensor to(tape::dtype type) const;

    // In place: each bumps the version counter.
    tensor& add_(const tensor& other);
    tensor& add_(double other);
    tensor& sub_(const tensor& other);
    tensor& sub_(double other);
    tensor& mul_(const tensor& other);
    tensor& mul_(double other);
    tensor& div_(const tensor& other);
    tensor& div_(double other);
    tensor& zero_();
    tensor& fill_(double value);

    // Operations as members, as in LibTorch.
    tensor sum() const;
    tensor sum(std::int64_t dim, bool keepdim = false) const;
    tensor mean() const;
    tensor mean(std::int64_t dim, bool keepdim = false) const;
    tensor pow(double exponent) const;
    tensor pow(const tensor& exponent) const;
    tensor neg() const;
#define ETGRAD_DECLARE_METHOD(function) tensor function() const;
    ETGRAD_TENSOR_ELEMENTWISE_METHODS(ETGRAD_DECLARE_METHOD)
#undef ETGRAD_DECLARE_METHOD
    tensor clamp(double lo, double hi) const;

    // Shapes (tape/shape_ops.hpp, tape/permute.hpp).
    tensor view(std::initializer_list<std::int64_t> sizes) const;
    tensor view(const std::vector<std::int64_t>& sizes) const;
    tensor reshape(std::initializer_list<std::int64_t> sizes) const;
    tensor reshape(const std::vector<std::int64_t>& sizes) const;
    tensor flatten(std::int64_t start_dim = 0, std::int64_t end_dim = -1) const;
    tensor unsqueeze(std::int64_t dim) const;
    tensor squeeze() const;
    tensor squeeze(std::int64_t dim) const;
    tensor permute(std::initializer_list<std::int64_t> dims) const;
    tensor permute(const std::vector<std::int64_t>& dims) const;
    tensor transpose(std::int64_t dim0, std::int64_t dim1) const;
    tensor t() const;
    // This tensor read as the larger shape `sizes` (-1 keeps an axis), without copying.
    tensor expand(const std::vector<std::int64_t>& sizes) const;

    // Products (tape/linalg.hpp).
    tensor mm(const tensor& other) const;
    tensor mv(const tensor& other) const;
    tensor dot(const tensor& other) const;
    tensor matmul(const tensor& other) const;

    // Reductions (tape/extrema.hpp) and normalisations (tape/softmax.hpp).
    tensor max() const;
    tensor min() const;
    values_and_indices max(std::int64_t dim, bool keepdim = false) const;
    values_and_indices min(std::int64_t dim, bool keepdim = false) const;
    tensor prod() const;
    tensor prod(std::int64_t dim, bool keepdim = false) const;
    tensor softmax(std::int64_t dim) const;
    tensor log_softmax(std::int64_t dim) const;

    const impl_ptr& impl() const { return impl_; }

private:
    void refresh_if_view() const {
        if (impl_->autograd().view_base) refresh_view_history(*this);
    }

    impl_ptr impl_;
};

}  // namespace etgrad::tape

// The op rules' elementary functions record tape operations when applied to tensors.
template <>
struct etgrad::math::records_operations<etgrad::tape::tensor> : std::true_type {};
