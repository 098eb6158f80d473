// SPDX-License-Identifier: MIT
// eg::autograd::grad: the gradients of outputs with respect to chosen inputs, returned instead
// of accumulated into .grad() (torch.autograd.grad).
#pragma once
#include <optional>
#include <vector>

#include <etgrad/tape/engine.hpp>

namespace etgrad::autograd {

/// `torch.autograd.grad`: the gradients of `outputs` with respect to `inputs`, returned instead
/// of accumulated into grad().
///
/// @param outputs the tensors to differentiate.
/// @param inputs the tensors to differentiate with respect to; each must require grad.
/// @param grad_outputs the gradients of the outputs (may be empty for one-element outputs).
/// @param retain_graph keep the saved values for another backward (default: `create_graph`).
/// @param create_graph record the backward, so that the result can be differentiated again.
/// @param allow_unused give an undefined tensor for an input the outputs do not depend on,
///        instead of throwing.
inline std::vector<tape::tensor> grad(const std::vector<tape::tensor>& outputs, const std::vector<tape::tensor>& inputs,
                                      const std::vector<tape::tensor>& grad_outputs = {},
                                      std::optional<bool> retain_graph = {}, bool create_graph = false,
                                      bool allow_unused = false) {
    if (inputs.empty()) throw std::invalid_argument("grad requires non-empty inputs.");
    if (!grad_outputs.empty() && grad_outputs.size() != outputs.size())
        throw std::runtime_error("got " + std::to_string(outputs.size()) + " tensors and " +
                                 std::to_string(grad_outputs.size()) + " gradients");
    for (const tape::tensor& input : inputs)
        if (!input.requires_grad()) throw std::runtime_error("One of the differentiated Tensors does not require grad");
    return tape::engine::run(outputs, grad_outputs, inputs,
                             {.keep_graph = retain_graph.value_or(create_graph),
                              .create_graph = create_graph,
                              .accumulate_into_leaves = false,
                              .allow_unused = allow_unused});
}

}  // namespace etgrad::autograd
