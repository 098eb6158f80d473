// SPDX-License-Identifier: MIT
// The element types a dynamic tensor can hold, and PyTorch's rules for combining them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <etgrad/io/strided_view.hpp>

namespace etgrad::tape {

// bool_: PyTorch's torch.bool, one byte an element (`bool` is a keyword; NumPy spells it bool_ too).
enum class dtype : std::uint8_t { float32, float64, int64, bool_ };

static_assert(sizeof(bool) == 1, "etgrad: bool tensors store one byte an element, as PyTorch's");

template <class T>
inline constexpr dtype dtype_of = std::is_same_v<T, float>    ? dtype::float32
                                  : std::is_same_v<T, double> ? dtype::float64
                                  : std::is_same_v<T, bool>   ? dtype::bool_
                                                              : dtype::int64;

constexpr bool is_floating_point(dtype type) { return type == dtype::float32 || type == dtype::float64; }

constexpr std::size_t element_size(dtype type) {
    switch (type) {
        case dtype::float32: return 4;
        case dtype::bool_: return 1;
        case dtype::float64:
        case dtype::int64: break;
    }
    return 8;
}

// The message of the operations that have no kernel for bool elements.
[[noreturn]] inline void throw_no_bool_kernel() {
    throw std::runtime_error("etgrad: this operation is not implemented for 'Bool' tensors; convert first, e.g. t.to(eg::float32)");
}

// f(std::type_identity<T>{}) for the C++ type of `type`, one of the numeric types: the arithmetic
// kernels are compiled for those alone. Bool tensors take part in arithmetic promoted to int64
// or floating point, and throw here otherwise.
template <class F>
decltype(auto) visit(dtype type, F&& f) {
    switch (type) {
        case dtype::float32: return f(std::type_identity<float>{});
        case dtype::float64: return f(std::type_identity<double>{});
        case dtype::bool_: throw_no_bool_kernel();
        case dtype::int64: break;
    }
    return f(std::type_identity<std::int64_t>{});
}

// The same for every type, bool included: for what moves or converts elements (copies, item(),
// factories).
template <class F>
decltype(auto) visit_with_bool(dtype type, F&& f) {
    if (type == dtype::bool_) return f(std::type_identity<bool>{});
    return visit(type, std::forward<F>(f));
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
        case dtype::bool_: return "torch.BoolTensor";
        case dtype::int64: break;
    }
    return "torch.LongTensor";
}

// The scalar type names PyTorch uses in its error messages ("expected scalar type Float").
constexpr std::string_view scalar_type_name(dtype type) {
    switch (type) {
        case dtype::float32: return "Float";
        case dtype::float64: return "Double";
        case dtype::bool_: return "Bool";
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
        case dtype::bool_: return io::element_type::boolean;
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

// PyTorch's categories of types, lowest first: a higher category wins in type promotion.
enum class type_category : std::uint8_t { boolean, integral, floating };

constexpr type_category category_of(dtype type) {
    if (is_floating_point(type)) return type_category::floating;
    return type == dtype::bool_ ? type_category::boolean : type_category::integral;
}

// The type a number of a category takes when it alone decides (torch.get_default_dtype and long).
constexpr dtype default_type_of(type_category category) {
    switch (category) {
        case type_category::boolean: return dtype::bool_;
        case type_category::integral: return dtype::int64;
        case type_category::floating: break;
    }
    return dtype::float32;
}

// The type an operation on two operands computes in (PyTorch's type promotion): the higher
// category (floating point over integer over bool) wins; within it, the operands of the highest
// rank decide, the wider type winning; a category decided by a number alone takes the default type.
constexpr dtype result_type(promotion_operand a, promotion_operand b) {
    const type_category a_category = category_of(a.type), b_category = category_of(b.type);
    if (a_category != b_category) {
        const promotion_operand& winner = a_category > b_category ? a : b;
        if (winner.rank == promotion_rank::number)  // (beside a tensor or another number: where(c, 1.0, 2))
            return default_type_of(category_of(winner.type));
        return winner.type;
    }
    if (a.rank != b.rank) return a.rank > b.rank ? a.type : b.type;
    if (a.rank == promotion_rank::number) return default_type_of(a_category);
    return a.type == dtype::float64 || b.type == dtype::float64 ? dtype::float64 : a.type;
}

}  // namespace etgrad::tape
