// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE etgrad
#include <boost/test/unit_test.hpp>
