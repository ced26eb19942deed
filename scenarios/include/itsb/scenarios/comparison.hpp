#pragma once
// `itsb compare` (SPEC §6, §7, §9): the proposal beside the NLGN presets, so the gap between
// what sharing back offices delivers (1.8 %, 3.6 % at best) and what councils needed to save
// (5.8 %, up to 8.8 %) shows at a glance. Each row is a full evaluation of its scenario, so a
// preset re-applies the bond's sizing rule and its figures are those of `itsb run --preset`.

#include "itsb/scenarios/presets.hpp"
#include "itsb/scenarios/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios {

//! One scenario's headline figures; every value is null when the row could not be evaluated.
struct ComparisonRow {
    std::string name;         //!< "proposal" or the preset's name
    std::string description;  //!< where the saving rate comes from
    Rate savingRate = 0.0;    //!< proposal: sum over lines of addressable share x saving rate; preset: its rate
    bool evaluated = false;   //!< false when evaluation failed (the warning says why)
    std::optional<Money> notional;  //!< after the bond's sizing rule, re-applied per row
    std::optional<Money> grossSavingsYear5;  //!< null when the horizon is shorter than 5 years
    std::optional<Rate> projectIrr;
    std::optional<Money> projectNpv;
    std::optional<Money> npvAfterFinancing;
    std::optional<double> minDscr;
    std::optional<double> paybackYears;
    std::optional<Year> breakEvenYear;
    std::optional<std::string> breakEvenFiscalYear;
};

struct Comparison {
    std::string name;         //!< the proposal's name
    std::string inputSha256;  //!< of the proposal's canonical input
    std::vector<ComparisonRow> rows;
    //! A failed row's reason and every row's own evaluation warnings, each prefixed "NAME: ".
    std::vector<std::string> warnings;
};

//! The whole-baseline saving rate of a scenario: sum over service lines of a_s x r_s.
Rate wholeBaselineSavingRate(const Scenario& scenario);

//! The proposal, then `presetsToShow` in the order given (by default every preset, in SPEC §7's
//! order), each evaluated in full, the rows spread over `threads` (the result does not depend
//! on it). Evaluation errors (InputError) become null rows with a warning; an invalid proposal is
//! the caller's to reject before calling.
Comparison compare(const Scenario& proposal, const std::vector<Preset>& presetsToShow = presets(), int threads = 1);

}  // namespace itsb::scenarios
