// SPDX-License-Identifier: MIT
// Adam with PyTorch 1.13's update rule (torch.optim.Adam): bias-corrected moment estimates,
// optional L2 weight decay, AMSGrad and maximisation.
#pragma once
#include <cmath>
#include <utility>
#include <vector>

#include <etgrad/optim/optimizer.hpp>

namespace etgrad::optim {

/// adam's hyperparameters, as torch.optim.Adam's arguments.
struct adam_options {
    double lr = 0.001;                             ///< learning rate
    std::pair<double, double> betas{0.9, 0.999};  ///< decay rates of the moment estimates
    double eps = 1e-8;                             ///< added to the denominator
    double weight_decay = 0.0;                     ///< L2 penalty
    bool amsgrad = false;                          ///< use the running maximum of the second moment
    bool maximize = false;                         ///< ascend instead of descending
};

/// Adam, as torch.optim.Adam in PyTorch 1.13: `eg::optim::adam opt({w}, {.lr = 1e-3, .amsgrad = true});`.
class adam : public optimizer {
public:
    /// Adam with learning rate `lr`.
    adam(std::vector<tensor> params, double lr) : adam(std::move(params), adam_options{.lr = lr}) {}
    /// Adam with `options`; throws std::invalid_argument for negative values or betas outside [0, 1).
    adam(std::vector<tensor> params, const adam_options& options) : optimizer(std::move(params)), options_(options) {
        check_non_negative(options.lr, "learning rate");
        check_non_negative(options.eps, "epsilon value");
        check_non_negative(options.weight_decay, "weight_decay value");
        const auto [beta1, beta2] = options.betas;
        if (beta1 < 0.0 || beta1 >= 1.0) throw std::invalid_argument("Invalid beta parameter at index 0: " + io::python_float_repr(beta1));
        if (beta2 < 0.0 || beta2 >= 1.0) throw std::invalid_argument("Invalid beta parameter at index 1: " + io::python_float_repr(beta2));
    }

    /// Updates every parameter that has a gradient.
    void step() {
        const adam_options& o = options_;
        // named copies, not a structured binding: clang 14 cannot capture bindings in a lambda
        const double beta1 = o.betas.first;
        const double beta2 = o.betas.second;
        steps_.resize(params().size(), 0);
        std::vector<bool> counted(params().size(), false);
        // state: first moment, second moment, running maximum of the second moment (amsgrad)
        for_each_element<3>(moments_, [&]<class T>(std::size_t k, T& p, T g, const std::array<T*, 3>& state, std::size_t i) {
            if (!counted[k]) {
                ++steps_[k];
                counted[k] = true;
            }
            const double step = static_cast<double>(steps_[k]);
            T grad = o.maximize ? -g : g;
            if (o.weight_decay != 0.0) grad += T(o.weight_decay) * p;
            T& m = state[0][i];
            T& v = state[1][i];
            m = m * T(beta1) + grad * T(1.0 - beta1);
            v = v * T(beta2) + grad * grad * T(1.0 - beta2);
            const double bias_correction1 = 1.0 - std::pow(beta1, step);
            const double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(beta2, step));
            T second = v;
            if (o.amsgrad) {
                T& v_max = state[2][i];
                v_max = std::max(v_max, v);
                second = v_max;
            }
            const T denom = std::sqrt(second) / T(bias_correction2_sqrt) + T(o.eps);
            p += T(-o.lr / bias_correction1) * (m / denom);
        });
    }

    /// The hyperparameters.
    const adam_options& options() const { return options_; }

private:
    adam_options options_;
    std::vector<std::vector<tensor>> moments_;
    std::vector<long> steps_;
};

}  // namespace etgrad::optim
