// SPDX-License-Identifier: MIT
// What follows f in a call of eval, grad, value_and_grad, value_and_grad_into or gradcheck:
// bindings (some wrapped in eg::allow_unused), at most one eg::wrt(...), and eg::allow_unused. The
// first mistake in them is found here, before anything is evaluated, so that it is the only error
// (expr/call_errors.hpp).
#pragma once
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <etgrad/expr/allow_unused.hpp>
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/binding_index.hpp>
#include <etgrad/expr/call_errors.hpp>
#include <etgrad/expr/graph.hpp>
#include <etgrad/expr/let.hpp>
#include <etgrad/expr/program.hpp>
#include <etgrad/expr/wrt.hpp>

#ifndef ETGRAD_DOXYGEN  // internal, and types computed by lambdas, which Doxygen cannot parse
namespace etgrad::detail {

enum class argument_role { binding, binding_unused_allowed, rejected_binding, wrt, allow_unused, other };

template <class Arg>
struct argument_traits {
    static constexpr argument_role role = argument_role::other;
    static constexpr std::string_view name() { return {}; }
    using value = void;
};
template <fixed_string Name, class Stored>
struct argument_traits<binding<Name, Stored>> {
    static constexpr argument_role role =
        std::is_same_v<Stored, rejected_value> ? argument_role::rejected_binding : argument_role::binding;
    static constexpr std::string_view name() { return Name.view(); }
    using value = std::remove_cvref_t<Stored>;
    using binding_type = binding<Name, Stored>;
};
template <class B>
struct argument_traits<unused_allowed<B>> : argument_traits<B> {
    static constexpr argument_role role = argument_role::binding_unused_allowed;
};
template <class... P>
struct argument_traits<wrt_t<P...>> : argument_traits<void> {
    static constexpr argument_role role = argument_role::wrt;
};
template <>
struct argument_traits<allow_unused_t> : argument_traits<void> {
    static constexpr argument_role role = argument_role::allow_unused;
};

// The position of the first true flag, or npos.
constexpr std::size_t first_true(std::initializer_list<bool> flags) {
    std::size_t i = 0;
    for (bool f : flags) {
        if (f) return i;
        ++i;
    }
    return npos;
}

template <std::size_t I, class... Ts>
using nth_t = std::tuple_element_t<I, std::tuple<Ts...>>;

// The bindings among the arguments, unwrapped, in order.
template <class... Args>
constexpr auto collect_bindings(const Args&... args) {
    return std::tuple_cat([](const auto& a) {
        using arg = std::remove_cvref_t<decltype(a)>;
        if constexpr (argument_traits<arg>::role == argument_role::binding)
            return std::tuple<arg>(a);
        else if constexpr (argument_traits<arg>::role == argument_role::binding_unused_allowed)
            return std::tuple<typename argument_traits<arg>::binding_type>(a.binding);
        else
            return std::tuple<>();
    }(args)...);
}
template <class... Args>
using bindings_of = decltype(collect_bindings(std::declval<const Args&>()...));

// The eg::wrt(...) among the arguments, or void for "every bound placeholder f uses".
template <class... Args>
struct wanted_of {
    using type = void;
};
template <class A, class... Args>
struct wanted_of<A, Args...> {
    using type = std::conditional_t<argument_traits<A>::role == argument_role::wrt, A, typename wanted_of<Args...>::type>;
};

template <class Wanted>
struct wanted_names {
    static constexpr std::array<std::string_view, 1> value{};
};
template <class... P>
struct wanted_names<wrt_t<P...>> {
    static constexpr std::array<std::string_view, sizeof...(P) + 1> value{P::name.view()..., std::string_view{}};
    template <std::size_t K>
    using placeholder_at = nth_t<K, P...>;
};

// The mistakes that need f's graph: a wrt placeholder or a binding f does not use, a placeholder
// f uses without a value.
template <class E, class... Args>
struct binding_mistake {
    using graph = graph_of<E>;
    template <class Slot>
    static constexpr std::string_view placeholder_name_of() {
        if constexpr (is_placeholder_node<typename Slot::node>::value)
            return Slot::node::name.view();
        else
            return {};
    }
    static constexpr auto used = []<class... S>(type_list<S...>) {
        return std::array<std::string_view, sizeof...(S)>{placeholder_name_of<S>()...};
    }(graph{});
    static constexpr bool uses(std::string_view name) {
        for (std::string_view u : used)
            if (!u.empty() && u == name) return true;
        return false;
    }
    static constexpr std::array<std::string_view, sizeof...(Args) + 1> bound{argument_traits<Args>::name()...,
                                                                            std::string_view{}};
    static constexpr std::size_t unbound = []() consteval {
        for (std::size_t i = 0; i < used.size(); ++i) {
            bool found = used[i].empty();
            for (std::string_view b : bound) found = found || b == used[i];
            if (!found) return i;
        }
        return npos;
    }();
    static constexpr auto wanted = wanted_names<typename wanted_of<Args...>::type>::value;
    static constexpr std::size_t unused_wanted = []() consteval {
        for (std::size_t k = 0; k + 1 < wanted.size(); ++k)
            if (!uses(wanted[k])) return k;
        return npos;
    }();
    static constexpr bool all_may_be_unused = ((argument_traits<Args>::role == argument_role::allow_unused) || ...);
    static constexpr std::size_t unused_binding =
        first_true({(argument_traits<Args>::role == argument_role::binding && !all_may_be_unused &&
                     !uses(argument_traits<Args>::name()))...});

