// SPDX-License-Identifier: MIT
// A node of the recorded graph: the backward of one operation. It receives the gradient of the
// operation's output and sends one gradient along each edge, to the nodes of the operation's
// inputs (edges as (node, input_nr) pairs, as in PyTorch). Nodes are not copyable; the graph owns
// them through node_ptr.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <etgrad/tape/node_ptr.hpp>
#include <etgrad/tape/tensor.hpp>

namespace etgrad::tape {

struct edge {
    node_ptr function;          // empty: the input does not require grad
    std::uint32_t input_nr = 0;
};

// Where a node's apply sends the gradient for each of its edges.
class gradient_sink {
public:
    virtual void send(std::size_t edge_index, tensor gradient) = 0;
    // Whether the graph outlives this backward (retain_graph): only if not may a node give away
    // what it saved.
    virtual bool keeps_graph() const = 0;
    // Hands the node the engine's handle to the gradient it received (apply's grad_output, which
    // is then undefined), so that the backward can compute in that memory without a new handle:
    // two atomic reference-count updates less. Only where detail::gradient_reusable allows.
    virtual tensor take_received() = 0;

protected:
    ~gradient_sink() = default;
};

class engine;

class node {
public:
    node(const node&) = delete;
    node& operator=(const node&) = delete;
    virtual ~node() = default;

    // PyTorch's Python name of the node, e.g. "MulBackward0".
    virtual std::string_view name() const = 0;
    // Computes the gradients of the inputs from `grad_output` (the gradient of this node's
    // output) and sends them to `sink`. Runs with grad mode on when the backward was asked to
    // create a graph.
    virtual void apply(const tensor& grad_output, gradient_sink& sink) = 0;
    // Frees what the backward needed (after a backward without retain_graph).
    virtual void release_saved() {}
    // Throws PyTorch's error if the backward cannot run: saved values freed or changed in place.
    virtual void check_saved() const {}
    // Whether this is a leaf's gradient accumulator (autograd::grad stops before those).
    virtual bool accumulates_into_leaf() const { return false; }

    std::span<const edge> next_functions() const { return edges_; }
    std::uint64_t sequence_nr() const { return sequence_nr_; }
    // An owning pointer to this node while the engine runs it in a backward that creates a graph
    // (empty otherwise): what a value it saved of its own output points back at when unpacked.
    // (Kept by the engine, not by the node: a node's weak reference to itself would cost two
    // atomic reference-count updates per node of every graph.)
    const node_ptr& running_self() const { return running_self_; }

protected:
    explicit node(std::span<edge> edges) : edges_(edges), sequence_nr_(next_sequence_nr()) {}
    // For nodes whose edges live in a member that is constructed after this base.
    void set_edges(std::span<edge> edges) { edges_ = edges; }

private:
    friend class engine;

    // Per thread, as PyTorch's: the numbers order the nodes of one graph, which one thread records.
    static std::uint64_t next_sequence_nr() {
        thread_local std::uint64_t counter = 0;
        return counter++;
    }

    std::span<edge> edges_;
    std::uint64_t sequence_nr_;
    // The engine's bookkeeping during one backward (a graph runs one backward at a time).
    std::uint32_t dependencies_ = 0;
    bool visited_ = false;
    bool needed_ = false;
    bool queued_ = false;
    tensor input_buffer_;
    node_ptr running_self_;
    // What few nodes have, allocated when first needed: without it inline, a node is 32 bytes
    // smaller, and more of a recorded chain stays in the first-level cache.
    struct rare_parts {
        std::vector<tensor_hook> pre_hooks;  // hooks on the gradient of this node's output
        std::weak_ptr<tensor_impl> retained_output;  // a non-leaf output with retain_grad()
        std::size_t retained_after_hooks = 0;         // the number of pre_hooks before retain_grad()
    };
    std::unique_ptr<rare_parts> rare_;
    rare_parts& rare() {
        if (!rare_) rare_ = std::make_unique<rare_parts>();
        return *rare_;
    }

public:
    void add_pre_hook(tensor_hook hook) { rare().pre_hooks.push_back(std::move(hook)); }
    void retain_output(const impl_ptr& output) {
        rare().retained_output = output;
        rare().retained_after_hooks = rare().pre_hooks.size();
    }
};

// A node with a fixed number of edges, kept inside the node.
template <std::size_t N>
class fixed_arity_node : public node {
protected:
    explicit fixed_arity_node(std::array<edge, N> edges) : node(edges_storage_), edges_storage_(std::move(edges)) {}

private:
    std::array<edge, N> edges_storage_;
};

}  // namespace etgrad::tape
