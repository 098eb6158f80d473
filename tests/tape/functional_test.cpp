// SPDX-License-Identifier: MIT
// eg::autograd::jacobian and hessian: shapes, values against the analytic derivatives, against
// PyTorch 1.13's torch.autograd.functional (float64 literals from make_functional_reference.py)
// and against central differences; create_graph, independence from the caller's graph, zero rows
// for outputs that do not depend on an input, and PyTorch's error texts.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "support.hpp"

namespace {

using sizes_t = std::vector<std::int64_t>;

eg::tensor x_vector() { return eg::tensor({0.5, -1.2, 2.0}, eg::float64); }
eg::tensor a_matrix() { return eg::tensor({{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}}, eg::float64); }
eg::tensor v_vector() { return eg::tensor({0.7, -0.4, 1.9}, eg::float64); }
eg::tensor y_vector() { return eg::tensor({0.4, -0.9}, eg::float64); }
eg::tensor s_vector() { return eg::tensor({0.3, -0.1, 0.8, -0.5}, eg::float64); }
const std::vector<double> c_weights = {1.0, -2.0, 0.5, 3.0};

eg::tensor elementwise(const eg::tensor& x) { return eg::sin(x) * x.pow(2); }
eg::tensor matrix_vector(const eg::tensor& x) { return a_matrix().mv(eg::tanh(x)); }
eg::tensor of_the_matrix(const eg::tensor& m) { return eg::tanh(m.mv(v_vector())); }
eg::tensor cubic(const eg::tensor& x) { return x.pow(3).sum() + x[0] * x[1]; }
eg::tensor softmax_weighted(const eg::tensor& s) {
    return (eg::softmax(s, 0) * eg::tensor({1.0, -2.0, 0.5, 3.0}, eg::float64)).sum();
}
eg::tensor scaled(const std::vector<eg::tensor>& in) { return in[0] * in[1].pow(2).sum(); }
eg::tensor product(const std::vector<eg::tensor>& in) { return in[0].pow(2).sum() * in[1].prod(); }

// The jacobian of f at x by central differences, laid out as f(x).shape + x.shape.
template <class F>
std::vector<double> difference_jacobian(F f, const eg::tensor& x, double h = 1e-6) {
    eg::no_grad_guard no_grad;
    const auto moved = [&](std::int64_t k, double by) {
        eg::tensor at = x.detach().clone();
        at.data_ptr<double>()[k] += by;
        return elements(f(at));
    };
    const auto n = static_cast<std::size_t>(x.numel());
    std::vector<double> jacobian;
    for (std::int64_t k = 0; k < x.numel(); ++k) {
        const std::vector<double> up = moved(k, h);
        const std::vector<double> down = moved(k, -h);
        jacobian.resize(up.size() * n);
        for (std::size_t o = 0; o < up.size(); ++o) jacobian[o * n + static_cast<std::size_t>(k)] = (up[o] - down[o]) / (2 * h);
    }
    return jacobian;
}

// The gradient of a one-element f, for differencing into a hessian.
template <class F>
auto gradient_of(F f) {
    return [f](const eg::tensor& x) { return eg::autograd::jacobian(f, x); };
}

// Checks `actual` (of `shape`) against PyTorch's numbers, the analytic ones and differences.
// |actual - expected| <= tolerance * max(1, |expected|): zeros in the jacobians are compared
// with rounding errors, where a relative tolerance alone fails.
void check_near(const eg::tensor& actual, const std::vector<double>& expected, double tolerance = 1e-12) {
    BOOST_TEST_REQUIRE(actual.numel() == static_cast<std::int64_t>(expected.size()));
    const std::vector<double> values = elements(actual);
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(std::abs(values[i] - expected[i]) <= tolerance * std::max(1.0, std::abs(expected[i])),
                   "element " << i << ": " << values[i] << " against " << expected[i]);
}

void check_all(const eg::tensor& actual, const sizes_t& shape, const std::vector<double>& torch,
               const std::vector<double>& analytic, const std::vector<double>& differences) {
    BOOST_TEST(actual.sizes() == shape);
    BOOST_TEST(!actual.requires_grad());
    check_near(actual, torch);
    check_near(actual, analytic);
    check_near(actual, differences, 1e-7);
}

double sq(double a) { return a * a; }

}  // namespace

