# SPDX-License-Identifier: MIT
# Compiles SOURCE and succeeds only if the compiler fails with a message matching EXPECTED.
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
message(STATUS "${SOURCE}: fails with '${EXPECTED}' as expected")
