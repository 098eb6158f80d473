// SPDX-License-Identifier: MIT
// The limit: analytic value and gradient, fused into as few passes as the data
// dependencies allow, vectorised with xsimd (FMA, vector exp/sincos) and with
// several accumulators to hide floating-point latency in reductions.
#include "harness.hpp"

#include <xsimd/xsimd.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace {

using batch = xsimd::batch<double>;
constexpr std::size_t width = batch::size;
using buffer = std::vector<double, xsimd::aligned_allocator<double, 64>>;

// Loops are written once as generic lambdas and instantiated for T = batch
// (main part) and T = double (tail): these helpers keep the two in step.
template <class T>
T load(const double* p) {
    if constexpr (std::is_same_v<T, double>) {
        return *p;
    } else {
        return T::load_unaligned(p);
    }
}
inline void store(double* p, double v) { *p = v; }
inline void store(double* p, const batch& v) { v.store_unaligned(p); }

template <class T>
struct tag {
    using type = T;
};

// body(i, tag<T>) handles elements [i, i + lanes of T).
template <class Body>
void for_each(std::size_t n, Body&& body) {
    std::size_t i = 0;
    for (; i + width <= n; i += width) {
        body(i, tag<batch>{});
    }
    for (; i < n; ++i) {
        body(i, tag<double>{});
    }
}

// K sums over [0, n): body(i, acc) adds elements [i, i + lanes) into acc, a
// std::array<T, K>. U independent accumulator sets break the add latency
// chain; choose U so that U * K batches still fit in registers.
template <std::size_t K, std::size_t U, class Body>
std::array<double, K> accumulate(std::size_t n, Body&& body) {
    std::array<std::array<batch, K>, U> acc;
    for (auto& a : acc) {
        a.fill(batch(0.0));
    }
    std::size_t i = 0;
    for (; i + U * width <= n; i += U * width) {
        for (std::size_t u = 0; u < U; ++u) {
            body(i + u * width, acc[u]);
        }
    }
    for (; i + width <= n; i += width) {
        body(i, acc[0]);
    }
    std::array<double, K> sum{};
    if (n >= width) {  // skip the horizontal adds for tiny n (P1, N = 3)
        for (std::size_t k = 0; k < K; ++k) {
            batch total = acc[0][k];
            for (std::size_t u = 1; u < U; ++u) {
                total += acc[u][k];
            }
            sum[k] = xsimd::hadd(total);
        }
    }
    for (; i < n; ++i) {
        body(i, sum);
    }
    return sum;
}

template <class Acc>
using lane_t = typename std::remove_reference_t<Acc>::value_type;

inline double vexp(double v) { return std::exp(v); }
inline batch vexp(const batch& v) { return xsimd::exp(v); }

buffer copy(const std::vector<double>& v) { return buffer(v.begin(), v.end()); }

// Common shape of the single-vector problems: x in, gradient of x's size out.
struct VectorKernel {
    explicit VectorKernel(const etgrad_bench::Inputs& in) : x(copy(in.x)), g(in.x.size()) {}
    double value() const { return v; }
    std::vector<double> gradient() const { return {g.begin(), g.end()}; }

    buffer x;
    buffer g;
    double v = 0.0;
};

// P1: mean(2 (x+2)^2) -> value 2/N sum t^2, gradient 4/N t, t = x + 2.
struct P1 : VectorKernel {
    using VectorKernel::VectorKernel;
    void run() {
        const std::size_t n = x.size();
        const double* px = x.data();
        double* pg = g.data();
        const double c = 4.0 / static_cast<double>(n);
        const auto s = accumulate<1, 4>(n, [&](std::size_t i, auto& acc) {
            using T = lane_t<decltype(acc)>;
            const T t = load<T>(px + i) + T(2.0);
            store(pg + i, T(c) * t);
            acc[0] = xsimd::fma(t, t, acc[0]);
        });
        v = 2.0 / static_cast<double>(n) * s[0];
    }
};

// P2: sum(x) -> gradient of ones, written in the same pass.
struct P2 : VectorKernel {
    using VectorKernel::VectorKernel;
    void run() {
        const double* px = x.data();
        double* pg = g.data();
        v = accumulate<1, 4>(x.size(), [&](std::size_t i, auto& acc) {
            using T = lane_t<decltype(acc)>;
            store(pg + i, T(1.0));
            acc[0] += load<T>(px + i);
        })[0];
    }
};

