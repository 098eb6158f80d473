// SPDX-License-Identifier: MIT
// Elementwise operations on tensors, for every op rule in ops/: the forward runs the rule's
// value in a kernel loop; the recorded node's backward runs the rule's derivative, in a kernel
// loop, or on tensors when the backward creates a graph (then the derivative is itself
// recorded, which is what second derivatives need). No derivative is written here.
#pragma once
#include <array>
#include <concepts>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/selection.hpp>
#include <etgrad/ops/traits.hpp>
#include <etgrad/ops/unary.hpp>
#include <etgrad/tape/backward_name.hpp>
#include <etgrad/tape/broadcast.hpp>
#include <etgrad/tape/record.hpp>
#include <etgrad/tape/saved_value.hpp>

namespace etgrad::tape {

// Ops that map integers to integers, and comparisons, which compare in the operands' type; the
// others compute integer and bool inputs as float32, as PyTorch.
template <class Op, class... Ops>
inline constexpr bool is_one_of = (std::is_same_v<Op, Ops> || ...);
template <class Op>
inline constexpr bool keeps_integers =
    is_one_of<Op, ops::add_op, ops::sub_op, ops::mul_op, ops::neg_op, ops::abs_op, ops::relu_op, ops::square_op,
              ops::maximum_op, ops::minimum_op> ||
    requires { requires Op::is_comparison; };

template <class Op, class T>
inline constexpr bool computes_in = std::is_floating_point_v<T> || keeps_integers<Op>;

// An expensive element function computes the last elements of a contiguous tensor as one padded
// SIMD batch (kernel::tail); a cheap one, one by one.
template <class Op>
inline constexpr kernel::tail tail_for =
    ops::cost_of<Op>() >= ops::transcendental_cost ? kernel::tail::padded_batch : kernel::tail::elements;

// A copy of `value` with elements of another type (not recorded: used for type promotion).
tensor convert(const tensor& value, dtype type);

// A new contiguous tensor of the given shape and type, uninitialised or zeroed.
inline tensor empty_tensor(const shape_t& sizes, dtype type) { return tensor(tensor_impl::empty(sizes, type)); }
tensor zeros_tensor(const shape_t& sizes, dtype type);

// The sum of `value` over the axes along which it was broadcast to get its shape from `target`.
tensor sum_to(const tensor& value, const shape_t& target);

template <class N>
concept number = std::is_arithmetic_v<N>;

namespace detail {
inline const tensor& undefined_tensor() {
    static const tensor none;
    return none;
}
}  // namespace detail

// A binary operation's operand: a tensor, or a number (`x + 2`). It refers to the caller's tensor
// (an argument of the operation, alive for its duration): taking a handle of its own would
// cost two atomic reference-count updates per operation. A temporary tensor is `expiring`: an
// operation may take its history (take_gradient_edge).
struct operand {
    const tensor& value;  // undefined for a number
    double number = 0;
    dtype number_type = dtype::float64;
    bool expiring = false;

    operand(const tensor& t) : value(t) {}                 // NOLINT: operands convert implicitly
    operand(tensor&& t) : value(t), expiring(true) {}      // NOLINT
    template <class N>
        requires std::is_arithmetic_v<N>
    operand(N n)
        : value(detail::undefined_tensor()),
          number(static_cast<double>(n)),
          number_type(std::is_same_v<N, bool> ? dtype::bool_ : std::is_integral_v<N> ? dtype::int64 : dtype::float64) {}

