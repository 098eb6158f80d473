// SPDX-License-Identifier: MIT
// etgrad: reverse-mode automatic differentiation. The all-in-one header.
#pragma once
#include <etgrad/check/gradcheck.hpp>
#include <etgrad/expr/api.hpp>
#include <etgrad/expr/derivative.hpp>
#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/let.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/expr/placeholder.hpp>
#include <etgrad/optim.hpp>
#include <etgrad/tape.hpp>
#include <etgrad/tape/static_expression.hpp>
#include <etgrad/tape/xtensor_view.hpp>
