// SPDX-License-Identifier: MIT
// The memory behind tensors, shared by a tensor, its views and its detached copies, with the
// version counter that in-place operations bump (PyTorch shares it the same way). A storage
// either owns its memory or borrows memory someone else keeps alive (eg::from_blob).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

#include <etgrad/tape/large_block_cache.hpp>

namespace etgrad::tape {

class storage {
public:
    // Small tensors live inside the storage object (one allocation less per operation, which is
    // what dominates the cost of operations on small tensors); larger ones get cache-line aligned
    // memory of their own, large ones reused per thread (tape/large_block_cache.hpp).
    static constexpr std::size_t inline_bytes = 64;

    explicit storage(std::size_t bytes)
        : data_(bytes <= inline_bytes ? inline_ : detail::large_block_cache::allocate(bytes)), bytes_(bytes) {}
    // Memory that stays the caller's: never freed here.
    struct borrowed_t {};
    static constexpr borrowed_t borrowed{};
    storage(borrowed_t, std::byte* memory, std::size_t bytes) : data_(memory), owns_(false), bytes_(bytes) {}
    storage(const storage&) = delete;
    storage& operator=(const storage&) = delete;
    ~storage() {
        if (owns_ && data_ != inline_) detail::large_block_cache::deallocate(data_, bytes_);
    }

    std::byte* data() const { return data_; }
    std::size_t bytes() const { return bytes_; }
    bool owns_memory() const { return owns_; }
    std::uint32_t version() const { return version_; }
    void bump_version() { ++version_; }

private:
    // (where the elements are and their version first, next to the reference counts and to the
    // first elements: fewer cache lines touched per small tensor read)
    std::byte* data_;
    std::uint32_t version_ = 0;
    bool owns_ = true;  // (fits in the padding after version_: the storage stays its size)
    std::size_t bytes_;
    alignas(std::max_align_t) std::byte inline_[inline_bytes];  // (more would make the storage over-aligned: a slow allocation)
};

}  // namespace etgrad::tape