    using type = typename decltype([] {
        // An unused binding before an unbound placeholder: with a misspelled name both are
        // found, and the misspelling is the culprit.
        if constexpr (unused_wanted != npos)
            return std::type_identity<error::wrt_placeholder_unused_by_f<
                spelled<wanted_names<typename wanted_of<Args...>::type>::template placeholder_at<unused_wanted>::name>>>{};
        else if constexpr (unused_binding != npos)
            return std::type_identity<error::binding_unused_by_f<
                spelled<argument_traits<nth_t<unused_binding, Args...>>::binding_type::name>>>{};
        else if constexpr (unbound != npos)
            return std::type_identity<error::no_value_bound_for<spelled<at<graph, unbound>::type::node::name>>>{};
        else
            return std::type_identity<no_mistake>{};
    }())::type;
};

// The mistakes of an evaluation set up without a call's checks (eg::apply's): a placeholder
// without a value, a wanted one f does not use. Its bindings may go unused.
template <class E, class Bindings, class Wanted>
struct evaluation_mistake;
template <class E, class... B, class Wanted>
struct evaluation_mistake<E, std::tuple<B...>, Wanted> : binding_mistake<E, allow_unused_t, Wanted, B...> {};
template <class E, class... B>
struct evaluation_mistake<E, std::tuple<B...>, void> : binding_mistake<E, allow_unused_t, B...> {};

// The first mistake in the arguments `Args` of a call on f (of type E), or no_mistake. The ranks of
// the values are checked last: they need every placeholder bound.
template <class E, class... Args>
struct call_mistake {
    static constexpr std::size_t not_an_argument = first_true({argument_traits<Args>::role == argument_role::other...});
    static constexpr bool rejected = ((argument_traits<Args>::role == argument_role::rejected_binding) || ...);
    static constexpr std::size_t tensor = first_true({is_foreign_value<typename argument_traits<Args>::value>::value...});
    static constexpr std::size_t second_wrt = []() consteval {
        constexpr bool is_wrt[] = {argument_traits<Args>::role == argument_role::wrt..., false};
        for (std::size_t i = 0, seen = 0; i < sizeof...(Args); ++i)
            if (is_wrt[i] && ++seen == 2) return i;
        return npos;
    }();
    static constexpr std::size_t bound_twice = []() consteval {
        constexpr std::string_view names[] = {argument_traits<Args>::name()..., std::string_view{}};
        for (std::size_t i = 0; i < sizeof...(Args); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (!names[i].empty() && names[i] == names[j]) return i;
        return npos;
    }();
    template <std::size_t I>
    using name_of = spelled<argument_traits<nth_t<I, Args...>>::binding_type::name>;

    using type = typename decltype([] {
        if constexpr (std::is_same_v<E, failed_call>)
            return std::type_identity<mistake_already_reported>{};
        else if constexpr (not_an_argument != npos)
            return std::type_identity<error::not_a_binding<nth_t<not_an_argument, Args...>>>{};
        else if constexpr (rejected)
            return std::type_identity<mistake_already_reported>{};
        else if constexpr (tensor != npos)
            return std::type_identity<error::tensor_bound_to<name_of<tensor>>>{};
        else if constexpr (second_wrt != npos)
            return std::type_identity<error::wrt_given_twice<nth_t<second_wrt, Args...>>>{};
        else if constexpr (bound_twice != npos)
            return std::type_identity<error::placeholder_bound_twice<name_of<bound_twice>>>{};
        else if constexpr (is_mistake<typename let_mistake<E>::type>)
            return std::type_identity<typename let_mistake<E>::type>{};
        else if constexpr (is_mistake<typename binding_mistake<E, Args...>::type>)
            return std::type_identity<typename binding_mistake<E, Args...>::type>{};
        else
            return std::type_identity<typename bound_program<E, bindings_of<Args...>>::rank_mistake>{};
    }())::type;
};

}  // namespace etgrad::detail
#endif
