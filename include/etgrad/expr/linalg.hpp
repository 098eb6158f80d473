// SPDX-License-Identifier: MIT
// Products of matrices and vectors in the static layer: eg::matmul, eg::dot and eg::transpose, as
// materialised nodes (Note [Materialised nodes] in expr/materialised.hpp). Their derivatives are
// ops/linalg.hpp's rules, applied to the operands' memory seen as matrices: the rules' `mm`, `t`
// and scaling are provided here, as lazy products that kernel::matmul writes.
#pragma once
#include <array>
#include <cstddef>
#include <utility>

#include <etgrad/expr/materialised.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/kernel/matmul.hpp>
#include <etgrad/kernel/product_shape.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/ops/linalg.hpp>

namespace etgrad {

namespace detail {

// Memory seen as a rows x cols matrix.
template <class T>
struct matrix_view {
    kernel::matrix<const T> at;
    std::size_t rows;
    std::size_t cols;
    T operator()(std::size_t i, std::size_t j) const { return at.data[i * at.row_stride + j * at.col_stride]; }
};
// A contiguous row-major rows x cols matrix.
template <class T>
matrix_view<T> dense(const T* data, std::size_t rows, std::size_t cols) {
    return {{data, cols, 1}, rows, cols};
}
// An array of rank <= 2 as a matrix: a vector as one row, or as one column for the right operand
// of a product (torch.matmul's rule); a number as 1 x 1.
template <class T>
matrix_view<T> as_matrix(const stored_array<T>& a, bool vector_as_column = false) {
    if (a.shape.rank == 2) return dense(a.data, a.shape.dims[0], a.shape.dims[1]);
    const std::size_t n = a.shape.rank == 1 ? a.shape.dims[0] : 1;
    return vector_as_column ? dense(a.data, n, 1) : dense(a.data, 1, n);
}

// The pieces the rules of ops/linalg.hpp are written with (found by argument-dependent lookup).
template <class T>
matrix_view<T> t(const matrix_view<T>& a) {
    return {{a.at.data, a.at.col_stride, a.at.row_stride}, a.cols, a.rows};
}
template <class T>
struct matrix_product {
    matrix_view<T> lhs, rhs;
};
template <class T>
matrix_product<T> mm(const matrix_view<T>& a, const matrix_view<T>& b) {
    return {a, b};
}
template <class T>
struct scaled_matrix {
    T scale;
    matrix_view<T> m;
};
template <class T>
scaled_matrix<T> operator*(T scale, const matrix_view<T>& m) {
    return {scale, m};
}

// Writes a rule's result, row-major, into dest (adding to it with `accumulate`).
template <class T, class Element>
void write_elements(T* dest, std::size_t rows, std::size_t cols, bool accumulate, const Element& element) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) {
            T& d = dest[i * cols + j];
            d = accumulate ? d + element(i, j) : element(i, j);
        }
}
// Column: the types fix the right operand as one column (a vector), so the product is
// kernel::matvec's, and the blocked product for several columns (kernel::matmul) is not compiled
// where nothing needs it (docs/static-layer.md, compile time).
template <bool Column = false, class T>
void write(T* dest, const matrix_product<T>& p, bool accumulate) {
    if constexpr (Column)
        kernel::matvec(p.lhs.rows, p.lhs.cols, p.lhs.at, p.rhs.at.data, p.rhs.at.row_stride, dest, accumulate);
    else
        kernel::matmul(p.lhs.rows, p.lhs.cols, p.rhs.cols, p.lhs.at, p.rhs.at, dest, accumulate);
}
template <bool = false, class T>
void write(T* dest, const matrix_view<T>& m, bool accumulate) {
    write_elements(dest, m.rows, m.cols, accumulate, m);
}
template <bool = false, class T>
void write(T* dest, const scaled_matrix<T>& s, bool accumulate) {
    write_elements(dest, s.m.rows, s.m.cols, accumulate,
                   [&](std::size_t i, std::size_t j) { return s.scale * s.m(i, j); });
}

// Writes operand K's adjoint by the binary rule `op` (Column: a product in it has one column).
template <std::size_t K, bool Column = false, class T, class Op, class A, class B, class Out, class Adj>
void write_share(T* dest, bool accumulate, const Op& op, const A& a, const B& b, const Out& out, const Adj& adj) {
    if constexpr (K == 0)
        write<Column>(dest, op.grad_lhs(a, b, out, adj), accumulate);
    else
        write<Column>(dest, op.grad_rhs(a, b, out, adj), accumulate);
}

