// SPDX-License-Identifier: MIT
// The bridge between the layers (the one file of tape/ that includes expr/): eg::apply(f, x = t)
// evaluates a static expression on tensors and records ONE node, whose backward is the static
// layer's fused, compiler-generated backward pass. A whole expression costs one node instead of
// one per operation, and its loops run over the data once.
#pragma once
#include <span>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <xtensor/xadapt.hpp>

#include <etgrad/expr/api.hpp>
#include <etgrad/expr/functions.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/tape/saved_value.hpp>
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

// The placeholders bound to tensors, as the static layer's wrt list: their gradients are wanted.
template <class... B>
using tensor_placeholders =
    decltype(std::tuple_cat(std::conditional_t<binds_tensor<B>, std::tuple<placeholder<B::name>>, std::tuple<>>{}...));
template <class Placeholders>
struct wrt_of;
template <class... P>
struct wrt_of<std::tuple<P...>> {
    using type = wrt_t<P...>;
};

// The placeholders selected by the bits of Mask (bit k: the k-th of Placeholders).
template <std::size_t Mask, class Placeholders, class Indices = std::make_index_sequence<std::tuple_size_v<Placeholders>>>
struct select_placeholders;
template <std::size_t Mask, class... P, std::size_t... K>
struct select_placeholders<Mask, std::tuple<P...>, std::index_sequence<K...>> {
    using type = decltype(std::tuple_cat(std::conditional_t<((Mask >> K) & 1) != 0, std::tuple<P>, std::tuple<>>{}...));
};

// The value of the scalar expression g for the held bindings (and `extra` ones that are no
// tensors of the tape), and the gradient of each held tensor in Wanted written into a new tensor
// (gradients[k] for the k-th tensor): the static layer's fused forward and backward pass.
template <class T, class Wanted, class G, class... B, class... Extra>
T run_static_program(const G& g, std::vector<tensor>& gradients, const std::tuple<B...>& held, const Extra&... extra) {
    return std::apply(
        [&](const auto&... b) {
            const auto bindings = etgrad::detail::collect_bindings(static_binding<T>(b)..., extra...);
            using program = etgrad::detail::gradient_program<G, std::remove_const_t<decltype(bindings)>, Wanted>;
            const auto destination = [&]<class Placeholder>(Placeholder) {
                T* memory = nullptr;
                std::size_t k = 0;
                const auto find = [&]<class Binding>(const Binding& binding) {
                    if constexpr (binds_tensor<Binding>) {
                        if constexpr (Binding::name == Placeholder::name) {
                            gradients[k] = empty_tensor(binding.value.impl()->sizes(), dtype_of<T>);
                            memory = gradients[k].impl()->template data<T>();
                        }
                        ++k;
                    }
                };
                (find(b), ...);
                return memory;
            };
            return static_cast<T>(program::run_to(destination, g, bindings));
        },
        held);
}

// Up to this many bound tensors, a program is compiled for each subset of them whose gradients
// may be wanted (2^n - 1 programs), so that a tensor that needs none (a target, data) costs none.
inline constexpr std::size_t max_tensors_selected = 3;

// run_static_program for the tensors whose bit is set in `wanted` (bit k: the k-th bound tensor).
template <class T, class G, class... B, class... Extra>
T value_and_gradients(const G& g, std::size_t wanted, std::vector<tensor>& gradients, const std::tuple<B...>& held,
                      const Extra&... extra) {
    using all = tensor_placeholders<B...>;
    constexpr std::size_t count = std::tuple_size_v<all>;
    gradients.assign(count, tensor{});
    if constexpr (count > max_tensors_selected) {
        return run_static_program<T, typename wrt_of<all>::type>(g, gradients, held, extra...);
    } else {
        T value{};
        etgrad::detail::static_for<(std::size_t{1} << count)>([&](auto mask) {
            if constexpr (mask() != 0) {
                using selected = typename wrt_of<typename select_placeholders<mask(), all>::type>::type;
                if (mask() == wanted) value = run_static_program<T, selected>(g, gradients, held, extra...);
            }
        });
        return value;
    }
}

// Bit k set when the k-th bound tensor's gradient goes somewhere.
inline std::size_t wanted_gradients(std::span<const edge> edges) {
    std::size_t mask = 0;
    for (std::size_t k = 0; k < edges.size(); ++k)
        if (edges[k].function) mask |= std::size_t{1} << k;
    return mask;
}

template <class E, class T, class... Bindings>
class static_expression_node final : public node {
public:
    // A scalar f has its gradients computed by the forward pass (one fused pass over the data);
    // the backward only scales them. An array-valued f computes them in the backward.
    static constexpr bool scalar_valued =
        std::is_arithmetic_v<decltype(eval(std::declval<const E&>(), static_binding<T>(std::declval<const Bindings&>())...))>;

