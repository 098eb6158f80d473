// SPDX-License-Identifier: MIT
// Runs a program (expr/program.hpp): which passes run, in which order, and with what per-call
// state. One forward pass over the graph, then, for gradients, one backward pass in reverse
// topological order. Scalar nodes are computed here, once each; array-valued elementwise chains
// are fused into the loops of the reductions that consume them (expr/fused_loop.hpp), so no
// array-sized temporary is made per node. Only axis reductions, materialised nodes (matrix
// products, max, softmax, ...) and their operands store their values, in memory the thread
// reuses across evaluations (kernel/scratch.hpp; Note [Materialised nodes] in
// expr/materialised.hpp).
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <etgrad/expr/early_adjoints.hpp>
#include <etgrad/expr/fixed_forms.hpp>
#include <etgrad/expr/flat_tuple.hpp>
#include <etgrad/expr/fused_loop.hpp>
#include <etgrad/expr/loop_facts.hpp>
#include <etgrad/expr/loop_pass.hpp>
#include <etgrad/expr/loop_plan.hpp>
#include <etgrad/expr/materialised.hpp>
#include <etgrad/expr/numbered_rule.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/run_state.hpp>
#include <etgrad/expr/shape_sources.hpp>
#include <etgrad/expr/slice.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/python_index.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/ops/reduction.hpp>

namespace etgrad::detail {

template <class Expr, class Bindings, class Wanted>
class evaluation {
public:
    using P = program<Expr, Bindings, Wanted>;
    using T = typename P::value_type;
    static constexpr std::size_t N = P::size;
    static constexpr std::size_t root_slot = P::root;

    constexpr evaluation(const Expr& e, const Bindings& b) : root_(e), bindings_(b), arrays_(b) {}
    // A rank mistake, reported here when no call checked f before (eg::apply); then nothing else
    // is compiled.
    static constexpr bool ranks_fit = []() consteval {
        if constexpr (is_mistake<typename P::rank_mistake>) {
            static_cast<void>(&report<typename P::rank_mistake>);
            return false;
        } else {
            return true;
        }
    }();
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
        if constexpr (ranks_fit) {
            set_constants();
            if constexpr (P::has_arrays) prepare_arrays();
            for_each_where<N>(acts_forward, [&](auto j) { forward_slot<j>(); });
        }
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
                rule<j>.tangent(node<j>().op, values_, dt);
            else if constexpr (P::needs_adjoint[j] && P::kinds[j] == node_kind::reduce_all)
                dt[j] = ops::reduction_value<op_t<j>>(dt[P::children_of[j][0]], 1);
        });
        return dt[root_slot];
    }

    ETGRAD_ALWAYS_INLINE constexpr void backward() {
        adjoints_[root_slot] = T(1);
        for_each_where_reversed<N>(acts_backward, [&](auto j) { backward_slot<j>(); });
        if constexpr (facts::has_later_slices) add_slices_written_apart();
    }

    const shape_t& shape_of(std::size_t j) const { return arrays_.shapes[shapes::index[j]]; }

    // eval of an array-valued expression: writes the root into `out` (contiguous, row-major, of
    // the root's shape).
    void write_root(T* out) {
        if constexpr (facts::stored[root_slot]) {
            const T* v = arrays_.stored_values[root_slot];
            std::copy(v, v + shape_of(root_slot).size(), out);
        } else {
            run_loop<root_slot, pass::store>(out);
        }
    }

