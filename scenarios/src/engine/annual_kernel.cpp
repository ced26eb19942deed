#include "annual_kernel.hpp"

namespace itsb::scenarios::detail {

void annualFlows(const AnnualInputs& in, double power, AnnualFlows& out) {
    const std::size_t years = in.grossSavings.size();
    for (auto* column : {&out.netSavings, &out.cfads, &out.projectFlow, &out.councilFlow, &out.cumulativePosition})
        column->resize(years);
    out.dscr.resize(years);
    AnnualKernel kernel;
    for (std::size_t y = 0; y < years; ++y) {
        const YearFlows f = kernel.next({in.grossSavings[y], in.runningCosts[y], in.oneOffCosts[y], in.annualFees[y],
                                         in.debtService[y], in.proceeds[y], in.reserve[y]});
        out.netSavings[y] = f.netSavings;
        out.cfads[y] = f.cfads;
        out.projectFlow[y] = f.projectFlow;
        out.councilFlow[y] = f.councilFlow;
        out.cumulativePosition[y] = f.cumulativePosition;
        out.dscr[y] = dscrOf(f.cfads, in.debtService[y], power);
    }
}

}  // namespace itsb::scenarios::detail
