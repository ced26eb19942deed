#include "columns.hpp"

namespace itsb::reports {

using scenarios::AnnualRow;

std::vector<ScheduleLine> scheduleLines(const scenarios::Evaluation& ev) {
    std::vector<ScheduleLine> lines;
    for (std::size_t j = 0; j < ev.schedule.rows.size(); ++j)
        lines.push_back({ev.schedule.rows[j], ev.paid ? std::optional<finance::PaidRow>(ev.paid->rows[j]) : std::nullopt});
    return lines;
}

std::vector<Column<ScheduleLine>> scheduleColumns(const scenarios::Evaluation& ev) {
    using L = ScheduleLine;
    std::vector<Column<L>> columns{
        {"period", "Period", ValueKind::Integer, [](const L& l) { return Cell(double(l.row.period)); }},
        {"kind", "Kind", ValueKind::Text, [](const L& l) { return Cell(std::string(finance::name(l.row.kind))); }},
        {"accrual_start", "Accrual start", ValueKind::Text, [](const L& l) { return Cell(l.row.accrualStart.iso()); }},
        {"accrual_end", "Accrual end", ValueKind::Text, [](const L& l) { return Cell(l.row.accrualEnd.iso()); }},
        {"payment_date", "Payment date", ValueKind::Text, [](const L& l) { return Cell(l.row.paymentDate.iso()); }},
        {"accrual_fraction", "Fraction", ValueKind::Factor, [](const L& l) { return Cell(l.row.accrualFraction); }},
        {"opening_balance", "Opening balance", ValueKind::Amount, [](const L& l) { return Cell(l.row.openingBalance); }},
        {"interest", "Interest", ValueKind::Amount, [](const L& l) { return Cell(l.row.interest); }},
        {"principal", "Principal", ValueKind::Amount, [](const L& l) { return Cell(l.row.principal); }},
        {"capitalised_interest", "Capitalised", ValueKind::Amount,
         [](const L& l) { return Cell(l.row.capitalisedInterest); }},
        {"debt_service", "Debt service", ValueKind::Amount, [](const L& l) { return Cell(l.row.debtService); }},
        {"closing_balance", "Closing balance", ValueKind::Amount, [](const L& l) { return Cell(l.row.closingBalance); }},
    };
    if (ev.paid) {
        const std::vector<Column<L>> paid{
            {"available", "Available", ValueKind::Amount, [](const L& l) { return Cell(l.paid->available); }},
            {"arrears_interest", "Arrears interest", ValueKind::Amount,
             [](const L& l) { return Cell(l.paid->arrearsInterest); }},
            {"paid", "Paid", ValueKind::Amount, [](const L& l) { return Cell(l.paid->paid); }},
            {"arrears", "Arrears", ValueKind::Amount, [](const L& l) { return Cell(l.paid->arrears); }},
        };
        columns.insert(columns.end(), paid.begin(), paid.end());
    }
    return columns;
}

const std::vector<Column<AnnualRow>>& annualColumns() {
    static const std::vector<Column<AnnualRow>> columns{
        {"year", "Year", ValueKind::Integer, [](const AnnualRow& r) { return Cell(double(r.year)); }},
        {"fiscal_year", "Fiscal year", ValueKind::Text, [](const AnnualRow& r) { return Cell(r.fiscalYear); }},
        {"baseline_expenditure", "Baseline", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.baselineExpenditure); }},
        {"gross_savings", "Gross savings", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.grossSavings); }},
        {"running_costs", "Running costs", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.runningCosts); }},
        {"one_off_costs", "One-off costs", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.oneOffCosts); }},
        {"net_savings", "Net savings", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.netSavings); }},
        {"annual_fees", "Fees", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.annualFees); }},
        {"cfads", "CFADS", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.cfads); }},
        {"debt_service", "Debt service", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.debtService); }},
        {"dscr", "DSCR", ValueKind::Ratio, [](const AnnualRow& r) { return cell(r.dscr); }},
        {"net_proceeds", "Net proceeds", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.netProceeds); }},
        {"reserve", "Reserve", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.reserve); }},
        {"project_flow", "Project flow", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.projectFlow); }},
        {"council_flow", "Council flow", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.councilFlow); }},
        {"cumulative_position", "Cumulative", ValueKind::Amount, [](const AnnualRow& r) { return Cell(r.cumulativePosition); }},
        {"discount_factor", "DF", ValueKind::Factor, [](const AnnualRow& r) { return Cell(r.discountFactor); }},
    };
    return columns;
}

