// SPDX-License-Identifier: MIT
// How an operation enters the graph: whether it is recorded at all, the edge to each input's
// node (a leaf's gradient accumulator is made on first use), and the output's history.
#pragma once
#include <array>
#include <memory>

#include <etgrad/tape/grad_mode.hpp>
#include <etgrad/tape/node.hpp>

namespace etgrad::tape {

namespace detail {
// leaf.grad() += gradient (defined in tape/engine.hpp, which needs this header). A template so
// that its definition may come later in the translation unit: an apply defined out of the class
// would be the key function, and every translation unit would emit the vtable and all it calls.
template <class Leaf>
void accumulate_into_leaf(const Leaf& leaf, const tensor& gradient);
}  // namespace detail

// The node at the end of a leaf's edges: it adds the gradient that reaches it to leaf.grad().
class accumulate_grad final : public fixed_arity_node<0> {
public:
    explicit accumulate_grad(impl_ptr leaf) : fixed_arity_node<0>({}), leaf_(std::move(leaf)) {}
    std::string_view name() const override { return "torch::autograd::AccumulateGrad"; }
    void apply(const tensor& grad_output, gradient_sink&) override { detail::accumulate_into_leaf(leaf_, grad_output); }
    bool accumulates_into_leaf() const override { return true; }
    const impl_ptr& variable() const { return leaf_; }

private:
    impl_ptr leaf_;
};

// The edge along which the gradient of `value` flows: to the node that computed it, or to the
// accumulator of a leaf that requires grad; empty otherwise.
inline edge gradient_edge(const tensor& value) {
    autograd_meta& meta = value.impl()->autograd();
    if (meta.view_base) refresh_view_history(value);
    if (meta.grad_fn) return {meta.grad_fn, meta.output_nr};
    if (!meta.requires_grad) return {};
    if (!meta.leaf) meta.leaf = std::make_shared<leaf_parts>();
    std::shared_ptr<node> accumulator = meta.leaf->accumulator.lock();
    if (!accumulator) {
        accumulator = make_pooled<accumulate_grad>(value.impl());
        for (const tensor_hook& hook : meta.leaf->hooks) accumulator->add_pre_hook(hook);
        meta.leaf->accumulator = accumulator;
    }
    return {std::move(accumulator), 0};
}

// The same edge, taken from `value` instead of shared when `value` is a temporary that nothing else
// refers to (`e.sin() * 1.1`): two atomic reference-count updates less per operation, and `value`
// is left without its history. Only for an operation that does not save `value`.
inline edge take_gradient_edge(const tensor& value) {
    autograd_meta& meta = value.impl()->autograd();
    if (meta.grad_fn && !meta.view_base && value.impl().use_count() == 1)
        return {std::move(meta.grad_fn), meta.output_nr};
    return gradient_edge(value);
}

// Whether an operation on these inputs is recorded.
template <class... Tensors>
bool records(const Tensors&... inputs) {
    return is_grad_enabled() && (inputs.requires_grad() || ...);
}

inline void set_history(const tensor& output, std::shared_ptr<node> grad_fn) {
    output.impl()->autograd().grad_fn = std::move(grad_fn);
    output.impl()->autograd().output_nr = 0;
}

}  // namespace etgrad::tape
