// SPDX-License-Identifier: MIT
// Zero-copy views between tensors and memory the caller owns: eg::from_blob, eg::from_xtensor and
// eg::as_xtensor alias the memory (writes through one side are seen by the other), keep shapes
// and strides, and give PyTorch's error texts.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <etgrad/tape/xtensor_view.hpp>

#include "support.hpp"

namespace {
using sizes_t = std::vector<std::int64_t>;
}  // namespace

BOOST_AUTO_TEST_SUITE(xtensor_view)

BOOST_AUTO_TEST_CASE(from_xtensor_aliases_the_container) {
    xt::xarray<double> a = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    eg::tensor t = eg::from_xtensor(a);
    BOOST_TEST((t.dtype() == eg::float64));
    BOOST_TEST(t.sizes() == (sizes_t{2, 3}));
    BOOST_TEST(t.strides() == (sizes_t{3, 1}));
    BOOST_TEST(t.data_ptr<double>() == a.data());
    t.mul_(2);
    BOOST_TEST(a(1, 2) == 12.0);
    a(0, 1) = -1.0;
    BOOST_TEST(t.index({0, 1}).item() == -1.0);
    BOOST_TEST(t._version() == 1u);  // the tensor's in-place operation counts; the container's write does not
    // a leaf like any other
    t.requires_grad_();
    (t * t).sum().backward();
    check_close(t.grad(), {4.0, -2.0, 12.0, 16.0, 20.0, 24.0});
}

BOOST_AUTO_TEST_CASE(from_xtensor_keeps_strides_and_deduces_the_dtype) {
    xt::xtensor<float, 2, xt::layout_type::column_major> columns = {{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}};
    const eg::tensor c = eg::from_xtensor(columns);
    BOOST_TEST((c.dtype() == eg::float32));
    BOOST_TEST(c.strides() == (sizes_t{1, 2}));
    BOOST_TEST(!c.is_contiguous());
    BOOST_TEST(printed(c) == "tensor([[1., 2., 3.],\n        [4., 5., 6.]])");

    xt::xtensor<std::int64_t, 1> integers = {3, 1, 4};
    BOOST_TEST(printed(eg::from_xtensor(integers)) == "tensor([3, 1, 4])");

    xt::xarray<double> a = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    auto every_other = xt::strided_view(a, {xt::all(), xt::range(1, 3)});  // a strided view with an offset
    const eg::tensor s = eg::from_xtensor(every_other);
    BOOST_TEST(s.sizes() == (sizes_t{2, 2}));
    check_close(s, {2.0, 3.0, 5.0, 6.0});
}

BOOST_AUTO_TEST_CASE(as_xtensor_views_the_tensor) {
    eg::tensor t = eg::tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, eg::float64);
    auto v = eg::as_xtensor<double>(t);
    BOOST_TEST(v.dimension() == 2u);
    BOOST_TEST(v(1, 0) == 4.0);
    BOOST_TEST(v.data() == t.data_ptr<double>());
    v(0, 0) = 10.0;  // not an operation on the tensor: no version bump
    BOOST_TEST(t.index({0, 0}).item() == 10.0);
    BOOST_TEST(t._version() == 0u);
    t.add_(1.0);
    BOOST_TEST(v(1, 2) == 7.0);

    // strides and offsets are the tensor's: a transposed row
    const eg::tensor row = t.t()[1];
    const auto r = eg::as_xtensor<double, 1>(row);
    BOOST_TEST(r.shape()[0] == 2u);
    BOOST_TEST(r(0) == 3.0);
    BOOST_TEST(r(1) == 6.0);
    BOOST_TEST(xt::sum(eg::as_xtensor<double, 2>(t.t()))() == 36.0);

    // a size-one axis broadcasts in xtensor expressions
    const eg::tensor column = eg::tensor({{1.0}, {2.0}}, eg::float64);
    const xt::xarray<double> spread = eg::as_xtensor<double>(column) + xt::xarray<double>{{0.0, 10.0}};
    BOOST_TEST(spread(1, 1) == 12.0);
    BOOST_TEST(eg::as_xtensor<double>(eg::tensor(2.5, eg::float64))() == 2.5);
}

BOOST_AUTO_TEST_CASE(as_xtensor_errors) {
    const eg::tensor t = eg::ones({2, 3}, eg::float64);
    BOOST_TEST(error_of([&] { eg::as_xtensor<float>(t); }) == "expected scalar type Float but found Double");
    BOOST_TEST(error_of([&] { eg::as_xtensor<std::int64_t>(t); }) == "expected scalar type Long but found Double");
    BOOST_TEST(error_of([&] { t.data_ptr<float>(); }) == "expected scalar type Float but found Double");
    BOOST_TEST(error_of([&] { eg::as_xtensor<double, 1>(t); }) == "as_xtensor: expected a tensor of 1 dimensions but got 2");
}

BOOST_AUTO_TEST_CASE(from_blob_borrows_memory) {
    std::vector<float> memory = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f};
    {
        const std::int64_t sizes[] = {2, 3};
        eg::tensor t = eg::from_blob(memory.data(), sizes, eg::requires_grad());
        BOOST_TEST((t.dtype() == eg::float32));  // LibTorch's default
        BOOST_TEST(t.requires_grad());
        BOOST_TEST(t.is_contiguous());
        const std::int64_t column_sizes[] = {3};
        const std::int64_t column_strides[] = {2};
        eg::tensor every_other = eg::from_blob(memory.data() + 1, column_sizes, column_strides);
        BOOST_TEST(printed(every_other) == "tensor([2., 4., 6.])");
        every_other.fill_(0.0);
    }
    // the tensors are gone and the memory is still the caller's
    BOOST_TEST(memory == (std::vector<float>{1.0f, 0.0f, 3.0f, 0.0f, 5.0f, 0.0f}));

    const std::int64_t sizes[] = {2, 3};
    const std::int64_t one_stride[] = {1};
    const std::int64_t negative[] = {-1, 1};
    BOOST_TEST(error_of([&] { eg::from_blob(memory.data(), sizes, one_stride); }) == "mismatch in length of strides and shape");
    BOOST_TEST(error_of([&] { eg::from_blob(memory.data(), sizes, negative); }) ==
               "from_blob: negative strides are not supported (stride -1 at dim 0)");
}

BOOST_AUTO_TEST_SUITE_END()
