// `itsb compare` as JSON, CSV tables and a Document: the proposal beside the NLGN presets, and the
// sentence a reader takes away (the proposal's rate against what the median council needed).

#include "itsb/reports/compare_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/comparison.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/version.hpp"
#include "run_document.hpp"
#include "text_table.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace itsb::reports {

namespace {

//! Each warning with the rows that gave it, as a sentence.
std::vector<std::string> warningLines(const scenarios::Comparison& comparison) {
    std::vector<std::string> lines;
    for (const auto& w : comparison.warnings) lines.push_back(rowsWarningText(w, comparison.rows.size()));
    return lines;
}

using scenarios::Cell;
using scenarios::ComparisonRow;
using scenarios::ValueKind;
using Json = nlohmann::ordered_json;

//! A column of the comparison: JSON / CSV key, heading, how it reads, its value in a row.
struct CompareColumn {
    std::string key;
    std::string heading;
    ValueKind kind;
    std::function<Cell(const ComparisonRow&)> value;
};

const std::vector<CompareColumn>& compareColumns() {
    using scenarios::cell;
    static const std::vector<CompareColumn> columns{
        {"name", "Scenario", ValueKind::Text, [](const ComparisonRow& r) { return Cell(r.name); }},
        {"description", "Description", ValueKind::Text, [](const ComparisonRow& r) { return Cell(r.description); }},
        {"saving_rate", "Saving rate", ValueKind::Percent, [](const ComparisonRow& r) { return Cell(r.savingRate); }},
        {"notional", "Notional", ValueKind::Amount, [](const ComparisonRow& r) { return cell(r.notional); }},
        {"gross_savings_year5", "Gross savings year 5", ValueKind::Amount,
         [](const ComparisonRow& r) { return cell(r.grossSavingsYear5); }},
        {"project_irr", "Project IRR", ValueKind::Percent, [](const ComparisonRow& r) { return cell(r.projectIrr); }},
        {"project_npv", "Project NPV", ValueKind::Amount, [](const ComparisonRow& r) { return cell(r.projectNpv); }},
        {"npv_after_financing", "NPV after financing", ValueKind::Amount,
         [](const ComparisonRow& r) { return cell(r.npvAfterFinancing); }},
        {"min_dscr", "Min DSCR", ValueKind::Ratio, [](const ComparisonRow& r) { return cell(r.minDscr); }},
        {"payback_years", "Payback (years)", ValueKind::Years, [](const ComparisonRow& r) { return cell(r.paybackYears); }},
        {"break_even_year", "Break-even year", ValueKind::Integer,
         [](const ComparisonRow& r) { return cell(r.breakEvenYear); }},
        {"break_even_fiscal_year", "Break-even FY", ValueKind::Text,
         [](const ComparisonRow& r) { return cell(r.breakEvenFiscalYear); }},
    };
    return columns;
}

//! The revenue view's metrics (council_finance), each equal to `run`'s key of the same name.
const std::vector<CompareColumn>& revenueColumns() {
    using scenarios::cell;
    using scenarios::RevenueMetrics;
    auto of = [](const ComparisonRow& r, const std::function<Cell(const RevenueMetrics&)>& get) {
        return r.revenue ? get(*r.revenue) : Cell();
    };
    static const std::vector<CompareColumn> columns{
        {"revenue_break_even_year", "Revenue break-even year", ValueKind::Integer,
         [of](const ComparisonRow& r) { return of(r, [](const RevenueMetrics& m) { return cell(m.breakEvenYear); }); }},
        {"revenue_break_even_fiscal_year", "Revenue break-even FY", ValueKind::Text,
         [of](const ComparisonRow& r) {
             return of(r, [](const RevenueMetrics& m) { return cell(m.breakEvenFiscalYear); });
         }},
        {"max_financing_cost_ratio", "Max financing-cost ratio", ValueKind::Percent,
         [of](const ComparisonRow& r) {
             return of(r, [](const RevenueMetrics& m) { return cell(m.maxFinancingCostRatio); });
         }},
        {"peak_cfr", "Peak CFR", ValueKind::Amount,
         [of](const ComparisonRow& r) { return of(r, [](const RevenueMetrics& m) { return Cell(m.peakCfr); }); }},
        {"total_mrp", "Total MRP", ValueKind::Amount,
         [of](const ComparisonRow& r) { return of(r, [](const RevenueMetrics& m) { return Cell(m.totalMrp); }); }},
        {"total_interest_accrued", "Total interest accrued", ValueKind::Amount,
         [of](const ComparisonRow& r) {
             return of(r, [](const RevenueMetrics& m) { return Cell(m.totalInterestAccrued); });
         }},
    };
    return columns;
}

//! The row keys of a comparison on its basis: the cash columns, and on the revenue basis the
//! revenue view's after them.
std::vector<CompareColumn> columnsOf(const scenarios::Comparison& comparison) {
    std::vector<CompareColumn> columns = compareColumns();
    if (comparison.basis == scenarios::BreakEvenBasis::Revenue)
        columns.insert(columns.end(), revenueColumns().begin(), revenueColumns().end());
    return columns;
}

Json cellJson(const Cell& c, ValueKind kind) {
    if (const auto* v = std::get_if<double>(&c))
        return kind == ValueKind::Integer ? Json(static_cast<long long>(*v)) : Json(*v);
    if (const auto* s = std::get_if<std::string>(&c)) return *s;
    return nullptr;
}

}  // namespace