// P3: log(sum(exp(x))) -> gradient exp(x) / sum: the scale needs the full
// sum, so two passes (exp and sum, then scale; the second one hits L1).
struct P3 : VectorKernel {
    using VectorKernel::VectorKernel;
    void run() {
        const double* px = x.data();
        double* pg = g.data();
        const double s = accumulate<1, 4>(x.size(), [&](std::size_t i, auto& acc) {
            using T = lane_t<decltype(acc)>;
            const T e = vexp(load<T>(px + i));
            store(pg + i, e);
            acc[0] += e;
        })[0];
        v = std::log(s);
        const double inv = 1.0 / s;
        for_each(x.size(), [&](std::size_t i, auto t) {
            using T = typename decltype(t)::type;
            store(pg + i, load<T>(pg + i) * T(inv));
        });
    }
};

// P4: sum -0.5 ((y-mu)/sigma)^2 - N log sigma. With d = y - mu, one pass gives
// S1 = sum d and S2 = sum d^2; then value = -S2/(2 sigma^2) - N log sigma,
// d/dmu = S1/sigma^2, d/dsigma = S2/sigma^3 - N/sigma.
struct P4 {
    explicit P4(const etgrad_bench::Inputs& in) : y(copy(in.y)), mu(in.mu), sigma(in.sigma) {}
    void run() {
        const double* py = y.data();
        const auto s = accumulate<2, 4>(y.size(), [&](std::size_t i, auto& acc) {
            using T = lane_t<decltype(acc)>;
            const T d = load<T>(py + i) - T(mu);
            acc[0] += d;
            acc[1] = xsimd::fma(d, d, acc[1]);
        });
        const double n = static_cast<double>(y.size());
        const double inv_s = 1.0 / sigma;
        const double inv_s2 = inv_s * inv_s;
        v = -0.5 * s[1] * inv_s2 - n * std::log(sigma);
        g = {s[0] * inv_s2, (s[1] * inv_s2 - n) * inv_s};
    }
    double value() const { return v; }
    std::vector<double> gradient() const { return {g.begin(), g.end()}; }

    buffer y;
    double mu, sigma;
    double v = 0.0;
    std::array<double, 2> g{};
};

// P5: sum_{i<N-1} sin(x_i) cos(x_{i+1}) + exp(x_i x_{i+1}). Pass 1 evaluates
// each transcendental once (sincos per element, exp per pair) into scratch;
// pass 2 reads neighbours from scratch to form value and gradient:
//   g_i = c_i c_{i+1} + x_{i+1} e_i  - s_{i-1} s_i + x_{i-1} e_{i-1}.
struct P5 : VectorKernel {
    explicit P5(const etgrad_bench::Inputs& in) : VectorKernel(in), s(in.x.size()), c(in.x.size()), e(in.x.size()) {}
    void run() {
        const std::size_t n = x.size();
        const double *px = x.data(), *ps = s.data(), *pc = c.data(), *pe = e.data();
        double* pg = g.data();
        for_each(n - 1, [&](std::size_t i, auto t) {
            using T = typename decltype(t)::type;
            const T xi = load<T>(px + i);
            if constexpr (std::is_same_v<T, double>) {
                store(s.data() + i, std::sin(xi));
                store(c.data() + i, std::cos(xi));
            } else {
                const auto [si, ci] = xsimd::sincos(xi);
                store(s.data() + i, si);
                store(c.data() + i, ci);
            }
            store(e.data() + i, vexp(xi * load<T>(px + i + 1)));
        });
        s[n - 1] = std::sin(x[n - 1]);
        c[n - 1] = std::cos(x[n - 1]);

        // Interior gradient entries 1 .. n-2 together with the value terms of the
        // same indices; the boundary entries and term 0 follow.
        const double interior = accumulate<1, 2>(n - 2, [&](std::size_t j, auto& acc) {
            using T = lane_t<decltype(acc)>;
            const std::size_t i = j + 1;
            const T si = load<T>(ps + i), ci = load<T>(pc + i), ei = load<T>(pe + i);
            const T cn = load<T>(pc + i + 1);
            const T em = load<T>(pe + i - 1);
            const T fwd = xsimd::fma(ci, cn, load<T>(px + i + 1) * ei);
            const T bwd = xsimd::fma(load<T>(px + i - 1), em, -(load<T>(ps + i - 1) * si));
            store(pg + i, fwd + bwd);
            acc[0] += xsimd::fma(si, cn, ei);
        })[0];
        v = interior + std::fma(s[0], c[1], e[0]);
        g[0] = std::fma(c[0], c[1], x[1] * e[0]);
        g[n - 1] = std::fma(x[n - 2], e[n - 2], -(s[n - 2] * s[n - 1]));
    }

