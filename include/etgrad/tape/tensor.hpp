// SPDX-License-Identifier: MIT
// eg::tensor: a handle to a tensor (copies share it, as Python names do), with LibTorch's member
// functions in snake_case. The members that compute are defined with their operations in
// tape/; include <etgrad/tape.hpp> (or <etgrad/etgrad.hpp>) to use them.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
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

/// @cond INTERNAL
// Gives a view whose memory was written since its history was recorded the history of a read of
// its base (tape/view_history.hpp).
void refresh_view_history(const tensor& view);
/// @endcond

/// How a factory makes a tensor: its element type and whether it requires grad
/// (`eg::requires_grad()`, `eg::tensor_options().dtype(eg::float64)`, or just a dtype).
class tensor_options {
public:
    constexpr tensor_options() = default;
    /// Options with this element type (a dtype converts to options).
    constexpr tensor_options(tape::dtype type) : dtype_(type) {}  // NOLINT: a dtype is an option

    /// A copy with the element type `type`.
    constexpr tensor_options dtype(tape::dtype type) const {
        tensor_options o = *this;
        o.dtype_ = type;
        return o;
    }
    /// A copy whose tensors require grad when `enabled`.
    constexpr tensor_options requires_grad(bool enabled) const {
        tensor_options o = *this;
        o.requires_grad_ = enabled;
        return o;
    }
    /// The element type asked for; empty when the factory chooses (float32 for most).
    constexpr std::optional<tape::dtype> dtype() const { return dtype_; }
    /// Whether the tensors made will require grad.
    constexpr bool requires_grad() const { return requires_grad_; }

private:
    std::optional<tape::dtype> dtype_;
    bool requires_grad_ = false;
};

/// A tensor of the dynamic layer (`eg::tensor`): PyTorch's autograd, define by run.
///
/// A handle: copies share the tensor, as Python names do. Operations run as they are written and,
/// when an input requires grad, record a node; backward() walks the recorded graph. The member
/// functions are LibTorch's in snake_case; names, printed text and error messages follow PyTorch
/// 1.13 (docs/dynamic-layer.md).
///
/// A complete program (examples/autograd_basics.cpp, built, run and checked against PyTorch's
/// output by the examples):
/// @include autograd_basics.cpp
class tensor {
public:
    /// An undefined tensor: defined() is false.
    tensor() = default;
    /// @cond INTERNAL
    explicit tensor(impl_ptr impl) : impl_(std::move(impl)) {}
    /// @endcond

