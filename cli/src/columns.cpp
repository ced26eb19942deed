#include "columns.hpp"

namespace itsb::cli {

using finance::ScheduleRow;
using scenarios::AnnualRow;

const std::vector<Column<ScheduleRow>>& scheduleColumns() {
    static const std::vector<Column<ScheduleRow>> columns{
        {"period", "Period", ValueKind::Integer, [](const ScheduleRow& r) { return Cell(double(r.period)); }},
        {"kind", "Kind", ValueKind::Text, [](const ScheduleRow& r) { return Cell(std::string(finance::name(r.kind))); }},
        {"accrual_start", "Accrual start", ValueKind::Text, [](const ScheduleRow& r) { return Cell(r.accrualStart.iso()); }},
        {"accrual_end", "Accrual end", ValueKind::Text, [](const ScheduleRow& r) { return Cell(r.accrualEnd.iso()); }},
        {"payment_date", "Payment date", ValueKind::Text, [](const ScheduleRow& r) { return Cell(r.paymentDate.iso()); }},
        {"accrual_fraction", "Fraction", ValueKind::Factor, [](const ScheduleRow& r) { return Cell(r.accrualFraction); }},
        {"opening_balance", "Opening balance", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.openingBalance); }},
        {"interest", "Interest", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.interest); }},
        {"principal", "Principal", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.principal); }},
        {"capitalised_interest", "Capitalised", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.capitalisedInterest); }},
        {"debt_service", "Debt service", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.debtService); }},
        {"closing_balance", "Closing balance", ValueKind::Amount, [](const ScheduleRow& r) { return Cell(r.closingBalance); }},
    };
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

}  // namespace itsb::cli
