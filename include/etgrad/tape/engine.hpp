// SPDX-License-Identifier: MIT
// The backward engine: from the output tensors it finds the graph's nodes, counts for each node
// how many edges lead to it, and runs the nodes from a ready queue, each once all the gradients
// for its output have arrived. Never recursive, so graph depth is limited by memory only.
// Everything that can be checked is checked before the first node runs: a backward that throws
// changes no gradient.
#pragma once
#include <cstdint>
#include <optional>
#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <etgrad/tape/copy.hpp>
#include <etgrad/tape/views.hpp>

namespace etgrad::tape {

namespace detail {

// target += addend in place; addend broadcasts to target's shape.
inline void add_in_place(const tensor& target, const tensor& addend) {
    const tensor other = as_type(addend, target.dtype());
    const shape_t& shape = target.impl()->sizes();
    visit_floating(target.dtype(), [&]<class T>(std::type_identity<T>) {
        T* data = target.impl()->data<T>();
        if (target.is_contiguous())
            kernel::map<T, 2>(shape, data, {loop_input<T>(target, shape), loop_input<T>(other, shape)},
                              [](const auto& a, const auto& b) { return a + b; });
        else
            kernel::map_accumulate<T, 1>(shape, {data, target.impl()->strides()}, {loop_input<T>(other, shape)},
                                         [](const auto& b) { return b; });
    });
}

// Whether `value` is referenced only by the caller's handle, so it may be changed in place.
inline bool exclusively_owned(const tensor& value) { return value.impl().use_count() == 1; }

// slot += gradient, for gradients arriving from several edges.
inline void accumulate(tensor& slot, tensor gradient) {
    if (!slot.defined()) {
        slot = std::move(gradient);
    } else if (!is_grad_enabled() && exclusively_owned(slot) && slot.is_contiguous() &&
               slot.impl()->sizes() == gradient.impl()->sizes()) {
        add_in_place(slot, gradient);
    } else {
        slot = record_binary(ops::add_op{}, slot, gradient);
    }
}

template <class Leaf>
void accumulate_into_leaf(const Leaf& leaf, const tensor& grad_output) {
    autograd_meta& meta = leaf->autograd();
    const tensor gradient = as_type(grad_output, leaf->type());
    if (!meta.grad) {
        // Taken without a copy when nothing else holds it: the engine's handle and `gradient`.
        const bool can_steal = !is_grad_enabled() && gradient.impl().use_count() <= 2 && gradient.is_contiguous();
        meta.grad = can_steal || is_grad_enabled() ? gradient.impl() : copy_as(gradient, gradient.dtype()).impl();
    } else if (!is_grad_enabled()) {
        add_in_place(tensor(meta.grad), gradient);
    } else {
        meta.grad = record_binary(ops::add_op{}, tensor(meta.grad), gradient).impl();
    }
}

}  // namespace detail

class engine {
public:
    struct options {
        bool keep_graph = false;
        bool create_graph = false;
        bool accumulate_into_leaves = true;  // backward(); autograd::grad returns them instead
        bool allow_unused = false;
    };

    // Runs the backward from `outputs` seeded with `grad_outputs` (undefined: ones for a
    // one-element output). Returns the gradients of `inputs` when it is not empty.
    static std::vector<tensor> run(std::span<const tensor> outputs, std::span<const tensor> grad_outputs,
                                   std::span<const tensor> inputs, const options& opts) {
        engine e(opts);
        return e.execute(outputs, grad_outputs, inputs);
    }

private:
    // The engine's working lists, kept by each thread between backward calls so that a backward
    // allocates nothing for them once warm. A backward started inside another (from a hook) uses
    // lists of its own.
    struct scratch {
        std::vector<edge> roots;
        std::vector<tensor> seeds;
        std::vector<node*> graph;
        std::vector<node*> stack;
        std::vector<std::pair<std::uint64_t, node*>> ready;  // a heap on sequence numbers
        bool in_use = false;
    };
    static scratch& thread_scratch() {
        thread_local scratch s;
        return s;
    }

    explicit engine(const options& opts)
        : opts_(opts), lists_(thread_scratch().in_use ? own_lists_ : thread_scratch()), graph_(lists_.graph) {
        lists_.in_use = true;
    }
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    ~engine() {
        // Nodes left waiting (an exception, or autograd::grad not running what it does not need)
        // keep this backward's bookkeeping; those that ran have reset their own in run_node.
        if (nodes_finished_ != graph_.size()) {
            for (node* n : graph_) {
                n->dependencies_ = 0;
                n->visited_ = false;
                n->needed_ = false;
                n->queued_ = false;
                n->input_buffer_ = {};
                n->running_self_ = {};
            }
        }
        lists_.roots.clear();
        lists_.seeds.clear();
        lists_.graph.clear();
        lists_.stack.clear();
        lists_.ready.clear();
        if (&lists_ != &own_lists_) lists_.in_use = false;
    }

