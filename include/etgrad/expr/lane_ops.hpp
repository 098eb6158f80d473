// SPDX-License-Identifier: MIT
// max, min, prod, logsumexp, softmax and log_softmax in the static layer, over every element or
// along an axis: materialised nodes (Note [Materialised nodes] in expr/materialised.hpp) whose
// rule visits its operand lane by lane (kernel/lanes.hpp). The values and derivatives are the
// rules of ops/reduction_extrema.hpp and ops/softmax.hpp, which the dynamic layer runs too; the
// latter run here on lanes of memory (expr/lanes.hpp).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <etgrad/expr/lanes.hpp>
#include <etgrad/expr/materialised.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/kernel/lanes.hpp>
#include <etgrad/kernel/shape.hpp>
#include <etgrad/ops/reduction_extrema.hpp>
#include <etgrad/ops/softmax.hpp>

namespace etgrad {

namespace detail {

// The op of a node that reduces every element of its operand to a number (empty: such a node is
// identified by its type, as eg::sum(e) is).
template <class Op>
struct over_all_elements {
    static constexpr bool splits_ties = true;  // MaxBackward1: ties share the adjoint
    static kernel::axis_walk lanes(const shape_t& s) { return kernel::walk_of(s, std::nullopt); }
};
// The op of a node along an axis (negative counts from the end).
template <class Op>
struct along_axis {
    std::int64_t axis;
    static constexpr bool splits_ties = false;  // MaxBackward0: to the index returned
    kernel::axis_walk lanes(const shape_t& s) const { return kernel::walk_of(s, wrap_dim(axis, s.rank)); }
};

// What kind of rule Op is: a selection (max, min), a product, or a rule written with `along`
// (ops/softmax.hpp) whose value is a lane (softmax, log_softmax) or one number per lane.
template <class Op>
concept selection_rule = requires { Op::prefers(0.0, 0.0); };
template <class Op>
concept product_rule = requires(const Op& op, const double* p) {
    op.lane_grad(p, std::size_t{1}, std::size_t{1}, 1.0, 1.0, [](std::size_t, double) {});
};
template <class Op>
constexpr bool keeps_lanes() {
    if constexpr (requires(const Op& op) { op.value(lane_of<double>(nullptr, 1), lane_axis<double>{0}); })
        return is_lane<decltype(Op{}.value(lane_of<double>(nullptr, 1), lane_axis<double>{0}))>::value;
    else
        return false;
}

// forward and backward, lane by lane, for both forms.
template <class Op>
struct lane_rule {
    template <class Form, class T>
    static void forward(const Form& form, const std::array<stored_array<T>, 1>& x, T* out) {
        const kernel::axis_walk w = form.lanes(x[0].shape);
        kernel::for_each_lane(w, [&](std::size_t start, std::size_t lane) {
            const T* in = x[0].data + start;
            if constexpr (selection_rule<Op>) {
                out[lane] = in[ops::selected_index<Op>(in, w.inner, w.length) * w.inner];
            } else if constexpr (product_rule<Op>) {
                T product = T(1);
                for (std::size_t i = 0; i < w.length; ++i) product *= in[i * w.inner];
                out[lane] = product;
            } else if constexpr (keeps_lanes<Op>()) {
                const auto value = Op{}.value(lane_of(in, w.inner), lane_axis<T>{w.length});
                for (std::size_t i = 0; i < w.length; ++i) out[start + i * w.inner] = element(value, i);
            } else {
                out[lane] = Op{}.value(lane_of(in, w.inner), lane_axis<T>{w.length});
            }
        });
    }