    bool is_number() const { return !value.defined(); }
    promotion_operand promotion() const {
        if (is_number()) return {number_type, promotion_rank::number};
        return {value.dtype(), value.dim() == 0 ? promotion_rank::zero_dim : promotion_rank::dimensioned};
    }
    bool requires_grad() const { return !is_number() && value.requires_grad(); }
};

namespace detail {

// The type whose kernel computes values of `type`: bools compute as the integers 0 and 1.
constexpr dtype kernel_type(dtype type) { return type == dtype::bool_ ? dtype::int64 : type; }

template <class Op>
dtype compute_type(dtype promoted) {
    if (is_floating_point(promoted)) return promoted;
    if constexpr (!keeps_integers<Op>) {
        return dtype::float32;
    } else {
        if constexpr (std::is_same_v<Op, ops::sub_op>)
            if (promoted == dtype::bool_)
                throw std::runtime_error(
                    "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                    "`logical_xor()` operator instead.");
        if constexpr (std::is_same_v<Op, ops::neg_op>)
            if (promoted == dtype::bool_)
                throw std::runtime_error(
                    "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a "
                    "mask, use the `~` or `logical_not()` operator instead.");
        if constexpr (std::is_same_v<Op, ops::abs_op>)
            if (promoted == dtype::bool_) throw std::runtime_error("\"abs_cpu\" not implemented for 'Bool'");
        if constexpr (std::is_same_v<Op, ops::relu_op>)
            if (promoted == dtype::bool_) throw std::runtime_error("Boolean inputs not supported for relu");
        return kernel_type(promoted);
    }
}

inline tensor as_type(tensor value, dtype type) { return value.dtype() == type ? std::move(value) : convert(value, type); }

// `value` in `type`: itself, with no new handle, or a copy converted into `converted`.
inline const tensor& in_type(const tensor& value, dtype type, tensor& converted) {
    if (value.dtype() == type) return value;
    converted = convert(value, type);
    return converted;
}

// Whether `value` and its memory are referred to by the caller's handle alone, its memory owned,
// contiguous and of `type`: what computing a result in that memory needs.
inline bool held_alone(const tensor& value, dtype type) {
    const tensor_impl& v = *value.impl();
    return value.impl().use_count() == 1 && v.memory().use_count() == 1 && v.memory()->owns_memory() &&
           v.type() == type && v.is_contiguous();
}

// Whether an operation of one tensor may compute its output in the memory of `a`, a temporary
// (`e.sin() * 1.1`), and return a's record as its own: one tensor made and freed less per
// operation (bench P9: 138,875 -> 126,251 instructions per evaluation). Not if the backward reads
// `a`, nor where anyone could tell: a view, a leaf, a retained gradient, a version already bumped
// (a new tensor's is 0).
template <class Op>
bool computes_in_operand(const tensor& a, dtype type) {
    if constexpr (ops::grad_reads_of<Op, 0>().lhs) {
        return false;
    } else {
        const autograd_meta& meta = a.impl()->autograd();
        return held_alone(a, type) && a.impl()->version() == 0 && !meta.view_base && !meta.requires_grad &&
               !meta.leaf && !meta.grad && !meta.retains_grad;
    }
}

// Whether a backward may write the gradient it computes from `grad_output` into grad_output's own
// memory: nothing else refers to that tensor or its memory (the engine hands each node the only
// handle to its incoming gradient, and drops it after), which is contiguous, owned, of `type`
// and of `shape`. One allocation and one release less per node of a chain.
inline bool gradient_reusable(const tensor& grad_output, const shape_t& shape, dtype type) {
    return held_alone(grad_output, type) && grad_output.impl()->sizes() == shape;
}

// The memory a backward computes its gradient in: grad_output's own, handed over by the engine,
// where gradient_reusable allows (grad_output is undefined after that: read the result instead,
// which holds the same values until the loop overwrites each), or a new tensor.
inline tensor gradient_memory(const tensor& grad_output, const shape_t& shape, dtype type, gradient_sink& sink) {
    if (gradient_reusable(grad_output, shape, type)) return sink.take_received();
    return empty_tensor(shape, type);
}

}  // namespace detail

// A node of one input that keeps for its backward what InputSlot and OutputSlot say of that input
// and of its own output: a saved_value, a saved_number (a number operand's mark) or nothing_saved,
// which takes no room. The input's edge is the first of Edges; the others stay empty (where PyTorch
// shows a number operand's).
template <std::size_t Edges, class InputSlot = saved_value, class OutputSlot = saved_value>
class input_output_node_of : public fixed_arity_node<Edges> {
public:
    // Both, for a backward that reads both (unary_node saves only what its rule reads).
    void save(const tensor& input, const tensor& output) {
        input_.save_input(input);
        output_.save_output(output, *this);
    }
    void release_saved() override {
        input_.release();
        output_.release();
    }
    void check_saved() const override {
        input_.check();
        output_.check();
    }

protected:
    explicit input_output_node_of(edge input) : fixed_arity_node<Edges>({std::move(input)}) {}

