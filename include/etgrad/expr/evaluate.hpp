// SPDX-License-Identifier: MIT
// Runs a program (expr/program.hpp): one forward pass over the graph, then, for gradients, one
// backward pass in reverse topological order. Scalar nodes are computed once; array-valued
// elementwise chains are fused into the loops of the reductions that consume them, where every
// element is computed in registers (with xsimd batches when the data allows), so no array-sized
// temporary is made per node. Only the result of an axis reduction is stored.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xsimd/xsimd.hpp>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/shape.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/ops/math.hpp>

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
    typename sources_of<Bindings>::type sources;
    std::array<shape_t, P::size> shapes{};
    std::array<std::vector<T>, P::size> axis_values{};    // results of axis reductions
    std::array<std::vector<T>, P::size> axis_adjoints{};  // and their adjoints
    std::array<void*, P::size> gradient_out{};            // placeholders: data of their gradient

    explicit array_state(const Bindings& b)
        : sources(std::apply([](const auto&... each) { return typename sources_of<Bindings>::type(each.value...); }, b)) {}
};
struct no_array_state {
    template <class Bindings>
    constexpr explicit no_array_state(const Bindings&) {}
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

    // Where the backward pass accumulates the gradient of an array placeholder (zeroed by the caller).
    template <std::size_t I, class G>
    void set_gradient_output(G* data) { arrays_.gradient_out[I] = static_cast<void*>(data); }

    // Gradient outputs must be set before forward(): reductions whose adjoint is known early
    // do their backward inside their forward loop.
    constexpr void forward() {
        adjoints_ = {};
        static_for<N>([&](auto j) {
            if constexpr (P::kinds[j] == node_kind::constant) values_[j] = static_cast<T>(node<j>().value);
        });
        if constexpr (P::has_arrays) clear_shared_gradients();
        static_for<N>([&](auto j) { forward_slot<j>(); });
    }

    constexpr void backward() {
        adjoints_[root_slot] = T(1);
        static_for<N>([&](auto k) { backward_slot<N - 1 - k>(); });
    }

    const shape_t& shape_of(std::size_t j) const { return arrays_.shapes[j]; }

    // eval of an array-valued expression: writes the root into `out` (contiguous, row-major, of
    // the root's shape).
    void write_root(T* out) {
        if constexpr (P::kinds[root_slot] == node_kind::reduce_axis) {
            const std::vector<T>& v = arrays_.axis_values[root_slot];
            std::copy(v.begin(), v.end(), out);
            return;
        }
        for_each_element<root_slot>(nullptr, [&](auto& local, const auto& offsets) {
            store(out, offsets.back(), local[root_slot]);
        });
    }

private:
    using state_t = std::conditional_t<P::has_arrays, array_state<P, Bindings>, no_array_state>;
    using batch = xsimd::batch<T>;

    Expr root_;  // a copy, so that op data (exponents) is known not to alias gradient buffers
    const Bindings& bindings_;
    state_t arrays_;
    std::array<T, N> values_{};
    std::array<T, N> adjoints_{};

    template <std::size_t J>
    constexpr decltype(auto) node() const {
        return node_at<typename P::template slot_t<J>>(root_);
    }

    // ---- one node, on numbers or batches --------------------------------------------------
    template <std::size_t J, class V>
    constexpr void compute(std::array<V, N>& v) const {
        const auto& n = node<J>();
        constexpr auto c = P::children_of[J];
        if constexpr (P::arities[J] == 1)
            v[J] = n.op.value(v[c[0]]);
        else
            v[J] = n.op.value(v[c[0]], v[c[1]]);
    }

