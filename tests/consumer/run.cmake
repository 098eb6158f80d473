# SPDX-License-Identifier: MIT
# Builds and runs the downstream program tests/consumer/main.cpp against etgrad as a user gets it.
#   MODE=find_package   cmake --install into a scratch prefix; the consumer project finds it
#   MODE=subdirectory   the consumer project adds etgrad's source tree with add_subdirectory
#   MODE=pkg-config     cmake --install into a scratch prefix; one compiler call with
#                       `pkg-config --cflags --libs etgrad` (PKG_CONFIG_PATH into the prefix)
#   MODE=deb            cpack -G DEB; checks the package's fields, unpacks it with dpkg-deb -x into
#                       a scratch root; the consumer project finds it under <root>/usr
# Also: SOURCE_DIR, WORK_DIR (emptied first), CXX, GENERATOR, LAUNCHER (may be empty), PKG_CONFIG,
# CPACK, DPKG_DEB, and for MODE=deb EXPECTED_DEPENDS and EXPECTED_VERSION.
# The consumer is built without optimisation or debug information: only whether it builds and
# gives the right numbers matters, and every compile of etgrad costs tens of seconds.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(consumer_dir ${SOURCE_DIR}/tests/consumer)

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status WORKING_DIRECTORY ${WORK_DIR})
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "packaging (${MODE}): ${what} failed: ${ARGN}")
    endif()
endfunction()

function(output_of var what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "packaging (${MODE}): ${what} failed: ${ARGN}")
    endif()
    set(${var} "${out}" PARENT_SCOPE)
endfunction()

# etgrad configured on its own (nothing to build: no tests, no examples), as a packager would.
function(configure_etgrad)
    run("configuring etgrad" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/etgrad-build -G ${GENERATOR}
        -DETGRAD_BUILD_TESTS=OFF -DETGRAD_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX=${WORK_DIR}/prefix)
endfunction()

# The consumer project, configured with the extra arguments, built and run. EXPECT_PACKAGE_UNDER:
# the etgrad package it finds must be the one under that directory, not one installed elsewhere.
function(build_consumer_project expect_package_under)
    set(build ${WORK_DIR}/consumer-build)
    run("configuring the consumer project" ${CMAKE_COMMAND} -S ${consumer_dir} -B ${build} -G ${GENERATOR}
        -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER} -DCMAKE_BUILD_TYPE= ${ARGN})
    if(expect_package_under)
        file(STRINGS ${build}/CMakeCache.txt found REGEX "^etgrad_DIR:")
        string(REGEX REPLACE "^[^=]*=" "" found "${found}")
        string(FIND "${found}/" "${expect_package_under}/" at)
        if(NOT at EQUAL 0)
            message(FATAL_ERROR "packaging (${MODE}): found etgrad in '${found}', not under ${expect_package_under}")
        endif()
    endif()
    run("building the consumer" ${CMAKE_COMMAND} --build ${build})
    run("the consumer program (wrong gradients)" ${build}/consumer)
endfunction()

if(MODE STREQUAL "find_package")
    configure_etgrad()
    run("cmake --install" ${CMAKE_COMMAND} --install ${WORK_DIR}/etgrad-build)
    build_consumer_project(${WORK_DIR}/prefix -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)

elseif(MODE STREQUAL "subdirectory")
    build_consumer_project("" -DETGRAD_SOURCE_DIR=${SOURCE_DIR})

elseif(MODE STREQUAL "pkg-config")
    configure_etgrad()
    run("cmake --install" ${CMAKE_COMMAND} --install ${WORK_DIR}/etgrad-build)
    set(ENV{PKG_CONFIG_PATH} ${WORK_DIR}/prefix/share/pkgconfig)
    output_of(flags "pkg-config --cflags --libs etgrad" ${PKG_CONFIG} --cflags --libs etgrad)
    message(STATUS "pkg-config --cflags --libs etgrad: ${flags}")
    separate_arguments(flags UNIX_COMMAND "${flags}")
    # The headers must come from the scratch prefix (an etgrad installed elsewhere must not pass).
    set(include_ok FALSE)
    foreach(flag IN LISTS flags)
        if(flag MATCHES "^-I(.*)")
            file(REAL_PATH "${CMAKE_MATCH_1}" dir)
            if(dir STREQUAL "${WORK_DIR}/prefix/include")
                set(include_ok TRUE)
            endif()
        endif()
    endforeach()
    if(NOT include_ok)
        message(FATAL_ERROR "packaging (pkg-config): no -I to ${WORK_DIR}/prefix/include in '${flags}'")
    endif()
    # compile and link apart: a compiler launcher such as ccache caches only the compile
    run("compiling with pkg-config's flags" ${LAUNCHER} ${CXX} -Wall -Wextra -Wpedantic -Werror ${flags}
        -c ${consumer_dir}/main.cpp -o ${WORK_DIR}/main.o)
    run("linking" ${CXX} ${WORK_DIR}/main.o ${flags} -o ${WORK_DIR}/consumer)
    run("the consumer program (wrong gradients)" ${WORK_DIR}/consumer)

elseif(MODE STREQUAL "deb")
    configure_etgrad()
    run("cpack -G DEB" ${CPACK} -G DEB --config ${WORK_DIR}/etgrad-build/CPackConfig.cmake -B ${WORK_DIR}/package)
    file(GLOB debs ${WORK_DIR}/package/*.deb)
    list(LENGTH debs count)
    if(NOT count EQUAL 1)
        message(FATAL_ERROR "packaging (deb): expected one .deb in ${WORK_DIR}/package, found '${debs}'")
    endif()
    foreach(check "Depends|${EXPECTED_DEPENDS}" "Version|${EXPECTED_VERSION}" "Architecture|all")
        string(REPLACE "|" ";" check "${check}")
        list(GET check 0 field)
        list(GET check 1 expected)
        output_of(value "dpkg-deb -f ${field}" ${DPKG_DEB} -f ${debs} ${field})
        if(NOT value STREQUAL expected)
            message(FATAL_ERROR "packaging (deb): ${field} is '${value}', expected '${expected}'")
        endif()
    endforeach()
    foreach(field Package Maintainer Description)
        output_of(value "dpkg-deb -f ${field}" ${DPKG_DEB} -f ${debs} ${field})
        if(value STREQUAL "")
            message(FATAL_ERROR "packaging (deb): the ${field} field is empty")
        endif()
    endforeach()
    run("dpkg-deb -x" ${DPKG_DEB} -x ${debs} ${WORK_DIR}/root)
    if(NOT EXISTS ${WORK_DIR}/root/usr/share/doc/libetgrad-dev/copyright)
        message(FATAL_ERROR "packaging (deb): the package has no /usr/share/doc/libetgrad-dev/copyright")
    endif()
    build_consumer_project(${WORK_DIR}/root/usr -DCMAKE_PREFIX_PATH=${WORK_DIR}/root/usr)

else()
    message(FATAL_ERROR "packaging: unknown MODE '${MODE}'")
endif()