    class sink final : public gradient_sink {
    public:
        sink(engine& e, node& n, tensor& received) : engine_(e), node_(n), received_(received) {}
        void send(std::size_t edge_index, tensor gradient) override { engine_.deliver(node_.edges_[edge_index], std::move(gradient)); }
        bool keeps_graph() const override { return engine_.opts_.keep_graph; }
        tensor take_received() override { return std::move(received_); }

    private:
        engine& engine_;
        node& node_;
        tensor& received_;
    };

    std::vector<tensor> execute(std::span<const tensor> outputs, std::span<const tensor> grad_outputs,
                                std::span<const tensor> inputs) {
        std::vector<edge>& roots = lists_.roots;
        std::vector<tensor>& seeds = lists_.seeds;
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            const tensor& output = outputs[i];
            if (!output.requires_grad())
                throw std::runtime_error("element " + std::to_string(i) +
                                         " of tensors does not require grad and does not have a grad_fn");
            seeds.push_back(seed(output, i < grad_outputs.size() ? grad_outputs[i] : tensor{}, i));
            roots.push_back(gradient_edge(output));
        }
        std::vector<node*> input_nodes;
        for (const tensor& input : inputs) input_nodes.push_back(node_of(input));
        // Without inputs every node runs, and is checked when found: one pass less over the graph.
        discover(roots, inputs.empty());
        if (!inputs.empty()) {
            mark_needed(input_nodes);
            for (node* n : graph_)
                if (n->needed_) n->check_saved();
        }

        captured_.assign(inputs.size(), tensor{});
        capture_nodes_ = input_nodes;
        grad_mode_guard mode(opts_.create_graph);
        for (std::size_t i = 0; i < roots.size(); ++i) deliver_root(roots[i], std::move(seeds[i]));
        while (node* n = next_ready()) run_node(*n);
        for (std::size_t i = 0; i < inputs.size(); ++i)
            if (!captured_[i].defined() && !opts_.allow_unused)
                throw std::runtime_error(
                    "One of the differentiated Tensors appears to not have been used in the graph. Set "
                    "allow_unused=True if this is the desired behavior.");
        return std::move(captured_);
    }

    static tensor seed(const tensor& output, const tensor& given, std::size_t i) {
        if (!given.defined()) {
            if (output.numel() != 1) throw std::runtime_error("grad can be implicitly created only for scalar outputs");
            tensor ones = empty_tensor(output.impl()->sizes(), output.dtype());
            visit(output.dtype(), [&]<class T>(std::type_identity<T>) { *ones.impl()->data<T>() = T(1); });
            return ones;
        }
        if (!(given.impl()->sizes() == output.impl()->sizes()))
            throw std::runtime_error("Mismatch in shape: grad_output[" + std::to_string(i) + "] has a shape of " +
                                     given.impl()->sizes().to_string() + " and output[" + std::to_string(i) +
                                     "] has a shape of " + output.impl()->sizes().to_string() + ".");
        return detail::as_type(given, output.dtype());
    }

    // The node whose incoming gradient is the gradient of `input` (its grad_fn, or its
    // accumulator if it is a leaf), or null if no graph uses it.
    static node* node_of(const tensor& input) {
        const autograd_meta& meta = input.impl()->autograd();
        if (meta.grad_fn) return meta.grad_fn.get();
        return meta.leaf ? meta.leaf->accumulator.lock().get() : nullptr;  // alive as long as the graph that uses it
    }

    // Finds the nodes that lead from `roots`, counting the edges into each; checks each node's
    // saved values as it finds it if `check_saved`.
    void discover(const std::vector<edge>& roots, bool check_saved) {
        std::vector<node*>& stack = lists_.stack;
        const auto visit = [&](node* n) {
            if (n->visited_) return;
            n->visited_ = true;
            graph_.push_back(n);
            if (check_saved) n->check_saved();
            stack.push_back(n);
        };
        for (const edge& root : roots) visit(root.function.get());
        while (!stack.empty()) {
            node* n = stack.back();
            stack.pop_back();
            for (const edge& next : n->edges_) {
                if (!next.function) continue;
                ++next.function->dependencies_;
                visit(next.function.get());
            }
        }
    }

    // With explicit inputs, only nodes on a path to one of them run.
    void mark_needed(const std::vector<node*>& input_nodes) {
        for (node* n : input_nodes)
            if (n) n->needed_ = true;
        // graph_ is in discovery order: a node comes after some node that leads to it; repeat
        // until nothing changes (each pass is linear, and graphs are shallow in practice).
        bool changed = true;
        while (changed) {
            changed = false;
            for (auto it = graph_.rbegin(); it != graph_.rend(); ++it) {
                node* n = *it;
                if (n->needed_) continue;
                for (const edge& next : n->edges_)
                    if (next.function && next.function->needed_) {
                        n->needed_ = true;
                        changed = true;
                        break;
                    }
            }
        }
    }

