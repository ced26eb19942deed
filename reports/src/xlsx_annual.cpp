// The run workbook's Annual sheet: every amount a formula over the inputs and the Schedule, in
// the order and with the rounding itsb applies (docs/CONVENTIONS.md), so a recalculating
// spreadsheet lands on the same pennies.
#include "xlsx_run.hpp"

namespace itsb::reports::xlsx {

using finance::Year;
using scenarios::AnnualRow;

namespace {

std::string str(int value) { return std::to_string(value); }

}  // namespace

void heading(Sheet& sheet, int headerRow, int column, const std::string& text, const std::string& key) {
    sheet.text(headerRow, column, text, Style::Header);
    sheet.text(headerRow + 1, column, key, Style::Key);
}

// --- Helpers shared with the Partners sheet ----------------------------------------------------

void writeDerivedAnnualColumns(RunContext& c, Sheet& sheet, const AnnualColumns& a, int firstRow,
                               const std::vector<AnnualRow>& rows, const scenarios::PaybackSteps& h) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const AnnualRow& r = rows[i];
        const int row = firstRow + static_cast<int>(i);
        const auto at = [&](int column) { return cellRef(row, column); };
        const auto above = [&](int column) { return cellRef(row - 1, column); };
        sheet.formula(row, a.netSavings, c.round(at(a.grossSavings) + "-" + at(a.runningCosts)), r.netSavings,
                      Style::Money);
        sheet.formula(row, a.cfads, c.round(at(a.netSavings) + "-" + at(a.annualFees)), r.cfads, Style::Money);
        sheet.formulaOrNull(row, a.dscr,
                            "IF(" + at(a.debtService) + ">0," + at(a.cfads) + "/" + at(a.debtService) + ",\"\")",
                            r.dscr, Style::Ratio);
        sheet.formula(row, a.projectFlow, c.round(at(a.netSavings) + "-" + at(a.oneOffCosts)), r.projectFlow,
                      Style::Money);
        sheet.formula(row, a.councilFlow,
                      c.round(at(a.cfads) + "-" + at(a.oneOffCosts) + "-" + at(a.debtService) + "+" + at(a.netProceeds) +
                              "+" + at(a.reserve)),
                      r.councilFlow, Style::Money);
        sheet.formula(row, a.cumulative,
                      i == 0 ? c.round(at(a.councilFlow)) : c.round(above(a.cumulative) + "+" + at(a.councilFlow)),
                      r.cumulativePosition, Style::Money);

        // Payback: the first year whose running sum of project flows is not negative, as
        // (k - 1) + the share of year k's flow needed to reach zero; 0 when F_0 >= 0.
        sheet.formula(row, a.cumulativeProject,
                      i == 0 ? "=" + at(a.projectFlow) : c.round(above(a.cumulativeProject) + "+" + at(a.projectFlow)),
                      h.cumulativeProject[i], Style::Money);
        if (i == 0)
            sheet.formulaOrNull(row, a.payback, "IF(" + at(a.projectFlow) + ">=0,0,\"\")", h.payback[i], Style::Years);
        else
            sheet.formulaOrNull(row, a.payback,
                                "IF(AND(" + above(a.cumulativeProject) + "<0," + at(a.cumulativeProject) + ">=0)," +
                                    at(a.year) + "-1+(-" + above(a.cumulativeProject) + ")/" + at(a.projectFlow) +
                                    ",\"\")",
                                h.payback[i], Style::Years);
        sheet.formula(row, a.discountedProject, at(a.projectFlow) + "*" + at(a.discountFactor), h.discountedProject[i],
                      Style::Money);
        sheet.formula(row, a.cumulativeDiscounted,
                      i == 0 ? "=" + at(a.discountedProject) : above(a.cumulativeDiscounted) + "+" + at(a.discountedProject),
                      h.cumulativeDiscounted[i], Style::Money);
        if (i == 0)
            sheet.formulaOrNull(row, a.discountedPayback, "IF(" + at(a.discountedProject) + ">=0,0,\"\")",
                                h.discountedPayback[i], Style::Years);
        else
            sheet.formulaOrNull(row, a.discountedPayback,
                                "IF(AND(" + above(a.cumulativeDiscounted) + "<0," + at(a.cumulativeDiscounted) +
                                    ">=0)," + at(a.year) + "-1+(-" + above(a.cumulativeDiscounted) + ")/" +
                                    at(a.discountedProject) + ",\"\")",
                                h.discountedPayback[i], Style::Years);
        // Break-even: the year after the last one out of pocket (cumulative position below 0.00).
        sheet.formula(row, a.outOfPocket, "IF(" + at(a.cumulative) + "<0," + at(a.year) + "+1,0)", h.outOfPocket[i],
                      Style::Integer);
    }
}

