// SPDX-License-Identifier: MIT
// What the evaluator asks of a materialised op (a matrix product, a transpose, a max): the static
// layer's side of its rule, on operands held in memory.
//
// Note [Materialised nodes]: most array values are never stored: elementwise chains are computed
// per element inside the loops of the reductions that consume them (expr/fused_loop.hpp). A node
// whose elements each read many elements of its operands (a matrix product reads a row and a
// column) cannot be computed that way; it is materialised, and the evaluator keeps in memory
// (kernel/scratch.hpp) every "stored" array (loop_facts::stored): axis reductions, materialised
// nodes, and the array operands of materialised nodes that are computed element by element. The
// invariant, for every stored array S:
//   - S has a value buffer and, when it needs an adjoint, an adjoint buffer of its shape, zeroed
//     before anything runs. Loops that read S take it as an array leaf (never recomputing its
//     cone) and put their share of its adjoint into the adjoint buffer, as they do for a bound
//     placeholder's gradient: stored when they are its only writer, added otherwise
//     (loop_facts::gradient_writers counts every loop and materialised node that writes).
//   - Forward, at S's slot: an elementwise S runs a loop over its cone that stores it
//     (pass::store); a materialised S calls its rule's `forward` on its operands' memory (a
//     placeholder's bound data is read in place).
//   - Backward, at S's slot: every node that reads S has a later slot, so its adjoint is complete.
//     A materialised S calls its rule's `backward<K>` for each operand K that needs an adjoint,
//     writing that operand's whole adjoint into its adjoint buffer, or into a placeholder's
//     gradient; an elementwise S runs its cone's backward loop seeded element by element from its
//     adjoint buffer (pass::stored_backward).
// A new materialised op is a node of a materialised form and a `materialised_rule`
// specialisation; the evaluator needs no change (expr/linalg.hpp: products; expr/lane_ops.hpp:
// max, min, prod, logsumexp, softmax and log_softmax, which read whole lanes of their operand).
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include <etgrad/kernel/shape.hpp>

namespace etgrad::detail {

// An operand, a value or an adjoint in memory: contiguous, row-major.
template <class T>
struct stored_array {
    const T* data;
    shape_t shape;
};

// The static layer's rule of materialised op Op, with Arity operands. A specialisation provides:
//   array_valued                   whether the value is an array (else a number)
//   rank(a, b)                     the value's rank from the operands' (b unused with one operand;
//                                  -1 for not known at compile time)
//   takes_ranks(a, b)              whether operands of these ranks (-1: not known at compile
//                                  time, taken) can be its operands
//   check_ranks<A, B>::value       true, after static_asserts on takes_ranks naming the function
//                                  and the argument
//   shape(op, shapes)              the value's shape from the operands' (std::array), throwing
//                                  std::invalid_argument with PyTorch's text when they do not fit
// An op with data (an axis) holds it as a member: every function receives the op.
//   forward(op, operands, out)     writes the value
//   backward<K>(op, operands, out, adj, dest, accumulate)
//                                  writes operand K's adjoint into dest (adds with accumulate)
template <class Op>
struct materialised_rule;

// The rule that evaluation runs for a node of op Op whose operands' ranks the types fix at A and B
// (-1 where they do not): materialised_rule<Op>, unless a specialisation does better at those ranks.
template <class Op, int A, int B>
struct ranked_rule : materialised_rule<Op> {};

// A rule's shape error (out of line: no string code in the evaluator's inlined paths).
[[noreturn, gnu::noinline, gnu::cold]] inline void throw_shape_error(const std::string& message) {
    throw std::invalid_argument(message);
}

}  // namespace etgrad::detail
