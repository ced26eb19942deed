// The `run` and `schedule` reports: one Document for the text, Markdown and HTML formats.

#include "run_document.hpp"

#include "columns.hpp"
#include "itsb/reports/warning_text.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/council_rules.hpp"
#include "text_table.hpp"

#include <algorithm>
#include <cmath>

namespace itsb::reports {

namespace {

using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::formatPercent;

template <typename Row>
Table columnsTable(const std::vector<Row>& rows, const std::vector<Column<Row>>& columns,
                   const std::vector<std::string>& keys, int decimals, std::string caption = "") {
    Table table;
    table.caption = std::move(caption);
    std::vector<const Column<Row>*> chosen;
    for (const auto& key : keys)
        for (const auto& column : columns)
            if (column.key == key) chosen.push_back(&column);
    for (const auto* column : chosen) table.columns.push_back({column->heading, column->kind != ValueKind::Text});
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto* column : chosen) cells.push_back(humanValue(column->value(row), column->kind, decimals));
        table.rows.push_back(std::move(cells));
    }
    return table;
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
    if (ramp.delayYears > 0)
        text += ", after " + std::to_string(ramp.delayYears) + (ramp.delayYears == 1 ? " year's delay" : " years' delay");
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
        out.emplace_back("One-off cost", c.name + " (" + std::string(scenarios::name(c.kind)) +
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
    if (s.councilFinance) {
        const auto& cf = *s.councilFinance;
        for (const auto& item : cf.funding)
            out.emplace_back("Funding", p.oneOffCosts.at(item.cost).name + ": " + cur + formatMoney(item.amount, d) +
                                            " from " + std::string(scenarios::name(item.source)));
        if (cf.netRevenueStream)
            out.emplace_back("Net revenue stream", cur + formatMoney(cf.netRevenueStream->amount, d) + " in year 1, growing " +
                                                       formatPercent(cf.netRevenueStream->growth) + " a year");
        for (const auto& partner : s.partners)
            if (partner.netRevenueStream)
                out.emplace_back("Net revenue stream", partner.name + ": " + cur +
                                                           formatMoney(partner.netRevenueStream->amount, d) +
                                                           " in year 1, growing " +
                                                           formatPercent(partner.netRevenueStream->growth) + " a year" +
                                                           (partner.taxBase ? ", tax base " + formatNumber(*partner.taxBase) +
                                                                                  " Band D equivalents"
                                                                            : std::string()));
        if (cf.taxBase) out.emplace_back("Tax base", formatNumber(*cf.taxBase) + " Band D equivalents");
        if (cf.maxFinancingCostRatio)
            out.emplace_back("Financing-cost ratio", "at most " + formatPercent(*cf.maxFinancingCostRatio));
    }
    return out;
}


Block block(auto content, Media media = Media::All) { return Block{std::move(content), media}; }

//! "England: Minimum Revenue Provision (...)": the jurisdiction and the rule the view applies.
std::string jurisdictionText(const scenarios::Evaluation& ev) {
    return scenarios::jurisdictionTitle(ev.scenario.councilFinance->jurisdiction);
}

std::string annualPointer(std::size_t row, const std::string& key) {
    return "/annual/" + std::to_string(row) + "/" + key;
}

//! "2027/28 (year 2)": how a reader names a programme year.
std::string yearName(const scenarios::Evaluation& ev, int year) {
    for (const auto& r : ev.annual)
        if (r.year == year) return r.fiscalYear + " (year " + std::to_string(year) + ")";
    return "year " + std::to_string(year);
}

//! Money in millions for a sentence: "£177.32m", "-£3.64m".
std::string millions(double amount, const std::string& currency) {
    return (amount < 0 ? "-" : "") + currencySymbol(currency) + formatNumber(std::abs(amount) / 1e6, 2) + "m";
}

//! The council's cumulative cash position by programme year, each point with its JSON pointer.
ChartSeries cashPositionSeries(const scenarios::Evaluation& ev, std::string label) {
    ChartSeries series{"cumulative_position", std::move(label), SeriesStyle::Line};
    for (std::size_t i = 0; i < ev.annual.size(); ++i) {
        const auto& r = ev.annual[i];
        series.x.push_back(r.year);
        series.y.push_back(r.cumulativePosition);
        series.valueLabels.push_back(formatMoney(r.cumulativePosition, ev.scenario.rounding.decimals));
        series.sources.push_back(annualPointer(i, "cumulative_position"));
        series.xSources.push_back(annualPointer(i, "year"));
    }
    return series;
}

Chart cumulativeChart(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    Chart chart;
    chart.id = "chart-cumulative-position";
    chart.kind = ChartKind::Line;
    chart.title = "Cumulative council position by year";
    chart.x = {"Programme year (year 1 = " + (ev.annual.size() > 1 ? ev.annual[1].fiscalYear : std::string("")) + ")",
               1.0, "", false, true};
    chart.y = {"Cumulative position (" + millionsUnit(s.currency) + ")", 1e6, "", true, false};
    chart.series.push_back(cashPositionSeries(ev, "Cumulative council position"));
    std::size_t lowest = 0;
    for (std::size_t i = 0; i < ev.annual.size(); ++i)
        if (ev.annual[i].cumulativePosition < ev.annual[lowest].cumulativePosition) lowest = i;
    const auto& breakEven = ev.metrics.table.breakEvenYear;
    if (breakEven)
        chart.markers.push_back({true, double(*breakEven), "break_even_year",
                                 *breakEven == 0 ? "Never out of pocket"
                                                 : "Break-even " + ev.metrics.table.breakEvenFiscalYear.value_or(""),
                                 "/metrics/break_even_year"});
    const auto& first = ev.annual.front();
    const auto& last = ev.annual.back();
    std::string text = "The council's running total of its own cash flows (savings less costs, debt service and fees, "
                       "plus the bond's net proceeds), from " +
                       millions(first.cumulativePosition, s.currency) + " at the start to " +
                       millions(last.cumulativePosition, s.currency) + " in " + yearName(ev, last.year) + ". ";
    if (ev.annual[lowest].cumulativePosition < 0)
        text += "Its lowest point is " + millions(ev.annual[lowest].cumulativePosition, s.currency) + " in " +
                yearName(ev, ev.annual[lowest].year) + ". ";
    if (!breakEven)
        text += "It does not break even within the " + std::to_string(s.horizonYears) + "-year horizon.";
    else if (*breakEven == 0)
        text += "It is never out of pocket.";
    else
        text += "From " + yearName(ev, *breakEven) + " on it is never again out of pocket (the break-even year, marked).";
    chart.description = text;
    return chart;
}

//! The revenue budget's cumulative net revenue effect against the council's cumulative cash
//! position, both break-even years marked: what the officer reports beside what the bank sees.
Chart revenueChart(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    const auto& account = *ev.revenue;
    Chart chart;
    chart.id = "chart-revenue-cash";
    chart.kind = ChartKind::Line;
    chart.title = "Cumulative position: revenue budget against cash";
    chart.x = {"Financial year (year 1 = " + account.rows.front().fiscalYear + ")", 1.0, "", false, true};
    chart.y = {"Cumulative (" + millionsUnit(s.currency) + ")", 1e6, "", true, false};
    ChartSeries revenue{"cumulative", "Revenue budget: cumulative net revenue effect", SeriesStyle::Line};
    for (std::size_t i = 0; i < account.rows.size(); ++i) {
        const auto& r = account.rows[i];
        revenue.x.push_back(r.year);
        revenue.y.push_back(r.cumulative);
        revenue.valueLabels.push_back(formatMoney(r.cumulative, s.rounding.decimals));
        revenue.sources.push_back("/revenue_account/" + std::to_string(i) + "/cumulative");
        revenue.xSources.push_back("/revenue_account/" + std::to_string(i) + "/year");
    }
    chart.series = {std::move(revenue), cashPositionSeries(ev, "Cash: cumulative council position")};
    const auto& rm = ev.metrics.revenue;
    const auto& cashYear = ev.metrics.table.breakEvenYear;
    if (rm && rm->breakEvenYear)
        chart.markers.push_back({true, double(*rm->breakEvenYear), "revenue_break_even_year",
                                 "Revenue break-even " + rm->breakEvenFiscalYear.value_or(""),
                                 "/metrics/revenue_break_even_year"});
    if (cashYear)
        chart.markers.push_back({true, double(*cashYear), "break_even_year",
                                 *cashYear == 0 ? "Cash: never out of pocket"
                                                : "Cash break-even " + ev.metrics.table.breakEvenFiscalYear.value_or(""),
                                 "/metrics/break_even_year"});
    const auto yearText = [](const std::optional<std::string>& fiscal) {
        return fiscal ? "breaks even in " + *fiscal : std::string("does not break even within the horizon");
    };
    chart.description =
        "The revenue budget's running total of its net revenue effect (savings less running costs, fees, unfunded "
        "revenue costs, interest as it accrues, " + account.mrpTitle + " and issuance costs) " +
        yearText(rm ? rm->breakEvenFiscalYear : std::nullopt) + ", ending at " +
        millions(account.rows.back().cumulative, s.currency) + "; the council's cumulative cash position " +
        yearText(ev.metrics.table.breakEvenFiscalYear) + ", ending at " +
        millions(ev.annual.back().cumulativePosition, s.currency) + ". Both break-even years are marked.";
    return chart;
}

//! The revenue-budget sections: the account in two tables, and the PWLB comparison.
void revenueSections(const scenarios::Evaluation& ev, Document& doc) {
    const auto& account = *ev.revenue;
    const int d = ev.scenario.rounding.decimals;
    const auto columns = revenueColumns(account.mrpTitle);
    doc.sections.push_back(
        {"Revenue budget: savings and charges by financial year",
         {block(Paragraph{{"What the revenue account bears (" + jurisdictionText(ev) +
                           "): interest as it accrues and " + account.mrpTitle +
                           ", not cash debt service; revenue one-off costs less what capital receipts, grants or "
                           "reserves fund."}}),
          block(columnsTable(account.rows, columns,
                             {"year", "fiscal_year", "gross_savings", "running_costs", "fees", "revenue_one_off_costs",
                              "funded_by_capital_receipts", "funded_by_grants", "funded_by_reserves",
                              "interest_accrued", "mrp", "issuance_costs", "net_revenue_effect", "cumulative"},
                             d))}});
    doc.sections.push_back({"Revenue budget: capital financing requirement and ratios",
                            {block(columnsTable(account.rows, columns,
                                                {"year", "fiscal_year", "cfr_opening", "cfr_borrowing", "mrp",
                                                 "cfr_closing", "net_revenue_stream", "financing_cost_ratio",
                                                 "band_d_equivalent"},
                                                d))}});
    if (!account.pwlb) return;
    const auto& c = *account.pwlb;
    const std::string cur = ev.scenario.currency + " ";
    KeyValues terms{{}, "PWLB comparison", "Value"};
    terms.pairs.emplace_back("Rate", formatPercent(c.rate, 3) + " (gilt " + formatPercent(c.giltYield, 3) + " + " +
                                         c.rateType + " margin " + formatPercent(c.margin) + ")");
    terms.pairs.emplace_back("Loan", c.amortization + (c.unavailable ? "" : ", " + cur + formatMoney(c.notional, d)));
    if (c.unavailable) {
        terms.pairs.emplace_back("Comparison", "none: " + *c.unavailable);
        doc.sections.push_back({"PWLB comparison", {block(terms)}});
        return;
    }
    terms.pairs.emplace_back("Total interest", "bond " + cur + formatMoney(c.bondTotalInterest, d) + ", PWLB " + cur +
                                                   formatMoney(c.pwlbTotalInterest, d));
    terms.pairs.emplace_back("NPV after financing", "bond " + cur + formatMoney(c.bondNpvAfterFinancing, d) +
                                                        ", PWLB " + cur + formatMoney(c.pwlbNpvAfterFinancing, d));
    terms.pairs.emplace_back("Difference (bond - PWLB)",
                             cur + formatMoney(c.npvDifference, d) +
                                 (c.npvDifference >= 0 ? ": the bond leaves the council better off"
                                                       : ": borrowing from the PWLB would leave the council better off"));
    doc.sections.push_back({"PWLB comparison",
                            {block(terms), block(columnsTable(c.years, pwlbColumns(),
                                                              {"year", "fiscal_year", "bond_debt_service",
                                                               "pwlb_debt_service"},
                                                              d, "Debt service by year"))}});
}

Chart coverChart(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    Chart chart;
    chart.id = "chart-savings-debt-service";
    chart.kind = ChartKind::Bars;
    chart.title = "Savings against debt service by year";
    chart.x = {"Programme year", 1.0, "", false, true};
    chart.y = {"Amount a year (" + millionsUnit(s.currency) + ")", 1e6, "", true, false};
    ChartSeries cfads{"cfads", "CFADS (net savings less fees)", SeriesStyle::Bar};
    ChartSeries debt{"debt_service", "Debt service", SeriesStyle::Bar};
    ChartSeries gross{"gross_savings", "Gross savings", SeriesStyle::Line};
    std::vector<std::string> shortYears;
    for (std::size_t i = 1; i < ev.annual.size(); ++i) {  // year 0 is a point in time: no savings, no debt service
        const auto& r = ev.annual[i];
        chart.categories.push_back(std::to_string(r.year));
        for (auto* series : {&cfads, &debt, &gross}) {
            const double v = series == &cfads ? r.cfads : series == &debt ? r.debtService : r.grossSavings;
            series->y.push_back(v);
            series->valueLabels.push_back(formatMoney(v, s.rounding.decimals));
            series->sources.push_back(annualPointer(i, series->key));
            series->xSources.push_back(annualPointer(i, "year"));
        }
        if (r.debtService > 0 && r.cfads < r.debtService) shortYears.push_back(yearName(ev, r.year));
    }
    chart.series = {cfads, debt, gross};
    std::string text = "Each year's cash flow available for debt service (CFADS) beside the debt service paid, with gross "
                       "savings as a line. ";
    if (shortYears.empty()) {
        text += "CFADS covers the debt service in every year.";
    } else {
        text += "CFADS falls short of the debt service in ";
        for (std::size_t i = 0; i < shortYears.size(); ++i)
            text += (i == 0 ? "" : i + 1 == shortYears.size() ? " and " : ", ") + shortYears[i];
        text += ".";
    }
    chart.description = text;
    return chart;
}

Chart dscrChart(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    Chart chart;
    chart.id = "chart-dscr";
    chart.kind = ChartKind::Line;
    chart.title = "Debt service cover ratio by year";
    chart.x = {"Programme year", 1.0, "", false, true};
    chart.y = {"DSCR (times)", 1.0, "", true, false};
    ChartSeries series{"dscr", "DSCR: CFADS / debt service", SeriesStyle::Line};
    // Only the years with debt service have a DSCR; the chart spans them.
    std::size_t first = ev.annual.size(), last = 0;
    for (std::size_t i = 0; i < ev.annual.size(); ++i)
        if (ev.annual[i].dscr) {
            first = std::min(first, i);
            last = i;
        }
    for (std::size_t i = first; i <= last && i < ev.annual.size(); ++i) {
        const auto& r = ev.annual[i];
        series.x.push_back(r.year);
        series.y.push_back(r.dscr);
        series.valueLabels.push_back(r.dscr ? formatNumber(*r.dscr, 4) : "n/a");
        series.sources.push_back(annualPointer(i, "dscr"));
        series.xSources.push_back(annualPointer(i, "year"));
    }
    chart.series.push_back(std::move(series));
    const bool sized = s.bond.notional.rule == scenarios::NotionalRule::TargetMinDscr;
    const double target = sized ? s.bond.notional.targetMinDscr : 1.0;
    chart.markers.push_back({false, target, "target_dscr",
                             sized ? "Target minimum DSCR " + formatNumber(target, 2)
                                   : "DSCR 1.0 (savings cover debt service)",
                             ""});
    std::string text = "The ratio of CFADS to the debt service paid, in each year with debt service";
    const auto& m = ev.metrics.table;
    if (m.minDscr) {
        text += ": lowest " + formatNumber(*m.minDscr, 4);
        for (const auto& r : ev.annual)
            if (r.dscr && *r.dscr == *m.minDscr) {
                text += " in " + yearName(ev, r.year);
                break;
            }
        text += ", average " + formatNumber(m.avgDscr.value_or(0.0), 4);
    }
    text += ". The dashed line is " +
            (sized ? "the minimum DSCR the bond was sized to (" + formatNumber(target, 2) + ")"
                   : std::string("a DSCR of 1, where savings just cover debt service")) +
            ".";
    chart.description = text;
    return chart;
}

Chart balanceChart(const scenarios::Evaluation& ev) {
    const auto& s = ev.scenario;
    Chart chart;
    chart.id = "chart-balance";
    chart.kind = ChartKind::Line;
    chart.title = "Outstanding balance after each payment";
    chart.x = {"Payment period (" + std::string(finance::name(s.bond.frequency)) + ")", 1.0, "", false, true};
    chart.y = {"Closing balance (" + millionsUnit(s.currency) + ")", 1e6, "", true, false};
    ChartSeries series{"closing_balance", "Closing balance", SeriesStyle::Line};
    for (std::size_t j = 0; j < ev.schedule.rows.size(); ++j) {
        const auto& r = ev.schedule.rows[j];
        series.x.push_back(r.period);
        series.y.push_back(r.closingBalance);
        series.valueLabels.push_back(formatMoney(r.closingBalance, s.rounding.decimals));
        series.sources.push_back("/schedule/" + std::to_string(j) + "/closing_balance");
        series.xSources.push_back("/schedule/" + std::to_string(j) + "/period");
    }
    chart.series.push_back(std::move(series));
    chart.description = "The principal still owed after each of the " + std::to_string(ev.schedule.rows.size()) +
                        " payment dates, from a notional of " + millions(ev.bond.notional, s.currency) +
                        " issued " + s.bond.issueDate.iso() + " to nothing at maturity on " + ev.bond.maturity.iso() +
                        " (" + std::string(finance::name(s.bond.amortization)) + ").";
    return chart;
}

std::string notionalNote(const scenarios::Evaluation& ev) {
    const auto& n = ev.scenario.bond.notional;
    switch (n.rule) {
    case scenarios::NotionalRule::Fixed: return "as given";
    case scenarios::NotionalRule::FundCapitalCosts: return "funds the capital costs";
    case scenarios::NotionalRule::FundOneOffCosts: return "funds all one-off costs";
    case scenarios::NotionalRule::TargetMinDscr: return "sized to a minimum DSCR of " + formatNumber(n.targetMinDscr);
    }
    return "";
}

}  // namespace

