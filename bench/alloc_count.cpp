// SPDX-License-Identifier: MIT
// Counting replacements of the global allocation functions, for the smoke run's
// allocation check (main.cpp). They only count and forward to the C allocator:
// no output, no state but two counters, so that static initialisation of the
// libraries (LibTorch, Google Benchmark) may allocate through them at any time.
//
// posix_memalign is counted too: xsimd's aligned_allocator (xtensor's default
// allocator when XTENSOR_USE_XSIMD is defined, as in the static layer's TU) and
// LibTorch's CPU allocator get their memory from it, not from operator new.
// Defining it here interposes glibc's for the executable and the shared
// libraries it loads.
#include "harness.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constinit std::atomic<std::uint64_t> new_calls{0};
constinit std::atomic<std::uint64_t> aligned_calls{0};

void* allocate(std::size_t size) {
    new_calls.fetch_add(1, std::memory_order_relaxed);
    if (size == 0) {
        size = 1;  // a distinct non-null pointer per call
    }
    for (;;) {
        if (void* p = std::malloc(size)) {
            return p;
        }
        const std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) {
            throw std::bad_alloc();
        }
        handler();
    }
}

void* allocate(std::size_t size, std::align_val_t alignment) {
    new_calls.fetch_add(1, std::memory_order_relaxed);
    const auto a = static_cast<std::size_t>(alignment);
    if (size > SIZE_MAX - a) {
        throw std::bad_alloc();
    }
    size = size == 0 ? a : (size + a - 1) / a * a;  // aligned_alloc wants a multiple of the alignment
    for (;;) {
        if (void* p = std::aligned_alloc(a, size)) {
            return p;
        }
        const std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) {
            throw std::bad_alloc();
        }
        handler();
    }
}

template <class... Args>
void* allocate_nothrow(std::size_t size, Args... args) noexcept {
    try {
        return allocate(size, args...);
    } catch (...) {
        return nullptr;
    }
}

}  // namespace

namespace etgrad_bench {

Allocations allocations() {
    return {new_calls.load(std::memory_order_relaxed), aligned_calls.load(std::memory_order_relaxed)};
}

}  // namespace etgrad_bench

extern "C" int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    aligned_calls.fetch_add(1, std::memory_order_relaxed);
    // The checks glibc's posix_memalign makes; its aligned_alloc accepts any size.
    if (alignment == 0 || alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) {
        return EINVAL;
    }
    void* p = std::aligned_alloc(alignment, size);
    if (p == nullptr) {
        return ENOMEM;
    }
    *out = p;
    return 0;
}

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return allocate(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return allocate(size, a); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_nothrow(size, a);
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_nothrow(size, a);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
