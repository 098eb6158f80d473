# SPDX-License-Identifier: MIT
# Compiles SOURCE and succeeds only if the compiler fails with one mistake, one error:
#  - the output contains EXPECTED;
#  - it holds exactly one error diagnostic (nothing else fails after the first static_assert);
#  - it is at most MAX_LINES lines long;
#  - CULPRIT, when given (the name of the placeholder or let at fault, as the compilers print it,
#    e.g. placeholder_name<'y'>), appears before the end of the error's line: in its text (clang)
#    or in the instantiation above it (g++).
execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${SOURCE}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE out)
if(status EQUAL 0)
    message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(FIND "${out}" "${EXPECTED}" where)
if(where EQUAL -1)
    message(FATAL_ERROR "${SOURCE} failed to compile, but without the message '${EXPECTED}':\n${out}")
endif()
# without ';', which would split CMake list items
string(REPLACE ";" "," out "${out}")
string(REGEX MATCHALL "[^\n]* error: [^\n]*" errors "${out}")
list(LENGTH errors error_count)
if(NOT error_count EQUAL 1)
    message(FATAL_ERROR "${SOURCE}: ${error_count} errors (one mistake must give one):\n${out}")
endif()
string(REGEX MATCHALL "[^\n]*\n" lines "${out}")
list(LENGTH lines line_count)
if(line_count GREATER MAX_LINES)
    message(FATAL_ERROR "${SOURCE}: the compiler's output is ${line_count} lines long, more than ${MAX_LINES}:\n${out}")
endif()
if(CULPRIT)
    list(GET errors 0 first_error)
    string(FIND "${out}" "${first_error}" first_error_at)
    string(LENGTH "${first_error}" first_error_length)
    math(EXPR first_error_end "${first_error_at} + ${first_error_length}")
    string(SUBSTRING "${out}" 0 ${first_error_end} up_to_first_error)
    string(FIND "${up_to_first_error}" "${CULPRIT}" culprit_at)
    if(culprit_at EQUAL -1)
        message(FATAL_ERROR "${SOURCE}: the error does not name '${CULPRIT}' in its text or the instantiation above it:\n${out}")
    endif()
endif()
message(STATUS "${SOURCE}: fails with '${EXPECTED}' as expected, in one error of ${line_count} lines")
