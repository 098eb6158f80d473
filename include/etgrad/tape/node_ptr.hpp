// SPDX-License-Identifier: MIT
// The owning pointer from a graph to a node. Graphs are chains: a node owns the nodes it points
// to, which own theirs. Releasing a chain of a million nodes by ordinary destructors would
// recurse a million deep; a node_ptr that releases the last reference to a node instead hands
// it to a loop running on this thread, so the depth of the C++ stack stays constant.
#pragma once
#include <memory>
#include <utility>
#include <vector>

namespace etgrad::tape {

class node;

namespace detail {
// Destroys `released`; nodes released while it runs are queued and destroyed by the same loop.
inline void release_iteratively(std::shared_ptr<node> released) {
    thread_local std::vector<std::shared_ptr<node>>* queue = nullptr;
    if (queue != nullptr) {
        queue->push_back(std::move(released));
        return;
    }
    std::vector<std::shared_ptr<node>> local;
    queue = &local;
    released.reset();
    while (!local.empty()) {
        std::shared_ptr<node> next = std::move(local.back());
        local.pop_back();
        next.reset();
    }
    queue = nullptr;
}
}  // namespace detail

class node_ptr {
public:
    node_ptr() = default;
    node_ptr(std::shared_ptr<node> p) : p_(std::move(p)) {}  // NOLINT: converts like shared_ptr
    node_ptr(const node_ptr&) = default;
    node_ptr(node_ptr&&) noexcept = default;
    node_ptr& operator=(node_ptr other) noexcept {
        std::swap(p_, other.p_);
        return *this;
    }
    ~node_ptr() {
        if (p_) release();  // (most node_ptrs die empty, moved from: that test stays inline)
    }

    node* get() const { return p_.get(); }
    node* operator->() const { return p_.get(); }
    node& operator*() const { return *p_; }
    explicit operator bool() const { return static_cast<bool>(p_); }
    const std::shared_ptr<node>& shared() const { return p_; }

private:
    [[gnu::noinline]] void release() {
        if (p_.use_count() == 1) detail::release_iteratively(std::move(p_));
        p_.reset();
    }

    std::shared_ptr<node> p_;
};

}  // namespace etgrad::tape
