// SPDX-License-Identifier: MIT
// The dynamic layer's shape operations, products, extrema, prod, softmax, logsumexp and mse_loss: values and
// gradients against PyTorch 1.13 (float64 literals from make_ops_reference.py, which
// differentiates sum(sin(out))), against central differences, node names, second derivatives,
// and PyTorch's error texts.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <etgrad/optim.hpp>

#include "support.hpp"

namespace {

eg::tensor a_matrix() { return eg::tensor({{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}}, f64); }
eg::tensor b_matrix() { return eg::tensor({{0.4, -0.6}, {1.1, 0.9}, {-1.3, 0.2}}, f64); }
eg::tensor v_vector() { return eg::tensor({0.7, -0.4, 1.9}, f64); }
eg::tensor w_vector() { return eg::tensor({1.2, -0.8}, f64); }
eg::tensor x_matrix() { return eg::tensor({{1.0, 3.0, 3.0}, {4.0, -5.0, 0.5}}, f64); }
eg::tensor z_matrix() { return eg::tensor({{2.0, 0.0, 3.0}, {0.0, 0.0, 1.0}, {0.5, 0.0, 4.0}}, f64); }

}  // namespace

BOOST_AUTO_TEST_SUITE(shape_ops)

BOOST_AUTO_TEST_CASE(view_and_reshape_infer_one_size) {
    const auto x = a_matrix();
    const auto v = x.view({-1, 2});
    BOOST_TEST(v.sizes() == (std::vector<std::int64_t>{3, 2}));
    BOOST_TEST(name_of(v) == "ViewBackward0");
    BOOST_TEST(name_of(x.reshape({6})) == "ReshapeAliasBackward0");
    BOOST_TEST(name_of(x.t().reshape({6})) == "UnsafeViewBackward0");  // a copy: no strides read it as [6]
    check_close(x.t().reshape(std::vector<std::int64_t>{-1}), {0.5, 1.5, -1.2, 0.3, 2.0, -0.7});
    BOOST_TEST(name_of(x.flatten()) == "ReshapeAliasBackward0");
    BOOST_TEST(!x.flatten(1, 1).grad_fn());  // nothing to merge: the input itself
    BOOST_TEST(eg::tensor(2.0).flatten().sizes() == (std::vector<std::int64_t>{1}));
    BOOST_TEST(eg::ones({2, 3, 4}).flatten(1).sizes() == (std::vector<std::int64_t>{2, 12}));
    // a transposed matrix viewed with its axes split keeps strides; merging them needs a copy
    BOOST_TEST(eg::ones({4, 6}).t().view({2, 3, 4}).strides() == (std::vector<std::int64_t>{3, 1, 6}));
}

BOOST_AUTO_TEST_CASE(squeeze_and_unsqueeze) {
    const auto x = a_matrix();
    const auto u = x.unsqueeze(1);
    BOOST_TEST(u.sizes() == (std::vector<std::int64_t>{2, 1, 3}));
    BOOST_TEST(name_of(u) == "UnsqueezeBackward0");
    BOOST_TEST(x.unsqueeze(-1).sizes() == (std::vector<std::int64_t>{2, 3, 1}));
    BOOST_TEST(u.squeeze().sizes() == (std::vector<std::int64_t>{2, 3}));
    BOOST_TEST(name_of(u.squeeze()) == "SqueezeBackward0");
    BOOST_TEST(name_of(u.squeeze(1)) == "SqueezeBackward1");
    BOOST_TEST(u.squeeze(0).sizes() == (std::vector<std::int64_t>{2, 1, 3}));  // extent 2: kept
    BOOST_TEST(eg::tensor(1.0).unsqueeze(0).sizes() == (std::vector<std::int64_t>{1}));
    (u.squeeze(1) * 3).sum().backward();
    check_close(x.grad(), {3, 3, 3, 3, 3, 3});
}

BOOST_AUTO_TEST_CASE(transpose_and_permute) {
    check_against_torch([](const auto& in) { return in[0].transpose(0, 1); }, {a_matrix()}, {0.5, 1.5, -1.2, 0.3, 2.0, -0.7},
                        {{0.8775825618903728, 0.3623577544766736, -0.4161468365471424, 0.0707372016677029, 0.955336489125606, 0.7648421872844885}});
    check_against_torch([](const auto& in) { return in[0].reshape({1, 2, 3}).permute({2, 0, 1}); }, {a_matrix()},
                        {0.5, 1.5, -1.2, 0.3, 2.0, -0.7}, {{0.8775825618903728, 0.3623577544766736, -0.4161468365471424, 0.0707372016677029, 0.955336489125606, 0.7648421872844885}});
    const auto x = a_matrix();
    BOOST_TEST(name_of(x.t()) == "TBackward0");
    BOOST_TEST(name_of(x.transpose(0, 1)) == "TransposeBackward0");
    BOOST_TEST(name_of(x.permute({1, 0})) == "PermuteBackward0");
    BOOST_TEST(x.t().strides() == (std::vector<std::int64_t>{1, 3}));
    BOOST_TEST(eg::ones({3}).t().sizes() == (std::vector<std::int64_t>{3}));
}

