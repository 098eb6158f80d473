// SPDX-License-Identifier: MIT
// Tensors, floats and grad_fns print exactly as PyTorch 1.13 prints them (reference strings from
// tools/print_reference.py).
#include <boost/test/unit_test.hpp>

#include <etgrad/io/object_repr.hpp>
#include <etgrad/io/python_float.hpp>
#include <etgrad/io/tensor_repr.hpp>

#include "print_reference_cases.hpp"

namespace io = etgrad::io;
using namespace etgrad_test::print_reference;

BOOST_AUTO_TEST_SUITE(printing)

BOOST_AUTO_TEST_CASE(tensors_print_as_pytorch_prints_them) {
    BOOST_TEST(tensor_cases.size() >= 40u);
    for (const auto& c : tensor_cases) {
        BOOST_TEST_CONTEXT(c.name) {
            const typed_storage storage(c);
            const io::strided_view view{c.type, storage.element(c.offset), c.sizes, c.strides};
            BOOST_TEST(io::tensor_repr(view, c.suffix, c.options) == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(floats_print_as_python_repr_prints_them) {
    for (const auto& c : float_cases) BOOST_TEST(io::python_float_repr(c.value) == c.expected);
    // item() of a float32 tensor is the float widened to double: seed 001's optimiser step
    BOOST_TEST(io::python_float_repr(static_cast<double>(1.0f - 3.0f * 0.01f)) == "0.9700000286102295");
    BOOST_TEST(io::python_float_repr(-std::numeric_limits<double>::quiet_NaN()) == "nan");
}

BOOST_AUTO_TEST_CASE(grad_fn_prints_as_a_python_object) {
    BOOST_TEST(io::python_object_repr("SumBackward0", reinterpret_cast<const void*>(0x7fb75df1b250)) ==
               "<SumBackward0 object at 0x7fb75df1b250>");
    BOOST_TEST(io::python_object_repr("MulBackward0", reinterpret_cast<const void*>(0x10)) == "<MulBackward0 object at 0x10>");
}

BOOST_AUTO_TEST_SUITE_END()