std::string compareJson(const scenarios::Comparison& comparison) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = comparison.inputSha256;
    out["name"] = comparison.name;
    // Stated only on the revenue basis: without it the rows are the cash view, as they always were.
    if (comparison.basis == scenarios::BreakEvenBasis::Revenue) out["basis"] = std::string(scenarios::name(comparison.basis));
    const auto columns = columnsOf(comparison);
    Json rows = Json::array();
    for (const auto& row : comparison.rows) {
        Json object = Json::object();
        for (const auto& column : columns) object[column.key] = cellJson(column.value(row), column.kind);
        rows.push_back(std::move(object));
    }
    out["rows"] = std::move(rows);
    out["warnings"] = warningLines(comparison);
    out["warning_details"] = warningDetails(comparison.warnings);
    return out.dump(2) + "\n";
}

std::vector<CsvTable> compareCsv(const scenarios::Comparison& comparison, int decimals) {
    const auto columns = columnsOf(comparison);
    std::string text;
    for (const auto& column : columns) text += (text.empty() ? "" : ",") + column.key;
    text += "\n";
    for (const auto& row : comparison.rows) {
        std::string line;
        for (const auto& column : columns)
            line += (line.empty() ? "" : ",") + csvValue(column.value(row), column.kind, decimals);
        text += line + "\n";
    }
    std::string warnings = "warning\n";
    for (const auto& w : warningLines(comparison)) warnings += csvQuoted(w) + "\n";
    return {{"compare", text}, {"warnings", warnings}};
}