    static_expression_node(const E& f, const std::tuple<Bindings...>& bindings, std::vector<edge> edges,
                           std::vector<tensor> gradients)
        : node({}), f_(f), bindings_(bindings), edges_(std::move(edges)), gradients_(std::move(gradients)) {
        set_edges(edges_);
        std::apply([&](const auto&... b) { (save(b), ...); }, bindings_);
    }
    std::string_view name() const override { return "StaticExpressionBackward0"; }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        if (is_grad_enabled())
            throw std::runtime_error(
                "eg::apply: a backward that creates a graph cannot differentiate a static expression a second time; "
                "write it with tensor operations for that, or take its derivative with eg::d");
        const tensor adjoint = grad_output.contiguous().to(dtype_of<T>);
        if constexpr (scalar_valued) {
            send_gradients(gradients_, static_cast<T>(adjoint.item()), !sink.keeps_graph(), sink);
        } else {
            std::vector<tensor> gradients;
            value_and_gradients<T>(sum(f_ * output_gradient), wanted_gradients(next_functions()), gradients, bindings_,
                                  output_gradient = adapt<T>(adjoint));
            send_gradients(gradients, T(1), true, sink);
        }
    }

    void release_saved() override {
        bindings_ = {};
        gradients_.clear();
        for (saved_value& s : saved_) s.release();
    }
    void check_saved() const override {
        for (const saved_value& s : saved_) s.check();
    }

private:
    // The bound tensors are saved inputs: changed in place before the backward, it refuses.
    template <class B>
    void save(const B& b) {
        if constexpr (binds_tensor<B>) saved_.emplace_back().save_input(b.value);
    }

    // Sends scale * gradients[k] along edge k. Gradients that are `owned` (no later backward
    // reads them) are scaled in place and given away, so a leaf takes them without a copy.
    void send_gradients(std::vector<tensor>& gradients, T scale, bool owned, gradient_sink& sink) const {
        for (std::size_t k = 0; k < gradients.size(); ++k) {
            if (!next_functions()[k].function) continue;
            tensor gradient = owned ? std::move(gradients[k]) : gradients[k];
            if (scale != T(1)) {
                if (owned)
                    gradient.mul_(static_cast<double>(scale));
                else
                    gradient = gradient * static_cast<double>(scale);
            }
            sink.send(k, std::move(gradient));
        }
    }

    E f_;
    std::tuple<Bindings...> bindings_;  // tensors held contiguous, of type T
    std::vector<edge> edges_;
    std::vector<tensor> gradients_;  // of a scalar f, one per bound tensor
    std::vector<saved_value> saved_;  // one per bound tensor
};

template <class E, class T, class Held>
struct node_for;
template <class E, class T, class... B>
struct node_for<E, T, std::tuple<B...>> {
    using type = static_expression_node<E, T, B...>;
};

}  // namespace detail

namespace detail {

// eg::apply once its bindings have passed the static layer's call checks.
template <class E, class... Bindings>
tensor apply_checked(const E& f, const Bindings&... bindings) {
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
            using node_t = typename detail::node_for<E, T, decltype(held)>::type;
            const bool records = is_grad_enabled() && any_requires_grad;
            std::vector<edge> edges;
            if (records) {
                const auto add_edge = [&](const auto& b) {
                    if constexpr (detail::binds_tensor<std::remove_cvref_t<decltype(b)>>)
                        edges.push_back(b.value.requires_grad() ? gradient_edge(b.value) : edge{});
                };
                (add_edge(bindings), ...);
            }
            tensor out;
            std::vector<tensor> gradients;
            if constexpr (node_t::scalar_valued) {
                out = empty_tensor(shape_t{}, type);
                *out.impl()->template data<T>() =
                    records ? detail::value_and_gradients<T>(f, detail::wanted_gradients(edges), gradients, held)
                            : static_cast<T>(std::apply([&](const auto&... b) { return eval(f, detail::static_binding<T>(b)...); }, held));
            } else {
                const auto value = std::apply([&](const auto&... b) { return eval(f, detail::static_binding<T>(b)...); }, held);
                out = empty_tensor(make_shape(value.shape()), type);
                std::copy(value.begin(), value.end(), out.impl()->template data<T>());
            }
            if (records)
                set_history(out, make_pooled<node_t>(f, held, std::move(edges), std::move(gradients)));
            return out;
        }
    });
}

}  // namespace detail

/// The static expression `f` evaluated on tensors (and numbers) bound to its placeholders:
/// `eg::apply(f, x = t, y = 2.0)`. The result records one node, StaticExpressionBackward0, whose
/// forward and backward are the static layer's fused loops. The tensors must have one
/// floating-point type; it is the result's. Its backward cannot itself be differentiated.
/// The bindings are checked as eval's are (docs/errors.md): a missing, misspelled or unused
/// placeholder is one compile error that names it.
template <expression E, class... Bindings>
tensor apply(const E& f, const Bindings&... bindings) {
    constexpr bool all_bindings = (is_binding<Bindings>::value && ...);
    static_assert(all_bindings, "eg::apply(f, bindings...): every argument after f must be `x = value`");
    if constexpr (all_bindings) {
        constexpr bool binds_a_tensor = (detail::binds_tensor<Bindings> || ...);
        static_assert(binds_a_tensor, "eg::apply(f, bindings...): bind at least one tensor");
        // Checked on the bindings the static layer evaluates (a tensor as a view of its elements).
        using mistake = typename etgrad::detail::call_mistake<
            E, decltype(detail::static_binding<double>(std::declval<const Bindings&>()))...>::type;
        if constexpr (binds_a_tensor && etgrad::detail::is_mistake<mistake>)
            static_cast<void>(etgrad::detail::failed_with<mistake>());
        else if constexpr (binds_a_tensor)
            return detail::apply_checked(f, bindings...);
    }
    return {};
}

}  // namespace etgrad::tape

namespace etgrad {
using tape::apply;
}  // namespace etgrad
