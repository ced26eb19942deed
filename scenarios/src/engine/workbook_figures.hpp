#pragma once
// Private to scenarios/src: the run workbook's helper figures (WorkbookFigures), computed by
// the engine from the bond it built, so the workbook caches the engine's numbers beside its
// formulas and computes none of its own.

#include "itsb/scenarios/model/evaluation.hpp"
#include "bond_build.hpp"

#include <optional>
#include <vector>

namespace itsb::scenarios::detail {

//! The payback and break-even steps of one annual table (its discount factors filled).
PaybackSteps paybackSteps(const std::vector<AnnualRow>& rows, const finance::Rounding& rounding);

//! The workbook's figures of `evaluation` (its annual table, schedule and partners filled), whose
//! bond `bond` was built in `context`; `revenue` the Revenue sheet's, as revenueAccount gave them
//! (with the revenue view), to which the partners' helper columns are added.
WorkbookFigures workbookFigures(const BondContext& context, const BondFlows& bond, const Evaluation& evaluation,
                                std::optional<RevenueWorkbookFigures> revenue);

}  // namespace itsb::scenarios::detail
