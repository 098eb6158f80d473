// SPDX-License-Identifier: MIT
// Products of matrices and vectors on tensors: mm, mv, dot, outer, and matmul (which picks one by
// the operands' ranks, batching over leading axes). The forward is kernel::matmul; the backward
// is the rule's (ops/linalg.hpp), on tensors: recorded when the backward creates a graph.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <etgrad/kernel/matmul.hpp>
#include <etgrad/kernel/product_shape.hpp>
#include <etgrad/ops/linalg.hpp>
#include <etgrad/tape/concat.hpp>
#include <etgrad/tape/permute.hpp>

namespace etgrad::tape {

tensor mm(const tensor& a, const tensor& b);
tensor mv(const tensor& a, const tensor& b);
tensor outer(const tensor& a, const tensor& b);

namespace detail {

template <class Op>
class product_node final : public fixed_arity_node<2> {
public:
    product_node(const tensor& a, const tensor& b)
        : fixed_arity_node<2>({a.requires_grad() ? gradient_edge(a) : edge{}, b.requires_grad() ? gradient_edge(b) : edge{}}) {
        constexpr ops::reads for_lhs = ops::grad_reads_of<Op, 0>(), for_rhs = ops::grad_reads_of<Op, 1>();
        if ((a.requires_grad() && for_lhs.lhs) || (b.requires_grad() && for_rhs.lhs)) lhs_.save_input(a);
        if ((a.requires_grad() && for_lhs.rhs) || (b.requires_grad() && for_rhs.rhs)) rhs_.save_input(b);
    }
    std::string_view name() const override { return backward_name<Op>(); }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const bool history = is_grad_enabled();
        const tensor a = lhs_.is_saved() ? lhs_.unpack(history) : tensor{};
        const tensor b = rhs_.is_saved() ? rhs_.unpack(history) : tensor{};
        const auto edges = next_functions();
        if (edges[0].function) sink.send(0, op_.grad_lhs(a, b, grad_output, grad_output));
        if (edges[1].function) sink.send(1, op_.grad_rhs(a, b, grad_output, grad_output));
    }
    void release_saved() override {
        lhs_.release();
        rhs_.release();
    }
    void check_saved() const override {
        lhs_.check();
        rhs_.check();
    }

private:
    Op op_;
    saved_value lhs_, rhs_;
};

// A tensor of rank 1 or 2 as a kernel matrix; a vector is a column, or a row if `row`.
template <class T>
kernel::matrix<const T> as_matrix(const tensor& value, bool row = false) {
    const tensor_impl& v = *value.impl();
    if (v.dim() == 2) return {v.data<T>(), v.strides()[0], v.strides()[1]};
    return row ? kernel::matrix<const T>{v.data<T>(), 0, v.strides()[0]} : kernel::matrix<const T>{v.data<T>(), v.strides()[0], 0};
}

// out (of `sizes`, m x n elements) = a (m x k) · b (k x n), recorded as Op.
template <class Op>
tensor product(const tensor& a, const tensor& b, std::size_t m, std::size_t k, std::size_t n, const shape_t& sizes) {
    tensor out = empty_tensor(sizes, a.dtype());
    visit(a.dtype(), [&]<class T>(std::type_identity<T>) {
        kernel::matmul<T>(m, k, n, as_matrix<T>(a, m == 1 && a.dim() == 1), as_matrix<T>(b), out.impl()->data<T>());
    });
    if (records(a, b)) set_history(out, std::make_shared<product_node<Op>>(a, b));
    return out;
}

inline void check_same_type(const tensor& a, const tensor& b) {
    if (a.dtype() != b.dtype()) throw_scalar_type_mismatch(a.dtype(), b.dtype());
}

inline shape_t sizes_of(std::initializer_list<std::size_t> dims) { return make_shape(dims); }

}  // namespace detail

// The product of matrices a (m x k) and b (k x n).
inline tensor mm(const tensor& a, const tensor& b) {
    if (a.dim() != 2) throw std::runtime_error("self must be a matrix");
    if (b.dim() != 2) throw std::runtime_error("mat2 must be a matrix");
    const shape_t& sa = a.impl()->sizes();
    const shape_t& sb = b.impl()->sizes();
    if (sa.dims[1] != sb.dims[0])
        throw std::runtime_error(kernel::mm_shapes_message(sa.dims[0], sa.dims[1], sb.dims[0], sb.dims[1]));
    detail::check_same_type(a, b);
    return detail::product<ops::mm_op>(a, b, sa.dims[0], sa.dims[1], sb.dims[1], detail::sizes_of({sa.dims[0], sb.dims[1]}));
}

// The product of a matrix a (m x k) and a vector b (k).
inline tensor mv(const tensor& a, const tensor& b) {
    if (a.dim() != 2 || b.dim() != 1)
        throw std::runtime_error("vector + matrix @ vector expected, got 1, " + std::to_string(a.dim()) + ", " +
                                 std::to_string(b.dim()));
    const shape_t& sa = a.impl()->sizes();
    if (sa.dims[1] != b.impl()->sizes().dims[0])
        throw std::runtime_error(kernel::mv_sizes_message(sa.dims[0], sa.dims[1], b.impl()->sizes().dims[0]));
    detail::check_same_type(a, b);
    return detail::product<ops::mv_op>(a, b, sa.dims[0], sa.dims[1], 1, detail::sizes_of({sa.dims[0]}));
}

