// SPDX-License-Identifier: MIT
// PyTorch's messages for operands of matrix products (and of t()) whose shapes do not fit, shared
// by both layers; each layer throws them with its own exception type. Cold and out of line (Note
// [Error paths out of line] in kernel/shape.hpp): inlined, they were more code than the products
// themselves. cc1plus instructions (tools/compile-instructions.sh) for bench/impl_static.cpp: 49.11 G
// with them inline, 48.76 G without; with P8 alone, where each is called once and so was inlined
// into its caller, 26.78 G and 24.20 G.
#pragma once
#include <cstddef>
#include <string>

namespace etgrad::kernel {

[[gnu::cold, gnu::noinline]] inline std::string mm_shapes_message(std::size_t rows_a, std::size_t cols_a,
                                                                  std::size_t rows_b, std::size_t cols_b) {
    return "mat1 and mat2 shapes cannot be multiplied (" + std::to_string(rows_a) + "x" + std::to_string(cols_a) +
           " and " + std::to_string(rows_b) + "x" + std::to_string(cols_b) + ")";
}

[[gnu::cold, gnu::noinline]] inline std::string mv_sizes_message(std::size_t rows, std::size_t cols, std::size_t size) {
    return "size mismatch, got " + std::to_string(rows) + ", " + std::to_string(rows) + "x" + std::to_string(cols) +
           "," + std::to_string(size);
}

[[gnu::cold, gnu::noinline]] inline std::string dot_ranks_message(std::size_t rank_a, std::size_t rank_b) {
    return "1D tensors expected, but got " + std::to_string(rank_a) + "D and " + std::to_string(rank_b) + "D tensors";
}

[[gnu::cold, gnu::noinline]] inline std::string dot_sizes_message(std::size_t size_a, std::size_t size_b) {
    const std::string a = std::to_string(size_a), b = std::to_string(size_b);
    return "inconsistent tensor size, expected tensor [" + a + "] and src [" + b +
           "] to have the same number of elements, but got " + a + " and " + b + " elements respectively";
}

[[gnu::cold, gnu::noinline]] inline std::string matmul_ranks_message(std::size_t rank_a, std::size_t rank_b) {
    return "both arguments to matmul need to be at least 1D, but they are " + std::to_string(rank_a) + "D and " +
           std::to_string(rank_b) + "D";
}

[[gnu::cold, gnu::noinline]] inline std::string stacked_matmul_message(std::size_t rank_a, std::size_t rank_b) {
    return "etgrad::matmul(a, b): stacks of matrices (rank above 2) are not supported, got " + std::to_string(rank_a) +
           "D and " + std::to_string(rank_b) + "D";
}

[[gnu::cold, gnu::noinline]] inline std::string t_rank_message(std::size_t rank) {
    return "t() expects a tensor with <= 2 dimensions, but self is " + std::to_string(rank) + "D";
}

}  // namespace etgrad::kernel