namespace {

//! The sentence a reader takes away: the proposal's rate against the median council's need.
std::string gapSentence(const scenarios::Comparison& comparison) {
    const ComparisonRow* proposal = nullptr;
    const ComparisonRow* median = nullptr;
    for (const auto& row : comparison.rows) {
        if (row.name == "proposal") proposal = &row;
        if (row.name == "required_median") median = &row;
    }
    if (proposal == nullptr || median == nullptr) return "";
    const double gap = median->savingRate - proposal->savingRate;
    std::string text = "The proposal saves " + scenarios::formatPercent(proposal->savingRate) +
                       " of expenditure at full ramp; the median council needed " +
                       scenarios::formatPercent(median->savingRate);
    if (gap > 0.0)
        text += ": " + scenarios::formatNumber(gap * 100.0, 2) + " percentage points short.";
    else
        text += ": the proposal meets it.";
    return text;
}

//! The fiscal year the council is never again out of pocket, with its programme year.
std::string breakEvenText(const ComparisonRow& row, int horizonYears) {
    if (!row.evaluated) return "n/a";
    if (!row.breakEvenYear) return "not within " + std::to_string(horizonYears) + " years";
    if (*row.breakEvenYear == 0) return "never out of pocket";
    return row.breakEvenFiscalYear.value_or("") + " (year " + std::to_string(*row.breakEvenYear) + ")";
}

//! The same on the revenue account: the first financial year from which its cumulative net
//! revenue effect is never again negative.
std::string revenueBreakEvenText(const ComparisonRow& row, int horizonYears) {
    if (!row.evaluated || !row.revenue) return "n/a";
    if (!row.revenue->breakEvenYear) return "not within " + std::to_string(horizonYears) + " years";
    return row.revenue->breakEvenFiscalYear.value_or("") + " (year " + std::to_string(*row.revenue->breakEvenYear) + ")";
}

std::string rowPointer(std::size_t row, const std::string& key) { return "/rows/" + std::to_string(row) + "/" + key; }

//! One horizontal bar per scenario, for the HTML report.
Chart scenarioChart(const scenarios::Comparison& comparison, std::string id, std::string title, ChartAxis axis,
                    const std::vector<std::pair<std::string, std::string>>& keys,
                    const std::function<std::string(const ComparisonRow&, const std::string&)>& label) {
    Chart chart;
    chart.id = std::move(id);
    chart.kind = ChartKind::HorizontalBars;
    chart.title = std::move(title);
    chart.x = std::move(axis);
    for (const auto& row : comparison.rows) chart.categories.push_back(row.name);
    for (const auto& [key, name] : keys) {
        ChartSeries series{key, name, SeriesStyle::Bar};
        const CompareColumn* column = nullptr;
        for (const auto& c : compareColumns())
            if (c.key == key) column = &c;
        for (const auto& c : revenueColumns())
            if (c.key == key) column = &c;
        for (std::size_t i = 0; i < comparison.rows.size(); ++i) {
            const Cell value = column->value(comparison.rows[i]);
            const auto* number = std::get_if<double>(&value);
            series.y.push_back(number ? std::optional<double>(*number) : std::nullopt);
            series.valueLabels.push_back(label(comparison.rows[i], key));
            series.sources.push_back(rowPointer(i, key));
            series.xSources.push_back(rowPointer(i, "name"));
        }
        chart.series.push_back(std::move(series));
    }
    return chart;
}

std::vector<Chart> compareCharts(const scenarios::Comparison& comparison, int horizonYears, const std::string& currency,
                                 int decimals) {
    auto rate = [](const ComparisonRow& r, const std::string&) { return scenarios::formatPercent(r.savingRate, 2); };
    auto money = [&](const ComparisonRow& r, const std::string& key) {
        const auto& v = key == "project_npv" ? r.projectNpv : r.npvAfterFinancing;
        return v ? (*v < 0 ? "-" : "") + currencySymbol(currency) + scenarios::formatMoney(std::abs(*v) / 1e6, 2) + "m"
                 : std::string("n/a");
    };
    auto breakEven = [&](const ComparisonRow& r, const std::string& key) {
        return key == "revenue_break_even_year" ? revenueBreakEvenText(r, horizonYears) : breakEvenText(r, horizonYears);
    };
    Chart rates = scenarioChart(comparison, "chart-saving-rate", "Saving rate: the proposal beside the presets",
                                {"Saving rate of total expenditure (%)", 0.01, "", true, false}, {{"saving_rate", "Saving rate"}},
                                rate);
    rates.description = "The whole-baseline saving rate of each scenario at full ramp. " + gapSentence(comparison);
    const std::string unit = millionsUnit(currency);
    Chart npv = scenarioChart(comparison, "chart-npv", "NPV of each scenario",
                              {"Net present value (" + unit + ")", 1e6, "", true, false},
                              {{"project_npv", "Project NPV"}, {"npv_after_financing", "NPV after financing"}}, money);
    npv.description = "Project NPV (before financing) and NPV after financing for each scenario, in " + unit + ".";
    for (const auto& row : comparison.rows)
        if (row.projectNpv)
            npv.description += " " + row.name + ": " + scenarios::formatMoney(*row.projectNpv, decimals) + " and " +
                               scenarios::formatMoney(row.npvAfterFinancing.value_or(0.0), decimals) + ".";
    if (comparison.basis == scenarios::BreakEvenBasis::Revenue) {
        // The revenue account's break-even first, the cash position's beside it.
        Chart years = scenarioChart(
            comparison, "chart-break-even", "Break-even year of each scenario: revenue account and cash",
            {"Break-even year (financial year; cash 0 = never out of pocket)", 1.0, "", true, true},
            {{"revenue_break_even_year", "Revenue break-even year"}, {"break_even_year", "Cash break-even year"}},
            breakEven);
        years.description = "The first financial year from which the revenue account's cumulative net revenue effect "
                            "is never again negative, beside the first programme year from which the council is "
                            "never again out of pocket in cash.";
        for (const auto& row : comparison.rows)
            years.description += " " + row.name + ": " + revenueBreakEvenText(row, horizonYears) + " on the revenue "
                                 "account, " + breakEvenText(row, horizonYears) + " in cash.";
        return {rates, npv, years};
    }
    Chart years = scenarioChart(comparison, "chart-break-even", "Break-even year of each scenario",
                                {"Break-even year (programme year; 0 = never out of pocket)", 1.0, "", true, true},
                                {{"break_even_year", "Break-even year"}}, breakEven);
    years.description = "The first programme year from which the council is never again out of pocket.";
    for (const auto& row : comparison.rows) years.description += " " + row.name + ": " + breakEvenText(row, horizonYears) + ".";
    return {rates, npv, years};
}

}  // namespace

