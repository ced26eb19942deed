#pragma once
// `itsb compare`: the proposal beside the presets as JSON, CSV tables and a Document.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/comparison.hpp"
#include "itsb/scenarios/model/evaluation.hpp"

#include <string>
#include <vector>

namespace itsb::reports {

//! One object per row (proposal first), and the warnings.
std::string compareJson(const scenarios::Comparison& comparison);

//! `compare` (one line per row) and `warnings`, amounts to `decimals` places.
std::vector<CsvTable> compareCsv(const scenarios::Comparison& comparison, int decimals);

//! The comparison table, the gap sentence and the charts; with `evaluation` (the proposal
//! evaluated) also its key figures and conventions.
Document compareDocument(const scenarios::Comparison& comparison, const scenarios::Scenario& proposal,
                         const scenarios::Evaluation* evaluation);

}  // namespace itsb::reports
