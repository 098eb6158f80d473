// SPDX-License-Identifier: MIT
#include <xtensor/xarray.hpp>

#include <etgrad/tape/xtensor_view.hpp>
namespace eg = etgrad;
int main() {
    xt::xarray<int> a = {1, 2};  // int: not one of the tensor element types
    return static_cast<int>(eg::from_xtensor(a).numel());
}
