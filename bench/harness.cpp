// SPDX-License-Identifier: MIT
#include "harness.hpp"

#include <cstdint>
#include <random>
#include <string_view>

namespace etgrad_bench {

const std::vector<Case>& cases() {
    static const std::vector<Case> all = {
        {"P1", 3},    {"P1", 1000},  {"P1", 1000000}, {"P2", 1000000}, {"P3", 1000},
        {"P4", p4_n}, {"P5", 10000}, {"P6", 100},     {"P7s", 1},      {"P7v", 1000},
        {"P8", 10000},
        {"P9", 3},
    };
    return all;
}

const Case& rss_case() {
    static const Case c{"P1", 1000000};
    return c;
}

std::vector<Entry>& registry() {
    static std::vector<Entry> entries;
    return entries;
}

namespace {

// Own seed hash and uniform mapping instead of std::hash and
// std::uniform_real_distribution, whose results are implementation-defined:
// the inputs must not change with the standard library.
std::uint64_t seed_of(const Case& c) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (const char ch : c.problem) {
        h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    }
    return h ^ c.n;
}

class Uniform {
public:
    explicit Uniform(std::uint64_t seed) : engine_(seed) {}
    double operator()(double lo, double hi) {
        const double u = static_cast<double>(engine_() >> 11) * 0x1p-53;  // [0, 1)
        return lo + (hi - lo) * u;
    }
    std::vector<double> vector(std::size_t n, double lo, double hi) {
        std::vector<double> v(n);
        for (double& e : v) {
            e = (*this)(lo, hi);
        }
        return v;
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace

Inputs make_inputs(const Case& c) {
    Inputs in;
    in.n = c.n;
    Uniform u(seed_of(c));
    const std::string_view p = c.problem;
    if (p == "P4") {
        // Data centred away from mu, so that sum(y - mu) is not a cancellation
        // and relative errors of d/dmu stay meaningful.
        in.y = u.vector(c.n, -2.0, 4.0);
        in.mu = 0.3;
        in.sigma = 1.2;
    } else if (p == "P6") {
        in.a = u.vector(c.n * c.n, -1.0, 1.0);
        in.x = u.vector(c.n, -1.0, 1.0);
    } else if (p == "P7s") {
        // e <- e*e + e twenty times roughly adds e each step: small |x| keeps the
        // result and the gradient (product of 2e+1) of order one.
        in.s = 0.0375;
    } else if (p == "P7v") {
        in.x = u.vector(c.n, -0.05, 0.05);
    } else if (p == "P8") {
        // X uniform in [-1, 1]; w in [-0.4, 0.4] and b = 0.1 bound |z_i| = |x_i . w + b| by 4.1,
        // where log1p(exp(z)) written naively is as exact as a stable form. Label t_i is 1 with
        // probability (2 + x_i0 - x_i1) / 4 (one more draw per row): labels depend on the data,
        // so the gradient is not noise, and no libm call makes them depend on the platform.
        in.a = u.vector(c.n * p8_features, -1.0, 1.0);
        in.w = u.vector(p8_features, -0.4, 0.4);
        in.b = 0.1;
        in.t.resize(c.n);
        for (std::size_t i = 0; i < c.n; ++i) {
            const double* row = in.a.data() + i * p8_features;
            in.t[i] = u(0.0, 4.0) < 2.0 + row[0] - row[1] ? 1.0 : 0.0;
        }
    } else {
        in.x = u.vector(c.n, -1.0, 1.0);
    }
    return in;
}

}  // namespace etgrad_bench
