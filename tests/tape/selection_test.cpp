// SPDX-License-Identifier: MIT
// Bool tensors, comparisons, eg::where and eg::norm on the dynamic layer: printed text, dtypes,
// values and gradients against PyTorch 1.13 (literals from make_selection_reference.py, which
// differentiates sum(sin(out)) in float64), against central differences, node names, second
// derivatives, and PyTorch's error texts.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

eg::tensor signed_matrix() { return eg::tensor({{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}}, f64); }
eg::tensor b_vector() { return eg::tensor({0.4, -0.6, 1.1}, f64); }
eg::tensor zero_row_matrix() { return eg::tensor({{3.0, 4.0, 0.0}, {0.0, 0.0, 0.0}}, f64); }

}  // namespace

BOOST_AUTO_TEST_SUITE(comparisons)

BOOST_AUTO_TEST_CASE(compare_tensors_and_numbers_on_either_side) {
    const eg::tensor a({1.0f, 2.0f, 3.0f});
    const eg::tensor b({2.0f, 2.0f, 2.0f});
    BOOST_TEST(printed(a < b) == "tensor([ True, False, False])");
    BOOST_TEST(printed(a <= 2) == "tensor([ True,  True, False])");
    BOOST_TEST(printed(2 < a) == "tensor([False, False,  True])");
    BOOST_TEST(printed(a == b) == "tensor([False,  True, False])");
    BOOST_TEST(printed(a != b) == "tensor([ True, False,  True])");
    BOOST_TEST(printed(a >= b) == "tensor([False,  True,  True])");
    BOOST_TEST(printed(a > b) == "tensor([False, False,  True])");
    BOOST_TEST(printed(eg::tensor(1.0) < 2) == "tensor(True)");
    BOOST_TEST(printed(eg::tensor({{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}}) > eg::tensor({0.4, -0.6, 1.1})) ==
               "tensor([[ True, False,  True],\n        [ True,  True, False]])");
    BOOST_TEST(((a < b).dtype() == eg::bool_));
}

BOOST_AUTO_TEST_CASE(operands_promote_before_comparing) {
    BOOST_TEST(printed(eg::tensor({1, 2}) < 1.5) == "tensor([ True, False])");  // not 1 < 1
    BOOST_TEST(printed(eg::tensor({1, 2}) == eg::tensor({1.0, 2.5})) == "tensor([ True, False])");
    BOOST_TEST(printed(eg::tensor({true, false}) == true) == "tensor([ True, False])");
    const double nan = std::nan("");
    BOOST_TEST(printed(eg::tensor({nan, 1.0}) == eg::tensor({nan, 1.0})) == "tensor([False,  True])");
}

BOOST_AUTO_TEST_CASE(comparisons_record_nothing) {
    const auto x = signed_matrix();
    const eg::tensor c = x > b_vector();
    BOOST_TEST(!c.requires_grad());
    BOOST_TEST(!c.grad_fn());
    BOOST_TEST(c.is_leaf());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bool_tensors)

BOOST_AUTO_TEST_CASE(print_as_pytorch) {
    BOOST_TEST(printed(eg::tensor({true, false, true})) == "tensor([ True, False,  True])");
    BOOST_TEST(printed(eg::tensor(true)) == "tensor(True)");
    BOOST_TEST(printed(eg::tensor({false, false})) == "tensor([False, False])");
    BOOST_TEST(printed(eg::zeros({2, 2}, eg::bool_)) == "tensor([[False, False],\n        [False, False]])");
    BOOST_TEST(printed(eg::tensor(std::initializer_list<double>{}) < 1) == "tensor([], dtype=torch.bool)");
    BOOST_TEST(printed(eg::ones({12}) > 0) ==
               "tensor([True, True, True, True, True, True, True, True, True, True, True, True])");
    BOOST_TEST(eg::format(eg::tensor(true)) == "True");
    BOOST_TEST(eg::format(eg::tensor(false)) == "False");
    BOOST_TEST(eg::tensor(true).item<bool>());
}

BOOST_AUTO_TEST_CASE(sum_and_conversions) {
    const eg::tensor a({1.0f, 2.0f, 3.0f});
    const eg::tensor c = a > 1.5;
    BOOST_TEST(printed(c.sum()) == "tensor(2)");
    BOOST_TEST((c.sum().dtype() == eg::int64));
    BOOST_TEST(printed(c.sum(0)) == "tensor(2)");
    BOOST_TEST(printed(c.to(eg::float32)) == "tensor([0., 1., 1.])");
    BOOST_TEST(printed(c.to(eg::float64)) == "tensor([0., 1., 1.], dtype=torch.float64)");
    BOOST_TEST(printed(eg::tensor({0.5, 0.0, std::nan("")}).to(eg::bool_)) == "tensor([ True, False,  True])");
}

