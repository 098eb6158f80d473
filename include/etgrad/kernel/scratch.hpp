// SPDX-License-Identifier: MIT
// Per-evaluation working memory (axis reductions' results and adjoints) without an allocation
// per call: each thread keeps one buffer per element type and lends it to the evaluation that
// runs; it only grows. An evaluation started while the buffer is lent (a nested one) gets a
// buffer of its own.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace etgrad::kernel {

template <class T>
class scratch {
public:
    scratch() = default;
    scratch(const scratch&) = delete;
    scratch& operator=(const scratch&) = delete;
    ~scratch() {
        if (buffer_.capacity() > pool().capacity()) pool() = std::move(buffer_);
    }

    // n elements, the first `zeroed` of them zero; the others hold whatever they held.
    T* with_zeroed_start(std::size_t n, std::size_t zeroed) {
        if (pool().capacity() >= n && buffer_.capacity() < n) buffer_ = std::exchange(pool(), {});
        if (buffer_.size() < n) buffer_.resize(n);
        std::fill_n(buffer_.data(), zeroed, T(0));
        return buffer_.data();
    }

private:
    static std::vector<T>& pool() {
        thread_local std::vector<T> buffer;
        return buffer;
    }
    std::vector<T> buffer_;
};

}  // namespace etgrad::kernel
