// SPDX-License-Identifier: MIT
// Runs a program (expr/program.hpp): one forward pass over the graph, then, for gradients, one
// backward pass in reverse topological order. Scalar nodes are computed once; array-valued
// elementwise chains are fused into the loops of the reductions that consume them
// (expr/loop_plan.hpp), where every element is computed in registers, with SIMD batches when the
// data allows, so no array-sized temporary is made per node. Only axis reductions store their
// result, in memory the thread reuses across evaluations (kernel/scratch.hpp).
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <xsimd/xsimd.hpp>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/loop_plan.hpp>
#include <etgrad/expr/node_rule.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/kernel/scratch.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/ops/reduction.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

// The per-binding state of a loop-free evaluation: nothing.
template <class V>
struct number_source {
    constexpr explicit number_source(const V&) {}
};
template <class V>
using source_for = std::conditional_t<bindable_number<V>, number_source<V>, array_source<V>>;

template <class Bindings>
struct sources_of;
template <class... B>
struct sources_of<std::tuple<B...>> {
    using type = std::tuple<source_for<bound_type_t<B>>...>;
};

// What an evaluation over arrays keeps at run time.
template <class P, class Bindings>
struct array_state {
    using T = typename P::value_type;
    using facts = loop_facts<P>;
    using gradient_pointers = decltype([]<std::size_t... J>(std::index_sequence<J...>) {
        return std::tuple<typename leaf_types<P, J>::gradient*...>{};
    }(std::make_index_sequence<P::size>{}));

    typename sources_of<Bindings>::type sources;
    std::array<shape_t, facts::shape_count> shapes;  // see loop_facts::shape_source
    std::array<T*, P::size> axis_values{};    // results of axis reductions
    std::array<T*, P::size> axis_adjoints{};  // and their adjoints
    gradient_pointers gradient_out{};         // placeholders: their gradient's data
    [[no_unique_address]] std::conditional_t<facts::has_axis_reductions, kernel::scratch<T>, std::monostate> memory;

    explicit array_state(const Bindings& b)
        : sources(std::apply([](const auto&... each) { return typename sources_of<Bindings>::type(each.value...); }, b)) {}
};
struct no_array_state {
    template <class Bindings>
    constexpr explicit no_array_state(const Bindings&) {}
};

// What a loop does with each element besides computing its cone.
enum class pass {
    sum,            // forward of a reduction over everything
    sum_and_keep,   // the same, keeping the operand's values for the backward pass
    fused,          // forward and backward of a reduction whose adjoint is known early
    backward,       // backward of a reduction over everything
    backward_kept,  // the same, reading the kept operand values
    axis_sum,       // forward of an axis reduction into its result
    axis_backward,  // backward of an axis reduction from its result's adjoint
    store           // eval of an array-valued root into an output
};

template <class Expr, class Bindings, class Wanted>
class evaluation {
public:
    using P = program<Expr, Bindings, Wanted>;
    using T = typename P::value_type;
    static constexpr std::size_t N = P::size;
    static constexpr std::size_t root_slot = P::root;

    constexpr evaluation(const Expr& e, const Bindings& b) : root_(e), bindings_(b), arrays_(b) {}
    static_assert(P::shapes_checked,
                  "etgrad::eval/grad/value_and_grad(f, bindings...): the fixed-size shapes of the two operands of "
                  "a binary op in f cannot broadcast");

    constexpr T value() const { return values_[root_slot]; }
    template <std::size_t I>
    constexpr T adjoint() const { return adjoints_[I]; }

    // Where the backward pass writes the gradient of an array placeholder (of its shape).
    template <std::size_t I>
    void set_gradient_output(typename leaf_types<P, I>::gradient* data) {
        std::get<I>(arrays_.gradient_out) = data;
    }

    // Gradient outputs must be set before forward(): reductions whose adjoint is known early
    // do their backward inside their forward loop.
    ETGRAD_ALWAYS_INLINE constexpr void forward() {
        set_constants();
        if constexpr (P::has_arrays) prepare_arrays();
        static_for<N>([&](auto j) { forward_slot<j>(); });
    }