Document compareDocument(const scenarios::Comparison& comparison, const scenarios::Scenario& proposal,
                         const scenarios::Evaluation* evaluation) {
    const int decimals = proposal.rounding.decimals;
    Document doc;
    doc.command = "compare";
    doc.title = comparison.name;
    doc.inputSha256 = comparison.inputSha256;
    doc.currency = proposal.currency;

    Table table;
    table.caption = "The proposal and the presets";
    const std::vector<std::string> shown{"name",        "saving_rate",         "notional", "gross_savings_year5",
                                         "project_irr", "project_npv",         "npv_after_financing",
                                         "min_dscr",    "payback_years"};
    for (const auto& key : shown)
        for (const auto& column : compareColumns())
            if (column.key == key) table.columns.push_back({column.heading, column.kind != ValueKind::Text});
    table.columns.push_back({"Break-even", false});
    for (const auto& row : comparison.rows) {
        std::vector<std::string> cells;
        for (const auto& key : shown)
            for (const auto& column : compareColumns())
                if (column.key == key)
                    // Saving rates are inputs such as 1.8 %: two places say them exactly.
                    cells.push_back(key == "saving_rate" ? scenarios::formatPercent(row.savingRate, 2)
                                                         : humanValue(column.value(row), column.kind, decimals));
        cells.push_back(breakEvenText(row, proposal.horizonYears));
        table.rows.push_back(std::move(cells));
    }
    Section main{"What sharing delivers against what councils need", {}};
    main.blocks.push_back({table});
    main.blocks.push_back({BlankLine{}});
    const std::string gap = gapSentence(comparison);
    if (!gap.empty()) main.blocks.push_back({Paragraph{{gap}}});
    main.blocks.push_back(
        {Paragraph{{"Presets from NLGN, \"Shared Necessities\" (March 2011): sharing back offices saves 1.8% of "
                    "expenditure (nlgn_likely), 3.6% at best (nlgn_best); councils needed 5.8% (required_median), up "
                    "to 8.8% in year 1.",
                    "Each is one service line on the whole baseline at that rate (before optimism bias), keeping the "
                    "proposal's ramp, costs and bond sizing rule, so the notional is re-sized per row."}}});
    doc.sections.push_back(std::move(main));

    if (comparison.basis == scenarios::BreakEvenBasis::Revenue) {
        // What the section 151 officer reads: when each scenario stops costing the revenue
        // budget, and what the borrowing charges it, beside the cash break-even.
        Table revenue;
        revenue.caption = "The revenue account of each scenario";
        revenue.columns = {{"Scenario", false}, {"Revenue break-even", false}, {"Cash break-even", false}};
        for (const auto& column : revenueColumns())
            if (column.kind != ValueKind::Text && column.key != "revenue_break_even_year")
                revenue.columns.push_back({column.heading, true});
        for (const auto& row : comparison.rows) {
            std::vector<std::string> cells{row.name, revenueBreakEvenText(row, proposal.horizonYears),
                                           breakEvenText(row, proposal.horizonYears)};
            for (const auto& column : revenueColumns())
                if (column.kind != ValueKind::Text && column.key != "revenue_break_even_year")
                    cells.push_back(humanValue(column.value(row), column.kind, decimals));
            revenue.rows.push_back(std::move(cells));
        }
        Section section{"When the revenue budget breaks even", {}};
        section.blocks.push_back({revenue});
        section.blocks.push_back({BlankLine{}});
        section.blocks.push_back(
            {Paragraph{{"Revenue break-even: the first financial year from which the council's cumulative net revenue "
                        "effect (savings less running costs, fees, unfunded revenue costs, interest accrued, MRP and "
                        "issuance costs) is never again negative. Every preset keeps the proposal's council_finance "
                        "block.",
                        "Cash break-even: the first programme year from which the cumulative cash position is never "
                        "again out of pocket."}}});
        doc.sections.push_back(std::move(section));
    }

    if (evaluation) {
        // The proposal's own figures head the rich reports; compare's JSON has most of them in row 0.
        doc.keyFigures = headlineFigures(*evaluation, [&](const std::string& key) {
            for (const auto& column : compareColumns())
                if (column.key == key && !comparison.rows.empty() && comparison.rows.front().name == "proposal")
                    return rowPointer(0, key);
            return std::string();
        });
        doc.sections.push_back(conventionsSection(*evaluation, true));
    }
    doc.charts = compareCharts(comparison, proposal.horizonYears, proposal.currency, decimals);
    doc.sections.push_back({"Warnings", {{BulletList{warningLines(comparison)}}}, SectionRole::Warnings});
    return doc;
}

}  // namespace itsb::reports
