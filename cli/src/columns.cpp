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
        {"opening_balance", "Opening balance", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.openingBalance); }},
        {"interest", "Interest", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.interest); }},
        {"principal", "Principal", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.principal); }},
        {"capitalised_interest", "Capitalised", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.capitalisedInterest); }},
        {"debt_service", "Debt service", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.debtService); }},
        {"closing_balance", "Closing balance", ValueKind::Money, [](const ScheduleRow& r) { return Cell(r.closingBalance); }},
    };
    return columns;
}

const std::vector<Column<AnnualRow>>& annualColumns() {
    static const std::vector<Column<AnnualRow>> columns{
        {"year", "Year", ValueKind::Integer, [](const AnnualRow& r) { return Cell(double(r.year)); }},
        {"fiscal_year", "Fiscal year", ValueKind::Text, [](const AnnualRow& r) { return Cell(r.fiscalYear); }},
        {"baseline_expenditure", "Baseline", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.baselineExpenditure); }},
        {"gross_savings", "Gross savings", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.grossSavings); }},
        {"running_costs", "Running costs", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.runningCosts); }},
        {"one_off_costs", "One-off costs", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.oneOffCosts); }},
        {"net_savings", "Net savings", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.netSavings); }},
        {"annual_fees", "Fees", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.annualFees); }},
        {"cfads", "CFADS", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.cfads); }},
        {"debt_service", "Debt service", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.debtService); }},
        {"dscr", "DSCR", ValueKind::Ratio, [](const AnnualRow& r) { return cell(r.dscr); }},
        {"net_proceeds", "Net proceeds", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.netProceeds); }},
        {"reserve", "Reserve", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.reserve); }},
        {"project_flow", "Project flow", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.projectFlow); }},
        {"council_flow", "Council flow", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.councilFlow); }},
        {"cumulative_position", "Cumulative", ValueKind::Money, [](const AnnualRow& r) { return Cell(r.cumulativePosition); }},
        {"discount_factor", "DF", ValueKind::Factor, [](const AnnualRow& r) { return Cell(r.discountFactor); }},
    };
    return columns;
}

std::vector<MetricEntry> tableMetricEntries(const scenarios::TableMetrics& m) {
    return {
        {"project_irr", "Project IRR", ValueKind::Rate, cell(m.projectIrr)},
        {"project_irr_roots", "Project IRR roots", ValueKind::Rate, Cell(m.projectIrrRoots)},
        {"mirr", "Project MIRR", ValueKind::Rate, cell(m.mirr)},
        {"project_npv", "Project NPV", ValueKind::Money, Cell(m.projectNpv)},
        {"npv_after_financing", "NPV after financing", ValueKind::Money, Cell(m.npvAfterFinancing)},
        {"benefit_cost_ratio", "Benefit-cost ratio", ValueKind::Ratio, cell(m.benefitCostRatio)},
        {"payback_years", "Payback (years)", ValueKind::Years, cell(m.paybackYears)},
        {"discounted_payback_years", "Discounted payback (years)", ValueKind::Years, cell(m.discountedPaybackYears)},
        {"break_even_year", "Break-even year", ValueKind::Integer, cell(m.breakEvenYear)},
        {"break_even_fiscal_year", "Break-even fiscal year", ValueKind::Text, cell(m.breakEvenFiscalYear)},
        {"min_dscr", "Minimum DSCR", ValueKind::Ratio, cell(m.minDscr)},
        {"avg_dscr", "Average DSCR", ValueKind::Ratio, cell(m.avgDscr)},
        {"total_debt_service", "Total debt service", ValueKind::Money, Cell(m.totalDebtService)},
    };
}

std::vector<MetricEntry> metricEntries(const scenarios::Metrics& m) {
    std::vector<MetricEntry> entries{
        {"investor_yield", "Investor yield", ValueKind::Rate, cell(m.investorYield)},
        {"investor_irr", "Investor IRR (XIRR)", ValueKind::Rate, cell(m.investorIrr)},
        {"council_all_in_cost", "Council all-in cost (XIRR)", ValueKind::Rate, cell(m.councilAllInCost)},
    };
    for (auto& e : tableMetricEntries(m.table))
        if (e.key != "total_debt_service") entries.push_back(std::move(e));
    const std::vector<MetricEntry> rest{
        {"llcr", "Loan life cover ratio", ValueKind::Ratio, cell(m.llcr)},
        {"macaulay_duration", "Macaulay duration (years)", ValueKind::Years, cell(m.macaulayDuration)},
        {"modified_duration", "Modified duration", ValueKind::Years, cell(m.modifiedDuration)},
        {"convexity", "Convexity", ValueKind::Factor, cell(m.convexity)},
        {"total_interest", "Total interest", ValueKind::Money, Cell(m.totalInterest)},
        {"total_debt_service", "Total debt service", ValueKind::Money, Cell(m.table.totalDebtService)},
        {"notional", "Notional", ValueKind::Money, Cell(m.notional)},
        {"net_proceeds", "Net proceeds", ValueKind::Money, Cell(m.netProceeds)},
    };
    entries.insert(entries.end(), rest.begin(), rest.end());
    return entries;
}

}  // namespace itsb::cli