    // A scalar graph differentiated with respect to one placeholder, in forward mode: values and
    // tangents in one pass, nothing kept for a backward pass. Returns d(root)/d(placeholder Leaf).
    template <std::size_t Leaf>
    ETGRAD_ALWAYS_INLINE constexpr T forward_with_tangent() {
        static_assert(!P::has_arrays);
        std::array<T, N> dt{};
        dt[Leaf] = T(1);
        set_constants();
        static_for<N>([&](auto j) {
            forward_slot<j>();
            if constexpr (P::needs_adjoint[j] && P::kinds[j] == node_kind::elementwise)
                rule<j, graph>::tangent(node<j>().op, values_, dt);
            else if constexpr (P::needs_adjoint[j] && P::kinds[j] == node_kind::reduce_all)
                dt[j] = ops::reduction_value<op_t<j>>(dt[P::children_of[j][0]], 1);
        });
        return dt[root_slot];
    }

    ETGRAD_ALWAYS_INLINE constexpr void backward() {
        adjoints_[root_slot] = T(1);
        static_for<N>([&](auto k) { backward_slot<N - 1 - k>(); });
    }

    const shape_t& shape_of(std::size_t j) const { return arrays_.shapes[loop_facts<P>::shape_index[j]]; }

    // eval of an array-valued expression: writes the root into `out` (contiguous, row-major, of
    // the root's shape).
    void write_root(T* out) {
        if constexpr (P::kinds[root_slot] == node_kind::reduce_axis) {
            const T* v = arrays_.axis_values[root_slot];
            std::copy(v, v + shape_of(root_slot).size(), out);
        } else {
            run_loop<root_slot, pass::store>(out);
        }
    }

private:
    using facts = loop_facts<P>;
    template <std::size_t R>
    using plan = loop_plan<P, R>;
    using state_t = std::conditional_t<P::has_arrays, array_state<P, Bindings>, no_array_state>;
    using batch = xsimd::batch<T>;

    const Expr& root_;
    const Bindings& bindings_;
    state_t arrays_;
    std::array<T, N> values_{};
    std::array<T, N> adjoints_{};

    template <std::size_t J>
    constexpr decltype(auto) node() const {
        using node_type = typename P::template node_t<J>;
        if constexpr (is_stateless<node_type>::value)
            return node_type{};  // no node_at<slot, whole expression>: its name is as long as the expression
        else
            return node_at<typename P::template slot_t<J>>(root_);
    }

    // Visits the constants only: a function instantiated per node is named after the whole
    // expression, and long expressions (eg::let chains) pay for every such name.
    constexpr void set_constants() {
        constexpr auto constants = [] {
            return indices_of([] {
                std::array<bool, N> m{};
                for (std::size_t j = 0; j < N; ++j) m[j] = P::kinds[j] == node_kind::constant;
                return m;
            });
        };
        for_each_listed(constants, [&](auto j) { values_[j] = static_cast<T>(node<j>().value); });
    }
    template <std::size_t J>
    using op_t = std::remove_cvref_t<decltype(P::template node_t<J>::op)>;

    // ---- one node, on numbers or batches ----------------------------------------------------
    // Values are numbered as in the graph (Loop == graph), or locally in the loop of node Loop.
    static constexpr std::size_t graph = npos;
    template <std::size_t Loop>
    static constexpr std::size_t numbered(std::size_t j) {
        if constexpr (Loop == graph)
            return j;
        else
            return plan<Loop>::local[j];
    }

    template <std::size_t J, std::size_t Loop, std::size_t K>
    static constexpr bool first_share() {
        if constexpr (Loop == graph)
            return false;
        else
            return plan<Loop>::backward.first[J][K];
    }

    // The rules of elementwise node J (expr/node_rule.hpp), its values numbered as in Loop. A node
    // without a derivative passes no adjoint on.
    template <std::size_t J, std::size_t Loop, std::size_t A = P::children_of[J][0],
              std::size_t B = P::children_of[J][P::arities[J] - 1]>
    using rule = node_rule<numbered<Loop>(J), P::arities[J], numbered<Loop>(A), numbered<Loop>(B),
                           has_derivative<typename P::template node_t<J>> && P::needs_adjoint[A],
                           has_derivative<typename P::template node_t<J>> && P::needs_adjoint[B],
                           first_share<J, Loop, 0>(), first_share<J, Loop, 1>()>;

