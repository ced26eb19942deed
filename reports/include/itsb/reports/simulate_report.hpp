#pragma once
// `itsb simulate`: the Monte Carlo's percentiles, probabilities and histograms as JSON, CSV
// tables and a Document.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/simulation.hpp"

#include <string>
#include <vector>

namespace itsb::reports {

//! The seed, the paths, each metric's percentiles and histogram, the probabilities, the warnings.
std::string simulateJson(const scenarios::Scenario& scenario, const scenarios::SimulationResult& result);

//! `percentiles`, `probabilities`, `histograms` and `warnings` (the warnings first when nothing
//! is uncertain).
std::vector<CsvTable> simulateCsv(const scenarios::Scenario& scenario, const scenarios::SimulationResult& result);

//! The distributions, probabilities and charts; with `base` (the base case evaluated) also its
//! key figures and conventions.
Document simulateDocument(const scenarios::Scenario& scenario, const scenarios::SimulationResult& result,
                          const scenarios::Evaluation* base);

}  // namespace itsb::reports
