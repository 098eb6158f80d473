// SPDX-License-Identifier: MIT
// Views and in-place writes: slicing, a write through a view recorded on its base (CopySlices),
// views whose base was written since (AsStridedBackward0), second derivatives through select,
// and PyTorch's errors. Reference numbers come from PyTorch 1.13 (float64).
#include <boost/test/unit_test.hpp>

#include <vector>

#include "support.hpp"

BOOST_AUTO_TEST_SUITE(views)

BOOST_AUTO_TEST_CASE(slice_and_narrow) {
    const auto x = eg::arange(0.0, 10.0, 1.0, eg::float64);
    check_close(x.slice(0, 2, 8, 3), {2, 5});
    check_close(x.slice(0, -3), {7, 8, 9});
    check_close(x.slice(0, {}, {}, 4), {0, 4, 8});
    BOOST_TEST(x.slice(0, 12).numel() == 0);
    check_close(x.narrow(0, -2, 2), {8, 9});
    const auto m = eg::arange(0.0, 6.0, 1.0, eg::float64).view({2, 3});
    check_close(m.slice(1, 1), {1, 2, 4, 5});
    BOOST_TEST(m.slice(1, 1).data_ptr<double>() == m.data_ptr<double>() + 1);  // a view, not a copy
    BOOST_TEST(error_of([&] { return x.slice(0, 0, 3, 0); }) == "step must be greater than zero");
    BOOST_TEST(error_of([&] { return x.narrow(0, 8, 3); }) == "start (8) + length (3) exceeds dimension size (10).");
    BOOST_TEST(error_of([&] { return x.narrow(0, 10, 0); }) ==
               "Dimension out of range (expected to be in range of [-10, 9], but got 10)");
    BOOST_TEST(error_of([&] { return eg::tensor(1.0).narrow(0, 0, 1); }) == "narrow() cannot be applied to a 0-dim tensor.");

    auto y = eg::tensor({1.0, 2.0, 3.0, 4.0, 5.0}, f64);
    auto s = y.slice(0, 1, 5, 2);
    BOOST_TEST(name_of(s) == "SliceBackward0");
    (s * s).sum().backward();
    check_close(y.grad(), {0, 4, 0, 8, 0});
    check_finite_differences([](const std::vector<eg::tensor>& in) { return in[0].slice(0, 1, {}, 2) * in[0].narrow(0, 0, 2); },
                             {eg::tensor({0.3, -1.2, 0.8, 2.0}, f64)});
}

BOOST_AUTO_TEST_CASE(write_through_a_view_of_a_non_leaf) {
    auto x = eg::tensor({1.0, 2.0, 3.0}, f64);
    auto a = x * 1;
    auto v = a[0];
    v.mul_(2);
    BOOST_TEST(name_of(a) == "torch::autograd::CopySlices");
    BOOST_TEST(name_of(v) == "AsStridedBackward0");
    BOOST_TEST(a._version() == 1u);
    (a * a).sum().backward();
    check_close(x.grad(), {8, 4, 6});
}

BOOST_AUTO_TEST_CASE(write_into_a_view_of_a_tensor_without_grad) {
    auto y = eg::tensor({1.0, 2.0, 3.0}, f64);
    auto t = eg::zeros({3}, eg::float64);
    auto s = t.slice(0, 1);
    s.add_(y.slice(0, {}, 2) * y.slice(0, 1));
    BOOST_TEST(t.requires_grad());
    BOOST_TEST(name_of(t) == "torch::autograd::CopySlices");
    check_close(t, {0, 2, 6});
    (t * t).sum().backward();
    check_close(y.grad(), {8, 40, 24});
}

BOOST_AUTO_TEST_CASE(a_view_whose_base_was_written_reads_the_new_base) {
    auto x = eg::tensor({1.0, 2.0, 3.0}, f64);
    auto b = x * 2;
    auto w = b.slice(0, 1);
    b.mul_(x);  // PyTorch keeps the value mul_ overwrote for the gradient of x
    BOOST_TEST(name_of(w) == "AsStridedBackward0");
    w.pow(3).sum().backward();
    check_close(x.grad(), {0, 1536, 11664});

    auto c = x * 2;
    auto u = c.slice(0, 1);
    c.add_(x);
    u.pow(3).sum().backward();
    check_close(x.grad(), {0, 1536 + 324, 11664 + 729});
}

BOOST_AUTO_TEST_CASE(write_through_a_transposed_view) {
    auto m = eg::tensor({{1.0, 2.0}, {3.0, 4.0}}, f64);
    auto n = m * 1;
    n.t()[0].mul_(m[0]);
    check_close(n, {1, 2, 6, 4});
    (n * n).sum().backward();
    check_close(m.grad(), {4, 40, 24, 8});
}

BOOST_AUTO_TEST_CASE(constant_writes) {
    auto x = eg::tensor({1.0, 2.0, 3.0}, f64);
    auto z = x * 3;
    z.fill_(2);
    BOOST_TEST(name_of(z) == "FillBackward2");
    BOOST_TEST(z.requires_grad());
    (z * x).sum().backward();
    check_close(x.grad(), {2, 2, 2});
    auto c = x * 1;
    c.zero_();
    BOOST_TEST(name_of(c) == "ZeroBackward0");
}

BOOST_AUTO_TEST_CASE(second_derivatives_through_views) {
    auto x = eg::tensor({1.0, 2.0, 3.0}, f64);
    auto g = eg::autograd::grad({x[1].pow(3)}, {x}, {}, {}, true)[0];
    check_close(g, {0, 12, 0});
    g.sum().backward();
    check_close(x.grad(), {0, 12, 0});
    x.grad().zero_();

    auto c = x * x;
    c[1].zero_();
    auto h = eg::autograd::grad({(c * c).sum()}, {x}, {}, {}, true)[0];
    check_close(h, {4, 0, 108});
    h.sum().backward();
    check_close(x.grad(), {12, 0, 108});
    x.grad().zero_();

    auto t = x * 1;
    t[0].mul_(x[1]);
    auto k = eg::autograd::grad({t.pow(2).sum()}, {x}, {}, {}, true)[0];
    check_close(k, {8, 8, 6});
    k.sum().backward();
    check_close(x.grad(), {16, 12, 2});
}

BOOST_AUTO_TEST_CASE(errors) {
    auto x = eg::tensor({1.0, 2.0, 3.0}, f64);
    BOOST_TEST(error_of([&] { x[0].mul_(2); }) == "a view of a leaf Variable that requires grad is being used in an in-place operation.");
    {
        eg::no_grad_guard no_grad;
        x[1].mul_(2);  // as an optimiser's step would
    }
    check_close(x, {1, 4, 3});
    auto y = x * 2;
    eg::tensor v;
    {
        eg::no_grad_guard no_grad;
        v = y[0];
    }
    BOOST_TEST(error_of([&] { v.mul_(x[0]); }).starts_with(
        "A view was created in no_grad mode and is being modified inplace with grad mode enabled."));
    BOOST_TEST(error_of([&] { y.expand({2, -1}).mul_(2); }) ==
               "unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
               "Please clone() the tensor before performing the operation.");
    BOOST_TEST(x._version() == 1u);  // the refused writes changed nothing
}

BOOST_AUTO_TEST_SUITE_END()