    // ---- the graph, node by node ------------------------------------------------------------
    template <std::size_t J>
    ETGRAD_ALWAYS_INLINE constexpr void forward_slot() {
        constexpr node_kind kind = P::kinds[J];
        if constexpr (P::is_array[J]) {
            if constexpr (kind == node_kind::reduce_axis) run_loop<J, pass::axis_sum>();
        } else if constexpr (kind == node_kind::placeholder) {
            values_[J] = static_cast<T>(std::get<P::template binding_of<J>>(bindings_).value);
        } else if constexpr (kind == node_kind::constant) {
            return;  // set at the start of forward()
        } else if constexpr (kind == node_kind::elementwise) {
            rule<J, graph>::compute(node<J>().op, values_);
        } else if constexpr (P::is_array[P::children_of[J][0]]) {
            if constexpr (plan<J>::fused)
                run_loop<J, pass::fused>();
            else if constexpr (plan<J>::keeps_operand)
                run_loop<J, pass::sum_and_keep>();
            else
                run_loop<J, pass::sum>();
        } else {  // the sum of one number
            values_[J] = ops::reduction_value<op_t<J>>(values_[P::children_of[J][0]], 1);
        }
    }

    template <std::size_t J>
    ETGRAD_ALWAYS_INLINE constexpr void backward_slot() {
        constexpr node_kind kind = P::kinds[J];
        if constexpr (!P::needs_adjoint[J]) {
            return;
        } else if constexpr (kind == node_kind::elementwise && !P::is_array[J]) {
            rule<J, graph>::propagate(node<J>().op, values_, adjoints_);
        } else if constexpr (kind == node_kind::reduce_all && !P::is_array[P::children_of[J][0]]) {
            adjoints_[P::children_of[J][0]] += ops::reduction_input_adjoint<op_t<J>>(adjoints_[J], 1);
        } else if constexpr (kind == node_kind::reduce_all && !plan<J>::fused) {
            run_loop<J, plan<J>::keeps_operand ? pass::backward_kept : pass::backward>();
        } else if constexpr (kind == node_kind::reduce_axis) {
            run_loop<J, pass::axis_backward>();
        }
    }

    // Shapes, axis results and gradients that several loops accumulate into, before any loop.
    void prepare_arrays() {
        static_for<N>([&](auto j) {
            if constexpr (P::is_array[j] && facts::shape_source[j] == j) set_shape<j>();
        });
        if constexpr (facts::has_axis_reductions) {
            std::size_t total = 0;
            static_for<N>([&](auto j) {
                if constexpr (P::kinds[j] == node_kind::reduce_axis)
                    total += shape_of(j).size() * (P::needs_adjoint[j] ? 2 : 1);
            });
            T* memory = arrays_.memory.zeroed(total);
            static_for<N>([&](auto j) {
                if constexpr (P::kinds[j] == node_kind::reduce_axis) {
                    arrays_.axis_values[j] = memory;
                    memory += shape_of(j).size();
                    if constexpr (P::needs_adjoint[j]) {
                        arrays_.axis_adjoints[j] = memory;
                        memory += shape_of(j).size();
                    }
                }
            });
        }
        static_for<N>([&](auto j) {
            if constexpr (P::kinds[j] == node_kind::placeholder && P::is_array[j] && P::needs_adjoint[j] &&
                          facts::gradient_writers[j] != 1)
                clear_gradient<j>();
        });
    }

    template <std::size_t J>
    void set_shape() {
        constexpr node_kind kind = P::kinds[J];
        constexpr auto c = P::children_of[J];
        shape_t& s = arrays_.shapes[facts::shape_index[J]];
        if constexpr (kind == node_kind::placeholder)
            s = std::get<P::template binding_of<J>>(arrays_.sources).shape;
        else if constexpr (kind == node_kind::reduce_axis)
            s = remove_axis(shape_of(c[0]), node<J>().axis);
        else
            s = broadcast(shape_of(c[0]), shape_of(c[1]));
    }

