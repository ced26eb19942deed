#include "itsb/scenarios/input_error.hpp"

#include <utility>

namespace itsb::scenarios {

namespace {

// what() lists every problem, one per line, so an uncaught InputError still says it all.
std::string describe(const std::vector<InputProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        if (!text.empty()) text += '\n';
        text += problem.message();
    }
    return text.empty() ? std::string("invalid input") : text;
}

}  // namespace

std::string InputProblem::message() const {
    // A problem of the whole document (a syntax error) has no pointer to name.
    std::string text = pointer.empty() ? rule : pointer + ": " + rule;
    if (!value.empty()) text += ", got " + value;
    return text;
}

InputError::InputError(std::vector<InputProblem> problems)
    : std::runtime_error(describe(problems)), problems_(std::move(problems)) {}

}  // namespace itsb::scenarios
