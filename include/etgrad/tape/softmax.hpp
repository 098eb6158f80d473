// SPDX-License-Identifier: MIT
// softmax and log_softmax along an axis. The value and the derivative are the rules'
// (ops/softmax.hpp), run on tensors: the forward unrecorded, then one node for the whole
// operation; its backward reads the saved output, and is recorded when it creates a graph.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <etgrad/ops/softmax.hpp>
#include <etgrad/tape/extrema.hpp>

namespace etgrad::tape {

namespace detail {

template <class Op>
class normalise_node final : public fixed_arity_node<1> {
public:
    normalise_node(std::string_view name, edge input, std::int64_t dim)
        : fixed_arity_node<1>({std::move(input)}), name_(name), dim_(dim) {}
    std::string_view name() const override { return name_; }
    void save(const tensor& output) { output_.save_output(output, *this); }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, tensor(Op{}.grad(output_.unpack(is_grad_enabled()), grad_output, dim_)));
    }
    void release_saved() override { output_.release(); }
    void check_saved() const override { output_.check(); }

private:
    std::string_view name_;
    std::int64_t dim_;
    saved_value output_;
};

template <class Op>
tensor normalise(const tensor& value, std::int64_t dim, std::string_view name, std::string_view kernel_name) {
    wrap_dim(dim, value.impl()->dim());
    if (!is_floating_point(value.dtype()))
        throw std::runtime_error("\"" + std::string(kernel_name) + "\" not implemented for 'Long'");
    tensor out;
    {
        no_grad_guard no_grad;
        out = tensor(Op{}.value(value, dim));
    }
    if (records(value)) {
        auto grad_fn = std::make_shared<normalise_node<Op>>(name, gradient_edge(value), dim);
        grad_fn->save(out);
        set_history(out, std::move(grad_fn));
    }
    return out;
}

}  // namespace detail

// exp(x) / sum(exp(x)) along `dim`.
inline tensor softmax(const tensor& value, std::int64_t dim) {
    return detail::normalise<ops::softmax_op>(value, dim, "SoftmaxBackward0", "softmax_lastdim_kernel_impl");
}
// log(softmax(x)) along `dim`, computed without overflow.
inline tensor log_softmax(const tensor& value, std::int64_t dim) {
    return detail::normalise<ops::log_softmax_op>(value, dim, "LogSoftmaxBackward0", "log_softmax_lastdim_kernel_impl");
}

inline tensor tensor::softmax(std::int64_t dim) const { return tape::softmax(*this, dim); }
inline tensor tensor::log_softmax(std::int64_t dim) const { return tape::log_softmax(*this, dim); }

}  // namespace etgrad::tape