BOOST_AUTO_TEST_CASE(cat_and_stack) {
    check_against_torch([](const auto& in) { return eg::cat({in[0], in[1].t(), in[0]}, 0); }, {a_matrix(), b_matrix()},
                        {0.5, -1.2, 2.0, 1.5, 0.3, -0.7, 0.4, 1.1, -1.3, -0.6, 0.9, 0.2, 0.5, -1.2, 2.0, 1.5, 0.3, -0.7}, {{1.7551651237807455, 0.7247155089533472, -0.8322936730942848, 0.1414744033354058, 1.910672978251212, 1.529684374568977}, {0.9210609940028851, 0.8253356149096783, 0.4535961214255773, 0.6216099682706644, 0.26749882862458735, 0.9800665778412416}});
    check_against_torch([](const auto& in) { return eg::stack({in[0], in[1].t()}, 1); }, {a_matrix(), b_matrix()},
                        {0.5, -1.2, 2.0, 0.4, 1.1, -1.3, 1.5, 0.3, -0.7, -0.6, 0.9, 0.2}, {{0.8775825618903728, 0.3623577544766736, -0.4161468365471424, 0.0707372016677029, 0.955336489125606, 0.7648421872844885}, {0.9210609940028851, 0.8253356149096783, 0.4535961214255773, 0.6216099682706644, 0.26749882862458735, 0.9800665778412416}});
    const auto x = a_matrix();
    BOOST_TEST(name_of(eg::cat({x, x}, 1)) == "CatBackward0");
    BOOST_TEST(name_of(eg::stack({x, x})) == "StackBackward0");
    BOOST_TEST(eg::stack({x, x}, -1).sizes() == (std::vector<std::int64_t>{2, 3, 2}));
    BOOST_TEST(eg::cat({x, eg::ones({0})}).sizes() == (std::vector<std::int64_t>{2, 3}));  // 1-d empty: skipped
    BOOST_TEST((eg::cat({x, eg::ones({1, 3})}).dtype() == eg::float64));
    // torch 1.13: a = torch.tensor([1., 2.]) > 1.5; torch.cat([a, torch.tensor([3.]) > 1.5]),
    // torch.stack([a, a]), torch.cat([a, torch.tensor([1.])])
    const auto flags = eg::tensor({1.0, 2.0}) > 1.5;
    BOOST_TEST(printed(eg::cat({flags, eg::tensor({3.0}) > 1.5})) == "tensor([False,  True,  True])");
    BOOST_TEST(printed(eg::stack({flags, flags})) == "tensor([[False,  True],\n        [False,  True]])");
    BOOST_TEST(printed(eg::cat({flags, eg::tensor({1.0})})) == "tensor([0., 1., 1.])");
    check_second_derivative([](const auto& in) { return eg::cat({in[0] * in[0], in[1].t()}, 1); },
                            {a_matrix(), b_matrix()}, {0.9689124217106447, -0.3130169009715493, -2.6145744834544478, -1.8845208681682175, 0.5975716398071965, -1.2352660020541701}, {{1.6904208841667667, -10.899905336215646, 32.40465804959888, -33.03602406974707, 9.797745941563523, 5.053433858428642}, {-0.0, 0.0, -0.0, -0.0, 0.0, -0.0}});
}

BOOST_AUTO_TEST_CASE(views_share_memory_and_version) {
    auto base = eg::zeros({2, 3});
    auto view = base.t();
    const auto version = base._version();
    view[1].add_(eg::tensor({1.0f, 2.0f}));
    BOOST_TEST(printed(base) == "tensor([[0., 1., 0.],\n        [0., 2., 0.]])");
    BOOST_TEST(base._version() == version + 1);
    BOOST_TEST(view._version() == base._version());
    auto flat = base.view({-1});
    flat.mul_(2.0);
    BOOST_TEST(printed(base) == "tensor([[0., 2., 0.],\n        [0., 4., 0.]])");
    BOOST_TEST(base.unsqueeze(0)._version() == version + 2);
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    check_finite_differences([](const auto& in) { return eg::cat({in[0].t(), in[1]}, 1).reshape({-1, 4}); },
                             {a_matrix(), b_matrix()});
    check_finite_differences([](const auto& in) { return eg::stack({in[0], in[1].t() * in[0]}, 2).flatten(0, 1); },
                             {a_matrix(), b_matrix()});
    check_finite_differences([](const auto& in) { return in[0].unsqueeze(0).permute({2, 0, 1}).squeeze(); },
                             {a_matrix()});
}

