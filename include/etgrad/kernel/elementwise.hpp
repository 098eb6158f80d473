// SPDX-License-Identifier: MIT
// Elementwise loops over run-time shapes: out = f(inputs...) where the inputs are strided and
// broadcast, and the same with the results summed into a smaller, broadcast output (how the
// gradient of a broadcast operand is formed). One pass over the data either way; SIMD when
// every input is contiguous in the loop's order or a single element.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include <etgrad/kernel/broadcast.hpp>
#include <etgrad/kernel/element_access.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/kernel/shape.hpp>

namespace etgrad::kernel {

// An operand of an elementwise loop: element (i_0, ..., i_r) of the loop is
// data[sum_d i_d * strides[d]] (a broadcast axis has stride 0).
template <class T>
struct strided {
    T* data;
    strides_t strides;
};

namespace detail {

enum class layout { contiguous, single, other };

// How an operand is laid out along the loop: in the loop's order (the strides of a contiguous
// array of its shape, ignoring axes of extent 1), one element for all, or otherwise.
inline layout layout_along(const strides_t& strides, const shape_t& loop) {
    std::size_t expected = 1;
    bool contiguous = true;
    bool single = true;
    for (std::size_t d = loop.rank; d-- > 0;) {
        if (loop.dims[d] == 1) continue;
        if (strides[d] != 0) single = false;
        if (strides[d] != expected) contiguous = false;
        expected *= loop.dims[d];
    }
    return single ? layout::single : contiguous ? layout::contiguous : layout::other;
}

template <class V, class T>
ETGRAD_ALWAYS_INLINE V load_flat(const T* data, std::size_t i, bool single) {
    if (single) return V(*data);
    return load<V>(data, i);
}

// The first `left` lanes of a batch, for load_tail and store_tail (left < the batch's width).
template <class B>
ETGRAD_ALWAYS_INLINE auto tail_mask(std::size_t left) {
#if defined(__AVX2__)
    if constexpr (std::is_same_v<typename B::value_type, double> && B::size == 4)
        return _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(left)), _mm256_setr_epi64x(0, 1, 2, 3));
    else if constexpr (std::is_same_v<typename B::value_type, float> && B::size == 8)
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(left)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    else
        return left;
#else
    return left;
#endif
}

// The `left` elements from `data` as a batch whose further lanes repeat the last of them: values
// the data already has, never a new special case. With AVX2, a masked load and a blend.
template <class B, class T, class Mask>
ETGRAD_ALWAYS_INLINE B load_tail(const T* data, std::size_t left, [[maybe_unused]] const Mask& mask) {
#if defined(__AVX2__)
    if constexpr (std::is_same_v<T, double> && B::size == 4)
        return _mm256_blendv_pd(_mm256_set1_pd(data[left - 1]), _mm256_maskload_pd(data, mask), _mm256_castsi256_pd(mask));
    else if constexpr (std::is_same_v<T, float> && B::size == 8)
        return _mm256_blendv_ps(_mm256_set1_ps(data[left - 1]), _mm256_maskload_ps(data, mask), _mm256_castsi256_ps(mask));
#endif
    alignas(B::arch_type::alignment()) std::array<T, B::size> padded;
    for (std::size_t j = 0; j < B::size; ++j) padded[j] = data[j < left ? j : left - 1];
    return B::load_aligned(padded.data());
}

// The first `left` lanes of `value` stored at `data`.
template <class B, class T, class Mask>
ETGRAD_ALWAYS_INLINE void store_tail(T* data, const B& value, std::size_t left, [[maybe_unused]] const Mask& mask) {
#if defined(__AVX2__)
    if constexpr (std::is_same_v<T, double> && B::size == 4)
        return _mm256_maskstore_pd(data, mask, value);
    else if constexpr (std::is_same_v<T, float> && B::size == 8)
        return _mm256_maskstore_ps(data, mask, value);
#endif
    alignas(B::arch_type::alignment()) std::array<T, B::size> lanes;
    value.store_aligned(lanes.data());
    for (std::size_t j = 0; j < left; ++j) data[j] = lanes[j];
}

