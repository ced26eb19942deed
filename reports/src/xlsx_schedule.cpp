// The run workbook's Schedule sheet: the repayment schedule period by period, every amount a
// formula over the inputs in the order and with the rounding itsb applies (docs/CONVENTIONS.md).
#include "xlsx_run.hpp"

namespace itsb::reports::xlsx {

using finance::Year;

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
    const scenarios::WorkbookFigures& fig = c.fig;
    const int capitalised = fig.capitalisedPeriods;
    const int interestOnly = fig.interestOnlyPeriods;
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
    parameter("Amortizing periods", "PeriodCount-CapitalisedPeriods-InterestOnlyPeriods", fig.amortizingPeriods,
              Style::Integer, "AmortizingPeriods");
    const finance::ScheduleRow& startRow = rows[static_cast<std::size_t>(firstAmortizing - 1)];
    // A direct reference, not INDEX over the column: the later balances depend on this cell.
    parameter("Balance when amortization starts (period " + std::to_string(firstAmortizing) + ")",
              "=" + cellRef(c.scheduleRow(firstAmortizing), k.opening), startRow.openingBalance, Style::Money,
              "AmortizingBalance");
    if (type == finance::AmortizationType::Annuity) {
        parameter("Level payment: ROUND(PMT(coupon / payments a year, amortizing periods, -balance))",
                  c.round("-PMT(Coupon/PaymentsPerYear,AmortizingPeriods,AmortizingBalance)"),
                  fig.levelPayment.value_or(0.0), Style::Money, "LevelPayment");
    } else if (type == finance::AmortizationType::LevelPrincipal) {
        parameter("Level principal: balance / amortizing periods", c.round("AmortizingBalance/AmortizingPeriods"),
                  fig.levelPrincipal.value_or(0.0), Style::Money, "LevelPrincipal");
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

    for (int j = 1; j <= n; ++j) {
        const auto index = static_cast<std::size_t>(j - 1);
        const finance::ScheduleRow& r = rows[index];
        const Year year = fig.periodYear[index];
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
            const std::string isAmortizing = "$" + columnName(k.kind) + std::to_string(row + 1) + "=\"amortizing\"";
            sheet.formula(row, k.sculptTarget,
                          "IF(" + isAmortizing + ",INDEX(CFADS," + at(k.year) + "+1)/COUNTIFS(ScheduleYears," +
                              at(k.year) + ",ScheduleKinds,\"amortizing\"),0)",
                          fig.sculptTargets[index], Style::Money);
            sheet.formula(row, k.sculptDiscount,
                          "IF(" + isAmortizing + "," + (j == 1 ? std::string("1") : above(k.sculptDiscount)) +
                              "/(1+Coupon*" + at(k.fraction) + "),1)",
                          fig.sculptDiscounts[index], Style::Factor);
            sheet.formula(row, k.sculptedPayment,
                          "IF(" + isAmortizing + ",ROUNDDOWN(" + at(k.sculptTarget) + "/SculptDscr,Decimals),0)",
                          fig.sculptedPayments[index], Style::Money);
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
            const finance::PaidRow& pr = ev.paid->rows[index];
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
            sheet.formula(row, k.owed,
                          c.round(at(k.debtService) + (j == 1 ? "" : "+" + above(k.arrears)) + "+" +
                                  at(k.arrearsInterest)),
                          fig.owed[index], Style::Money);
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
            const std::string endsYear =
                lastRow ? "TRUE" : at(k.year) + "<>" + cellRef(row + 1, k.year);
            sheet.formula(row, k.yearEndArrears, "IF(AND(" + endsYear + "," + at(k.arrears) + ">0),1,0)",
                          fig.yearEndsInArrears[index] ? 1.0 : 0.0, Style::Integer);
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
            const auto fee = static_cast<std::size_t>(j - 1);
            sheet.number(row, k.feeNumber, j, Style::Integer);
            sheet.formula(row, k.feeDate, "EDATE(IssueDate,12*" + cellRef(row, k.feeNumber) + ")",
                          fig.feeDates[fee].serial(), Style::Date);
            sheet.formula(row, k.feeYear, "COUNTIF(YearEnds,\"<\"&" + cellRef(row, k.feeDate) + ")", fig.feeYears[fee],
                          Style::Integer);
            sheet.formula(row, k.feeAmount, "=FeeAmount", fig.feeAmount, Style::Money);
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
