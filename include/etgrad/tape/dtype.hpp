// SPDX-License-Identifier: MIT
// The element types a dynamic tensor can hold, and PyTorch's rules for combining them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <etgrad/io/strided_view.hpp>

namespace etgrad::tape {

enum class dtype : std::uint8_t { float32, float64, int64 };

template <class T>
inline constexpr dtype dtype_of = std::is_same_v<T, float> ? dtype::float32
                                  : std::is_same_v<T, double> ? dtype::float64
                                                              : dtype::int64;

constexpr bool is_floating_point(dtype type) { return type != dtype::int64; }

constexpr std::size_t element_size(dtype type) { return type == dtype::float32 ? 4 : 8; }

// f(std::type_identity<T>{}) for the C++ type of `type`.
template <class F>
decltype(auto) visit(dtype type, F&& f) {
    switch (type) {
        case dtype::float32: return f(std::type_identity<float>{});
        case dtype::float64: return f(std::type_identity<double>{});
        case dtype::int64: break;
    }
    return f(std::type_identity<std::int64_t>{});
}

// The same for a gradient, which is always floating point (only such tensors require grad): a
// backward kernel is not compiled for integers.
template <class F>
decltype(auto) visit_floating(dtype type, F&& f) {
    if (type == dtype::float32) return f(std::type_identity<float>{});
    if (type != dtype::float64) throw std::logic_error("etgrad: a gradient must be floating point");
    return f(std::type_identity<double>{});
}

// The tensor type names PyTorch uses in its error messages.
constexpr std::string_view legacy_type_name(dtype type) {
    switch (type) {
        case dtype::float32: return "torch.FloatTensor";
        case dtype::float64: return "torch.DoubleTensor";
        case dtype::int64: break;
    }
    return "torch.LongTensor";
}

// The scalar type names PyTorch uses in its error messages ("expected scalar type Float").
constexpr std::string_view scalar_type_name(dtype type) {
    switch (type) {
        case dtype::float32: return "Float";
        case dtype::float64: return "Double";
        case dtype::int64: break;
    }
    return "Long";
}

// PyTorch's error when an operation needs elements of type `expected`.
[[noreturn]] inline void throw_scalar_type_mismatch(dtype expected, dtype found) {
    throw std::runtime_error("expected scalar type " + std::string(scalar_type_name(expected)) + " but found " +
                             std::string(scalar_type_name(found)));
}

constexpr io::element_type element_type_of(dtype type) {
    switch (type) {
        case dtype::float32: return io::element_type::float32;
        case dtype::float64: return io::element_type::float64;
        case dtype::int64: break;
    }
    return io::element_type::int64;
}

// How strongly an operand's type counts in type promotion: a tensor with dimensions outranks a
// zero-dimensional one, which outranks a plain number.
enum class promotion_rank : std::uint8_t { number, zero_dim, dimensioned };

struct promotion_operand {
    dtype type;
    promotion_rank rank;
};

// The type an operation on two operands computes in (PyTorch's type promotion): the higher
// category (floating point over integer) wins; within it, the operands of the highest rank
// decide, the wider type winning; a category decided by a number alone takes the default type.
constexpr dtype result_type(promotion_operand a, promotion_operand b) {
    const bool a_float = is_floating_point(a.type);
    if (a_float != is_floating_point(b.type)) {
        const promotion_operand& winner = a_float ? a : b;
        const promotion_operand& other = a_float ? b : a;
        if (winner.rank == promotion_rank::number && other.rank != promotion_rank::number) return dtype::float32;
        return winner.type;
    }
    if (a.rank != b.rank) return a.rank > b.rank ? a.type : b.type;
    if (a.rank == promotion_rank::number) return a_float ? dtype::float32 : dtype::int64;
    return a.type == dtype::float64 || b.type == dtype::float64 ? dtype::float64 : a.type;
}

}  // namespace etgrad::tape
