// SPDX-License-Identifier: MIT
// In-place writes through views, as PyTorch records them. A view remembers its base (the tensor
// whose memory it shows). A write through the view changes the base, so the base's history gains
// a CopySlices node (the write's gradient for the region, the old history's for the rest) and the
// view's history becomes a read of the base (AsStridedBackward0). A view whose memory was written
// since its history was recorded (through the base or another view) gets that read-of-the-base
// history when it is next used.
#pragma once
#include <stdexcept>

#include <etgrad/tape/region.hpp>

namespace etgrad::tape {

namespace detail {

inline region region_in_base(const tensor_impl& view, const tensor_impl& base) {
    if (!base.is_contiguous())
        throw std::runtime_error(
            "an in-place operation through a view of a non-contiguous tensor is not supported; make the tensor the view "
            "was taken from contiguous() first");
    return {base.sizes(), view.offset() - base.offset(), view.sizes(), view.strides()};
}

// The base's history after a write through a view: edge 0 is the base's history before the
// write, edge 1 the written values' history (empty for fill_ and zero_).
class copy_slices_node final : public fixed_arity_node<2> {
public:
    copy_slices_node(edge base, edge written, const region& r)
        : fixed_arity_node<2>({std::move(base), std::move(written)}), region_(r) {}
    std::string_view name() const override { return "torch::autograd::CopySlices"; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        sink.send(0, clear_region(grad_output, region_));
        if (next_functions()[1].function) sink.send(1, read_region(grad_output, region_, strided_view));
    }

private:
    region region_;
};

inline void check_write_through_view(const tensor& view, bool written_requires_grad) {
    const autograd_meta& meta = view.impl()->autograd();
    if (!meta.view_base || !is_grad_enabled()) return;
    const tensor base(meta.view_base);
    if (base.is_leaf() && base.requires_grad())
        throw std::runtime_error("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    if (meta.view_from_no_grad && (written_requires_grad || base.requires_grad()))
        throw std::runtime_error(
            "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
            "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
            "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside "
            "(if you want the inplace to be tracked).");
}

// After `view`'s memory was written in place with `written` (undefined when the write was a
// constant): the histories of the view and its base, when grad mode records the write.
inline void rebase_history(const tensor& view, const tensor& written) {
    autograd_meta& meta = view.impl()->autograd();
    const tensor base(meta.view_base);
    const bool written_requires_grad = written.defined() && written.requires_grad();
    if (!is_grad_enabled() || (!written_requires_grad && !base.requires_grad())) return;
    const region r = region_in_base(*view.impl(), *base.impl());
    set_history(base, make_pooled<copy_slices_node>(gradient_edge(base), written_requires_grad ? gradient_edge(written) : edge{}, r));
    set_history(view, make_pooled<read_region_node>(strided_view, edge{base.impl()->autograd().grad_fn, 0}, r));
    meta.view_version = view.impl()->version();
}

}  // namespace detail

inline void refresh_view_history(const tensor& view) {
    autograd_meta& meta = view.impl()->autograd();
    if (meta.view_version == view.impl()->version() || meta.view_from_no_grad) return;
    meta.view_version = view.impl()->version();
    const tensor base(meta.view_base);
    if (!base.requires_grad()) return;
    set_history(view, make_pooled<detail::read_region_node>(detail::strided_view, gradient_edge(base),
                                                            detail::region_in_base(*view.impl(), *base.impl())));
}

}  // namespace etgrad::tape
