// SPDX-License-Identifier: MIT
// softmax, log_softmax and logsumexp along an axis. The values and the derivatives are the rules'
// (ops/softmax.hpp), run on tensors: the forward unrecorded, then one node for the whole
// operation; its backward reads the saved output (and logsumexp's the saved input), and is
// recorded when it creates a graph.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <etgrad/ops/softmax.hpp>
#include <etgrad/tape/extrema.hpp>

namespace etgrad::tape {

namespace detail {

// The lanes along `dim` for the rules of ops/softmax.hpp: per-lane results keep the axis (extent 1).
struct tensor_axis {
    std::int64_t dim;
    // (the rules use the maximum as a shift only: along an empty axis, which has none, 0, the sum
    // of no elements, in the kept shape; softmax and logsumexp then give PyTorch's results there)
    tensor max(const tensor& x) const { return x.numel() == 0 ? sum(x) : tape::max(x, dim, true).values; }
    tensor sum(const tensor& x) const { return tape::sum(x, dim, true); }
    tensor shift(const tensor& x) const {
        no_grad_guard no_grad;  // a constant: the rules never differentiate through it
        tensor m = max(x);
        visit(m.dtype(), [&]<class T>(std::type_identity<T>) {
            T* data = m.impl()->data<T>();
            for (std::size_t i = 0, n = m.numel(); i < n; ++i)
                if (std::isinf(data[i])) data[i] = T(0);
        });
        return m;
    }
};

template <class Op>
class normalise_node final : public fixed_arity_node<1> {
public:
    normalise_node(std::string_view name, edge input, std::int64_t dim)
        : fixed_arity_node<1>({std::move(input)}), name_(name), dim_(dim) {}
    std::string_view name() const override { return name_; }
    void save(const tensor& output) { output_.save_output(output, *this); }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, tensor(Op{}.grad(output_.unpack(is_grad_enabled()), grad_output, tensor_axis{dim_})));
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
        out = tensor(Op{}.value(value, tensor_axis{dim}));
    }
    if (records(value)) {
        auto grad_fn = std::make_shared<normalise_node<Op>>(name, gradient_edge(value), dim);
        grad_fn->save(out);
        set_history(out, std::move(grad_fn));
    }
    return out;
}

// The backward of logsumexp: the input's gradient is the rule's, from the saved input and output.
class logsumexp_node final : public input_output_node {
public:
    logsumexp_node(edge input, const reduction_shapes& shapes) : input_output_node(std::move(input)), shapes_(shapes) {}
    std::string_view name() const override { return "LogsumexpBackward0"; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const bool record = is_grad_enabled();
        sink.send(0, tensor(ops::logsumexp_op{}.grad(input_.unpack(record), reshape(output_.unpack(record), shapes_.kept),
                                                     reshape(grad_output, shapes_.kept))));
    }

private:
    reduction_shapes shapes_;
};

}  // namespace detail

/// exp(x) / sum(exp(x)) along `dim`.
inline tensor softmax(const tensor& value, std::int64_t dim) {
    return detail::normalise<ops::softmax_op>(value, dim, "SoftmaxBackward0", "softmax_lastdim_kernel_impl");
}
/// log(softmax(x)) along `dim`, computed without overflow.
inline tensor log_softmax(const tensor& value, std::int64_t dim) {
    return detail::normalise<ops::log_softmax_op>(value, dim, "LogSoftmaxBackward0", "log_softmax_lastdim_kernel_impl");
}
/// log(sum(exp(x))) along `dim`, computed without overflow (the largest element is factored out),
/// as torch.logsumexp; its gradient is softmax(x) along `dim`. An integer tensor gives float32.
inline tensor logsumexp(const tensor& value, std::int64_t dim, bool keepdim = false) {
    const tensor input = is_floating_point(value.dtype()) ? value : value.to(dtype::float32);
    const reduction_shapes shapes = reduce_dim_shapes(input.impl()->sizes(), dim, keepdim);
    tensor out;
    {
        no_grad_guard no_grad;
        out = reshape(tensor(ops::logsumexp_op{}.value(input, detail::tensor_axis{dim})), shapes.result);
    }
    if (records(input)) {
        auto grad_fn = std::make_shared<detail::logsumexp_node>(gradient_edge(input), shapes);
        grad_fn->save(input, out);
        set_history(out, std::move(grad_fn));
    }
    return out;
}

inline tensor tensor::softmax(std::int64_t dim) const { return tape::softmax(*this, dim); }
inline tensor tensor::log_softmax(std::int64_t dim) const { return tape::log_softmax(*this, dim); }
inline tensor tensor::logsumexp(std::int64_t dim, bool keepdim) const { return tape::logsumexp(*this, dim, keepdim); }

}  // namespace etgrad::tape
