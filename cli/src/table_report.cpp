#include "itsb/cli/reports.hpp"

#include "columns.hpp"
#include "text_table.hpp"
#include "itsb/scenarios/text_format.hpp"

#include <algorithm>

namespace itsb::cli {

namespace {

using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::formatPercent;

template <typename Row>
std::string columnsTable(const std::vector<Row>& rows, const std::vector<Column<Row>>& columns,
                         const std::vector<std::string>& keys, int decimals) {
    TextTable table;
    std::vector<const Column<Row>*> chosen;
    for (const auto& key : keys)
        for (const auto& column : columns)
            if (column.key == key) chosen.push_back(&column);
    for (const auto* column : chosen) table.add(column->heading, column->kind != ValueKind::Text);
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto* column : chosen) cells.push_back(humanValue(column->value(row), column->kind, decimals));
        table.row(std::move(cells));
    }
    return table.render();
}

std::string rampText(const scenarios::Ramp& ramp) {
    std::string text;
    if (!ramp.fractions.empty()) {
        text = "fractions";
        for (double f : ramp.fractions) text += " " + formatPercent(f, 0);
    } else if (ramp.yearsToFull <= 0) {
        text = "full at once";
    } else {
        text = std::string(ramp.shape == scenarios::RampShape::SCurve ? "s-curve" : "linear") + " over " +
               std::to_string(ramp.yearsToFull) + " years";
    }
    if (ramp.delayYears > 0) text += ", after " + std::to_string(ramp.delayYears) + " years' delay";
    return text;
}

std::string notionalRuleText(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    const int d = s.rounding.decimals;
    switch (s.bond.notional.rule) {
    case scenarios::NotionalRule::Fixed: return "as given";
    case scenarios::NotionalRule::FundCapitalCosts:
        return "fund_capital_costs: smallest multiple of " + formatMoney(s.bond.sizeRounding, d) +
               " whose net proceeds cover the capital one-off costs of " + formatMoney(ev.bond.fundedCosts, d);
    case scenarios::NotionalRule::FundOneOffCosts:
        return "fund_one_off_costs: smallest multiple of " + formatMoney(s.bond.sizeRounding, d) +
               " whose net proceeds cover all one-off costs of " + formatMoney(ev.bond.fundedCosts, d);
    case scenarios::NotionalRule::TargetMinDscr:
        return "largest multiple of " + formatMoney(s.bond.sizeRounding, d) + " with minimum DSCR >= " +
               formatNumber(s.bond.notional.targetMinDscr);
    }
    return "";
}

std::vector<std::pair<std::string, std::string>> assumptions(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    const auto& p = s.programme;
    const auto& b = s.bond;
    const int d = s.rounding.decimals;
    const std::string cur = s.currency + " ";
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back("Programme", "starts " + s.startDate.iso() + ", horizon " + std::to_string(s.horizonYears) +
                                      " years, baseline expenditure " + cur + formatMoney(p.baselineExpenditure, d) +
                                      " growing " + formatPercent(p.expenditureGrowth) + " a year");
    for (const auto& line : p.serviceLines)
        out.emplace_back("Service line", line.name + ": " + formatPercent(line.addressableShare) + " of baseline at " +
                                             formatPercent(line.savingRate) + " saving, " + rampText(line.ramp));
    out.emplace_back("Optimism bias", "savings -" + formatPercent(p.savingsOptimismBias) + ", costs +" +
                                          formatPercent(p.costOptimismBias));
    for (const auto& c : p.oneOffCosts)
        out.emplace_back("One-off cost", c.name + " (" + (c.kind == scenarios::CostKind::Capital ? "capital" : "revenue") +
                                             "), year " + std::to_string(c.year) + ": " + cur + formatMoney(c.amount, d) +
                                             " before bias");
    for (const auto& c : p.runningCosts)
        out.emplace_back("Running cost", c.name + " from year " + std::to_string(c.fromYear) + ": " + cur +
                                             formatMoney(c.amount, d) + " a year before bias, escalating " +
                                             formatPercent(c.escalation));
    for (const auto& partner : s.partners)
        out.emplace_back("Partner", partner.name + ": savings share " + formatPercent(partner.savingsShare) +
                                        ", cost share " + formatPercent(partner.costShare));
    out.emplace_back("Notional", cur + formatMoney(ev.bond.notional, d) + " (" + notionalRuleText(ev) + ")");
    out.emplace_back("Bond", std::string(b.structure == scenarios::Structure::GeneralObligation ? "general obligation"
                                                                                                : "savings-linked") +
                                 ", " + std::string(finance::name(b.amortization)) + ", coupon " +
                                 formatPercent(ev.bond.coupon, 3) + ", " + std::string(finance::name(b.frequency)) +
                                 ", issued " + b.issueDate.iso() + ", matures " + ev.bond.maturity.iso() + " (" +
                                 std::to_string(b.periods) + " periods)");
    out.emplace_back("Deferral", std::to_string(b.capitalisedInterestYears) + " capitalised-interest years, " +
                                     std::to_string(b.interestOnlyYears) + " interest-only years");
    out.emplace_back("Proceeds", "price " + formatNumber(b.issuePrice, 2) + " pays " + cur +
                                     formatMoney(ev.bond.pricePaid, d) + "; issuance costs " +
                                     formatPercent(b.issuanceCostPercent) + " + " + formatMoney(b.issuanceCostFixed, d) +
                                     " = " + formatMoney(ev.bond.issuanceCosts, d) + "; net proceeds " + cur +
                                     formatMoney(ev.bond.netProceeds, d));
    out.emplace_back("Fees and reserve", "annual fees " + cur + formatMoney(b.annualFees, d) + " on each anniversary; reserve " +
                                             formatNumber(b.reserveMonths) + " months = " + cur +
                                             formatMoney(ev.bond.reserve, d));
    return out;
}

}  // namespace

