// SPDX-License-Identifier: MIT
// kernel::map_flat's padded tail (the last elements of a contiguous array computed as one SIMD
// batch): the helpers that load and store part of a batch, and whole loops of every length up to a
// few batches, against the same function applied element by element. Built at the default target
// (the portable tail) and, where the machine runs AVX2, again with it (the masked loads and stores).
#include <array>
#include <cstddef>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <etgrad/kernel/elementwise.hpp>

namespace {

namespace kernel = etgrad::kernel;

template <class T>
void check_load_and_store_tail() {
    using batch = xsimd::batch<T>;
    constexpr std::size_t width = batch::size;
    std::array<T, width> data{};
    for (std::size_t j = 0; j < width; ++j) data[j] = T(j + 1);
    for (std::size_t left = 1; left < width; ++left) {
        const auto mask = kernel::detail::tail_mask<batch>(left);
        std::array<T, width> lanes{};
        kernel::detail::load_tail<batch>(data.data(), left, mask).store_unaligned(lanes.data());
        for (std::size_t j = 0; j < width; ++j)  // beyond `left`: copies of the last element
            BOOST_TEST(lanes[j] == data[j < left ? j : left - 1], "left " << left << ", lane " << j);

        std::array<T, width + 1> out;
        out.fill(T(-7));
        kernel::detail::store_tail(out.data(), batch(T(3)), left, mask);
        for (std::size_t j = 0; j <= width; ++j)  // only the first `left` written
            BOOST_TEST(out[j] == (j < left ? T(3) : T(-7)), "left " << left << ", element " << j);
    }
}

// out = x * y + z with y one number, for every length up to three batches and a few elements,
// against the element-by-element loop. Small integers: every operation is exact, so the two agree
// bit for bit however the compiler contracts them.
template <class T>
void check_padded_loop() {
    constexpr std::size_t width = xsimd::batch<T>::size;
    const T y = T(3);
    for (std::size_t n = 0; n <= 3 * width + 3; ++n) {
        std::vector<T> x(n), z(n), out(n + 1, T(-7));
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = T(i % 13) - T(5);
            z[i] = T(i % 7);
        }
        kernel::map_flat<T, 3, kernel::tail::padded_batch>(
            n, out.data(),
            {kernel::flat<const T>{x.data(), false}, kernel::flat<const T>{&y, true},
             kernel::flat<const T>{z.data(), false}},
            [](const auto& a, const auto& b, const auto& c) { return a * b + c; });
        for (std::size_t i = 0; i < n; ++i) BOOST_TEST(out[i] == x[i] * y + z[i], "n " << n << ", element " << i);
        BOOST_TEST(out[n] == T(-7), "n " << n << ": written past the end");
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_map_flat_tail)

BOOST_AUTO_TEST_CASE(partial_batches_load_repeating_the_last_element_and_store_only_their_lanes) {
    check_load_and_store_tail<double>();
    check_load_and_store_tail<float>();
}

BOOST_AUTO_TEST_CASE(padded_loops_of_every_length_match_the_element_by_element_loop) {
    check_padded_loop<double>();
    check_padded_loop<float>();
}

BOOST_AUTO_TEST_SUITE_END()
