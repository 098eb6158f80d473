// SPDX-License-Identifier: MIT
// Helpers for the dynamic layer's tests.
#pragma once
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <etgrad/tape.hpp>

namespace eg = etgrad;

// Options of a float64 leaf that requires grad.
inline const eg::tensor_options f64 = eg::requires_grad().dtype(eg::float64);

// The name of t's grad_fn, or "None" (Python's t.grad_fn) for a leaf.
inline std::string name_of(const eg::tensor& t) { return t.grad_fn() ? std::string(t.grad_fn()->name()) : "None"; }

// What Python's print(t) shows.
inline std::string printed(const eg::tensor& t) {
    std::ostringstream out;
    out << t;
    return out.str();
}

// The message of the exception f throws, or "no error".
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

// The elements of `t` in row-major order, as doubles.
inline std::vector<double> elements(const eg::tensor& t) {
    const eg::tensor flat = t.contiguous().to(eg::float64);
    return {flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()};
}

inline void check_close(const eg::tensor& actual, const std::vector<double>& expected, double tolerance = 1e-12) {
    BOOST_TEST_REQUIRE(actual.numel() == static_cast<std::int64_t>(expected.size()));
    const std::vector<double> values = elements(actual);
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(values[i] == expected[i], boost::test_tools::tolerance(tolerance));
}

// Checks the gradients autograd gives for sum(sin(f(inputs))) against central differences
// (float64 inputs, each element moved by +-h in place).
template <class F>
void check_finite_differences(F f, const std::vector<eg::tensor>& inputs, double h = 1e-6, double tolerance = 1e-7) {
    const auto loss = [&] { return eg::sin(f(inputs)).sum(); };
    const std::vector<eg::tensor> grads = eg::autograd::grad({loss()}, inputs);
    eg::no_grad_guard no_grad;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        double* data = inputs[k].data_ptr<double>();
        const std::vector<double> analytic = elements(grads[k]);
        for (std::int64_t i = 0; i < inputs[k].numel(); ++i) {
            const double saved = data[i];
            data[i] = saved + h;
            const double up = loss().item();
            data[i] = saved - h;
            const double down = loss().item();
            data[i] = saved;
            BOOST_TEST(analytic[static_cast<std::size_t>(i)] == (up - down) / (2 * h), boost::test_tools::tolerance(tolerance));
        }
    }
}

// Checks f's value and the gradients of sum(sin(f(inputs))) against PyTorch's.
template <class F>
void check_against_torch(F f, const std::vector<eg::tensor>& inputs, const std::vector<double>& value,
                         const std::vector<std::vector<double>>& grads) {
    const eg::tensor out = f(inputs);
    check_close(out, value);
    eg::sin(out).sum().backward();
    for (std::size_t i = 0; i < inputs.size(); ++i) check_close(inputs[i].grad(), grads[i]);
}

// Checks g = d sum(sin(f)) / d inputs[0] (create_graph), then the gradients of sum(g * [1, 2, ...]).
template <class F>
void check_second_derivative(F f, const std::vector<eg::tensor>& inputs, const std::vector<double>& first,
                             const std::vector<std::vector<double>>& second) {
    const eg::tensor g = eg::autograd::grad({eg::sin(f(inputs)).sum()}, {inputs[0]}, {}, {}, true)[0];
    check_close(g, first);
    (g * eg::arange(1.0, static_cast<double>(g.numel()) + 1).to(eg::float64).reshape(g.sizes())).sum().backward();
    for (std::size_t i = 0; i < inputs.size(); ++i) check_close(inputs[i].grad(), second[i]);
}
