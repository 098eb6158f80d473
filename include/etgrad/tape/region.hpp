// SPDX-License-Identifier: MIT
// A strided region of a contiguous tensor (what a view shows of its base), and the three linear
// maps autograd needs around views: read the region, place a gradient into zeros at the region,
// and clear the region. Each is recorded when grad mode is on, with another of the three as its
// backward, so second derivatives flow through views, select and in-place writes to views.
#pragma once
#include <cstddef>
#include <string_view>

#include <etgrad/tape/engine.hpp>

namespace etgrad::tape {

namespace detail {

// Elements of a contiguous tensor of shape `whole`: `sizes` read with `strides` from `offset` on.
struct region {
    shape_t whole;
    std::size_t offset = 0;
    shape_t sizes;
    strides_t strides{};
};

// The region index `index` along axis `dim` selects (tensor[index] for dim 0).
inline region selected_region(const shape_t& whole, std::size_t dim, std::size_t index) {
    const strides_t contiguous = tensor_impl::contiguous_strides(whole);
    return {whole, index * contiguous[dim], remove_axis(whole, dim), remove_axis(contiguous, whole.rank, dim)};
}

// `length` elements along axis `dim` from `start` on, every `step`-th.
inline region sliced_region(const shape_t& whole, std::size_t dim, std::size_t start, std::size_t length, std::size_t step) {
    region r{whole, 0, whole, tensor_impl::contiguous_strides(whole)};
    r.offset = start * r.strides[dim];
    r.sizes.dims[dim] = length;
    r.strides[dim] *= step;
    return r;
}

// The names of the nodes around one kind of view: PyTorch names the backward of each view op
// and the backward of that backward.
struct view_kind {
    std::string_view backward;
    std::string_view double_backward;
};
inline constexpr view_kind select_view{"SelectBackward0", "SelectBackwardBackward0"};
inline constexpr view_kind slice_view{"SliceBackward0", "SliceBackwardBackward0"};
inline constexpr view_kind strided_view{"AsStridedBackward0", "AsStridedBackwardBackward0"};

tensor read_region(const tensor& whole, const region& r, const view_kind& kind);
tensor place_region(const tensor& part, const region& r, const view_kind& kind);
tensor clear_region(const tensor& whole, const region& r);

// The backward of reading a region (select, slice, a view whose base was written in place): the
// gradient placed into zeros of the whole's shape.
class read_region_node final : public fixed_arity_node<1> {
public:
    read_region_node(const view_kind& kind, edge input, const region& r)
        : fixed_arity_node<1>({std::move(input)}), kind_(kind), region_(r) {}
    std::string_view name() const override { return kind_.backward; }
    void apply(const tensor& grad_output, gradient_sink& sink) override { sink.send(0, place_region(grad_output, region_, kind_)); }

private:
    const view_kind& kind_;
    region region_;
};

// The backward of placing into zeros: the gradient's region.
class place_region_node final : public fixed_arity_node<1> {
public:
    place_region_node(const view_kind& kind, edge input, const region& r)
        : fixed_arity_node<1>({std::move(input)}), kind_(kind), region_(r) {}
    std::string_view name() const override { return kind_.double_backward; }
    void apply(const tensor& grad_output, gradient_sink& sink) override { sink.send(0, read_region(grad_output, region_, kind_)); }

private:
    const view_kind& kind_;
    region region_;
};

// Clearing a region is its own backward.
class clear_region_node final : public fixed_arity_node<1> {
public:
    clear_region_node(edge input, const region& r) : fixed_arity_node<1>({std::move(input)}), region_(r) {}
    std::string_view name() const override { return "CopySlicesBackward0"; }
    void apply(const tensor& grad_output, gradient_sink& sink) override { sink.send(0, clear_region(grad_output, region_)); }

private:
    region region_;
};

inline tensor region_view(const tensor& contiguous_whole, const region& r) {
    return tensor(make_pooled<tensor_impl>(contiguous_whole.impl()->memory(), contiguous_whole.impl()->offset() + r.offset,
                                           r.sizes, r.strides, contiguous_whole.dtype()));
}

inline tensor read_region(const tensor& whole, const region& r, const view_kind& kind) {
    tensor out = region_view(whole.contiguous(), r);
    if (records(whole)) set_history(out, make_pooled<read_region_node>(kind, gradient_edge(whole), r));
    return out;
}

inline tensor place_region(const tensor& part, const region& r, const view_kind& kind) {
    tensor out = zeros_tensor(r.whole, part.dtype());
    add_in_place(region_view(out, r), part);
    if (records(part)) set_history(out, make_pooled<place_region_node>(kind, gradient_edge(part), r));
    return out;
}

inline tensor clear_region(const tensor& whole, const region& r) {
    tensor out = copy_as(whole, whole.dtype());
    visit(out.dtype(), [&]<class T>(std::type_identity<T>) {
        T* data = out.impl()->data<T>() + r.offset;
        if (r.sizes.rank == 0) {
            *data = T(0);
            return;
        }
        const std::size_t last = r.sizes.rank - 1;
        kernel::for_each_row<1>(r.sizes, {r.strides}, [&](const std::array<std::size_t, 1>& base) {
            for (std::size_t j = 0; j < r.sizes.dims[last]; ++j) data[base[0] + j * r.strides[last]] = T(0);
        });
    });
    if (records(whole)) set_history(out, make_pooled<clear_region_node>(gradient_edge(whole), r));
    return out;
}

}  // namespace detail

}  // namespace etgrad::tape
