#pragma once
/// @file problem.h
/// One problem found while checking inputs or parameters. Checks collect every problem at once and return
/// them as values; they do not throw.

#include <string>

namespace citytwin::core {

/// A problem with an input or a parameter, worded for the user.
struct Problem {
    std::string simulator;  ///< simulator id; "" when not about one simulator (the host fills it in)
    std::string parameter;  ///< parameter id, scenario key or layer name ("" when not about one)
    std::string message;    ///< what is wrong, naming the value, feature or file concerned
};

}  // namespace citytwin::core
