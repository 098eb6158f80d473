// SPDX-License-Identifier: MIT
// Stochastic gradient descent with PyTorch 1.13's update rule (torch.optim.SGD): optional
// weight decay, momentum with dampening, Nesterov momentum, and maximisation.
#pragma once
#include <vector>

#include <etgrad/optim/optimizer.hpp>

namespace etgrad::optim {

/// sgd's hyperparameters, as torch.optim.SGD's arguments.
struct sgd_options {
    double lr = 0.001;            ///< learning rate
    double momentum = 0.0;        ///< momentum factor
    double dampening = 0.0;       ///< dampening of the momentum
    double weight_decay = 0.0;    ///< L2 penalty
    bool nesterov = false;        ///< Nesterov momentum (needs momentum > 0 and no dampening)
    bool maximize = false;        ///< ascend instead of descending
};

/// Stochastic gradient descent, as torch.optim.SGD in PyTorch 1.13:
/// `eg::optim::sgd opt({w, b}, {.lr = 0.1, .momentum = 0.9});`.
class sgd : public optimizer {
public:
    /// Plain SGD with learning rate `lr`.
    sgd(std::vector<tensor> params, double lr) : sgd(std::move(params), sgd_options{.lr = lr}) {}
    /// SGD with `options`; throws std::invalid_argument for negative values or Nesterov without momentum.
    sgd(std::vector<tensor> params, const sgd_options& options) : optimizer(std::move(params)), options_(options) {
        check_non_negative(options.lr, "learning rate");
        check_non_negative(options.momentum, "momentum value");
        check_non_negative(options.weight_decay, "weight_decay value");
        if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0))
            throw std::invalid_argument("Nesterov momentum requires a momentum and zero dampening");
    }

    /// Updates every parameter that has a gradient.
    void step() {
        const sgd_options& o = options_;
        first_step_.resize(params().size(), true);
        for_each_element<1>(momentum_, [&]<class T>(std::size_t k, T& p, T g, const std::array<T*, 1>& state, std::size_t i) {
            T d = o.maximize ? -g : g;
            if (o.weight_decay != 0.0) d += T(o.weight_decay) * p;
            if (o.momentum != 0.0) {
                T& buffer = state[0][i];
                buffer = first_step_[k] ? d : T(o.momentum) * buffer + T(1.0 - o.dampening) * d;
                d = o.nesterov ? d + T(o.momentum) * buffer : buffer;
            }
            p += T(-o.lr) * d;
        });
        // (a parameter without a gradient was not updated: its buffer starts at its first update)
        for (std::size_t k = 0; k < params().size(); ++k)
            if (params()[k].grad().defined()) first_step_[k] = false;
    }

    /// The hyperparameters.
    const sgd_options& options() const { return options_; }

private:
    sgd_options options_;
    std::vector<std::vector<tensor>> momentum_;
    std::vector<bool> first_step_;
};

}  // namespace etgrad::optim