    buffer s, c, e;
};

// P6: 0.5 ||A x||^2 -> gradient A^T (A x). Row-major A is streamed once: for
// a block of four rows, four dot products with x give y_r, then the same rows
// (now in L1) update g += sum_r y_r A_r, touching g once per block.
struct P6 : VectorKernel {
    explicit P6(const etgrad_bench::Inputs& in) : VectorKernel(in), a(copy(in.a)) {}
    void run() {
        const std::size_t n = x.size();
        const double* px = x.data();
        double* pg = g.data();
        std::fill(g.begin(), g.end(), 0.0);
        double sum_sq = 0.0;
        std::size_t r = 0;
        for (; r + 4 <= n; r += 4) {
            const double* a0 = a.data() + r * n;
            const double *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
            const auto y = accumulate<4, 2>(n, [&](std::size_t i, auto& acc) {
                using T = lane_t<decltype(acc)>;
                const T xi = load<T>(px + i);
                acc[0] = xsimd::fma(load<T>(a0 + i), xi, acc[0]);
                acc[1] = xsimd::fma(load<T>(a1 + i), xi, acc[1]);
                acc[2] = xsimd::fma(load<T>(a2 + i), xi, acc[2]);
                acc[3] = xsimd::fma(load<T>(a3 + i), xi, acc[3]);
            });
            for (const double yr : y) {
                sum_sq += yr * yr;
            }
            for_each(n, [&](std::size_t i, auto t) {
                using T = typename decltype(t)::type;
                T gi = load<T>(pg + i);
                gi = xsimd::fma(load<T>(a0 + i), T(y[0]), gi);
                gi = xsimd::fma(load<T>(a1 + i), T(y[1]), gi);
                gi = xsimd::fma(load<T>(a2 + i), T(y[2]), gi);
                gi = xsimd::fma(load<T>(a3 + i), T(y[3]), gi);
                store(pg + i, gi);
            });
        }
        for (; r < n; ++r) {
            const double* ar = a.data() + r * n;
            const double yr = accumulate<1, 4>(n, [&](std::size_t i, auto& acc) {
                using T = lane_t<decltype(acc)>;
                acc[0] = xsimd::fma(load<T>(ar + i), load<T>(px + i), acc[0]);
            })[0];
            sum_sq += yr * yr;
            for_each(n, [&](std::size_t i, auto t) {
                using T = typename decltype(t)::type;
                store(pg + i, xsimd::fma(load<T>(ar + i), T(yr), load<T>(pg + i)));
            });
        }
        v = 0.5 * sum_sq;
    }

    buffer a;
};

// P7: e <- e*e + e, p7_steps (20) times. de_{k+1}/de_k = 2 e_k + 1, so the gradient is
// the running product, computed in the same forward sweep without storage.
// 2 e + 1 = 2 (e + 1/2) exactly (scaling by 2 commutes with rounding): the
// factors of 2 are applied once at the end, which moves one operation per
// step from the FMA units to an adder. M independent sweeps run in lockstep,
// so that their dependency chains (20 FMAs each) overlap.
template <class T, std::size_t M>
void p7_sweep(std::array<T, M>& e, std::array<T, M>& d) {
    d.fill(T(1.0));
    for (int k = 0; k < etgrad_bench::p7_steps; ++k) {
        for (std::size_t m = 0; m < M; ++m) {
            d[m] *= e[m] + T(0.5);
            e[m] = xsimd::fma(e[m], e[m], e[m]);
        }
    }
    for (T& dm : d) {
        dm *= T(static_cast<double>(1ULL << etgrad_bench::p7_steps));  // exact power of two
    }
}

