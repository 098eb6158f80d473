// SPDX-License-Identifier: MIT
// Whether operations are recorded for differentiation: a per-thread switch, as in PyTorch.
#pragma once

namespace etgrad {

namespace tape {
inline bool& grad_enabled_flag() {
    thread_local bool enabled = true;
    return enabled;
}
}  // namespace tape

inline bool is_grad_enabled() { return tape::grad_enabled_flag(); }
inline void set_grad_enabled(bool enabled) { tape::grad_enabled_flag() = enabled; }

// Sets the mode for the lifetime of the guard and restores the previous one after it.
class grad_mode_guard {
public:
    explicit grad_mode_guard(bool enabled) : previous_(is_grad_enabled()) { set_grad_enabled(enabled); }
    grad_mode_guard(const grad_mode_guard&) = delete;
    grad_mode_guard& operator=(const grad_mode_guard&) = delete;
    ~grad_mode_guard() { set_grad_enabled(previous_); }

private:
    bool previous_;
};

// `with torch.no_grad():` and `with torch.enable_grad():`.
class no_grad_guard : public grad_mode_guard {
public:
    no_grad_guard() : grad_mode_guard(false) {}
};
class enable_grad_guard : public grad_mode_guard {
public:
    enable_grad_guard() : grad_mode_guard(true) {}
};

}  // namespace etgrad