// The value of a product of two operands seen as matrices: a vector on the left as one row, on the
// right as one column (torch.matmul's rule, which dot's two vectors follow as well).
template <bool VectorRhs = false>
struct product_of_matrices {
    template <class Op, class T>
    static void forward(const Op&, const std::array<stored_array<T>, 2>& x, T* out) {
        write<VectorRhs>(out, mm(as_matrix(x[0]), as_matrix(x[1], true)), false);
    }
};

// torch.matmul on arrays of rank 1 or 2 (mm's rule on the operands seen as matrices).
template <>
struct materialised_rule<ops::matmul_op> : product_of_matrices<> {
    static constexpr bool array_valued = true;
    static constexpr int rank(int a, int b) { return a < 0 || b < 0 ? -1 : (a == 2) + (b == 2); }
    static constexpr bool takes_rank(int r) { return r < 0 || r == 1 || r == 2; }
    static constexpr bool takes_ranks(int a, int b) { return takes_rank(a) && takes_rank(b); }
    template <int A, int B>
    struct check_ranks {
        static_assert(takes_rank(A), "etgrad::matmul(a, b): a must be a vector or a matrix (an array of rank 1 or 2)");
        static_assert(takes_rank(B), "etgrad::matmul(a, b): b must be a vector or a matrix (an array of rank 1 or 2)");
        static constexpr bool value = true;
    };
    static shape_t shape(const ops::matmul_op&, const std::array<shape_t, 2>& s) {
        const shape_t &a = s[0], &b = s[1];
        if (a.rank == 0 || b.rank == 0) throw_shape_error(kernel::matmul_ranks_message(a.rank, b.rank));
        if (a.rank > 2 || b.rank > 2)
            throw_shape_error(kernel::stacked_matmul_message(a.rank, b.rank));
        const std::size_t k = a.dims[a.rank - 1], k_b = b.dims[0];
        if (a.rank == 1 && b.rank == 1 && k != k_b) throw_shape_error(kernel::dot_sizes_message(k, k_b));
        if (a.rank == 2 && b.rank == 1 && k != k_b) throw_shape_error(kernel::mv_sizes_message(a.dims[0], k, k_b));
        if (b.rank == 2 && k != k_b)
            throw_shape_error(kernel::mm_shapes_message(a.rank == 2 ? a.dims[0] : 1, k, k_b, b.dims[1]));
        shape_t out;
        if (a.rank == 2) out.dims[out.rank++] = a.dims[0];
        if (b.rank == 2) out.dims[out.rank++] = b.dims[1];
        return out;
    }
    // VectorRhs: the types fix b as a vector, so b, the value and its adjoint are one column each.
    template <std::size_t K, bool VectorRhs = false, class T>
    static void backward(const ops::matmul_op& op, const std::array<stored_array<T>, 2>& x, const stored_array<T>& out,
                         const stored_array<T>& adj, T* dest, bool accumulate) {
        const matrix_view<T> a = as_matrix(x[0]), b = as_matrix(x[1], true);
        write_share<K, K == 1 && VectorRhs>(dest, accumulate, op, a, b, dense(out.data, a.rows, b.cols),
                                            dense(adj.data, a.rows, b.cols));
    }
};

// A matrix product whose right operand the types fix as a vector: its value and b's share are
// products with one column (write<true>); a's share, an outer product, is not.
template <int A>
struct ranked_rule<ops::matmul_op, A, 1> : materialised_rule<ops::matmul_op>, product_of_matrices<true> {
    using product_of_matrices<true>::forward;
    template <std::size_t K, class T>
    static void backward(const ops::matmul_op& op, const std::array<stored_array<T>, 2>& x, const stored_array<T>& out,
                         const stored_array<T>& adj, T* dest, bool accumulate) {
        materialised_rule<ops::matmul_op>::backward<K, true>(op, x, out, adj, dest, accumulate);
    }
};

