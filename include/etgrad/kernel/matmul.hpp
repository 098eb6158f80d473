// SPDX-License-Identifier: MIT
// The matrix product loops shared by both layers: out = a · b for strided matrices (a vector is a
// matrix with one row or column), in SIMD batches along whichever operand is contiguous. With
// `accumulate`, the product is added to what `out` holds (a gradient that several products
// write) instead of replacing it.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/element_access.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/kernel/sums.hpp>

namespace etgrad::kernel {

// Element (i, j) of a matrix is data[i * row_stride + j * col_stride].
template <class T>
struct matrix {
    T* data;
    std::size_t row_stride;
    std::size_t col_stride;
};

// The dot product of k elements of `row` (`row_step` apart) and of `v` (`step` apart), in four
// partial sums so that the additions do not wait on each other.
template <class T>
T strided_dot(std::size_t k, const T* row, std::size_t row_step, const T* v, std::size_t step) {
    T sums[4] = {};
    std::size_t p = 0;
    for (; p + 4 <= k; p += 4)
        for (std::size_t u = 0; u < 4; ++u) sums[u] += row[(p + u) * row_step] * v[(p + u) * step];
    for (; p < k; ++p) sums[0] += row[p * row_step] * v[p * step];
    return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

// out[r] (+)= rows[r] · v for R contiguous rows (`row_stride` apart) and a contiguous v, in SIMD
// batches: each batch of v is loaded once for the R rows, whose sums are independent chains.
template <std::size_t R, class T>
ETGRAD_ALWAYS_INLINE void dot_rows(std::size_t k, const T* rows, std::size_t row_stride, const T* v, T* out,
                                   bool accumulate) {
    using batch = xsimd::batch<T>;
    std::array<batch, R> lanes{};
    std::array<T, R> tail{};
    contiguous<T, 1, true>(k, [&](std::size_t p, auto lane, auto) ETGRAD_INLINE_LAMBDA {
        using V = typename decltype(lane)::type;
        const V vp = load<V>(v, p);
        for (std::size_t r = 0; r < R; ++r) {
            if constexpr (std::is_same_v<V, T>)
                tail[r] += load<V>(rows + r * row_stride, p) * vp;
            else
                lanes[r] = xsimd::fma(load<V>(rows + r * row_stride, p), vp, lanes[r]);
        }
    });
    for (std::size_t r = 0; r < R; ++r) {
        const T sum = lane_sum(lanes[r]) + tail[r];
        out[r] = accumulate ? out[r] + sum : sum;
    }
}

// out (m, contiguous) += sum over R columns c of columns[c] * scales[c], the columns contiguous
// (`column_stride` apart) and the scales `scale_stride` apart: out is loaded and stored once for
// R columns.
template <std::size_t R, class T>
ETGRAD_ALWAYS_INLINE void add_scaled_columns(std::size_t m, const T* columns, std::size_t column_stride,
                                             const T* scales, std::size_t scale_stride, T* out) {
    std::array<T, R> scale;
    for (std::size_t c = 0; c < R; ++c) scale[c] = scales[c * scale_stride];
    contiguous<T, 1, true>(m, [&](std::size_t i, auto lane, auto) ETGRAD_INLINE_LAMBDA {
        using V = typename decltype(lane)::type;
        V o = load<V>(out, i);
        for (std::size_t c = 0; c < R; ++c) o = xsimd::fma(load<V>(columns + c * column_stride, i), V(scale[c]), o);
        store(out, i, o);
    });
}

// Note [Short vectors in batches]: a vector of `length` elements, width <= length <= 4 width,
// is NB = ceil(length / width) batches; where the length is not a multiple of the width, the last
// batch ends at the vector's end and overlaps its predecessor (loads stay inside the vector).
// A sum over such a vector weights the repeated lanes 0; an elementwise result may write them
// twice, with the same value.
template <class T, std::size_t NB>
struct short_vector {
    static constexpr std::size_t width = xsimd::batch<T>::size;
    std::size_t length;
    std::size_t offset(std::size_t b) const { return b + 1 < NB ? b * width : length - width; }
    // Whether lane l of the last batch repeats an element of an earlier one.
    bool repeats(std::size_t l) const { return offset(NB - 1) + l < (NB - 1) * width; }
};

// out[i] (+)= row i of a · v for rows of k contiguous elements (Note [Short vectors in batches]):
// each row is NB fused multiply-adds into one batch, and the batches of `width` rows are added
// across into one batch of results (xsimd::haddp) instead of a horizontal sum per row.
template <std::size_t NB, class T>
void short_rows(std::size_t m, std::size_t k, const T* a, std::size_t row_stride, const T* v, T* out,
                bool accumulate) {
    using batch = xsimd::batch<T>;
    constexpr std::size_t width = batch::size;
    const short_vector<T, NB> row{k};
    std::array<batch, NB> weights;
    for (std::size_t b = 0; b < NB; ++b) weights[b] = batch::load_unaligned(v + row.offset(b));
    alignas(64) std::array<T, width> last{};
    weights[NB - 1].store_aligned(last.data());
    for (std::size_t l = 0; l < width; ++l)
        if (row.repeats(l)) last[l] = T(0);
    weights[NB - 1] = batch::load_aligned(last.data());
    const auto partial_dot = [&](const T* r) ETGRAD_INLINE_LAMBDA {
        batch d = batch::load_unaligned(r) * weights[0];
        for (std::size_t b = 1; b < NB; ++b)
            d = xsimd::fma(batch::load_unaligned(r + row.offset(b)), weights[b], d);
        return d;
    };
    std::size_t i = 0;
    for (; i + width <= m; i += width) {
        std::array<batch, width> partial;
        for (std::size_t q = 0; q < width; ++q) partial[q] = partial_dot(a + (i + q) * row_stride);
        batch sums = xsimd::haddp(partial.data());
        if (accumulate) sums += batch::load_unaligned(out + i);
        sums.store_unaligned(out + i);
    }
    for (; i < m; ++i) {
        const T sum = lane_sum(partial_dot(a + i * row_stride));
        out[i] = accumulate ? out[i] + sum : sum;
    }
}

// out (m contiguous) (+)= the sum over k columns p of column p · scales[p], the columns contiguous
// (Note [Short vectors in batches]) and `column_stride` apart: out stays in two sets of NB batches
// of registers, alternate columns in each, for the whole sum.
template <std::size_t NB, class T>
void short_columns(std::size_t m, std::size_t k, const T* columns, std::size_t column_stride, const T* scales,
                   std::size_t scale_stride, T* out, bool accumulate) {
    using batch = xsimd::batch<T>;
    const short_vector<T, NB> column{m};
    std::array<std::array<batch, NB>, 2> sums{};
    const auto add_column = [&](std::array<batch, NB>& to, std::size_t p) ETGRAD_INLINE_LAMBDA {
        const batch scale(scales[p * scale_stride]);
        const T* c = columns + p * column_stride;
        for (std::size_t b = 0; b < NB; ++b)
            to[b] = xsimd::fma(batch::load_unaligned(c + column.offset(b)), scale, to[b]);
    };
    std::size_t p = 0;
    for (; p + 2 <= k; p += 2) {
        add_column(sums[0], p);
        add_column(sums[1], p + 1);
    }
    if (p < k) add_column(sums[0], p);
    std::array<batch, NB> result;
    for (std::size_t b = 0; b < NB; ++b) {
        result[b] = sums[0][b] + sums[1][b];
        if (accumulate) result[b] += batch::load_unaligned(out + column.offset(b));
    }
    for (std::size_t b = 0; b < NB; ++b) result[b].store_unaligned(out + column.offset(b));
}

// Calls f(std::integral_constant<std::size_t, NB>) for the batches a short vector of `length`
// elements takes (Note [Short vectors in batches]); false, without calling f, for another length.
template <class T, class F>
bool with_short_vector(std::size_t length, F&& f) {
    constexpr std::size_t width = xsimd::batch<T>::size;
    if (length < width || length > 4 * width) return false;
    switch ((length + width - 1) / width) {
        case 1: f(std::integral_constant<std::size_t, 1>{}); break;
        case 2: f(std::integral_constant<std::size_t, 2>{}); break;
        case 3: f(std::integral_constant<std::size_t, 3>{}); break;
        default: f(std::integral_constant<std::size_t, 4>{}); break;
    }
    return true;
}

// out (m, contiguous) = a (m x k) · v (k elements, `stride` apart). The loop order follows a's
// layout so that the innermost loop is contiguous: dot products of rows when a's rows are
// contiguous, a sum of scaled columns when its columns are; four rows or columns at a time.
template <class T>
void matvec(std::size_t m, std::size_t k, const matrix<const T>& a, const T* v, std::size_t stride, T* out,
            bool accumulate = false) {
    if constexpr (has_simd<T>) {
        if (a.col_stride == 1 && stride == 1) {
            if (with_short_vector<T>(k, [&](auto nb) { short_rows<nb>(m, k, a.data, a.row_stride, v, out, accumulate); }))
                return;
            std::size_t i = 0;
            for (; i + 4 <= m; i += 4) dot_rows<4>(k, a.data + i * a.row_stride, a.row_stride, v, out + i, accumulate);
            for (; i < m; ++i) dot_rows<1>(k, a.data + i * a.row_stride, a.row_stride, v, out + i, accumulate);
            return;
        }
        if (a.row_stride == 1) {
            if (with_short_vector<T>(m, [&](auto nb) {
                    short_columns<nb>(m, k, a.data, a.col_stride, v, stride, out, accumulate);
                }))
                return;
            if (!accumulate) std::fill(out, out + m, T(0));
            std::size_t p = 0;
            for (; p + 4 <= k; p += 4)
                add_scaled_columns<4>(m, a.data + p * a.col_stride, a.col_stride, v + p * stride, stride, out);
            for (; p < k; ++p)
                add_scaled_columns<1>(m, a.data + p * a.col_stride, a.col_stride, v + p * stride, stride, out);
            return;
        }
    }
    for (std::size_t i = 0; i < m; ++i) {
        const T sum = strided_dot(k, a.data + i * a.row_stride, a.col_stride, v, stride);
        out[i] = accumulate ? out[i] + sum : sum;
    }
}

// out (rows [i0, i1), columns [j0, j1) of a row-major matrix n wide) (+)= a · b over those rows and
// columns: rows of out accumulated from scaled rows of b.
template <class T>
void scaled_rows(std::size_t k, const matrix<const T>& a, const matrix<const T>& b, T* out, std::size_t n,
                 std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1, bool accumulate) {
    for (std::size_t i = i0; i < i1; ++i) {
        T* row = out + i * n;
        if (!accumulate)
            for (std::size_t j = j0; j < j1; ++j) row[j] = T(0);
        for (std::size_t p = 0; p < k; ++p) {
            const T scale = a.data[i * a.row_stride + p * a.col_stride];
            const T* b_row = b.data + p * b.row_stride;
            if (b.col_stride == 1)
                for (std::size_t j = j0; j < j1; ++j) row[j] += scale * b_row[j];
            else
                for (std::size_t j = j0; j < j1; ++j) row[j] += scale * b_row[j * b.col_stride];
        }
    }
}

// A block of out, 4 rows by two SIMD batches from (i, j), (+)= a · panel, where `panel` holds the
// block's columns of b packed row after row (k rows of two batches): the block stays in registers
// for the whole sum over k, each batch of b serves four rows and each element of a two batches.
template <class T>
ETGRAD_ALWAYS_INLINE void product_block(std::size_t k, const matrix<const T>& a, const T* panel, T* out,
                                        std::size_t n, std::size_t i, std::size_t j, bool accumulate) {
    using batch = xsimd::batch<T>;
    constexpr std::size_t width = batch::size;
    std::array<std::array<batch, 2>, 4> block{};
    for (std::size_t p = 0; p < k; ++p) {
        const batch left = batch::load_unaligned(panel + p * 2 * width);
        const batch right = batch::load_unaligned(panel + p * 2 * width + width);
        for (std::size_t r = 0; r < 4; ++r) {
            const batch scale(a.data[(i + r) * a.row_stride + p * a.col_stride]);
            block[r][0] = xsimd::fma(scale, left, block[r][0]);
            block[r][1] = xsimd::fma(scale, right, block[r][1]);
        }
    }
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t c = 0; c < 2; ++c) {
            T* o = out + (i + r) * n + j + c * width;
            (accumulate ? block[r][c] + batch::load_unaligned(o) : block[r][c]).store_unaligned(o);
        }
}

// out (m x n, contiguous) = a (m x k) · b (k x n). With SIMD: blocks of 4 rows by two batches held
// in registers, over panels of b's columns copied contiguous (whatever b's layout: a panel of a
// row-major b read in place would thrash the cache, its rows a power of two apart), `depth` rows of
// b at a time so that a panel fits on the stack and in the L1 cache; the edges, and types without
// SIMD, accumulate rows of out from scaled rows of b.
template <class T>
void matmul(std::size_t m, std::size_t k, std::size_t n, const matrix<const T>& a, const matrix<const T>& b, T* out,
            bool accumulate = false) {
    if (n == 1) return matvec(m, k, a, b.data, b.row_stride, out, accumulate);
    if constexpr (has_simd<T>) {
        constexpr std::size_t width = 2 * xsimd::batch<T>::size, depth = 256;
        const std::size_t rows = m - m % 4, cols = n - n % width;
        alignas(64) std::array<T, depth * width> panel;
        for (std::size_t p0 = 0; p0 < k && rows > 0; p0 += depth) {
            const std::size_t kb = std::min(depth, k - p0);
            const matrix<const T> a_part{a.data + p0 * a.col_stride, a.row_stride, a.col_stride};
            for (std::size_t j = 0; j < cols; j += width) {
                for (std::size_t p = 0; p < kb; ++p)
                    for (std::size_t c = 0; c < width; ++c)
                        panel[p * width + c] = b.data[(p0 + p) * b.row_stride + (j + c) * b.col_stride];
                for (std::size_t i = 0; i < rows; i += 4)
                    product_block(kb, a_part, panel.data(), out, n, i, j, accumulate || p0 > 0);
            }
        }
        scaled_rows(k, a, b, out, n, 0, rows, cols, n, accumulate);
        scaled_rows(k, a, b, out, n, rows, m, 0, n, accumulate);
    } else {
        scaled_rows(k, a, b, out, n, 0, m, 0, n, accumulate);
    }
}

}  // namespace etgrad::kernel