// Merges adjacent axes that every operand walks as one (stride[d] == stride[d + 1] * extent),
// so that loops run over as few, as long rows as possible, and sums add in memory order.
template <std::size_t K>
void coalesce(shape_t& loop, std::array<strides_t, K>& strides) {
    if (loop.rank < 2) return;
    std::size_t kept = 0;
    for (std::size_t d = 1; d < loop.rank; ++d) {
        if (loop.dims[d] == 1) continue;  // an axis of extent 1 is never walked
        bool mergeable = true;
        for (std::size_t k = 0; k < K; ++k)
            mergeable = mergeable && strides[k][kept] == strides[k][d] * loop.dims[d];
        if (mergeable || loop.dims[kept] == 1) {
            for (std::size_t k = 0; k < K; ++k) strides[k][kept] = strides[k][d];
            loop.dims[kept] *= loop.dims[d];
        } else {
            ++kept;
            loop.dims[kept] = loop.dims[d];
            for (std::size_t k = 0; k < K; ++k) strides[k][kept] = strides[k][d];
        }
    }
    loop.rank = kept + 1;
}

// What sums of T accumulate in beyond a block of additions: float sums in double, so that a long
// float32 sum keeps float32's precision (PyTorch's cascade sum does the same; a running float sum
// of 3e6 times 0.1 is off by 2e-3).
template <class T>
using wide_sum = std::conditional_t<std::is_same_v<T, float>, double, T>;

// The whole of a long loop whose inputs are flat summed into one element: interleaved SIMD
// accumulators instead of one chain of additions, which is bound by the latency of one addition,
// each adding at most `block_rounds` values before its block is added into a wide total. A short
// sum adds in memory order, as PyTorch does for a few elements.
template <class T, std::size_t K, class F>
bool sums_long_flat_loop(const shape_t& loop, const strided<T>& out, const std::array<strided<const T>, K>& in, F& f) {
    constexpr std::size_t streams = 4;
    if constexpr (has_simd<T>) {
        // float32: four additions per lane, then double (3e6 x 0.1f sums to PyTorch's 300000.0; with
        // 16, 300000.0625); double keeps its precision over long runs, and its blocks cost nothing
        constexpr std::size_t block_rounds = std::is_same_v<T, float> ? 4 : 4096;
        constexpr std::size_t width = xsimd::batch<T>::size, block = block_rounds * streams * width;
        if (loop.size() < 16 * streams * width) return false;
        for (std::size_t d = 0; d < loop.rank; ++d)
            if (out.strides[d] != 0 && loop.dims[d] != 1) return false;
        std::array<layout, K> layouts{};
        for (std::size_t k = 0; k < K; ++k) {
            layouts[k] = layout_along(in[k].strides, loop);
            if (layouts[k] == layout::other) return false;
        }
        wide_sum<T> total = 0;
        for (std::size_t start = 0; start < loop.size(); start += block) {
            const std::size_t count = std::min(block, loop.size() - start);
            std::array<const T*, K> data{};  // the block's first elements (a single element stays)
            for (std::size_t k = 0; k < K; ++k) data[k] = in[k].data + (layouts[k] == layout::single ? 0 : start);
            std::array<xsimd::batch<T>, streams> sums{};
            T tail = 0;
            contiguous<T, streams, true>(count, [&]<class V, std::size_t U>(std::size_t i, lane_tag<V>, stream_c<U>) {
                const V value = [&]<std::size_t... k>(std::index_sequence<k...>) {
                    return V(f(load_flat<V>(data[k], i, layouts[k] == layout::single)...));
                }(std::make_index_sequence<K>{});
                if constexpr (std::is_same_v<V, T>)
                    tail += value;
                else
                    sums[U] += value;
            });
            alignas(xsimd::batch<T>::arch_type::alignment()) std::array<T, width> lanes{};
            ((sums[0] + sums[1]) + (sums[2] + sums[3])).store_aligned(lanes.data());
            for (const T lane : lanes) total += lane;
            total += tail;
        }
        *out.data = static_cast<T>(*out.data + total);
        return true;
    } else {
        return false;
    }
}

}  // namespace detail