struct P7s {
    explicit P7s(const etgrad_bench::Inputs& in) : x(in.s) {}
    void run() {
        std::array<double, 1> e{x}, d;
        p7_sweep(e, d);
        v = e[0];
        g = d[0];
    }
    double value() const { return v; }
    std::vector<double> gradient() const { return {g}; }

    double x;
    double v = 0.0, g = 0.0;
};

// Vector version: sum of the elementwise results. Five batches in lockstep
// (ten live registers) measured fastest of 1 to 8 on this machine.
struct P7v : VectorKernel {
    using VectorKernel::VectorKernel;
    void run() {
        constexpr std::size_t lanes = 5;
        const std::size_t n = x.size();
        const double* px = x.data();
        double* pg = g.data();
        batch acc(0.0);
        std::size_t i = 0;
        for (; i + lanes * width <= n; i += lanes * width) {
            std::array<batch, lanes> e, d;
            for (std::size_t m = 0; m < lanes; ++m) {
                e[m] = batch::load_unaligned(px + i + m * width);
            }
            p7_sweep(e, d);
            for (std::size_t m = 0; m < lanes; ++m) {
                d[m].store_unaligned(pg + i + m * width);
                acc += e[m];
            }
        }
        const std::size_t done = i;
        v = xsimd::hadd(acc) + accumulate<1, 1>(n - done, [&](std::size_t j, auto& a) {
                using T = lane_t<decltype(a)>;
                std::array<T, 1> e{load<T>(px + done + j)}, d;
                p7_sweep(e, d);
                store(pg + done + j, d[0]);
                a[0] += e[0];
            })[0];
    }
};

// P8: mean_i softplus(z_i) - t_i z_i with z_i = x_i . w + b; gradient (1/n) sum_i s_i x_i and
// (1/n) sum_i s_i, s_i = sigmoid(z_i) - t_i. With e = exp(-|z|) <= 1, softplus(z) = max(z, 0) +
// log1p(e) and sigmoid(z) is 1/(1+e) for z >= 0 and e/(1+e) otherwise: stable for any z.
// One pass over the row-major X in chunks of rows that stay in L1, each in three loops:
//  1. z and e, `width` rows at a time: each row's dot product is a batch of partial sums (a row
//     whose length is not a multiple of the width ends with a batch overlapping the previous
//     one, whose repeated lanes get weight 0), haddp turns the rows' sums into a batch of z;
//  2. loss and s from z, e and t;  3. grad w += s_i x_i, row by row, two rows in lockstep.
// exp and log1p are in separate loops: in one iteration they make a dependency chain too long
// for the out-of-order window to overlap iterations, and the kernel took twice as long.
inline double if_nonneg(double z, double a, double b) { return z >= 0.0 ? a : b; }
inline batch if_nonneg(const batch& z, const batch& a, const batch& b) {
    return xsimd::select(z >= batch(0.0), a, b);
}

struct P8 {
    static constexpr std::size_t F = etgrad_bench::p8_features;
    static_assert(F >= width);
    static constexpr std::size_t full = F / width;  // whole batches per row
    static constexpr std::size_t nb = full + (F % width != 0 ? 1 : 0);
    static constexpr std::size_t chunk = 256;  // rows: 20 KB of X (64 to 256 measured alike)
    // Offset in the row of batch k: the last one ends at the row's end.
    static constexpr std::size_t offset(std::size_t k) { return k < full ? k * width : F - width; }
    // Whether lane l of batch k holds a feature no earlier batch holds.
    static constexpr bool own(std::size_t k, std::size_t l) { return k < full || offset(k) + l >= full * width; }

    explicit P8(const etgrad_bench::Inputs& in) : x(copy(in.a)), t(copy(in.t)), b(in.b) {
        for (std::size_t k = 0; k < nb; ++k) {
            std::array<double, width> lanes{};
            for (std::size_t l = 0; l < width; ++l) {
                lanes[l] = own(k, l) ? in.w[offset(k) + l] : 0.0;
            }
            wb[k] = batch::load_unaligned(lanes.data());
        }
    }

    // Partial sums of the dot product of row xr with w, one per lane.
    batch partial_dot(const double* xr) const {
        batch d = batch::load_unaligned(xr) * wb[0];
        for (std::size_t k = 1; k < nb; ++k) {
            d = xsimd::fma(batch::load_unaligned(xr + offset(k)), wb[k], d);
        }
        return d;
    }

