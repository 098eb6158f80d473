// SPDX-License-Identifier: MIT
// Rules of the reductions that are not sums: max and min (which select an element) and prod.
//   - max/min: `prefers(candidate, best)` says whether the candidate replaces the best so far,
//     in reading order, so the first of equal elements is kept; NaN wins, as PyTorch propagates
//     it. The adjoint goes to the selected elements: along an axis to the one whose index is
//     returned; over all elements it is split evenly among the elements equal to the result
//     (PyTorch 1.13's convention for ties). The derivative is piecewise constant.
//   - prod: the derivative with respect to one input is the product of the others. Where no
//     input is zero that is out / a (the form a recorded backward differentiates again); the
//     exact form, also right with zeros, is a prefix product times a suffix product.
#pragma once
#include <cstddef>
#include <string_view>

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

struct prod_op {
    static constexpr std::string_view name = "prod";
    // adj * d(out)/d(a), for inputs none of which is zero.
    auto grad(const auto& a, const auto& out, const auto& adj) const { return adj * (out / a); }
    // The products of the other elements of a row of n: others[i] = prod of row[j], j != i.
    template <class T>
    static constexpr void products_of_others(const T* row, std::size_t stride, std::size_t n, T* others, std::size_t out_stride) {
        T prefix = T(1);
        for (std::size_t i = 0; i < n; ++i) {
            others[i * out_stride] = prefix;
            prefix *= row[i * stride];
        }
        T suffix = T(1);
        for (std::size_t i = n; i-- > 0;) {
            others[i * out_stride] *= suffix;
            suffix *= row[i * stride];
        }
    }
};

}  // namespace etgrad::ops
