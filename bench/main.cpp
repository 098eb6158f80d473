// SPDX-License-Identifier: MIT
// Driver. Modes:
//   etgrad_bench [google-benchmark flags]   gradient check, then benchmarks
//   etgrad_bench --smoke                    gradient check and allocation count only (CI)
//   etgrad_bench --rss IMPL                 peak RSS of IMPL on P1, N = 1e6
//   etgrad_bench --list                     the implementations linked in
//   etgrad_bench --repeat IMPL PROBLEM N K  runs one kernel K times, untimed: instructions per
//                                           evaluation are the difference of two callgrind runs
//                                           with different K (tools/count-instructions.sh)
//   --check-out FILE                        also write the check as JSON
//   --threaded                              first starts (and joins) a thread, as a program with
//                                           threads (LibTorch's pool, for one) has: reference
//                                           counts then take locked instructions; put it before
//                                           --repeat to count those
#include "harness.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <sys/resource.h>

namespace etgrad_bench {
namespace {

constexpr double tolerance = 1e-10;

struct Loaded {
    Case c;
    std::vector<std::pair<std::string, std::unique_ptr<Runner>>> runners;
};

std::vector<Loaded> load_all() {
    std::vector<Loaded> all;
    for (const Case& c : cases()) {
        const Inputs in = make_inputs(c);
        Loaded l{c, {}};
        for (const Entry& e : registry()) {
            if (e.problem == c.problem) {
                l.runners.emplace_back(e.impl, e.make(in));
            }
        }
        // Report order: the reference first, then the library, then the peer.
        const auto rank = [](const std::string& impl) {
            constexpr std::string_view order[] = {"hand", "static", "dynamic", "dynamic-apply", "libtorch"};
            return std::find(std::begin(order), std::end(order), impl) - std::begin(order);
        };
        std::stable_sort(l.runners.begin(), l.runners.end(),
                         [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
        all.push_back(std::move(l));
    }
    return all;
}

// Componentwise relative error. Components much smaller than the largest one
// are compared relative to 1e-3 of the largest, so that a gradient entry that
// happens to be near zero (P5, P6) does not turn summation-order rounding into
// a failure; everything else is held to a true relative error.
double max_rel_err(const std::vector<double>& got, const std::vector<double>& ref) {
    if (got.size() != ref.size()) {
        return INFINITY;
    }
    double scale = 0.0;
    for (const double r : ref) {
        scale = std::max(scale, std::abs(r));
    }
    const double floor = 1e-3 * scale;
    double err = 0.0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        const double e = std::abs(got[i] - ref[i]) / std::max(std::abs(ref[i]), floor);
        err = std::isnan(e) || std::isnan(err) ? NAN : std::max(err, e);
    }
    return err;
}

struct CheckRow {
    Case c;
    std::string impl;
    double value_err;
    double grad_err;
    bool ok;
};

// Runs every kernel once and compares it with the hand-written one.
std::vector<CheckRow> check(std::vector<Loaded>& all) {
    std::vector<CheckRow> rows;
    for (Loaded& l : all) {
        for (auto& [impl, r] : l.runners) {
            r->run();
        }
        const auto ref =
            std::find_if(l.runners.begin(), l.runners.end(), [](const auto& p) { return p.first == "hand"; });
        for (auto& [impl, r] : l.runners) {
            if (impl == "hand") {
                continue;
            }
            CheckRow row{l.c, impl, NAN, NAN, false};
            if (ref != l.runners.end()) {
                const double rv = ref->second->value();
                row.value_err = std::abs(r->value() - rv) / std::abs(rv);
                row.grad_err = max_rel_err(r->gradient(), ref->second->gradient());
                // Written so that NaN fails.
                row.ok = row.value_err <= tolerance && row.grad_err <= tolerance;
            }
            rows.push_back(row);
        }
        if (ref == l.runners.end()) {
            rows.push_back({l.c, "hand (missing)", NAN, NAN, false});
        }
    }
    return rows;
}

// NaN and infinity are not JSON: a failed comparison is written as null.
std::string json_number(double v) {
    if (!std::isfinite(v)) {
        return "null";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3e", v);
    return buf;
}

bool report(const std::vector<CheckRow>& rows, const char* json_path) {
    std::printf(
        "gradient check against hand: relative error of the value and max componentwise "
        "relative error of the gradient, limit %.0e\n",
        tolerance);
    std::printf("%-5s %8s %-10s %11s %11s\n", "prob", "n", "impl", "value err", "grad err");
    bool all_ok = true;
    for (const CheckRow& r : rows) {
        std::printf("%-5s %8zu %-10s %11.2e %11.2e %s\n", r.c.problem.c_str(), r.c.n, r.impl.c_str(), r.value_err,
                    r.grad_err, r.ok ? "ok" : "FAILED");
        all_ok = all_ok && r.ok;
    }
    if (json_path != nullptr) {
        std::ofstream out(json_path);
        out << "[\n";
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const CheckRow& r = rows[i];
            out << "  {\"problem\": \"" << r.c.problem << "\", \"n\": " << r.c.n << ", \"impl\": \"" << r.impl
                << "\", \"value_rel_err\": " << json_number(r.value_err)
                << ", \"grad_max_rel_err\": " << json_number(r.grad_err) << ", \"ok\": " << (r.ok ? "true" : "false")
                << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
        }
        out << "]\n";
    }
    return all_ok;
}

// Calls counted after the warm-up call of each kernel.
constexpr int counted_runs = 4;

// Allocations per evaluation of every kernel: one warm-up call (the first may
// allocate the outputs), then the mean over counted_runs calls. Fails if the
// static layer allocates on any problem.
bool allocation_check(std::vector<Loaded>& all) {
    std::printf(
        "\nallocations per evaluation (mean of %d calls after a warm-up call): operator new, and "
        "posix_memalign (xtensor's aligned allocator, LibTorch's tensor storage); static must make "
        "none\n",
        counted_runs);
    std::printf("%-5s %8s %-10s %10s %10s\n", "prob", "n", "impl", "new", "aligned");
    std::vector<std::string> failed;
    for (Loaded& l : all) {
        for (auto& [impl, r] : l.runners) {
            r->run();
            const Allocations before = allocations();
            for (int i = 0; i < counted_runs; ++i) {
                r->run();
            }
            const Allocations after = allocations();
            const double fresh = static_cast<double>(after.new_calls - before.new_calls) / counted_runs;
            const double aligned = static_cast<double>(after.aligned_calls - before.aligned_calls) / counted_runs;
            const char* status = "";
            if (impl == "static") {
                if (fresh == 0.0 && aligned == 0.0) {
                    status = "ok";
                } else {
                    status = "FAILED";
                    failed.push_back(l.c.problem + " (n = " + std::to_string(l.c.n) + ")");
                }
            }
            std::printf("%-5s %8zu %-10s %10.4g %10.4g%s%s\n", l.c.problem.c_str(), l.c.n, impl.c_str(), fresh,
                        aligned, *status != '\0' ? " " : "", status);
        }
    }
    for (const std::string& f : failed) {
        std::fprintf(stderr, "allocation check FAILED: the static layer allocates in repeated evaluations of %s\n",
                     f.c_str());
    }
    return failed.empty();
}

// Peak resident set size so far, in KiB.
long peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // KiB on Linux
}

// Meant to run in a fresh process holding only this implementation: the
// baseline is taken after the inputs exist and before the kernel is built, so
// peak - baseline is what the implementation needs on top of them.
int measure_rss(const std::string& impl) {
    const Case& c = rss_case();
    const auto e = std::find_if(registry().begin(), registry().end(),
                                [&](const Entry& entry) { return entry.impl == impl && entry.problem == c.problem; });
    if (e == registry().end()) {
        std::fprintf(stderr, "no implementation '%s' of %s in this executable\n", impl.c_str(), c.problem.c_str());
        return 2;
    }
    const Inputs in = make_inputs(c);
    const long baseline = peak_rss_kib();
    const auto runner = e->make(in);
    for (int i = 0; i < 3; ++i) {
        runner->run();
    }
    const long peak = peak_rss_kib();
    benchmark::DoNotOptimize(runner->value());
    std::printf(
        "{\"impl\": \"%s\", \"problem\": \"%s\", \"n\": %zu, \"baseline_kib\": %ld, "
        "\"peak_kib\": %ld}\n",
        impl.c_str(), c.problem.c_str(), c.n, baseline, peak);
    return 0;
}

int repeat(const std::string& impl, const std::string& problem, std::size_t n, long times) {
    const auto e = std::find_if(registry().begin(), registry().end(),
                                [&](const Entry& entry) { return entry.impl == impl && entry.problem == problem; });
    if (e == registry().end()) {
        std::fprintf(stderr, "no implementation '%s' of %s in this executable\n", impl.c_str(), problem.c_str());
        return 2;
    }
    const auto runner = e->make(make_inputs(Case{problem, n}));
    runner->run();  // the first evaluation may allocate its results
    for (long i = 0; i < times; ++i) {
        runner->run();
    }
    benchmark::DoNotOptimize(runner->value());
    return 0;
}

// The implementations linked into this executable, one per line.
int list_impls() {
    std::vector<std::string> seen;
    for (const Entry& e : registry()) {
        if (std::find(seen.begin(), seen.end(), e.impl) == seen.end()) {
            seen.push_back(e.impl);
            std::printf("%s\n", e.impl.c_str());
        }
    }
    return 0;
}

void register_benchmarks(std::vector<Loaded>& all) {
    for (Loaded& l : all) {
        for (auto& [impl, runner] : l.runners) {
            const std::string name = l.c.problem + "/" + impl + "/" + std::to_string(l.c.n);
            Runner* r = runner.get();
            // One batch of all the round's iterations: the loop runs in the implementation's
            // own translation unit, inlined, without a virtual call per evaluation.
            benchmark::RegisterBenchmark(name.c_str(),
                                         [r](benchmark::State& state) {
                                             while (state.KeepRunningBatch(state.max_iterations))
                                                 r->run_times(state.max_iterations);
                                         })
                ->Unit(benchmark::kNanosecond)
                ->UseRealTime();
        }
    }
}

}  // namespace
}  // namespace etgrad_bench

