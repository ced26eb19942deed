#pragma once
// The sizing questions a treasury officer asks (SPEC §6 `size`, §9), answered by bracketing
// searches on the model itself, each re-checked by running the model at its answer (the
// answers' types are in model/sizing.hpp).

#include "itsb/scenarios/model/sizing.hpp"

namespace itsb::scenarios {

//! Answers every sizing question for `scenario`, the break-even saving rate on `basis` (the
//! revenue view's break-even year, a financial year 1..H, needs council_finance). Throws
//! InputError when the proposal itself cannot be evaluated, std::invalid_argument for a target
//! <= 0, a year outside 0..H (1..H on the revenue basis) or the revenue basis without
//! council_finance.
SizingReport sizeScenario(const Scenario& scenario, double targetDscr, Year breakEvenBy,
                          BreakEvenBasis basis = BreakEvenBasis::Cash);

//! The proposal with its notional fixed (the rule replaced by the amount).
Scenario withFixedNotional(const Scenario& scenario, Money notional);

//! The neighbour of `evaluation`'s notional; nullopt for a fixed notional. Any error other than
//! the trial's InputError propagates.
std::optional<NotionalNeighbour> notionalNeighbour(const Evaluation& evaluation);

}  // namespace itsb::scenarios