BOOST_AUTO_TEST_SUITE(functional)

BOOST_AUTO_TEST_CASE(jacobian_of_an_elementwise_function) {
    const auto x = x_vector();
    std::vector<double> analytic(9, 0.0);
    const std::vector<double> xs = elements(x);
    for (std::size_t i = 0; i < 3; ++i) analytic[i * 4] = std::cos(xs[i]) * sq(xs[i]) + 2 * xs[i] * std::sin(xs[i]);
    check_all(eg::autograd::jacobian(elementwise, x), {3, 3},
              {0.6988211790767962, 0.0, 0.0, 0.0, 2.758688972767753, 0.0, 0.0, 0.0, 1.9726023611141572}, analytic,
              difference_jacobian(elementwise, x));
    BOOST_TEST(!x.requires_grad());  // the caller's tensor is left as it was
}

BOOST_AUTO_TEST_CASE(jacobian_of_a_matrix_vector_product) {
    const auto x = x_vector();
    const std::vector<double> a = elements(a_matrix());
    const std::vector<double> xs = elements(x);
    std::vector<double> analytic;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) analytic.push_back(a[i * 3 + j] * (1 - sq(std::tanh(xs[j]))));
    check_all(eg::autograd::jacobian(matrix_vector, x), {2, 3},
              {0.3932238664829637, -0.36602399544889086, 0.14130164970632886, 1.179671599448891, 0.09150599886222271,
               -0.049455577397215095},
              analytic, difference_jacobian(matrix_vector, x));
}

BOOST_AUTO_TEST_CASE(jacobian_with_a_matrix_input_has_the_output_shape_then_the_input_shape) {
    const auto m = a_matrix();
    const std::vector<double> mv = elements(m.mv(v_vector()));
    const std::vector<double> v = elements(v_vector());
    std::vector<double> analytic;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t k = 0; k < 2; ++k)
            for (std::size_t l = 0; l < 3; ++l) analytic.push_back(i == k ? (1 - sq(std::tanh(mv[i]))) * v[l] : 0.0);
    check_all(eg::autograd::jacobian(of_the_matrix, m), {2, 2, 3},
              {0.0002663842122406133, -0.00015221954985177906, 0.0007230428617959505, 0.0, -0.0, 0.0, 0.0, -0.0, 0.0,
               0.5989471502568243, -0.3422555144324711, 1.6257136935542376},
              analytic, difference_jacobian(of_the_matrix, m));
}

BOOST_AUTO_TEST_CASE(jacobian_of_several_inputs_is_one_block_per_input) {
    const auto x = x_vector();
    const auto y = y_vector();
    const std::vector<eg::tensor> blocks = eg::autograd::jacobian(scaled, std::vector{x, y});
    BOOST_TEST_REQUIRE(blocks.size() == 2u);
    const auto on_x = [&](const eg::tensor& at) { return scaled({at, y}); };
    const auto on_y = [&](const eg::tensor& at) { return scaled({x, at}); };
    const double r = 0.4 * 0.4 + 0.9 * 0.9;
    check_all(blocks[0], {3, 3}, {0.9700000000000001, 0.0, 0.0, 0.0, 0.9700000000000001, 0.0, 0.0, 0.0, 0.9700000000000001},
              {r, 0, 0, 0, r, 0, 0, 0, r}, difference_jacobian(on_x, x));
    check_all(blocks[1], {3, 2}, {0.4, -0.9, -0.96, 2.16, 1.6, -3.6},
              {0.5 * 0.8, 0.5 * -1.8, -1.2 * 0.8, -1.2 * -1.8, 2.0 * 0.8, 2.0 * -1.8}, difference_jacobian(on_y, y));
}

