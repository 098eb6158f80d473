// SPDX-License-Identifier: MIT
// The README's first example, as a program. README.md shows the lines between the two marker
// comments verbatim; the test example.readme_snippet.in_readme (readme_snippet_in_readme.cmake)
// fails when they drift apart.
// [README begin]
#include <iomanip>
#include <iostream>

#include <etgrad/etgrad.hpp>
namespace eg = etgrad;

int main() {
    constexpr auto x = eg::var<"x">;                     // a named placeholder: its name is its type
    constexpr auto y = eg::var<"y">;
    constexpr auto f = eg::mean(2 * eg::pow(x + 2, 2));  // a type; nothing is computed yet

    const xt::xtensor<double, 1> xv = {0.0220, 0.2922, 0.1679};
    std::cout << std::fixed << std::setprecision(4);
    std::cout << eg::eval(f, x = xv) << '\n';  // 9.3616
    const auto g = eg::grad(f, x = xv);        // g[x] has the shape of xv: 2.6960 3.0563 2.8905
    for (const double gi : g[x]) std::cout << gi << '\n';
    const auto [value, grads] = eg::value_and_grad(eg::sum(x * y) + eg::exp(y), x = xv, y = 0.5);
    std::cout << value << ' ' << grads[y] << '\n';  // 1.8898 2.1308: one forward, one backward pass
    std::cout << eg::grad(eg::sum(x * y), x = xv, y = 0.5, eg::wrt(y))[y] << '\n';  // 0.4821: y only

    static_assert(eg::grad(x * x * x, x = 2.0)[x] == 12.0);  // at compile time
    static_assert(eg::gradcheck(eg::exp(x) * eg::sin(x), x = 0.5));
    constexpr auto d2 = eg::d(eg::d(x * x * x, x), x);  // a derivative is an expression
    static_assert(eg::eval(d2, x = 2.0) == 12.0);
}
// [README end]
