// SPDX-License-Identifier: MIT
// kernel::matmul against an element-by-element reference, for every size up to 20 and both
// layouts of the left operand: matrix-vector products take the short-row and short-column loops
// (Note [Short vectors in batches]: lengths from one SIMD batch to four), the longer and shorter
// loops beside them, and the blocked product. Small integers keep every sum exact, in any order.
#include <cstddef>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <etgrad/kernel/matmul.hpp>

namespace {

namespace kernel = etgrad::kernel;

// out (m x n, row-major) (+)= a (m x k) · b (k x n, row-major); a is row-major or column-major.
template <class T>
void check_product(std::size_t m, std::size_t k, std::size_t n, bool a_column_major, bool accumulate) {
    std::vector<T> a(m * k), b(k * n);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = T(static_cast<double>(i % 5) - 2);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = T(static_cast<double>(i % 7) - 3);
    const kernel::matrix<const T> left = a_column_major ? kernel::matrix<const T>{a.data(), 1, m}
                                                        : kernel::matrix<const T>{a.data(), k, 1};
    std::vector<T> expected(m * n, T(accumulate ? 10 : 0));
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t p = 0; p < k; ++p)
                expected[i * n + j] += left.data[i * left.row_stride + p * left.col_stride] * b[p * n + j];
    std::vector<T> out(m * n, T(accumulate ? 10 : 42));
    kernel::matmul<T>(m, k, n, left, {b.data(), n, 1}, out.data(), accumulate);
    BOOST_TEST_CONTEXT("m = " << m << ", k = " << k << ", n = " << n << ", a column-major: " << a_column_major
                              << ", accumulate: " << accumulate) {
        BOOST_TEST(out == expected, boost::test_tools::per_element());
    }
}

template <class T>
void check_sizes(std::size_t n) {
    for (std::size_t m = 1; m <= 20; ++m)
        for (std::size_t k = 1; k <= 20; ++k)
            for (const bool column_major : {false, true})
                for (const bool accumulate : {false, true}) check_product<T>(m, k, n, column_major, accumulate);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_matmul)

BOOST_AUTO_TEST_CASE(matrix_vector_products_of_every_short_size) {
    check_sizes<double>(1);
    check_sizes<float>(1);
}

BOOST_AUTO_TEST_CASE(matrix_products_of_every_short_size) {
    check_sizes<double>(9);
    check_sizes<float>(17);
}

BOOST_AUTO_TEST_CASE(long_matrix_vector_products) {
    for (const bool column_major : {false, true}) {
        check_product<double>(301, 10, 1, column_major, false);
        check_product<double>(10, 301, 1, column_major, true);
        check_product<float>(301, 33, 1, column_major, false);
    }
}

BOOST_AUTO_TEST_SUITE_END()
