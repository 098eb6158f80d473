// SPDX-License-Identifier: MIT
// Specialises a loop's ops before it runs: each op with a fixed form (ops/traits.hpp
// `with_fixed_form`, e.g. pow with exponent 2) is replaced by that form, for a budget of ops,
// since each replaced op doubles the loop's instantiations.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <etgrad/expr/flat_tuple.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::detail {

// apply(ops, f) calls f with a tuple of ops in which ops From.. with a fixed form are replaced by
// it, at most Budget of them.
template <std::size_t From, std::size_t Budget, class Ops>
struct fixed_forms {
    template <class F>
    static void apply(const Ops& ops, F&& f) {
        if constexpr (From == Ops::size || Budget == 0) {
            f(ops);
        } else if constexpr (!ops::has_fixed_forms<flat_element_t<From, Ops>>) {
            fixed_forms<From + 1, Budget, Ops>::apply(ops, f);
        } else {
            ops::with_fixed_form(flat_get<From>(ops), [&](const auto& form) {
                auto replaced = [&]<std::size_t... I>(std::index_sequence<I...>) {
                    return flat_tuple<std::conditional_t<I == From, std::remove_cvref_t<decltype(form)>,
                                                         flat_element_t<I, Ops>>...>{{[&] {
                        if constexpr (I == From)
                            return form;
                        else
                            return flat_get<I>(ops);
                    }()}...};
                }(std::make_index_sequence<Ops::size>{});
                fixed_forms<From + 1, Budget - 1, decltype(replaced)>::apply(replaced, f);
            });
        }
    }
};

}  // namespace etgrad::detail
