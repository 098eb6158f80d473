// SPDX-License-Identifier: MIT
// The matrix product loop shared by both layers: out = a · b for strided matrices (a vector is a
// matrix with one row or column, stride 0 along the other). Rows of b and out are walked in
// the innermost loop (i-k-j order), which reads memory in order for row-major operands. With
// `accumulate`, the product is added to what `out` holds (a gradient that several products
// write) instead of replacing it.
#pragma once
#include <cstddef>

namespace etgrad::kernel {

// Element (i, j) of a matrix is data[i * row_stride + j * col_stride].
template <class T>
struct matrix {
    T* data;
    std::size_t row_stride;
    std::size_t col_stride;
};

// The dot product of k elements of `row` (`row_step` apart) and of `v` (`step` apart), in four
// partial sums so that the additions do not wait on each other. Unit steps are a case of their
// own: the compiler vectorises that loop, not the strided one.
template <class T>
T strided_dot(std::size_t k, const T* row, std::size_t row_step, const T* v, std::size_t step) {
    T sums[4] = {};
    std::size_t p = 0;
    if (row_step == 1 && step == 1) {
        for (; p + 4 <= k; p += 4)
            for (std::size_t u = 0; u < 4; ++u) sums[u] += row[p + u] * v[p + u];
    } else {
        for (; p + 4 <= k; p += 4)
            for (std::size_t u = 0; u < 4; ++u) sums[u] += row[(p + u) * row_step] * v[(p + u) * step];
    }
    for (; p < k; ++p) sums[0] += row[p * row_step] * v[p * step];
    return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

// out (m, contiguous) = a (m x k) · v (k elements, `stride` apart). The loop order follows a's
// layout so that the innermost loop is contiguous: dot products of rows when a's rows are
// contiguous, a sum of scaled columns when its columns are.
template <class T>
void matvec(std::size_t m, std::size_t k, const matrix<const T>& a, const T* v, std::size_t stride, T* out,
            bool accumulate = false) {
    if (a.row_stride == 1 && a.col_stride != 1) {
        if (!accumulate)
            for (std::size_t i = 0; i < m; ++i) out[i] = T(0);
        for (std::size_t p = 0; p < k; ++p) {
            const T scale = v[p * stride];
            const T* column = a.data + p * a.col_stride;
            for (std::size_t i = 0; i < m; ++i) out[i] += column[i] * scale;
        }
        return;
    }
    for (std::size_t i = 0; i < m; ++i) {
        const T sum = strided_dot(k, a.data + i * a.row_stride, a.col_stride, v, stride);
        out[i] = accumulate ? out[i] + sum : sum;
    }
}

// out (m x n, contiguous) = a (m x k) · b (k x n).
template <class T>
void matmul(std::size_t m, std::size_t k, std::size_t n, const matrix<const T>& a, const matrix<const T>& b, T* out,
            bool accumulate = false) {
    if (n == 1) return matvec(m, k, a, b.data, b.row_stride, out, accumulate);
    if (!accumulate)
        for (std::size_t i = 0; i < m * n; ++i) out[i] = T(0);
    for (std::size_t i = 0; i < m; ++i) {
        T* row = out + i * n;
        for (std::size_t p = 0; p < k; ++p) {
            const T scale = a.data[i * a.row_stride + p * a.col_stride];
            const T* b_row = b.data + p * b.row_stride;
            if (b.col_stride == 1)
                for (std::size_t j = 0; j < n; ++j) row[j] += scale * b_row[j];
            else
                for (std::size_t j = 0; j < n; ++j) row[j] += scale * b_row[j * b.col_stride];
        }
    }
}

}  // namespace etgrad::kernel
