#pragma once
// Reading a version-1 input file into a Scenario: parse, apply `--set` overrides,
// validate everything before any calculation, fill defaults.

#include "itsb/scenarios/model/scenario.hpp"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::scenarios {

//! One `--set /json/pointer=VALUE` override; VALUE is read as JSON, and as a string when it
//! is not valid JSON.
struct Override {
    std::string pointer;
    std::string value;
};

//! Thrown for an override that cannot be applied (malformed pointer, missing parent): a
//! usage error, not an input error.
class OverrideError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! Parses JSON text strictly: duplicate keys and non-finite numbers are problems, a syntax
//! error is reported by line and column. Throws InputError.
nlohmann::json parseInputJson(std::string_view text);

//! Applies overrides in order to a parsed document. Throws OverrideError.
void applyOverrides(nlohmann::json& document, const std::vector<Override>& overrides);

//! Validates a parsed document and builds the Scenario, defaults filled. Throws InputError
//! listing every problem found.
Scenario buildScenario(const nlohmann::json& document);

//! parseInputJson + applyOverrides + buildScenario.
Scenario readScenario(std::string_view text, const std::vector<Override>& overrides = {});

//! The canonical input after defaults: every key written, partners as savings_share and
//! cost_share. Reading it back gives the same Scenario.
nlohmann::json canonicalJson(const Scenario& scenario);

//! Lower-case hex SHA-256 of canonicalJson(scenario).dump() (compact, keys sorted).
std::string inputSha256(const Scenario& scenario);

//! The built-in default pilot (SPEC §8) as the text `itsb example` prints.
std::string_view defaultPilotText();

//! Lower-case hex SHA-256 of `bytes` (what inputSha256 applies to the canonical text).
std::string sha256Hex(std::string_view bytes);

}  // namespace itsb::scenarios
