#pragma once
// `itsb compare` (SPEC §6, §7, §9): the proposal beside the NLGN presets, so the gap between
// what sharing back offices delivers (1.8 %, 3.6 % at best) and what councils needed to save
// (5.8 %, up to 8.8 %) shows at a glance. Each row is a full evaluation of its scenario, so a
// preset re-applies the bond's sizing rule and its figures are those of `itsb run --preset`.

#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/presets.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/warning.hpp"

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
    //! The revenue view's metrics, with council_finance (null when the row could not be evaluated).
    std::optional<RevenueMetrics> revenue;
};

//! A warning and the rows (by name) that gave it.
struct RowsWarning {
    std::vector<std::string> rows;
    Warning warning;
};

struct Comparison {
    std::string name;         //!< the proposal's name
    std::string inputSha256;  //!< of the proposal's canonical input
    //! Which break-even the comparison puts forward: on the revenue basis the rows also show the
    //! revenue view's metrics, and the break-even chart is the revenue account's.
    BreakEvenBasis basis = BreakEvenBasis::Cash;
    std::vector<ComparisonRow> rows;
    //! A failed row's reason and every row's own evaluation warnings, each once with the rows
    //! that gave it, in the order first seen.
    std::vector<RowsWarning> warnings;
};

}  // namespace itsb::scenarios
