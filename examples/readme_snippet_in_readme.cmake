# SPDX-License-Identifier: MIT
# Checks that README.md shows the code of examples/readme_snippet.cpp verbatim: the lines between
# its "// [README begin]" and "// [README end]" comments must form a ```cpp block of the README,
# so that the README's first example is a program that compiles, runs and prints what it says.
#   cmake -DSOURCE=<readme_snippet.cpp> -DREADME=<README.md> -P readme_snippet_in_readme.cmake
file(READ "${SOURCE}" source)
file(READ "${README}" readme)
set(begin_marker "// [README begin]\n")
string(FIND "${source}" "${begin_marker}" begin)
string(FIND "${source}" "// [README end]" end)
if(begin EQUAL -1 OR end LESS begin)
    message(FATAL_ERROR "${SOURCE} has no '// [README begin]' line followed by a '// [README end]' line")
endif()
string(LENGTH "${begin_marker}" length)
math(EXPR begin "${begin} + ${length}")
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${source}" ${begin} ${length} code)
string(FIND "${readme}" "```cpp\n${code}```\n" found)
if(found EQUAL -1)
    message(FATAL_ERROR "${README} does not show the code between the README markers of ${SOURCE} as a ```cpp "
                        "block: copy those lines into the README verbatim")
endif()
