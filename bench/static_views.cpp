// SPDX-License-Identifier: MIT
// P5 in the form the static layer needed before eg::slice, beside the one-expression form of
// impl_static.cpp (registered as "static-views"; bench/run.py compares the two). A translation
// unit of its own, so that the static layer's compile time stays that of one form per problem.
#include "harness.hpp"
#include "static_support.hpp"

#include <etgrad/expr.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace {

using namespace etgrad_bench::static_support;

// Two placeholders bound to overlapping views of x, their gradients combined into x's by the
// caller (timed with the rest). Issue 8 asks that the one-expression form be no slower.
constexpr auto lo = eg::var<"lo">;
constexpr auto hi = eg::var<"hi">;
constexpr auto f5_views = eg::sum(eg::sin(lo) * eg::cos(hi) + eg::exp(lo * hi));

using vector_view = decltype(xt::view(std::declval<vector&>(), xt::range(0, 1)));
struct P5Views
    : Keep<decltype(eg::value_and_grad(f5_views, lo = std::declval<vector_view>(), hi = std::declval<vector_view>()))> {
    explicit P5Views(const eb::Inputs& in) : xv(to_vector(in.x)), gv(xv.shape()) {}
    void run() {
        const std::size_t n = xv.size();
        keep(f5_views, lo = xt::view(xv, xt::range(0, n - 1)), hi = xt::view(xv, xt::range(1, n)));
        const auto& g_lo = get().grad[lo];
        const auto& g_hi = get().grad[hi];
        gv(0) = g_lo(0);
        xt::noalias(xt::view(gv, xt::range(1, n - 1))) =
            xt::view(g_lo, xt::range(1, n - 1)) + xt::view(g_hi, xt::range(0, n - 2));
        gv(n - 1) = g_hi(n - 2);
    }
    double value() const { return get().value; }
    std::vector<double> gradient() const { return flat(gv); }
    vector xv;
    vector gv;
};

[[maybe_unused]] const bool registered = eb::add<P5Views>("static-views", "P5");

}  // namespace