BOOST_AUTO_TEST_CASE(arithmetic_promotes_as_pytorch) {
    const eg::tensor a({1.0f, 2.0f, 3.0f});
    const eg::tensor c = a > 1.5;
    BOOST_TEST(printed(c * a) == "tensor([0., 2., 3.])");
    BOOST_TEST(printed(c + 1) == "tensor([1, 2, 2])");
    BOOST_TEST(printed(c + 1.5) == "tensor([1.5000, 2.5000, 2.5000])");
    BOOST_TEST(printed(c * c) == "tensor([False,  True,  True])");
    BOOST_TEST(printed(c + c) == "tensor([False,  True,  True])");  // or
    BOOST_TEST(printed(c / c) == "tensor([nan, 1., 1.])");
    BOOST_TEST(printed(eg::exp(c)) == "tensor([1.0000, 2.7183, 2.7183])");
    BOOST_TEST(printed(c * eg::tensor({2, 3, 4})) == "tensor([0, 3, 4])");
}

BOOST_AUTO_TEST_CASE(mask_times_a_tensor_that_requires_grad) {
    const auto x = signed_matrix();
    const eg::tensor masked = (x > 0) * x;
    BOOST_TEST(name_of(masked) == "MulBackward0");
    masked.sum().backward();
    check_close(x.grad(), {1, 0, 1, 1, 1, 0});
}

BOOST_AUTO_TEST_CASE(errors_as_pytorch) {
    const eg::tensor c = eg::tensor({1.0f, 2.0f, 3.0f}) > 1.5;
    BOOST_TEST(error_of([&] { return c - c; }) ==
               "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` "
               "operator instead.");
    BOOST_TEST(error_of([&] { return -c; }) ==
               "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use "
               "the `~` or `logical_not()` operator instead.");
    BOOST_TEST(error_of([&] { return c.mean(); }) ==
               "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
               "Got: Bool");
    BOOST_TEST(error_of([&] { eg::tensor(c).requires_grad_(); }) == "only Tensors of floating point dtype can require gradients");
    // What has no kernel for bools says so (PyTorch has one for some of these).
    BOOST_TEST(error_of([&] { return eg::matmul(c, c); }) ==
               "etgrad: this operation is not implemented for 'Bool' tensors; convert first, e.g. t.to(eg::float32)");
    BOOST_TEST(error_of([&] { return eg::zeros({0}, eg::bool_).max(); }) ==
               "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the "
               "'dim' argument.");
}