    template <std::size_t J, class V>
    constexpr void propagate(const std::array<V, N>& v, std::array<V, N>& adj) const {
        if constexpr (has_derivative<typename P::template node_t<J>>) {
            const auto& n = node<J>();
            constexpr auto c = P::children_of[J];
            if constexpr (P::arities[J] == 1) {
                if constexpr (P::needs_adjoint[c[0]]) adj[c[0]] += n.op.grad(v[c[0]], v[J], adj[J]);
            } else {
                if constexpr (P::needs_adjoint[c[0]]) adj[c[0]] += n.op.grad_lhs(v[c[0]], v[c[1]], v[J], adj[J]);
                if constexpr (P::needs_adjoint[c[1]]) adj[c[1]] += n.op.grad_rhs(v[c[0]], v[c[1]], v[J], adj[J]);
            }
        }
    }

    // ---- the graph, node by node ------------------------------------------------------------
    template <std::size_t J>
    constexpr void forward_slot() {
        constexpr node_kind kind = P::kinds[J];
        if constexpr (P::is_array[J]) {
            set_shape<J>();
            if constexpr (kind == node_kind::reduce_axis) reduce_axis_forward<J>();
        } else if constexpr (kind == node_kind::placeholder) {
            values_[J] = static_cast<T>(std::get<P::template binding_of<J>>(bindings_).value);
        } else if constexpr (kind == node_kind::constant) {
            return;  // set at the start of forward()
        } else if constexpr (kind == node_kind::elementwise) {
            compute<J>(values_);
        } else if constexpr (P::is_array[P::children_of[J][0]]) {
            reduce_all_forward<J>();
        } else {  // the sum of one number
            values_[J] = values_[P::children_of[J][0]] * node<J>().op.template scale<T>(1);
        }
    }

    template <std::size_t J>
    constexpr void backward_slot() {
        constexpr node_kind kind = P::kinds[J];
        if constexpr (!P::needs_adjoint[J]) {
            return;
        } else if constexpr (kind == node_kind::elementwise && !P::is_array[J]) {
            propagate<J>(values_, adjoints_);
        } else if constexpr (kind == node_kind::reduce_all && !P::is_array[P::children_of[J][0]]) {
            adjoints_[P::children_of[J][0]] += adjoints_[J] * node<J>().op.template scale<T>(1);
        } else if constexpr (kind == node_kind::reduce_all && !fused<J>) {
            const T scale = node<J>().op.template scale<T>(shape_of(P::children_of[J][0]).size());
            const T adj = adjoints_[J] * scale;
            const bool overwrite = prepare_gradients<J>(nullptr);
            for_each_element<J>(nullptr, [&](auto& local, const auto& offsets) {
                using V = std::remove_cvref_t<decltype(local[0])>;
                backward_element<J>(local, V(adj), offsets, overwrite);
            });
        } else if constexpr (kind == node_kind::reduce_axis) {
            const std::size_t axis = node<J>().axis;
            const shape_t& in = shape_of(P::children_of[J][0]);
            const T scale = node<J>().op.template scale<T>(in.dims[axis]);
            const T* adj = arrays_.axis_adjoints[J].data();
            const shape_t keep = keepdim(in, axis);
            const bool overwrite = prepare_gradients<J>(&keep);
            for_each_element<J>(&keep, [&](auto& local, const auto& offsets) {
                using V = std::remove_cvref_t<decltype(local[0])>;
                backward_element<J>(local, V(load<V>(adj, offsets.back()) * V(scale)), offsets, overwrite);
            });
        }
    }

    template <std::size_t J>
    void set_shape() {
        constexpr node_kind kind = P::kinds[J];
        shape_t& s = arrays_.shapes[J];
        if constexpr (kind == node_kind::placeholder) {
            s = std::get<P::template binding_of<J>>(arrays_.sources).shape;
        } else if constexpr (kind == node_kind::reduce_axis) {
            s = remove_axis(shape_of(P::children_of[J][0]), node<J>().axis);
        } else {
            constexpr auto c = P::children_of[J];
            s = shape_of(c[0]);
            if constexpr (P::arities[J] == 2) s = broadcast(s, shape_of(c[1]));
        }
    }

    static shape_t keepdim(shape_t s, std::size_t axis) {
        s.dims[axis] = 1;
        return s;
    }