int main(int argc, char** argv) {
    namespace eb = etgrad_bench;
    benchmark::Initialize(&argc, argv);  // removes the flags it knows
    bool smoke = false;
    bool list = false;
    const char* rss_impl = nullptr;
    const char* check_out = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--smoke") {
            smoke = true;
        } else if (arg == "--rss" && i + 1 < argc) {
            rss_impl = argv[++i];
        } else if (arg == "--repeat" && i + 4 < argc) {
            return eb::repeat(argv[i + 1], argv[i + 2], std::stoul(argv[i + 3]), std::stol(argv[i + 4]));
        } else if (arg == "--list") {
            list = true;
        } else if (arg == "--check-out" && i + 1 < argc) {
            check_out = argv[++i];
        } else if (arg == "--threaded") {
            std::thread([] {}).join();
        } else {
            std::fprintf(stderr,
                         "unknown argument '%s'\nusage: %s [--smoke] [--list] [--rss IMPL] [--threaded] "
                         "[--repeat IMPL PROBLEM N K] [--check-out FILE] "
                         "[--benchmark_...]\n",
                         argv[i], argv[0]);
            return 2;
        }
    }
    if (list) {
        return eb::list_impls();
    }
    if (rss_impl != nullptr) {
        return eb::measure_rss(rss_impl);
    }

    auto all = eb::load_all();
    if (!eb::report(eb::check(all), check_out)) {
        std::fprintf(stderr, "gradient check FAILED\n");
        return 1;
    }
    if (smoke) {
        return eb::allocation_check(all) ? 0 : 1;
    }
    eb::register_benchmarks(all);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