    /// A 1-D tensor from a list of numbers, as `torch.tensor`: floating-point numbers make a
    /// float32 tensor, integers an int64 one, unless `options` give a dtype.
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<T> values, tensor_options options = {});
    /// A 2-D tensor from nested lists (rows of equal length); element type as for 1-D.
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<std::initializer_list<T>> values, tensor_options options = {});
    /// A 3-D tensor from nested lists; element type as for 1-D.
    template <class T>
        requires std::is_arithmetic_v<T>
    tensor(std::initializer_list<std::initializer_list<std::initializer_list<T>>> values, tensor_options options = {});
    /// A 0-d tensor holding one number.
    template <class T>
        requires std::is_arithmetic_v<T>
    explicit tensor(T value, tensor_options options = {});

    /// @name Shape and element type
    ///@{
    /// False for a default-constructed tensor (and an absent grad()).
    bool defined() const { return static_cast<bool>(impl_); }
    /// The number of dimensions (0 for a scalar).
    std::int64_t dim() const { return static_cast<std::int64_t>(impl_->dim()); }
    /// The number of elements.
    std::int64_t numel() const { return static_cast<std::int64_t>(impl_->numel()); }
    /// The extent of each dimension.
    std::vector<std::int64_t> sizes() const {
        return {impl_->sizes().dims.begin(), impl_->sizes().dims.begin() + impl_->dim()};
    }
    /// The same as sizes().
    std::vector<std::int64_t> shape() const { return sizes(); }
    /// The extent of dimension `dim` (negative counts from the end).
    std::int64_t size(std::int64_t dim) const;
    /// The stride of each dimension, in elements.
    std::vector<std::int64_t> strides() const {
        return {impl_->strides().begin(), impl_->strides().begin() + impl_->dim()};
    }
    /// The element type: eg::float32, eg::float64, eg::int64 or eg::bool_.
    tape::dtype dtype() const { return impl_->type(); }
    /// Whether the elements are laid out densely in row-major order.
    bool is_contiguous() const { return impl_->is_contiguous(); }
    /// A pointer to the first element; throws "expected scalar type ..." when `T` is not the element type.
    template <class T>
    T* data_ptr() const;
    ///@}

    /// @name Autograd
    ///@{
    /// Whether operations on this tensor are recorded for backward().
    bool requires_grad() const {
        refresh_if_view();
        return impl_->requires_grad();
    }
    /// Makes a leaf require grad (or not); only floating-point tensors can.
    tensor& requires_grad_(bool requires_grad = true);
    /// True for a tensor not computed by a recorded operation (no grad_fn()).
    bool is_leaf() const {
        refresh_if_view();
        return impl_->is_leaf();
    }
    /// The accumulated gradient of a leaf (undefined before a backward reaches it, and for
    /// non-leaves unless retain_grad() was called). It shares memory with the gradient, so
    /// `x.grad().zero_()` zeroes it.
    tensor grad() const { return tensor(impl_->autograd().grad); }
    /// Replaces the accumulated gradient (an undefined tensor drops it); a defined one must have
    /// this tensor's shape and type, or PyTorch's "assigned grad has data of a different size"
    /// ("... type") is thrown.
    void set_grad(const tensor& grad) {
        if (grad.defined() && !(grad.impl_->sizes() == impl_->sizes()))
            throw std::runtime_error("assigned grad has data of a different size");
        if (grad.defined() && grad.dtype() != dtype()) throw std::runtime_error("assigned grad has data of a different type");
        impl_->autograd().grad = grad.impl_;
    }
    /// Makes a non-leaf keep its gradient in grad() during backward().
    void retain_grad();
    /// Whether retain_grad() was called.
    bool retains_grad() const { return impl_->autograd().retains_grad; }
    /// The node that computed this tensor (empty for a leaf); `grad_fn()->name()` is PyTorch's
    /// name, such as "MeanBackward0".
    std::shared_ptr<node> grad_fn() const {
        refresh_if_view();
        return impl_->autograd().grad_fn.shared();
    }
    /// Which output of grad_fn() this tensor is.
    std::uint32_t output_nr() const { return impl_->autograd().output_nr; }
    /// Calls `hook` with this tensor's gradient during backward(); a defined result replaces it.
    void register_hook(tensor_hook hook);
    /// Computes the gradients of this tensor with respect to the leaves of its graph and
    /// accumulates them into their grad().
    ///
    /// @param gradient the gradient of this tensor (a vector-Jacobian product); may be left
    ///        out only for a one-element tensor, where it is 1.
    /// @param retain_graph keep the saved values for another backward (default: `create_graph`).
    /// @param create_graph record the backward itself, so that the gradients can be
    ///        differentiated again.
    /// Every check runs before any work: when it throws, every grad() is as it was.
    void backward(const tensor& gradient = {}, std::optional<bool> retain_graph = {}, bool create_graph = false) const;
    /// A tensor sharing this one's memory that is cut from the graph (no grad_fn, no requires_grad).
    tensor detach() const;
    /// Cuts this tensor from the graph, in place.
    tensor& detach_();
    /// The version counter of the storage, bumped by every in-place operation.
    std::uint32_t _version() const { return impl_->version(); }
    ///@}

    /// @name Elements
    ///@{
    /// The value of a one-element tensor, as a double.
    double item() const;
    /// The value of a one-element tensor, as `T`.
    template <class T>
    T item() const;
    /// Element `index` along the first dimension: a view of one dimension less.
    tensor operator[](std::int64_t index) const;
    /// `t[i][j]...`: a view selecting one index per leading dimension.
    tensor index(std::initializer_list<std::int64_t> indices) const;
    /// Python's `t[start:end:step]` along `dim`: a view.
    tensor slice(std::int64_t dim = 0, std::optional<std::int64_t> start = {}, std::optional<std::int64_t> end = {},
                 std::int64_t step = 1) const;
    /// `length` elements from `start` along `dim`: a view.
    tensor narrow(std::int64_t dim, std::int64_t start, std::int64_t length) const;
    /// A copy in new memory, recorded (its gradient flows back to this tensor).
    tensor clone() const;
    /// This tensor if it is contiguous, else a contiguous copy.
    tensor contiguous() const;
    /// This tensor converted to the element type `type` (itself if it has it).
    tensor to(tape::dtype type) const;
    ///@}

    /// @name In place
    /// Each writes into this tensor (broadcasting `other` to its shape), records the write when
    /// grad mode is on, and bumps the version counter.
    ///@{
    /// `*this += other`.
    tensor& add_(const tensor& other);
    /// `*this += other`, for a number of any arithmetic type (an integer keeps an int64 tensor int64;
    /// a floating-point number cannot be written into one: PyTorch's error).
    template <class N>
        requires std::is_arithmetic_v<N>
    tensor& add_(N other);
    /// `*this -= other`.
    tensor& sub_(const tensor& other);
    /// `*this -= other`, for a number of any arithmetic type (an integer keeps an int64 tensor int64;
    /// a floating-point number cannot be written into one: PyTorch's error).
    template <class N>
        requires std::is_arithmetic_v<N>
    tensor& sub_(N other);
    /// `*this *= other`.
    tensor& mul_(const tensor& other);
    /// `*this *= other`, for a number of any arithmetic type (an integer keeps an int64 tensor int64;
    /// a floating-point number cannot be written into one: PyTorch's error).
    template <class N>
        requires std::is_arithmetic_v<N>
    tensor& mul_(N other);
    /// `*this /= other`.
    tensor& div_(const tensor& other);
    /// `*this /= other`, for a number of any arithmetic type (an integer keeps an int64 tensor int64;
    /// a floating-point number cannot be written into one: PyTorch's error).
    template <class N>
        requires std::is_arithmetic_v<N>
    tensor& div_(N other);
    /// Sets every element to 0.
    tensor& zero_();
    /// Sets every element to `value`.
    tensor& fill_(double value);
    ///@}

    /// @name Reductions
    /// Over every element (a 0-d tensor), or along `dim` (negative counts from the end), keeping
    /// it with extent 1 if `keepdim`.
    ///@{
    /// The sum of every element.
    tensor sum() const;
    /// The sums along `dim`.
    tensor sum(std::int64_t dim, bool keepdim = false) const;
    /// The mean of every element.
    tensor mean() const;
    /// The means along `dim`.
    tensor mean(std::int64_t dim, bool keepdim = false) const;
    /// The largest element.
    tensor max() const;
    /// The smallest element.
    tensor min() const;
    /// The largest elements along `dim` and their indices.
    values_and_indices max(std::int64_t dim, bool keepdim = false) const;
    /// The smallest elements along `dim` and their indices.
    values_and_indices min(std::int64_t dim, bool keepdim = false) const;
    /// The product of every element.
    tensor prod() const;
    /// The products along `dim`.
    tensor prod(std::int64_t dim, bool keepdim = false) const;
    /// The 2-norm of every element (its gradient is 0 where the norm is 0).
    tensor norm() const;
    /// The 2-norms along `dim`.
    tensor norm(std::int64_t dim, bool keepdim = false) const;
    ///@}

    // Note [Ops instantiated where used]: the methods that record an op are templates whose
    // body calls it through a dependent `Self`, so that a file that includes the tape
    // instantiates the ops it calls, not all of them. As plain inline functions they cost every
    // such file 1.7 s of parsing (g++ 12, -fsyntax-only of etgrad/etgrad.hpp: 5.4 s -> 3.7 s).
    /// @name Arithmetic
    ///@{
    /// Each element to the power `exponent`.
    template <class Self = tensor>
    tensor pow(double exponent) const;
    /// Each element to the power of the matching element of `exponent` (broadcast).
    template <class Self = tensor>
    tensor pow(const tensor& exponent) const;
    /// `-*this`.
    template <class Self = tensor>
    tensor neg() const;
    /// Each element limited to [lo, hi].
    template <class Self = tensor>
    tensor clamp(double lo, double hi) const;
    ///@}

    /// @name Elementwise functions
    ///@{
