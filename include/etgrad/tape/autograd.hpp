// SPDX-License-Identifier: MIT
// eg::autograd::grad: the gradients of outputs with respect to chosen inputs, returned instead
// of accumulated into .grad() (torch.autograd.grad).
#pragma once
#include <optional>
#include <vector>

#include <etgrad/tape/engine.hpp>

namespace etgrad::autograd {

inline std::vector<tape::tensor> grad(const std::vector<tape::tensor>& outputs, const std::vector<tape::tensor>& inputs,
                                      const std::vector<tape::tensor>& grad_outputs = {},
                                      std::optional<bool> retain_graph = {}, bool create_graph = false,
                                      bool allow_unused = false) {
    for (const tape::tensor& input : inputs)
        if (!input.requires_grad()) throw std::runtime_error("One of the differentiated Tensors does not require grad");
    return tape::engine::run(outputs, grad_outputs, inputs,
                             {.keep_graph = retain_graph.value_or(create_graph),
                              .create_graph = create_graph,
                              .accumulate_into_leaves = false,
                              .allow_unused = allow_unused});
}

}  // namespace etgrad::autograd
