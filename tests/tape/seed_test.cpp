// SPDX-License-Identifier: MIT
// Every cell of the five seed notebooks (../shared/seeds), started from the inputs as the
// notebooks print them. The expected text is what PyTorch 1.13 prints for those inputs
// (tests/tape/make_seed_reference.py); it differs from the notebooks only where their inputs
// had digits they did not print.
#include <boost/test/unit_test.hpp>

#include "support.hpp"

BOOST_AUTO_TEST_SUITE(seeds)

BOOST_AUTO_TEST_CASE(seed_000_mean_of_a_square) {
    auto x = eg::tensor({0.0220f, 0.2922f, 0.1679f}, eg::requires_grad());
    BOOST_TEST(printed(x) == "tensor([0.0220, 0.2922, 0.1679], requires_grad=True)");
    auto y = x + 2;
    BOOST_TEST(printed(y) == "tensor([2.0220, 2.2922, 2.1679], grad_fn=<AddBackward0>)");
    auto z = y * y * 2;
    BOOST_TEST(printed(z) == "tensor([ 8.1770, 10.5084,  9.3996], grad_fn=<MulBackward0>)");
    z = z.mean();
    BOOST_TEST(printed(z) == "tensor(9.3616, grad_fn=<MeanBackward0>)");
    BOOST_TEST(z.grad_fn()->name() == "MeanBackward0");
    z.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([2.6960, 3.0563, 2.8905])");
}

BOOST_AUTO_TEST_CASE(seed_000_vector_jacobian_product) {
    auto x = eg::tensor({0.0129f, 0.6488f, 0.2227f}, eg::requires_grad());
    auto y = x + 2;
    auto z = 2 * eg::pow(y, 2);
    BOOST_TEST(printed(z) == "tensor([ 8.1035, 14.0323,  9.8808], grad_fn=<MulBackward0>)");
    BOOST_TEST(error_of([&] { z.backward(); }) == "grad can be implicitly created only for scalar outputs");
    BOOST_TEST(!x.grad().defined());
    z.backward(eg::tensor({0.1, 1.0, 0.001}, eg::float32));
    BOOST_TEST(printed(x.grad()) == "tensor([8.0516e-01, 1.0595e+01, 8.8908e-03])");
}

BOOST_AUTO_TEST_CASE(seed_000_stop_tracking) {
    auto x = eg::tensor({-0.3003f, -0.1851f, 1.6188f}, eg::requires_grad());
    BOOST_TEST(printed(x) == "tensor([-0.3003, -0.1851,  1.6188], requires_grad=True)");
    x.requires_grad_(false);
    BOOST_TEST(printed(x) == "tensor([-0.3003, -0.1851,  1.6188])");
    x.requires_grad_(true);
    BOOST_TEST(printed(x.detach()) == "tensor([-0.3003, -0.1851,  1.6188])");
    {
        eg::no_grad_guard guard;
        const auto y = x + 2;
        BOOST_TEST(printed(y) == "tensor([1.6997, 1.8149, 3.6188])");
        BOOST_TEST(!y.requires_grad());
    }
    BOOST_TEST((x + 2).requires_grad());
}

BOOST_AUTO_TEST_CASE(seed_000_gradients_accumulate_until_zeroed) {
    for (const bool zero : {false, true}) {
        auto weights = eg::ones({4}, eg::requires_grad());
        BOOST_TEST(printed(weights) == "tensor([1., 1., 1., 1.], requires_grad=True)");
        const char* accumulated[] = {"tensor([3., 3., 3., 3.])", "tensor([6., 6., 6., 6.])", "tensor([9., 9., 9., 9.])"};
        for (int epoch = 0; epoch < 3; ++epoch) {
            auto model_output = (weights * 3).sum();
            BOOST_TEST(printed(model_output) == "tensor(12., grad_fn=<SumBackward0>)");
            model_output.backward();
            BOOST_TEST(printed(weights.grad()) == (zero ? accumulated[0] : accumulated[epoch]));
            if (zero) weights.grad().zero_();
        }
    }
}

