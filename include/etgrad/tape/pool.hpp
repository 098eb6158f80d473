// SPDX-License-Identifier: MIT
// A per-thread free list for the small objects every operation creates and frees (tensor
// records, storages of small tensors, nodes): reusing a block costs a few instructions where
// the general allocator spends hundreds, which is most of an operation on a small tensor.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace etgrad::tape {

namespace detail {

class block_pool {
public:
    // Sizes rounded to malloc's own alignment only: the objects of a recorded chain take no more
    // memory than they need, and more of the chain stays in the first-level cache.
    static constexpr std::size_t granule = 16;
    static constexpr std::size_t classes = 32;  // blocks of up to 512 bytes
    static constexpr std::size_t max_free = 4096;  // per class; beyond that blocks go back to the system

    static void* allocate(std::size_t bytes) {
        const std::size_t c = size_class(bytes);
        if (c >= classes) return ::operator new(bytes);
        list& l = lists()[c];
        if (l.head == nullptr) {
            keep_tidy();
            return ::operator new((c + 1) * granule);
        }
        free_block* b = l.head;
        l.head = b->next;
        --l.count;
        return b;
    }

    static void deallocate(void* p, std::size_t bytes) noexcept {
        const std::size_t c = size_class(bytes);
        if (c >= classes) {
            ::operator delete(p);
            return;
        }
        list& l = lists()[c];
        if (l.count >= max_free) {
            ::operator delete(p);
            return;
        }
        if (l.head == nullptr) keep_tidy();  // (a thread may free blocks it never allocated)
        l.head = new (p) free_block{l.head};
        ++l.count;
    }

private:
    struct free_block {
        free_block* next;
    };
    struct list {
        free_block* head = nullptr;
        std::size_t count = 0;
    };

    static std::size_t size_class(std::size_t bytes) { return (bytes + granule - 1) / granule - 1; }

    // This thread's free lists. Trivially destructible, so that reaching them costs no check of
    // whether they were constructed yet (a thread_local with a destructor is checked on every use:
    // 1,300 instructions per evaluation of bench P9); keep_tidy frees what they hold at thread exit.
    using free_lists = std::array<list, classes>;
    static free_lists& lists() {
        thread_local constinit free_lists free{};
        return free;
    }
    // Makes sure this thread's blocks go back to the system when the thread ends: called where a
    // list is empty, which a thread's first allocation and first release of each size pass.
    static void keep_tidy() {
        thread_local const tidier t;
        (void)t;
    }
    struct tidier {
        ~tidier() {
            for (list& l : lists()) {
                while (l.head != nullptr) ::operator delete(std::exchange(l.head, l.head->next));
                l.count = 0;
            }
        }
    };
};

template <class T>
struct pool_allocator {
    using value_type = T;
    pool_allocator() = default;
    template <class U>
    pool_allocator(const pool_allocator<U>&) noexcept {}  // NOLINT: rebinding converts
    T* allocate(std::size_t n) { return static_cast<T*>(block_pool::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { block_pool::deallocate(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const pool_allocator<U>&) const noexcept {
        return true;
    }
};

}  // namespace detail

// std::make_shared with the object and its reference counts in one pooled block.
template <class T, class... Args>
std::shared_ptr<T> make_pooled(Args&&... args) {
    static_assert(alignof(T) <= alignof(std::max_align_t), "pooled objects have the default alignment");
    return std::allocate_shared<T>(detail::pool_allocator<T>{}, std::forward<Args>(args)...);
}

}  // namespace etgrad::tape
