#pragma once
// Warnings in words: the engine gives each warning as data (a code, a pointer, named values);
// this is the one place that words them, in English, for every report. The JSON reports carry
// both: `warnings` (the sentences) and `warning_details` (the data, one object per sentence).

#include "itsb/scenarios/model/comparison.hpp"
#include "itsb/scenarios/model/warning.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace itsb::reports {

//! The warning as a sentence, "min_dscr 0.8123 in 2027/28: the year's savings do not cover its
//! debt service". Throws std::logic_error for a code it does not know (a test words every code).
std::string warningText(const scenarios::Warning& warning);

//! Each warning as a sentence, in order.
std::vector<std::string> warningTexts(const std::vector<scenarios::Warning>& warnings);

//! A comparison's warning with the rows that gave it: "proposal: W", "proposal and nlgn_best: W",
//! or "every row: W" when all `rowCount` rows (more than one) gave it.
std::string rowsWarningText(const scenarios::RowsWarning& warning, std::size_t rowCount);

//! The data of each warning: {"code", "pointer", "values": {name: number, text or array}}.
nlohmann::json warningDetails(const std::vector<scenarios::Warning>& warnings);

//! The same for a comparison's warnings, each with its "rows".
nlohmann::json warningDetails(const std::vector<scenarios::RowsWarning>& warnings);

//! Every code warningText knows, in the order docs/MODEL.md lists them.
const std::vector<std::string>& warningCodes();

}  // namespace itsb::reports
