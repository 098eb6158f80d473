// SPDX-License-Identifier: MIT
// kernel::sum_to_shape: an array summed back to a shape that broadcasts to it, against an
// element-by-element reference, over shapes that take the SIMD rows, the scalar tails and the
// one-element-per-row path.
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <etgrad/kernel/sum_to_shape.hpp>

namespace {

namespace kernel = etgrad::kernel;
using etgrad::shape_t;

// For every element of `from`, adds it where `to` (aligned on the right, extent-1 dimensions
// repeated) reads it.
template <class T>
std::vector<T> reference(const std::vector<T>& in, const shape_t& from, const shape_t& to) {
    std::vector<T> out(to.size(), T(0));
    for (std::size_t i = 0; i < in.size(); ++i) {
        std::size_t rest = i, offset = 0, stride = 1;
        for (std::size_t k = 0; k < from.rank; ++k) {
            const std::size_t index = rest % from.dims[from.rank - 1 - k];
            rest /= from.dims[from.rank - 1 - k];
            if (k < to.rank) {
                const std::size_t extent = to.dims[to.rank - 1 - k];
                offset += (extent == 1 ? 0 : index) * stride;
                stride *= extent;
            }
        }
        out[offset] += in[i];
    }
    return out;
}

template <class T>
void check(const shape_t& from, const shape_t& to) {
    std::vector<T> in(from.size());
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = T(static_cast<double>(i % 7) - 2.5);  // exact sums
    std::vector<T> out(to.size(), T(42));
    kernel::sum_to_shape(in.data(), from, out.data(), to);
    const std::vector<T> expected = reference(in, from, to);
    BOOST_TEST(out == expected, boost::test_tools::per_element());
}

const shape_t scalar{};
shape_t dims(std::initializer_list<std::size_t> d) { return etgrad::make_shape(d); }

}  // namespace

BOOST_AUTO_TEST_SUITE(sum_to_shape)

BOOST_AUTO_TEST_CASE(sums_over_broadcast_dimensions) {
    for (const auto& [from, to] : std::vector<std::pair<shape_t, shape_t>>{
             {dims({3, 17}), dims({3, 17})},
             {dims({3, 17}), dims({1, 17})},
             {dims({3, 17}), dims({17})},
             {dims({3, 17}), dims({3, 1})},
             {dims({3, 17}), scalar},
             {dims({2, 3, 21}), dims({3, 1})},
             {dims({2, 3, 21}), dims({2, 1, 21})},
             {dims({4, 1, 9}), dims({1, 9})},
             {dims({5}), dims({1})},
             {dims({0, 3}), dims({3})},
             {scalar, scalar}}) {
        check<double>(from, to);
        check<float>(from, to);
        check<int>(from, to);
    }
}

BOOST_AUTO_TEST_CASE(a_shape_that_does_not_broadcast_is_an_error) {
    std::vector<double> in(6), out(4);
    BOOST_CHECK_THROW(kernel::sum_to_shape(in.data(), dims({2, 3}), out.data(), dims({4})), std::invalid_argument);
    BOOST_CHECK_THROW(kernel::sum_to_shape(in.data(), dims({3}), out.data(), dims({2, 3})), std::invalid_argument);
    BOOST_CHECK_THROW(kernel::sum_to_shape(in.data(), dims({1, 3}), out.data(), dims({2, 3})), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
