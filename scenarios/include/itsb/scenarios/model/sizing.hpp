#pragma once
// The sizing questions a treasury officer asks (SPEC §6 `size`, §9): how big a bond the
// savings carry at a DSCR, what notional funds the costs, what saving rate breaks even by a
// given year, and what coupon the savings can bear. Each answer is found by a bracketing
// search on the model itself and re-checked by running the model at it.

#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/warning.hpp"

#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios {

struct DscrSizing {
    double target = 0.0;
    std::optional<Money> notional;        //!< largest multiple of size_rounding meeting the target
    std::optional<double> minDscr;        //!< at that notional
    std::optional<Year> bindingYear;      //!< earliest year at the minimum
    std::optional<std::string> bindingFiscalYear;
};

struct FundSizing {
    std::optional<Money> capital;  //!< fund_capital_costs
    std::optional<Money> all;      //!< fund_one_off_costs
};

struct BreakEvenSavingRate {
    Year byYear = 5;  //!< a programme year 0..H; on the revenue basis a financial year 1..H
    //! Whose break-even: the cash position's break_even_year, or the revenue account's
    //! revenue_break_even_year (council_finance).
    BreakEvenBasis basis = BreakEvenBasis::Cash;
    std::optional<double> factor;    //!< on every service line's saving rate
    std::optional<Rate> savingRate;  //!< the whole-baseline rate sum_s a_s r_s x factor
};

struct MaxCoupon {
    double target = 0.0;
    std::optional<Rate> coupon;
};

struct SizingReport {
    std::string inputSha256;       //!< of the proposal's canonical input
    Money proposalNotional = 0.0;  //!< the notional the proposal's own rule gives
    DscrSizing maxNotionalForDscr;
    FundSizing notionalToFundCosts;
    BreakEvenSavingRate breakEvenSavingRate;
    MaxCoupon maxCouponForDscr;
    std::vector<Warning> warnings;
};

//! A sized notional's neighbour one size_rounding away, on the side where its rule must fail:
//! one less for the funding rules, one more (sculpted at the target when the bond is sculpted)
//! for a DSCR target. The run workbook shows the rule failing there, beside the notional.
struct NotionalNeighbour {
    Money notional = 0.0;
    Money netProceeds = 0.0;  //!< at that notional: price paid less issuance costs (no schedule needed)
    //! Whether the rule holds there (it must not): net proceeds less the reserve cover the funded
    //! costs; or the minimum contractual DSCR meets the target (a sculpted bond also repaid by its
    //! final sculpted payment). False when no schedule can be built there.
    bool meetsRule = false;
    //! The proposal evaluated at that notional, with its workbook figures (the table and metrics
    //! only besides: no partners, hash or warnings). Empty when no schedule can be built there (a
    //! sculpted payment below its interest: an InputError of the trial), and under a funding
    //! rule when nothing of it is needed (no bond at all, or no reserve to look up).
    std::optional<Evaluation> evaluation;
};

}  // namespace itsb::scenarios
