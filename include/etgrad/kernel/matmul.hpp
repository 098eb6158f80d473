// SPDX-License-Identifier: MIT
// The matrix product loop shared by both layers: out = a · b for strided matrices (a vector is a
// matrix with one row or column, stride 0 along the other). Rows of b and out are walked in
// the innermost loop (i-k-j order), which reads memory in order for row-major operands.
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

// out (m x n, contiguous) = a (m x k) · b (k x n).
template <class T>
void matmul(std::size_t m, std::size_t k, std::size_t n, const matrix<const T>& a, const matrix<const T>& b, T* out) {
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
