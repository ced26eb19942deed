#pragma once
// The default pilot as a JSON document, and edits of it, for the input tests
// (test_input.cpp, test_overrides.cpp, test_canonical.cpp).

#include "itsb/scenarios/io/reader.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace itsb::test {

// An override whose value is this text removes the key instead (tests only).
inline const std::string kRemove = "(remove)";

inline nlohmann::json pilotDocument() { return scenarios::parseInputJson(scenarios::defaultPilotText()); }

inline nlohmann::json changed(nlohmann::json document, const std::vector<scenarios::Override>& changes) {
    for (const auto& change : changes) {
        if (change.value == kRemove) {
            const auto slash = change.pointer.rfind('/');
            document.at(nlohmann::json::json_pointer(change.pointer.substr(0, slash))).erase(change.pointer.substr(slash + 1));
        } else {
            scenarios::applyOverrides(document, {change});
        }
    }
    return document;
}

// "[a, b, b, ..., b]" with `count` entries, the first `leading` equal to a.
inline std::string listText(int count, int leading, double a, double b) {
    nlohmann::json list = nlohmann::json::array();
    for (int i = 0; i < count; ++i) list.push_back(i < leading ? a : b);
    return list.dump();
}

// Values compared as text: comparing a json with a string literal trips a GCC 12
// -Warray-bounds false positive inside nlohmann's JSON_DIAGNOSTICS code.
inline std::string text(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace itsb::test
