#pragma once
// Rates of return over cash-flow series: every root found and counted exactly, so a
// series with two IRRs is reported as such instead of whichever root a guess reaches.

#include "itsb/finance/date.hpp"
#include "itsb/finance/types.hpp"

#include <optional>
#include <span>
#include <vector>

namespace itsb::finance {

//! The range searched for roots: -99 % to +1000 %, both ends included (SPEC §5).
inline constexpr Rate kIrrLowest = -0.99;
inline constexpr Rate kIrrHighest = 10.0;

//! Every distinct r in [kIrrLowest, kIrrHighest] with sum_k flows[k] (1+r)^-k = 0, ascending,
//! each accurate to 1e-12 (spreadsheet IRR over one row per period). The flows are taken in
//! whole `unit`s and their roots counted exactly: Descartes' rule where the flows change sign
//! at most once, otherwise Descartes' rule on bisected intervals (Vincent-Collins-Akritas) on
//! the square-free part, in exact integer arithmetic; then each root is polished. The
//! bisection is first tried in double precision with every sign proved (tens of microseconds
//! at degree 170 instead of milliseconds); the exact arithmetic runs only when a sign is too
//! close to call, and the roots are the same to the bit either way.
std::vector<Rate> periodicIrrRoots(std::span<const Money> flows, Money unit = 0.01);

//! The IRR when exactly one root lies in the range, else nullopt: the same value as
//! uniqueRoot(periodicIrrRoots(flows, unit)), bit for bit, but without allocating when the
//! flows change sign at most once (safeguarded Newton in double precision), and with several
//! sign changes stopping as soon as two roots are isolated.
std::optional<Rate> periodicIrr(std::span<const Money> flows, Money unit = 0.01);

//! periodicIrr of each series: out[i] is periodicIrr(flows[i], unit), bit for bit. The series
//! that change sign once are solved eight at a time with their Newton iterations interleaved,
//! which keeps the processor busy where one series alone waits on each multiplication in turn:
//! a Monte Carlo block's paths cost about half as much this way.
void periodicIrrs(std::span<const std::span<const Money>> flows, std::span<std::optional<Rate>> out,
                  Money unit = 0.01);

struct DatedFlow {
    Date date;
    Money amount = 0.0;
};

//! Every r in [kIrrLowest, kIrrHighest] with sum amount (1+r)^-(d - d_first)/365 = 0, ascending
//! (spreadsheet XIRR: ACT/365F, annual compounding). Zero flows are dropped; d_first is the
//! date of the first remaining flow. Flows may come in any date order.
//! With at most one sign change (investor and council bond flows) the answer is exact; with
//! more, a scan of 2,000 points in log(1+r) brackets the roots, so a root that touches zero
//! without crossing, or two roots within one grid step, can be missed.
std::vector<Rate> xirrRoots(std::span<const DatedFlow> flows);

//! The root when exactly one exists, else nullopt.
std::optional<Rate> uniqueRoot(const std::vector<Rate>& roots);

//! Spreadsheet MIRR(flows; financeRate; reinvestRate): negative flows discounted to period 0
//! at the finance rate, positive ones compounded to period n-1 at the reinvestment rate.
//! nullopt without at least one positive and one negative flow.
std::optional<Rate> mirr(std::span<const Money> flows, Rate financeRate, Rate reinvestRate);

//! sum flows[k] x discountFactors[k] over the common length.
double discountedSum(std::span<const Money> flows, std::span<const double> discountFactors);

//! Payback in years (SPEC §5): 0 when flows[0] >= 0, else the first k with a non-negative
//! running sum, as (k-1) + (-sum_{j<k}) / flows[k]; nullopt when the sum never turns. A running
//! sum within 1e-13 x (the sum of absolute flows so far) of zero counts as zero.
std::optional<double> paybackYears(std::span<const double> flows);

//! The smallest k >= 0 with cumulative[j] >= 0 for every j >= k (exact 0.00 counts as not
//! out of pocket; values within half a `unit` of 0 are treated as 0); nullopt when the last
//! one is negative or the series is empty.
std::optional<Year> breakEvenYear(std::span<const Money> cumulative, Money unit = 0.01);

}  // namespace itsb::finance