    // ---- reductions ------------------------------------------------------------------------
    template <std::size_t R>
    static constexpr bool fused = P::needs_adjoint[R] && P::template adjoint_known_early<R>();

    // The adjoint of a reduction on the linear path from the root, before any loop has run: the
    // rules of +, -, negation, and * and / by a constant do not read the values not yet computed.
    template <std::size_t I>
    constexpr T early_adjoint() const {
        if constexpr (I == root_slot) {
            return T(1);
        } else {
            constexpr std::size_t parent = P::parent_of[I];
            std::array<T, N> adj{};
            adj[parent] = early_adjoint<parent>();
            propagate<parent>(values_, adj);
            return adj[I];
        }
    }

    template <std::size_t R>
    void reduce_all_forward() {
        constexpr std::size_t operand = P::children_of[R][0];
        batch batch_sum(T(0));
        T sum = T(0);
        const T scale = node<R>().op.template scale<T>(shape_of(operand).size());
        [[maybe_unused]] T adj = T(0);
        [[maybe_unused]] bool overwrite = false;
        if constexpr (fused<R>) {
            adj = early_adjoint<R>() * scale;
            overwrite = prepare_gradients<R>(nullptr);
        }
        for_each_element<R>(nullptr, [&](auto& local, const auto& offsets) {
            using V = std::remove_cvref_t<decltype(local[0])>;
            if constexpr (math::is_batch_v<V>)
                batch_sum += local[operand];
            else
                sum += local[operand];
            if constexpr (fused<R>) backward_element<R>(local, V(adj), offsets, overwrite);
        });
        sum += xsimd::hadd(batch_sum);
        values_[R] = sum * scale;
    }

    template <std::size_t R>
    void reduce_axis_forward() {
        constexpr std::size_t operand = P::children_of[R][0];
        const std::size_t axis = node<R>().axis;
        const shape_t& in = shape_of(operand);
        std::vector<T>& out = arrays_.axis_values[R];
        out.assign(shape_of(R).size(), T(0));
        const shape_t keep = keepdim(in, axis);
        for_each_element<R>(&keep, [&](auto& local, const auto& offsets) {
            accumulate(out.data(), offsets.back(), local[operand]);
        });
        const T scale = node<R>().op.template scale<T>(in.dims[axis]);
        for (T& o : out) o *= scale;
        if constexpr (P::needs_adjoint[R]) arrays_.axis_adjoints[R].assign(out.size(), T(0));
    }

    // ---- the loop over elements ----------------------------------------------------------------
    template <std::size_t R>
    static constexpr auto array_leaves = indices_of([] { return P::template array_leaf_mask<R>; });
    template <std::size_t R>
    static constexpr auto scalar_leaves = indices_of([] { return P::template scalar_leaf_mask<R>; });

    template <std::size_t L>
    const auto* leaf_data() const {
        if constexpr (P::kinds[L] == node_kind::placeholder)
            return std::get<P::template binding_of<L>>(arrays_.sources).data;
        else
            return arrays_.axis_values[L].data();
    }
    template <std::size_t L>
    auto* leaf_gradient() {
        if constexpr (P::kinds[L] == node_kind::placeholder)
            return static_cast<typename gradient_t<typename P::template bound_t<L>>::value_type*>(
                arrays_.gradient_out[L]);
        else
            return arrays_.axis_adjoints[L].data();
    }

    // SIMD needs every array the loop reads or writes to hold T.
    template <std::size_t R>
    static constexpr bool simd_loop = [] {
        bool ok = std::is_floating_point_v<T>;
        for_each_listed([] { return array_leaves<R>; }, [&](auto l) {
            if constexpr (P::kinds[l] == node_kind::placeholder)
                ok = ok && std::is_same_v<element_t<typename P::template bound_t<l>>, T> &&
                     (!P::needs_adjoint[l] ||
                      std::is_same_v<typename gradient_t<typename P::template bound_t<l>>::value_type, T>);
        });
        return ok;
    }();

