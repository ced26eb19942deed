#include "itsb/scenarios/io/input_error.hpp"

#include <nlohmann/json.hpp>

#include <utility>

namespace itsb::scenarios {

namespace {

constexpr std::size_t kMaxValueText = 80;

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

std::string problemValue(const nlohmann::json& value) {
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= kMaxValueText) return text;
    std::size_t cut = kMaxValueText - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

std::string InputProblem::message() const {
    // A problem of the whole document (a syntax error) has no pointer to name.
    std::string text = pointer.empty() ? rule : pointer + ": " + rule;
    if (!value.empty()) text += ", got " + value;
    return text;
}

InputError::InputError(std::vector<InputProblem> problems, std::size_t unlisted)
    : std::runtime_error(describe(problems)), problems_(std::move(problems)), unlisted_(unlisted) {}

std::string problemsText(const InputError& error) {
    std::string text;
    for (const auto& problem : error.problems()) text += (text.empty() ? "" : "; ") + problem.message();
    if (error.unlisted() > 0) text += "; " + unlistedText(error);
    return text;
}

std::string unlistedText(const InputError& error) {
    if (error.unlisted() == 0) return "";
    return "and " + std::to_string(error.unlisted()) + (error.unlisted() == 1 ? " more problem" : " more problems") +
           " (the first " + std::to_string(error.problems().size()) + " are listed)";
}

}  // namespace itsb::scenarios
