// SPDX-License-Identifier: MIT
// The bridge between the layers (the one file of tape/ that includes expr/): eg::apply(f, x = t)
// evaluates a static expression on tensors and records ONE node, whose backward is the static
// layer's fused, compiler-generated backward pass. A whole expression costs one node instead of
// one per operation, and its loops run over the data once.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <xtensor/xadapt.hpp>

#include <etgrad/expr/api.hpp>
#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/tape/tensor_methods.hpp>

template <>
struct etgrad::is_foreign_value<etgrad::tape::tensor> : std::true_type {};

namespace etgrad::tape {

namespace detail {

// The placeholder a backward binds the output's gradient to when the expression is array-valued:
// its backward is then the gradient of sum(f * output_gradient).
inline constexpr auto output_gradient = var<"output_gradient">;

// A contiguous tensor's elements as an xtensor expression, without copying.
template <class T>
auto adapt(const tensor& t) {
    std::vector<std::size_t> shape(t.impl()->sizes().dims.begin(), t.impl()->sizes().dims.begin() + t.dim());
    return xt::adapt(t.impl()->data<T>(), t.impl()->numel(), xt::no_ownership(), shape);
}

template <class Binding>
inline constexpr bool binds_tensor = std::is_same_v<std::remove_cvref_t<decltype(std::declval<Binding>().value)>, tensor>;

// The binding the static layer evaluates: a view of the tensor's elements, or the number as is.
template <class T, class B>
auto static_binding(const B& b) {
    if constexpr (binds_tensor<B>)
        return placeholder<B::name>{} = adapt<T>(b.value);
    else
        return b;
}

template <class E, class T, class... Bindings>
class static_expression_node final : public node {
public:
    static_expression_node(const E& f, const std::tuple<Bindings...>& bindings, std::vector<edge> edges)
        : node({}), f_(f), bindings_(bindings), edges_(std::move(edges)) {
        set_edges(edges_);
        std::apply([&](const auto&... b) { (remember_version(b), ...); }, bindings_);
    }
    std::string_view name() const override { return "StaticExpressionBackward0"; }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        if (is_grad_enabled())
            throw std::runtime_error(
                "eg::apply: a backward that creates a graph cannot differentiate a static expression a second time; "
                "write it with tensor operations for that, or take its derivative with eg::d");
        const tensor adjoint = grad_output.contiguous().to(dtype_of<T>);
        std::apply([&](const auto&... b) { send_gradients(adjoint, sink, b...); }, bindings_);
    }

    void release_saved() override {
        bindings_ = {};
        released_ = true;
    }
    void check_saved() const override {
        if (released_) throw_graph_freed();
        std::size_t k = 0;
        std::apply([&](const auto&... b) { (check_version(b, k), ...); }, bindings_);
    }

private:
    template <class B>
    void remember_version(const B& b) {
        if constexpr (binds_tensor<B>) versions_.push_back(b.value.impl()->version());
    }
    template <class B>
    void check_version(const B& b, std::size_t& k) const {
        if constexpr (binds_tensor<B>) {
            const std::uint32_t expected = versions_[k++];
            if (b.value.impl()->version() != expected)
                throw std::runtime_error(
                    "one of the variables needed for gradient computation has been modified by an inplace operation: " +
                    describe_for_error(*b.value.impl()) + " is at version " + std::to_string(b.value.impl()->version()) +
                    "; expected version " + std::to_string(expected) + " instead.");
        }
    }

    template <class... B>
    void send_gradients(const tensor& adjoint, gradient_sink& sink, const B&... b) const {
        const auto wanted = wrt(placeholder<B::name>{}...);
        if constexpr (std::is_arithmetic_v<decltype(eval(f_, static_binding<T>(b)...))>) {
            const auto g = grad(f_, static_binding<T>(b)..., wanted);
            const T scale = static_cast<T>(adjoint.item());
            std::size_t k = 0;
            (send(b, g, scale, sink, k), ...);
        } else {
            const auto g = grad(sum(f_ * output_gradient), output_gradient = adapt<T>(adjoint), static_binding<T>(b)..., wanted);
            std::size_t k = 0;
            (send(b, g, T(1), sink, k), ...);
        }
    }