    template <class V, class E>
    static V load(const E* p, std::size_t i) {
        if constexpr (math::is_batch_v<V>)
            return V::load_unaligned(p + i);
        else
            return static_cast<V>(p[i]);
    }
    template <class E, class V>
    static void store(E* p, std::size_t i, const V& v) {
        if constexpr (math::is_batch_v<V>)
            v.store_unaligned(p + i);
        else
            p[i] = static_cast<E>(v);
    }
    template <class E, class V>
    static void accumulate(E* p, std::size_t i, const V& v) {
        if constexpr (math::is_batch_v<V>)
            (V::load_unaligned(p + i) + v).store_unaligned(p + i);
        else
            p[i] += static_cast<E>(v);
    }

    // Computes the cone of loop R for the element(s) at `offsets` (one per array leaf, then the
    // loop's target).
    template <std::size_t R, class V, class Offsets>
    void forward_element(std::array<V, N>& local, const Offsets& offsets) const {
        constexpr auto leaves = array_leaves<R>;
        static_for<leaves.size()>([&](auto k) { local[leaves[k]] = load<V>(leaf_data<leaves[k]>(), offsets[k]); });
        for_each_listed([] { return P::template cone<R>; }, [&](auto j) { compute<j>(local); });
    }

    // Propagates `adj` (the adjoint of loop R's operand at these elements) through the cone to
    // its leaves: array gradients in place, scalar leaves into the loop's sums.
    template <std::size_t R, class V, class Offsets>
    void backward_element(const std::array<V, N>& local, V adj_operand, const Offsets& offsets, bool overwrite) {
        constexpr std::size_t operand = P::template loop_operand<R>;
        std::array<V, N> adj;
        for_each_listed([] { return P::template cone<R>; }, [&](auto j) { adj[j] = V(T(0)); });
        for_each_listed([] { return indices_of([] { return P::template leaf_mask<R>; }); }, [&](auto j) { adj[j] = V(T(0)); });
        adj[operand] = adj_operand;
        for_each_listed_reversed([] { return P::template cone<R>; }, [&](auto j) { propagate<j>(local, adj); });
        constexpr auto leaves = array_leaves<R>;
        static_for<leaves.size()>([&](auto k) {
            constexpr std::size_t leaf = leaves[k];
            if constexpr (P::needs_adjoint[leaf]) {
                if (sole_gradient_writer<leaf> && overwrite)
                    store(leaf_gradient<leaf>(), offsets[k], adj[leaf]);
                else
                    accumulate(leaf_gradient<leaf>(), offsets[k], adj[leaf]);
            }
        });
        for_each_listed([] { return scalar_leaves<R>; }, [&](auto j) {
            if constexpr (P::needs_adjoint[j]) {
                if constexpr (math::is_batch_v<V>)
                    adjoints_[j] += xsimd::hadd(adj[j]);
                else
                    adjoints_[j] += adj[j];
            }
        });
    }

    // A placeholder's gradient is stored directly by the one loop that writes it when that loop
    // visits each element once (no broadcasting); otherwise gradients accumulate into zeros.
    template <std::size_t L>
    static constexpr bool sole_gradient_writer = P::kinds[L] == node_kind::placeholder && P::gradient_writers[L] == 1;

