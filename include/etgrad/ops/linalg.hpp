// SPDX-License-Identifier: MIT
// Rules of products of matrices and vectors: the adjoint contributions to each operand
// (`grad_lhs`/`grad_rhs`, with binary rules' signature (a, b, out, adj)). Each derivative is a
// product again, written with unqualified calls (mm, mv, outer, t) that a layer provides for its
// operands and argument-dependent lookup finds: the rule is written once for every layer.
#pragma once
#include <string_view>

#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

// a (m x k) · b (k x n).
struct mm_op {
    static constexpr std::string_view name = "mm";
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true};
    auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const { return mm(adj, t(b)); }
    auto grad_rhs(const auto& a, const auto&, const auto&, const auto& adj) const { return mm(t(a), adj); }
};

// a (m x k) · b (k).
struct mv_op {
    static constexpr std::string_view name = "mv";
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true};
    auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const { return outer(adj, b); }
    auto grad_rhs(const auto& a, const auto&, const auto&, const auto& adj) const { return mv(t(a), adj); }
};

// torch.matmul for operands of rank 1 or 2 (vector · vector, matrix · vector, vector · matrix,
// matrix · matrix): each case is mm with a vector on the left seen as one row and a vector on the
// right as one column, so the rule is mm's.
struct matmul_op : mm_op {
    static constexpr std::string_view name = "matmul";
};

// a (k) · b (k), a number.
struct dot_op {
    static constexpr std::string_view name = "dot";
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true};
    auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const { return adj * b; }
    auto grad_rhs(const auto& a, const auto&, const auto&, const auto& adj) const { return adj * a; }
};

// The transpose of a matrix (a vector or a number is its own).
struct transpose_op {
    static constexpr std::string_view name = "t";
    static constexpr reads grad_reads{};
    auto grad(const auto&, const auto&, const auto& adj) const { return t(adj); }
};

}  // namespace etgrad::ops