    bool should_run(const node& n) const { return capture_nodes_.empty() || n.needed_; }

    void deliver_root(const edge& root, tensor gradient) {
        keep_running_self(root);
        detail::accumulate(root.function->input_buffer_, std::move(gradient));
        if (root.function->dependencies_ == 0 && !root.function->queued_) enqueue(*root.function);
    }

    void deliver(const edge& target, tensor gradient) {
        if (!target.function) return;
        keep_running_self(target);
        node& m = *target.function;
        detail::accumulate(m.input_buffer_, std::move(gradient));
        if (--m.dependencies_ == 0) enqueue(m);
    }

    // The owning pointer a node's saved outputs point back at when the backward creates a graph.
    void keep_running_self(const edge& target) {
        if (opts_.create_graph && !target.function->running_self_) target.function->running_self_ = target.function;
    }

    // The ready nodes: the only one in `sole_ready_` (a chain's: no heap work), more in the heap.
    void enqueue(node& n) {
        n.queued_ = true;
        if (sole_ready_ == nullptr && lists_.ready.empty()) {
            sole_ready_ = &n;
            return;
        }
        if (sole_ready_ != nullptr) push_ready(*std::exchange(sole_ready_, nullptr));
        push_ready(n);
    }
    void push_ready(node& n) {
        lists_.ready.emplace_back(n.sequence_nr_, &n);
        std::push_heap(lists_.ready.begin(), lists_.ready.end());
    }
    // The ready node with the highest sequence number (the latest recorded), or null.
    node* next_ready() {
        if (sole_ready_ != nullptr) return std::exchange(sole_ready_, nullptr);
        if (lists_.ready.empty()) return nullptr;
        std::pop_heap(lists_.ready.begin(), lists_.ready.end());
        node* n = lists_.ready.back().second;
        lists_.ready.pop_back();
        return n;
    }

    // A hook's replacement gradient, which must have the type and shape of what it replaces (the
    // errors of LibTorch, which names a C++ hook by its number).
    static tensor checked_hook_result(tensor replaced, const tensor& gradient, std::size_t hook) {
        const auto name = [](const tensor& t) { return "CPU" + std::string(scalar_type_name(t.dtype())) + "Type"; };
        if (replaced.dtype() != gradient.dtype())
            throw std::runtime_error("hook '" + std::to_string(hook) + "' has changed the type of value (was " +
                                     name(gradient) + " got " + name(replaced) + ")");
        if (!(replaced.impl()->sizes() == gradient.impl()->sizes()))
            throw std::runtime_error("hook '" + std::to_string(hook) + "' has changed the size of value");
        return replaced;
    }

    void run_node(node& n) {
        const bool runs = should_run(n) && (opts_.accumulate_into_leaves || !n.accumulates_into_leaf());
        // (reset while the node is in cache, not in another pass over the graph at the end)
        n.queued_ = n.visited_ = n.needed_ = false;
        tensor gradient = std::move(n.input_buffer_);
        // autograd::grad takes an input's gradient before its hooks run, as PyTorch 1.13 does
        for (std::size_t i = 0; i < capture_nodes_.size(); ++i)
            if (capture_nodes_[i] == &n) captured_[i] = gradient;
        if (n.rare_) {
            // hooks and retain_grad in the order they were asked for (PyTorch 1.13's)
            const auto retain = [&] {
                if (const impl_ptr retained = n.rare_->retained_output.lock())
                    retained->autograd().grad =
                        is_grad_enabled() ? gradient.impl() : detail::copy_as(gradient, gradient.dtype()).impl();
            };
            const std::vector<tensor_hook>& hooks = n.rare_->pre_hooks;
            for (std::size_t h = 0; h < hooks.size(); ++h) {
                if (h == n.rare_->retained_after_hooks) retain();
                tensor replaced = hooks[h](gradient);
                if (replaced.defined()) gradient = checked_hook_result(std::move(replaced), gradient, h);
            }
            if (n.rare_->retained_after_hooks >= hooks.size()) retain();
        }
        if (runs) {
            sink s(*this, n, gradient);
            n.apply(gradient, s);
        }
        n.running_self_ = {};  // (set for a node that does not run too: edges into it were followed)
        if (runs && !opts_.keep_graph) n.release_saved();
        ++nodes_finished_;  // (last: a node whose hook or backward threw is left to ~engine)
    }

    options opts_;
    scratch own_lists_;
    scratch& lists_;
    std::vector<node*>& graph_;
    std::vector<node*> capture_nodes_;
    std::vector<tensor> captured_;
    std::size_t nodes_finished_ = 0;
    node* sole_ready_ = nullptr;
};

}  // namespace etgrad::tape
