// SPDX-License-Identifier: MIT
// A value a node keeps for its backward (an input or its own output), with the version of its
// memory when it was saved: if an in-place operation changes it before the backward runs, the
// backward refuses with PyTorch's error instead of computing a wrong gradient.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <etgrad/tape/node.hpp>
#include <etgrad/tape/tensor.hpp>

namespace etgrad::tape {

inline std::string describe_for_error(const tensor_impl& value) {
    return "[" + std::string(legacy_type_name(value.type())) + " " + value.sizes().to_string() + "]";
}

[[noreturn]] inline void throw_graph_freed() {
    throw std::runtime_error(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have "
        "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
        "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
        "if you need to access saved tensors after calling backward.");
}

class saved_value {
public:
    saved_value() = default;

    // Saves an input of the node (kept with its own history, so that a backward that creates a
    // graph can differentiate through it).
    void save_input(const tensor& value) {
        value_ = value.impl();
        version_ = value.impl()->version();
        state_ = state::saved;
    }
    // Saves the node's own output. It keeps the memory, not the tensor: the tensor points at the
    // node, which would then own itself.
    void save_output(const tensor& value, node& self) {
        value_ = make_pooled<tensor_impl>(value.impl()->memory(), value.impl()->offset(), value.impl()->sizes(),
                                               value.impl()->strides(), value.impl()->type());
        producer_ = &self;
        version_ = value.impl()->version();
        state_ = state::saved;
    }

    bool is_saved() const { return state_ == state::saved && value_; }

    // The value for computing: with its history when the backward creates a graph.
    tensor unpack(bool with_history) const {
        if (!with_history || producer_ == nullptr || !producer_->running_self()) return tensor(value_);
        auto alias = make_pooled<tensor_impl>(value_->memory(), value_->offset(), value_->sizes(),
                                                   value_->strides(), value_->type());
        alias->autograd().grad_fn = producer_->running_self();
        return tensor(alias);
    }

    // The saved memory for reading in a loop (no history, no new handle).
    const tensor_impl& value() const { return *value_; }

    void release() {
        if (state_ != state::saved) return;
        value_.reset();
        state_ = state::released;
    }

    void check() const {
        if (state_ == state::released) throw_graph_freed();
        if (state_ == state::saved && value_ && value_->version() != version_) throw_changed_in_place();
    }

private:
    [[noreturn]] void throw_changed_in_place() const {
        std::string which;
        if (producer_ != nullptr)
            which = ", which is output 0 of " + std::string(producer_->name()) + ",";
        else if (value_->autograd().grad_fn)
            which = ", which is output " + std::to_string(value_->autograd().output_nr) + " of " +
                    std::string(value_->autograd().grad_fn->name()) + ",";
        throw std::runtime_error(
            "one of the variables needed for gradient computation has been modified by an inplace operation: " +
            describe_for_error(*value_) + which + " is at version " + std::to_string(value_->version()) +
            "; expected version " + std::to_string(version_) +
            " instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
            "with torch.autograd.set_detect_anomaly(True).");
    }

    enum class state : std::uint8_t { empty, saved, released };
    impl_ptr value_;
    const node* producer_ = nullptr;  // for a saved output: the node that holds this value
    std::uint32_t version_ = 0;
    state state_ = state::empty;
};

// What a node keeps of a number operand its backward reads (the op holds the number itself): that
// it was saved and not yet freed. PyTorch saves the number as a tensor, so a second backward
// through the node is refused as for any saved value.
class saved_number {
public:
    void save() { freed_ = false; }
    void release() { freed_ = true; }
    void check() const {
        if (freed_) throw_graph_freed();
    }

private:
    bool freed_ = false;
};

// In place of a value a node's backward does not read: nothing to keep, free or check.
struct nothing_saved {
    void release() {}
    void check() const {}
};

}  // namespace etgrad::tape