std::string millionsUnit(const std::string& currency) {
    const std::string symbol = currencySymbol(currency);
    return symbol.back() == ' ' ? currency + " m" : symbol + "m";
}

std::vector<KeyFigure> headlineFigures(const scenarios::Evaluation& ev, const FigureSource& source) {
    const auto& s = ev.scenario;
    const auto& m = ev.metrics;
    const int d = s.rounding.decimals;
    auto percent = [](const std::optional<double>& v) { return v ? scenarios::formatPercent(*v, 4) : std::string("n/a"); };
    std::vector<KeyFigure> figures;
    figures.push_back({"notional", "Notional", formatMoney(ev.bond.notional, d), s.currency, notionalNote(ev),
                       ev.bond.notional, source("notional")});
    figures.push_back({"coupon", "Coupon", formatPercent(ev.bond.coupon, 3), "",
                       std::string(finance::name(s.bond.amortization)) + ", " + std::string(finance::name(s.bond.frequency)),
                       ev.bond.coupon, source("coupon")});
    figures.push_back({"investor_yield", "Investor yield", percent(m.investorYield), "", "at the issue price",
                       m.investorYield, source("investor_yield")});
    figures.push_back({"project_irr", "Project IRR", percent(m.table.projectIrr), "",
                       m.table.projectIrr ? "before financing" : "none or several: see warnings", m.table.projectIrr,
                       source("project_irr")});
    figures.push_back({"project_npv", "Project NPV", formatMoney(m.table.projectNpv, d), s.currency,
                       "discounted, before financing", m.table.projectNpv, source("project_npv")});
    figures.push_back({"npv_after_financing", "NPV after financing", formatMoney(m.table.npvAfterFinancing, d),
                       s.currency, "the council's flows", m.table.npvAfterFinancing, source("npv_after_financing")});
    std::string minYear;
    if (m.table.minDscr)
        for (const auto& r : ev.annual)
            if (r.dscr && *r.dscr == *m.table.minDscr) {
                minYear = "in " + yearName(ev, r.year);
                break;
            }
    figures.push_back({"min_dscr", "Minimum DSCR", m.table.minDscr ? formatNumber(*m.table.minDscr, 4) : "n/a", "",
                       minYear, m.table.minDscr, source("min_dscr")});
    const auto& be = m.table.breakEvenYear;
    figures.push_back({"break_even_year", "Break-even FY",
                       !be ? "none" : *be == 0 ? "never out of pocket" : m.table.breakEvenFiscalYear.value_or(""), "",
                       !be ? "not within " + std::to_string(s.horizonYears) + " years"
                           : "year " + std::to_string(*be),
                       be ? std::optional<double>(*be) : std::nullopt, source("break_even_year")});
    return figures;
}

