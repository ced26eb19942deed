#pragma once
// Private to scenarios/src: the annual table's arithmetic, once. The totals of evaluate(), each
// partner's share of them and every Monte Carlo path call it, so the three can never disagree.
//
// Amounts are whole units of the currency's smallest amount (pennies at 2 decimals): every input
// is an amount already rounded to the unit, so sums and differences are exact integers, and
// units / 10^decimals is the very double that rounding the same sum of doubles gives (the
// nearest double to the decimal). A year's DSCR is CFADS over its debt service, both as those
// doubles.

#include "itsb/finance/types.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace itsb::scenarios::detail {

//! A rounded amount in whole units: amount x 10^decimals is within an ulp of an integer.
inline std::int64_t toUnits(double amount, double power) {
    const double scaled = amount * power;
    return static_cast<std::int64_t>(scaled < 0.0 ? scaled - 0.5 : scaled + 0.5);
}

//! What a year's flows are made of, by year 0..H, in units. `proceeds` is the net proceeds in
//! the year of issue; `reserve` the reserve taken from them (negative) and released at the
//! final payment (positive).
struct AnnualInputs {
    std::span<const std::int64_t> grossSavings, runningCosts, oneOffCosts, annualFees, debtService, proceeds, reserve;
};

//! The flows the annual table derives, by year, in units; `dscr` as a double (NaN without debt
//! service). Buffers are reused across calls (a Monte Carlo path allocates nothing).
struct AnnualFlows {
    std::vector<std::int64_t> netSavings, cfads, projectFlow, councilFlow, cumulativePosition;
    std::vector<double> dscr;
};

//! net savings = gross savings - running costs; CFADS = net savings - annual fees;
//! project flow = net savings - one-off costs; council flow = CFADS - one-off costs - debt
//! service + net proceeds + reserve; cumulative position = the running sum of council flows;
//! DSCR = CFADS / debt service where debt service > 0.
void annualFlows(const AnnualInputs& in, double power, AnnualFlows& out);

}  // namespace itsb::scenarios::detail
