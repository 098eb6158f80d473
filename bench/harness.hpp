// SPDX-License-Identifier: MIT
// Shared harness: problem cases, their inputs, and the registry through which
// each implementation translation unit (hand, static, libtorch) contributes
// kernels. Kept free of xtensor/xsimd/torch, and of Google Benchmark's header
// (main.cpp drives the timed loop), so that the compile-time measurement of an
// implementation TU is about the implementation: benchmark/benchmark.h cost each
// TU about 0.5 G compiler instructions (impl_static.cpp 45.12 G with it, 44.65 G
// without; impl_hand.cpp 13.22 G and 12.66 G; tools/compile-instructions.sh).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace etgrad_bench {

// One problem at one size. Problem ids are stable: they name the benchmarks
// and the records in results.json.
struct Case {
    std::string problem;
    std::size_t n;
};

// Every case the suite knows, in report order.
const std::vector<Case>& cases();

// The case whose peak memory is reported (P1 at N = 1e6).
const Case& rss_case();

// Inputs of one case, generated deterministically so that every
// implementation (and every run) sees the same numbers. Which fields a problem
// uses is documented in harness.cpp next to make_inputs().
struct Inputs {
    std::size_t n = 0;
    std::vector<double> x;  // the differentiated vector (P1-P3, P5, P6, P7v, P9)
    std::vector<double> y;  // P4 data
    std::vector<double> a;  // P6 matrix, n x n; P8 data X, n x p8_features; row-major
    double mu = 0.0;        // P4
    double sigma = 0.0;     // P4
    double s = 0.0;         // P7s scalar
    std::vector<double> t;  // P8 labels, 0 or 1
    std::vector<double> w;  // P8 weights (p8_features)
    double b = 0.0;         // P8 bias
};

Inputs make_inputs(const Case& c);

// Number of observations in P4; a compile-time constant because the static
// layer embeds it in the expression (the N in N*log(sigma)).
inline constexpr std::size_t p4_n = 10000;

// Number of e <- e*e + e steps in P7.
inline constexpr int p7_steps = 20;

// Number of e <- 1.1 sin(e) steps in P9: a chain of 2 * p9_steps elementwise operations (and a
// sum) on a small vector, which measures what one operation of a tape costs.
inline constexpr int p9_steps = 50;

// Number of features (columns of X) in P8.
inline constexpr std::size_t p8_features = 10;

// Type-erased view of one kernel. The timed loop lives in run_times(), which is
// instantiated in the implementation's own TU (see RunnerOf), so the kernel
// call is inlined into the loop and no virtual call is timed.
class Runner {
public:
    Runner() = default;
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    virtual ~Runner() = default;

    virtual void run() = 0;
    virtual double value() const = 0;
    // The full gradient, flattened in a problem-defined order (P4: mu, sigma; P8: w, then b).
    virtual std::vector<double> gradient() const = 0;
    // run() `times` times in a row: the timed loop (main.cpp runs it in one batch per
    // benchmark round).
    virtual void run_times(std::int64_t times) = 0;
};

// An empty statement that, for the compiler, reads and writes all memory `p` can reach
// (and any other): the work before it can neither be dropped nor moved past it.
inline void touch_memory(const void* p) {
    asm volatile("" : : "r"(p) : "memory");
}

// A kernel K is constructed from the Inputs (copying them into its own
// containers and preallocating its outputs: nothing of that is timed), and
// provides run() computing value and full gradient, value() and gradient().
template <class K>
class RunnerOf final : public Runner {
public:
    explicit RunnerOf(const Inputs& in) : kernel_(in) {}

    void run() override { kernel_.run(); }
    double value() const override { return kernel_.value(); }
    std::vector<double> gradient() const override { return kernel_.gradient(); }

    void run_times(std::int64_t times) override {
        for (std::int64_t i = 0; i < times; ++i) {
            kernel_.run();
            // The kernel (and its inputs) may have changed: the compiler can neither
            // hoist the work out of the loop nor drop it.
            touch_memory(&kernel_);
        }
    }

private:
    K kernel_;
};

// Allocation calls made so far by the whole process, counted by the replacements in
// alloc_count.cpp: operator new (every form), and posix_memalign, through which xtensor's
// aligned allocator and LibTorch's tensor storage allocate.
struct Allocations {
    std::uint64_t new_calls = 0;
    std::uint64_t aligned_calls = 0;
};
Allocations allocations();

using Factory = std::unique_ptr<Runner> (*)(const Inputs&);

struct Entry {
    std::string impl;
    std::string problem;
    Factory make;
};

// Filled during static initialisation by the implementation TUs that are
// linked into the executable (object libraries, so none is dropped).
std::vector<Entry>& registry();

template <class K>
bool add(const char* impl, const char* problem) {
    registry().push_back(
        {impl, problem, [](const Inputs& in) -> std::unique_ptr<Runner> { return std::make_unique<RunnerOf<K>>(in); }});
    return true;
}

}  // namespace etgrad_bench