    template <class B, class G>
    void send(const B& b, const G& g, T scale, gradient_sink& sink, std::size_t& edge_index) const {
        if constexpr (binds_tensor<B>) {
            const std::size_t index = edge_index++;
            if (!next_functions()[index].function) return;
            const auto& values = g[placeholder<B::name>{}];
            tensor out = empty_tensor(b.value.impl()->sizes(), dtype_of<T>);
            T* data = out.impl()->template data<T>();
            for (std::size_t i = 0, n = out.impl()->numel(); i < n; ++i) data[i] = scale * static_cast<T>(values.data()[i]);
            sink.send(index, std::move(out));
        }
    }

    E f_;
    std::tuple<Bindings...> bindings_;  // tensors held contiguous, of type T
    std::vector<edge> edges_;
    std::vector<std::uint32_t> versions_;
    bool released_ = false;
};

}  // namespace detail

/// The static expression `f` evaluated on tensors (and numbers) bound to its placeholders:
/// `eg::apply(f, x = t, y = 2.0)`. The result records one node, StaticExpressionBackward0, whose
/// forward and backward are the static layer's fused loops. The tensors must have one
/// floating-point type; it is the result's. Its backward cannot itself be differentiated.
template <expression E, class... Bindings>
tensor apply(const E& f, const Bindings&... bindings) {
    static_assert((is_binding<Bindings>::value && ...), "eg::apply(f, bindings...): every argument after f must be `x = value`");
    static_assert((detail::binds_tensor<Bindings> || ...), "eg::apply(f, bindings...): bind at least one tensor");
    std::vector<dtype> types;
    bool any_requires_grad = false;
    const auto inspect = [&](const auto& b) {
        if constexpr (detail::binds_tensor<std::remove_cvref_t<decltype(b)>>) {
            types.push_back(b.value.dtype());
            any_requires_grad = any_requires_grad || b.value.requires_grad();
        }
    };
    (inspect(bindings), ...);
    const dtype type = types.front();
    for (const dtype t : types)
        if (t != type || !is_floating_point(t))
            throw std::invalid_argument("eg::apply(f, ...): the tensors must have one floating-point dtype");
    const auto contiguous = [](const auto& b) {
        if constexpr (detail::binds_tensor<std::remove_cvref_t<decltype(b)>>)
            return placeholder<std::remove_cvref_t<decltype(b)>::name>{} = b.value.contiguous();
        else
            return b;
    };
    return visit(type, [&]<class T>(std::type_identity<T>) -> tensor {
        if constexpr (!std::is_floating_point_v<T>) {
            return {};
        } else {
            auto held = std::tuple{contiguous(bindings)...};
            const auto value = std::apply([&](const auto&... b) { return eval(f, detail::static_binding<T>(b)...); }, held);
            tensor out;
            if constexpr (std::is_arithmetic_v<std::remove_cvref_t<decltype(value)>>) {
                out = empty_tensor(shape_t{}, type);
                *out.impl()->template data<T>() = static_cast<T>(value);
            } else {
                out = empty_tensor(make_shape(value.shape()), type);
                std::copy(value.begin(), value.end(), out.impl()->template data<T>());
            }
            if (is_grad_enabled() && any_requires_grad) {
                std::vector<edge> edges;
                const auto add_edge = [&](const auto& b) {
                    if constexpr (detail::binds_tensor<std::remove_cvref_t<decltype(b)>>)
                        edges.push_back(b.value.requires_grad() ? gradient_edge(b.value) : edge{});
                };
                (add_edge(bindings), ...);
                std::apply([&](const auto&... b) {
                    set_history(out, make_pooled<detail::static_expression_node<E, T, std::remove_cvref_t<decltype(b)>...>>(
                                         f, held, std::move(edges)));
                }, held);
            }
            return out;
        }
    });
}

}  // namespace etgrad::tape

namespace etgrad {
using tape::apply;
}  // namespace etgrad
