#pragma once
// `itsb size`: the sizing answers as JSON, CSV tables and a Document.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/sizing.hpp"

#include <string>
#include <vector>

namespace itsb::reports {

//! The answers under their question's key, the proposal's own notional and the warnings.
std::string sizeJson(const scenarios::Scenario& scenario, const scenarios::SizingReport& report);

//! `size` (question,key,value) and `warnings`.
std::vector<CsvTable> sizeCsv(const scenarios::Scenario& scenario, const scenarios::SizingReport& report);

//! One section per question, the answers as cards; with `base` (the proposal evaluated) also
//! its conventions.
Document sizeDocument(const scenarios::Scenario& scenario, const scenarios::SizingReport& report,
                      const scenarios::Evaluation* base);

}  // namespace itsb::reports
