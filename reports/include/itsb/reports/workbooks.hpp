#pragma once
// Workbooks (--format xlsx). Each writes a complete .xlsx file to `path` (the caller writes to a
// temporary and renames it). Every derived cell is a live formula an auditor can follow, with
// itsb's own number cached as its value; the conventions and the input hash are on the Inputs
// sheet. Every figure comes from the engine: `neighbour` (scenarios::notionalNeighbour) is the
// notional one size_rounding away, for the checks that the sizing rule holds.

#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/sizing.hpp"

#include <optional>

#include <string>

namespace itsb::scenarios {
struct Comparison;
struct SimulationResult;
}  // namespace itsb::scenarios

namespace itsb::reports {

//! Inputs, Schedule, Annual, Revenue (with council_finance), Metrics (and Partners when there
//! are partners).
void writeRunWorkbook(const scenarios::Evaluation& evaluation,
                      const std::optional<scenarios::NotionalNeighbour>& neighbour, const std::string& path);

//! `compare --format xlsx`: the proposal's run workbook plus a Presets sheet of the comparison
//! rows (values: each row is `itsb run --preset NAME`), the proposal row checked against the
//! recomputed Metrics sheet.
void writeCompareWorkbook(const scenarios::Scenario& proposal, const scenarios::Evaluation& proposalEvaluation,
                          const std::optional<scenarios::NotionalNeighbour>& neighbour,
                          const scenarios::Comparison& comparison, const std::string& path);

//! `simulate --format xlsx`: the base case's run workbook plus a Simulation sheet of the
//! percentiles, probabilities and histograms (values: the paths are not spreadsheet formulas),
//! the base case checked against the recomputed Metrics sheet.
void writeSimulationWorkbook(const scenarios::Evaluation& base,
                             const std::optional<scenarios::NotionalNeighbour>& neighbour,
                             const scenarios::SimulationResult& result, const std::string& path);

}  // namespace itsb::reports