BOOST_AUTO_TEST_CASE(errors) {
    const auto x = a_matrix();
    BOOST_TEST(error_of([&] { x.view({4}); }) == "shape '[4]' is invalid for input of size 6");
    BOOST_TEST(error_of([&] { x.view({-1, 4}); }) == "shape '[-1, 4]' is invalid for input of size 6");
    BOOST_TEST(error_of([&] { x.reshape({-1, -1}); }) == "only one dimension can be inferred");
    BOOST_TEST(error_of([&] { x.view({-2, 3}); }) == "invalid shape dimension -2");
    BOOST_TEST(error_of([&] { eg::ones({0, 3}).view({-1, 0}); }) ==
               "cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can "
               "be any value and is ambiguous");
    BOOST_TEST(error_of([&] { x.t().view({6}); }) ==
               "view size is not compatible with input tensor's size and stride (at least one dimension spans across "
               "two contiguous subspaces). Use .reshape(...) instead.");
    BOOST_TEST(error_of([&] { x.transpose(0, 5); }) ==
               "Dimension out of range (expected to be in range of [-2, 1], but got 5)");
    BOOST_TEST(error_of([&] { x.transpose(-3, 1); }) ==
               "Dimension out of range (expected to be in range of [-2, 1], but got -3)");
    BOOST_TEST(error_of([&] { eg::ones({2, 2, 2}).t(); }) == "t() expects a tensor with <= 2 dimensions, but self is 3D");
    BOOST_TEST(error_of([&] { x.permute({0}); }) ==
               "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
               "ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1");
    BOOST_TEST(error_of([&] { x.permute({0, 0}); }) == "permute(): duplicate dims are not allowed.");
    BOOST_TEST(error_of([&] { x.unsqueeze(3); }) == "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
    BOOST_TEST(error_of([&] { x.squeeze(2); }) == "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    BOOST_TEST(error_of([&] { x.flatten(1, 0); }) == "flatten() has invalid args: start_dim cannot come after end_dim");
    BOOST_TEST(error_of([&] { eg::cat({}); }) == "torch.cat(): expected a non-empty list of Tensors");
    BOOST_TEST(error_of([&] { eg::cat({x, eg::ones({3, 2})}); }) ==
               "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 "
               "in the list.");
    BOOST_TEST(error_of([&] { eg::cat({x, eg::ones({3})}); }) == "Tensors must have same number of dimensions: got 2 and 1");
    BOOST_TEST(error_of([&] { eg::cat({eg::tensor(1.0)}); }) == "zero-dimensional tensor (at position 0) cannot be concatenated");
    BOOST_TEST(error_of([&] { eg::cat({x, x}, 2); }) == "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    BOOST_TEST(error_of([&] { eg::stack({}); }) == "stack expects a non-empty TensorList");
    BOOST_TEST(error_of([&] { eg::stack({x, eg::ones({3, 2})}); }) ==
               "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] at entry 1");
    BOOST_TEST(error_of([&] { eg::stack({x, x}, 3); }) ==
               "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(linalg)

BOOST_AUTO_TEST_CASE(products_against_torch) {
    check_against_torch([](const auto& in) { return eg::mm(in[0], in[1]); }, {a_matrix(), b_matrix()}, {-3.72, -0.9800000000000001, 1.84, -0.7699999999999999},
                        {{-0.6691472884492824, -0.41974754898167255, 1.1999392306192875, -0.5371319520101582, 0.3535593394799707, 0.48933517221386325}, {-0.8176130139004105, 1.3553772777995237, 0.9250121184859619, -0.4530538552361776, -1.4884940890214737, 0.611507624804774}});
    check_against_torch([](const auto& in) { return in[0].mv(in[1]); }, {a_matrix(), v_vector()}, {4.63, -0.4},
                        {{-0.05760706236758366, 0.03291832135290495, -0.1563620264262985, 0.6447426958020195, -0.3684243976011541, 1.7500158886054815}, {1.3404435893131965, 0.3750732622595804, -0.8093343025665443}});
    check_against_torch([](const auto& in) { return in[0].dot(in[1]); }, {v_vector(), eg::tensor({0.3, 0.8, -1.1}, f64)},
                        {-2.1999999999999997}, {{-0.17655033517660365, -0.4708008938042764, 0.64735122898088}, {-0.4119507820787418, 0.2354004469021382, -1.1181521227851563}});
    check_against_torch([](const auto& in) { return eg::matmul(in[0], in[1]); }, {w_vector(), a_matrix()},
                        {-0.6000000000000002, -1.68, 2.96}, {{-1.4236627159253283, 1.8937975158163605}, {0.9904027378916138, -0.13078410268784532, -1.1802687756408077, -0.6602684919277426, 0.0871894017918969, 0.7868458504272051}});
    const auto stack = eg::tensor({{{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}}, {{0.1, 0.2, 0.3}, {-0.4, 0.5, -0.6}}}, f64);
    check_against_torch([](const auto& in) { return in[0].matmul(in[1]); }, {stack, b_matrix()}, {-3.72, -0.9800000000000001, 1.84, -0.7699999999999999, -0.13, 0.18000000000000002, 1.17, 0.57},
                        {{-0.6691472884492824, -0.41974754898167255, 1.1999392306192875, -0.5371319520101582, 0.3535593394799707, 0.48933517221386325, -0.19368145818695764, 1.9761774065955764, -1.0922617232716003, -0.34907991137406913, 1.1868777303850953, -0.3388169945682456}, {-0.8745174982522238, 1.1170012570134285, 1.3184003393830348, 0.16466537090258115, -1.4251165314919754, 0.40152014754384924}});
}

BOOST_AUTO_TEST_CASE(matmul_picks_by_rank) {
    const auto a = a_matrix(), b = b_matrix(), v = v_vector(), w = w_vector();
    BOOST_TEST(name_of(eg::matmul(a, b)) == "MmBackward0");
    BOOST_TEST(name_of(eg::matmul(a, v)) == "MvBackward0");
    BOOST_TEST(name_of(eg::matmul(v, v)) == "DotBackward0");
    BOOST_TEST(name_of(eg::matmul(w, a)) == "SqueezeBackward3");
    BOOST_TEST(name_of(eg::matmul(eg::ones({4, 2, 3}, f64), b)) == "UnsafeViewBackward0");
    BOOST_TEST(eg::matmul(eg::ones({4, 2, 3}), eg::ones({3})).sizes() == (std::vector<std::int64_t>{4, 2}));
    const auto batched = eg::matmul(eg::ones({4, 1, 2, 3}, f64), eg::ones({5, 3, 2}, f64));
    BOOST_TEST(batched.sizes() == (std::vector<std::int64_t>{4, 5, 2, 2}));
    BOOST_TEST(name_of(batched) == "UnsafeViewBackward0");
    check_close(eg::matmul(v, eg::ones({2, 3, 2}, eg::float64)), {2.2, 2.2, 2.2, 2.2});
    BOOST_TEST(eg::mm(eg::tensor({{1, 2}}), eg::tensor({{3}, {4}})).item<std::int64_t>() == 11);
}

BOOST_AUTO_TEST_CASE(second_derivatives) {
    check_second_derivative([](const auto& in) { return eg::matmul(in[0], in[1]); }, {a_matrix(), b_matrix()},
                            {-0.6691472884492824, -0.41974754898167255, 1.1999392306192875, -0.5371319520101582, 0.3535593394799707, 0.48933517221386325}, {{-0.6126578156552989, 2.127173937506073, -0.624928816169986, -1.1084325335594802, 2.809788565760636, -0.4177752690046737}, {-0.5336585768546929, 7.62198228985818, -3.6548897842287356, 3.598898007565578, -3.1587414023100755, 7.360249790506213}});
    check_second_derivative([](const auto& in) { return eg::matmul(in[0], in[1]); }, {a_matrix(), v_vector()},
                            {-0.05760706236758366, 0.03291832135290495, -0.1563620264262985, 0.6447426958020195, -0.3684243976011541, 1.7500158886054815}, {{3.9067031536601586, -2.2324018020915193, 10.603908559934716, 3.3256326433158754, -1.9003615104662146, 9.026717174714518}, {13.518806089491981, -0.8312209101749968, 13.115854921012245}});
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    check_finite_differences([](const auto& in) { return eg::matmul(in[0], in[1]); }, {a_matrix(), b_matrix()});
    check_finite_differences([](const auto& in) { return eg::matmul(in[1].t(), in[0].t()); }, {a_matrix(), b_matrix()});
    check_finite_differences([](const auto& in) { return eg::matmul(in[0], in[1]); }, {w_vector(), a_matrix()});
    check_finite_differences([](const auto& in) { return eg::matmul(eg::stack({in[0], in[0] * 2}), in[1]); },
                             {a_matrix(), b_matrix()});
}

BOOST_AUTO_TEST_CASE(errors) {
    const auto x = eg::ones({2, 3}), v = eg::ones({3}), w = eg::ones({2});
    BOOST_TEST(error_of([&] { eg::mm(x, x); }) == "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
    BOOST_TEST(error_of([&] { eg::mm(x, v); }) == "mat2 must be a matrix");
    BOOST_TEST(error_of([&] { eg::mm(v, x); }) == "self must be a matrix");
    BOOST_TEST(error_of([&] { eg::mm(x, x.t().to(eg::float64)); }) == "expected scalar type Float but found Double");
    BOOST_TEST(error_of([&] { x.mv(w); }) == "size mismatch, got 2, 2x3,2");
    BOOST_TEST(error_of([&] { x.mv(x); }) == "vector + matrix @ vector expected, got 1, 2, 2");
    BOOST_TEST(error_of([&] { x.mv(v.to(eg::float64)); }) == "expected scalar type Float but found Double");
    BOOST_TEST(error_of([&] { v.dot(w); }) ==
               "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of elements, but got "
               "3 and 2 elements respectively");
    BOOST_TEST(error_of([&] { x.dot(v); }) == "1D tensors expected, but got 2D and 1D tensors");
    BOOST_TEST(error_of([&] { v.dot(v.to(eg::float64)); }) ==
               "dot : expected both vectors to have same dtype, but found Float and Double");
    BOOST_TEST(error_of([&] { eg::matmul(eg::tensor(1.0f), v); }) ==
               "both arguments to matmul need to be at least 1D, but they are 0D and 1D");
    BOOST_TEST(error_of([&] { eg::matmul(v, x); }) == "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x3)");
    BOOST_TEST(error_of([&] { eg::matmul(eg::ones({4, 2, 3}), eg::ones({2, 5})); }) ==
               "mat1 and mat2 shapes cannot be multiplied (8x3 and 2x5)");
    BOOST_TEST(error_of([&] { eg::matmul(eg::ones({4, 2, 3}), eg::ones({5, 3, 5})); }) ==
               "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(extrema)

BOOST_AUTO_TEST_CASE(max_min_against_torch) {
    check_against_torch([](const auto& in) { return in[0].max(); }, {x_matrix()}, {4.0}, {{0.0, 0.0, 0.0, -0.6536436208636119, 0.0, 0.0}});
    check_against_torch([](const auto& in) { return eg::min(in[0]); }, {x_matrix()}, {-5.0}, {{0.0, 0.0, 0.0, 0.0, 0.28366218546322625, 0.0}});
    check_against_torch([](const auto& in) { return in[0].max(1).values; }, {x_matrix()}, {3.0, 4.0},
                        {{0.0, -0.9899924966004454, 0.0, -0.6536436208636119, 0.0, 0.0}});
    check_against_torch([](const auto& in) { return eg::min(in[0], 0, true).values; }, {x_matrix()}, {1.0, -5.0, 0.5},
                        {{0.5403023058681398, 0.0, 0.0, 0.0, 0.28366218546322625, 0.8775825618903728}});
    auto ties = eg::tensor({1.0, 3.0, 3.0}, f64);
    ties.max().backward();
    check_close(ties.grad(), {0.0, 0.5, 0.5});  // split evenly among ties
    const auto [values, indices] = eg::max(eg::tensor({3.0, 1.0, 3.0}), 0);
    BOOST_TEST(indices.item<std::int64_t>() == 0);  // the first of the ties
    BOOST_TEST(eg::min(x_matrix(), 1, true).indices.sizes() == (std::vector<std::int64_t>{2, 1}));
    BOOST_TEST(std::isnan(eg::tensor({1.0, std::nan(""), 2.0}).max().item()));
    const auto x = x_matrix();
    BOOST_TEST(name_of(x.max()) == "MaxBackward1");
    BOOST_TEST(name_of(x.min()) == "MinBackward1");
    BOOST_TEST(name_of(x.max(0).values) == "MaxBackward0");
    BOOST_TEST(name_of(x.min(0).values) == "MinBackward0");
    BOOST_TEST(!x.max(0).indices.requires_grad());
}

BOOST_AUTO_TEST_CASE(prod_against_torch) {
    check_against_torch([](const auto& in) { return in[0].prod(); }, {x_matrix()}, {-90.0}, {{40.32662545162531, 13.442208483875104, 13.442208483875104, 10.081656362906328, -8.065325090325063, 80.65325090325062}});
    check_against_torch([](const auto& in) { return eg::prod(in[0], 1); }, {x_matrix()}, {9.0, -10.0},
                        {{-8.200172356962092, -2.7333907856540307, -2.7333907856540307, 2.097678822691131, -1.6781430581529049, 16.781430581529047}});
    check_against_torch([](const auto& in) { return in[0].prod(0); }, {z_matrix()}, {0.0, 0.0, 12.0},
                        {{0.0, 0.0, 3.3754158349299686, 1.0, 0.0, 10.126247504789905, 0.0, 0.0, 2.5315618761974763}});
    check_against_torch([](const auto& in) { return in[0][0].prod(); }, {z_matrix()}, {0.0},
                        {{0.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}});
    check_second_derivative([](const auto& in) { return in[0].prod(1); }, {x_matrix()}, {-8.200172356962092, -2.7333907856540307, -2.7333907856540307, 2.097678822691131, -1.6781430581529049, 16.781430581529047}, {{-102.6845467404896, -35.13931250871454, -34.22818224682986, -140.13186621720848, 108.74920685746099, -1305.6506661344874}});
    BOOST_TEST(name_of(x_matrix().prod()) == "ProdBackward0");
    BOOST_TEST(name_of(x_matrix().prod(0, true)) == "ProdBackward1");
    BOOST_TEST(eg::ones({0}).prod().item() == 1.0);
    BOOST_TEST(eg::tensor({std::int64_t{2}, std::int64_t{3}}).prod().item<std::int64_t>() == 6);
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    // away from ties, where max and min are differentiable
    check_finite_differences([](const auto& in) { return in[0].max(1, true).values * in[0].min(0, true).values; },
                             {eg::tensor({{1.0, 3.5, 3.0}, {4.0, -5.0, 0.5}}, f64)});
    check_finite_differences([](const auto& in) { return in[0].prod(0) + in[0].prod(); }, {x_matrix()});
    check_finite_differences([](const auto& in) { return in[0].prod(1); }, {eg::tensor({{0.0, 2.0, 3.0}, {1.0, -1.5, 0.5}}, f64)});
}

BOOST_AUTO_TEST_CASE(errors) {
    const auto x = x_matrix();
    BOOST_TEST(error_of([&] { x.max(2); }) == "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    BOOST_TEST(error_of([&] { x.prod(-3); }) == "Dimension out of range (expected to be in range of [-2, 1], but got -3)");
    BOOST_TEST(error_of([&] { eg::ones({0}).max(); }) ==
               "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with "
               "the 'dim' argument.");
    BOOST_TEST(error_of([&] { eg::ones({0, 3}).min(0); }) == "min(): Expected reduction dim 0 to have non-zero size.");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(softmax_and_loss)

BOOST_AUTO_TEST_CASE(against_torch) {
    check_against_torch([](const auto& in) { return eg::softmax(in[0], 1); }, {x_matrix()}, {0.06337893833303762, 0.4683105308334812, 0.4683105308334812, 0.9705715021712247, 0.00011977803893506512, 0.029308719789840103},
                        {{0.00627219846577848, -0.0031360992328892433, -0.0031360992328892433, -0.012417366215058035, 5.0591621384597494e-05, 0.012366774593673465}});
    check_against_torch([](const auto& in) { return in[0].log_softmax(0); }, {x_matrix()}, {-3.048587351573742, -0.0003354063728956624, -0.07888973429254957, -0.048587351573741965, -8.000335406372896, -2.5788897342925496},
                        {{-0.9958271235099722, 0.14611830805662385, 0.8572764292711175, 0.9958271235099722, -0.146118308056624, -0.8572764292711175}});
    check_against_torch([](const auto& in) { return eg::mse_loss(in[0], in[1]); }, {a_matrix(), v_vector()},
                        {1.4299999999999997}, {{-0.009355440389782461, -0.037421761559129844, 0.004677720194891236, 0.03742176155912985, 0.03274404136423862, -0.121620725067172}, {-0.02806632116934739, 0.0046777201948912245, 0.11694300487228076}});
    const auto x = x_matrix();
    BOOST_TEST(name_of(x.softmax(0)) == "SoftmaxBackward0");
    BOOST_TEST(name_of(x.log_softmax(0)) == "LogSoftmaxBackward0");
    BOOST_TEST(name_of(eg::mse_loss(x, x * 2)) == "MseLossBackward0");
}

BOOST_AUTO_TEST_CASE(logsumexp_against_torch) {
    check_against_torch([](const auto& in) { return eg::logsumexp(in[0], 1); }, {x_matrix()}, {3.7586236756795133, 4.029870203485518},
                        {{-0.05169185878257497, -0.38195404440244746, -0.38195404440244746, -0.6121875475004929, -7.554994530134059e-05, -0.018486462098241202}});
    check_against_torch([](const auto& in) { return in[0].logsumexp(-2, true); }, {x_matrix()}, {4.048587351573742, 3.0003354063728955, 3.0788897342925496},
                        {{-0.029219823697992916, -0.9897077634965987, -0.9223257112154722, -0.5868958477750708, -0.00033200996719808657, -0.07570910473590851}});
    const auto x = x_matrix();
    BOOST_TEST(name_of(eg::logsumexp(x, 0)) == "LogsumexpBackward0");
    BOOST_TEST(x.logsumexp(1).sizes() == (std::vector<std::int64_t>{2}));
    BOOST_TEST(x.logsumexp(0, true).sizes() == (std::vector<std::int64_t>{1, 3}));
    // an integer tensor gives float32, as torch.logsumexp
    const auto ints = eg::logsumexp(eg::tensor({std::int64_t{1}, std::int64_t{2}}), 0);
    BOOST_TEST((ints.dtype() == eg::float32));
    BOOST_TEST(std::abs(ints.item() - (2.0 + std::log1p(std::exp(-1.0)))) < 1e-6);
}

BOOST_AUTO_TEST_CASE(stable_for_large_inputs) {
    check_close(eg::softmax(eg::tensor({1000.0, 1000.0}, eg::float64), 0), {0.5, 0.5});
    check_close(eg::log_softmax(eg::tensor({1000.0, 0.0}, eg::float64), 0), {0.0, -1000.0});
    check_close(eg::logsumexp(eg::tensor({1000.0, 1000.0}, eg::float64), 0), {1000.0 + std::log(2.0)});
    const double inf = std::numeric_limits<double>::infinity();
    // a lane of -inf is -inf, not NaN (the shift is 0 there), as PyTorch's
    BOOST_TEST(eg::logsumexp(eg::tensor({-inf, -inf}, eg::float64), 0).item() == -inf);
    const auto big = eg::tensor({1000.0, 1000.0, -inf}, f64);
    eg::logsumexp(big, 0).backward();
    check_close(big.grad(), {0.5, 0.5, 0.0});
}

BOOST_AUTO_TEST_CASE(second_derivatives) {
    check_second_derivative([](const auto& in) { return eg::softmax(in[0], 1); }, {x_matrix()}, {0.00627219846577848, -0.0031360992328892433, -0.0031360992328892433, -0.012417366215058035, 5.0591621384597494e-05, 0.012366774593673465},
                            {{-0.006687993196919057, 0.05440912299194888, -0.047721129795029744, -0.02193429686158064, 3.9188247338380264e-05, 0.0218951086142418}});
    check_second_derivative([](const auto& in) { return eg::logsumexp(in[0], 0); }, {x_matrix()}, {-0.029219823697992916, -0.9897077634965987, -0.9223257112154722, -0.5868958477750708, -0.00033200996719808657, -0.07570910473590851},
                            {{0.22760836150401514, -0.2806273705473501, 0.022994086358060883, 2.810948605689931, -0.0010901698967794458, -0.22523984466066627}});
    check_second_derivative([](const auto& in) { return eg::log_softmax(in[0], 1); }, {x_matrix()}, {-0.9607703422900563, 0.48038517114502816, 0.48038517114502816, 1.82360860744546, -0.9229303597611334, -0.9006782476843268},
                            {{-0.45334665633468124, 0.005410902479772245, 0.447935753854909, 0.31340037179603936, 0.3622660756951308, -0.6756664474911699}});
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    check_finite_differences([](const auto& in) { return eg::softmax(in[0] * 0.3, 0); }, {x_matrix()});
    check_finite_differences([](const auto& in) { return eg::log_softmax(in[0] * 0.3, -1); }, {x_matrix()});
    check_finite_differences([](const auto& in) { return eg::logsumexp(in[0] * 0.3, -1, true); }, {x_matrix()});
    check_finite_differences([](const auto& in) { return eg::mse_loss(in[0], in[1]); }, {a_matrix(), v_vector()});
}

BOOST_AUTO_TEST_CASE(errors) {
    BOOST_TEST(error_of([&] { eg::softmax(x_matrix(), 2); }) ==
               "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    BOOST_TEST(error_of([&] { eg::logsumexp(x_matrix(), -3); }) ==
               "Dimension out of range (expected to be in range of [-2, 1], but got -3)");
    BOOST_TEST(error_of([&] { eg::softmax(eg::tensor({1, 2}), 0); }) == "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'");
    BOOST_TEST(error_of([&] { eg::mse_loss(a_matrix(), eg::ones({3, 3})); }) ==
               "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0");
}

BOOST_AUTO_TEST_SUITE_END()

// Points where a rule's formula or xsimd's batch function went wrong, found probing as a user;
// PyTorch 1.13 prints the same.
BOOST_AUTO_TEST_SUITE(edge_values)

BOOST_AUTO_TEST_CASE(pow_at_base_zero) {
    const auto x = eg::tensor({0., 2., 0.}, eg::requires_grad()), y = eg::tensor({0., 0., 2.}, eg::requires_grad());
    eg::pow(x, y).sum().backward();  // 0 * inf and log(0) before: the exponent's 0 at 0 is PyTorch's
    BOOST_TEST(printed(x.grad()) == "tensor([0., 0., 0.])");
    BOOST_TEST(printed(y.grad()) == "tensor([0.0000, 0.6931, 0.0000])");
    const auto a = eg::tensor({0., 1.}, eg::requires_grad());
    a.pow(0).sum().backward();
    BOOST_TEST(printed(a.grad()) == "tensor([0., 0.])");
}

// float32 sums keep float32's precision over millions of elements (a running float sum of 3e6
// times 0.1f is off by 2e-3; PyTorch's cascade sum and etgrad's blocks with a double total are not)
BOOST_AUTO_TEST_CASE(long_float32_sums) {
    const eg::tensor c = eg::ones({3000000}).mul_(0.1);
    const double exact = 3000000 * static_cast<double>(0.1f);
    check_close(c.sum(), {exact}, 3e-7);
    check_close(c.mean(), {exact / 3000000}, 3e-7);
    check_close(eg::ones({2, 300000}).mul_(0.1).sum(1), {exact / 10, exact / 10}, 3e-7);
    // across rows (an axis before the last), also in the gradient of a broadcast operand: 1e6 rows
    // of 0.1f added row by row in float32 gave 100958
    check_close(eg::ones({1000000, 2}).mul_(0.1).sum(0), {exact / 3, exact / 3}, 3e-7);
    const auto w = eg::ones({1, 2}, eg::requires_grad());
    (w * eg::ones({1000000, 2}).mul_(0.1)).sum().backward();
    check_close(w.grad(), {exact / 3, exact / 3}, 3e-7);
}

BOOST_AUTO_TEST_CASE(softmax_and_logsumexp_along_an_empty_dim) {
    const auto z = eg::zeros({0, 3}, eg::requires_grad());
    const eg::tensor r = eg::logsumexp(z, 0);
    BOOST_TEST(printed(r) == "tensor([-inf, -inf, -inf], grad_fn=<LogsumexpBackward0>)");
    r.sum().backward();
    BOOST_TEST(printed(z.grad()) == "tensor([], size=(0, 3))");
    BOOST_TEST(printed(eg::softmax(eg::zeros({0, 3}), 0)) == "tensor([], size=(0, 3))");  // (an error before)
    BOOST_TEST(printed(eg::log_softmax(eg::zeros({2, 0}), 1)) == "tensor([], size=(2, 0))");
}

BOOST_AUTO_TEST_CASE(relu_passes_the_gradient_at_nan) {
    const auto x = eg::tensor({std::nan(""), 1.0, -1.0}, eg::requires_grad());
    eg::relu(x).sum().backward();
    BOOST_TEST(printed(x.grad()) == "tensor([1., 1., 0.])");
}

// torch 1.13, float64: x.prod().backward() for x = [inf, 2, 0] -> [0, nan, inf] (2's others
// are inf * 0); [1.5, -0., 1e308, 1e308] -> [nan, inf, -0., -0.] (1e308 * 1e308 overflows
// before the zero multiplies it).
BOOST_AUTO_TEST_CASE(prod_gradient_beside_a_zero_is_the_product_of_the_others) {
    const double inf = std::numeric_limits<double>::infinity();
    auto x = eg::tensor({inf, 2.0, 0.0}, f64);
    x.prod().backward();
    BOOST_TEST(printed(x.grad()) == "tensor([0., nan, inf], dtype=torch.float64)");
    auto y = eg::tensor({1.5, -0.0, 1e308, 1e308}, f64);
    y.prod().backward();
    BOOST_TEST(printed(y.grad()) == "tensor([nan, inf, -0., -0.], dtype=torch.float64)");
}

BOOST_AUTO_TEST_CASE(printing_after_writes_through_views) {
    const auto x = eg::tensor({1.0, 2.0, 3.0, 4.0}, eg::requires_grad());
    const eg::tensor y = x * 2;
    const eg::tensor v = y.view({2, 2});
    v[0].mul_(3);  // through another view of y: v's history is rebuilt when printed, as PyTorch's
    BOOST_TEST(printed(v) == "tensor([[ 6., 12.],\n        [ 6.,  8.]], grad_fn=<AsStridedBackward0>)");
    const auto z = eg::tensor({1.0, 2.0, 3.0}, eg::requires_grad());
    const eg::tensor w = z * 2;
    w[0].mul_(3);
    BOOST_TEST(printed(w) == "tensor([6., 4., 6.], grad_fn=<CopySlices>)");  // Python's type name
    BOOST_TEST(w.grad_fn()->name() == "torch::autograd::CopySlices");
}

BOOST_AUTO_TEST_CASE(hooks_and_retain_grad_in_the_order_asked) {
    const auto x = eg::tensor({1.0, 2.0}, eg::requires_grad());
    eg::tensor y = x * 2;
    y.retain_grad();
    y.register_hook([](const eg::tensor& g) { return g * 100; });
    (y * y).sum().backward();
    BOOST_TEST(printed(y.grad()) == "tensor([4., 8.])");  // before the hook (PyTorch 1.13)
    BOOST_TEST(printed(x.grad()) == "tensor([ 800., 1600.])");
}

BOOST_AUTO_TEST_CASE(errors_found_by_users) {
    eg::tensor y = eg::tensor({1, 2});
    BOOST_TEST(error_of([&] { y.add_(0.5); }) == "result type Float can't be cast to the desired output type Long");
    BOOST_TEST(error_of([&] { y.div_(2); }) == "result type Float can't be cast to the desired output type Long");
    BOOST_TEST(printed(y) == "tensor([1, 2])");  // nothing written
    y.add_(2);
    BOOST_TEST(printed(y) == "tensor([3, 4])");  // an integer number keeps int64
    BOOST_TEST(error_of([] { eg::outer(eg::ones({2, 3}), eg::ones({3})); }) == "outer: Expected 1-D argument self, but got 2-D");
    BOOST_TEST(error_of([] { eg::outer(eg::ones({3}), eg::tensor(2.0)); }) == "outer: Expected 1-D argument vec2, but got 0-D");
    const eg::tensor a = eg::ones({2, 3});
    BOOST_TEST(error_of([&] { a.index({1, 3}); }) == "index 3 is out of bounds for dimension 1 with size 3");
    BOOST_TEST(error_of([&] { a.expand({3, 3}); }) ==
               "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  "
               "Target sizes: [3, 3].  Tensor sizes: [2, 3]");
    BOOST_TEST(error_of([] { eg::ones({2, -1}); }) == "Trying to create tensor with negative dimension -1: [2, -1]");
}

// abs, relu, square, maximum and minimum keep int64 tensors int64, as PyTorch (float32 before)
BOOST_AUTO_TEST_CASE(integer_tensors_stay_integers) {
    const eg::tensor i = eg::tensor({std::int64_t(1), std::int64_t(2), std::int64_t(3)});
    BOOST_TEST(printed(eg::square(i)) == "tensor([1, 4, 9])");
    BOOST_TEST(printed(eg::abs(-i)) == "tensor([1, 2, 3])");
    BOOST_TEST(printed(eg::relu(i - 2)) == "tensor([0, 0, 1])");
    BOOST_TEST(printed(eg::maximum(i, i * 0 + 2)) == "tensor([2, 2, 3])");
    BOOST_TEST(printed(eg::minimum(i, eg::tensor({2.5, 2.5, 2.5}))) == "tensor([1.0000, 2.0000, 2.5000])");
    const eg::tensor b = eg::tensor({true, false});
    BOOST_TEST(printed(eg::square(b)) == "tensor([1, 0])");
    BOOST_TEST(printed(eg::maximum(b, b)) == "tensor([ True, False])");
    BOOST_TEST(error_of([&] { eg::abs(b); }) == "\"abs_cpu\" not implemented for 'Bool'");
    BOOST_TEST(error_of([&] { eg::relu(b); }) == "Boolean inputs not supported for relu");
}

// With momentum and dampening, a parameter's buffer starts as its first gradient, also for a
// parameter that had none at the optimiser's first step (torch.optim.SGD).
BOOST_AUTO_TEST_CASE(sgd_momentum_of_a_parameter_updated_late) {
    const auto w = eg::tensor({1.0}, eg::requires_grad()), b = eg::tensor({0.5}, eg::requires_grad());
    eg::optim::sgd opt({w, b}, {.lr = 0.1, .momentum = 0.9, .dampening = 0.5});
    (w * 2).sum().backward();
    opt.step();
    opt.zero_grad();
    (w * 2 + b * 3).sum().backward();
    opt.step();
    BOOST_TEST(printed(w) == "tensor([0.5200], requires_grad=True)");
    BOOST_TEST(printed(b) == "tensor([0.2000], requires_grad=True)");
}

BOOST_AUTO_TEST_CASE(normal_log_cdf_far_in_the_tail_and_atan2_at_zeros) {
    const auto b = eg::tensor({-1e5, -3.}, f64);
    eg::normal_log_cdf(b).sum().backward();
    BOOST_TEST(printed(b.grad()) == "tensor([1.0000e+05, 3.2831e+00], dtype=torch.float64)");
    BOOST_TEST(printed(eg::atan2(eg::tensor({0., -0., 3.}), eg::tensor({0., -0., -2.}))) ==
               "tensor([ 0.0000, -3.1416,  2.1588])");
}

BOOST_AUTO_TEST_SUITE_END()