    [[no_unique_address]] InputSlot input_;
    [[no_unique_address]] OutputSlot output_;
};
using input_output_node = input_output_node_of<1>;

// The number of edges PyTorch gives the node of Op: one, unless the op says otherwise.
template <class Op>
constexpr std::size_t edge_count() {
    if constexpr (requires { Op::edges; })
        return Op::edges;
    else
        return 1;
}

// What the node of Op keeps of its input and output: only what the rule's derivative reads (the
// input, a number bound to the op, the output). A chain of records stays smaller (bench P9's sin
// and multiplication by a number: 176 -> 136 and 208 -> 152 bytes).
template <class Op>
struct unary_slots {
    static constexpr ops::reads needs = ops::grad_reads_of<Op, 0>();
    using input = std::conditional_t<needs.lhs, saved_value, std::conditional_t<needs.rhs, saved_number, nothing_saved>>;
    using output = std::conditional_t<needs.out, saved_value, nothing_saved>;
};
template <class Op>
using unary_node_base =
    input_output_node_of<edge_count<Op>(), typename unary_slots<Op>::input, typename unary_slots<Op>::output>;

template <class Op>
class unary_node final : public unary_node_base<Op> {
    static constexpr ops::reads needs = ops::grad_reads_of<Op, 0>();
    using base = unary_node_base<Op>;
    using base::input_;
    using base::output_;

public:
    unary_node(Op op, edge input) : base(std::move(input)), op_(op) {}
    std::string_view name() const override { return backward_name<Op>(); }

    void save(const tensor& input, const tensor& output) {
        if constexpr (needs.lhs)
            input_.save_input(input);
        else if constexpr (needs.rhs)  // a number bound to the op (with_number)
            input_.save();
        if constexpr (needs.out) output_.save_output(output, *this);
    }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        if constexpr (requires { Op::piecewise_constant; }) {  // a step function: zero almost everywhere
            sink.send(0, zeros_tensor(grad_output.impl()->sizes(), grad_output.dtype()));
        } else if (is_grad_enabled()) {  // the backward is recorded: the rule runs on tensors
            const tensor input = [&] {
                if constexpr (needs.lhs) return input_.unpack(true);
                else return grad_output;
            }();
            const tensor output = [&] {
                if constexpr (needs.out) return output_.unpack(true);
                else return grad_output;
            }();
            sink.send(0, tensor(op_.grad(input, output, grad_output)));
        } else {
            sink.send(0, grad_in_loop(grad_output, sink));
        }
    }

private:
    tensor grad_in_loop(const tensor& grad_output, gradient_sink& sink) const {
        // (a reference: the record lives on in the gradient if it takes grad_output's memory)
        const shape_t& shape = grad_output.impl()->sizes();
        const dtype type = grad_output.dtype();
        tensor grad = detail::gradient_memory(grad_output, shape, type, sink);
        const tensor& adjoint = grad_output.defined() ? grad_output : grad;
        visit_floating(type, [&]<class T>(std::type_identity<T>) {
            if constexpr (computes_in<Op, T>)
                ops::with_fixed_form(op_, [&]<class Form>(const Form& form) {
                    map_read_operands<T, tail_for<Form>>(shape, grad.impl()->data<T>(), adjoint,
                                                         [&](const auto& a, const auto& out, const auto& adj) {
                                                             return form.grad(a, out, adj);
                                                         });
                });
        });
        return grad;
    }

