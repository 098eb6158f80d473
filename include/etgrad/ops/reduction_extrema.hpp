// SPDX-License-Identifier: MIT
// Rules of the reductions that are not sums: max and min (which select an element) and prod,
// on one lane of n elements `stride` apart (kernel/lanes.hpp), for both layers.
//   - max/min: `prefers(candidate, best)` says whether the candidate replaces the best so far,
//     in reading order, so the first of equal elements is kept; NaN wins, as PyTorch propagates
//     it. The adjoint goes to the selected elements: along an axis to the one whose index is
//     returned; over all elements it is split evenly among the elements equal to the result
//     (PyTorch 1.13's convention for ties). The derivative is piecewise constant.
//   - prod: the derivative with respect to one input is the product of the others: out / a where
//     no input is zero (PyTorch's formula, and the form a recorded backward differentiates
//     again); with one zero, the product of the others at it and 0 elsewhere; with two, 0.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace etgrad::ops {

struct max_op {
    static constexpr std::string_view name = "max";
    template <class T>
    static constexpr bool prefers(const T& candidate, const T& best) {
        return candidate > best || (candidate != candidate && best == best);
    }
};

struct min_op {
    static constexpr std::string_view name = "min";
    template <class T>
    static constexpr bool prefers(const T& candidate, const T& best) {
        return candidate < best || (candidate != candidate && best == best);
    }
};

// The index of the element Op (max_op or min_op) selects from a lane of n > 0 elements.
template <class Op, class T>
constexpr std::size_t selected_index(const T* lane, std::size_t stride, std::size_t n) {
    std::size_t chosen = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (Op::prefers(lane[i * stride], lane[chosen * stride])) chosen = i;
    return chosen;
}

// The derivative of a selection: share(i, adjoint) for every element i of the lane, from the
// result's adjoint `adj`. Along an axis (split_ties false) element `chosen` gets all of it; over
// all elements the k elements equal to the result (NaN to NaN) get adj / k each; the others 0.
template <class T, class Share>
constexpr void selection_adjoints(const T* lane, std::size_t stride, std::size_t n, std::size_t chosen, bool split_ties,
                                  T adj, Share share) {
    const T result = lane[chosen * stride];
    const auto selected = [&](std::size_t i) {
        const T x = lane[i * stride];
        return split_ties ? x == result || (x != x && result != result) : i == chosen;
    };
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += selected(i) ? 1 : 0;
    const T each = adj / static_cast<T>(count);
    for (std::size_t i = 0; i < n; ++i) share(i, selected(i) ? each : T(0));
}

struct prod_op {
    static constexpr std::string_view name = "prod";
    // adj * d(out)/d(a), for inputs none of which is zero.
    auto grad(const auto& a, const auto& out, const auto& adj) const { return adj * (out / a); }
    // share(i, adj * d(out)/d(a_i)) for every element of a lane whose product is `out`.
    template <class T, class Share>
    constexpr void lane_grad(const T* lane, std::size_t stride, std::size_t n, T out, T adj, Share share) const {
        std::size_t zeros = 0;
        for (std::size_t i = 0; i < n; ++i) zeros += lane[i * stride] == T(0) ? 1 : 0;
        if (zeros == 0) {
            for (std::size_t i = 0; i < n; ++i) share(i, grad(lane[i * stride], out, adj));
            return;
        }
        if (zeros > 1) {  // every product of the others has a zero (PyTorch's zeros, not NaN for inf * 0)
            for (std::size_t i = 0; i < n; ++i) share(i, T(0));
            return;
        }
        // One zero: each element's share is the product of the others formed as PyTorch forms it,
        // the product of the elements before it (from the first) times that of those after it
        // (from the last), so that infinities, overflows and signs of zero come out as there.
        std::vector<T> after(n);
        T product = T(1);
        for (std::size_t i = n; i-- > 0;) {
            after[i] = product;
            product *= lane[i * stride];
        }
        T before = T(1);
        for (std::size_t i = 0; i < n; ++i) {
            share(i, adj * (before * after[i]));
            before *= lane[i * stride];
        }
    }
};

}  // namespace etgrad::ops
