// SPDX-License-Identifier: MIT
// The shape of the PyTorch reference cases in print_reference_cases.hpp, and the storage they describe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <etgrad/io/print_options.hpp>
#include <etgrad/io/strided_view.hpp>
#include <etgrad/io/tensor_repr.hpp>

namespace etgrad_test::print_reference {

using etgrad::io::element_type;
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr double inf = std::numeric_limits<double>::infinity();

// A storage too long to write out: element i is ((i * step) % modulus - offset) / divisor * scale,
// computed in double exactly as the generator computes it.
struct ramp {
    std::int64_t count, step, modulus, offset;
    double divisor, scale;

    std::vector<double> values() const {
        std::vector<double> result;
        for (std::int64_t i = 0; i < count; ++i)
            result.push_back(static_cast<double>((i * step) % modulus - offset) / divisor * scale);
        return result;
    }
};

using storage_spec = std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<bool>, ramp>;

struct tensor_case {
    std::string_view name;
    element_type type;
    storage_spec storage;
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
    std::int64_t offset;
    etgrad::io::autograd_suffix suffix;
    etgrad::io::print_options options;
    std::string_view expected;
};

struct float_case {
    double value;
    std::string_view expected;
};

// The storage of a case in its element type, which the view then points into.
class typed_storage {
public:
    explicit typed_storage(const tensor_case& c) {
        switch (c.type) {
            case element_type::float32: data_ = converted<float>(c.storage); break;
            case element_type::float64: data_ = converted<double>(c.storage); break;
            case element_type::int64: data_ = converted<std::int64_t>(c.storage); break;
            case element_type::boolean: data_ = converted<bool>(c.storage); break;
        }
    }

    const void* element(std::int64_t offset) const {
        return std::visit([&](const auto& elements) -> const void* { return elements.get() + offset; }, data_);
    }

private:
    template <class T>
    static std::unique_ptr<T[]> converted(const storage_spec& spec) {
        return std::visit(
            [](const auto& source) {
                if constexpr (std::is_same_v<std::decay_t<decltype(source)>, ramp>) {
                    return copy_of<T>(source.values());
                } else {
                    return copy_of<T>(source);
                }
            },
            spec);
    }

    // std::vector<bool> has no data(), so every storage is copied into a plain array.
    template <class T, class Source>
    static std::unique_ptr<T[]> copy_of(const Source& source) {
        auto elements = std::make_unique<T[]>(source.size() + 1);  // + 1: an empty storage still has an address
        for (std::size_t i = 0; i < source.size(); ++i) elements[i] = static_cast<T>(source[i]);
        return elements;
    }

    std::variant<std::unique_ptr<float[]>, std::unique_ptr<double[]>, std::unique_ptr<std::int64_t[]>, std::unique_ptr<bool[]>> data_;
};

}  // namespace etgrad_test::print_reference