    // out = grad(input, output, adjoint) elementwise, the loop given only the saved values the rule
    // reads (what it does not read enters as a zero the compiler folds away: no layout to examine,
    // no load: bench P9, 126,251 -> 121,578 instructions per evaluation).
    template <class T, kernel::tail Tail, class Grad>
    void map_read_operands(const shape_t& shape, T* out, const tensor& adjoint, const Grad& grad) const {
        const auto unread = [](const auto& like) { return std::decay_t<decltype(like)>(T{}); };
        if constexpr (needs.lhs && needs.out)
            map_operands<T, 3, Tail>(shape, out, {input_.value(), output_.value(), adjoint}, grad);
        else if constexpr (needs.lhs)
            map_operands<T, 2, Tail>(shape, out, {input_.value(), adjoint},
                                     [&](const auto& a, const auto& adj) { return grad(a, unread(adj), adj); });
        else if constexpr (needs.out)
            map_operands<T, 2, Tail>(shape, out, {output_.value(), adjoint},
                                     [&](const auto& y, const auto& adj) { return grad(unread(adj), y, adj); });
        else
            map_operands<T, 1, Tail>(shape, out, {adjoint},
                                     [&](const auto& adj) { return grad(unread(adj), unread(adj), adj); });
    }

    Op op_;
};

// `expiring`: `a` is a temporary (operand::expiring).
template <class Op>
tensor make_unary(Op op, const tensor& a, bool expiring = false) {
    const dtype type = detail::compute_type<Op>(a.dtype());
    const bool recorded = records(a);
    const bool in_place = expiring && detail::computes_in_operand<Op>(a, type);
    tensor converted;
    // (an expiring `a` was bound from a non-const temporary: moving from it is the caller's intent)
    tensor out = in_place ? std::move(const_cast<tensor&>(a)) : tensor();
    const tensor& input = in_place ? out : detail::in_type(a, type, converted);
    const shape_t& shape = input.impl()->sizes();
    if (!in_place) out = empty_tensor(shape, type);
    visit(type, [&]<class T>(std::type_identity<T>) {
        if constexpr (computes_in<Op, T>)
            ops::with_fixed_form(op, [&]<class Form>(const Form& form) {
                map_operands<T, 1, tail_for<Form>>(shape, out.impl()->data<T>(), {input},
                                                   [&](const auto& x) { return form.value(x); });
            });
    });
    if (recorded) {
        const tensor& source = in_place ? out : a;  // (a's record, wherever it is now)
        auto grad_fn = make_pooled<unary_node<Op>>(
            op, expiring && !ops::grad_reads_of<Op, 0>().lhs ? take_gradient_edge(source) : gradient_edge(source));
        grad_fn->save(input, out);
        set_history(out, std::move(grad_fn));
    } else if (in_place) {
        set_history(out, nullptr);  // (the temporary's history, if it had one, is not the output's)
    }
    return out;
}

template <class Op>
class binary_node final : public fixed_arity_node<2> {
public:
    binary_node(Op op, const tensor& lhs, const tensor& rhs)
        : fixed_arity_node<2>({lhs.requires_grad() ? gradient_edge(lhs) : edge{},
                               rhs.requires_grad() ? gradient_edge(rhs) : edge{}}),
          op_(op) {}
    std::string_view name() const override { return backward_name<Op>(); }

    void save(const tensor& lhs, const tensor& rhs, const tensor& output, bool lhs_grad, bool rhs_grad) {
        constexpr ops::reads for_lhs = ops::grad_reads_of<Op, 0>();
        constexpr ops::reads for_rhs = ops::grad_reads_of<Op, 1>();
        const auto needs = [&](bool ops::reads::*which) {
            return (lhs_grad && for_lhs.*which) || (rhs_grad && for_rhs.*which);
        };
        if (needs(&ops::reads::lhs)) saved_lhs_.save_input(lhs);
        if (needs(&ops::reads::rhs)) saved_rhs_.save_input(rhs);
        if (needs(&ops::reads::out)) saved_out_.save_output(output, *this);
        const shape_t& out = output.impl()->sizes();
        if (!(lhs.impl()->sizes() == out) || !(rhs.impl()->sizes() == out))
            operand_shapes_ = make_pooled<std::array<shape_t, 2>>(std::array<shape_t, 2>{lhs.impl()->sizes(), rhs.impl()->sizes()});
        lhs_type_ = lhs.dtype();
        rhs_type_ = rhs.dtype();
    }

