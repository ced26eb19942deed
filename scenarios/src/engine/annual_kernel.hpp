#pragma once
// Private to scenarios/src: the annual table's arithmetic, once. The totals of evaluate(), each
// partner's share of them and every Monte Carlo path call it, so the three can never disagree.
//
// Amounts are whole units of the currency's smallest amount (pennies at 2 decimals): every input
// is an amount already rounded to the unit, so sums and differences are exact integers, and
// units / 10^decimals is the very double that rounding the same sum of doubles gives (the
// nearest double to the decimal). A year's DSCR is CFADS over its debt service, both as those
// doubles.
//
// The year's arithmetic is inline (AnnualKernel::next, dscrOf): a Monte Carlo path runs it
// year by year inside its own loop, fused with the metrics it needs; annualFlows runs it over
// whole columns for evaluate() and the partners.

#include "itsb/finance/types.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace itsb::scenarios::detail {

//! A rounded amount in whole units: amount x 10^decimals is within an ulp of an integer.
inline std::int64_t toUnits(double amount, double power) {
    const double scaled = amount * power;
    return static_cast<std::int64_t>(scaled < 0.0 ? scaled - 0.5 : scaled + 0.5);
}

//! What one year's flows are made of, in units. `proceeds` is the net proceeds in the year of
//! issue; `reserve` the reserve taken from them (negative) and released at the final payment
//! (positive).
struct YearInputs {
    std::int64_t grossSavings, runningCosts, oneOffCosts, annualFees, debtService, proceeds, reserve;
};

//! The flows the annual table derives for one year, in units.
struct YearFlows {
    std::int64_t netSavings, cfads, projectFlow, councilFlow, cumulativePosition;
};

//! The annual table, one year after another from year 0 (it carries the cumulative position).
/*! net savings = gross savings - running costs; CFADS = net savings - annual fees;
    project flow = net savings - one-off costs; council flow = CFADS - one-off costs - debt
    service + net proceeds + reserve; cumulative position = the running sum of council flows. */
class AnnualKernel {
  public:
    YearFlows next(const YearInputs& in) {
        YearFlows out;
        out.netSavings = in.grossSavings - in.runningCosts;
        out.cfads = out.netSavings - in.annualFees;
        out.projectFlow = out.netSavings - in.oneOffCosts;
        out.councilFlow = out.cfads - in.oneOffCosts - in.debtService + in.proceeds + in.reserve;
        cumulative_ += out.councilFlow;
        out.cumulativePosition = cumulative_;
        return out;
    }

  private:
    std::int64_t cumulative_ = 0;
};

//! DSCR = CFADS / debt service, each as its double (units / 10^decimals); NaN without debt
//! service.
inline double dscrOf(std::int64_t cfads, std::int64_t debtService, double power) {
    return debtService > 0 ? (static_cast<double>(cfads) / power) / (static_cast<double>(debtService) / power)
                           : std::numeric_limits<double>::quiet_NaN();
}

//! The columns of a whole table, by year 0..H.
struct AnnualInputs {
    std::span<const std::int64_t> grossSavings, runningCosts, oneOffCosts, annualFees, debtService, proceeds, reserve;
};

//! The derived columns, by year, in units; `dscr` as a double (NaN without debt service).
struct AnnualFlows {
    std::vector<std::int64_t> netSavings, cfads, projectFlow, councilFlow, cumulativePosition;
    std::vector<double> dscr;
};

//! AnnualKernel and dscrOf over whole columns.
void annualFlows(const AnnualInputs& in, double power, AnnualFlows& out);

}  // namespace itsb::scenarios::detail
