#pragma once
// `itsb compare`: the proposal beside the NLGN presets, each row a full evaluation (the rows'
// types are in model/comparison.hpp).

#include "itsb/scenarios/model/comparison.hpp"

#include <vector>

namespace itsb::scenarios {

//! The whole-baseline saving rate of a scenario: sum over service lines of a_s x r_s.
Rate wholeBaselineSavingRate(const Scenario& scenario);

//! The proposal, then `presetsToShow` in the order given (by default every preset, in SPEC §7's
//! order), each evaluated in full, the rows spread over `threads` (the result does not depend
//! on it). Evaluation errors (InputError) become null rows with a warning; an invalid proposal is
//! the caller's to reject before calling. `basis` is recorded for the report; the revenue basis
//! needs council_finance (std::invalid_argument otherwise).
Comparison compare(const Scenario& proposal, const std::vector<Preset>& presetsToShow = presets(), int threads = 1,
                   BreakEvenBasis basis = BreakEvenBasis::Cash);

}  // namespace itsb::scenarios