BOOST_AUTO_TEST_CASE(seed_001_gradients) {
    auto x = eg::tensor({0.4051f, 0.5039f, 1.2624f}, eg::requires_grad());
    auto y = x + 2;
    BOOST_TEST(printed(y) == "tensor([2.4051, 2.5039, 3.2624], grad_fn=<AddBackward0>)");
    BOOST_TEST(!x.grad_fn());
    auto z = (eg::pow(y, 2) * 2).mean();
    BOOST_TEST(printed(z) == "tensor(15.1315, grad_fn=<MeanBackward0>)");
    z.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([3.2068, 3.3385, 4.3499])");
    auto z2 = y.pow(2) * 2;
    BOOST_TEST(printed(z2) == "tensor([11.5690, 12.5390, 21.2865], grad_fn=<MulBackward0>)");
    z2.backward(eg::tensor({1.0f, 1.0f, 1.0f}));
    BOOST_TEST(printed(x.grad()) == "tensor([12.8272, 13.3541, 17.3995])");
}

BOOST_AUTO_TEST_CASE(seed_001_no_grad_prints_scientific) {
    auto x = eg::tensor({-0.2848f, -0.0003f, -1.8807f}, eg::requires_grad());
    eg::no_grad_guard guard;
    BOOST_TEST(printed(x * 2) == "tensor([-5.6960e-01, -6.0000e-04, -3.7614e+00])");
}

BOOST_AUTO_TEST_CASE(seed_001_python_formats_one_element) {
    auto x = eg::tensor({0.97f, 1.0f});
    BOOST_TEST(eg::format(x[0]) == "0.9700000286102295");
    BOOST_TEST(eg::format(x[1]) == "1.0");
    BOOST_TEST(eg::format(x) == "tensor([0.9700, 1.0000])");
}

BOOST_AUTO_TEST_CASE(seed_002_chain) {
    auto x = eg::tensor({0.3231f, -0.5908f, -0.2032f}, eg::requires_grad());
    auto y = x + 2;
    BOOST_TEST(printed(y) == "tensor([2.3231, 1.4092, 1.7968], grad_fn=<AddBackward0>)");
    auto z = y * y * 2;
    BOOST_TEST(printed(z) == "tensor([10.7936,  3.9717,  6.4570], grad_fn=<MulBackward0>)");
    z = z.mean();
    BOOST_TEST(printed(z) == "tensor(7.0741, grad_fn=<MeanBackward0>)");
    z.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([3.0975, 1.8789, 2.3957])");
}

BOOST_AUTO_TEST_CASE(seed_002_without_requires_grad) {
    auto x = eg::tensor({0.3231f, -0.5908f, -0.2032f});
    auto z = ((x + 2) * (x + 2) * 2).mean();
    BOOST_TEST(printed(z) == "tensor(7.0741)");
    BOOST_TEST(error_of([&] { z.backward(); }) == "element 0 of tensors does not require grad and does not have a grad_fn");
}

BOOST_AUTO_TEST_CASE(seed_002_matrix_and_vector_products) {
    auto x = eg::ones({2, 2}, eg::requires_grad());
    auto out = ((x + 2) * (x + 2) * 3).mean();
    out.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])");

    auto v = eg::ones({3}, eg::requires_grad());
    auto z = (v + 2) * (v + 2) * 3;
    BOOST_TEST(error_of([&] { z.backward(); }) == "grad can be implicitly created only for scalar outputs");
    z.backward(eg::tensor({0.1f, 1.0f, 0.001f}));
    BOOST_TEST(printed(v.grad()) == "tensor([1.8000e+00, 1.8000e+01, 1.8000e-02])");
}