#define ETGRAD_DECLARE_METHOD(function) template <class Self = tensor> tensor function() const;
    /// The function of the same name applied to each element, as `eg::exp(t)` and the rest
    /// (docs/op-reference.md).
    ETGRAD_TENSOR_ELEMENTWISE_METHODS(ETGRAD_DECLARE_METHOD)
#undef ETGRAD_DECLARE_METHOD
    ///@}

    /// @name Shapes
    /// As LibTorch's members of the same names. All but reshape give views (shared memory, the
    /// same version counter); reshape gives a view when the strides allow, else a copy.
    ///@{
    /// The same elements with the shape `sizes` (one extent may be -1: inferred).
    tensor view(std::initializer_list<std::int64_t> sizes) const;
    /// The same elements with the shape `sizes` (one extent may be -1: inferred).
    tensor view(const std::vector<std::int64_t>& sizes) const;
    /// The same elements with the shape `sizes` (one extent may be -1: inferred).
    tensor reshape(std::initializer_list<std::int64_t> sizes) const;
    /// The same elements with the shape `sizes` (one extent may be -1: inferred).
    tensor reshape(const std::vector<std::int64_t>& sizes) const;
    /// Dimensions `start_dim` to `end_dim` merged into one.
    tensor flatten(std::int64_t start_dim = 0, std::int64_t end_dim = -1) const;
    /// A dimension of extent 1 inserted at `dim`.
    tensor unsqueeze(std::int64_t dim) const;
    /// Every dimension of extent 1 removed.
    tensor squeeze() const;
    /// Dimension `dim` removed if its extent is 1.
    tensor squeeze(std::int64_t dim) const;
    /// The dimensions in the order `dims`.
    tensor permute(std::initializer_list<std::int64_t> dims) const;
    /// The dimensions in the order `dims`.
    tensor permute(const std::vector<std::int64_t>& dims) const;
    /// Dimensions `dim0` and `dim1` swapped.
    tensor transpose(std::int64_t dim0, std::int64_t dim1) const;
    /// The transpose of a tensor of at most 2 dimensions.
    tensor t() const;
    /// This tensor read as the larger shape `sizes` (-1 keeps an axis), without copying.
    tensor expand(const std::vector<std::int64_t>& sizes) const;
    ///@}

    /// @name Products and normalisations
    ///@{
    /// Matrix product of two 2-D tensors.
    tensor mm(const tensor& other) const;
    /// Product of a 2-D tensor and a 1-D tensor.
    tensor mv(const tensor& other) const;
    /// Inner product of two 1-D tensors (a 0-d tensor).
    tensor dot(const tensor& other) const;
    /// `torch.matmul`: dot, mv, mm or a batched product, by the operands' dimensions.
    tensor matmul(const tensor& other) const;
    /// `exp(t) / sum(exp(t))` along `dim`.
    tensor softmax(std::int64_t dim) const;
    /// `t - log(sum(exp(t)))` along `dim`.
    tensor log_softmax(std::int64_t dim) const;
    /// `log(sum(exp(t)))` along `dim`, without overflow (`torch.logsumexp`).
    tensor logsumexp(std::int64_t dim, bool keepdim = false) const;
    ///@}

    /// @cond INTERNAL
    const impl_ptr& impl() const { return impl_; }
    /// @endcond

private:
    void refresh_if_view() const {
        if (impl_->autograd().view_base) refresh_view_history(*this);
    }

    impl_ptr impl_;
};

}  // namespace etgrad::tape

/// @cond INTERNAL
// The op rules' elementary functions record tape operations when applied to tensors.
template <>
struct etgrad::math::records_operations<etgrad::tape::tensor> : std::true_type {};
/// @endcond
