#include "annual_kernel.hpp"

#include <limits>

namespace itsb::scenarios::detail {

void annualFlows(const AnnualInputs& in, double power, AnnualFlows& out) {
    const std::size_t years = in.grossSavings.size();
    for (auto* column : {&out.netSavings, &out.cfads, &out.projectFlow, &out.councilFlow, &out.cumulativePosition})
        column->resize(years);
    out.dscr.resize(years);
    std::int64_t cumulative = 0;
    for (std::size_t y = 0; y < years; ++y) {
        const std::int64_t net = in.grossSavings[y] - in.runningCosts[y];
        const std::int64_t cfads = net - in.annualFees[y];
        const std::int64_t council = cfads - in.oneOffCosts[y] - in.debtService[y] + in.proceeds[y] + in.reserve[y];
        cumulative += council;
        out.netSavings[y] = net;
        out.cfads[y] = cfads;
        out.projectFlow[y] = net - in.oneOffCosts[y];
        out.councilFlow[y] = council;
        out.cumulativePosition[y] = cumulative;
        out.dscr[y] = in.debtService[y] > 0 ? (static_cast<double>(cfads) / power) /
                                                  (static_cast<double>(in.debtService[y]) / power)
                                            : std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace itsb::scenarios::detail
