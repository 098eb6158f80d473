// SPDX-License-Identifier: MIT
// The body of one fused loop, per element or group of SIMD batches in lockstep (kernel::lockstep):
// the cone forward, what the pass does with the operand's value (sum it, keep it, store or
// accumulate it into a target), and, for passes that propagate, its adjoint back through the cone
// into the leaves' gradients (stored where the loop is their only writer, accumulated otherwise).
// kernel/ runs it over a contiguous or a broadcast range; expr/evaluate.hpp decides which loop
// runs which pass.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include <etgrad/expr/flat_tuple.hpp>
#include <etgrad/expr/leaf_types.hpp>
#include <etgrad/expr/loop_invariants.hpp>
#include <etgrad/expr/loop_pass.hpp>
#include <etgrad/expr/loop_plan.hpp>
#include <etgrad/expr/numbered_rule.hpp>
#include <etgrad/expr/pointer_table.hpp>
#include <etgrad/expr/static_for.hpp>
#include <etgrad/kernel/always_inline.hpp>
#include <etgrad/kernel/broadcast.hpp>
#include <etgrad/kernel/element_access.hpp>
#include <etgrad/kernel/loop.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/kernel/sums.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

// What loop R needs, copied into locals of the function that runs it (Note [Kernels keep their
// state in locals] in kernel/loop.hpp).
template <class P, std::size_t R, class Ops>
struct loop_frame {
    using pl = loop_plan<P, R>;
    using ops_type = Ops;
    using data_pointers = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
        return pointer_table_t<const typename leaf_types<P, pl::array_leaves[K]>::data*...>{};
    }(std::make_index_sequence<pl::K>{}));
    using gradient_pointers = decltype([]<std::size_t... K>(std::index_sequence<K...>) {
        return pointer_table_t<typename leaf_types<P, pl::array_leaves[K]>::gradient*...>{};
    }(std::make_index_sequence<pl::K>{}));

    Ops ops;  // the cone's ops, in cone order
    std::array<typename P::value_type, pl::scalar_leaves.size()> scalars;
    data_pointers data;
    gradient_pointers gradients;
};

template <class P, std::size_t R>
struct fused_loop {
    using T = typename P::value_type;
    using pl = loop_plan<P, R>;
    static constexpr std::size_t K = pl::K;
    static constexpr std::size_t S = pl::summed_leaves.size();  // summed scalar leaves
    using result = kernel::loop_sums<T, S>;