std::string tableReport(const scenarios::Evaluation& ev, ReportScope scope) {
    const auto& s = ev.scenario;
    const int d = s.rounding.decimals;
    std::string out = "itsb " + std::string(ITSB_VERSION) + ": " + s.name + "\n";
    if (!s.description.empty()) out += s.description + "\n";
    out += "Input SHA-256 " + ev.inputSha256 + "; amounts in " + s.currency + "\n";

    out += section("Assumptions");
    out += keyValues(assumptions(ev));
    out += section("Conventions");
    out += keyValues(ev.conventions);

    out += section("Repayment schedule");
    out += columnsTable(scheduleLines(ev), scheduleColumns(ev),
                        {"period", "kind", "accrual_start", "accrual_end", "payment_date", "accrual_fraction",
                         "opening_balance", "interest", "principal", "capitalised_interest", "debt_service",
                         "closing_balance"},
                        d);
    if (ev.paid) {
        out += section("Savings-linked payments");
        out += "  Each date pays at most the savings share of its year's CFADS; shortfalls carry interest and are " +
               std::string(s.bond.savingsLinked.councilGuarantee ? "paid by the council at maturity (guarantee).\n"
                                                                 : "written off at maturity.\n");
        out += columnsTable(scheduleLines(ev), scheduleColumns(ev),
                            {"period", "payment_date", "debt_service", "available", "arrears_interest", "paid",
                             "arrears"},
                            d);
    }
    if (scope == ReportScope::Run) {
        out += section("Annual cash flows: savings and costs");
        out += columnsTable(ev.annual, annualColumns(),
                            {"year", "fiscal_year", "baseline_expenditure", "gross_savings", "running_costs",
                             "one_off_costs", "net_savings", "annual_fees", "cfads"},
                            d);
        out += section("Annual cash flows: financing and the council's position");
        out += columnsTable(ev.annual, annualColumns(),
                            {"year", "fiscal_year", "cfads", "debt_service", "dscr", "net_proceeds", "reserve",
                             "project_flow", "council_flow", "cumulative_position", "discount_factor"},
                            d);
        out += section("Metrics");
        std::vector<std::pair<std::string, std::string>> metrics;
        for (const auto& e : metricEntries(ev.metrics))
            metrics.emplace_back(e.heading, humanValue(e.value, e.kind, d));
        out += keyValues(metrics);

        if (!ev.partners.empty()) {
            out += section("Partners");
            TextTable summary;
            summary.add("Partner", false);
            const auto entries = tableMetricEntries(ev.partners.front().metrics);
            const std::vector<std::string> shown{"project_npv", "npv_after_financing", "project_irr", "payback_years",
                                                 "break_even_fiscal_year", "min_dscr", "total_debt_service"};
            summary.add("Savings share", true);
            summary.add("Cost share", true);
            for (const auto& e : entries)
                if (std::find(shown.begin(), shown.end(), e.key) != shown.end()) summary.add(e.heading, true);
            for (const auto& p : ev.partners) {
                std::vector<std::string> cells{p.name, formatPercent(p.savingsShare), formatPercent(p.costShare)};
                for (const auto& e : tableMetricEntries(p.metrics))
                    if (std::find(shown.begin(), shown.end(), e.key) != shown.end())
                        cells.push_back(humanValue(e.value, e.kind, d));
                summary.row(std::move(cells));
            }
            out += summary.render();
            for (const auto& p : ev.partners) {
                out += "\n  " + p.name + "\n";
                out += columnsTable(p.annual, annualColumns(),
                                    {"year", "fiscal_year", "gross_savings", "running_costs", "one_off_costs",
                                     "annual_fees", "debt_service", "dscr", "net_proceeds", "reserve", "council_flow",
                                     "cumulative_position"},
                                    d);
            }
        }
    }
    out += section("Warnings");
    if (ev.warnings.empty()) out += "  none\n";
    for (const auto& w : ev.warnings) out += "  - " + w + "\n";
    return out;
}

}  // namespace itsb::cli
