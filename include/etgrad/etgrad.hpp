// SPDX-License-Identifier: MIT
// etgrad: reverse-mode automatic differentiation. The all-in-one header.
#pragma once
// First, so that a compile error's include chain printed above it is one line long.
#include <etgrad/expr/call_errors.hpp>

#include <etgrad/expr.hpp>
#include <etgrad/optim.hpp>
#include <etgrad/tape.hpp>
#include <etgrad/tape/static_expression.hpp>
#include <etgrad/tape/xtensor_view.hpp>

/// @namespace etgrad
/// etgrad: reverse-mode automatic differentiation. The static layer (eg::var, eval, grad,
/// value_and_grad, value_and_grad_into, d, let, gradcheck, allow_unused) and the names of the dynamic layer
/// (eg::tensor and its functions, apply, the grad-mode guards). Usually `namespace eg = etgrad;`.
///
/// @namespace etgrad::tape
/// The dynamic layer's implementation; its public names (tensor, tensor_options, the factories
/// and functions) are also declared in namespace etgrad.
///
/// @namespace etgrad::autograd
/// torch.autograd's functions on tensors: grad, jacobian, hessian.
///
/// @namespace etgrad::optim
/// Optimisers over tensors with PyTorch 1.13's update rules: sgd and adam.

