# SPDX-License-Identifier: MIT
# Runs an example and compares what it prints with the expected output kept beside it, byte for
# byte (examples/<name>.expected: what PyTorch prints for the seed notebook the example follows,
# written by examples/reference/<name>.py).
# Fails naming every line that differs.
#   cmake -DPROGRAM=<example binary> -DEXPECTED=<file> -P check_output.cmake
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} failed (${status}):\n${errors}")
endif()
file(READ "${EXPECTED}" expected)

# A printed grad_fn is a Python object, shown with its address (<SumBackward0 object at 0x7f96...>),
# which changes from run to run in PyTorch as here: only the address is not compared.
foreach(text IN ITEMS actual expected)
    string(REGEX REPLACE "object at 0x[0-9a-f]+>" "object at 0x...>" ${text} "${${text}}")
endforeach()
if(actual STREQUAL expected)
    return()
endif()

# Line by line (not as CMake lists: the brackets of printed tensors would group their elements).
set(report "")
set(line 1)
while(NOT (actual STREQUAL "" AND expected STREQUAL ""))
    foreach(text IN ITEMS actual expected)
        string(FIND "${${text}}" "\n" end)
        if(end EQUAL -1)  # the last line, without a newline (or nothing left)
            set(${text}_line "${${text}}")
            set(${text} "")
            if(NOT ${text}_line STREQUAL "")
                string(APPEND ${text}_line " (no newline at the end)")
            endif()
        else()
            string(SUBSTRING "${${text}}" 0 ${end} ${text}_line)
            math(EXPR end "${end} + 1")
            string(SUBSTRING "${${text}}" ${end} -1 ${text})
        endif()
    endforeach()
    if(NOT actual_line STREQUAL expected_line)
        string(APPEND report "line ${line}:\n  - ${expected_line}\n  + ${actual_line}\n")
    endif()
    math(EXPR line "${line} + 1")
endwhile()
message(NOTICE "${report}")  # as it is: FATAL_ERROR would rewrap it
message(FATAL_ERROR "${PROGRAM} does not print ${EXPECTED}: the lines above differ (- expected, + printed)")
