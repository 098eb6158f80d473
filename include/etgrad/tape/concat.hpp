// SPDX-License-Identifier: MIT
// Joining tensors along an axis: cat (along an existing axis) and stack (along a new one). The
// backward hands each input its slice of the gradient.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <etgrad/tape/inplace.hpp>
#include <etgrad/tape/shape_ops.hpp>
#include <etgrad/tape/slice.hpp>

namespace etgrad::tape {

namespace detail {

// A node with as many edges as the operation had inputs. The edges live in a base constructed
// before `node`, which keeps a span of them.
struct edge_list {
    std::vector<edge> edges;
};
class variadic_node : private edge_list, public node {
protected:
    explicit variadic_node(std::vector<edge> edges) : edge_list{std::move(edges)}, node(edge_list::edges) {}
};

// Where each input of a cat or stack lies along the joined axis, and its shape.
struct joined_part {
    std::size_t start = 0;
    std::size_t length = 0;
    shape_t sizes;
};

// The backward of cat and stack: each input's slice of the gradient, in the input's shape.
class join_node final : public variadic_node {
public:
    join_node(std::string_view name, std::vector<edge> edges, std::size_t dim, std::vector<joined_part> parts)
        : variadic_node(std::move(edges)), name_(name), dim_(dim), parts_(std::move(parts)) {}
    std::string_view name() const override { return name_; }
    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const auto edges = next_functions();
        for (std::size_t i = 0; i < parts_.size(); ++i) {
            if (!edges[i].function) continue;
            const tensor piece = slice(grad_output, dim_, parts_[i].start, parts_[i].length, 1);
            sink.send(i, piece.impl()->sizes() == parts_[i].sizes ? piece : reshape(piece, parts_[i].sizes));
        }
    }

private:
    std::string_view name_;
    std::size_t dim_;
    std::vector<joined_part> parts_;
};

// PyTorch skips 1-d empty tensors in a cat, whatever the other inputs' shapes.
inline bool skipped_in_cat(const tensor& value) { return value.dim() == 1 && value.numel() == 0; }

// `pieces` (of equal rank, shaped alike but along `dim`) joined along `dim`; `inputs` are the
// tensors the gradient goes to, of the shapes in `parts`.
inline tensor join(const std::vector<tensor>& inputs, const std::vector<tensor>& pieces, std::size_t dim,
                   std::string_view name) {
    dtype type = inputs[0].dtype();
    for (const tensor& input : inputs) type = result_type({type, promotion_rank::dimensioned}, {input.dtype(), promotion_rank::dimensioned});
    std::vector<joined_part> parts(inputs.size());
    shape_t sizes;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        parts[i].sizes = inputs[i].impl()->sizes();
        if (skipped_in_cat(pieces[i])) continue;
        const shape_t& piece = pieces[i].impl()->sizes();
        parts[i].length = piece.dims[dim];
        if (sizes.rank == 0) {
            sizes = piece;
            sizes.dims[dim] = 0;
        }
        parts[i].start = sizes.dims[dim];
        sizes.dims[dim] += parts[i].length;
    }
    if (sizes.rank == 0) sizes = pieces[0].impl()->sizes();  // only empty vectors
    tensor out = empty_tensor(sizes, type);
    for (std::size_t i = 0; i < pieces.size(); ++i)
        if (parts[i].length > 0) assign(slice(out, dim, parts[i].start, parts[i].length, 1), pieces[i]);
    bool recorded = false;
    std::vector<edge> edges;
    for (const tensor& input : inputs) {
        recorded = recorded || records(input);
        edges.push_back(input.requires_grad() ? gradient_edge(input) : edge{});
    }
    if (recorded) set_history(out, std::make_shared<join_node>(name, std::move(edges), dim, std::move(parts)));
    return out;
}

}  // namespace detail

// The tensors joined along axis `dim`; they agree in every other extent.
inline tensor cat(const std::vector<tensor>& tensors, std::int64_t dim = 0) {
    if (tensors.empty()) throw std::runtime_error("torch.cat(): expected a non-empty list of Tensors");
    const tensor* first = nullptr;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (tensors[i].dim() == 0)
            throw std::runtime_error("zero-dimensional tensor (at position " + std::to_string(i) + ") cannot be concatenated");
        if (!first && !detail::skipped_in_cat(tensors[i])) first = &tensors[i];
    }
    if (!first) first = &tensors[0];
    const std::size_t axis = wrap_dim(dim, first->impl()->dim());
    const shape_t& expected = first->impl()->sizes();
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (detail::skipped_in_cat(tensors[i])) continue;
        const shape_t& s = tensors[i].impl()->sizes();
        if (s.rank != expected.rank)
            throw std::runtime_error("Tensors must have same number of dimensions: got " + std::to_string(expected.rank) +
                                     " and " + std::to_string(s.rank));
        for (std::size_t d = 0; d < s.rank; ++d)
            if (d != axis && s.dims[d] != expected.dims[d])
                throw std::runtime_error("Sizes of tensors must match except in dimension " + std::to_string(axis) +
                                         ". Expected size " + std::to_string(expected.dims[d]) + " but got size " +
                                         std::to_string(s.dims[d]) + " for tensor number " + std::to_string(i) +
                                         " in the list.");
    }
    return detail::join(tensors, tensors, axis, "CatBackward0");
}

// The tensors (all of one shape) joined along a new axis `dim`.
inline tensor stack(const std::vector<tensor>& tensors, std::int64_t dim = 0) {
    if (tensors.empty()) throw std::runtime_error("stack expects a non-empty TensorList");
    const shape_t& expected = tensors[0].impl()->sizes();
    for (std::size_t i = 1; i < tensors.size(); ++i)
        if (!(tensors[i].impl()->sizes() == expected))
            throw std::runtime_error("stack expects each tensor to be equal size, but got " + expected.to_string() +
                                     " at entry 0 and " + tensors[i].impl()->sizes().to_string() + " at entry " +
                                     std::to_string(i));
    const std::size_t axis = wrap_dim(dim, expected.rank + 1);
    std::vector<tensor> pieces;
    {
        no_grad_guard no_grad;  // the pieces are views for copying; the join records the inputs
        for (const tensor& t : tensors) pieces.push_back(unsqueeze(t, static_cast<std::int64_t>(axis)));
    }
    return detail::join(tensors, pieces, axis, "StackBackward0");
}

}  // namespace etgrad::tape