BOOST_AUTO_TEST_CASE(hessian_of_a_cubic) {
    const auto x = x_vector();
    check_all(eg::autograd::hessian(cubic, x), {3, 3}, {3.0, 1.0, 0.0, 1.0, -7.199999999999999, 0.0, 0.0, 0.0, 12.0},
              {6 * 0.5, 1, 0, 1, 6 * -1.2, 0, 0, 0, 6 * 2.0}, difference_jacobian(gradient_of(cubic), x));
}

BOOST_AUTO_TEST_CASE(hessian_of_a_softmax_function) {
    const auto s = s_vector();
    // f = c . p with p = softmax(s): d2f/ds_i ds_j = [i == j] p_i (c_i - f) - p_i p_j (c_i + c_j - 2 f)
    const std::vector<double> p = elements(eg::softmax(s, 0));
    const double f = softmax_weighted(s).item();
    std::vector<double> analytic;
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            analytic.push_back((i == j ? p[i] * (c_weights[i] - f) : 0.0) - p[i] * p[j] * (c_weights[i] + c_weights[j] - 2 * f));
    check_all(eg::autograd::hessian(softmax_weighted, s), {4, 4},
              {0.0639980170875977, 0.09309248918585376, -0.061284691122510726, -0.09580581515094072,
               0.09309248918585376, -0.28489810872732435, 0.19239635187067078, -0.0005907323292002172,
               -0.06128469112251074, 0.19239635187067078, 0.0007614048444007542, -0.1318730655925608,
               -0.09580581515094073, -0.0005907323292002313, -0.13187306559256082, 0.22826961307270177},
              analytic, difference_jacobian(gradient_of(softmax_weighted), s));
}

BOOST_AUTO_TEST_CASE(hessian_of_several_inputs_is_blocks_per_pair_of_inputs) {
    // f = sum(x^2) * y0 * y1
    const std::vector<eg::tensor> inputs = {x_vector(), y_vector()};
    const auto h = eg::autograd::hessian(product, inputs);
    BOOST_TEST_REQUIRE(h.size() == 2u);
    // block [i][j], differenced: the jacobian of gradient i with respect to input j
    const auto difference = [&](std::size_t i, std::size_t j) {
        return difference_jacobian([&](const eg::tensor& at) {
            std::vector<eg::tensor> moved = inputs;
            moved[j] = at;
            return eg::autograd::jacobian(product, moved)[i];
        }, inputs[j]);
    };
    const double yy = 0.4 * -0.9;
    const double xx = 0.25 + 1.44 + 4.0;
    check_all(h[0][0], {3, 3},
              {-0.7200000000000001, -0.0, -0.0, -0.0, -0.7200000000000001, -0.0, -0.0, -0.0, -0.7200000000000001},
              {2 * yy, 0, 0, 0, 2 * yy, 0, 0, 0, 2 * yy}, difference(0, 0));
    const std::vector<double> mixed = {2 * 0.5 * -0.9, 2 * 0.5 * 0.4, 2 * -1.2 * -0.9, 2 * -1.2 * 0.4, 2 * 2.0 * -0.9, 2 * 2.0 * 0.4};
    check_all(h[0][1], {3, 2}, {-0.9, 0.4, 2.16, -0.96, -3.6, 1.6}, mixed, difference(0, 1));
    check_all(h[1][0], {2, 3}, {-0.9, 2.16, -3.6, 0.4, -0.96, 1.6}, elements(h[0][1].t()), difference(1, 0));
    check_all(h[1][1], {2, 2}, {0.0, 5.6899999999999995, 5.6899999999999995, 4.440892098500626e-16}, {0, xx, xx, 0},
              difference(1, 1));
}