    void apply(const tensor& grad_output, gradient_sink& sink) override {
        const auto edges = next_functions();  // (the last gradient computed may take grad_output's memory)
        if (edges[0].function) sink.send(0, grad_of<0>(grad_output, sink, !edges[1].function));
        if (edges[1].function) sink.send(1, grad_of<1>(grad_output, sink, true));
    }

    void release_saved() override {
        saved_lhs_.release();
        saved_rhs_.release();
        saved_out_.release();
    }
    void check_saved() const override {
        saved_lhs_.check();
        saved_rhs_.check();
        saved_out_.check();
    }

private:
    template <std::size_t K, class A, class B, class Out, class Adj>
    auto rule(const A& a, const B& b, const Out& out, const Adj& adj) const {
        if constexpr (K == 0)
            return op_.grad_lhs(a, b, out, adj);
        else
            return op_.grad_rhs(a, b, out, adj);
    }

    template <std::size_t K>
    tensor grad_of(const tensor& grad_output, gradient_sink& sink, bool last) const {
        if constexpr (requires { Op::piecewise_constant; })  // a step function: zero almost everywhere
            return zeros_tensor(operand_shape<K>(grad_output.impl()->sizes()), K == 0 ? lhs_type_ : rhs_type_);
        else
            return grad_by_rule<K>(grad_output, sink, last);
    }

    template <std::size_t K>
    tensor grad_by_rule(const tensor& grad_output, gradient_sink& sink, bool last) const {
        // (a reference: the record lives on in the gradient if it takes grad_output's memory)
        const shape_t& loop = grad_output.impl()->sizes();
        const shape_t& target = operand_shape<K>(loop);
        const dtype target_type = K == 0 ? lhs_type_ : rhs_type_;
        const auto unpack = [&](const saved_value& v, bool history) { return v.is_saved() ? v.unpack(history) : grad_output; };
        if (is_grad_enabled()) {  // the backward is recorded: the rule runs on tensors
            const tensor a = unpack(saved_lhs_, true), b = unpack(saved_rhs_, true), out = unpack(saved_out_, true);
            return detail::as_type(sum_to(tensor(rule<K>(a, b, out, grad_output)), target), target_type);
        }
        const dtype type = grad_output.dtype();
        const bool reduces = !(target == loop);
        tensor grad = reduces ? zeros_tensor(target, type)
                      : last  ? detail::gradient_memory(grad_output, loop, type, sink)
                              : empty_tensor(target, type);
        const tensor& adjoint = grad_output.defined() ? grad_output : grad;
        visit_floating(type, [&]<class T>(std::type_identity<T>) {
            if constexpr (computes_in<Op, T>) {
                const T unread{};  // (as in unary_node)
                const auto read = [&](const saved_value& v) { return v.is_saved() ? loop_operand<T>(v.value()) : loop_operand<T>(unread); };
                const std::array<loop_operand<T>, 4> inputs{read(saved_lhs_), read(saved_rhs_), read(saved_out_), adjoint};
                const auto f = [&](const auto& a, const auto& b, const auto& out, const auto& adj) { return rule<K>(a, b, out, adj); };
                T* data = grad.impl()->data<T>();
                if (reduces)
                    kernel::map_accumulate<T, 4>(loop, {data, loop_strides(*grad.impl(), loop)},
                                                 {inputs[0].along(loop), inputs[1].along(loop), inputs[2].along(loop),
                                                  inputs[3].along(loop)},
                                                 f);
                else
                    map_operands<T, 4, tail_for<Op>>(loop, data, inputs, f);
            }
        });
        return detail::as_type(std::move(grad), target_type);
    }

