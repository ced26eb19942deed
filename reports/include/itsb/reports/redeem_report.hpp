#pragma once
// `itsb redeem`: the early repayment quote as JSON, a key,value CSV table and a Document.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/redemption.hpp"

#include <string>
#include <vector>

namespace itsb::reports {

//! SPEC §6's keys, then itsb's extra keys.
std::string redeemJson(const scenarios::RedemptionQuote& quote);

//! `redeem`: the same keys as key,value lines, amounts to `decimals` places.
std::vector<CsvTable> redeemCsv(const scenarios::RedemptionQuote& quote, int decimals);

//! The quote with the DMO formula's terms; with `base` (the scenario evaluated) also its
//! conventions.
Document redeemDocument(const scenarios::RedemptionQuote& quote, const scenarios::Scenario& scenario,
                        const scenarios::Evaluation* base);

}  // namespace itsb::reports
