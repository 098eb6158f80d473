// SPDX-License-Identifier: MIT
// Optimisers over dynamic tensors, with PyTorch's update rules.
#pragma once
#include <etgrad/optim/adam.hpp>
#include <etgrad/optim/sgd.hpp>
