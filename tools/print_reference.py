#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes tests/io/print_reference_cases.hpp: PyTorch's own repr of many tensors, as C++ literals.

Needs PyTorch 1.13 (Debian's python3-torch): /usr/bin/python3 tools/print_reference.py
The tests that read the output never need torch. Each case is a strided view of a storage, so the C++
side can rebuild exactly the tensor that PyTorch printed, strides and all.
"""
import math
import os
import struct

import torch

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "boolean": torch.bool}
DEFAULT_OPTIONS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)


def ramp(count, step, modulus, offset, divisor, scale=1.0):
    """A deterministic storage both sides compute alike: ((i * step) % modulus - offset) / divisor * scale."""
    return {"ramp": (count, step, modulus, offset, divisor, scale)}


def ramp_values(count, step, modulus, offset, divisor, scale):
    return [float((i * step) % modulus - offset) / divisor * scale for i in range(count)]


def case(name, dtype, storage, sizes=None, strides=None, offset=0, grad=None, **options):
    """grad: None, "requires_grad", or the grad_fn a value-preserving op gives (MulBackward0, ...)."""
    return dict(name=name, dtype=dtype, storage=storage, sizes=sizes, strides=strides, offset=offset, grad=grad,
                options=dict(DEFAULT_OPTIONS, **options))


def contiguous_strides(sizes):
    strides, step = [], 1
    for size in reversed(sizes):
        strides.insert(0, step)
        step *= size
    return strides


SEED3_INPUT = [0.7233, 0.0123, 0.7041, 0.0693, 0.8370, 0.8623, 0.5902, 0.3440, 0.9012, 0.1902, 0.2526, 0.6914,
               0.3445, 0.5153, 0.0702, 0.5585, 0.7818, 0.6864, 0.6772, 0.7779, 0.9363, 0.5863, 0.7204, 0.3247]
nan, inf = math.nan, math.inf

CASES = [
    # The seeds' own tensors
    case("seed_leaf", "float32", [0.0220, 0.2922, 0.1679], grad="requires_grad"),
    case("seed_add", "float32", [2.0220, 2.2922, 2.1679], grad="AddBackward0"),
    case("seed_aligned_widths", "float32", [8.1770, 10.5088, 9.3998], grad="MulBackward0"),
    case("seed_scalar_mean", "float32", [9.3619], sizes=[], grad="MeanBackward0"),
    case("seed_scientific", "float32", [0.80517, 10.595, 0.0088909]),
    case("seed_negative", "float32", [-0.3003, -0.1851, 1.6188]),
    case("seed_whole_numbers", "float32", [3.0, 3.0, 3.0, 3.0]),
    case("seed_whole_leaf", "float32", [1.0, 1.0, 1.0, 1.0], grad="requires_grad"),
    case("seed_whole_scalar_sum", "float32", [12.0], sizes=[], grad="SumBackward0"),
    case("seed_3d_leaf", "float32", SEED3_INPUT, sizes=[2, 3, 4], grad="requires_grad"),
    case("seed_3d_wider", "float32", [(v + 2) ** 2 * 4 for v in SEED3_INPUT], sizes=[2, 3, 4], grad="PowBackward0"),
    # 0-d
    case("scalar_float64", "float64", [0.5], sizes=[]),
    case("scalar_nan", "float32", [nan], sizes=[]),
    case("scalar_negative_zero", "float32", [-0.0], sizes=[]),
    case("scalar_negative_infinity", "float64", [-inf], sizes=[]),
    case("scalar_tiny", "float32", [1.5e-7], sizes=[]),
    case("scalar_int64", "int64", [-42], sizes=[]),
    case("scalar_bool", "boolean", [True], sizes=[]),
    case("scalar_float64_leaf", "float64", [-2.0], sizes=[], grad="requires_grad"),
    # non-finite values and zeros
    case("nan_inf_whole", "float32", [nan, 1.0, inf]),
    case("nan_inf_fraction", "float32", [nan, 1.5, -inf]),
    case("signed_zeros", "float32", [-0.0, 0.0]),
    case("only_zeros", "float64", [0.0, 0.0, 0.0]),
    case("only_non_finite", "float32", [nan, -inf, inf]),
    case("negative_zero_among_fractions", "float32", [-0.0, 0.5, -1.25]),
    case("non_finite_scientific", "float32", [nan, 1e-6, -inf, 3.0]),
    # notation switches
    case("scientific_above_1e8", "float32", [1.5e9, 2.25]),
    case("scientific_below_1e-4", "float32", [5e-5, 0.5]),
    case("scientific_range_over_1000", "float64", [0.001, 1.5]),
    case("fixed_range_exactly_1000", "float64", [0.0015, 1.5]),
    case("fixed_at_1e-4", "float32", [1e-4, 0.25]),
    case("whole_scientific_range", "float32", [1.0, 5000.0]),
    case("whole_scientific_large", "float64", [1e9, -2.0]),
    case("whole_exactly_1e8", "float32", [1e8, -7.0]),
    case("extreme_magnitudes", "float64", [1e300, -1e-300, 3.0]),
    case("float32_max", "float32", [3.4028234663852886e38, -1.0]),
    case("float32_widened_to_double", "float32", [1.00005, 2.00015]),
    case("float64_not_widened", "float64", [1.00005, 2.00015]),
    # integers and booleans
    case("int64_vector", "int64", [1, -5, 100, 7]),
    case("int64_extremes", "int64", [9223372036854775807, -9223372036854775808, 0]),
    case("int64_matrix", "int64", [1, 22, -333, 4, 5, 6], sizes=[2, 3]),
    case("bool_vector", "boolean", [True, False, True]),
    case("bool_matrix", "boolean", [False, False, True, False], sizes=[2, 2]),
    # empty tensors
    case("empty", "float32", [], sizes=[0]),
    case("empty_int64", "int64", [], sizes=[0]),
    case("empty_2d", "float32", [], sizes=[2, 0]),
    case("empty_3d_float64", "float64", [], sizes=[0, 3, 2]),
    case("empty_bool", "boolean", [], sizes=[0]),
    case("empty_leaf", "float32", [], sizes=[0], grad="requires_grad"),
    # 2-D, 3-D, 4-D layout
    case("matrix_alignment", "float32", [1.5, -20.25, 300.125, 4.0], sizes=[2, 2]),
    case("matrix_float64_grad_fn", "float64", [0.1, 0.2, 0.3, -0.4, 0.5, 0.6], sizes=[2, 3], grad="MulBackward0"),
    case("single_element_3d", "float32", [2.5], sizes=[1, 1, 1]),
    case("column", "float32", [0.25, -0.5, 0.75], sizes=[3, 1]),
    case("tensor_4d", "float32", ramp(16, 7, 16, 8, 4.0), sizes=[2, 2, 2, 2], grad="requires_grad"),
    case("tensor_3d_with_infinity", "float32", [1.0, inf, -2.5, 0.0, 3.25, -inf, 7.0, 8.0], sizes=[2, 2, 2]),
    # strided views
    case("transposed", "float32", ramp(12, 5, 12, 6, 4.0), sizes=[4, 3], strides=[1, 4]),
    case("broadcast_stride_zero", "float64", [1.0, 2.5, -3.0], sizes=[2, 3], strides=[0, 1]),
    case("sliced_with_offset", "int64", list(range(20)), sizes=[2, 3], strides=[10, 2], offset=3),
    # rows wider than the line
    case("wrapped_vector", "float32", ramp(30, 7, 31, 15, 8.0)),
    case("wrapped_matrix", "float32", ramp(60, 11, 61, 30, 16.0), sizes=[3, 20], grad="AddBackward0"),
    case("wrapped_int64", "int64", ramp(40, 37, 1001, 500, 1.0)),
    case("wrapped_whole_3d", "float64", ramp(36, 13, 37, 18, 1.0, 1e5), sizes=[2, 2, 9]),
    case("wrapped_scientific_2d", "float32", ramp(24, 13, 37, 18, 7.0, 1e-5), sizes=[2, 12], grad="MulBackward0"),
    # suffixes that move to their own line
    case("suffix_wraps_by_two_columns", "float32", [0.5] * 6, grad="MulBackward0"),
    case("suffix_stays", "float32", [0.5] * 5, grad="MulBackward0"),
    case("suffix_after_wrapped_rows", "float64", ramp(9, 1, 9, 4, 4.0), grad="requires_grad"),
    case("two_suffixes_second_wraps", "float64", ramp(8, 3, 8, 4, 4.0), grad="MulBackward0"),
    # summarised with "..."
    case("exactly_threshold_elements", "int64", ramp(1000, 1, 10, 0, 1.0), sizes=[10, 100]),
    case("summarised_vector", "float32", ramp(2000, 1, 2000, 0, 1.0)),
    case("summarised_int64", "int64", ramp(1001, 1, 1001, 0, 1.0)),
    case("summarised_matrix", "float32", ramp(3000, 1, 3000, 0, 1.0), sizes=[30, 100]),
    case("summarised_3d", "float32", ramp(2000, 17, 101, 50, 8.0), sizes=[20, 10, 10], grad="requires_grad"),
    case("summarised_4d", "float64", ramp(1200, 29, 97, 48, 16.0), sizes=[2, 3, 4, 50]),
    case("summarised_width_from_shown_only", "float32", [1.0] * 3 + [123456.0] * 994 + [2.0] * 3 + [0.5]),
    # printing options
    case("precision_2", "float32", [0.12345, -1.5], precision=2),
    case("sci_mode_off", "float32", [8.0517e-01, 1.0595e+01, 8.8909e-03], sci_mode=False),
    case("sci_mode_on_whole", "float32", [3.0, 4.0], sci_mode=True),
    case("narrow_lines", "float32", ramp(12, 5, 12, 6, 4.0), linewidth=40),
    case("small_threshold", "int64", list(range(10)), threshold=5, edgeitems=2),
]

FLOAT_REPRS = [0.9700000286102295, 0.940000057220459, 3.0, 0.01, 0.1, 1 / 3, 2 / 3, 100.0, 123.25, 1e-05, 0.0001,
               0.00012345, -2.5e-07, 1e15, 1e16, 12345678901234567.0, 9007199254740993.0, 1e22, 1.7976931348623157e308,
               5e-324, 2.2250738585072014e-308, -0.0, 0.0, inf, -inf, nan, -1.5, 1e-4 * 3, 123456789.123]


def storage_values(spec):
    return ramp_values(*spec["ramp"]) if isinstance(spec, dict) else spec


def build(c):
    values = storage_values(c["storage"])
    storage = torch.tensor(values, dtype=DTYPES[c["dtype"]])
    sizes = c["sizes"] if c["sizes"] is not None else [len(values)]
    strides = c["strides"] if c["strides"] is not None else contiguous_strides(sizes)
    view = torch.as_strided(storage, sizes, strides, c["offset"])
    grad = c["grad"]
    if grad is None:
        return view, sizes, strides
    leaf = view.clone().requires_grad_()
    made = {"requires_grad": lambda: leaf, "AddBackward0": lambda: leaf + 0, "MulBackward0": lambda: leaf * 1,
            "MeanBackward0": lambda: leaf.mean(), "SumBackward0": lambda: leaf.sum(),
            "PowBackward0": lambda: leaf ** 1}[grad]()
    assert made.grad_fn is None if grad == "requires_grad" else type(made.grad_fn).__name__ == grad
    assert torch.allclose(made.detach(), view, rtol=0, atol=0, equal_nan=True)
    return made, sizes, strides


def cpp_string(text):
    lines = text.split("\n")
    quoted = ['"' + line.replace("\\", "\\\\").replace('"', '\\"') + ("\\n" if i + 1 < len(lines) else "") + '"'
              for i, line in enumerate(lines)]
    return "\n         ".join(quoted)


def cpp_double(value):
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def cpp_storage(c):
    spec = c["storage"]
    if isinstance(spec, dict):
        return "ramp{%d, %d, %d, %d, %s, %s}" % (*spec["ramp"][:4], cpp_double(spec["ramp"][4]), cpp_double(spec["ramp"][5]))
    if c["dtype"] == "int64":
        return "std::vector<std::int64_t>{%s}" % ", ".join(
            "INT64_MIN" if v == -2 ** 63 else "%dLL" % v if abs(v) > 2 ** 31 else str(v) for v in spec)
    if c["dtype"] == "boolean":
        return "std::vector<bool>{%s}" % ", ".join("true" if v else "false" for v in spec)
    # float32 storage is written as the doubles the float32 values widen to, so nothing rounds twice
    stored = spec
    if c["dtype"] == "float32":
        stored = [struct.unpack("f", struct.pack("f", v))[0] if math.isfinite(v) else v for v in spec]
    return "std::vector<double>{%s}" % ", ".join(cpp_double(v) for v in stored)


def cpp_options(options):
    sci = {None: "std::nullopt", True: "true", False: "false"}[options["sci_mode"]]
    return "{%d, %d, %d, %d, %s}" % (options["precision"], options["threshold"], options["edgeitems"],
                                     options["linewidth"], sci)


def main():
    rows = []
    for c in CASES:
        torch.set_printoptions(**c["options"])
        tensor, sizes, strides = build(c)
        expected = repr(tensor)
        torch.set_printoptions(profile="default", sci_mode=None)
        grad = c["grad"]
        suffix = '{"%s", false}' % grad if grad and grad != "requires_grad" else \
            '{"", true}' if grad == "requires_grad" else "{}"
        rows.append('    {"%s", element_type::%s, %s,\n     {%s}, {%s}, %d, %s, %s,\n         %s},' % (
            c["name"], c["dtype"], cpp_storage(c), ", ".join(map(str, sizes)), ", ".join(map(str, strides)), c["offset"],
            suffix, cpp_options(c["options"]), cpp_string(expected)))
    floats = ['    {%s, "%s"},' % (cpp_double(v), repr(v)) for v in FLOAT_REPRS]
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "io", "print_reference_cases.hpp")
    with open(out, "w") as f:
        f.write("// SPDX-License-Identifier: MIT\n"
                "// Generated by tools/print_reference.py from PyTorch %s; do not edit.\n"
                "#pragma once\n#include \"print_reference.hpp\"\n\n"
                "namespace etgrad_test::print_reference {\n\n"
                "inline const std::vector<tensor_case> tensor_cases = {\n%s\n};\n\n"
                "inline const std::vector<float_case> float_cases = {\n%s\n};\n\n"
                "}  // namespace etgrad_test::print_reference\n" % (torch.__version__, "\n".join(rows), "\n".join(floats)))
    print("%d tensor cases, %d float cases -> %s" % (len(rows), len(floats), os.path.normpath(out)))


if __name__ == "__main__":
    main()
