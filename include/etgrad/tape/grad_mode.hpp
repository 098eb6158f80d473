// SPDX-License-Identifier: MIT
// Whether operations are recorded for differentiation: a per-thread switch, as in PyTorch.
#pragma once

namespace etgrad {

/// @cond INTERNAL
namespace tape {
inline bool& grad_enabled_flag() {
    thread_local bool enabled = true;
    return enabled;
}
}  // namespace tape
/// @endcond

/// Whether operations are recorded on this thread (`torch.is_grad_enabled()`).
inline bool is_grad_enabled() { return tape::grad_enabled_flag(); }
/// Turns recording on or off on this thread (`torch.set_grad_enabled`).
inline void set_grad_enabled(bool enabled) { tape::grad_enabled_flag() = enabled; }

/// Sets the grad mode of this thread for the lifetime of the guard and restores the previous one after it.
class grad_mode_guard {
public:
    /// Sets the mode to `enabled`.
    explicit grad_mode_guard(bool enabled) : previous_(is_grad_enabled()) { set_grad_enabled(enabled); }
    grad_mode_guard(const grad_mode_guard&) = delete;
    grad_mode_guard& operator=(const grad_mode_guard&) = delete;
    ~grad_mode_guard() { set_grad_enabled(previous_); }

private:
    bool previous_;
};

/// `with torch.no_grad():` nothing is recorded while the guard lives: `{ eg::no_grad_guard g; ... }`.
class no_grad_guard : public grad_mode_guard {
public:
    /// Turns recording off.
    no_grad_guard() : grad_mode_guard(false) {}
};
/// `with torch.enable_grad():` recording is on while the guard lives, also inside a no_grad_guard.
class enable_grad_guard : public grad_mode_guard {
public:
    /// Turns recording on.
    enable_grad_guard() : grad_mode_guard(true) {}
};

}  // namespace etgrad
