// SPDX-License-Identifier: MIT
// The memory behind tensors, shared by a tensor, its views and its detached copies, with the
// version counter that in-place operations bump (PyTorch shares it the same way).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace etgrad::tape {

class storage {
public:
    static constexpr std::size_t alignment = 64;

    explicit storage(std::size_t bytes)
        : data_(static_cast<std::byte*>(::operator new(bytes == 0 ? 1 : bytes, std::align_val_t{alignment}))),
          bytes_(bytes) {}
    storage(const storage&) = delete;
    storage& operator=(const storage&) = delete;
    ~storage() { ::operator delete(data_, std::align_val_t{alignment}); }

    std::byte* data() const { return data_; }
    std::size_t bytes() const { return bytes_; }
    std::uint32_t version() const { return version_; }
    void bump_version() { ++version_; }

private:
    std::byte* data_;
    std::size_t bytes_;
    std::uint32_t version_ = 0;
};

}  // namespace etgrad::tape