    template <std::size_t L>
    void clear_gradient() {
        if constexpr (P::kinds[L] == node_kind::placeholder && P::needs_adjoint[L] && P::is_array[L]) {
            auto* g = leaf_gradient<L>();
            std::fill(g, g + shape_of(L).size(), static_cast<std::remove_pointer_t<decltype(g)>>(0));
        }
    }
    void clear_shared_gradients() {
        static_for<N>([&](auto j) {
            if constexpr (P::kinds[j] == node_kind::placeholder && P::is_array[j] && !sole_gradient_writer<j>) {
                arrays_.shapes[j] = std::get<P::template binding_of<j>>(arrays_.sources).shape;
                clear_gradient<j>();
            }
        });
    }
    // Before loop R writes gradients: true when it may store them; else its sole-written ones are zeroed.
    template <std::size_t R>
    bool prepare_gradients(const shape_t* target) {
        const bool flat = is_flat<R>(target);
        if (!flat) for_each_listed([] { return array_leaves<R>; }, [&](auto l) {
            if constexpr (sole_gradient_writer<l>) clear_gradient<l>();
        });
        return flat;
    }
    template <std::size_t R>
    bool is_flat(const shape_t* target) const {
        const shape_t& loop = shape_of(P::template loop_operand<R>);
        bool flat = target == nullptr || *target == loop;
        for_each_listed([] { return array_leaves<R>; }, [&](auto l) { flat = flat && shape_of(l) == loop; });
        return flat;
    }

    // Calls action(local, offsets) for every element of loop R's operand, after computing the
    // cone into `local`. `target` is the shape (broadcast against the loop) of an array indexed by
    // offsets.back(); nullptr means the root's own contiguous layout.
    template <std::size_t R, class Action>
    void for_each_element(const shape_t* target, Action&& action) {
        constexpr auto leaves = array_leaves<R>;
        constexpr std::size_t K = leaves.size();
        const shape_t& loop = shape_of(P::template loop_operand<R>);
        const std::size_t n = loop.size();

        std::array<T, N> local{};
        for_each_listed([] { return scalar_leaves<R>; }, [&](auto j) { local[j] = values_[j]; });

        std::size_t start = 0;
        if (is_flat<R>(target)) {
            std::array<std::size_t, K + 1> offsets{};
            if constexpr (simd_loop<R>) {
                std::array<batch, N> block;
                for_each_listed([] { return scalar_leaves<R>; }, [&](auto j) { block[j] = batch(values_[j]); });
                for (; start + batch::size <= n; start += batch::size) {
                    offsets.fill(start);
                    forward_element<R>(block, offsets);
                    action(block, offsets);
                }
            }
            for (std::size_t i = start; i < n; ++i) {
                offsets.fill(i);
                forward_element<R>(local, offsets);
                action(local, offsets);
            }
            return;
        }
        std::array<std::array<std::size_t, max_rank>, K + 1> strides{};
        static_for<K>([&](auto k) { strides[k] = broadcast_strides(shape_of(leaves[k]), loop); });
        strides[K] = broadcast_strides(target ? *target : loop, loop);
        for_each_broadcast(loop, strides, [&](const std::array<std::size_t, K + 1>& offsets) {
            forward_element<R>(local, offsets);
            action(local, offsets);
        });
    }

    // Visits every element of `loop` in row-major order with the offsets of K operands of given
    // strides: an odometer over the outer dimensions, a tight loop over the last.
    template <std::size_t K, class Body>
    static void for_each_broadcast(const shape_t& loop, const std::array<std::array<std::size_t, max_rank>, K>& strides,
                                   Body&& body) {
        std::array<std::size_t, K> base{};
        if (loop.rank == 0) {
            body(base);
            return;
        }
        if (loop.size() == 0) return;
        const std::size_t last = loop.rank - 1;
        std::array<std::size_t, max_rank> index{};
        while (true) {
            std::array<std::size_t, K> offsets = base;
            for (std::size_t i = 0; i < loop.dims[last]; ++i) {
                body(offsets);
                for (std::size_t k = 0; k < K; ++k) offsets[k] += strides[k][last];
            }
            std::size_t d = last;
            while (true) {
                if (d == 0) return;
                --d;
                ++index[d];
                for (std::size_t k = 0; k < K; ++k) base[k] += strides[k][d];
                if (index[d] < loop.dims[d]) break;
                for (std::size_t k = 0; k < K; ++k) base[k] -= strides[k][d] * loop.dims[d];
                index[d] = 0;
            }
        }
    }
};

}  // namespace etgrad::detail