// torch.dot: two vectors of one length, and nothing else.
template <>
struct materialised_rule<ops::dot_op> : product_of_matrices<true> {
    static constexpr bool array_valued = false;
    static constexpr int rank(int, int) { return 0; }
    static constexpr bool takes_rank(int r) { return r < 0 || r == 1; }
    static constexpr bool takes_ranks(int a, int b) { return takes_rank(a) && takes_rank(b); }
    template <int A, int B>
    struct check_ranks {
        static_assert(takes_rank(A),
                      "etgrad::dot(a, b): a must be a vector (an array of rank 1); use eg::matmul for matrices");
        static_assert(takes_rank(B),
                      "etgrad::dot(a, b): b must be a vector (an array of rank 1); use eg::matmul for matrices");
        static constexpr bool value = true;
    };
    static shape_t shape(const ops::dot_op&, const std::array<shape_t, 2>& s) {
        if (s[0].rank != 1 || s[1].rank != 1) throw_shape_error(kernel::dot_ranks_message(s[0].rank, s[1].rank));
        if (s[0].dims[0] != s[1].dims[0]) throw_shape_error(kernel::dot_sizes_message(s[0].dims[0], s[1].dims[0]));
        return shape_t{};
    }
    template <std::size_t K, class T>
    static void backward(const ops::dot_op& op, const std::array<stored_array<T>, 2>& x, const stored_array<T>& out,
                         const stored_array<T>& adj, T* dest, bool accumulate) {
        write_share<K>(dest, accumulate, op, as_matrix(x[0]), as_matrix(x[1]), *out.data, *adj.data);
    }
};

// torch.t: the transpose of a matrix; a vector or a number is its own.
template <>
struct materialised_rule<ops::transpose_op> {
    static constexpr bool array_valued = true;
    static constexpr int rank(int a, int) { return a; }
    static constexpr bool takes_ranks(int a, int) { return a <= 2; }
    template <int A, int B>
    struct check_ranks {
        static_assert(takes_ranks(A, B),
                      "etgrad::transpose(a): a must have at most 2 dimensions (a matrix, a vector or a number)");
        static constexpr bool value = true;
    };
    static shape_t shape(const ops::transpose_op&, const std::array<shape_t, 1>& s) {
        if (s[0].rank > 2) throw_shape_error(kernel::t_rank_message(s[0].rank));
        shape_t out = s[0];
        if (out.rank == 2) std::swap(out.dims[0], out.dims[1]);
        return out;
    }
    template <class T>
    static void forward(const ops::transpose_op&, const std::array<stored_array<T>, 1>& x, T* out) {
        write(out, t(as_matrix(x[0])), false);
    }
    template <std::size_t K, class T>
    static void backward(const ops::transpose_op& op, const std::array<stored_array<T>, 1>& x,
                         const stored_array<T>& out, const stored_array<T>& adj, T* dest, bool accumulate) {
        const matrix_view<T> a = as_matrix(x[0]);
        write(dest, op.grad(a, as_matrix(out), as_matrix(adj)), accumulate);
    }
};

}  // namespace detail

/// The matrix product of `a` and `b` by their ranks, as torch.matmul: vector · vector (a number,
/// as a 0-d array), matrix · vector, vector · matrix and matrix · matrix. Its value is computed
/// and kept whole (a product cannot be fused element by element); its gradients are those of
/// both operands. Shapes that do not fit throw std::invalid_argument with PyTorch's text
/// (`mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)`); an operand of fixed rank other
/// than 1 or 2 (a number, an `xt::xtensor<double, 3>`) is a compile-time error.
template <expression A, expression B>
constexpr auto matmul(const A& a, const B& b) {
    return materialised_binary<ops::matmul_op, A, B>{{}, a, b};
}

/// The inner product of two vectors of one length (a scalar expression), as torch.dot. Anything
/// else is an error, never a number: an operand of a fixed rank other than 1 at compile time,
/// otherwise std::invalid_argument (`1D tensors expected, but got 2D and 1D tensors`). For a
/// matrix times a vector, use eg::matmul.
template <expression A, expression B>
constexpr auto dot(const A& a, const B& b) {
    return materialised_binary<ops::dot_op, A, B>{{}, a, b};
}

/// The transpose of a matrix `a`, as torch.t (a vector or a number is its own; rank 3 and more
/// throw std::invalid_argument, or fail to compile when the rank is fixed).
template <expression A>
constexpr auto transpose(const A& a) {
    return materialised_unary<ops::transpose_op, A>{{}, a};
}

}  // namespace etgrad
