// SPDX-License-Identifier: MIT
// Loss functions: mse_loss (mean reduction), with the rule of ops/loss.hpp run on tensors (its
// backward recorded when it creates a graph).
#pragma once
#include <memory>

#include <etgrad/ops/loss.hpp>
#include <etgrad/tape/functions.hpp>
#include <etgrad/tape/reduction.hpp>

namespace etgrad::tape {

namespace detail {

class mse_loss_node final : public fixed_arity_node<2> {
public:
    mse_loss_node(const tensor& a, const tensor& b, double n)
        : fixed_arity_node<2>({a.requires_grad() ? gradient_edge(a) : edge{}, b.requires_grad() ? gradient_edge(b) : edge{}}),
          n_(n) {
        a_.save_input(a);
        b_.save_input(b);
    }
    std::string_view name() const override { return "MseLossBackward0"; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const bool history = is_grad_enabled();
        const tensor a = a_.unpack(history), b = b_.unpack(history);
        const auto edges = next_functions();
        if (edges[0].function) sink.send(0, sum_to(tensor(ops::mse_loss_op{}.grad_lhs(a, b, grad_output, n_)), a.impl()->sizes()));
        if (edges[1].function) sink.send(1, sum_to(tensor(ops::mse_loss_op{}.grad_rhs(a, b, grad_output, n_)), b.impl()->sizes()));
    }
    void release_saved() override {
        a_.release();
        b_.release();
    }
    void check_saved() const override {
        a_.check();
        b_.check();
    }

private:
    double n_;
    saved_value a_, b_;
};

}  // namespace detail

// mean((input - target)^2), the two broadcast against each other.
inline tensor mse_loss(const tensor& input, const tensor& target) {
    tensor out;
    {
        no_grad_guard no_grad;
        out = tensor(ops::mse_loss_op{}.value(input, target));
    }
    if (records(input, target)) {
        const double n = static_cast<double>(broadcast_shapes(input.impl()->sizes(), target.impl()->sizes()).size());
        set_history(out, std::make_shared<detail::mse_loss_node>(input, target, n));
    }
    return out;
}

}  // namespace etgrad::tape