// Whether an operand with these strides reads one same element at every position of `loop` (a
// broadcast number, an expanded one-element tensor).
inline bool reads_one_element(const strides_t& strides, const shape_t& loop) {
    return detail::layout_along(strides, loop) == detail::layout::single;
}

// An operand of an elementwise loop that needs no strides: an array in the loop's order, or one
// element read everywhere.
template <class T>
struct flat {
    T* data;
    bool single;
};

// How map_flat computes the elements after its last whole SIMD batch: one at a time, or as one more
// batch whose lanes beyond the end hold copies of the last element (values the data already has,
// never a new special case). The padded batch is for expensive element functions: then every
// element comes from the same vector function wherever it is, and a tensor of three doubles costs
// one batch instead of three calls of libm's scalar function (bench P9, one `sin` and its backward
// `cos`: 8,100 instructions less per evaluation of 100 operations). For a cheap function, copying
// the operands into the padded batch through arrays (the form without AVX2) costs more than it saves
// (P1 at n = 3: 600 instructions more); with AVX2's masked loads and stores it costs as much as
// the elements one by one (P1 at n = 3, dynamic: 8,007 against 7,997 per evaluation).
enum class tail { elements, padded_batch };

// out[i] = f(in[0][i], ..., in[K-1][i]) for i < n, every input flat. The entry for operands known
// to be flat without looking at strides (the tape's small tensors, where setting up strides would
// cost more than the loop).
template <class T, std::size_t K, tail Tail = tail::elements, class F>
void map_flat(std::size_t n, T* out, const std::array<flat<const T>, K>& in, F f) {
    const auto elements = [&](std::size_t count) {
        contiguous<T, 1, true>(count, [&]<class V, std::size_t U>(std::size_t i, lane_tag<V>, stream_c<U>) {
            [&]<std::size_t... k>(std::index_sequence<k...>) {
                store(out, i, V(f(detail::load_flat<V>(in[k].data, i, in[k].single)...)));
            }(std::make_index_sequence<K>{});
        });
    };
    if constexpr (Tail == tail::padded_batch && has_simd<T>) {
        using batch = xsimd::batch<T>;
        constexpr std::size_t width = batch::size;
        const std::size_t left = n % width, i = n - left;
        elements(i);  // (whole batches only)
        if (left == 0) return;
        const auto mask = detail::tail_mask<batch>(left);
        [&]<std::size_t... k>(std::index_sequence<k...>) {
            detail::store_tail(out + i, batch(f((in[k].single ? batch(*in[k].data)
                                                              : detail::load_tail<batch>(in[k].data + i, left, mask))...)),
                               left, mask);
        }(std::make_index_sequence<K>{});
    } else {
        elements(n);
    }
}

