// SPDX-License-Identifier: MIT
// What a tensor is: a strided view of a storage, its element type, and what autograd knows of it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <etgrad/kernel/shape.hpp>
#include <etgrad/tape/dtype.hpp>
#include <etgrad/tape/node_ptr.hpp>
#include <etgrad/tape/pool.hpp>
#include <etgrad/tape/storage.hpp>

namespace etgrad::tape {

class tensor;
class tensor_impl;
using impl_ptr = std::shared_ptr<tensor_impl>;

// Called with the gradient of a tensor during backward; a defined result replaces it.
using tensor_hook = std::function<tensor(const tensor&)>;

// What a leaf that requires grad keeps for its graphs, made when it is first used or hooked: its
// AccumulateGrad node while a graph uses it, and the hooks registered on the leaf, which every
// accumulator made for it runs (PyTorch keeps a leaf's hooks with the tensor too).
struct leaf_parts {
    std::weak_ptr<node> accumulator;
    std::vector<tensor_hook> hooks;
};

// (Members ordered by size, so that no padding separates them: every tensor carries one.)
struct autograd_meta {
    impl_ptr grad;
    node_ptr grad_fn;                  // empty for leaves
    std::shared_ptr<leaf_parts> leaf;  // for leaves
    // A view's base: the tensor whose memory it shows (tape/view_history.hpp).
    impl_ptr view_base;
    std::uint32_t output_nr = 0;     // which output of grad_fn this tensor is
    std::uint32_t view_version = 0;  // the memory's version when the view's history was last valid
    bool requires_grad = false;      // for leaves; a non-leaf requires grad because it has a grad_fn
    bool retains_grad = false;
    bool view_from_no_grad = false;
};

class tensor_impl {
public:
    tensor_impl(std::shared_ptr<storage> data, std::size_t offset, const shape_t& sizes, const strides_t& strides,
                dtype type)
        : storage_(std::move(data)),
          offset_(offset),
          numel_(sizes.size()),
          contiguous_(contiguous(sizes, strides)),
          type_(type),
          sizes_(sizes),
          strides_(strides) {}

    // A new contiguous tensor's record: its strides written where they are kept (made in a local
    // and copied, they would be read with wider loads than the stores that wrote them, which the
    // processor cannot forward), and nothing to find out about its layout.
    struct contiguous_t {};
    tensor_impl(contiguous_t, std::shared_ptr<storage> data, const shape_t& sizes, dtype type)
        : storage_(std::move(data)), offset_(0), numel_(sizes.size()), contiguous_(true), type_(type), sizes_(sizes) {
        assign_contiguous_strides(strides_, sizes);
    }

    // A new contiguous tensor of the given shape, uninitialised.
    static impl_ptr empty(const shape_t& sizes, dtype type) {
        auto memory = make_pooled<storage>(sizes.size() * element_size(type));
        return make_pooled<tensor_impl>(contiguous_t{}, std::move(memory), sizes, type);
    }

    static strides_t contiguous_strides(const shape_t& sizes) {
        strides_t strides{};
        assign_contiguous_strides(strides, sizes);
        return strides;
    }

    const shape_t& sizes() const { return sizes_; }
    const strides_t& strides() const { return strides_; }
    std::size_t dim() const { return sizes_.rank; }
    std::size_t numel() const { return numel_; }
    dtype type() const { return type_; }
    std::size_t offset() const { return offset_; }
    const std::shared_ptr<storage>& memory() const { return storage_; }

    bool is_contiguous() const { return contiguous_; }

    template <class T>
    T* data() const {
        return reinterpret_cast<T*>(storage_->data()) + offset_;
    }
    void* raw_data() const { return storage_->data() + offset_ * element_size(type_); }

    std::uint32_t version() const { return storage_->version(); }
    void bump_version() { storage_->bump_version(); }

    autograd_meta& autograd() { return autograd_; }
    const autograd_meta& autograd() const { return autograd_; }
    bool requires_grad() const { return autograd_.requires_grad || autograd_.grad_fn; }
    bool is_leaf() const { return !autograd_.grad_fn; }

private:
    // The row-major strides of `sizes`, written into `strides` (entries beyond its rank untouched).
    static void assign_contiguous_strides(strides_t& strides, const shape_t& sizes) {
        std::size_t stride = 1;
        for (std::size_t d = sizes.rank; d-- > 0;) {
            strides[d] = stride;
            stride *= sizes.dims[d];
        }
    }

    static bool contiguous(const shape_t& sizes, const strides_t& strides) {
        std::size_t expected = 1;
        for (std::size_t d = sizes.rank; d-- > 0;) {
            if (sizes.dims[d] != 1 && strides[d] != expected) return false;
            expected *= sizes.dims[d];
        }
        return true;
    }

    // What a kernel reads of every operand (where its elements are, how many, their layout and
    // type) comes first: 34 bytes together, not spread over the record's four cache lines.
    std::shared_ptr<storage> storage_;
    std::size_t offset_;
    std::size_t numel_;  // (both asked by every operation that reads the tensor: kept, not recomputed)
    bool contiguous_;
    dtype type_;
    shape_t sizes_;
    strides_t strides_{};
    autograd_meta autograd_;
};

}  // namespace etgrad::tape
