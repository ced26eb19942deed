// The run workbook's Annual and Schedule sheets: every amount a formula over the inputs, in the
// order and with the rounding itsb applies (docs/CONVENTIONS.md), so a recalculating spreadsheet
// lands on the same pennies.
#include "xlsx_run.hpp"

#include "itsb/finance/discounting.hpp"
#include "itsb/scenarios/projection.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace itsb::reports::xlsx {

using finance::Money;
using finance::Year;
using scenarios::AnnualRow;

namespace {

std::string str(int value) { return std::to_string(value); }

//! Writes a heading and the JSON key (or a helper's name) above a column.
void heading(Sheet& sheet, int headerRow, int column, const std::string& text, const std::string& key) {
    sheet.text(headerRow, column, text, Style::Header);
    sheet.text(headerRow + 1, column, key, Style::Key);
}

}  // namespace

// --- Helpers shared with the Partners sheet ----------------------------------------------------

PaybackHelpers paybackHelpers(const std::vector<AnnualRow>& rows, const finance::Rounding& rounding) {
    PaybackHelpers h;
    double cumulative = 0.0, discounted = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const double flow = rows[k].projectFlow;
        const double previous = cumulative;
        cumulative = k == 0 ? flow : rounding(previous + flow);
        h.cumulativeProject.push_back(cumulative);
        if (k == 0)
            h.payback.push_back(flow >= 0.0 ? std::optional<double>(0.0) : std::nullopt);
        else
            h.payback.push_back(previous < 0.0 && cumulative >= 0.0
                                    ? std::optional<double>(static_cast<double>(k) - 1.0 + (-previous) / flow)
                                    : std::nullopt);

        const double value = flow * rows[k].discountFactor;
        const double previousDiscounted = discounted;
        discounted = k == 0 ? value : previousDiscounted + value;
        h.discountedProject.push_back(value);
        h.cumulativeDiscounted.push_back(discounted);
        if (k == 0)
            h.discountedPayback.push_back(value >= 0.0 ? std::optional<double>(0.0) : std::nullopt);
        else
            h.discountedPayback.push_back(
                previousDiscounted < 0.0 && discounted >= 0.0
                    ? std::optional<double>(static_cast<double>(k) - 1.0 + (-previousDiscounted) / value)
                    : std::nullopt);
        h.outOfPocket.push_back(rows[k].cumulativePosition < 0.0 ? static_cast<double>(k) + 1.0 : 0.0);
    }
    return h;
}

