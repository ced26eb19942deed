#include "itsb/scenarios/model/metric_catalog.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::scenarios {

std::vector<MetricEntry> tableMetricEntries(const scenarios::TableMetrics& m) {
    return {
        {"project_irr", "Project IRR", ValueKind::Percent, cell(m.projectIrr)},
        {"project_irr_roots", "Project IRR roots", ValueKind::Percent, Cell(m.projectIrrRoots)},
        {"mirr", "Project MIRR", ValueKind::Percent, cell(m.mirr)},
        {"project_npv", "Project NPV", ValueKind::Amount, Cell(m.projectNpv)},
        {"npv_after_financing", "NPV after financing", ValueKind::Amount, Cell(m.npvAfterFinancing)},
        {"benefit_cost_ratio", "Benefit-cost ratio", ValueKind::Ratio, cell(m.benefitCostRatio)},
        {"payback_years", "Payback (years)", ValueKind::Years, cell(m.paybackYears)},
        {"discounted_payback_years", "Discounted payback (years)", ValueKind::Years, cell(m.discountedPaybackYears)},
        {"break_even_year", "Break-even year", ValueKind::Integer, cell(m.breakEvenYear)},
        {"break_even_fiscal_year", "Break-even fiscal year", ValueKind::Text, cell(m.breakEvenFiscalYear)},
        {"min_dscr", "Minimum DSCR", ValueKind::Ratio, cell(m.minDscr)},
        {"avg_dscr", "Average DSCR", ValueKind::Ratio, cell(m.avgDscr)},
        {"total_debt_service", "Total debt service", ValueKind::Amount, Cell(m.totalDebtService)},
    };
}

std::vector<MetricEntry> metricEntries(const scenarios::Metrics& m) {
    std::vector<MetricEntry> entries{
        {"investor_yield", "Investor yield", ValueKind::Percent, cell(m.investorYield)},
        {"investor_irr", "Investor IRR (XIRR)", ValueKind::Percent, cell(m.investorIrr)},
        {"council_all_in_cost", "Council all-in cost (XIRR)", ValueKind::Percent, cell(m.councilAllInCost)},
    };
    for (auto& e : tableMetricEntries(m.table))
        if (e.key != "total_debt_service") entries.push_back(std::move(e));
    const std::vector<MetricEntry> rest{
        {"llcr", "Loan life cover ratio", ValueKind::Ratio, cell(m.llcr)},
        {"macaulay_duration", "Macaulay duration (years)", ValueKind::Years, cell(m.macaulayDuration)},
        {"modified_duration", "Modified duration", ValueKind::Years, cell(m.modifiedDuration)},
        {"convexity", "Convexity", ValueKind::Factor, cell(m.convexity)},
        {"total_interest", "Total interest", ValueKind::Amount, Cell(m.totalInterest)},
        {"total_debt_service", "Total debt service", ValueKind::Amount, Cell(m.table.totalDebtService)},
        {"notional", "Notional", ValueKind::Amount, Cell(m.notional)},
        {"net_proceeds", "Net proceeds", ValueKind::Amount, Cell(m.netProceeds)},
        {"sculpt_dscr", "Sculpting DSCR", ValueKind::Ratio, cell(m.sculptDscr)},
        {"investor_loss", "Investor loss (written off)", ValueKind::Amount, Cell(m.investorLoss)},
        {"years_in_arrears", "Years in arrears", ValueKind::Integer, Cell(double(m.yearsInArrears))},
    };
    entries.insert(entries.end(), rest.begin(), rest.end());
    if (m.revenue)
        for (auto& e : revenueMetricEntries(*m.revenue)) entries.push_back(std::move(e));
    return entries;
}

