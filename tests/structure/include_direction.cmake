# SPDX-License-Identifier: MIT
# The layers depend one way (DESIGN.md): ops/ <- kernel/ <- expr/ and tape/, and only
# tape/static_expression.hpp joins the two layers. Fails naming every include that breaks it.
#   cmake -DINCLUDE_DIR=<repo>/include -P include_direction.cmake
set(forbidden
    "ops|kernel/,expr/,tape/,optim/"
    "kernel|expr/,tape/,optim/"
    "expr|tape/,optim/"
    "io|ops/,kernel/,expr/,tape/,optim/"
    "tape|expr/,optim/")
set(allowed_bridge "${INCLUDE_DIR}/etgrad/tape/static_expression.hpp")
set(violations "")
foreach(rule IN LISTS forbidden)
    string(REPLACE "|" ";" parts "${rule}")
    list(GET parts 0 folder)
    list(GET parts 1 targets)
    string(REPLACE "," "|" pattern "${targets}")
    file(GLOB_RECURSE headers "${INCLUDE_DIR}/etgrad/${folder}/*.hpp")
    foreach(header IN LISTS headers)
        if(header STREQUAL allowed_bridge)
            continue()
        endif()
        file(STRINGS "${header}" includes REGEX "^#include <etgrad/(${pattern})")
        foreach(line IN LISTS includes)
            list(APPEND violations "${header}: ${line}")
        endforeach()
    endforeach()
endforeach()
if(violations)
    list(JOIN violations "\n" text)
    message(FATAL_ERROR "includes against the layer order:\n${text}")
endif()
message(STATUS "include direction: ok")