    // Operand K's shape: the output's (`output_shape`) unless the operand was broadcast.
    template <std::size_t K>
    const shape_t& operand_shape(const shape_t& output_shape) const {
        return operand_shapes_ ? (*operand_shapes_)[K] : output_shape;
    }

    Op op_;
    saved_value saved_lhs_, saved_rhs_, saved_out_;
    // The operands' shapes, kept only if one was broadcast: a node of the usual kind is 128 bytes
    // smaller, and more of a recorded chain stays in the first-level cache.
    std::shared_ptr<const std::array<shape_t, 2>> operand_shapes_;
    dtype lhs_type_ = dtype::float32, rhs_type_ = dtype::float32;
};

// `tensor op number` (NumberSide 1) or `number op tensor` (NumberSide 0) as an op of the tensor
// alone: Op's value and derivative with the number bound, recorded as a unary op is (one input,
// less to do per operation than for two tensors). Its grad_reads say `rhs` where Op's derivative
// reads the number.
template <class Op, std::size_t NumberSide>
struct with_number {
    static constexpr std::size_t tensor_side = 1 - NumberSide;
    static constexpr ops::reads grad_reads = []() consteval {
        constexpr ops::reads op_reads = ops::grad_reads_of<Op, tensor_side>();
        return ops::reads{.lhs = tensor_side == 0 ? op_reads.lhs : op_reads.rhs,
                          .rhs = tensor_side == 0 ? op_reads.rhs : op_reads.lhs,
                          .out = op_reads.out};
    }();
    static constexpr int cost = ops::cost_of<Op>();
    // PyTorch's names and edges: a number on the left makes a subtraction a reversed one and a
    // power torch.pow(Scalar, Tensor), both of one edge; Python divides a number by a tensor as
    // x.reciprocal() * number, whose last node is a multiplication. Otherwise the op's own name,
    // and the number's (empty) edge after the tensor's, on either side.
    static constexpr bool reversed = NumberSide == 0 && (std::is_same_v<Op, ops::sub_op> || std::is_same_v<Op, ops::pow_op>);
    static constexpr std::size_t edges = reversed ? 1 : 2;
    static constexpr std::string_view backward_name = NumberSide == 1                    ? tape::backward_name<Op>()
                                                      : std::is_same_v<Op, ops::sub_op> ? "RsubBackward1"
                                                      : std::is_same_v<Op, ops::pow_op> ? "PowBackward2"
                                                      : std::is_same_v<Op, ops::div_op> ? "MulBackward0"
                                                                                        : tape::backward_name<Op>();
    Op op;
    double number;

