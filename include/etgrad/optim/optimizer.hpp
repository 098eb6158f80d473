// SPDX-License-Identifier: MIT
// What every optimiser shares: the parameters it updates, zero_grad, and the loop that applies
// an elementwise update to each parameter's memory with grad mode off.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <etgrad/io/python_float.hpp>
#include <etgrad/tape.hpp>

namespace etgrad::optim {

/// What every optimiser shares: the parameters it updates and zero_grad().
class optimizer {
public:
    /// Takes the parameters to update; each must be a leaf (throws "can't optimize a non-leaf Tensor").
    explicit optimizer(std::vector<tensor> params) : params_(std::move(params)) {
        for (const tensor& p : params_)
            if (!p.is_leaf()) throw std::invalid_argument("can't optimize a non-leaf Tensor");
    }

    /// Clears the parameters' gradients: zeroes them, or (`set_to_none`) drops them, as PyTorch 1.13.
    void zero_grad(bool set_to_none = false) {
        for (tensor& p : params_) {
            tensor g = p.grad();
            if (!g.defined()) continue;
            if (set_to_none) {
                p.set_grad({});
            } else {
                g.detach_();
                g.zero_();
            }
        }
    }

    /// The parameters, in the order given.
    const std::vector<tensor>& params() const { return params_; }

protected:
    /// Runs `update(k, param, grad, state, i)` on element `i` of every parameter `k` that has a
    /// gradient, with grad mode off, where `state` are per-parameter buffers of the parameter's
    /// shape (created zeroed).
    template <std::size_t States, class Update>
    void for_each_element(std::vector<std::vector<tensor>>& state, Update update) {
        no_grad_guard no_grad;
        if (state.empty()) state.resize(params_.size());
        for (std::size_t k = 0; k < params_.size(); ++k) {
            tensor& p = params_[k];
            const tensor g = p.grad();
            if (!g.defined()) continue;
            if (!p.is_contiguous()) throw std::invalid_argument("optimisers update contiguous parameters only");
            while (state[k].size() < States) state[k].push_back(zeros_like(p));
            const tensor grad = g.contiguous().to(p.dtype());
            tape::visit(p.dtype(), [&]<class T>(std::type_identity<T>) {
                if constexpr (std::is_floating_point_v<T>) {
                    T* param = p.data_ptr<T>();
                    const T* gradient = grad.data_ptr<T>();
                    std::array<T*, States> buffers{};
                    for (std::size_t s = 0; s < States; ++s) buffers[s] = state[k][s].data_ptr<T>();
                    for (std::size_t i = 0, n = static_cast<std::size_t>(p.numel()); i < n; ++i) update(k, param[i], gradient[i], buffers, i);
                }
            });
            p.impl()->bump_version();
        }
    }

    /// Throws PyTorch's "Invalid <what>: <value>" when `value` is negative.
    static void check_non_negative(double value, const char* what) {
        if (value < 0.0) throw std::invalid_argument(std::string("Invalid ") + what + ": " + io::python_float_repr(value));
    }

private:
    std::vector<tensor> params_;
};

}  // namespace etgrad::optim
