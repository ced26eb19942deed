// The run workbook's layout: which row and column each figure takes, shared by its sheets, and the
// spreadsheet rounding expression.
#include "xlsx_run.hpp"

#include <stdexcept>

namespace itsb::reports::xlsx {

namespace {

const scenarios::WorkbookFigures& figuresOf(const scenarios::Evaluation& evaluation) {
    if (!evaluation.workbook)
        throw std::invalid_argument("a run workbook needs the evaluation's workbook figures: evaluate with "
                                    "EvaluateOptions::workbook");
    if (evaluation.revenue && !evaluation.workbook->revenue)
        throw std::invalid_argument("a run workbook with the revenue view needs its Revenue sheet's figures: evaluate "
                                    "with EvaluateOptions::workbook and revenue");
    return *evaluation.workbook;
}

}  // namespace

// --- Layout ------------------------------------------------------------------------------------

RunContext::RunContext(Workbook& workbook, const scenarios::Evaluation& evaluation,
                       const std::optional<scenarios::NotionalNeighbour>& notionalNeighbour)
    : book(workbook), ev(evaluation), fig(figuresOf(evaluation)), neighbour(notionalNeighbour), s(evaluation.scenario),
      years(s.startDate, s.horizonYears) {
    RunLayout& l = layout;
    AnnualColumns& a = l.annual;
    int next = 0;
    a.assignReported(next, &l.yearEnd);
    // Helpers, right of the JSON columns.
    if (savingsLinked()) {
        l.contractualDebtService = next++;
        l.contractualDscr = next++;
    }
    l.capitalOneOff = next++;
    switch (s.discounting.method) {
    case finance::DiscountMethod::GreenBook:
        l.bandRate = next++;
        l.bandStart = next++;
        break;
    case finance::DiscountMethod::Curve:
        l.zeroRate = next++;
        break;
    case finance::DiscountMethod::Flat:
        break;
    }
    l.methodFactor = next++;
    a.assignHelpers(next);
    for (std::size_t i = 0; i < s.programme.serviceLines.size(); ++i) {
        l.rampColumns.push_back(next++);
        l.lineSavingColumns.push_back(next++);
    }
    l.annualFirstRow = 6;

    ScheduleColumns& sc = l.schedule;
    next = sc.closing + 1;
    if (savingsLinked()) {
        sc.available = next++;
        sc.arrearsInterest = next++;
        sc.owed = next++;
        sc.paid = next++;
        sc.arrears = next++;
        sc.yearEndArrears = next++;
    }
    if (sculpted()) {
        sc.sculptTarget = next++;
        sc.sculptDiscount = next++;
        sc.sculptedPayment = next++;
    }
    ++next;  // a blank column before the fee table
    sc.feeNumber = next++;
    sc.feeDate = next++;
    sc.feeYear = next++;
    sc.feeAmount = next++;
    l.scheduleFirstRow = 12;
    l.feeCount = static_cast<int>(fig.feeDates.size());

    if (revenue()) {
        next = 0;
        l.revenue.assign(next);
        l.revenueFirstRow = 10;
        // Asset-life MRP: one helper column per capital cost, its provision year by year.
        if (s.councilFinance->mrp.method != finance::MrpMethod::CfrFourPercent)
            for (const auto& cost : s.programme.oneOffCosts)
                l.mrpColumns.push_back(cost.kind == scenarios::CostKind::Capital ? next++ : -1);
    }
}

std::string RunContext::round(const std::string& e) const {
    if (s.rounding.mode == finance::RoundingMode::HalfUp) return "ROUND(" + e + ",Decimals)";
    // Spreadsheets have no half-even ROUND: ROUND goes away from zero, so at an exact tie
    // (|e| x 10^Decimals ending in .5 after an odd unit count) one unit is taken back towards zero.
    return "(ROUND(" + e + ",Decimals)-(MOD(ROUND(ABS(" + e + ")*10^Decimals,6),2)=0.5)*SIGN(" + e +
           ")/10^Decimals)";
}

}  // namespace itsb::reports::xlsx
