#include "itsb/scenarios/engine/projection.hpp"

#include "itsb/finance/powers.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace itsb::scenarios {

Money ProgrammeProjection::totalOneOffCosts() const {
    return std::accumulate(oneOffCosts.begin(), oneOffCosts.end(), 0.0);
}

Money ProgrammeProjection::totalCapitalOneOffCosts() const {
    return std::accumulate(capitalOneOffCosts.begin(), capitalOneOffCosts.end(), 0.0);
}

std::vector<double> growthFactors(Rate rate, Year from, Year last) {
    std::vector<double> factors(last < from ? 0 : static_cast<std::size_t>(last - from) + 1);
    growthFactors(rate, factors);
    return factors;
}

void growthFactors(Rate rate, std::span<double> out) { finance::integerPowers(1.0 + rate, out); }

ProgrammeProjection projectProgramme(const Scenario& scenario) {
    const auto& p = scenario.programme;
    const auto& round = scenario.rounding;
    const auto years = static_cast<std::size_t>(scenario.horizonYears) + 1;
    ProgrammeProjection out;
    out.baselineExpenditure.assign(years, 0.0);
    out.grossSavings.assign(years, 0.0);
    out.runningCosts.assign(years, 0.0);
    out.oneOffCosts.assign(years, 0.0);
    out.capitalOneOffCosts.assign(years, 0.0);
    out.netSavings.assign(years, 0.0);

    const double costUplift = 1.0 + p.costOptimismBias;
    std::vector<double> oneOff(years, 0.0), capital(years, 0.0);
    for (const auto& cost : p.oneOffCosts) {
        const auto y = static_cast<std::size_t>(cost.year);
        oneOff[y] += cost.amount * costUplift;
        if (cost.kind == CostKind::Capital) capital[y] += cost.amount * costUplift;
    }

    const std::vector<double> growth = growthFactors(p.expenditureGrowth, 1, scenario.horizonYears);
    std::vector<std::vector<double>> escalation;
    for (const auto& cost : p.runningCosts) escalation.push_back(growthFactors(cost.escalation, cost.fromYear, scenario.horizonYears));

    for (Year k = 0; k <= scenario.horizonYears; ++k) {
        const auto y = static_cast<std::size_t>(k);
        out.oneOffCosts[y] = round(oneOff[y]);
        out.capitalOneOffCosts[y] = round(capital[y]);
        if (k == 0) continue;  // year 0 is a point in time: up-front costs only

        // The gross saving uses the unrounded baseline; the baseline column is rounded for display.
        const double baseline = p.baselineExpenditure * growth[y - 1];
        out.baselineExpenditure[y] = round(baseline);
        double gross = 0.0;
        for (const auto& line : p.serviceLines)
            gross += baseline * line.addressableShare * line.savingRate * rampFraction(line.ramp, k) *
                     (1.0 - p.savingsOptimismBias);
        out.grossSavings[y] = round(gross);

        double running = 0.0;
        for (std::size_t i = 0; i < p.runningCosts.size(); ++i) {
            const auto& cost = p.runningCosts[i];
            if (k >= cost.fromYear)
                running += cost.amount * escalation[i][static_cast<std::size_t>(k - cost.fromYear)] * costUplift;
        }
        out.runningCosts[y] = round(running);
        out.netSavings[y] = round(out.grossSavings[y] - out.runningCosts[y]);
    }
    return out;
}

}  // namespace itsb::scenarios