// max and min of bools are bools, their prod an int64, as in PyTorch 1.13 (python3-torch):
// t.max(), t.min(), t.prod(), m.max(0), m.min(1, keepdim=True), m.prod(0), empty.prod().
BOOST_AUTO_TEST_CASE(reductions_of_bools) {
    const eg::tensor t = eg::tensor({1.0, 0.0, 1.0}).to(eg::bool_);
    const eg::tensor m = eg::tensor({{1.0, 0.0}, {1.0, 1.0}}).to(eg::bool_);
    BOOST_TEST(printed(t.max()) == "tensor(True)");
    BOOST_TEST(printed(t.min()) == "tensor(False)");
    BOOST_TEST(printed(t.prod()) == "tensor(0)");
    BOOST_TEST((t.prod().dtype() == eg::int64));
    const auto [largest, where_largest] = m.max(0);
    BOOST_TEST(printed(largest) == "tensor([True, True])");
    BOOST_TEST(printed(where_largest) == "tensor([0, 1])");
    const auto [smallest, where_smallest] = m.min(1, true);
    BOOST_TEST(printed(smallest) == "tensor([[False],\n        [ True]])");
    BOOST_TEST(printed(where_smallest) == "tensor([[1],\n        [0]])");
    BOOST_TEST(printed(m.prod(0)) == "tensor([1, 0])");
    BOOST_TEST(printed(eg::zeros({0}, eg::bool_).prod()) == "tensor(1)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(where)

BOOST_AUTO_TEST_CASE(values_gradients_and_name) {
    const auto x = signed_matrix();
    const auto y = b_vector();
    const eg::tensor w = eg::where(x > 0, x * x, y);
    BOOST_TEST(printed(w) ==
               "tensor([[ 0.2500, -0.6000,  4.0000],\n        [ 2.2500,  0.0900,  1.1000]], dtype=torch.float64,\n"
               "       grad_fn=<WhereBackward0>)");
    check_against_torch([](const auto& in) { return eg::where(in[0] > 0, in[0] * in[0], in[1]); }, {signed_matrix(), b_vector()},
                        {0.25, -0.6, 4.0, 2.25, 0.09, 1.1},
                        {{0.9689124217106447, -0.0, -2.6145744834544478, -1.8845208681682175, 0.5975716398071965, -0.0},
                         {0.0, 0.8253356149096783, 0.4535961214255773}});
}

BOOST_AUTO_TEST_CASE(numbers_as_branches) {
    check_against_torch([](const auto& in) { return eg::where(in[0] < 1, 2.5, in[0].exp()); }, {signed_matrix()},
                        {2.5, 2.5, 7.38905609893065, 4.4816890703380645, 2.5, 2.5},
                        {{0.0, 0.0, 3.312929423104333, -1.0247783015045113, 0.0, 0.0}});
    // torch 1.13: torch.where(torch.tensor([True, False]), 1.0, 2) -> tensor([1., 2.]) (float32)
    BOOST_TEST(printed(eg::where(eg::tensor({1.0, -1.0}) > 0, 1.0, 2)) == "tensor([1., 2.])");
}

BOOST_AUTO_TEST_CASE(unselected_places_get_positive_zero) {
    const auto x = signed_matrix();
    const eg::tensor g = eg::autograd::grad({-eg::where(x < 0, x, 0).sum()}, {x})[0];
    check_close(g, {0.0, -1.0, 0.0, 0.0, 0.0, -1.0});
    for (const double v : elements(g))
        if (v == 0) BOOST_TEST(!std::signbit(v));  // 0, as PyTorch, not the -0 of where's value rule
}

BOOST_AUTO_TEST_CASE(second_derivatives_and_finite_differences) {
    const auto f = [](const auto& in) { return eg::where(in[0] > in[1], in[0] * in[1], in[1].pow(3)); };
    check_second_derivative(
        f, {signed_matrix(), b_vector()},
        {0.39202663113649666, -0.0, -0.6473512289808805, 0.3301342459638713, -0.5903062156728729, 0.0},
        {{-0.0317870929272098, -0.0, -2.9348419458651125, -0.3613711829728228, 0.32225323216648355, 0.0},
         {2.8865332351728568, 4.758091847857366, -7.101579616975332}});
    check_finite_differences(f, {signed_matrix(), b_vector()});
    // the backward of where is a where, recorded when the backward creates a graph
    const auto x = signed_matrix();
    const auto y = b_vector();
    const eg::tensor g = eg::autograd::grad({eg::sin(f(std::vector{x, y})).sum()}, {x}, {}, {}, true)[0];
    BOOST_TEST(name_of(g) == "MulBackward0");
    BOOST_TEST(g.grad_fn()->next_functions()[0].function->name() == "WhereBackward0");
    BOOST_TEST(g.grad_fn()->next_functions()[1].function->name() == "torch::autograd::AccumulateGrad");
}

BOOST_AUTO_TEST_CASE(types_and_broadcasting) {
    const eg::tensor picks({true, false});
    BOOST_TEST(printed(eg::where(picks, eg::tensor({1, 2}), 2.5)) == "tensor([1.0000, 2.5000])");
    BOOST_TEST(printed(eg::where(picks, 1, 2)) == "tensor([1, 2])");
    BOOST_TEST(printed(eg::where(picks, 1.0, 2.0)) == "tensor([1., 2.])");
    BOOST_TEST(printed(eg::where(picks, eg::tensor({true, true}), false)) == "tensor([ True, False])");
    BOOST_TEST(printed(eg::where(eg::tensor({{true}, {false}}), eg::tensor({1.0f, 2.0f}), eg::tensor(5.0f))) ==
               "tensor([[1., 2.],\n        [5., 5.]])");
}

BOOST_AUTO_TEST_CASE(errors_as_pytorch) {
    BOOST_TEST(error_of([] { return eg::where(eg::tensor({1.0f}), eg::tensor({1.0f}), eg::tensor({2.0f})); }) ==
               "where expected condition to be a boolean tensor, but got a tensor with dtype Float");
    BOOST_TEST(error_of([] { return eg::where(eg::tensor({true, false}), eg::ones({2}), eg::ones({3})); }) ==
               "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(norm)

BOOST_AUTO_TEST_CASE(over_every_element) {
    const auto x = signed_matrix();
    BOOST_TEST(printed(x.norm()) == "tensor(2.9189, dtype=torch.float64, grad_fn=<NormBackward1>)");
    BOOST_TEST(name_of(eg::norm(x)) == "NormBackward1");
    check_against_torch([](const auto& in) { return in[0].norm(); }, {signed_matrix()}, {2.9189039038652846},
                        {{-0.16706736325661592, 0.4009616718158782, -0.6682694530264637, -0.5012020897698478,
                          -0.10024041795396955, 0.2338943085592623}});
    check_against_torch([](const auto& in) { return eg::norm(in[0]); }, {zero_row_matrix()}, {5.0},
                        {{0.17019731127793575, 0.226929748370581, 0.0, 0.0, 0.0, 0.0}});
}

BOOST_AUTO_TEST_CASE(along_an_axis) {
    BOOST_TEST(printed(signed_matrix().norm(1)) == "tensor([2.3854, 1.6823], dtype=torch.float64, grad_fn=<NormBackward1>)");
    BOOST_TEST(printed(signed_matrix().norm(0, true)) ==
               "tensor([[1.5811, 1.2369, 2.1190]], dtype=torch.float64,\n       grad_fn=<NormBackward1>)");
    const std::vector<double> rows_grad{-0.1524782160700704, 0.36594771856816893, -0.6099128642802816,
                                        -0.09918208182226741, -0.019836416364453484, 0.04628497151705812};
    check_against_torch([](const auto& in) { return in[0].norm(1); }, {signed_matrix()}, {2.3853720883753127, 1.6822603841260722},
                        {rows_grad});
    check_against_torch([](const auto& in) { return eg::norm(in[0], -1); }, {signed_matrix()},
                        {2.3853720883753127, 1.6822603841260722}, {rows_grad});
    check_against_torch([](const auto& in) { return in[0].norm(0, true); }, {signed_matrix()},
                        {1.5811388300841898, 1.2369316876852983, 2.118962010041709},
                        {{-0.003270528402828023, -0.3179125071540003, -0.491865873930168, -0.009811585208484068,
                          0.07947812678850008, 0.17215305587555876}});
}

BOOST_AUTO_TEST_CASE(gradient_is_zero_where_the_norm_is_zero) {
    BOOST_TEST(printed(zero_row_matrix().norm(1)) == "tensor([5., 0.], dtype=torch.float64, grad_fn=<NormBackward1>)");
    check_against_torch([](const auto& in) { return in[0].norm(1); }, {zero_row_matrix()}, {5.0, 0.0},
                        {{0.17019731127793575, 0.226929748370581, 0.0, 0.0, 0.0, 0.0}});
    check_against_torch([](const auto& in) { return in[0].norm(0, true); }, {zero_row_matrix()}, {3.0, 4.0, 0.0},
                        {{-0.9899924966004454, -0.6536436208636119, 0.0, -0.0, -0.0, 0.0}});
    const eg::tensor zeros = eg::zeros({3}, eg::requires_grad());
    zeros.norm().backward();
    check_close(zeros.grad(), {0, 0, 0});  // not NaN
}

BOOST_AUTO_TEST_CASE(second_derivatives_and_finite_differences) {
    check_second_derivative([](const auto& in) { return in[0].norm(1); }, {signed_matrix()},
                            {-0.1524782160700704, 0.36594771856816893, -0.6099128642802816, -0.09918208182226741,
                             -0.019836416364453484, 0.04628497151705812},
                            {{-0.44230305585300456, -0.2802809673694085, -1.4642557912718774, -1.8870936679935995,
                              -0.6551285627010686, 0.3604887937291216}});
    check_finite_differences([](const auto& in) { return in[0].norm(0) * in[1]; }, {signed_matrix(), b_vector()});
    check_finite_differences([](const auto& in) { return (in[0] * in[1]).norm(); }, {signed_matrix(), b_vector()});
}

BOOST_AUTO_TEST_CASE(float32_and_zero_dimensional) {
    const eg::tensor x({0.1f, -0.2f, 0.3f}, eg::requires_grad());
    const eg::tensor n = x.norm();
    BOOST_TEST(printed(n) == "tensor(0.3742, grad_fn=<NormBackward1>)");
    n.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([ 0.2673, -0.5345,  0.8018])");
    BOOST_TEST(printed(eg::tensor(-2.0f, eg::requires_grad()).norm(0)) == "tensor(2., grad_fn=<NormBackward1>)");
}

BOOST_AUTO_TEST_CASE(errors_as_pytorch) {
    BOOST_TEST(error_of([] { return eg::tensor({1, 2}).norm(); }) ==
               "norm(): input dtype should be either floating point or complex. Got Long instead.");
    BOOST_TEST(error_of([] { return eg::tensor({true}).norm(); }) ==
               "norm(): input dtype should be either floating point or complex. Got Bool instead.");
}

BOOST_AUTO_TEST_SUITE_END()
