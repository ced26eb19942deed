#pragma once
// evaluate(): a scenario's bond sized and scheduled, its annual table, metrics, partner tables
// and warnings (the result types are in model/evaluation.hpp).

#include "itsb/finance/schedule.hpp"
#include "itsb/scenarios/model/evaluation.hpp"

namespace itsb::scenarios {

//! Evaluates a valid scenario. Throws InputError for inputs that only turn out impossible
//! once calculated (e.g. costs no notional can fund), naming the input's pointer. Whatever
//! `options` leaves out is left empty (null metrics, no partners, no warnings); every figure
//! that is computed is the same, to the bit, as in a full evaluation.
Evaluation evaluate(const Scenario& scenario, const EvaluateOptions& options = {});

//! The bond terms of a scenario for a given notional.
finance::BondTerms bondTerms(const Scenario& scenario, Money notional);

}  // namespace itsb::scenarios