void writeDerivedAnnualColumns(RunContext& c, Sheet& sheet, const AnnualColumns& a, int firstRow,
                               const std::vector<AnnualRow>& rows) {
    const PaybackHelpers h = paybackHelpers(rows, c.s.rounding);
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
    const auto projection = scenarios::projectProgramme(s);
    finance::Discounting undeflated = s.discounting;
    undeflated.inflation = 0.0;
    const auto methodFactors = finance::discountFactors(undeflated, s.horizonYears);

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
            const double rampValue = scenarios::rampFraction(line.ramp, k);
            sheet.formula(row, l.rampColumns[i], ramp, rampValue, Style::Percent);
            const double baseline = s.programme.baselineExpenditure * std::pow(1.0 + s.programme.expenditureGrowth, k - 1);
            const double saving = baseline * line.addressableShare * line.savingRate * rampValue *
                                  (1.0 - s.programme.savingsOptimismBias);
            sheet.formula(row, l.lineSavingColumns[i],
                          "BaselineExpenditure*(1+ExpenditureGrowth)^(" + kRef + "-1)*" + cells.share + "*" +
                              cells.rate + "*" + at(l.rampColumns[i]) + "*(1-SavingsOptimismBias)",
                          saving, Style::Money);
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
                      projection.capitalOneOffCosts[y], Style::Money);
        sheet.formula(row, a.annualFees, l.feeCount > 0 ? c.round("SUMIF(FeeYears," + kRef + ",FeeAmounts)") : "0",
                      r.annualFees, Style::Money);
        sheet.formula(row, a.debtService,
                      c.round("SUMIF(ScheduleYears," + kRef + "," +
                              (c.savingsLinked() ? "SchedulePaid" : "ScheduleDebtService") + ")"),
                      r.debtService, Style::Money);
        if (c.savingsLinked()) {
            Money contractual = 0.0;
            for (std::size_t j = 0; j < ev.schedule.rows.size(); ++j)
                if (c.periodYear[j] == k) contractual = c.money(contractual + ev.schedule.rows[j].debtService);
            sheet.formula(row, l.contractualDebtService,
                          c.round("SUMIF(ScheduleYears," + kRef + ",ScheduleDebtService)"), contractual, Style::Money);
            sheet.formulaOrNull(row, l.contractualDscr,
                                "IF(" + at(l.contractualDebtService) + ">0," + at(a.cfads) + "/" +
                                    at(l.contractualDebtService) + ",\"\")",
                                contractual > 0.0 ? std::optional<double>(r.cfads / contractual) : std::nullopt,
                                Style::Ratio);
        }
        sheet.formula(row, a.netProceeds, "IF(" + kRef + "=IssueYear,NetProceeds,0)", r.netProceeds, Style::Money);
        sheet.formula(row, a.reserve,
                      c.round("IF(" + kRef + "=IssueYear,-ReserveAmount,0)+IF(" + kRef + "=FinalYear,ReserveAmount,0)"),
                      r.reserve, Style::Money);

        // Discount factors: the method's factor, then deflated by (1 + inflation)^k.
        const double method = methodFactors[y];
        if (k == 0) {
            sheet.number(row, l.methodFactor, 1.0, Style::Factor);
        } else if (l.bandRate >= 0) {
            const auto bandFirst = [](Year year) {
                for (int from : {301, 201, 126, 76, 31})
                    if (year >= from) return from;
                return 1;
            };
            sheet.formula(row, l.bandRate, "VLOOKUP(" + kRef + ",GreenBookBands,2,TRUE)", finance::greenBookRate(k),
                          Style::Percent);
            sheet.formula(row, l.bandStart, "VLOOKUP(" + kRef + ",GreenBookBands,1,TRUE)", bandFirst(k), Style::Integer);
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
            sheet.formula(row, l.zeroRate, zero, finance::curveZeroRate(s.discounting.points, k), Style::Percent);
            sheet.formula(row, l.methodFactor, "(1+" + at(l.zeroRate) + ")^(-" + kRef + ")", method, Style::Factor);
        } else {
            sheet.formula(row, l.methodFactor, "(1+DiscountRate)^(-" + kRef + ")", method, Style::Factor);
        }
        sheet.formula(row, a.discountFactor, at(l.methodFactor) + "/(1+Inflation)^" + kRef, r.discountFactor,
                      Style::Factor);
    }
    writeDerivedAnnualColumns(c, sheet, a, first, ev.annual);

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

// --- Schedule --------------------------------------------------------------------------------

void writeScheduleSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const RunLayout& l = c.layout;
    const ScheduleColumns& k = l.schedule;
    const auto& rows = ev.schedule.rows;
    const int n = static_cast<int>(rows.size());
    const int first = l.scheduleFirstRow, last = first + n - 1;
    const int headerRow = first - 2;
    const int perYear = finance::perYear(s.bond.frequency);
    const int capitalised = s.bond.capitalisedInterestYears * perYear;
    const int interestOnly = s.bond.interestOnlyYears * perYear;
    const int firstAmortizing = c.firstAmortizingPeriod();
    const auto type = s.bond.amortization;

    sheet.text(0, 0, "Repayment schedule (" + std::string(finance::name(type)) + ", " +
                         std::string(finance::name(s.bond.frequency)) + ")",
               Style::Title);
    sheet.text(1, 0,
               "Dates and accrual fractions are values from QuantLib 1.29 (calendar " +
                   std::string(finance::name(s.bond.calendar)) + ", " +
                   std::string(finance::name(s.bond.paymentConvention)) + ", day counter " +
                   std::string(finance::name(s.bond.dayCount)) +
                   " on the unadjusted accrual dates); every amount is a formula. The rows follow the inputs at export "
                   "(number of periods and their kinds): change those and export again.",
               Style::Note);

    // Parameters of the amortization, above the table.
    int p = 3;
    const int valueColumn = k.opening;
    const auto parameter = [&](const std::string& label, const std::string& formula, double cached, Style style,
                               const std::string& name) {
        sheet.text(p, 0, label, Style::Plain);
        sheet.formula(p, valueColumn, formula, cached, style);
        c.book.defineName(name, onSheet(kSchedule, cellRef(p, valueColumn, true)));
        ++p;
    };
    parameter("Capitalised periods", "CapitalisedYears*PaymentsPerYear", capitalised, Style::Integer,
              "CapitalisedPeriods");
    parameter("Interest-only periods", "InterestOnlyYears*PaymentsPerYear", interestOnly, Style::Integer,
              "InterestOnlyPeriods");
    parameter("Amortizing periods", "PeriodCount-CapitalisedPeriods-InterestOnlyPeriods", n - capitalised - interestOnly,
              Style::Integer, "AmortizingPeriods");
    const finance::ScheduleRow& startRow = rows[static_cast<std::size_t>(firstAmortizing - 1)];
    // A direct reference, not INDEX over the column: the later balances depend on this cell.
    parameter("Balance when amortization starts (period " + std::to_string(firstAmortizing) + ")",
              "=" + cellRef(c.scheduleRow(firstAmortizing), k.opening), startRow.openingBalance, Style::Money,
              "AmortizingBalance");
    if (type == finance::AmortizationType::Annuity) {
        const Money level = finance::annuityPayment(startRow.openingBalance, s.bond.coupon.rate, s.bond.frequency,
                                        n - capitalised - interestOnly, s.rounding);
        parameter("Level payment: ROUND(PMT(coupon / payments a year, amortizing periods, -balance))",
                  c.round("-PMT(Coupon/PaymentsPerYear,AmortizingPeriods,AmortizingBalance)"), level, Style::Money,
                  "LevelPayment");
    } else if (type == finance::AmortizationType::LevelPrincipal) {
        const Money level = s.rounding(startRow.openingBalance / (n - capitalised - interestOnly));
        parameter("Level principal: balance / amortizing periods", c.round("AmortizingBalance/AmortizingPeriods"),
                  level, Style::Money, "LevelPrincipal");
    } else if (type == finance::AmortizationType::Sculpted) {
        const double dscr = ev.metrics.sculptDscr.value_or(0.0);
        if (s.bond.notional.rule == scenarios::NotionalRule::TargetMinDscr)
            parameter("Sculpting DSCR D (the target)", "TargetMinDscr", dscr, Style::Ratio, "SculptDscr");
        else
            parameter("Sculpting DSCR D = SUM(S_j x v_j) / balance (repays the balance exactly)",
                      "SUMPRODUCT(SculptTargets,SculptDiscounts)/AmortizingBalance", dscr, Style::Ratio, "SculptDscr");
    }

    heading(sheet, headerRow, k.period, "Period", "period");
    heading(sheet, headerRow, k.kind, "Kind", "kind");
    heading(sheet, headerRow, k.accrualStart, "Accrual start", "accrual_start");
    heading(sheet, headerRow, k.accrualEnd, "Accrual end", "accrual_end");
    heading(sheet, headerRow, k.paymentDate, "Payment date", "payment_date");
    heading(sheet, headerRow, k.year, "Programme year", "(helper) programme_year");
    heading(sheet, headerRow, k.fraction, "Accrual fraction", "accrual_fraction");
    heading(sheet, headerRow, k.opening, "Opening balance", "opening_balance");
    heading(sheet, headerRow, k.interest, "Interest", "interest");
    heading(sheet, headerRow, k.principal, "Principal", "principal");
    heading(sheet, headerRow, k.capitalised, "Capitalised interest", "capitalised_interest");
    heading(sheet, headerRow, k.debtService, "Debt service", "debt_service");
    heading(sheet, headerRow, k.closing, "Closing balance", "closing_balance");
    if (c.savingsLinked()) {
        heading(sheet, headerRow, k.available, "Available from savings", "available");
        heading(sheet, headerRow, k.arrearsInterest, "Arrears interest", "arrears_interest");
        heading(sheet, headerRow, k.owed, "Owed", "(helper) owed");
        heading(sheet, headerRow, k.paid, "Paid", "paid");
        heading(sheet, headerRow, k.arrears, "Arrears", "arrears");
        heading(sheet, headerRow, k.yearEndArrears, "Year ends in arrears", "(helper) year_end_arrears");
    }
    if (c.sculpted()) {
        heading(sheet, headerRow, k.sculptTarget, "Sculpt target S_j = CFADS / dates", "(helper) sculpt_target");
        heading(sheet, headerRow, k.sculptDiscount, "Discount v_j", "(helper) sculpt_discount");
        heading(sheet, headerRow, k.sculptedPayment, "Sculpted payment", "(helper) sculpted_payment");
    }

    // Sculpting: targets per amortizing date and the chained discount of the unrounded recursion.
    std::map<Year, int> amortizingDatesInYear, datesInYear;
    for (int j = 1; j <= n; ++j) {
        ++datesInYear[c.periodYear[static_cast<std::size_t>(j - 1)]];
        if (j >= firstAmortizing) ++amortizingDatesInYear[c.periodYear[static_cast<std::size_t>(j - 1)]];
    }
    double chain = 1.0;
    Money arrearsBefore = 0.0;

    for (int j = 1; j <= n; ++j) {
        const finance::ScheduleRow& r = rows[static_cast<std::size_t>(j - 1)];
        const Year year = c.periodYear[static_cast<std::size_t>(j - 1)];
        const int row = c.scheduleRow(j);
        const auto at = [&](int column) { return cellRef(row, column); };
        const auto above = [&](int column) { return cellRef(row - 1, column); };
        const bool lastRow = j == n;

        sheet.number(row, k.period, j, Style::Integer);
        sheet.text(row, k.kind, std::string(finance::name(r.kind)), Style::Plain);
        sheet.date(row, k.accrualStart, r.accrualStart);
        sheet.date(row, k.accrualEnd, r.accrualEnd);
        sheet.date(row, k.paymentDate, r.paymentDate);
        sheet.formula(row, k.year, "COUNTIF(YearEnds,\"<\"&" + at(k.accrualEnd) + ")", year, Style::Integer);
        sheet.number(row, k.fraction, r.accrualFraction, Style::Factor);
        sheet.formula(row, k.opening, j == 1 ? "=Notional" : "=" + above(k.closing), r.openingBalance, Style::Money);
        sheet.formula(row, k.interest, c.round(at(k.opening) + "*Coupon*" + at(k.fraction)), r.interest, Style::Money);

        // Sculpting helpers first: the principal formula uses the sculpted payment.
        if (c.sculpted()) {
            const bool amortizing = j >= firstAmortizing;
            const double target = amortizing ? ev.annual[static_cast<std::size_t>(year)].cfads / amortizingDatesInYear[year] : 0.0;
            if (amortizing) chain /= 1.0 + s.bond.coupon.rate * r.accrualFraction;
            const std::string isAmortizing = "$" + columnName(k.kind) + std::to_string(row + 1) + "=\"amortizing\"";
            sheet.formula(row, k.sculptTarget,
                          "IF(" + isAmortizing + ",INDEX(CFADS," + at(k.year) + "+1)/COUNTIFS(ScheduleYears," +
                              at(k.year) + ",ScheduleKinds,\"amortizing\"),0)",
                          target, Style::Money);
            sheet.formula(row, k.sculptDiscount,
                          "IF(" + isAmortizing + "," + (j == 1 ? std::string("1") : above(k.sculptDiscount)) +
                              "/(1+Coupon*" + at(k.fraction) + "),1)",
                          amortizing ? chain : 1.0, Style::Factor);
            const double dscr = ev.metrics.sculptDscr.value_or(1.0);
            sheet.formula(row, k.sculptedPayment,
                          "IF(" + isAmortizing + ",ROUNDDOWN(" + at(k.sculptTarget) + "/SculptDscr,Decimals),0)",
                          amortizing ? s.rounding.down(target / dscr) : 0.0, Style::Money);
        }

        // Principal: by amortization type in amortizing periods, within [0, opening balance];
        // the last period's principal is the remaining balance, so the closing balance is 0.00.
        const std::string clampTo = at(k.opening);
        std::string principal;
        if (lastRow) {
            principal = "=" + clampTo;
        } else {
            std::string amount;
            switch (type) {
            case finance::AmortizationType::Bullet:
                amount = "0";
                break;
            case finance::AmortizationType::Annuity:
                amount = c.round("LevelPayment-" + at(k.interest));
                break;
            case finance::AmortizationType::LevelPrincipal:
                amount = "LevelPrincipal";
                break;
            case finance::AmortizationType::Custom:
                amount = c.round("INDEX(CustomEntries," + at(k.period) + ")");
                break;
            case finance::AmortizationType::CustomFractions:
                amount = c.round("INDEX(CustomEntries," + at(k.period) + ")*Notional");
                break;
            case finance::AmortizationType::Sculpted:
                amount = c.round(at(k.sculptedPayment) + "-" + at(k.interest));
                break;
            }
            principal = type == finance::AmortizationType::Bullet
                            ? std::string()
                            : "IF($" + columnName(k.kind) + std::to_string(row + 1) + "=\"amortizing\",MIN(" + clampTo +
                                  ",MAX(0," + amount + ")),0)";
        }
        if (principal.empty())
            sheet.number(row, k.principal, 0.0, Style::Money);  // a bullet repays nothing before maturity
        else
            sheet.formula(row, k.principal, principal, r.principal, Style::Money);
        sheet.formula(row, k.capitalised,
                      "IF($" + columnName(k.kind) + std::to_string(row + 1) + "=\"capitalised\"," + at(k.interest) + ",0)",
                      r.capitalisedInterest, Style::Money);
        sheet.formula(row, k.debtService, c.round(at(k.interest) + "-" + at(k.capitalised) + "+" + at(k.principal)),
                      r.debtService, Style::Money);
        sheet.formula(row, k.closing, c.round(at(k.opening) + "-" + at(k.principal) + "+" + at(k.capitalised)),
                      r.closingBalance, Style::Money);

        if (c.savingsLinked()) {
            const finance::PaidRow& pr = ev.paid->rows[static_cast<std::size_t>(j - 1)];
            const auto& terms = s.bond.savingsLinked;
            sheet.formula(row, k.available,
                          c.round("SavingsShare*MAX(INDEX(CFADS," + at(k.year) + "+1),0)/COUNTIF(ScheduleYears," +
                                  at(k.year) + ")"),
                          pr.available, Style::Money);
            if (j == 1)
                sheet.number(row, k.arrearsInterest, 0.0, Style::Money);  // nothing brought forward
            else
                sheet.formula(row, k.arrearsInterest, c.round(above(k.arrears) + "*Coupon*" + at(k.fraction)),
                              pr.arrearsInterest, Style::Money);
            const Money owed = c.money(r.debtService + arrearsBefore + pr.arrearsInterest);
            sheet.formula(row, k.owed,
                          c.round(at(k.debtService) + (j == 1 ? "" : "+" + above(k.arrears)) + "+" +
                                  at(k.arrearsInterest)),
                          owed, Style::Money);
            std::string pay = lastRow && terms.councilGuarantee
                                  ? at(k.owed)
                                  : "MIN(" + at(k.owed) + ",MAX(" + at(k.available) + ",0))";
            if (terms.capMultiple) {
                const std::string before =
                    j == 1 ? "0" : "SUM(" + rangeRef(first, k.paid, row - 1, k.paid) + ")";
                pay = "MIN(" + pay + ",MAX(" + c.round("InvestorCap-" + before) + ",0))";
            }
            sheet.formula(row, k.paid, "MAX(" + pay + ",0)", pr.paid, Style::Money);
            sheet.formula(row, k.arrears, c.round(at(k.owed) + "-" + at(k.paid)), pr.arrears, Style::Money);
            const bool yearEnd = lastRow || c.periodYear[static_cast<std::size_t>(j)] != year;
            const std::string endsYear =
                lastRow ? "TRUE" : at(k.year) + "<>" + cellRef(row + 1, k.year);
            sheet.formula(row, k.yearEndArrears, "IF(AND(" + endsYear + "," + at(k.arrears) + ">0),1,0)",
                          yearEnd && pr.arrears > 0.0 ? 1.0 : 0.0, Style::Integer);
            arrearsBefore = pr.arrears;
        }
    }

    // Annual fees: one per unadjusted anniversary of the issue date up to maturity.
    if (l.feeCount > 0) {
        heading(sheet, headerRow, k.feeNumber, "Fee (anniversary)", "(fees) number");
        heading(sheet, headerRow, k.feeDate, "Anniversary", "(fees) date");
        heading(sheet, headerRow, k.feeYear, "Programme year", "(fees) programme_year");
        heading(sheet, headerRow, k.feeAmount, "Fee", "(fees) amount");
        for (int j = 1; j <= l.feeCount; ++j) {
            const int row = first + j - 1;
            const auto date = c.feeDates[static_cast<std::size_t>(j - 1)];
            sheet.number(row, k.feeNumber, j, Style::Integer);
            sheet.formula(row, k.feeDate, "EDATE(IssueDate,12*" + cellRef(row, k.feeNumber) + ")", date.serial(),
                          Style::Date);
            sheet.formula(row, k.feeYear, "COUNTIF(YearEnds,\"<\"&" + cellRef(row, k.feeDate) + ")", c.years.yearOf(date),
                          Style::Integer);
            sheet.formula(row, k.feeAmount, "=FeeAmount", c.money(s.bond.annualFees), Style::Money);
        }
        const int feeLast = first + l.feeCount - 1;
        c.book.defineName("FeeDates", onSheet(kSchedule, rangeRef(first, k.feeDate, feeLast, k.feeDate)));
        c.book.defineName("FeeYears", onSheet(kSchedule, rangeRef(first, k.feeYear, feeLast, k.feeYear)));
        c.book.defineName("FeeAmounts", onSheet(kSchedule, rangeRef(first, k.feeAmount, feeLast, k.feeAmount)));
    }

    const auto name = [&](const std::string& nm, int column) {
        c.book.defineName(nm, onSheet(kSchedule, rangeRef(first, column, last, column)));
    };
    name("ScheduleYears", k.year);
    name("ScheduleKinds", k.kind);
    name("PaymentDates", k.paymentDate);
    name("ScheduleInterest", k.interest);
    name("ScheduleDebtService", k.debtService);
    if (c.savingsLinked()) {
        name("SchedulePaid", k.paid);
        name("YearEndArrears", k.yearEndArrears);
    }
    if (c.sculpted()) {
        name("SculptTargets", k.sculptTarget);
        name("SculptDiscounts", k.sculptDiscount);
    }

    sheet.columnWidth(k.period, k.period, 7);
    sheet.columnWidth(k.kind, k.kind, 13);
    sheet.columnWidth(k.accrualStart, k.paymentDate, 12);
    sheet.columnWidth(k.year, k.year, 9);
    sheet.columnWidth(k.fraction, k.fraction, 13);
    sheet.columnWidth(k.opening, k.feeAmount, 15);
    sheet.columnWidth(k.feeNumber - 1, k.feeNumber - 1, 3);
    sheet.freeze(first, 1);
}

}  // namespace itsb::reports::xlsx