    template <class X>
    auto value(const X& x) const {
        if constexpr (NumberSide == 1)
            return op.value(x, bound<X>());
        else
            return op.value(bound<X>(), x);
    }
    template <class A>
    auto grad(const A& a, const auto& out, const auto& adj) const {
        if constexpr (NumberSide == 1)
            return op.grad_lhs(a, bound<A>(), out, adj);
        else
            return op.grad_rhs(bound<A>(), a, out, adj);
    }

private:
    // The number as the tensor's elements are computed: a batch of them, one of them (converted
    // to their type, as a binary loop converts it), or a double beside a tensor.
    template <class X>
    auto bound() const {
        if constexpr (math::is_batch_v<X>)
            return X(static_cast<typename X::value_type>(number));
        else
            return math::lit<X>(number);
    }
};

namespace detail {

// The operands of `lhs op rhs` in the type it computes in (undefined for a number), and the value
// computed, broadcast. Not copyable: lhs and rhs may refer to its own conversions.
class binary_values {
public:
    binary_values(const operand& lhs_operand, const operand& rhs_operand, dtype type)
        : lhs(lhs_operand.is_number() ? lhs_operand.value : in_type(lhs_operand.value, type, lhs_converted_)),
          rhs(rhs_operand.is_number() ? rhs_operand.value : in_type(rhs_operand.value, type, rhs_converted_)) {}
    binary_values(const binary_values&) = delete;
    binary_values& operator=(const binary_values&) = delete;

private:
    tensor lhs_converted_, rhs_converted_;  // (declared first: lhs and rhs may refer to them)

public:
    const tensor& lhs;
    const tensor& rhs;
    tensor out;
};

template <class Op>
void compute_binary(Op op, const operand& lhs, const operand& rhs, dtype type, binary_values& v) {
    const shape_t shape = broadcast_shapes(v.lhs.defined() ? v.lhs.impl()->sizes() : shape_t{},
                                           v.rhs.defined() ? v.rhs.impl()->sizes() : shape_t{});
    v.out = empty_tensor(shape, type);
    visit(type, [&]<class T>(std::type_identity<T>) {
        if constexpr (computes_in<Op, T>) {
            const T lhs_number = static_cast<T>(lhs.number), rhs_number = static_cast<T>(rhs.number);
            map_operands<T, 2, tail_for<Op>>(shape, v.out.impl()->data<T>(),
                               {v.lhs.defined() ? loop_operand<T>(v.lhs) : loop_operand<T>(lhs_number),
                                v.rhs.defined() ? loop_operand<T>(v.rhs) : loop_operand<T>(rhs_number)},
                               [&](const auto& x, const auto& y) { return op.value(x, y); });
        }
    });
}

}  // namespace detail

namespace detail {
// The general case of record_binary: operands of any types, broadcast. Apart, so that a tensor
// with a number does not pay for its frame.
template <class Op>
[[gnu::noinline]] tensor record_broadcast_binary(Op op, const operand& lhs, const operand& rhs, dtype promoted, dtype type) {
    binary_values v(lhs, rhs, type);
    compute_binary(op, lhs, rhs, type, v);
    if (keeps_integers<Op> && promoted == dtype::bool_)  // + and * of bools: or and and, as bools
        return convert(v.out, promoted);                // (never recorded: bools do not require grad)
    // (two tensors, then: a tensor that requires grad is floating, and with a number went to with_number)
    if (is_floating_point(type) && is_grad_enabled() && (lhs.requires_grad() || rhs.requires_grad())) {
        auto grad_fn = make_pooled<binary_node<Op>>(op, lhs.value, rhs.value);
        grad_fn->save(v.lhs, v.rhs, v.out, lhs.requires_grad(), rhs.requires_grad());
        set_history(v.out, std::move(grad_fn));
    }
    return std::move(v.out);
}
}  // namespace detail

template <class Op>
tensor record_binary(Op op, const operand& lhs, const operand& rhs) {
    const dtype promoted = result_type(lhs.promotion(), rhs.promotion());
    const dtype type = detail::compute_type<Op>(promoted);
    // A number with a tensor that computes in its own floating type (as every tensor that may
    // require grad does: a number never promotes it) is an op of the tensor alone.
    if constexpr (!requires { Op::piecewise_constant; }) {
        if (is_floating_point(type) && lhs.is_number() != rhs.is_number()) {
            if (rhs.is_number() && lhs.value.dtype() == type)
                return make_unary(with_number<Op, 1>{op, rhs.number}, lhs.value, lhs.expiring);
            if (lhs.is_number() && rhs.value.dtype() == type)
                return make_unary(with_number<Op, 0>{op, lhs.number}, rhs.value, rhs.expiring);
        }
    }
    return detail::record_broadcast_binary(op, lhs, rhs, promoted, type);
}

// The builders the op rules call on tensors (ops/math.hpp), and that operators and named
// functions use: more specialised than the static layer's, so a tensor always picks these.
// (Comparisons and where's branches have their own, in tape/comparison.hpp and tape/where.hpp.)
template <class Op>
tensor make_binary(Op op, const tensor& lhs, const tensor& rhs) {
    return record_binary(op, lhs, rhs);
}
template <class Op, class N>
    requires number<N>
tensor make_binary(Op op, const tensor& lhs, const N& rhs) {
    return record_binary(op, lhs, rhs);
}
template <class Op, class N>
    requires number<N>
tensor make_binary(Op op, const N& lhs, const tensor& rhs) {
    return record_binary(op, lhs, rhs);
}

}  // namespace etgrad::tape
