// SPDX-License-Identifier: MIT
// Memory per recorded node of the dynamic layer: the growth of the resident set while a chain of
// elementwise operations on a 3-element float32 tensor is recorded and kept (each node holds its
// output tensor and what its backward reads), divided by the number of nodes. Prints one JSON line.
#include <etgrad/tape.hpp>

#include <cstdio>
#include <fstream>

namespace {

long resident_kib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4;  // 4 KiB pages
}

}  // namespace

int main() {
    namespace eg = etgrad;
    constexpr int nodes = 200000;
    const eg::tensor x = eg::tensor({0.1f, 0.2f, 0.3f}, eg::requires_grad());
    {
        eg::tensor warm = x;  // the pools' first blocks, and the allocator's own state
        for (int k = 0; k < 1000; ++k) warm = warm.sin();
    }
    const long before = resident_kib();
    eg::tensor e = x;
    for (int k = 0; k < nodes; ++k) e = e.sin();
    const long after = resident_kib();
    e.sum().backward();  // the graph is whole: it differentiates
    std::printf("{\"nodes\": %d, \"bytes_per_node\": %.1f, \"gradient_0\": %.6g}\n", nodes,
                static_cast<double>(after - before) * 1024.0 / nodes, x.grad()[0].item());
}
