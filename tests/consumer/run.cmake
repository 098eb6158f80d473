# SPDX-License-Identifier: MIT
# Installs etgrad into a scratch prefix, then configures, builds and runs a project that uses it.
file(REMOVE_RECURSE ${WORK_DIR})
foreach(step
        "-S;${SOURCE_DIR};-B;${WORK_DIR}/etgrad-build;-DETGRAD_BUILD_TESTS=OFF;-DETGRAD_BUILD_EXAMPLES=OFF;-DCMAKE_INSTALL_PREFIX=${WORK_DIR}/prefix"
        "--install;${WORK_DIR}/etgrad-build"
        "-S;${SOURCE_DIR}/tests/consumer;-B;${WORK_DIR}/consumer-build;-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix;-DCMAKE_CXX_COMPILER=${CXX}"
        "--build;${WORK_DIR}/consumer-build")
    execute_process(COMMAND ${CMAKE_COMMAND} ${step} RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "consumer project: cmake ${step} failed")
    endif()
endforeach()
execute_process(COMMAND ${WORK_DIR}/consumer-build/consumer RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "consumer project: the program failed")
endif()