private:
    using facts = loop_facts<P>;
    using shapes = shape_sources<P>;
    template <std::size_t R>
    using plan = loop_plan<P, R>;
    using state_t = std::conditional_t<P::has_arrays, array_state<P, Bindings>, no_array_state>;

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

    constexpr void set_constants() {
        for_each_where<N>([](std::size_t j) { return P::kinds[j] == node_kind::constant; },
                          [&](auto j) { values_[j] = static_cast<T>(node<j>().value); });
    }
    template <std::size_t J>
    using op_t = typename P::template op_t<J>;

    template <std::size_t J>
    static constexpr auto rule = rule_of<P, J, whole_graph>;

    // ---- the graph, node by node ------------------------------------------------------------
    // The nodes each pass visits: those whose forward_slot or backward_slot below does something.
    // Only they get a function: one per node is named after the whole expression, and long
    // expressions (eg::let chains) pay for every such name. A branch added to a slot must be
    // added here too, or its nodes are never visited.
    static constexpr auto acts_forward = [](std::size_t j) {
        const node_kind k = P::kinds[j];
        return k == node_kind::materialised ||
               (P::is_array[j] ? k == node_kind::reduce_axis || facts::stored[j] : k != node_kind::constant);
    };
    static constexpr auto acts_backward = [](std::size_t j) {
        const node_kind k = P::kinds[j];
        return P::needs_adjoint[j] &&
               ((k == node_kind::elementwise && (!P::is_array[j] || facts::stored[j])) || k == node_kind::element ||
                k == node_kind::reduce_all || k == node_kind::reduce_axis || k == node_kind::materialised);
    };

    template <std::size_t J>
    ETGRAD_ALWAYS_INLINE constexpr void forward_slot() {
        // (runs only for the nodes acts_forward lists: a new branch here goes there too)
        constexpr node_kind kind = P::kinds[J];
        if constexpr (kind == node_kind::materialised) {
            materialised<J>::forward(node<J>().op, operands<J>(), value_memory<J>());
        } else if constexpr (P::is_array[J]) {
            if constexpr (kind == node_kind::reduce_axis)
                run_loop<J, pass::axis_sum>();
            else if constexpr (facts::stored[J])
                run_loop<J, pass::store>(arrays_.stored_values[J]);
        } else if constexpr (kind == node_kind::placeholder) {
            values_[J] = static_cast<T>(std::get<P::template binding_of<J>>(bindings_).value);
        } else if constexpr (kind == node_kind::constant) {
            return;  // set at the start of forward()
        } else if constexpr (kind == node_kind::elementwise) {
            rule<J>.compute(node<J>().op, values_);
        } else if constexpr (kind == node_kind::element) {
            const std::size_t i = python_index(node<J>().index, 0, static_cast<std::int64_t>(vector_shape<J>().dims[0]));
            arrays_.offsets[J] = i;
            values_[J] = static_cast<T>(std::get<P::template binding_of<J>>(arrays_.sources).data[i]);
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
        // (runs only for the nodes acts_backward lists: a new branch here goes there too)
        constexpr node_kind kind = P::kinds[J];
        if constexpr (!P::needs_adjoint[J]) {
            return;
        } else if constexpr (kind == node_kind::elementwise && !P::is_array[J]) {
            rule<J>.propagate(node<J>().op, values_, adjoints_);
        } else if constexpr (kind == node_kind::element) {
            auto* g = std::get<P::children_of[J][0]>(arrays_.gradient_out) + arrays_.offsets[J];
            *g += static_cast<std::remove_pointer_t<decltype(g)>>(adjoints_[J]);
        } else if constexpr (kind == node_kind::reduce_all && !P::is_array[P::children_of[J][0]]) {
            adjoints_[P::children_of[J][0]] += ops::reduction_input_adjoint<op_t<J>>(adjoints_[J], 1);
        } else if constexpr (kind == node_kind::reduce_all) {
            // (nested: a condition `kind == ... && !plan<J>::fused` would instantiate the plan of
            // every node that reaches it, a loop's plan for each array node)
            if constexpr (!plan<J>::fused) run_loop<J, plan<J>::keeps_operand ? pass::backward_kept : pass::backward>();
        } else if constexpr (kind == node_kind::reduce_axis) {
            run_loop<J, pass::axis_backward>();
        } else if constexpr (kind == node_kind::materialised) {
            materialised_backward<J>();
        } else if constexpr (kind == node_kind::elementwise && facts::stored[J]) {
            run_loop<J, pass::stored_backward>();
        }
    }

    // ---- materialised nodes (Note [Materialised nodes]) -------------------------------------
    template <std::size_t J>
    using materialised = ranked_rule<op_t<J>, P::operand_rank(J, 0), P::operand_rank(J, 1)>;

    // Where an array operand's values are: a placeholder's bound data (at a slice's offset), or a
    // stored node's memory.
    template <std::size_t C>
    const T* operand_data() const {
        constexpr bool element_type_matches = std::is_same_v<typename leaf_types<P, C>::data, T> &&
                                              std::is_same_v<typename leaf_types<P, C>::gradient, T>;
        if constexpr ((P::kinds[C] == node_kind::placeholder || P::kinds[C] == node_kind::slice) &&
                      !element_type_matches) {
            static_assert(element_type_matches,
                          "etgrad::matmul/dot/transpose/max/min/prod/logsumexp/softmax/log_softmax(a, ...): an "
                          "operand bound directly to a placeholder must hold the evaluation's element type (bind "
                          "every operand with the same one)");
            return nullptr;  // (no second error)
        } else if constexpr (P::kinds[C] == node_kind::placeholder || P::kinds[C] == node_kind::slice) {
            const T* data = std::get<P::template binding_of<C>>(arrays_.sources).data;
            if constexpr (P::kinds[C] == node_kind::slice) data += arrays_.offsets[C];
            return data;
        } else {
            return arrays_.stored_values[C];
        }
    }
    template <std::size_t J>
    std::array<stored_array<T>, P::arities[J]> operands() const {
        std::array<stored_array<T>, P::arities[J]> a{};
        static_for<P::arities[J]>([&](auto k) {
            constexpr std::size_t c = P::children_of[J][k];
            a[k] = {operand_data<c>(), shape_of(c)};
        });
        return a;
    }
    template <std::size_t J>
    T* value_memory() {
        if constexpr (P::is_array[J])
            return arrays_.stored_values[J];
        else
            return &values_[J];
    }
    template <std::size_t J>
    const T* adjoint_memory() const {
        if constexpr (P::is_array[J])
            return arrays_.stored_adjoints[J];
        else
            return &adjoints_[J];
    }
    template <std::size_t J>
    stored_array<T> stored_of(const T* data) const {
        if constexpr (P::is_array[J])
            return {data, shape_of(J)};
        else
            return {data, shape_t{}};
    }
    // The shape of materialised node J, checked against its operands'.
    template <std::size_t J>
    shape_t materialised_shape() const {
        std::array<shape_t, P::arities[J]> s{};
        static_for<P::arities[J]>([&](auto k) { s[k] = shape_of(P::children_of[J][k]); });
        return materialised<J>::shape(node<J>().op, s);
    }

    template <std::size_t J>
    void materialised_backward() {
        const auto x = operands<J>();
        const stored_array<T> out = stored_of<J>(value_memory<J>());
        const stored_array<T> adj = stored_of<J>(adjoint_memory<J>());
        static_for<P::arities[J]>([&](auto k) {
            constexpr std::size_t c = P::children_of[J][k];
            if constexpr (P::needs_adjoint[c]) {
                T* dest = [&] {
                    if constexpr (P::kinds[c] == node_kind::placeholder)
                        return std::get<c>(arrays_.gradient_out);
                    else if constexpr (P::kinds[c] == node_kind::slice)  // into x's gradient, zeroed before
                        return std::get<P::children_of[c][0]>(arrays_.gradient_out) + arrays_.offsets[c];
                    else
                        return arrays_.stored_adjoints[c];
                }();
                constexpr bool accumulate = P::kinds[c] == node_kind::slice || !facts::stored_gradient[c];
                materialised<J>::template backward<k>(node<J>().op, x, out, adj, dest, accumulate);
            }
        });
    }

    // Shapes, axis results and gradients that several loops accumulate into, before any loop.
    void prepare_arrays() {
        for_each_where<N>([](std::size_t j) { return P::is_array[j] && shapes::source[j] == j; },
                          [&](auto j) { set_shape<j>(); });
        // a number's shape is checked here, an array's in set_shape
        for_each_where<N>([](std::size_t j) { return P::kinds[j] == node_kind::materialised && !P::is_array[j]; },
                          [&](auto j) { materialised_shape<j>(); });
        if constexpr (facts::has_later_slices) find_slice_homes();
        if constexpr (facts::uses_scratch) {
            // what is accumulated comes first and is zeroed; stored slice parts follow, as they are
            // (a visit of these nodes only: a function per node of the graph otherwise)
            constexpr auto in_scratch = [](std::size_t j) { return facts::stored[j] || facts::later_slice[j]; };
            std::size_t zeroed = 0, total = 0;
            for_each_where<N>(in_scratch, [&](auto j) {
                std::size_t size = 0;
                if constexpr (facts::stored[j])
                    size = shape_of(j).size() * (P::needs_adjoint[j] ? 2 : 1);
                else
                    size = arrays_.slice_home[j] == j ? shape_of(j).size() : 0;
                total += size;
                if constexpr (!facts::slice_part_stored[j]) zeroed += size;
            });
            T* memory = arrays_.memory.with_zeroed_start(total, zeroed);
            T* stored_parts = memory + zeroed;
            for_each_where<N>(in_scratch, [&](auto j) {
                if constexpr (facts::stored[j]) {
                    arrays_.stored_values[j] = memory;
                    memory += shape_of(j).size();
                    if constexpr (P::needs_adjoint[j]) {
                        arrays_.stored_adjoints[j] = memory;
                        memory += shape_of(j).size();
                    }
                } else {
                    T*& next = facts::slice_part_stored[j] ? stored_parts : memory;
                    if (arrays_.slice_home[j] == j) {
                        arrays_.slice_gradients[j] = next;
                        next += shape_of(j).size();
                    }
                }
            });
        }
        for_each_where<N>([](std::size_t j) {
            return P::kinds[j] == node_kind::placeholder && P::is_array[j] && P::needs_adjoint[j] &&
                   !facts::stored_gradient[j];
        }, [&](auto j) {
            if constexpr (facts::sliced_in_one_loop[j])
                clear_outside_first_slice<j>();
            else
                clear_gradient<j>();
        });
    }

    // Note [Slice parts stored]: placeholder L's gradient outside its first slice's range.
    template <std::size_t L>
    void clear_outside_first_slice() {
        constexpr std::size_t first = facts::template first_slice_of<L>;
        auto* g = std::get<L>(arrays_.gradient_out);
        using G = std::remove_pointer_t<decltype(g)>;
        const std::size_t begin = arrays_.offsets[first], end = begin + shape_of(first).size();
        std::fill(g, g + begin, G(0));
        std::fill(g + end, g + shape_of(L).size(), G(0));
    }

    // Note [Slices written apart]: each slice's first equal slice of the same placeholder.
    void find_slice_homes() {
        constexpr auto differentiated_slice = [](std::size_t j) {
            return P::kinds[j] == node_kind::slice && P::needs_adjoint[j];
        };
        for_each_where<N>(differentiated_slice, [&](auto j) {
            arrays_.slice_home[j] = j;
            // the earlier such slices of the same placeholder
            for_each_where<j>([](std::size_t i) {
                return P::kinds[i] == node_kind::slice && P::needs_adjoint[i] &&
                       P::children_of[i][0] == P::children_of[decltype(j)::value][0];
            }, [&](auto i) {
                if (arrays_.slice_home[j] == j && arrays_.offsets[i] == arrays_.offsets[j] && shape_of(i) == shape_of(j))
                    arrays_.slice_home[j] = arrays_.slice_home[i];
            });
        });
    }

    // Note [Slices written apart]: the parts that slices accumulated apart, added into the gradient.
    void add_slices_written_apart() {
        for_each_where<N>([](std::size_t j) { return facts::later_slice[j]; }, [&](auto j) {
            const T* part = arrays_.slice_gradients[j];
            if (arrays_.slice_home[j] != j || part == nullptr) return;  // (null: written directly)
            T* g = std::get<P::children_of[j][0]>(arrays_.gradient_out) + arrays_.offsets[j];
            for (std::size_t i = 0, n = shape_of(j).size(); i < n; ++i) g[i] += part[i];
        });
    }

    template <std::size_t J>
    void set_shape() {
        constexpr node_kind kind = P::kinds[J];
        constexpr auto c = P::children_of[J];
        shape_t& s = arrays_.shapes[shapes::index[J]];
        if constexpr (kind == node_kind::placeholder) {
            assign_bound_shape(s, std::get<P::template binding_of<J>>(bindings_).value);
        } else if constexpr (kind == node_kind::slice) {
            const axis_range r =
                python_slice(static_cast<std::int64_t>(vector_shape<J>().dims[0]), node<J>().begin, node<J>().end);
            arrays_.offsets[J] = r.start;
            s = shape_t{1, {r.length}};
        } else if constexpr (kind == node_kind::reduce_axis) {
            s = remove_axis(shape_of(c[0]), wrap_dim(node<J>().axis, shape_of(c[0]).rank));
        } else if constexpr (kind == node_kind::materialised) {
            s = materialised_shape<J>();
        } else {
            assign_broadcast(s, shape_of(c[0]), shape_of(c[1]));
        }
    }

    // The shape of the placeholder that slice or element J reads, which must be 1-D.
    template <std::size_t J>
    const shape_t& vector_shape() const {
        const shape_t& s = shape_of(P::children_of[J][0]);
        if (s.rank != 1) throw_not_one_dimensional(P::template node_t<J>::name.view(), s);
        return s;
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
            constexpr std::size_t parent = early_adjoints<P>::parent_of[I];
            std::array<T, N> adj{};
            adj[parent] = early_adjoint<parent>();
            rule<parent>.propagate(node<parent>().op, values_, adj);
            return adj[I];
        }
    }

    // ---- the loops ----------------------------------------------------------------------------
    // The ops of a loop's cone, in cone order.
    template <std::size_t R>
    auto cone_ops() const {
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return flat_tuple<op_t<plan<R>::cone[K]>...>{{node<plan<R>::cone[K]>().op}...};
        }(std::make_index_sequence<plan<R>::cone.size()>{});
    }

    // At most two ops per loop are replaced by their fixed form (each doubles the loop's
    // instantiations).
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

        loop_frame<P, R, Ops> f{ops, {}, {}, {}};
        static_for<pl::scalar_leaves.size()>([&](auto k) { f.scalars[k] = values_[pl::scalar_leaves[k]]; });
        static_for<pl::K>([&](auto k) {
            constexpr std::size_t leaf = pl::array_leaves[k];
            if constexpr (P::kinds[leaf] == node_kind::placeholder) {
                std::get<k>(f.data) = std::get<P::template binding_of<leaf>>(arrays_.sources).data;
                std::get<k>(f.gradients) = std::get<leaf>(arrays_.gradient_out);
            } else if constexpr (P::kinds[leaf] == node_kind::slice) {
                const std::size_t start = arrays_.offsets[leaf];
                std::get<k>(f.data) = std::get<P::template binding_of<leaf>>(arrays_.sources).data + start;
                if constexpr (facts::later_slice[leaf]) {
                    T* apart = arrays_.slice_gradients[arrays_.slice_home[leaf]];
                    std::get<k>(f.gradients) =
                        apart ? apart : std::get<P::children_of[leaf][0]>(arrays_.gradient_out) + start;
                } else if constexpr (P::needs_adjoint[leaf]) {
                    std::get<k>(f.gradients) = std::get<P::children_of[leaf][0]>(arrays_.gradient_out) + start;
                }
            } else {
                std::get<k>(f.data) = arrays_.stored_values[leaf];
                std::get<k>(f.gradients) = arrays_.stored_adjoints[leaf];
            }
        });

        // The target: an array indexed along the loop, of the loop's rank.
        T* target = out;
        // The loop's shape, not a copy of it (see assign_shape), except for an axis reduction's.
        shape_t kept_axis;
        const shape_t* target_shape = &loop;
        T seed = T(0);  // the operand's adjoint, or the factor of the loaded one
        if constexpr (Pass == pass::axis_sum || Pass == pass::axis_backward) {
            const std::size_t axis = wrap_dim(node<R>().axis, loop.rank);
            target = Pass == pass::axis_sum ? arrays_.stored_values[R] : arrays_.stored_adjoints[R];
            kept_axis = keepdim(loop, axis);
            target_shape = &kept_axis;
            seed = ops::reduction_input_adjoint<op_t<R>>(T(1), loop.dims[axis]);
        } else if constexpr (Pass == pass::stored_backward) {
            target = arrays_.stored_adjoints[R];
            seed = T(1);
        } else if constexpr (Pass == pass::fused) {
            seed = ops::reduction_input_adjoint<op_t<R>>(early_adjoint<R>(), n);
        } else if constexpr (Pass == pass::backward || Pass == pass::backward_kept) {
            seed = ops::reduction_input_adjoint<op_t<R>>(adjoints_[R], n);
        }

        constexpr bool checks_slices = propagates(Pass) && pl::presumes_slices;  // Note [Equal slices]
        // Leaves whose shape is the loop's by construction (shape_sources) need no check.
        constexpr bool always_flat = []() consteval {
            bool same = !has_target(Pass) && !checks_slices;
            static_for<pl::K>([&](auto k) {
                same = same && shapes::index[pl::array_leaves[k]] == shapes::index[pl::operand];
            });
            return same;
        }();
        using body = fused_loop<P, R>;
        const auto result = [&] {
            if constexpr (always_flat) {
                return body::template flat<Pass, true>(f, seed, target, n);
            } else if constexpr (Pass == pass::axis_sum || Pass == pass::axis_backward) {
                // the target has the loop's shape only when the axis has extent 1: rows handle that
                return broadcast_loop<R, Pass>(f, seed, target, *target_shape, loop);
            } else {
                bool flat = !has_target(Pass) || *target_shape == loop;
                static_for<pl::K>([&](auto k) { flat = flat && shape_of(pl::array_leaves[k]) == loop; });
                if (!flat && loop.rank != 0) return broadcast_loop<R, Pass>(f, seed, target, *target_shape, loop);
                if constexpr (checks_slices) {  // Note [Equal slices]
                    if (slices_equal_as<R, true>()) {
                        if constexpr (body::template writes_pair_directly<Pass, true, decltype(f)>)
                            write_pair_directly<R>(f, n);
                        return body::template flat<Pass, true>(f, seed, target, n);
                    }
                    if constexpr (pl::presumes_equal_slices)
                        if (slices_equal_as<R, false>()) return body::template flat<Pass, false>(f, seed, target, n);
                    return broadcast_loop<R, Pass>(f, seed, target, *target_shape, loop);
                }
                return body::template flat<Pass, true>(f, seed, target, n);
            }
        }();

        if constexpr (sums_operand(Pass)) {
            T total = result.total;
            if constexpr (pl::factor < N) total = values_[pl::factor] * total;  // Note [Factors out of sums]
            values_[R] = ops::reduction_value<op_t<R>>(total, n);
        }
        if constexpr (propagates(Pass))
            static_for<pl::summed_leaves.size()>([&](auto k) { adjoints_[pl::summed_leaves[k]] += result.adjoints[k]; });
        if constexpr (Pass == pass::axis_sum) {
            const T scale = ops::reduction_value<op_t<R>>(T(1), loop.dims[wrap_dim(node<R>().axis, loop.rank)]);
            if (scale != T(1))
                for (T *p = target, *end = target + shape_of(R).size(); p != end; ++p) *p *= scale;
        }
    }

    // Note [Equal slices]: whether loop R's slices are equal as its plan presumes (Merged) or all
    // different, by their homes (find_slice_homes: the first equal slice in node order, as
    // presumed_home is in leaf order).
    template <std::size_t R, bool Merged>
    bool slices_equal_as() const {
        using pl = plan<R>;
        bool same = true;
        static_for<pl::K>([&](auto k) {
            constexpr std::size_t leaf = pl::array_leaves[k];
            if constexpr (facts::later_slice[leaf] && facts::slice_part_stored[leaf])
                same = same && arrays_.slice_home[leaf] == (Merged ? pl::array_leaves[pl::presumed_home[k]] : leaf);
        });
        return same;
    }

    // Note [Slice pairs written directly]: loop R's later slice of its pair writes into the
    // placeholder's gradient, not apart (nothing to add after the loop), and the part of the lower
    // slice's range that the higher one does not store is zeroed (the rest is outside the first
    // slice's range, zeroed before the loops, or the higher slice's, stored before it is added to).
    template <std::size_t R, class Frame>
    void write_pair_directly(Frame& f, std::size_t n) {
        using pl = plan<R>;
        constexpr std::size_t first = pl::array_leaves[pl::direct_pair[0]];
        constexpr std::size_t second = pl::array_leaves[pl::direct_pair[1]];
        T* g = std::get<P::children_of[second][0]>(arrays_.gradient_out);
        std::get<pl::direct_pair[1]>(f.gradients) = g + arrays_.offsets[second];
        arrays_.slice_gradients[second] = nullptr;
        const auto [lo, hi] = std::minmax(arrays_.offsets[first], arrays_.offsets[second]);
        std::fill(g + lo, g + std::min(hi, lo + n), T(0));
    }

    // The strides of loop R's operands along the loop, for fused_loop::broadcast. The gradients
    // that this loop alone writes are accumulated there, from zero.
    template <std::size_t R, pass Pass, class Frame>
    typename fused_loop<P, R>::result broadcast_loop(const Frame& f, T seed, T* target, const shape_t& target_shape,
                                                     const shape_t& loop) {
        using pl = plan<R>;
        std::array<strides_t, pl::K + 1> strides{};
        static_for<pl::K>([&](auto k) { strides[k] = broadcast_strides(shape_of(pl::array_leaves[k]), loop); });
        strides[pl::K] = broadcast_strides(target_shape, loop);
        if constexpr (propagates(Pass))
            static_for<pl::K>([&](auto k) {
                constexpr std::size_t leaf = pl::array_leaves[k];
                if constexpr (P::kinds[leaf] == node_kind::placeholder && P::needs_adjoint[leaf] &&
                              pl::template sole_writer<leaf>) {
                    clear_gradient<leaf>();
                } else if constexpr (facts::slice_part_stored[leaf]) {  // Note [Slice parts stored]
                    if constexpr (facts::later_slice[leaf]) {
                        if (arrays_.slice_home[leaf] == leaf)
                            std::fill_n(arrays_.slice_gradients[leaf], shape_of(leaf).size(), T(0));
                    } else {
                        clear_gradient<P::children_of[leaf][0]>();
                    }
                }
            });
        return fused_loop<P, R>::template broadcast<Pass>(f, seed, target, strides, loop);
    }
};

}  // namespace etgrad::detail