    // Note [Two copies of a fused element]: a loop's element is compiled for a group of batches (one
    // per stream) and for a single element, which also takes what the groups leave (kernel::lockstep
    // without single batches): a third copy for single batches cost bench/impl_static.cpp 10% of its
    // compile time (instructions of cc1plus under valgrind: 56.44 G with it, 50.55 G without) for at
    // most streams - 1 batches per run taken element by element (P5 504,369 instructions per
    // evaluation against 503,384, P1 at n = 1000 1,385 against 1,367). Tried twice: the group's copy
    // for the last, partial group too, on working memory padded to a whole group. With the loop
    // switching frames for the last group, P1 at n = 3 took 366 instructions per evaluation instead
    // of 118 and P4 31,478 instead of 21,485. With the frame switched between two passes of the
    // loop (its pointers stay in registers within each), copying only what the element reads and
    // writes: bench/impl_static.cpp 48.67 G cc1plus instructions against 48.76 G, the copies in and
    // out costing about what the single-element copy did, and P1 at n = 3 343 instructions. And for
    // expensive elements only, through an out-of-line group called twice: 39.23 G against 40.08 G,
    // wall time the same, P3 at n = 1000 1% more instructions and at n = 3 41% more
    // (docs/static-layer.md, compile time).
    //
    // Every element in order, all operands at the same offset; sole-written gradients are stored.
    // Merged: the slices are equal as the plan presumes, not all different (Note [Equal slices]).
    template <pass Pass, bool Merged, class Frame>
    static result flat(const Frame& frame_in, T seed, T* target, std::size_t n) {
        const Frame f = frame_in;  // a local: gradient stores cannot alias it
        const auto sc = scales_of<Pass>(f, seed);
        std::array<kernel::sums<T, batch, S>, flat_streams<Pass, Frame>> lanes{};
        kernel::sums<T, T, S> tail{};
        if constexpr (one_stream_at_a_time<Pass, Frame>) {
            no_pair alone;
            kernel::contiguous<T, flat_streams<Pass, Frame>, pl::simd, false>(
                n, [&]<class V, std::size_t U>(std::size_t i, kernel::lane_tag<V>, kernel::stream_c<U>)
                       ETGRAD_INLINE_LAMBDA {
                           element<Pass, true, Merged, false, 1>(f, sc, stream_alone<V>(lanes, tail, U), V(seed),
                                                                 target, offset_alone(i), alone);
                       });
        } else {
            auto pair = [&] {
                if constexpr (writes_pair_directly<Pass, Merged, Frame>)
                    return pair_writes<flat_streams<Pass, Frame>>{higher_second(f), {}};
                else
                    return no_pair{};
            }();
            kernel::lockstep<T, flat_streams<Pass, Frame>, pl::simd, false>(
                n, [&]<class V, std::size_t C>(std::size_t i, kernel::lane_tag<V>, kernel::count_c<C>)
                       ETGRAD_INLINE_LAMBDA {
                           element<Pass, true, Merged, false, C>(
                               f, sc, streams_at<V>(lanes, tail), V(seed), target,
                               [i](std::size_t, std::size_t u) { return i + u * width_of<V>; }, pair);
                       });
            if constexpr (writes_pair_directly<Pass, Merged, Frame>) add_last_group(f, pair, n);
        }
        if constexpr (pl::simd && kernel::has_simd<T>)  // no batch ran: no lanes to add
            if (n < flat_streams<Pass, Frame> * batch::size) return scaled<Pass, Frame>(sc, {tail.total, tail.adjoints});
        return scaled<Pass, Frame>(sc, kernel::combine<T, S>(lanes, tail));
    }

    // Operands broadcast against the loop (strides[k] for array leaf k, strides[K] for the
    // target), row by row (kernel::for_each_broadcast_row). The target (an axis reduction's result
    // or adjoint) is either contiguous along the row or one element per row, kept in a register for
    // the row. Inlined into the caller that computed the strides, as it was written before the
    // split: a call of its own costs a few instructions per row (2% in a 100 x 100 product).
    template <pass Pass, class Frame>
    static ETGRAD_ALWAYS_INLINE result broadcast(const Frame& frame_in, T seed, T* target,
                                                 const std::array<strides_t, K + 1>& strides, const shape_t& loop) {
        const Frame f = frame_in;  // a local: gradient stores cannot alias it
        const auto sc = scales_of<Pass>(f, seed);
        std::array<kernel::sums<T, batch, S>, streams_of<Pass, Frame>> lanes{};
        kernel::sums<T, T, S> tail{};
        if constexpr (one_strided_row<Pass>) {
            const std::array<std::size_t, K + 1> base{};
            kernel::row_offsets<K, false, false> at{base, {}};
            for (std::size_t k = 0; k < K; ++k) at.step[k] = strides[k][0];
            row<Pass>(f, sc, lanes, tail, seed, target, at, loop.dims[0]);
        } else {
            kernel::for_each_broadcast_row<pl::simd, has_target(Pass)>(
                loop, strides, [&](const auto& at, std::size_t length) ETGRAD_INLINE_LAMBDA {
                    row<Pass>(f, sc, lanes, tail, seed, target, at, length);
                });
        }
        return scaled<Pass, Frame>(sc, kernel::combine<T, S>(lanes, tail));
    }

private:
    using batch = xsimd::batch<T>;

