// SPDX-License-Identifier: MIT
// The dynamic layer: eg::tensor and its operations, recorded on a tape as they run (define by
// run, with PyTorch's autograd semantics).
#pragma once
#include <etgrad/tape/autograd.hpp>
#include <etgrad/tape/concat.hpp>
#include <etgrad/tape/extrema.hpp>
#include <etgrad/tape/factories.hpp>
#include <etgrad/tape/functional.hpp>
#include <etgrad/tape/functions.hpp>
#include <etgrad/tape/inplace.hpp>
#include <etgrad/tape/linalg.hpp>
#include <etgrad/tape/loss.hpp>
#include <etgrad/tape/norm.hpp>
#include <etgrad/tape/permute.hpp>
#include <etgrad/tape/print.hpp>
#include <etgrad/tape/shape_ops.hpp>
#include <etgrad/tape/softmax.hpp>
#include <etgrad/tape/where.hpp>

namespace etgrad {

using tape::dtype;
using tape::tensor;
using tape::tensor_options;
using tape::values_and_indices;
inline constexpr dtype float32 = dtype::float32;  ///< 32-bit floating point (the default)
inline constexpr dtype float64 = dtype::float64;  ///< 64-bit floating point
inline constexpr dtype int64 = dtype::int64;      ///< 64-bit signed integer
inline constexpr dtype bool_ = dtype::bool_;      ///< bool (PyTorch's torch.bool): what comparisons give

using tape::arange;
using tape::empty;
using tape::format;
using tape::from_blob;
using tape::full;
using tape::manual_seed;
using tape::ones;
using tape::ones_like;
using tape::rand;
using tape::randn;
using tape::requires_grad;
using tape::zeros;
using tape::zeros_like;

using tape::cat;
using tape::dot;
using tape::flatten;
using tape::matmul;
using tape::mm;
using tape::mv;
using tape::narrow;
using tape::outer;
using tape::permute;
using tape::reshape;
using tape::slice;
using tape::squeeze;
using tape::stack;
using tape::t;
using tape::transpose;
using tape::unsqueeze;
using tape::view;

// The elementary functions are ops/math.hpp's, which take tensors too; the rest:
using tape::log_softmax;
using tape::logsumexp;
using tape::max;
using tape::mean;
using tape::min;
using tape::mse_loss;
using tape::norm;
using tape::prod;
using tape::softmax;
using tape::square;
using tape::sum;
using tape::where;

}  // namespace etgrad
