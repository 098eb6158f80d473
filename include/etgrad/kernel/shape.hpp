// SPDX-License-Identifier: MIT
// Run-time shapes and NumPy broadcasting, without heap allocation; shared by both layers.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include <etgrad/kernel/always_inline.hpp>

namespace etgrad {

inline constexpr std::size_t max_rank = 8;

// Sizes as PyTorch's errors print them: "[2, 3]". Cold and out of line, as every error path (Note
// [Error paths out of line]).
template <class Range>
[[gnu::cold, gnu::noinline]] std::string sizes_text(const Range& sizes) {
    std::string text;
    for (const auto n : sizes) text += (text.empty() ? "" : ", ") + std::to_string(n);
    return "[" + text + "]";
}

struct shape_t {
    std::size_t rank = 0;
    std::array<std::size_t, max_rank> dims{};

    constexpr std::size_t size() const {
        std::size_t n = 1;
        // rank <= max_rank always; saying so keeps g++ from warning, once a shape is made inline,
        // that dims[max_rank] "may be used uninitialized"
        for (std::size_t d = 0; d < rank && d < max_rank; ++d) n *= dims[d];
        return n;
    }
    friend constexpr bool operator==(const shape_t& a, const shape_t& b) {
        if (a.rank != b.rank) return false;
        for (std::size_t d = 0; d < a.rank; ++d)
            if (a.dims[d] != b.dims[d]) return false;
        return true;
    }
    std::string to_string() const { return sizes_text(std::span(dims.data(), rank)); }
};

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_rank_above_max(std::size_t rank) {
    throw std::invalid_argument("etgrad: arrays of rank " + std::to_string(rank) + " are not supported (the maximum is " +
                                std::to_string(max_rank) + ")");
}

// Writes a shape of run-time rank into `s`, element by element, where it is kept: a shape made
// elsewhere and copied in is read with wider loads than the stores that wrote it, which the
// processor cannot forward (an xt::xarray bound in P1 at n = 3: 23.3 ns per call copied, 9.5 ns
// written in place, 5.3 ns with this and reshape_gradient inlined).
template <class Range>
ETGRAD_ALWAYS_INLINE void assign_shape(shape_t& s, const Range& dims) {
    if (dims.size() > max_rank) throw_rank_above_max(dims.size());
    const std::size_t old_rank = s.rank;
    s.rank = dims.size();
    std::size_t d = 0;
    for (auto n : dims) s.dims[d++] = static_cast<std::size_t>(n);
    for (; d < old_rank; ++d) s.dims[d] = 0;
}

template <class Range>
shape_t make_shape(const Range& dims) {
    if constexpr (requires { std::tuple_size<Range>::value; }) {
        // A fixed rank (xtensor's shapes): every index a constant, so the shape is built in
        // registers. Built through memory, element by element, it was copied on with 16-byte
        // loads that cannot be forwarded from the 8-byte stores before them (bench P1 at n = 3:
        // 22.1 ns per call, 7.5 ns in registers).
        constexpr std::size_t rank = std::tuple_size<Range>::value;
        static_assert(rank <= max_rank, "etgrad: arrays of rank above 8 are not supported");
        return [&]<std::size_t... D>(std::index_sequence<D...>) {
            return shape_t{rank, {static_cast<std::size_t>(dims[D])...}};
        }(std::make_index_sequence<rank>{});
    } else {
        shape_t s;
        assign_shape(s, dims);
        return s;
    }
}

// NumPy broadcasting: dimensions are aligned on the right; each pair must be equal or contain a 1.
// Returns the first pair (counted from the right) that is neither, or max_rank if there is none.
constexpr std::size_t first_mismatch(const shape_t& a, const shape_t& b) {
    const std::size_t rank = a.rank > b.rank ? a.rank : b.rank;
    for (std::size_t k = 0; k < rank; ++k) {
        const std::size_t da = k < a.rank ? a.dims[a.rank - 1 - k] : 1;
        const std::size_t db = k < b.rank ? b.dims[b.rank - 1 - k] : 1;
        if (da != db && da != 1 && db != 1) return k;
    }
    return max_rank;
}

constexpr bool broadcastable(const shape_t& a, const shape_t& b) { return first_mismatch(a, b) == max_rank; }

// The broadcast shape of two broadcastable shapes, written into `out` in place (see assign_shape).
constexpr void assign_broadcast_unchecked(shape_t& out, const shape_t& a, const shape_t& b) {
    const std::size_t a_rank = a.rank, b_rank = b.rank, old_rank = out.rank;
    const std::size_t rank = a_rank > b_rank ? a_rank : b_rank;
    for (std::size_t k = 0; k < rank; ++k) {
        const std::size_t da = k < a_rank ? a.dims[a_rank - 1 - k] : 1;
        const std::size_t db = k < b_rank ? b.dims[b_rank - 1 - k] : 1;
        out.dims[rank - 1 - k] = da == 1 ? db : da;
    }
    for (std::size_t d = rank; d < old_rank; ++d) out.dims[d] = 0;
    out.rank = rank;
}

constexpr shape_t broadcast_unchecked(const shape_t& a, const shape_t& b) {
    shape_t r;
    assign_broadcast_unchecked(r, a, b);
    return r;
}

// Note [Error paths out of line]: an error's message is built in a cold function the compiler does
// not inline. That keeps string code out of the loops that check shapes, g++ 12 from a false
// -Wrestrict inside std::string inlined at -O3, and compile time down: std::string's
// concatenations inlined are more code than the work around them (kernel/product_shape.hpp).
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_not_broadcastable(const shape_t& a, const shape_t& b,
                                                                           std::size_t k) {
    const std::size_t rank = a.rank > b.rank ? a.rank : b.rank;
    throw std::invalid_argument("etgrad: shapes " + a.to_string() + " and " + b.to_string() +
                                " cannot be broadcast: the size of tensor a (" + std::to_string(a.dims[a.rank - 1 - k]) +
                                ") must match the size of tensor b (" + std::to_string(b.dims[b.rank - 1 - k]) +
                                ") at non-singleton dimension " + std::to_string(rank - 1 - k));
}

inline shape_t broadcast(const shape_t& a, const shape_t& b) {
    const std::size_t k = first_mismatch(a, b);
    if (k != max_rank) throw_not_broadcastable(a, b, k);
    return broadcast_unchecked(a, b);
}

// broadcast(a, b) written into `out` in place.
inline void assign_broadcast(shape_t& out, const shape_t& a, const shape_t& b) {
    const std::size_t k = first_mismatch(a, b);
    if (k != max_rank) throw_not_broadcastable(a, b, k);
    assign_broadcast_unchecked(out, a, b);
}

// PyTorch's error for a dimension `dim` outside [-r, r - 1] (r: the rank, 1 for a 0-d array, which
// has one axis to name, 0 or -1).
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_dim_out_of_range(std::int64_t dim, std::int64_t r) {
    throw std::out_of_range("Dimension out of range (expected to be in range of [" + std::to_string(-r) + ", " +
                            std::to_string(r - 1) + "], but got " + std::to_string(dim) + ")");
}

// An axis as PyTorch takes it (negative counts from the end: -1 is the last); PyTorch's error when
// it does not exist.
inline std::size_t wrap_dim(std::int64_t dim, std::size_t rank) {
    const auto r = static_cast<std::int64_t>(rank == 0 ? 1 : rank);
    if (dim < -r || dim >= r) throw_dim_out_of_range(dim, r);
    return static_cast<std::size_t>(dim < 0 ? dim + r : dim);
}

// The shape after reducing along `axis`; PyTorch's error when the axis does not exist.
inline shape_t remove_axis(const shape_t& s, std::size_t axis) {
    if (axis >= s.rank)
        throw_dim_out_of_range(static_cast<std::int64_t>(axis), static_cast<std::int64_t>(s.rank == 0 ? 1 : s.rank));
    shape_t r;
    r.rank = s.rank - 1;
    for (std::size_t d = 0, k = 0; d < s.rank; ++d)
        if (d != axis) r.dims[k++] = s.dims[d];
    return r;
}

using strides_t = std::array<std::size_t, max_rank>;

// The strides of the first `rank` axes without axis `axis`.
inline strides_t remove_axis(const strides_t& s, std::size_t rank, std::size_t axis) {
    strides_t r{};
    for (std::size_t d = 0, k = 0; d < rank; ++d)
        if (d != axis) r[k++] = s[d];
    return r;
}

// Element strides of an operand of shape `s` when it is read along a loop over `loop`
// (broadcast dimensions get stride 0).
inline strides_t broadcast_strides(const shape_t& s, const shape_t& loop) {
    strides_t strides{};
    std::size_t stride = 1;
    for (std::size_t k = 0; k < s.rank; ++k) {
        const std::size_t d = s.rank - 1 - k;
        const std::size_t loop_d = loop.rank - 1 - k;
        strides[loop_d] = s.dims[d] == 1 ? 0 : stride;
        stride *= s.dims[d];
    }
    return strides;
}

// `s` with the extent of `axis` set to 1: the shape of an axis reduction's result, aligned
// with its operand.
constexpr shape_t keepdim(shape_t s, std::size_t axis) {
    s.dims[axis] = 1;
    return s;
}

}  // namespace etgrad
