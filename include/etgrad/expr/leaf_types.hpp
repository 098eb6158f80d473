// SPDX-License-Identifier: MIT
// The element types a loop reads and writes for one of its array leaves: the bound value's data
// and gradient for a placeholder or a slice of one, the computation type for an axis reduction's result and adjoint.
#pragma once
#include <cstddef>

#include <etgrad/expr/array_access.hpp>
#include <etgrad/expr/node_kind.hpp>

namespace etgrad::detail {

template <class P, std::size_t L>
struct leaf_types {
    using T = typename P::value_type;
    using data = T;
    using gradient = T;
};
template <class P, std::size_t L>
    requires((P::kinds[L] == node_kind::placeholder || P::kinds[L] == node_kind::slice) && P::is_array[L] &&
             !bindable_number<typename P::template bound_t<L>>)  // a sliced number: a rank mistake (program.hpp)
struct leaf_types<P, L> {
    using data = element_t<typename P::template bound_t<L>>;
    using gradient = typename gradient_t<typename P::template bound_t<L>>::value_type;
};

}  // namespace etgrad::detail
