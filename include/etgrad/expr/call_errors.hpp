// SPDX-License-Identifier: MIT
// The compile errors of the static layer, one type per mistake, named after the mistake and the
// culprit: `etgrad::error::no_value_bound_for<etgrad::placeholder_name<'y'>>`. An entry point that
// finds a mistake instantiates that type (its static_assert is the error, and the compilers print
// the type right next to it) and returns a failed_call, which every later use accepts: one
// mistake, one error.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <etgrad/expr/expression.hpp>
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/materialised.hpp>

namespace etgrad {

/// A placeholder's (or an eg::let's) name spelled out as characters in a compile error's type:
/// clang prints a string template argument as numbers (`{{121, 0}}`), characters as characters.
template <char... Name>
struct placeholder_name {};

namespace detail {

template <fixed_string Name, class Indices = std::make_index_sequence<Name.view().size()>>
struct spell;
template <fixed_string Name, std::size_t... I>
struct spell<Name, std::index_sequence<I...>> {
    using type = placeholder_name<Name.chars[I]...>;
};
// The name of the culprit, for a compile error: characters for a string, the value otherwise.
template <auto Name>
struct spell_any {
    using type = std::integral_constant<decltype(Name), Name>;
};
template <std::size_t N, fixed_string<N> Name>
struct spell_any<Name> : spell<Name> {};
template <auto Name>
using spelled = typename spell_any<Name>::type;

template <class...>
inline constexpr bool culprit = false;

// What a check finds when there is nothing to report.
struct no_mistake {};
// A mistake already reported where it was made (a value that cannot be bound).
struct mistake_already_reported {};
template <class Mistake>
inline constexpr bool is_mistake = !std::is_same_v<Mistake, no_mistake>;


// What a call with a mistake returns instead of its result: it converts to anything and accepts
// any operator, so that the user's code around the call adds no error of its own.
struct failed_call {
    template <class T>
    constexpr operator T() const {
        if constexpr (std::is_same_v<T, bool>)
            return true;  // `static_assert(failed call == ...)` adds no second failure
        else
            return T{};
    }
    template <class I>
    constexpr failed_call operator[](const I&) const {
        return {};
    }
    template <class... A>
    constexpr failed_call operator()(const A&...) const {
        return {};
    }
    // An empty range, for a range-for over a gradient.
    constexpr const failed_call* begin() const { return this; }
    constexpr const failed_call* end() const { return this; }
};
// (The other operand by forwarding reference: an exact match, so that `std::cout << result` picks
// this, not one of the stream's own operators through the conversion.)
#define ETGRAD_FAILED_CALL_OPERATOR(op)                                            \
    template <class T>                                                           \
    constexpr failed_call operator op(const failed_call&, T&&) {                 \
        return {};                                                               \
    }                                                                            \
    template <class T>                                                           \
        requires(!std::is_same_v<std::remove_cvref_t<T>, failed_call>)           \
    constexpr failed_call operator op(T&&, const failed_call&) {                 \
        return {};                                                               \
    }
ETGRAD_FAILED_CALL_OPERATOR(+)
ETGRAD_FAILED_CALL_OPERATOR(-)
ETGRAD_FAILED_CALL_OPERATOR(*)
ETGRAD_FAILED_CALL_OPERATOR(/)
ETGRAD_FAILED_CALL_OPERATOR(==)
ETGRAD_FAILED_CALL_OPERATOR(!=)
ETGRAD_FAILED_CALL_OPERATOR(<)
ETGRAD_FAILED_CALL_OPERATOR(>)
ETGRAD_FAILED_CALL_OPERATOR(<=)
ETGRAD_FAILED_CALL_OPERATOR(>=)
ETGRAD_FAILED_CALL_OPERATOR(<<)
#undef ETGRAD_FAILED_CALL_OPERATOR

// Reports a mistake: instantiating its type is the error.
template <class Mistake>
constexpr void report() {
    static_cast<void>(sizeof(Mistake));
}
// The result of a call with a mistake, reported. report is instantiated but not called: clang
// takes a function whose instantiation failed for one that is not constexpr.
template <class Mistake>
constexpr failed_call failed_with() {
    static_cast<void>(&report<Mistake>);
    return {};
}

// The f of an entry point: an expression, or the result of a call that reported a mistake.
template <class E>
concept expression_argument = expression<E> || std::is_same_v<std::remove_cvref_t<E>, failed_call>;

}  // namespace detail

/// The compile errors of the static layer: each is a type named after the mistake, whose template
/// argument names the culprit (a placeholder_name, or the offending type).
namespace error {

template <class Name, class Value>
struct value_not_bindable {
    static_assert(detail::culprit<Name, Value>,
                  "etgrad: placeholder = value: the value must be a number (float, double, ...), a std::array, "
                  "std::vector or contiguous range (std::span) of numbers, or an xtensor expression");
};
template <class Argument>
struct not_a_binding {
    static_assert(detail::culprit<Argument>,
                  "etgrad::eval/grad/value_and_grad/gradcheck(f, args...): every argument after "
                  "f must be a binding `placeholder = value`, eg::wrt(placeholders...) or eg::allow_unused");
};
template <class Name>
struct tensor_bound_to {
    static_assert(detail::culprit<Name>,
                  "etgrad::eval/grad/value_and_grad(f, args...): a tensor is bound; evaluate a static expression on "
                  "tensors with eg::apply(f, x = t, ...)");
};
template <class SecondWrt>
struct wrt_given_twice {
    static_assert(detail::culprit<SecondWrt>,
                  "etgrad::grad/value_and_grad(f, args...): give eg::wrt(...) at most once");
};
template <class Name>
struct placeholder_bound_twice {
    static_assert(detail::culprit<Name>,
                  "etgrad::eval/grad/value_and_grad/gradcheck/apply(f, bindings...): a placeholder is "
                  "bound twice");
};
template <class Name>
struct letvar_used_outside_its_let {
    static_assert(detail::culprit<Name>,
                  "etgrad::let<name>(definition, body): a letvar is used outside the body of the eg::let that "
                  "defines it");
};
template <class Name>
struct let_name_defined_twice {
    static_assert(detail::culprit<Name>,
                  "etgrad::let<name>(definition, body): a name is defined twice in one expression, by two eg::let "
                  "with different definitions (or by one whose definition holds data, met twice); give each eg::let "
                  "its own name");
};
template <class Name, std::ptrdiff_t Rank>
struct slice_of_placeholder_of_rank {
    static_assert(detail::culprit<Name>,
                  "etgrad::slice(x, begin, end) / x[i]: x must be bound to a 1-D array; the placeholder and the rank "
                  "of its value are named in the type above");
};
// A product (eg::matmul, eg::dot) or transpose with an operand of a rank it does not take: the
// rule's assertion names the function and the operand.
template <class Op, int A, int B>
struct operand_rank_not_taken : detail::materialised_rule<Op>::template check_ranks<A, B> {};
template <class Name>
struct no_value_bound_for {
    static_assert(detail::culprit<Name>,
                  "etgrad::eval/grad/value_and_grad/gradcheck/apply(f, bindings...): no value is bound "
                  "for a placeholder that f uses");
};
template <class Name>
struct binding_unused_by_f {
    static_assert(detail::culprit<Name>,
                  "etgrad::eval/grad/value_and_grad/gradcheck/apply(f, bindings...): a value is bound "
                  "to a placeholder that f does not use (a misspelled name?); if that is deliberate, bind it as "
                  "eg::allow_unused(name = value) or pass eg::allow_unused");
};
template <class Name>
struct wrt_placeholder_unused_by_f {
    static_assert(detail::culprit<Name>,
                  "etgrad::grad/value_and_grad(f, ..., eg::wrt(...)): f does not use a placeholder listed in wrt");
};
template <class Name>
struct d_placeholder_unused_by_f {
    static_assert(detail::culprit<Name>, "etgrad::d(f, placeholder): f does not use the placeholder");
};
template <class Argument>
struct variable_not_bound_first {
    static_assert(detail::culprit<Argument>,
                  "etgrad::hessian/jacobian/hvp(f, [v,] x = value, bindings...): the first argument after f (after v "
                  "for hvp) must bind the variable to differentiate with respect to; the other bindings are held "
                  "fixed, and eg::wrt is not taken");
};
template <class Name>
struct variable_not_number_or_vector {
    static_assert(detail::culprit<Name>,
                  "etgrad::hessian/jacobian/hvp(f, x = value, ...): x must be bound to a number or a 1-D array");
};
template <class Name>
struct no_symbolic_derivative_through {
    static_assert(detail::culprit<Name>,
                  "etgrad::hessian/jacobian/hvp(f, x = value, ...): f applies to x an op that eg::d does not "
                  "differentiate symbolically (eg::matmul, dot, transpose, slice(x, ...), x[i], max, min, prod, "
                  "logsumexp, softmax, log_softmax), and the exact higher derivatives are built with eg::d; use "
                  "eg::autograd::hessian/jacobian on tensors");
};
template <class Name>
struct hessian_of_array_valued_f {
    static_assert(detail::culprit<Name>,
                  "etgrad::hessian/hvp(f, x = value, ...): f must be scalar-valued; reduce it with eg::sum or "
                  "eg::mean, or take eg::jacobian of an array-valued f");
};
template <class Name>
struct hvp_direction_unlike_variable {
    static_assert(detail::culprit<Name>,
                  "etgrad::hvp(f, v, x = value, ...): v must be a number when x is bound to a number, and an array "
                  "of x's length when x is bound to an array");
};
template <class Name>
struct no_gradient_for {
    static_assert(detail::culprit<Name>,
                  "etgrad: g[placeholder]: this result holds no gradient for the placeholder (it is not bound, not "
                  "used by the expression, or not listed in eg::wrt(...))");
};

}  // namespace error

}  // namespace etgrad
