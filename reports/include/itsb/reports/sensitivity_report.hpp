#pragma once
// `itsb sensitivity`: the tornado or the grid as JSON, CSV tables and a Document.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/sensitivity.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itsb::reports {

//! What the report is about: the scenario (after --set and --preset) and its result, a tornado
//! or a grid.
struct SensitivityReport {
    std::string name;
    std::string inputSha256;
    std::string currency;
    int decimals = 2;
    std::optional<scenarios::Scenario> scenario;  //!< after --set and --preset
    std::optional<scenarios::Tornado> tornado;
    std::optional<scenarios::Grid> grid;
    const std::vector<scenarios::Warning>& warnings() const { return tornado ? tornado->warnings : grid->warnings; }
};

//! The bars of the tornado or the grid's axes and values, and the warnings.
std::string sensitivityJson(const SensitivityReport& report);

//! `tornado` or `grid` (long format, one line per point), and `warnings`.
std::vector<CsvTable> sensitivityCsv(const SensitivityReport& report);

//! The tables and charts of the tornado or the grid; with `base` (the scenario evaluated) also
//! its key figures and conventions.
Document sensitivityDocument(const SensitivityReport& report, const scenarios::Evaluation* base);

}  // namespace itsb::reports