Section conventionsSection(const scenarios::Evaluation& ev, bool richOnly) {
    KeyValues kv{ev.conventions, "Convention", "Used"};
    return Section{"Conventions", {block(kv)}, SectionRole::Conventions, richOnly ? Media::RichOnly : Media::All};
}

Document runDocument(const scenarios::Evaluation& ev, ReportScope scope) {
    const auto& s = ev.scenario;
    const int d = s.rounding.decimals;
    Document doc;
    doc.command = scope == ReportScope::Run ? "run" : "schedule";
    doc.title = s.name;
    if (!s.description.empty()) doc.before.push_back(s.description);
    doc.inputSha256 = ev.inputSha256;
    doc.currency = s.currency;

    if (scope == ReportScope::Run) {
        doc.keyFigures = headlineFigures(ev, [](const std::string& key) {
            return key == "coupon" ? std::string() : "/metrics/" + key;
        });
        doc.charts = {cumulativeChart(ev), coverChart(ev)};
        // A savings-linked bond may pay nothing in every year, leaving no DSCR to draw.
        if (std::any_of(ev.annual.begin(), ev.annual.end(), [](const auto& r) { return r.dscr.has_value(); }))
            doc.charts.push_back(dscrChart(ev));
        doc.charts.push_back(balanceChart(ev));
        if (ev.revenue && !ev.revenue->rows.empty()) doc.charts.insert(doc.charts.begin() + 1, revenueChart(ev));
    } else {
        const auto& m = ev.metrics;
        doc.keyFigures = {
            {"notional", "Notional", formatMoney(ev.bond.notional, d), s.currency, notionalNote(ev), ev.bond.notional, ""},
            {"coupon", "Coupon", formatPercent(ev.bond.coupon, 3), "",
             std::string(finance::name(s.bond.amortization)) + ", " + std::string(finance::name(s.bond.frequency)),
             ev.bond.coupon, ""},
            {"maturity", "Matures", ev.bond.maturity.iso(), "",
             "issued " + s.bond.issueDate.iso() + ", " + std::to_string(s.bond.periods) + " periods", std::nullopt, ""},
            {"total_interest", "Total interest", formatMoney(m.totalInterest, d), s.currency, "contractual",
             m.totalInterest, ""},
        };
        doc.charts = {balanceChart(ev)};
    }

    doc.sections.push_back({"Assumptions", {block(KeyValues{assumptions(ev), "Assumption", "Value"})}});
    doc.sections.push_back(conventionsSection(ev, false));
    doc.sections.push_back({"Repayment schedule",
                            {block(columnsTable(scheduleLines(ev), scheduleColumns(ev),
                                                {"period", "kind", "accrual_start", "accrual_end", "payment_date",
                                                 "accrual_fraction", "opening_balance", "interest", "principal",
                                                 "capitalised_interest", "debt_service", "closing_balance"},
                                                d))}});
    if (ev.paid)
        doc.sections.push_back(
            {"Savings-linked payments",
             {block(Paragraph{{"Each date pays at most the savings share of its year's CFADS; shortfalls carry interest "
                               "and are " +
                               std::string(s.bond.savingsLinked.councilGuarantee
                                               ? "paid by the council at maturity (guarantee)."
                                               : "written off at maturity.")}}),
              block(columnsTable(scheduleLines(ev), scheduleColumns(ev),
                                 {"period", "payment_date", "debt_service", "available", "arrears_interest", "paid",
                                  "arrears"},
                                 d))}});
    if (scope == ReportScope::Run) {
        doc.sections.push_back({"Annual cash flows: savings and costs",
                                {block(columnsTable(ev.annual, annualColumns(),
                                                    {"year", "fiscal_year", "baseline_expenditure", "gross_savings",
                                                     "running_costs", "one_off_costs", "net_savings", "annual_fees",
                                                     "cfads"},
                                                    d))}});
        doc.sections.push_back({"Annual cash flows: financing and the council's position",
                                {block(columnsTable(ev.annual, annualColumns(),
                                                    {"year", "fiscal_year", "cfads", "debt_service", "dscr",
                                                     "net_proceeds", "reserve", "project_flow", "council_flow",
                                                     "cumulative_position", "discount_factor"},
                                                    d))}});
        KeyValues metrics{{}, "Metric", "Value"};
        for (const auto& e : metricEntries(ev.metrics)) metrics.pairs.emplace_back(e.heading, humanValue(e.value, e.kind, d));
        doc.sections.push_back({"Metrics", {block(metrics)}});
        if (ev.revenue) revenueSections(ev, doc);

        if (!ev.partners.empty()) {
            Section partners{"Partners", {}};
            Table summary;
            summary.caption = "Partners' shares and metrics";
            summary.columns = {{"Partner", false}, {"Savings share", true}, {"Cost share", true}};
            const std::vector<std::string> shown{"project_npv", "npv_after_financing", "project_irr", "payback_years",
                                                 "break_even_fiscal_year", "min_dscr", "total_debt_service"};
            const std::vector<std::string> shownRevenue{"revenue_break_even_fiscal_year", "max_financing_cost_ratio"};
            const auto entries = [&](const scenarios::PartnerResult& p) {
                std::vector<MetricEntry> out;
                for (auto& e : tableMetricEntries(p.metrics))
                    if (std::find(shown.begin(), shown.end(), e.key) != shown.end()) out.push_back(std::move(e));
                if (p.revenue)
                    for (auto& e : revenueMetricEntries(p.revenue->metrics))
                        if (std::find(shownRevenue.begin(), shownRevenue.end(), e.key) != shownRevenue.end())
                            out.push_back(std::move(e));
                return out;
            };
            for (const auto& e : entries(ev.partners.front())) summary.columns.push_back({e.heading, true});
            for (const auto& p : ev.partners) {
                std::vector<std::string> cells{p.name, formatPercent(p.savingsShare), formatPercent(p.costShare)};
                for (const auto& e : entries(p)) cells.push_back(humanValue(e.value, e.kind, d));
                summary.rows.push_back(std::move(cells));
            }
            partners.blocks.push_back(block(summary));
            for (const auto& p : ev.partners) {
                Table table = columnsTable(p.annual, annualColumns(),
                                           {"year", "fiscal_year", "gross_savings", "running_costs", "one_off_costs",
                                            "annual_fees", "debt_service", "dscr", "net_proceeds", "reserve",
                                            "council_flow", "cumulative_position"},
                                           d, p.name);
                table.captionInText = true;
                partners.blocks.push_back(block(std::move(table)));
                if (!p.revenue) continue;
                Table revenue = columnsTable(p.revenue->rows, revenueColumns(ev.revenue->mrpTitle),
                                             {"year", "fiscal_year", "gross_savings", "running_costs", "fees",
                                              "revenue_one_off_costs", "interest_accrued", "mrp", "issuance_costs",
                                              "net_revenue_effect", "cumulative", "cfr_closing",
                                              "financing_cost_ratio", "band_d_equivalent"},
                                             d, p.name + ": revenue budget");
                revenue.captionInText = true;
                partners.blocks.push_back(block(std::move(revenue)));
            }
            doc.sections.push_back(std::move(partners));
        }
    }
    doc.sections.push_back({"Warnings", {block(BulletList{warningTexts(ev.warnings)})}, SectionRole::Warnings});
    return doc;
}

std::string tableReport(const scenarios::Evaluation& ev, ReportScope scope) { return renderText(runDocument(ev, scope)); }

}  // namespace itsb::reports
