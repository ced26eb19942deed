#pragma once
// Savings and costs of the programme by year (SPEC §3), rounded as SPEC §9 says: gross
// savings once per year (the sum over service lines), running and one-off costs once per
// year (the sum over items).

#include "itsb/scenarios/model/scenario.hpp"

#include <span>
#include <vector>

namespace itsb::scenarios {

//! Share of a service line's steady-state saving reached in programme year k: 0 up to the
//! delay; then the explicit fractions (the last one holding), or x = min(1, (k - delay)/n)
//! as `linear` x or `s_curve` x^2 (3 - 2x) (slow start and finish), n = years_to_full.
//! Inline: the Monte Carlo evaluates it for every line, year and path.
inline double rampFraction(const Ramp& ramp, Year k) {
    if (k <= ramp.delayYears) return 0.0;
    const int sinceDelay = k - ramp.delayYears;  // 1 in the first year that saves
    if (!ramp.fractions.empty()) {
        const auto count = static_cast<int>(ramp.fractions.size());
        return ramp.fractions[static_cast<std::size_t>((sinceDelay < count ? sinceDelay : count) - 1)];
    }
    if (ramp.yearsToFull <= 0) return 1.0;
    const double x = sinceDelay >= ramp.yearsToFull ? 1.0 : static_cast<double>(sinceDelay) / ramp.yearsToFull;
    return ramp.shape == RampShape::SCurve ? x * x * (3.0 - 2.0 * x) : x;
}

//! (1 + rate)^(k - from) for k = from .. last, at index k - from (empty when last < from): the
//! baseline's growth from year 1 and a running cost's escalation from its first year. Each is
//! the double nearest the exact power (finance::integerPowers), the same in `itsb run`, in a
//! workbook's figures and in every Monte Carlo path, on any machine.
std::vector<double> growthFactors(Rate rate, Year from, Year last);

//! The same factors into `out`: (1 + rate)^i at index i, without allocating (a Monte Carlo path
//! fills its own buffer with them).
void growthFactors(Rate rate, std::span<double> out);

//! Columns indexed by year 0..H.
struct ProgrammeProjection {
    std::vector<Money> baselineExpenditure;  //!< rounded for display; 0 in year 0
    std::vector<Money> grossSavings;
    std::vector<Money> runningCosts;
    std::vector<Money> oneOffCosts;
    std::vector<Money> capitalOneOffCosts;  //!< the capital items alone, summed then rounded per year
    std::vector<Money> netSavings;          //!< gross savings - running costs

    Money totalOneOffCosts() const;
    Money totalCapitalOneOffCosts() const;
};

ProgrammeProjection projectProgramme(const Scenario& scenario);

}  // namespace itsb::scenarios