std::vector<MetricEntry> revenueMetricEntries(const RevenueMetrics& m) {
    return {
        {"revenue_break_even_year", "Revenue break-even year", ValueKind::Integer, cell(m.breakEvenYear)},
        {"revenue_break_even_fiscal_year", "Revenue break-even fiscal year", ValueKind::Text, cell(m.breakEvenFiscalYear)},
        {"max_financing_cost_ratio", "Maximum financing-cost ratio", ValueKind::Percent, cell(m.maxFinancingCostRatio)},
        {"peak_cfr", "Peak CFR", ValueKind::Amount, Cell(m.peakCfr)},
        {"total_mrp", "Total MRP", ValueKind::Amount, Cell(m.totalMrp)},
        {"total_interest_accrued", "Total interest accrued", ValueKind::Amount, Cell(m.totalInterestAccrued)},
    };
}


const std::vector<MetricEntry>& metricCatalog() {
    static const std::vector<MetricEntry> catalog = [] {
        Metrics all;
        all.revenue = RevenueMetrics{};
        return metricEntries(all);
    }();
    return catalog;
}

bool isRevenueMetric(std::string_view key) {
    static const std::vector<MetricEntry> revenue = revenueMetricEntries(RevenueMetrics{});
    return std::any_of(revenue.begin(), revenue.end(), [&](const MetricEntry& e) { return e.key == key; });
}

namespace {

bool isNumeric(const MetricEntry& e) {
    return e.kind != ValueKind::Text && !std::holds_alternative<std::vector<double>>(e.value);
}

}  // namespace

std::vector<std::string> numericMetricKeys() {
    std::vector<std::string> keys;
    for (const auto& e : metricCatalog())
        if (isNumeric(e)) keys.push_back(e.key);
    return keys;
}

std::optional<ValueKind> metricKind(std::string_view key) {
    for (const auto& e : metricCatalog())
        if (e.key == key) return e.kind;
    return std::nullopt;
}

std::string metricHeading(std::string_view key) {
    for (const auto& e : metricCatalog())
        if (e.key == key) return e.heading;
    return std::string(key);
}

EvaluateOptions evaluateOptionsFor(const std::vector<std::string>& keys) {
    EvaluateOptions options = EvaluateOptions::tableOnly();
    const auto any = [&](std::initializer_list<std::string_view> wanted) {
        return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
            return std::find(wanted.begin(), wanted.end(), key) != wanted.end();
        });
    };
    options.bondRisk = any({"investor_yield", "macaulay_duration", "modified_duration", "convexity"});
    options.investorXirr = any({"investor_irr", "council_all_in_cost"});
    options.revenue = std::any_of(keys.begin(), keys.end(), [](const std::string& key) { return isRevenueMetric(key); });
    return options;
}

std::optional<double> numericMetric(const Metrics& metrics, std::string_view key) {
    for (const auto& e : metricEntries(metrics))
        if (e.key == key) {
            if (!isNumeric(e)) break;
            if (const auto* v = std::get_if<double>(&e.value)) return *v;
            return std::nullopt;
        }
    // Without the revenue view its metrics are not computed: null, as evaluate() leaves them.
    if (!metrics.revenue && isRevenueMetric(key) && metricKind(key) != ValueKind::Text) return std::nullopt;
    throw std::invalid_argument("not a numeric metric: " + std::string(key));
}

std::string_view name(BreakEvenBasis basis) { return basis == BreakEvenBasis::Revenue ? "revenue" : "cash"; }

std::optional<BreakEvenBasis> breakEvenBasisNamed(std::string_view text) {
    if (text == "cash") return BreakEvenBasis::Cash;
    if (text == "revenue") return BreakEvenBasis::Revenue;
    return std::nullopt;
}

std::string_view breakEvenYearKey(BreakEvenBasis basis) {
    return basis == BreakEvenBasis::Revenue ? "revenue_break_even_year" : "break_even_year";
}

std::optional<Year> breakEvenYearOf(const Metrics& metrics, BreakEvenBasis basis) {
    if (basis == BreakEvenBasis::Cash) return metrics.table.breakEvenYear;
    return metrics.revenue ? metrics.revenue->breakEvenYear : std::nullopt;
}

}  // namespace itsb::scenarios
