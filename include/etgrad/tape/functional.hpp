// SPDX-License-Identifier: MIT
// eg::autograd::jacobian and eg::autograd::hessian: torch.autograd.functional.jacobian and
// hessian (PyTorch 1.13, strict=False, vectorize=False), computed row by row with
// eg::autograd::grad on a graph that is kept between rows.
//
//   jacobian(f, x)   f: tensor -> tensor; shape output.shape + x.shape
//   jacobian(f, xs)  f: std::vector<tensor> -> tensor; one block per input, block i of shape
//                    output.shape + xs[i].shape (PyTorch's tuple for tuple inputs)
//   hessian(f, x)    f: tensor -> one-element tensor; shape x.shape + x.shape
//   hessian(f, xs)   f: std::vector<tensor> -> one-element tensor; blocks [i][j] of shape
//                    xs[i].shape + xs[j].shape (PyTorch's tuple of tuples)
//
// The inputs need not require grad: f runs (with grad mode on) on detached copies that do, so
// the user's graph is not extended. With create_graph the inputs that require grad are used as
// they are and the result is differentiable (a hessian's result, too, with respect to them);
// without it the result is detached. An output element that does not depend on an input gives a
// row of zeros (PyTorch's strict=False).
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <etgrad/tape/autograd.hpp>
#include <etgrad/tape/concat.hpp>
#include <etgrad/tape/factories.hpp>
#include <etgrad/tape/grad_mode.hpp>
#include <etgrad/tape/shape_ops.hpp>

namespace etgrad::autograd {

namespace detail {

using tape::tensor;

// PyTorch's _grad_preprocess with need_graph=True: the tensors f runs on.
inline std::vector<tensor> differentiable_inputs(const std::vector<tensor>& inputs, bool create_graph) {
    std::vector<tensor> result;
    result.reserve(inputs.size());
    for (const tensor& input : inputs)
        result.push_back(create_graph && input.requires_grad() ? input : input.detach().requires_grad_(true));
    return result;
}

// The jacobian of `output` with respect to each of `inputs`, block i of shape
// output.shape + inputs[i].shape.
inline std::vector<tensor> jacobian_blocks(const tensor& output, const std::vector<tensor>& inputs, bool create_graph) {
    std::vector<std::vector<tensor>> rows(inputs.size());
    const tensor flat = output.flatten();
    for (std::int64_t j = 0; j < flat.numel(); ++j) {
        const tensor element = flat[j];
        std::vector<tensor> row;
        // an element that does not require grad depends on no input (PyTorch's _autograd_grad skips it)
        if (element.requires_grad())
            row = grad({element}, inputs, {}, /*retain_graph=*/true, create_graph, /*allow_unused=*/true);
        for (std::size_t i = 0; i < inputs.size(); ++i)
            rows[i].push_back(i < row.size() && row[i].defined() ? row[i] : tape::zeros_like(inputs[i]));
    }
    std::vector<tensor> blocks;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::vector<std::int64_t> sizes = output.sizes();
        const std::vector<std::int64_t> input_sizes = inputs[i].sizes();
        sizes.insert(sizes.end(), input_sizes.begin(), input_sizes.end());
        const tensor block = tape::stack(rows[i]).reshape(sizes);
        blocks.push_back(create_graph ? block : block.detach());
    }
    return blocks;
}

// The output of the function given to hessian, checked and squeezed to 0-d.
inline tensor single_element(const tensor& output) {
    if (output.numel() != 1)
        throw std::runtime_error("The Tensor returned by the function given to hessian should contain a single element");
    return output.squeeze();
}

}  // namespace detail

/// The jacobian of f: std::vector<tensor> -> tensor at xs: block i is d f / d xs[i], of shape
/// f.shape + xs[i].shape (torch.autograd.functional.jacobian with strict=False, vectorize=False).
template <class F>
    requires std::is_invocable_r_v<tape::tensor, F&, const std::vector<tape::tensor>&>
std::vector<tape::tensor> jacobian(F f, const std::vector<tape::tensor>& xs, bool create_graph = false) {
    enable_grad_guard grad_mode;
    const std::vector<tape::tensor> inputs = detail::differentiable_inputs(xs, create_graph);
    return detail::jacobian_blocks(f(inputs), inputs, create_graph);
}

/// The jacobian of f: tensor -> tensor at x, of shape f(x).shape + x.shape.
template <class F>
    requires std::is_invocable_r_v<tape::tensor, F&, const tape::tensor&>
tape::tensor jacobian(F f, const tape::tensor& x, bool create_graph = false) {
    const auto on_one = [&f](const std::vector<tape::tensor>& inputs) { return f(inputs[0]); };
    return jacobian(on_one, std::vector<tape::tensor>{x}, create_graph)[0];
}

/// The hessian of f: std::vector<tensor> -> one-element tensor at xs: block [i][j] is
/// d2 f / d xs[i] d xs[j]. The gradient is a jacobian with create_graph; the hessian, its jacobian.
template <class F>
    requires std::is_invocable_r_v<tape::tensor, F&, const std::vector<tape::tensor>&>
std::vector<std::vector<tape::tensor>> hessian(F f, const std::vector<tape::tensor>& xs, bool create_graph = false) {
    enable_grad_guard grad_mode;
    const std::vector<tape::tensor> inputs = detail::differentiable_inputs(xs, create_graph);
    const std::vector<tape::tensor> gradient =
        detail::jacobian_blocks(detail::single_element(f(inputs)), inputs, /*create_graph=*/true);
    std::vector<std::vector<tape::tensor>> blocks;
    for (const tape::tensor& g : gradient) blocks.push_back(detail::jacobian_blocks(g, inputs, create_graph));
    return blocks;
}

/// The hessian of f: tensor -> one-element tensor at x, of shape x.shape + x.shape.
template <class F>
    requires std::is_invocable_r_v<tape::tensor, F&, const tape::tensor&>
tape::tensor hessian(F f, const tape::tensor& x, bool create_graph = false) {
    const auto on_one = [&f](const std::vector<tape::tensor>& inputs) { return f(inputs[0]); };
    return hessian(on_one, std::vector<tape::tensor>{x}, create_graph)[0][0];
}

}  // namespace etgrad::autograd