// The inner product of vectors a and b.
inline tensor dot(const tensor& a, const tensor& b) {
    if (a.dim() != 1 || b.dim() != 1)
        throw std::runtime_error(kernel::dot_ranks_message(a.impl()->dim(), b.impl()->dim()));
    const std::size_t k = a.impl()->numel();
    if (k != b.impl()->numel())
        throw std::runtime_error(kernel::dot_sizes_message(k, b.impl()->numel()));
    if (a.dtype() != b.dtype())
        throw std::runtime_error("dot : expected both vectors to have same dtype, but found " +
                                 std::string(scalar_type_name(a.dtype())) + " and " +
                                 std::string(scalar_type_name(b.dtype())));
    return detail::product<ops::dot_op>(a, b, 1, k, 1, shape_t{});
}

// The outer product of vectors a and b: a[i] * b[j] (broadcast, as PyTorch).
inline tensor outer(const tensor& a, const tensor& b) {
    for (const auto& [operand, name] : {std::pair<const tensor&, const char*>{a, "self"}, {b, "vec2"}})
        if (operand.dim() != 1)
            throw std::runtime_error(std::string("outer: Expected 1-D argument ") + name + ", but got " +
                                     std::to_string(operand.dim()) + "-D");
    return unsqueeze(a, 1) * unsqueeze(b, 0);
}

// The matrix product by the operands' ranks, as torch.matmul: vector · vector, matrix · vector,
// vector · matrix, matrix · matrix, and stacks of them (leading axes broadcast).
inline tensor matmul(const tensor& a, const tensor& b) {
    const std::int64_t ra = a.dim(), rb = b.dim();
    if (ra == 0 || rb == 0)
        throw std::runtime_error(kernel::matmul_ranks_message(a.impl()->dim(), b.impl()->dim()));
    if (ra == 1 && rb == 1) return dot(a, b);
    if (ra == 2 && rb == 1) return mv(a, b);
    if (ra == 2 && rb == 2) return mm(a, b);
    if (ra == 1 && rb == 2) return detail::squeeze_axes(mm(unsqueeze(a, 0), b), 0, "SqueezeBackward3");
    const shape_t& sa = a.impl()->sizes();
    const shape_t& sb = b.impl()->sizes();
    if (rb <= 2) {  // a stack of matrices times one matrix or vector: one product over all rows
        const std::size_t k = sa.dims[sa.rank - 1];
        const tensor rows = detail::reshape_as(a, detail::sizes_of({sa.size() / k, k}));
        const tensor product = rb == 1 ? mv(rows, b) : mm(rows, b);
        shape_t sizes = sa;
        if (rb == 1) --sizes.rank;
        else sizes.dims[sizes.rank - 1] = sb.dims[1];
        return detail::reshaped_alias(product, sizes, tensor_impl::contiguous_strides(sizes), "UnsafeViewBackward0");
    }
    // Stacks on both sides: a vector operand becomes a matrix, the batch axes broadcast, and each
    // pair of matrices is multiplied.
    const tensor lhs = ra == 1 ? unsqueeze(a, 0) : a;
    const tensor rhs = b;
    const shape_t& sl = lhs.impl()->sizes();
    shape_t batch = broadcast_shapes(remove_axis(remove_axis(sl, sl.rank - 1), sl.rank - 2),
                                     remove_axis(remove_axis(sb, sb.rank - 1), sb.rank - 2));
    const std::size_t n = sl.dims[sl.rank - 2], k = sl.dims[sl.rank - 1], m = sb.dims[sb.rank - 1];
    const auto stacked = [&](const tensor& value, std::size_t rows, std::size_t cols) {
        shape_t full = batch;
        full.dims[full.rank++] = rows;
        full.dims[full.rank++] = cols;
        return reshape(expand(value, full), detail::sizes_of({batch.size(), rows, cols}));
    };
    const tensor left = stacked(lhs, n, k), right = stacked(rhs, sb.dims[sb.rank - 2], m);
    std::vector<tensor> products;
    for (std::size_t i = 0; i < batch.size(); ++i)
        products.push_back(mm(detail::squeeze_axes(detail::slice(left, 0, i, 1, 1), 0, "SqueezeBackward1"),
                              detail::squeeze_axes(detail::slice(right, 0, i, 1, 1), 0, "SqueezeBackward1")));
    shape_t sizes = batch;
    if (ra != 1) sizes.dims[sizes.rank++] = n;
    sizes.dims[sizes.rank++] = m;
    const tensor joined = stack(products);
    return detail::reshaped_alias(joined, sizes, tensor_impl::contiguous_strides(sizes), "UnsafeViewBackward0");
}

inline tensor tensor::mm(const tensor& other) const { return tape::mm(*this, other); }
inline tensor tensor::mv(const tensor& other) const { return tape::mv(*this, other); }
inline tensor tensor::dot(const tensor& other) const { return tape::dot(*this, other); }
inline tensor tensor::matmul(const tensor& other) const { return tape::matmul(*this, other); }

}  // namespace etgrad::tape
