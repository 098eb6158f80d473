// SPDX-License-Identifier: MIT
// Memory of large tensors, kept per thread when freed and handed out again for the next tensor of
// the same size. A loop that builds the same graph each iteration then reuses its memory instead
// of asking the system for fresh pages, whose first touch (a page fault per 4 KiB) costs more than
// the pass over the data itself. At most `max_blocks` blocks and `max_bytes` bytes are kept.
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace etgrad::tape::detail {

class large_block_cache {
public:
    static constexpr std::size_t min_bytes = std::size_t(256) << 10;  // smaller blocks: the allocator's own free lists
    static constexpr std::size_t max_blocks = 16;
    static constexpr std::size_t max_bytes = std::size_t(1) << 30;
    static constexpr std::align_val_t alignment{64};

    static std::byte* allocate(std::size_t bytes) {
        if (bytes >= min_bytes && !destroyed())
            if (std::byte* reused = local().take(bytes)) return reused;
        return static_cast<std::byte*>(::operator new(bytes, alignment));
    }

    static void deallocate(std::byte* data, std::size_t bytes) noexcept {
        if (bytes >= min_bytes && !destroyed() && local().keep(data, bytes)) return;
        ::operator delete(data, alignment);
    }

private:
    struct block {
        std::byte* data;
        std::size_t bytes;
    };

    // Set when this thread's cache is gone (thread exit), for tensors freed after it.
    static bool& destroyed() {
        thread_local bool gone = false;  // trivially destructible: readable during thread exit
        return gone;
    }
    static large_block_cache& local() {
        thread_local large_block_cache cache;
        return cache;
    }

    large_block_cache() = default;
    large_block_cache(const large_block_cache&) = delete;
    large_block_cache& operator=(const large_block_cache&) = delete;
    ~large_block_cache() {
        for (const block& b : blocks_) ::operator delete(b.data, alignment);
        destroyed() = true;
    }

    std::byte* take(std::size_t bytes) {
        for (std::size_t i = blocks_.size(); i-- > 0;) {
            if (blocks_[i].bytes != bytes) continue;
            std::byte* data = blocks_[i].data;
            blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
            cached_bytes_ -= bytes;
            return data;
        }
        return nullptr;
    }

    bool keep(std::byte* data, std::size_t bytes) noexcept {
        if (blocks_.size() >= max_blocks || cached_bytes_ + bytes > max_bytes) return false;
        blocks_.push_back({data, bytes});  // cannot throw: capacity reserved below
        cached_bytes_ += bytes;
        return true;
    }

    std::vector<block> blocks_ = reserved();
    std::size_t cached_bytes_ = 0;

    static std::vector<block> reserved() {
        std::vector<block> v;
        v.reserve(max_blocks);
        return v;
    }
};

}  // namespace etgrad::tape::detail