// out[i] = f(in[0][i], ..., in[K-1][i]) for every element i of `loop`; out is a contiguous array
// of that shape. f is called with numbers of type T, or with SIMD batches of T.
template <class T, std::size_t K, class F>
void map(const shape_t& loop, T* out, const std::array<strided<const T>, K>& in, F f) {
    std::array<flat<const T>, K> flat_inputs{};
    bool all_flat = true;
    for (std::size_t k = 0; k < K; ++k) {
        const detail::layout l = detail::layout_along(in[k].strides, loop);
        flat_inputs[k] = {in[k].data, l == detail::layout::single};
        all_flat = all_flat && l != detail::layout::other;
    }
    if (all_flat) {
        map_flat<T, K>(loop.size(), out, flat_inputs, f);
        return;
    }
    std::array<strides_t, K + 1> strides{};
    for (std::size_t k = 0; k < K; ++k) strides[k] = in[k].strides;
    strides[K] = broadcast_strides(loop, loop);
    shape_t rows = loop;
    detail::coalesce(rows, strides);
    const std::size_t last = rows.rank - 1;
    for_each_row<K + 1>(rows, strides, [&](const std::array<std::size_t, K + 1>& base) {
        for (std::size_t j = 0; j < rows.dims[last]; ++j)
            [&]<std::size_t... k>(std::index_sequence<k...>) {
                out[base[K] + j] = T(f(in[k].data[base[k] + j * strides[k][last]]...));
            }(std::make_index_sequence<K>{});
    });
}

// out += f(in...) over `loop`, where `out` has the loop's rank and stride 0 along the axes it
// is broadcast over: the values along those axes are summed into one element.
template <class T, std::size_t K, class F>
void map_accumulate(const shape_t& loop, const strided<T>& out, const std::array<strided<const T>, K>& in, F f) {
    if (loop.size() == 0) return;
    if (detail::sums_long_flat_loop<T>(loop, out, in, f)) return;
    if (loop.rank == 0) {
        [&]<std::size_t... k>(std::index_sequence<k...>) { *out.data += T(f(in[k].data[0]...)); }(
            std::make_index_sequence<K>{});
        return;
    }
    std::array<strides_t, K + 1> strides{};
    for (std::size_t k = 0; k < K; ++k) strides[k] = in[k].strides;
    strides[K] = out.strides;
    shape_t rows = loop;
    detail::coalesce(rows, strides);
    const std::size_t last = rows.rank - 1;
    // the rows added into `target` (out's memory, or a double copy of it: W)
    const auto add_rows = [&]<class W>(W* target) {
        for_each_row<K + 1>(rows, strides, [&](const std::array<std::size_t, K + 1>& base) {
            const auto value = [&](std::size_t j) {
                return [&]<std::size_t... k>(std::index_sequence<k...>) {
                    return T(f(in[k].data[base[k] + j * strides[k][last]]...));
                }(std::make_index_sequence<K>{});
            };
            W* o = target + base[K];
            if (strides[K][last] == 0) {  // the row sums into one element
                detail::wide_sum<W> sum = *o;
                for (std::size_t j = 0; j < rows.dims[last]; ++j) sum += value(j);
                *o = static_cast<W>(sum);
            } else {
                for (std::size_t j = 0; j < rows.dims[last]; ++j) o[j * strides[K][last]] += value(j);
            }
        });
    };
    if constexpr (std::is_same_v<T, float>) {
        // float32 rows added into the same output elements (an axis summed before the last): each
        // element adds its terms row by row, which in float32 drifts over many rows (1e6 rows of
        // 0.1f summed to 100958, not 100000); they add in a double copy of the output instead
        shape_t kept = rows;  // one row per distinct output row
        std::size_t footprint = 1;
        bool across_rows = false;
        for (std::size_t d = 0; d < rows.rank; ++d) {
            footprint += (rows.dims[d] - 1) * strides[K][d];
            if (strides[K][d] == 0) {
                across_rows = across_rows || (d < last && rows.dims[d] > 1);
                kept.dims[d] = 1;
            }
        }
        if (across_rows) {
            std::vector<double> wide(footprint);
            add_rows(wide.data());
            for_each_row<1>(kept, {strides[K]}, [&](const std::array<std::size_t, 1>& base) {
                for (std::size_t j = 0, p = base[0]; j < kept.dims[last]; ++j, p += strides[K][last])
                    out.data[p] = static_cast<float>(out.data[p] + wide[p]);
            });
            return;
        }
    }
    add_rows(out.data);
}

}  // namespace etgrad::kernel