AnnualRanges annualRanges(const std::string& sheet, const AnnualColumns& a, int firstRow, int lastRow) {
    const auto range = [&](int column) { return onSheet(sheet, rangeRef(firstRow, column, lastRow, column)); };
    AnnualRanges r;
    r.years = range(a.year);
    r.fiscalYears = range(a.fiscalYear);
    r.grossSavings = range(a.grossSavings);
    r.runningCosts = range(a.runningCosts);
    r.oneOffCosts = range(a.oneOffCosts);
    r.cfads = range(a.cfads);
    r.debtService = range(a.debtService);
    r.dscr = range(a.dscr);
    r.projectFlows = range(a.projectFlow);
    r.councilFlows = range(a.councilFlow);
    r.cumulative = range(a.cumulative);
    r.discountFactors = range(a.discountFactor);
    r.payback = range(a.payback);
    r.discountedPayback = range(a.discountedPayback);
    r.outOfPocket = range(a.outOfPocket);
    return r;
}

// --- Annual ----------------------------------------------------------------------------------

void writeAnnualSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const RunLayout& l = c.layout;
    const AnnualColumns& a = l.annual;
    const int first = l.annualFirstRow, last = first + s.horizonYears;
    const int headerRow = first - 2;
    const scenarios::WorkbookFigures& fig = c.fig;

    sheet.text(0, 0, "Annual cash flows (programme years; amounts at the end of each year)", Style::Title);
    sheet.text(1, 0,
               "Every amount is a formula over Inputs and Schedule, rounded where itsb rounds. Year k runs from the "
               "start date + (k-1) years (exclusive) to + k years (inclusive); year 0 is the start date itself.",
               Style::Note);
    sheet.text(2, 0,
               "Columns after the discount factor are helpers (labelled): capital one-off costs for sizing, the "
               "discounting steps, payback and break-even markers, and each service line's ramp and saving.",
               Style::Note);

    heading(sheet, headerRow, a.year, "Year", "year");
    heading(sheet, headerRow, a.fiscalYear, "Fiscal year", "fiscal_year");
    heading(sheet, headerRow, l.yearEnd, "Year end", "(helper) year_end");
    heading(sheet, headerRow, a.baseline, "Baseline expenditure", "baseline_expenditure");
    heading(sheet, headerRow, a.grossSavings, "Gross savings", "gross_savings");
    heading(sheet, headerRow, a.runningCosts, "Running costs", "running_costs");
    heading(sheet, headerRow, a.oneOffCosts, "One-off costs", "one_off_costs");
    heading(sheet, headerRow, a.netSavings, "Net savings", "net_savings");
    heading(sheet, headerRow, a.annualFees, "Annual fees", "annual_fees");
    heading(sheet, headerRow, a.cfads, "CFADS", "cfads");
    heading(sheet, headerRow, a.debtService, c.savingsLinked() ? "Debt service (paid)" : "Debt service",
            "debt_service");
    heading(sheet, headerRow, a.dscr, "DSCR", "dscr");
    heading(sheet, headerRow, a.netProceeds, "Net proceeds", "net_proceeds");
    heading(sheet, headerRow, a.reserve, "Reserve", "reserve");
    heading(sheet, headerRow, a.projectFlow, "Project flow", "project_flow");
    heading(sheet, headerRow, a.councilFlow, "Council flow", "council_flow");
    heading(sheet, headerRow, a.cumulative, "Cumulative position", "cumulative_position");
    heading(sheet, headerRow, a.discountFactor, "Discount factor", "discount_factor");
    if (c.savingsLinked()) {
        heading(sheet, headerRow, l.contractualDebtService, "Contractual debt service", "(helper) contractual");
        heading(sheet, headerRow, l.contractualDscr, "Contractual DSCR", "(helper) contractual_dscr");
    }
    heading(sheet, headerRow, l.capitalOneOff, "Capital one-off costs", "(helper) capital_one_off");
    if (l.bandRate >= 0) {
        heading(sheet, headerRow, l.bandRate, "Green Book rate", "(helper) band_rate");
        heading(sheet, headerRow, l.bandStart, "Band's first year", "(helper) band_start");
    }
    if (l.zeroRate >= 0) heading(sheet, headerRow, l.zeroRate, "Zero rate z(k)", "(helper) zero_rate");
    heading(sheet, headerRow, l.methodFactor, "Factor before inflation", "(helper) method_factor");
    heading(sheet, headerRow, a.cumulativeProject, "Cumulative project flow", "(helper) cumulative_project");
    heading(sheet, headerRow, a.payback, "Payback if reached this year", "(helper) payback");
    heading(sheet, headerRow, a.discountedProject, "Discounted project flow", "(helper) discounted_project");
    heading(sheet, headerRow, a.cumulativeDiscounted, "Cumulative discounted flow", "(helper) cumulative_discounted");
    heading(sheet, headerRow, a.discountedPayback, "Discounted payback if reached", "(helper) discounted_payback");
    heading(sheet, headerRow, a.outOfPocket, "Out of pocket: year + 1", "(helper) out_of_pocket");
    for (std::size_t i = 0; i < s.programme.serviceLines.size(); ++i) {
        const std::string& name = s.programme.serviceLines[i].name;
        heading(sheet, headerRow, l.rampColumns[i], "Ramp: " + name, "(helper) ramp_" + std::to_string(i + 1));
        heading(sheet, headerRow, l.lineSavingColumns[i], "Saving before rounding: " + name,
                "(helper) saving_" + std::to_string(i + 1));
    }

    for (Year k = 0; k <= s.horizonYears; ++k) {
        const auto y = static_cast<std::size_t>(k);
        const AnnualRow& r = ev.annual[y];
        const int row = c.annualRow(k);
        const auto at = [&](int column) { return cellRef(row, column); };
        const std::string kRef = at(a.year);

        sheet.number(row, a.year, k, Style::Integer);
        sheet.text(row, a.fiscalYear, r.fiscalYear, Style::Plain);
        sheet.formula(row, l.yearEnd, "EDATE(StartDate,12*" + kRef + ")", c.years.yearEnd(k).serial(), Style::Date);
        sheet.formula(row, a.baseline,
                      "IF(" + kRef + "=0,0," + c.round("BaselineExpenditure*(1+ExpenditureGrowth)^(" + kRef + "-1)") +
                          ")",
                      r.baselineExpenditure, Style::Money);

        // Gross savings: each line's saving on the unrounded baseline, summed, rounded once.
        std::string sum;
        for (std::size_t i = 0; i < s.programme.serviceLines.size(); ++i) {
            const auto& line = s.programme.serviceLines[i];
            const auto& cells = c.lines[i];
            const std::string d = cells.delay, n = cells.yearsToFull;
            std::string ramp;
            if (cells.fractionCount > 0) {
                ramp = "IF(" + kRef + "<=" + d + ",0,INDEX(" + cells.fractions + ",MIN(" + kRef + "-" + d + "," +
                       str(cells.fractionCount) + ")))";
            } else {
                const std::string x = "MIN(1,(" + kRef + "-" + d + ")/" + n + ")";
                const std::string shaped =
                    line.ramp.shape == scenarios::RampShape::SCurve ? x + "*" + x + "*(3-2*" + x + ")" : x;
                ramp = "IF(" + kRef + "<=" + d + ",0,IF(" + n + "<=0,1," + shaped + "))";
            }
            sheet.formula(row, l.rampColumns[i], ramp, fig.rampFractions[i][y], Style::Percent);
            sheet.formula(row, l.lineSavingColumns[i],
                          "BaselineExpenditure*(1+ExpenditureGrowth)^(" + kRef + "-1)*" + cells.share + "*" +
                              cells.rate + "*" + at(l.rampColumns[i]) + "*(1-SavingsOptimismBias)",
                          fig.lineSavings[i][y], Style::Money);
            sum += (sum.empty() ? "" : "+") + at(l.lineSavingColumns[i]);
        }
        sheet.formula(row, a.grossSavings, c.round(sum.empty() ? "0" : sum), r.grossSavings, Style::Money);

        // Running costs: each item escalated from its first year, with the cost optimism bias,
        // summed over items and rounded once.
        sheet.formula(row, a.runningCosts,
                      s.programme.runningCosts.empty()
                          ? "0"
                          : c.round("SUMPRODUCT((" + kRef + ">=RunningFromYears)*RunningAmounts*(1+RunningEscalations)^(" +
                                    kRef + "-RunningFromYears)*(1+CostOptimismBias))"),
                      r.runningCosts, Style::Money);

        const bool oneOffs = !s.programme.oneOffCosts.empty();
        sheet.formula(row, a.oneOffCosts,
                      oneOffs ? c.round("SUMPRODUCT((OneOffYears=" + kRef + ")*OneOffAmounts*(1+CostOptimismBias))")
                              : "0",
                      r.oneOffCosts, Style::Money);
        sheet.formula(row, l.capitalOneOff,
                      oneOffs ? c.round("SUMPRODUCT((OneOffYears=" + kRef +
                                        ")*(OneOffKinds=\"capital\")*OneOffAmounts*(1+CostOptimismBias))")
                              : "0",
                      fig.capitalOneOffCosts[y], Style::Money);
        sheet.formula(row, a.annualFees, l.feeCount > 0 ? c.round("SUMIF(FeeYears," + kRef + ",FeeAmounts)") : "0",
                      r.annualFees, Style::Money);
        sheet.formula(row, a.debtService,
                      c.round("SUMIF(ScheduleYears," + kRef + "," +
                              (c.savingsLinked() ? "SchedulePaid" : "ScheduleDebtService") + ")"),
                      r.debtService, Style::Money);
        if (c.savingsLinked()) {
            sheet.formula(row, l.contractualDebtService,
                          c.round("SUMIF(ScheduleYears," + kRef + ",ScheduleDebtService)"), fig.contractualDebtService[y],
                          Style::Money);
            sheet.formulaOrNull(row, l.contractualDscr,
                                "IF(" + at(l.contractualDebtService) + ">0," + at(a.cfads) + "/" +
                                    at(l.contractualDebtService) + ",\"\")",
                                fig.contractualDscr[y], Style::Ratio);
        }
        sheet.formula(row, a.netProceeds, "IF(" + kRef + "=IssueYear,NetProceeds,0)", r.netProceeds, Style::Money);
        sheet.formula(row, a.reserve,
                      c.round("IF(" + kRef + "=IssueYear,-ReserveAmount,0)+IF(" + kRef + "=FinalYear,ReserveAmount,0)"),
                      r.reserve, Style::Money);

        // Discount factors: the method's factor, then deflated by (1 + inflation)^k.
        const double method = fig.undeflatedDiscountFactors[y];
        if (k == 0) {
            sheet.number(row, l.methodFactor, 1.0, Style::Factor);
        } else if (l.bandRate >= 0) {
            sheet.formula(row, l.bandRate, "VLOOKUP(" + kRef + ",GreenBookBands,2,TRUE)", fig.greenBookRates[y],
                          Style::Percent);
            sheet.formula(row, l.bandStart, "VLOOKUP(" + kRef + ",GreenBookBands,1,TRUE)", fig.greenBookBandStarts[y],
                          Style::Integer);
            // Within a band the factor is a power of its rate from the factor at the band's start.
            sheet.formula(row, l.methodFactor,
                          "INDEX(" + rangeRef(first, l.methodFactor, row - 1, l.methodFactor) + "," + at(l.bandStart) +
                              ")*(1+" + at(l.bandRate) + ")^(-(" + kRef + "-" + at(l.bandStart) + "+1))",
                          method, Style::Factor);
        } else if (l.zeroRate >= 0) {
            const std::string match = "MATCH(" + kRef + ",CurveYears,1)";
            const std::string zero =
                "IF(" + kRef + "<=INDEX(CurveYears,1),INDEX(CurveRates,1),IF(" + kRef +
                ">=INDEX(CurveYears,COUNT(CurveYears)),INDEX(CurveRates,COUNT(CurveYears)),INDEX(CurveRates," + match +
                ")+(" + kRef + "-INDEX(CurveYears," + match + "))/(INDEX(CurveYears," + match + "+1)-INDEX(CurveYears," +
                match + "))*(INDEX(CurveRates," + match + "+1)-INDEX(CurveRates," + match + "))))";
            sheet.formula(row, l.zeroRate, zero, fig.zeroRates[y], Style::Percent);
            sheet.formula(row, l.methodFactor, "(1+" + at(l.zeroRate) + ")^(-" + kRef + ")", method, Style::Factor);
        } else {
            sheet.formula(row, l.methodFactor, "(1+DiscountRate)^(-" + kRef + ")", method, Style::Factor);
        }
        sheet.formula(row, a.discountFactor, at(l.methodFactor) + "/(1+Inflation)^" + kRef, r.discountFactor,
                      Style::Factor);
    }
    writeDerivedAnnualColumns(c, sheet, a, first, ev.annual, fig.payback);

    const auto name = [&](const std::string& n, int column) {
        c.book.defineName(n, onSheet(kAnnual, rangeRef(first, column, last, column)));
    };
    name("Years", a.year);
    name("FiscalYears", a.fiscalYear);
    name("YearEnds", l.yearEnd);
    name("GrossSavings", a.grossSavings);
    name("RunningCosts", a.runningCosts);
    name("OneOffCostsByYear", a.oneOffCosts);
    name("CFADS", a.cfads);
    name("DebtService", a.debtService);
    name("DSCR", a.dscr);
    name("ProjectFlows", a.projectFlow);
    name("CouncilFlows", a.councilFlow);
    name("CumulativePositions", a.cumulative);
    name("DiscountFactors", a.discountFactor);
    name("PaybackCandidates", a.payback);
    name("DiscountedPaybackCandidates", a.discountedPayback);
    name("OutOfPocketMarks", a.outOfPocket);
    name("CapitalOneOffCosts", l.capitalOneOff);
    name("ContractualDebtService", c.savingsLinked() ? l.contractualDebtService : a.debtService);
    name("ContractualDSCR", c.savingsLinked() ? l.contractualDscr : a.dscr);

    sheet.columnWidth(0, 0, 6);
    sheet.columnWidth(1, 1, 12);
    sheet.columnWidth(2, 2, 11);
    sheet.columnWidth(3, l.lineSavingColumns.empty() ? a.outOfPocket : l.lineSavingColumns.back(), 16);
    sheet.columnWidth(a.dscr, a.dscr, 9);
    sheet.columnWidth(a.discountFactor, a.discountFactor, 13);
    sheet.freeze(first, 2);
}

}  // namespace itsb::reports::xlsx