BOOST_AUTO_TEST_CASE(create_graph_makes_the_result_differentiable) {
    const auto x = eg::tensor({0.5, -1.2, 2.0}, f64);
    const auto j = eg::autograd::jacobian(elementwise, x, /*create_graph=*/true);
    BOOST_TEST(j.requires_grad());
    j.sum().backward();
    check_near(x.grad(), {2.5941598163381006, -2.26125910962968, -5.147769546028503});

    const auto y = eg::tensor({0.5, -1.2, 2.0}, f64);
    const auto h = eg::autograd::hessian(cubic, y, true);
    BOOST_TEST(h.requires_grad());
    h.sum().backward();
    check_near(y.grad(), {6.0, 6.0, 6.0});
}

BOOST_AUTO_TEST_CASE(without_create_graph_the_callers_graph_is_left_alone) {
    const auto x = eg::tensor({0.5, -1.2, 2.0}, f64);
    const auto doubled = x * 2;  // a non-leaf of the caller's graph
    for (const eg::tensor& at : {x, doubled}) {
        const auto j = eg::autograd::jacobian(elementwise, at);
        BOOST_TEST(!j.requires_grad());
        BOOST_TEST(!j.grad_fn());
        BOOST_TEST(!eg::autograd::hessian(cubic, at).requires_grad());
    }
    BOOST_TEST(!x.grad().defined());
    BOOST_TEST(doubled.grad_fn()->name() == "MulBackward0");
    // with create_graph, an input that does not require grad is still not the caller's
    const auto plain = x_vector();
    BOOST_TEST(eg::autograd::jacobian(elementwise, plain, true).requires_grad());
    BOOST_TEST(!plain.requires_grad());
}

BOOST_AUTO_TEST_CASE(grad_mode_off_outside_does_not_matter) {
    eg::no_grad_guard no_grad;
    check_near(eg::autograd::hessian(cubic, x_vector()), {3.0, 1.0, 0.0, 1.0, -7.199999999999999, 0.0, 0.0, 0.0, 12.0});
    BOOST_TEST(!eg::is_grad_enabled());
}

BOOST_AUTO_TEST_CASE(outputs_that_do_not_depend_on_an_input_give_zero_rows) {
    const auto x = x_vector();
    const auto constant = eg::autograd::jacobian([](const eg::tensor&) { return eg::ones({2}, eg::float64); }, x);
    BOOST_TEST(constant.sizes() == (sizes_t{2, 3}));
    check_near(constant, std::vector<double>(6, 0.0));
    check_near(eg::autograd::jacobian([](const eg::tensor& t) { return t; }, x), {1, 0, 0, 0, 1, 0, 0, 0, 1});
    const auto blocks = eg::autograd::jacobian([](const std::vector<eg::tensor>& in) { return in[0] * 2; },
                                               std::vector{x, y_vector()});
    BOOST_TEST(blocks[1].sizes() == (sizes_t{3, 2}));
    check_near(blocks[1], std::vector<double>(6, 0.0));
    check_near(eg::autograd::hessian([](const eg::tensor& t) { return (t * 3).sum(); }, x), std::vector<double>(9, 0.0));
    BOOST_TEST(eg::autograd::hessian([](const eg::tensor& t) { return t.sum(); }, eg::tensor(2.0, eg::float64)).dim() == 0);
}

BOOST_AUTO_TEST_CASE(errors_have_pytorchs_wording) {
    const auto x = x_vector();
    BOOST_TEST(error_of([&] { eg::autograd::hessian([](const eg::tensor& t) { return t * t; }, x); }) ==
               "The Tensor returned by the function given to hessian should contain a single element");
    BOOST_TEST(error_of([&] { eg::autograd::jacobian([](const eg::tensor& t) { return eg::zeros({0}, eg::float64) * t.sum(); }, x); }) ==
               "stack expects a non-empty TensorList");
    BOOST_TEST(error_of([&] { eg::autograd::jacobian([](const eg::tensor& t) { return t; }, eg::tensor({1, 2})); }) ==
               "only Tensors of floating point dtype can require gradients");
}

BOOST_AUTO_TEST_SUITE_END()