    template <std::size_t L>
    void clear_gradient() {
        auto* g = std::get<L>(arrays_.gradient_out);
        std::fill(g, g + shape_of(L).size(), static_cast<std::remove_pointer_t<decltype(g)>>(0));
    }

    // The adjoint of a reduction whose adjoint is known early (Note [Early adjoints]).
    template <std::size_t I>
    constexpr T early_adjoint() const {
        if constexpr (I == root_slot) {
            return T(1);
        } else {
            constexpr std::size_t parent = facts::parent_of[I];
            std::array<T, N> adj{};
            adj[parent] = early_adjoint<parent>();
            rule<parent, graph>::propagate(node<parent>().op, values_, adj);
            return adj[I];
        }
    }

    // ---- the loops --------------------------------------------------------------------------
    // What a loop needs, copied into locals of the function that runs it (Note [Kernels keep
    // their state in locals] in kernel/loop.hpp).
    template <std::size_t R, class Ops>
    struct frame {
        using pl = plan<R>;
        using ops_type = Ops;
        using data_pointers = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
            return std::tuple<const typename leaf_types<P, pl::array_leaves[K]>::data*...>{};
        }(std::make_index_sequence<pl::K>{}));
        using gradient_pointers = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
            return std::tuple<typename leaf_types<P, pl::array_leaves[K]>::gradient*...>{};
        }(std::make_index_sequence<pl::K>{}));

        Ops ops;  // the cone's ops, in cone order
        std::array<T, pl::scalar_leaves.size()> scalars;
        data_pointers data;
        gradient_pointers gradients;
    };

    // Sums a loop keeps per stream of batches: the reduction's, and the summed leaves' adjoints.
    template <class V, std::size_t S>
    struct sums {
        V total = V(T(0));
        std::array<V, S> adjoints = filled(V(T(0)));
        static constexpr std::array<V, S> filled(V v) {
            std::array<V, S> a;
            a.fill(v);
            return a;
        }
    };
    template <std::size_t S>
    struct loop_result {
        T total = T(0);
        std::array<T, S> adjoints{};
    };

    template <std::size_t R, pass Pass>
    static constexpr bool sums_operand = Pass == pass::sum || Pass == pass::sum_and_keep || Pass == pass::fused;
    template <std::size_t R, pass Pass>
    static constexpr bool propagates = Pass == pass::fused || Pass == pass::backward ||
                                       Pass == pass::backward_kept || Pass == pass::axis_backward;
    template <std::size_t R, pass Pass>
    static constexpr bool has_target = Pass == pass::axis_sum || Pass == pass::axis_backward || Pass == pass::store;
    // The work of one element of a loop with these (fixed-form) ops.
    template <class Ops>
    static constexpr int element_cost = []<std::size_t... K>(std::index_sequence<K...>) {
        return (0 + ... + ops::cost_of<std::tuple_element_t<K, Ops>>());
    }(std::make_index_sequence<std::tuple_size_v<Ops>>{});
    // Independent accumulator streams: enough to hide add latency, few enough for registers. An
    // element that costs a transcendental function hides that latency by itself: one stream, as
    // each stream is another inlined copy of the element (compile time, code size). A pass that
    // reads the kept operand does not compute it.
    template <std::size_t R, pass Pass, class Ops>
    static constexpr std::size_t streams = [] {
        if (Pass != pass::backward_kept && element_cost<Ops> >= ops::transcendental_cost) return std::size_t(1);
        const std::size_t sums = (sums_operand<R, Pass> || Pass == pass::axis_sum ? 1 : 0) +
                                 (propagates<R, Pass> ? plan<R>::summed_leaves.size() : 0);
        return std::size_t(sums == 0 ? 2 : sums <= 2 ? 4 : sums <= 4 ? 2 : 1);  // at most 8 accumulators
    }();

    // The ops of a loop's cone; an op with a fixed form (ops/traits.hpp) is replaced by it, for
    // at most two ops per loop (each doubles the loop's instantiations).
    template <std::size_t R>
    auto cone_ops() const {
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return std::tuple<op_t<plan<R>::cone[K]>...>{node<plan<R>::cone[K]>().op...};
        }(std::make_index_sequence<plan<R>::cone.size()>{});
    }
    template <std::size_t From, std::size_t Budget, class Ops>
    struct fixed_forms {
        template <class F>
        static void apply(const Ops& ops, F&& f) {
            if constexpr (From == std::tuple_size_v<Ops> || Budget == 0) {
                f(ops);
            } else if constexpr (!ops::has_fixed_forms<std::tuple_element_t<From, Ops>>) {
                fixed_forms<From + 1, Budget, Ops>::apply(ops, f);
            } else {
                ops::with_fixed_form(std::get<From>(ops), [&](const auto& form) {
                    auto replaced = [&]<std::size_t... I>(std::index_sequence<I...>) {
                        return std::tuple<std::conditional_t<I == From, std::remove_cvref_t<decltype(form)>,
                                                             std::tuple_element_t<I, Ops>>...>{[&] {
                            if constexpr (I == From)
                                return form;
                            else
                                return std::get<I>(ops);
                        }()...};
                    }(std::make_index_sequence<std::tuple_size_v<Ops>>{});
                    fixed_forms<From + 1, Budget - 1, decltype(replaced)>::apply(replaced, f);
                });
            }
        }
    };

    template <std::size_t R, pass Pass>
    void run_loop(T* out = nullptr) {
        const auto ops = cone_ops<R>();
        fixed_forms<0, 2, std::remove_const_t<decltype(ops)>>::apply(
            ops, [&](const auto& fixed) { run_loop_with<R, Pass>(fixed, out); });
    }

    template <std::size_t R, pass Pass, class Ops>
    void run_loop_with(const Ops& ops, T* out) {
        using pl = plan<R>;
        const shape_t& loop = shape_of(pl::operand);
        const std::size_t n = loop.size();

        frame<R, Ops> f{ops, {}, {}, {}};
        static_for<pl::scalar_leaves.size()>([&](auto k) { f.scalars[k] = values_[pl::scalar_leaves[k]]; });
        static_for<pl::K>([&](auto k) {
            constexpr std::size_t leaf = pl::array_leaves[k];
            if constexpr (P::kinds[leaf] == node_kind::placeholder) {
                std::get<k>(f.data) = std::get<P::template binding_of<leaf>>(arrays_.sources).data;
                std::get<k>(f.gradients) = std::get<leaf>(arrays_.gradient_out);
            } else {
                std::get<k>(f.data) = arrays_.axis_values[leaf];
                std::get<k>(f.gradients) = arrays_.axis_adjoints[leaf];
            }
        });

        // The target: an array indexed along the loop, of the loop's rank.
        T* target = out;
        shape_t target_shape = loop;
        T seed = T(0);  // the operand's adjoint, or the factor of the loaded one
        if constexpr (Pass == pass::axis_sum || Pass == pass::axis_backward) {
            const std::size_t axis = node<R>().axis;
            target = Pass == pass::axis_sum ? arrays_.axis_values[R] : arrays_.axis_adjoints[R];
            target_shape = keepdim(loop, axis);
            seed = ops::reduction_input_adjoint<op_t<R>>(T(1), loop.dims[axis]);
        } else if constexpr (Pass == pass::fused) {
            seed = ops::reduction_input_adjoint<op_t<R>>(early_adjoint<R>(), n);
        } else if constexpr (Pass == pass::backward || Pass == pass::backward_kept) {
            seed = ops::reduction_input_adjoint<op_t<R>>(adjoints_[R], n);
        }

        // Leaves whose shape is the loop's by construction (facts::shape_source) need no check.
        constexpr bool always_flat = [] {
            bool same = !has_target<R, Pass>;
            static_for<pl::K>([&](auto k) {
                same = same && facts::shape_index[pl::array_leaves[k]] == facts::shape_index[pl::operand];
            });
            return same;
        }();
        const auto result = [&] {
            if constexpr (always_flat) {
                return flat_loop<R, Pass>(f, seed, target, n);
            } else if constexpr (Pass == pass::axis_sum || Pass == pass::axis_backward) {
                // the target has the loop's shape only when the axis has extent 1: rows handle that
                return broadcast_loop<R, Pass>(f, seed, target, target_shape, loop);
            } else {
                bool flat = !has_target<R, Pass> || target_shape == loop;
                static_for<pl::K>([&](auto k) { flat = flat && shape_of(pl::array_leaves[k]) == loop; });
                return flat || loop.rank == 0 ? flat_loop<R, Pass>(f, seed, target, n)
                                              : broadcast_loop<R, Pass>(f, seed, target, target_shape, loop);
            }
        }();

        if constexpr (sums_operand<R, Pass>) values_[R] = ops::reduction_value<op_t<R>>(result.total, n);
        if constexpr (propagates<R, Pass>)
            static_for<pl::summed_leaves.size()>([&](auto k) { adjoints_[pl::summed_leaves[k]] += result.adjoints[k]; });
        if constexpr (Pass == pass::axis_sum) {
            const T scale = ops::reduction_value<op_t<R>>(T(1), loop.dims[node<R>().axis]);
            if (scale != T(1))
                for (T *p = target, *end = target + shape_of(R).size(); p != end; ++p) *p *= scale;
        }
    }

    // Every element in order, all operands at the same offset; sole-written gradients are stored.
    template <std::size_t R, pass Pass, class Frame>
    static loop_result<plan<R>::summed_leaves.size()> flat_loop(const Frame& frame_in, T seed, T* target,
                                                                std::size_t n) {
        const Frame f = frame_in;  // a local: gradient stores cannot alias it
        constexpr std::size_t S = plan<R>::summed_leaves.size();
        constexpr std::size_t U = streams<R, Pass, typename Frame::ops_type>;
        std::array<sums<batch, S>, U> lanes{};
        sums<T, S> tail{};
        kernel::contiguous<T, U, plan<R>::simd>(n, [&](std::size_t i, auto lane, auto u) ETGRAD_INLINE_LAMBDA {
            using V = typename decltype(lane)::type;
            auto& acc = [&]() -> auto& {
                if constexpr (std::is_same_v<V, T>)
                    return tail;
                else
                    return lanes[u];
            }();
            element<R, Pass, true, false>(f, acc, V(seed), target, [i](std::size_t) { return i; });
        });
        return combine<S>(lanes, tail);
    }

    // Operands broadcast against the loop: rows along the last axis, in SIMD when every array
    // leaf is contiguous along it. The target (an axis reduction's result or adjoint) is either
    // contiguous along the row or one element per row, kept in a register for the row.
    template <std::size_t R, pass Pass, class Frame>
    loop_result<plan<R>::summed_leaves.size()> broadcast_loop(const Frame& frame_in, T seed, T* target,
                                                              const shape_t& target_shape, const shape_t& loop) {
        const Frame f = frame_in;  // a local: gradient stores cannot alias it
        using pl = plan<R>;
        constexpr std::size_t K = pl::K;
        constexpr std::size_t S = pl::summed_leaves.size();
        std::array<strides_t, K + 1> strides{};
        static_for<K>([&](auto k) { strides[k] = broadcast_strides(shape_of(pl::array_leaves[k]), loop); });
        strides[K] = broadcast_strides(target_shape, loop);
        // gradients this loop alone writes are accumulated here, from zero
        if constexpr (propagates<R, Pass>)
            static_for<K>([&](auto k) {
                constexpr std::size_t leaf = pl::array_leaves[k];
                if constexpr (P::kinds[leaf] == node_kind::placeholder && P::needs_adjoint[leaf] &&
                              pl::template sole_writer<leaf>)
                    clear_gradient<leaf>();
            });
        const std::size_t last = loop.rank - 1;
        bool contiguous_rows = pl::simd;
        static_for<K>([&](auto k) { contiguous_rows = contiguous_rows && strides[k][last] == 1; });
        const bool row_target = has_target<R, Pass> && strides[K][last] == 0;

        std::array<sums<batch, S>, streams<R, Pass, typename Frame::ops_type>> lanes{};
        sums<T, S> tail{};
        // Each instantiation of `row` is another copy of the loop body: only those that can run.
        kernel::for_each_row(loop, strides, [&](const std::array<std::size_t, K + 1>& base) ETGRAD_INLINE_LAMBDA {
            if constexpr (has_target<R, Pass>) {
                if (row_target) {
                    if (contiguous_rows)
                        row<R, Pass, true, true>(f, lanes, tail, seed, target, base, strides, last, loop.dims[last]);
                    else
                        row<R, Pass, false, true>(f, lanes, tail, seed, target, base, strides, last, loop.dims[last]);
                    return;
                }
            }
            if (contiguous_rows)
                row<R, Pass, true, false>(f, lanes, tail, seed, target, base, strides, last, loop.dims[last]);
            else
                row<R, Pass, false, false>(f, lanes, tail, seed, target, base, strides, last, loop.dims[last]);
        });
        return combine<S>(lanes, tail);
    }

    template <std::size_t R, pass Pass, bool Contiguous, bool RowTarget, class Frame, class Lanes, class Tail,
              std::size_t Operands>
    static ETGRAD_ALWAYS_INLINE void row(const Frame& f, Lanes& lanes, Tail& tail, T seed, T* target,
                                         const std::array<std::size_t, Operands>& base,
                                         const std::array<strides_t, Operands>& strides, std::size_t last,
                                         std::size_t length) {
        constexpr std::size_t K = Operands - 1;
        std::array<std::size_t, K> step{};  // 0 or 1: the data is row-major
        if constexpr (!Contiguous)
            for (std::size_t k = 0; k < K; ++k) step[k] = strides[k][last];
        if constexpr (RowTarget && Pass == pass::axis_sum) {
            for (auto& l : lanes) l.total = batch(T(0));
            tail.total = T(0);
        }
        const T row_seed = RowTarget && Pass == pass::axis_backward ? target[base[K]] * seed : seed;
        kernel::contiguous<T, streams<R, Pass, typename Frame::ops_type>, Contiguous>(
            length, [&](std::size_t i, auto lane, auto u) ETGRAD_INLINE_LAMBDA {
                using V = typename decltype(lane)::type;
                auto& acc = [&]() -> auto& {
                    if constexpr (std::is_same_v<V, T>)
                        return tail;
                    else
                        return lanes[u];
                }();
                const auto at = [&](std::size_t k) {
                    if (k == K) return RowTarget ? base[K] : base[K] + i;
                    if constexpr (Contiguous)
                        return base[k] + i;
                    else
                        return base[k] + i * step[k];
                };
                element<R, Pass, false, RowTarget>(f, acc, V(row_seed), target, at);
            });
        if constexpr (RowTarget && Pass == pass::axis_sum) {  // one horizontal add per row
            batch total = lanes[0].total;
            for (std::size_t u = 1; u < lanes.size(); ++u) total += lanes[u].total;
            target[base[K]] += kernel::lane_sum(total) + tail.total;
        }
    }
    template <std::size_t S, class Lanes, class Tail>
    static loop_result<S> combine(const Lanes& lanes, const Tail& tail) {
        loop_result<S> r{tail.total, tail.adjoints};
        for (const auto& l : lanes) {
            r.total += kernel::lane_sum(l.total);
            for (std::size_t s = 0; s < S; ++s) r.adjoints[s] += kernel::lane_sum(l.adjoints[s]);
        }
        return r;
    }

    // One element (or batch) of loop R: its cone forward, then what the pass does with it.
    // `at(k)` is the offset of array leaf k, `at(K)` that of the target.
    template <std::size_t R, pass Pass, bool Flat, bool RowTarget, class Frame, class Acc, class V, class At>
    static ETGRAD_ALWAYS_INLINE void element(const Frame& f, Acc& acc, V seed, T* target, const At& at) {
        using pl = plan<R>;
        constexpr std::size_t K = pl::K;
        constexpr std::size_t op = pl::local[pl::operand];
        constexpr bool kept = Flat && Pass == pass::backward_kept;
        std::array<V, pl::M> v;
        static_for<pl::scalar_leaves.size()>([&](auto k) ETGRAD_INLINE_LAMBDA { v[pl::local[pl::scalar_leaves[k]]] = V(f.scalars[k]); });
        static_for<K>([&](auto k) ETGRAD_INLINE_LAMBDA { v[pl::local[pl::array_leaves[k]]] = kernel::load<V>(std::get<k>(f.data), at(k)); });
        if constexpr (kept) v[op] = kernel::load<V>(keeper(f), at(pl::keeper));
        constexpr bool forward_mode = propagates<R, Pass> && pl::forward_mode;
        [[maybe_unused]] std::array<V, pl::M> dt;  // forward mode: tangents, set where they exist
        if constexpr (forward_mode) dt[pl::local[pl::array_leaves[pl::tangent_leaf]]] = V(T(1));
        static_for<pl::cone.size()>([&](auto k) ETGRAD_INLINE_LAMBDA {
            constexpr std::size_t j = pl::cone[k];
            if constexpr (!kept || j != pl::operand) rule<j, R>::compute(std::get<k>(f.ops), v);
            if constexpr (forward_mode && P::needs_adjoint[j]) rule<j, R>::tangent(std::get<k>(f.ops), v, dt);
        });

        if constexpr (sums_operand<R, Pass> || (RowTarget && Pass == pass::axis_sum)) acc.total += v[op];
        if constexpr (Flat && Pass == pass::sum_and_keep) kernel::store(keeper(f), at(pl::keeper), v[op]);
        if constexpr (Pass == pass::store) kernel::store(target, at(K), v[op]);
        if constexpr (Pass == pass::axis_sum && !RowTarget) kernel::accumulate(target, at(K), v[op]);

        if constexpr (forward_mode) {
            constexpr std::size_t k = pl::tangent_leaf;
            V share = seed * dt[op];
            if constexpr (Pass == pass::axis_backward && !RowTarget) share = kernel::load<V>(target, at(K)) * share;
            if constexpr (Flat && pl::template sole_writer<pl::array_leaves[k]>)
                kernel::store(std::get<k>(f.gradients), at(k), share);
            else
                kernel::accumulate(std::get<k>(f.gradients), at(k), share);
        } else if constexpr (propagates<R, Pass>) {
            std::array<V, pl::M> adj;  // each entry is assigned before it is read
            if constexpr (Pass == pass::axis_backward && !RowTarget)
                adj[op] = kernel::load<V>(target, at(K)) * seed;
            else
                adj[op] = seed;
            static_for<pl::cone.size()>([&](auto k) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t c = pl::cone.size() - 1 - k;
                if constexpr (pl::backward.reached[pl::cone[c]]) rule<pl::cone[c], R>::propagate(std::get<c>(f.ops), v, adj);
            });
            static_for<K>([&](auto k) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t leaf = pl::array_leaves[k];
                if constexpr (P::needs_adjoint[leaf]) {
                    const V share = pl::backward.reached[leaf] ? adj[pl::local[leaf]] : V(T(0));
                    if constexpr (Flat && pl::template sole_writer<leaf>)
                        kernel::store(std::get<k>(f.gradients), at(k), share);
                    else if constexpr (pl::backward.reached[leaf])
                        kernel::accumulate(std::get<k>(f.gradients), at(k), share);
                }
            });
            static_for<pl::summed_leaves.size()>([&](auto s) ETGRAD_INLINE_LAMBDA {
                if constexpr (pl::backward.reached[pl::summed_leaves[s]]) acc.adjoints[s] += adj[pl::local[pl::summed_leaves[s]]];
            });
        }
    }

    template <class Frame>
    static ETGRAD_ALWAYS_INLINE T* keeper(const Frame& f) {
        return std::get<Frame::pl::keeper>(f.gradients);
    }
};

}  // namespace etgrad::detail