    // A loop of rank 1 (known from the types) broadcasts only where an operand has one element:
    // one row, in which such operands have stride 0, so never contiguous (were every stride 1, every
    // shape would be the loop's and the flat loop would run), and a target that is not an axis
    // reduction's has the loop's shape. One form of the row instead of for_each_broadcast_row's
    // four (two of them SIMD, which cannot occur here): bench/impl_static.cpp (P5, P8) compiled
    // in 12.1 s instead of 13.2 (docs/static-layer.md, compile time).
    template <pass Pass>
    static constexpr bool one_strided_row =
        P::static_ranks[pl::operand] == 1 && Pass != pass::axis_sum && Pass != pass::axis_backward;

    template <class Frame>
    using scales = loop_invariants<P, R, typename Frame::ops_type>;
    template <pass Pass>
    static constexpr bool scales_adjoints = propagates(Pass) && !pl::forward_mode;
    // Note [Invariant factors on the way back]: a seed read from the target stays in the base.
    template <pass Pass, class Frame>
    static ETGRAD_ALWAYS_INLINE auto scales_of(const Frame& f, T seed) {
        return scales<Frame>::template compute<scales_adjoints<Pass>>(f, seeded_from_target(Pass) ? T(1) : seed);
    }
    // The scalar leaves' summed bases times their scales.
    template <pass Pass, class Frame, class Scales>
    static ETGRAD_ALWAYS_INLINE result scaled(const Scales& sc, result r) {
        if constexpr (scales_adjoints<Pass>)
            static_for<S>([&](auto s) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t leaf = pl::summed_leaves[s];
                if constexpr (scales<Frame>::scaled[leaf]) r.adjoints[s] *= sc.template node_scale<leaf>();
            });
        return r;
    }
    // A leaf's adjoint: its base, times its scale if it has one.
    template <std::size_t Leaf, class Frame, class Scales, class V>
    static ETGRAD_ALWAYS_INLINE V leaf_adjoint(const Scales& sc, const V& base) {
        if constexpr (scales<Frame>::scaled[Leaf])
            return base * V(sc.template node_scale<Leaf>());
        else
            return base;
    }
    template <pass Pass, class Frame>
    static constexpr std::size_t streams_of = streams<Pass, typename Frame::ops_type, S>;
    // A flat run of a cheap element visits its streams one after the other where that fits more
    // of them than lockstep (kernel::sequential_stream_count: three sums or more). A broadcast run
    // keeps lockstep (not measured there).
    template <pass Pass, class Frame>
    static constexpr bool one_stream_at_a_time =
        !expensive_element<Pass, typename Frame::ops_type> &&
        kernel::sequential_stream_count(sums_per_element<Pass, S>) > streams_of<Pass, Frame>;
    template <pass Pass, class Frame>
    static constexpr std::size_t flat_streams = one_stream_at_a_time<Pass, Frame>
                                                    ? kernel::sequential_stream_count(sums_per_element<Pass, S>)
                                                    : streams_of<Pass, Frame>;

public:
    // Note [Slice pairs written directly]: whether a flat run writes its pair of slices into the
    // placeholder's gradient itself, the higher one storing and the lower one adding one group of
    // streams later (the lockstep loop only: kernel::contiguous visits a group stream by stream).
    template <pass Pass, bool Merged, class Frame>
    static constexpr bool writes_pair_directly =
        Merged && propagates(Pass) && pl::has_direct_pair && !one_stream_at_a_time<Pass, Frame>;

