// SPDX-License-Identifier: MIT
// The static layer: placeholders, typed expressions and their compile-time reverse mode (eval,
// grad, value_and_grad, d, hessian, jacobian, hvp, gradcheck), without the tape. A file that needs only these includes this
// header rather than etgrad.hpp, and skips parsing the dynamic layer (about half the time of an
// empty file that includes etgrad.hpp).
#pragma once
// First, so that a compile error's include chain printed above it is one line long.
#include <etgrad/expr/call_errors.hpp>

#include <etgrad/check/gradcheck.hpp>
#include <etgrad/expr/api.hpp>
#include <etgrad/expr/derivative.hpp>
#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/higher_order.hpp>
#include <etgrad/expr/linalg.hpp>
#include <etgrad/expr/lane_ops.hpp>
#include <etgrad/expr/let.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/expr/placeholder.hpp>
#include <etgrad/expr/slice.hpp>