    template <std::size_t K, class Form, class T>
    static void backward(const Form& form, const std::array<stored_array<T>, 1>& x, const stored_array<T>& out,
                         const stored_array<T>& adj, T* dest, bool accumulate) {
        const kernel::axis_walk w = form.lanes(x[0].shape);
        kernel::for_each_lane(w, [&](std::size_t start, std::size_t lane) {
            const T* in = x[0].data + start;
            const auto write = [&](std::size_t i, T share) {
                T& d = dest[start + i * w.inner];
                d = accumulate ? d + share : share;
            };
            const auto write_lane = [&](const auto& shares) {
                for (std::size_t i = 0; i < w.length; ++i) write(i, element(shares, i));
            };
            if constexpr (selection_rule<Op>) {
                const std::size_t chosen = ops::selected_index<Op>(in, w.inner, w.length);
                ops::selection_adjoints(in, w.inner, w.length, chosen, Form::splits_ties, adj.data[lane], write);
            } else if constexpr (product_rule<Op>) {
                Op{}.lane_grad(in, w.inner, w.length, out.data[lane], adj.data[lane], write);
            } else if constexpr (keeps_lanes<Op>()) {
                write_lane(Op{}.grad(lane_of(out.data + start, w.inner), lane_of(adj.data + start, w.inner),
                                     lane_axis<T>{w.length}));
            } else {
                write_lane(Op{}.grad(lane_of(in, w.inner), out.data[lane], adj.data[lane]));
            }
        });
    }
};

template <class Op>
struct materialised_rule<over_all_elements<Op>> : lane_rule<Op> {
    static constexpr bool array_valued = false;
    static constexpr int rank(int, int) { return 0; }
    static constexpr bool takes_ranks(int a, int) { return a != 0; }
    template <int A, int B>
    struct check_ranks {
        static_assert(takes_ranks(A, B), "etgrad::max/min/prod/logsumexp(e): e must be an array, not a number (the function is "
                              "the op named in 'over_all_elements<...>' above)");
        static constexpr bool value = true;
    };
    static shape_t shape(const over_all_elements<Op>&, const std::array<shape_t, 1>& s) {
        if constexpr (selection_rule<Op>)
            if (s[0].size() == 0) throw_shape_error(kernel::empty_selection_message(Op::name));
        return shape_t{};
    }
};

template <class Op>
struct materialised_rule<along_axis<Op>> : lane_rule<Op> {
    static constexpr bool array_valued = true;
    static constexpr int rank(int a, int) { return keeps_lanes<Op>() || a < 0 ? a : a - 1; }
    static constexpr bool takes_ranks(int a, int) { return a != 0; }
    template <int A, int B>
    struct check_ranks {
        static_assert(takes_ranks(A, B), "etgrad::max/min/prod/logsumexp/softmax/log_softmax(e, axis): e must be an array, not a "
                              "number (the function is the op named in 'along_axis<...>' above)");
        static constexpr bool value = true;
    };
    // The operand's shape without the axis (with it for softmax and log_softmax); PyTorch's
    // errors for an axis that does not exist and for max or min along an axis of no element.
    static shape_t shape(const along_axis<Op>& form, const std::array<shape_t, 1>& s) {
        const std::size_t axis = wrap_dim(form.axis, s[0].rank);
        if constexpr (keeps_lanes<Op>()) {
            return s[0];
        } else {
            if constexpr (selection_rule<Op>)
                if (axis < s[0].rank && s[0].dims[axis] == 0)
                    throw_shape_error(kernel::empty_axis_selection_message(Op::name, axis));
            return remove_axis(s[0], axis);
        }
    }
};

template <class Op, class E>
constexpr auto over_all(const E& e) {
    return materialised_unary<over_all_elements<Op>, E>{{}, e};
}
template <class Op, class E>
constexpr auto along(const E& e, std::int64_t axis) {
    return materialised_unary<along_axis<Op>, E>{{axis}, e};
}

}  // namespace detail

/// The largest element of `e`, a scalar expression (torch.max(t); NaN if there is one). Its
/// gradient is split evenly among the elements equal to it (PyTorch 1.13). `e` must be an array
/// of at least one element: a number is a compile-time error, an empty array throws
/// std::invalid_argument with PyTorch's text.
template <expression E>
constexpr auto max(const E& e) {
    return detail::over_all<ops::max_op>(e);
}
/// The smallest element of `e` (torch.min(t)); as eg::max(e).
template <expression E>
constexpr auto min(const E& e) {
    return detail::over_all<ops::min_op>(e);
}
/// The product of every element of `e`, a scalar expression (torch.prod(t)). Its gradient is the
/// product of the other elements: out / x where no element is zero, exact with one zero, and 0
/// everywhere with two or more (as PyTorch).
template <expression E>
constexpr auto prod(const E& e) {
    return detail::over_all<ops::prod_op>(e);
}
/// log(sum(exp(e))) over every element, a scalar expression, computed without overflow (the
/// largest element is factored out: eg::logsumexp of {1000, 1000} is 1000 + log 2). Its gradient
/// is eg::softmax of `e`.
template <expression E>
constexpr auto logsumexp(const E& e) {
    return detail::over_all<ops::logsumexp_op>(e);
}

/// The largest elements of `e` along `axis`: an array of one rank less (the values of
/// torch.max(t, dim); a negative axis counts from the end). The gradient goes to the first of
/// equal largest elements of each lane, as PyTorch's. An axis that does not exist throws
/// std::out_of_range with PyTorch's text, as eg::sum(e, axis) does.
template <expression E>
constexpr auto max(const E& e, std::int64_t axis) {
    return detail::along<ops::max_op>(e, axis);
}
/// The smallest elements of `e` along `axis` (torch.min(t, dim)'s values); as eg::max(e, axis).
template <expression E>
constexpr auto min(const E& e, std::int64_t axis) {
    return detail::along<ops::min_op>(e, axis);
}
/// The products of `e` along `axis`: an array of one rank less (torch.prod(t, dim)).
template <expression E>
constexpr auto prod(const E& e, std::int64_t axis) {
    return detail::along<ops::prod_op>(e, axis);
}
/// log(sum(exp(e))) along `axis`, without overflow: an array of one rank less (torch.logsumexp).
template <expression E>
constexpr auto logsumexp(const E& e, std::int64_t axis) {
    return detail::along<ops::logsumexp_op>(e, axis);
}
/// exp(e) / sum(exp(e)) along `axis`, of `e`'s shape (torch.softmax), computed with the largest
/// element of each lane subtracted.
template <expression E>
constexpr auto softmax(const E& e, std::int64_t axis) {
    return detail::along<ops::softmax_op>(e, axis);
}
/// log(softmax(e)) along `axis`, of `e`'s shape (torch.log_softmax), without overflow.
template <expression E>
constexpr auto log_softmax(const E& e, std::int64_t axis) {
    return detail::along<ops::log_softmax_op>(e, axis);
}

}  // namespace etgrad