private:
    template <class V>
    static constexpr std::size_t width_of = std::is_same_v<V, T> ? 1 : batch::size;

    // The sums of each stream (acc(u)), or of the tail for single elements.
    template <class V, class Lanes>
    static ETGRAD_ALWAYS_INLINE auto streams_at(Lanes& lanes, kernel::sums<T, T, S>& tail) {
        return [&](std::size_t u) ETGRAD_INLINE_LAMBDA -> auto& {
            if constexpr (std::is_same_v<V, T>)
                return tail;
            else
                return lanes[u];
        };
    }

    // The sums of stream u, and the offset i of every leaf, for an element of one stream (acc(0),
    // at(k, 0)). Their types depend on V alone, not on the stream: closures written in the body
    // that kernel::contiguous instantiates per stream had a type per stream, and made an element
    // per stream (five for four streams of batches and the single elements).
    template <class V, class Lanes>
    static ETGRAD_ALWAYS_INLINE auto stream_alone(Lanes& lanes, kernel::sums<T, T, S>& tail, std::size_t u) {
        return [&lanes, &tail, u](std::size_t) ETGRAD_INLINE_LAMBDA -> auto& { return streams_at<V>(lanes, tail)(u); };
    }
    static ETGRAD_ALWAYS_INLINE auto offset_alone(std::size_t i) {
        return [i](std::size_t, std::size_t) ETGRAD_INLINE_LAMBDA { return i; };
    }

    template <pass Pass, class Frame, class Scales, class Lanes, class Offsets>
    static ETGRAD_ALWAYS_INLINE void row(const Frame& f, const Scales& sc, Lanes& lanes, kernel::sums<T, T, S>& tail,
                                         T seed, T* target, const Offsets& at, std::size_t length) {
        constexpr bool row_target = Offsets::row_target;
        if constexpr (row_target && Pass == pass::axis_sum) {
            for (auto& l : lanes) l.total = batch(T(0));
            tail.total = T(0);
        }
        const T row_seed = row_target && seeded_from_target(Pass) ? target[at(K, 0)] * seed : seed;
        no_pair alone;
        kernel::lockstep<T, streams_of<Pass, Frame>, Offsets::contiguous, false>(
            length, [&]<class V, std::size_t C>(std::size_t i, kernel::lane_tag<V>, kernel::count_c<C>)
                        ETGRAD_INLINE_LAMBDA {
                            element<Pass, false, false, row_target, C>(
                                f, sc, streams_at<V>(lanes, tail), V(row_seed), target,
                                [&](std::size_t k, std::size_t u) { return at(k, i + u * width_of<V>); }, alone);
                        });
        if constexpr (row_target && Pass == pass::axis_sum) {  // one horizontal add per row
            batch total = lanes[0].total;
            for (std::size_t u = 1; u < lanes.size(); ++u) total += lanes[u].total;
            target[at(K, 0)] += kernel::lane_sum(total) + tail.total;
        }
    }

    template <std::size_t J>
    static constexpr auto rule = rule_of<P, J, R>;
    // The base of the ops' flat_tuple that holds cone op K (Note [Calls in an element]).
    template <std::size_t I, class Ops>
    using op_leaf = tuple_leaf<I, flat_element_t<I, Ops>>;

    // Whether cone node J (op Op) computes its value with its slope, for a reverse-mode backward
    // through it in the same element (ops/traits.hpp `value_and_slope`: sin and cos from one
    // sincos, instead of the one for the value and the other again for the derivative).
    template <pass Pass, bool Kept, std::size_t J, class Op>
    static constexpr bool keeps_slope = ops::has_value_and_slope<Op> && propagates(Pass) && !pl::forward_mode &&
                                        pl::backward.reached[J] && P::needs_adjoint[P::children_of[J][0]] &&
                                        !(Kept && J == pl::operand);

    // C elements (or batches) in lockstep, each through its cone forward, then what the pass does
    // with it: every step is taken for all C before the next (kernel::lockstep), its statements
    // written out per stream (ETGRAD_EACH_STREAM: copies of statements, not C instantiations of
    // each step's functions, which would cost compile time).
    // `at(k, u)` is the offset of array leaf k in stream u, `at(K, u)` that of the target; acc(u)
    // its sums.
    //
    // Note [Calls in an element]: each call written here is inlined once per node, stream and copy
    // of the element, and each inlining costs the compiler about as much whatever the callee. So
    // values are C arrays (std::array's operator[] is two calls per index), positions and pointers
    // are read once per step outside ETGRAD_EACH_STREAM, an op is read from its tuple_leaf base
    // (not through flat_get), and an index_c is passed on as decltype(k)::value (not converted by a
    // call): bench/impl_static.cpp compiled the same code, function for function, in 40.70 G
    // compiler instructions instead of 42.60 G (tools/compile-instructions.sh).
    template <pass Pass, bool Flat, bool Merged, bool RowTarget, std::size_t C, class Frame, class Scales, class Acc,
              class V, class At, class Pair>
    static ETGRAD_ALWAYS_INLINE void element(const Frame& f, const Scales& sc, const Acc& acc, V seed, T* target,
                                             const At& at, Pair& pair) {
        constexpr std::size_t op = pl::local[pl::operand];
        constexpr bool kept = Flat && Pass == pass::backward_kept;
        V v[C][pl::M];
        static_for<pl::scalar_leaves.size()>([&](auto k) ETGRAD_INLINE_LAMBDA {
            constexpr std::size_t at_k = pl::local[pl::scalar_leaves[k]];
            const V scalar(f.scalars[k]);
            ETGRAD_EACH_STREAM(C, u, v[u][at_k] = scalar;)
        });
        static_for<K>([&](auto k) ETGRAD_INLINE_LAMBDA {
            constexpr std::size_t home = pl::presumed_home[k];
            constexpr std::size_t at_k = pl::local[pl::array_leaves[k]], at_home = pl::local[pl::array_leaves[home]];
            [[maybe_unused]] const auto* const data_k = std::get<k>(f.data);
            ETGRAD_EACH_STREAM(C, u,
                if constexpr (Merged && propagates(Pass) && home != k)  // Note [Equal slices]: the home's data
                    v[u][at_k] = v[u][at_home];
                else
                    v[u][at_k] = kernel::load<V>(data_k, at(decltype(k)::value, u));)
        });
        if constexpr (kept) {
            ETGRAD_EACH_STREAM(C, u, v[u][op] = kernel::load<V>(keeper(f), at(pl::keeper, u));)
        }
        constexpr bool forward_mode = propagates(Pass) && pl::forward_mode;
        [[maybe_unused]] V dt[C][pl::M];  // forward mode: tangents, set where they exist
        [[maybe_unused]] V slope[C][pl::M];  // set for the ops that keep their slope
        if constexpr (forward_mode) {
            constexpr std::size_t at_leaf = pl::local[pl::array_leaves[pl::tangent_leaf]];
            ETGRAD_EACH_STREAM(C, u, dt[u][at_leaf] = V(T(1));)
        }
        static_for<pl::cone.size()>([&](auto k) ETGRAD_INLINE_LAMBDA {
            constexpr std::size_t j = pl::cone[k];
            const auto& o = static_cast<const op_leaf<k, typename Frame::ops_type>&>(f.ops).value;
            constexpr bool keeps = keeps_slope<Pass, kept, j, flat_element_t<k, typename Frame::ops_type>>;
            constexpr bool computes = !keeps && (!kept || j != pl::operand);
            constexpr bool divides = computes && scales<Frame>::template divides_by_number<j>;
            constexpr bool has_tangent = forward_mode && P::needs_adjoint[j];
            // (a tangent with its value in one call where it can: Note [Positions as data])
            constexpr bool tangent_with_value = computes && !divides && has_tangent;
            // Note [Ops in two steps]: an op whose value is one transcendental function applied to
            // another's result (softplus: exp, then log1p) declares the first as a step of its own,
            // taken here for every stream before the rest for any. Op by op, the streams' steps
            // overlap as the functions of ops written apart do; a stream's whole op before the
            // next's did not: `value_and_grad` of `eg::sum(eg::softplus(x))` on 1,000 elements,
            // 10.0 ns per element, now 6.5, as `eg::log1p(eg::exp(x))`'s two ops (g++ 12 -O3).
            constexpr bool two_steps = ops::has_two_steps<flat_element_t<k, typename Frame::ops_type>> &&
                                       (keeps || (computes && !divides && !has_tangent));
            if constexpr (two_steps) {
                V first[C];
                ETGRAD_EACH_STREAM(C, u, first[u] = rule<j>.first_step(o, v[u]);)
                ETGRAD_EACH_STREAM(C, u,
                    if constexpr (keeps)
                        rule<j>.compute_with_slope_after(o, v[u], slope[u], first[u]);
                    else
                        rule<j>.compute_after(o, v[u], first[u]);)
            } else {
                ETGRAD_EACH_STREAM(C, u,
                    if constexpr (keeps)
                        rule<j>.compute_with_slope(o, v[u], slope[u]);
                    else if constexpr (divides)
                        rule<j>.compute_by_multiplier(o, v[u], sc.multiplies, V(sc.template multiplier<j>()));
                    else if constexpr (tangent_with_value)
                        rule<j>.template tangent<true>(o, v[u], dt[u]);
                    else if constexpr (computes)
                        rule<j>.compute(o, v[u]);
                    if constexpr (has_tangent && !tangent_with_value) rule<j>.tangent(o, v[u], dt[u]);)
            }
        });

        constexpr std::size_t summed = pl::local[pl::summed];
        ETGRAD_EACH_STREAM(C, u,
            if constexpr (sums_operand(Pass))  // Note [Factors out of sums]
                acc(u).total += v[u][summed];
            if constexpr (RowTarget && Pass == pass::axis_sum) acc(u).total += v[u][op];
            if constexpr (Flat && Pass == pass::sum_and_keep) kernel::store(keeper(f), at(pl::keeper, u), v[u][op]);
            if constexpr (Pass == pass::store) kernel::store(target, at(K, u), v[u][op]);
            if constexpr (Pass == pass::axis_sum && !RowTarget) kernel::accumulate(target, at(K, u), v[u][op]);)

        if constexpr (forward_mode) {
            constexpr std::size_t k = pl::tangent_leaf;
            auto* const gradient = std::get<k>(f.gradients);
            ETGRAD_EACH_STREAM(C, u,
                V share = seed * dt[u][op];
                if constexpr (seeded_from_target(Pass) && !RowTarget) share = kernel::load<V>(target, at(K, u)) * share;
                if constexpr (Flat && pl::template stores_gradient<pl::array_leaves[k]>)
                    kernel::store(gradient, at(k, u), share);
                else
                    kernel::accumulate(gradient, at(k, u), share);)
        } else if constexpr (propagates(Pass)) {
            V adj[C][pl::M];  // each entry is assigned before it is read
            using sf = scales<Frame>;
            ETGRAD_EACH_STREAM(C, u,  // Note [Invariant factors on the way back]
                if constexpr (seeded_from_target(Pass) && !RowTarget)
                    adj[u][op] = kernel::load<V>(target, at(K, u)) * seed;
                else if constexpr (seeded_from_target(Pass))
                    adj[u][op] = seed;
                else
                    adj[u][op] = V(T(1));  // the seed is the operand's scale
            )
            static_for<pl::cone.size()>([&](auto k) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t c = pl::cone.size() - 1 - k;
                constexpr std::size_t j = pl::cone[c];
                constexpr std::size_t i1 = P::arities[j] - 1;  // the second operand (the first for one)
                constexpr link la = sf::template link_of<j, 0>;
                constexpr link lb = sf::template link_of<j, i1>;
                [[maybe_unused]] const auto& o = static_cast<const op_leaf<c, typename Frame::ops_type>&>(f.ops).value;
                [[maybe_unused]] const auto sa = sc.template share_scale<j, 0>();
                [[maybe_unused]] const auto sb = sc.template share_scale<j, i1>();
                ETGRAD_EACH_STREAM(C, u,
                    if constexpr (keeps_slope<Pass, kept, j, flat_element_t<c, typename Frame::ops_type>>)
                        rule<j>.template propagate_slope<la>(slope[u], adj[u], sa);
                    else if constexpr (pl::backward.reached[j])
                        rule<j>.template propagate<la, lb>(o, v[u], adj[u], sa, sb);)
            });
            // Note [Equal slices]: a merged run stores the shares of the slices presumed equal to a
            // leaf with its own; other runs write each slice's. The shares of a pair written directly
            // are written after the others (Note [Slice pairs written directly]).
            [[maybe_unused]] V pair_shares[2][C];
            static_for<K>([&](auto k) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t leaf = pl::array_leaves[k];
                if constexpr (P::needs_adjoint[leaf] && (!Merged || pl::presumed_home[k] == k)) {
                    constexpr auto& equal = pl::template presumed_equal<k>;
                    constexpr bool reached = pl::backward.reached[leaf];
                    constexpr std::size_t at_leaf = pl::local[leaf];
                    [[maybe_unused]] auto* const gradient = std::get<k>(f.gradients);
                    ETGRAD_EACH_STREAM(C, u,
                        V share;
                        if constexpr (reached)
                            share = leaf_adjoint<leaf, Frame>(sc, adj[u][at_leaf]);
                        else
                            share = V(T(0));
                        if constexpr (Merged)
                            static_for<equal.size()>([&](auto e) ETGRAD_INLINE_LAMBDA {
                                constexpr std::size_t other = pl::array_leaves[equal[e]];
                                constexpr std::size_t at_other = pl::local[other];
                                if constexpr (pl::backward.reached[other])
                                    share += leaf_adjoint<other, Frame>(sc, adj[u][at_other]);
                            });
                        if constexpr (Pair::direct && (k == pl::direct_pair[0] || k == pl::direct_pair[1]))
                            pair_shares[k == pl::direct_pair[1]][u] = share;
                        else if constexpr (Flat && pl::template stores_gradient<leaf>)
                            kernel::store(gradient, at(decltype(k)::value, u), share);
                        else if constexpr (reached)
                            kernel::accumulate(gradient, at(decltype(k)::value, u), share);)
                }
            });
            if constexpr (Pair::direct) {
                if (pair.higher_second)
                    write_pair<1>(f, pair, pair_shares, at);
                else
                    write_pair<0>(f, pair, pair_shares, at);
            }
            static_for<S>([&](auto s) ETGRAD_INLINE_LAMBDA {
                constexpr std::size_t leaf = pl::summed_leaves[s];
                if constexpr (pl::backward.reached[leaf]) {
                    constexpr std::size_t at_leaf = pl::local[leaf];
                    ETGRAD_EACH_STREAM(C, u, acc(u).adjoints[s] += adj[u][at_leaf];)
                }
            });
        }
    }

    // Note [Slice pairs written directly]: where a loop's differentiated slices of one placeholder
    // come down to two (loop_plan::direct_pair: two presumed homes, Note [Equal slices] in
    // expr/loop_plan.hpp) and a merged run visits its streams in lockstep, the two write the
    // placeholder's gradient themselves: no working memory, no pass after the loop (Note [Slices
    // written apart] in expr/loop_facts.hpp). The one at the higher offset stores its shares: each
    // entry of its range that the lower one also covers it writes first, from a lower element. The
    // lower one adds its shares into those, or into the entries below the higher one's range, zeroed
    // before the loop (evaluation::write_pair_directly). Added at once, its read overlaps in part the
    // stores just made by the higher one and waits for them (Note [Slices written apart]): P5 ran 8%
    // slower than through working memory (50.3 against 46.5 us). So each group of streams adds the
    // lower slice's shares of the group before it, kept in registers, into memory stored a group's
    // work earlier (P5: some 500 instructions, more than the processor keeps in flight), and the last
    // group's after the loop; an element after the groups adds its own at once. The order comes from
    // the offsets, known when the loop starts: one test per group, always taken the same way. P5 at
    // n = 10,000 ran 494,690 instructions per evaluation (tools/count-instructions.sh), 2% fewer than
    // its two-view form (504,536) and 0.5% more than writing apart with the same loads (492,118), but
    // touches 160 KB less memory (the part, stored then read back after the loop); with what the
    // groups leave taken element by element (Note [Two copies of a fused element]), 495,617 against
    // 505,601. kernel::contiguous's runs (a cheap element whose streams run one after the other) write
    // apart: not measured there.
    // What a flat run that writes its pair directly carries from one group of streams to the next;
    // no_pair for the other runs.
    struct no_pair {
        static constexpr bool direct = false;
    };
    template <std::size_t Streams>
    struct pair_writes {
        static constexpr bool direct = true;
        static constexpr std::size_t streams = Streams;
        bool higher_second;                 // the pair's second slice starts after its first
        std::array<batch, Streams> lower;  // the lower slice's shares of the last group, not written yet
    };
    template <class Frame>
    static ETGRAD_ALWAYS_INLINE bool higher_second(const Frame& f) {
        return std::get<pl::direct_pair[1]>(f.gradients) > std::get<pl::direct_pair[0]>(f.gradients);
    }
    // The higher slice (pair leaf Hi) stores its shares; the lower one adds those of the last group
    // (a full group of batches) or its own (an element after the groups).
    template <std::size_t Hi, class Frame, class Pair, class V, std::size_t C, class At>
    static ETGRAD_ALWAYS_INLINE void write_pair(const Frame& f, Pair& pair,
                                                const V (&shares)[2][C], const At& at) {
        constexpr std::size_t hi = pl::direct_pair[Hi], lo = pl::direct_pair[1 - Hi];
        ETGRAD_EACH_STREAM(C, u, kernel::store(std::get<hi>(f.gradients), at(hi, u), shares[Hi][u]);)
        if constexpr (std::is_same_v<V, batch>) {  // (a whole group: kernel::lockstep without single batches)
            static_assert(C == Pair::streams);
            if (at(lo, 0) != 0) {  // not the first group
                ETGRAD_EACH_STREAM(C, u,
                    kernel::accumulate(std::get<lo>(f.gradients), at(lo, u) - C * batch::size, pair.lower[u]);)
            }
            ETGRAD_EACH_STREAM(C, u, pair.lower[u] = shares[1 - Hi][u];)
        } else {
            ETGRAD_EACH_STREAM(C, u, kernel::accumulate(std::get<lo>(f.gradients), at(lo, u), shares[1 - Hi][u]);)
        }
    }
    // The lower slice's shares of the last group, after the loop.
    template <class Frame, class Pair>
    static ETGRAD_ALWAYS_INLINE void add_last_group(const Frame& f, const Pair& pair, std::size_t n) {
        if constexpr (pl::simd && kernel::has_simd<T>) {
            constexpr std::size_t group = Pair::streams * batch::size;
            if (n < group) return;
            T* lo = pair.higher_second ? std::get<pl::direct_pair[0]>(f.gradients)
                                       : std::get<pl::direct_pair[1]>(f.gradients);
            const std::size_t last = (n / group - 1) * group;
            ETGRAD_EACH_STREAM(Pair::streams, u, kernel::accumulate(lo, last + u * batch::size, pair.lower[u]);)
        }
    }

    // The gradient buffer that keeps the operand's values (loop_plan::keeper).
    template <class Frame>
    static ETGRAD_ALWAYS_INLINE T* keeper(const Frame& f) {
        return std::get<pl::keeper>(f.gradients);
    }
};

}  // namespace etgrad::detail