BOOST_AUTO_TEST_CASE(seed_003_rank_three) {
    auto x = eg::tensor({{{0.1801f, 0.6695f, 0.7117f, 0.5697f}, {0.5046f, 0.6651f, 0.2095f, 0.1856f}, {0.3545f, 0.7559f, 0.8294f, 0.2690f}},
                         {{0.3658f, 0.7116f, 0.2215f, 0.7136f}, {0.2797f, 0.4324f, 0.8426f, 0.9727f}, {0.1415f, 0.4659f, 0.0742f, 0.4353f}}},
                        eg::requires_grad());
    BOOST_TEST(printed(x) ==
               "tensor([[[0.1801, 0.6695, 0.7117, 0.5697],\n"
               "         [0.5046, 0.6651, 0.2095, 0.1856],\n"
               "         [0.3545, 0.7559, 0.8294, 0.2690]],\n\n"
               "        [[0.3658, 0.7116, 0.2215, 0.7136],\n"
               "         [0.2797, 0.4324, 0.8426, 0.9727],\n"
               "         [0.1415, 0.4659, 0.0742, 0.4353]]], requires_grad=True)");
    auto a = x + 2;
    auto b = a * 2;
    auto c = b.pow(2);
    auto d = c.mean();
    BOOST_TEST(printed(b) ==
               "tensor([[[4.3602, 5.3390, 5.4234, 5.1394],\n"
               "         [5.0092, 5.3302, 4.4190, 4.3712],\n"
               "         [4.7090, 5.5118, 5.6588, 4.5380]],\n\n"
               "        [[4.7316, 5.4232, 4.4430, 5.4272],\n"
               "         [4.5594, 4.8648, 5.6852, 5.9454],\n"
               "         [4.2830, 4.9318, 4.1484, 4.8706]]], grad_fn=<MulBackward0>)");
    BOOST_TEST(printed(c) ==
               "tensor([[[19.0113, 28.5049, 29.4133, 26.4134],\n"
               "         [25.0921, 28.4110, 19.5276, 19.1074],\n"
               "         [22.1747, 30.3799, 32.0220, 20.5934]],\n\n"
               "        [[22.3880, 29.4111, 19.7402, 29.4545],\n"
               "         [20.7881, 23.6663, 32.3215, 35.3478],\n"
               "         [18.3441, 24.3227, 17.2092, 23.7227]]], grad_fn=<PowBackward0>)");
    BOOST_TEST(printed(d) == "tensor(24.8903, grad_fn=<MeanBackward0>)");
    d.backward();
    BOOST_TEST(printed(x.grad()) ==
               "tensor([[[0.7267, 0.8898, 0.9039, 0.8566],\n"
               "         [0.8349, 0.8884, 0.7365, 0.7285],\n"
               "         [0.7848, 0.9186, 0.9431, 0.7563]],\n\n"
               "        [[0.7886, 0.9039, 0.7405, 0.9045],\n"
               "         [0.7599, 0.8108, 0.9475, 0.9909],\n"
               "         [0.7138, 0.8220, 0.6914, 0.8118]]])");
}

BOOST_AUTO_TEST_CASE(seed_003_integer_gradient) {
    auto weights = eg::tensor({{0.5625f, 0.6959f, 0.0786f}, {0.5783f, 0.9495f, 0.2622f}, {0.0274f, 0.6851f, 0.8505f}},
                              eg::requires_grad());
    for (int i = 0; i < 3; ++i) {
        auto output = (weights * 3).sum();
        BOOST_TEST("output: " + eg::format(output) == "output: 14.069999694824219");
        output.backward(eg::tensor(1));  // an int64 gradient, as torch.tensor(1)
        BOOST_TEST(printed(weights.grad()) == "tensor([[3., 3., 3.],\n        [3., 3., 3.],\n        [3., 3., 3.]])");
        weights.grad().zero_();
    }
}

BOOST_AUTO_TEST_CASE(seed_004_ones) {
    auto x = eg::ones({3, 3}, eg::requires_grad());
    BOOST_TEST(printed(x) == "tensor([[1., 1., 1.],\n        [1., 1., 1.],\n        [1., 1., 1.]], requires_grad=True)");
    auto y = x + 2;
    BOOST_TEST(printed(y) == "tensor([[3., 3., 3.],\n        [3., 3., 3.],\n        [3., 3., 3.]], grad_fn=<AddBackward0>)");
    auto z = y * y * 3;
    BOOST_TEST(printed(z) ==
               "tensor([[27., 27., 27.],\n        [27., 27., 27.],\n        [27., 27., 27.]], grad_fn=<MulBackward0>)");
    auto out = z.mean();
    BOOST_TEST(printed(out) == "tensor(27., grad_fn=<MeanBackward0>)");
    out.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([[2., 2., 2.],\n        [2., 2., 2.],\n        [2., 2., 2.]])");
    auto a = eg::tensor({{0.5f, -1.2f}, {2.0f, 0.3f}});
    a = (a - 3) / (a - 1);
    BOOST_TEST(!a.requires_grad());
}

BOOST_AUTO_TEST_SUITE_END()