std::vector<Column<RevenueRow>> revenueColumns(const std::string& mrpTitle) {
    using R = RevenueRow;
    const auto money = [](Money R::*field) { return [field](const R& r) { return Cell(r.*field); }; };
    return {
        {"year", "Year", ValueKind::Integer, [](const R& r) { return Cell(double(r.year)); }},
        {"fiscal_year", "Fiscal year", ValueKind::Text, [](const R& r) { return Cell(r.fiscalYear); }},
        {"gross_savings", "Gross savings", ValueKind::Amount, money(&R::grossSavings)},
        {"running_costs", "Running costs", ValueKind::Amount, money(&R::runningCosts)},
        {"fees", "Fees", ValueKind::Amount, money(&R::fees)},
        {"revenue_one_off_costs", "Revenue one-off", ValueKind::Amount, money(&R::revenueOneOffCosts)},
        {"funded_by_capital_receipts", "Capital receipts", ValueKind::Amount, money(&R::fundedByCapitalReceipts)},
        {"funded_by_grants", "Grants", ValueKind::Amount, money(&R::fundedByGrants)},
        {"funded_by_reserves", "Reserves", ValueKind::Amount, money(&R::fundedByReserves)},
        {"interest_accrued", "Interest accrued", ValueKind::Amount, money(&R::interestAccrued)},
        {"mrp", mrpTitle == "MRP" ? "MRP" : "Loans fund repayments", ValueKind::Amount, money(&R::mrp)},
        {"issuance_costs", "Issuance costs", ValueKind::Amount, money(&R::issuanceCosts)},
        {"net_revenue_effect", "Net revenue effect", ValueKind::Amount, money(&R::netRevenueEffect)},
        {"cumulative", "Cumulative", ValueKind::Amount, money(&R::cumulative)},
        {"cfr_opening", "CFR opening", ValueKind::Amount, money(&R::cfrOpening)},
        {"cfr_borrowing", "CFR borrowing", ValueKind::Amount, money(&R::cfrBorrowing)},
        {"cfr_closing", "CFR closing", ValueKind::Amount, money(&R::cfrClosing)},
        {"net_revenue_stream", "Net revenue stream", ValueKind::Amount, [](const R& r) { return cell(r.netRevenueStream); }},
        {"financing_cost_ratio", "Financing-cost ratio", ValueKind::Percent, [](const R& r) { return cell(r.financingCostRatio); }},
        {"band_d_equivalent", "Band D equivalent", ValueKind::Amount, [](const R& r) { return cell(r.bandDEquivalent); }},
    };
}

std::vector<Column<PwlbYear>> pwlbColumns() {
    return {
        {"year", "Year", ValueKind::Integer, [](const PwlbYear& r) { return Cell(double(r.year)); }},
        {"fiscal_year", "Fiscal year", ValueKind::Text, [](const PwlbYear& r) { return Cell(r.fiscalYear); }},
        {"bond_debt_service", "Bond debt service", ValueKind::Amount, [](const PwlbYear& r) { return Cell(r.bondDebtService); }},
        {"pwlb_debt_service", "PWLB debt service", ValueKind::Amount, [](const PwlbYear& r) { return Cell(r.pwlbDebtService); }},
    };
}

PwlbEntries pwlbEntries(const scenarios::PwlbComparison& c) {
    PwlbEntries out;
    out.terms = {
        {"rate_type", "Rate type", ValueKind::Text, Cell(c.rateType)},
        {"gilt_yield", "Gilt yield", ValueKind::Percent, Cell(c.giltYield)},
        {"margin", "Margin", ValueKind::Percent, Cell(c.margin)},
        {"rate", "Rate", ValueKind::Percent, Cell(c.rate)},
        {"amortization", "Amortization", ValueKind::Text, Cell(c.amortization)},
    };
    if (c.unavailable) {
        out.figures = {{"reason", "Reason", ValueKind::Text, Cell(*c.unavailable)}};
        return out;
    }
    out.figures = {
        {"notional", "Notional", ValueKind::Amount, Cell(c.notional)},
        {"bond_total_interest", "Bond total interest", ValueKind::Amount, Cell(c.bondTotalInterest)},
        {"pwlb_total_interest", "PWLB total interest", ValueKind::Amount, Cell(c.pwlbTotalInterest)},
        {"bond_npv_after_financing", "Bond NPV after financing", ValueKind::Amount, Cell(c.bondNpvAfterFinancing)},
        {"pwlb_npv_after_financing", "PWLB NPV after financing", ValueKind::Amount, Cell(c.pwlbNpvAfterFinancing)},
        {"npv_difference", "NPV difference (bond - PWLB)", ValueKind::Amount, Cell(c.npvDifference)},
    };
    return out;
}

}  // namespace itsb::reports