    void run() {
        const std::size_t n = t.size();
        std::array<std::array<batch, nb>, 2> gw;  // even and odd rows
        for (auto& a : gw) {
            a.fill(batch(0.0));
        }
        double loss = 0.0, gb = 0.0;
        alignas(64) std::array<double, chunk> zc, ec;
        for (std::size_t i0 = 0; i0 < n; i0 += chunk) {
            const std::size_t m = std::min(chunk, n - i0);
            const double* px = x.data() + i0 * F;
            const double* pt = t.data() + i0;
            std::size_t r = 0;
            for (; r + width <= m; r += width) {
                std::array<batch, width> dot;
                for (std::size_t q = 0; q < width; ++q) {
                    dot[q] = partial_dot(px + (r + q) * F);
                }
                const batch z = xsimd::haddp(dot.data()) + batch(b);
                z.store_aligned(zc.data() + r);
                vexp(-xsimd::abs(z)).store_aligned(ec.data() + r);
            }
            for (; r < m; ++r) {
                zc[r] = xsimd::hadd(partial_dot(px + r * F)) + b;
                ec[r] = vexp(-std::abs(zc[r]));
            }
            const auto sums = accumulate<2, 2>(m, [&](std::size_t i, auto& acc) {
                using T = lane_t<decltype(acc)>;
                const T z = load<T>(zc.data() + i), e = load<T>(ec.data() + i), ti = load<T>(pt + i);
                const T inv = T(1.0) / (T(1.0) + e);
                const T si = if_nonneg(z, inv, e * inv) - ti;
                store(ec.data() + i, si);
                acc[0] += xsimd::fma(-ti, z, xsimd::max(z, T(0.0)) + xsimd::log1p(e));
                acc[1] += si;
            });
            loss += sums[0];
            gb += sums[1];
            const auto add_row = [&](std::array<batch, nb>& acc, std::size_t q) {
                const batch sq(ec[q]);
                for (std::size_t k = 0; k < nb; ++k) {
                    acc[k] = xsimd::fma(sq, batch::load_unaligned(px + q * F + offset(k)), acc[k]);
                }
            };
            std::size_t q = 0;
            for (; q + 2 <= m; q += 2) {
                add_row(gw[0], q);
                add_row(gw[1], q + 1);
            }
            if (q < m) {
                add_row(gw[0], q);
            }
        }
        const double inv_n = 1.0 / static_cast<double>(n);
        for (std::size_t k = 0; k < nb; ++k) {
            alignas(64) std::array<double, width> lanes;
            (gw[0][k] + gw[1][k]).store_aligned(lanes.data());
            for (std::size_t l = 0; l < width; ++l) {
                if (own(k, l)) {
                    g[offset(k) + l] = lanes[l] * inv_n;
                }
            }
        }
        g[F] = gb * inv_n;
        v = loss * inv_n;
    }
    double value() const { return v; }
    std::vector<double> gradient() const { return {g.begin(), g.end()}; }

    buffer x, t;
    double b;
    std::array<batch, nb> wb;
    double v = 0.0;
    std::array<double, F + 1> g{};  // w, then b
};

namespace eb = etgrad_bench;
// P9: e <- 1.1 sin(e), p9_steps times, then the sum. de_{k+1}/de_k = 1.1 cos(e_k): the running
// product, in the same forward sweep (sin and cos of the same argument).
struct P9 : VectorKernel {
    using VectorKernel::VectorKernel;
    void run() {
        v = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            double e = x[i], d = 1.0;
            for (int k = 0; k < etgrad_bench::p9_steps; ++k) {
                d *= 1.1 * std::cos(e);
                e = 1.1 * std::sin(e);
            }
            v += e;
            g[i] = d;
        }
    }
};

[[maybe_unused]] const bool registered = eb::add<P1>("hand", "P1") && eb::add<P2>("hand", "P2") &&
                                         eb::add<P3>("hand", "P3") && eb::add<P4>("hand", "P4") &&
                                         eb::add<P5>("hand", "P5") && eb::add<P6>("hand", "P6") &&
                                         eb::add<P7s>("hand", "P7s") && eb::add<P7v>("hand", "P7v") &&
                                         eb::add<P8>("hand", "P8") && eb::add<P9>("hand", "P9");

}  // namespace
