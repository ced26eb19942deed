// `itsb compare`: the proposal beside the NLGN presets (SPEC §6, §7), the project's headline:
// what sharing back offices delivers against what councils needed to save.

#include "command.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/comparison.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/text_format.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>

namespace itsb::cli {

namespace {

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

Json cellJson(const Cell& c, ValueKind kind) {
    if (const auto* v = std::get_if<double>(&c))
        return kind == ValueKind::Integer ? Json(static_cast<long long>(*v)) : Json(*v);
    if (const auto* s = std::get_if<std::string>(&c)) return *s;
    return nullptr;
}

std::string jsonText(const scenarios::Comparison& comparison) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = comparison.inputSha256;
    out["name"] = comparison.name;
    Json rows = Json::array();
    for (const auto& row : comparison.rows) {
        Json object = Json::object();
        for (const auto& column : compareColumns()) object[column.key] = cellJson(column.value(row), column.kind);
        rows.push_back(std::move(object));
    }
    out["rows"] = std::move(rows);
    out["warnings"] = comparison.warnings;
    return out.dump(2) + "\n";
}

std::vector<CsvTable> csvTables(const scenarios::Comparison& comparison, int decimals) {
    std::string text;
    for (const auto& column : compareColumns()) text += (text.empty() ? "" : ",") + column.key;
    text += "\n";
    for (const auto& row : comparison.rows) {
        std::string line;
        for (const auto& column : compareColumns())
            line += (line.empty() ? "" : ",") + csvValue(column.value(row), column.kind, decimals);
        text += line + "\n";
    }
    std::string warnings = "warning\n";
    for (const auto& w : comparison.warnings) warnings += csvQuoted(w) + "\n";
    return {{"compare", text}, {"warnings", warnings}};
}

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
    std::string text = "  The proposal saves " + scenarios::formatPercent(proposal->savingRate) +
                       " of expenditure at full ramp; the median council needed " +
                       scenarios::formatPercent(median->savingRate);
    if (gap > 0.0)
        text += ": " + scenarios::formatNumber(gap * 100.0, 2) + " percentage points short.\n";
    else
        text += ": the proposal meets it.\n";
    return text;
}

std::string tableText(const scenarios::Comparison& comparison, int horizonYears, const std::string& currency,
                      int decimals) {
    std::string out = "itsb " + std::string(ITSB_VERSION) + ": " + comparison.name + "\n";
    out += "Input SHA-256 " + comparison.inputSha256 + "; amounts in " + currency + "\n";
    out += section("What sharing delivers against what councils need");

    TextTable table;
    const std::vector<std::string> shown{"name",        "saving_rate",         "notional", "gross_savings_year5",
                                         "project_irr", "project_npv",         "npv_after_financing",
                                         "min_dscr",    "payback_years"};
    for (const auto& key : shown)
        for (const auto& column : compareColumns())
            if (column.key == key) table.add(column.heading, column.kind != ValueKind::Text);
    table.add("Break-even", false);
    for (const auto& row : comparison.rows) {
        std::vector<std::string> cells;
        for (const auto& key : shown)
            for (const auto& column : compareColumns())
                if (column.key == key)
                    // Saving rates are inputs such as 1.8 %: two places say them exactly.
                    cells.push_back(key == "saving_rate" ? scenarios::formatPercent(row.savingRate, 2)
                                                         : humanValue(column.value(row), column.kind, decimals));
        // The fiscal year the council is never again out of pocket, with its programme year.
        if (!row.evaluated)
            cells.push_back("n/a");
        else if (!row.breakEvenYear)
            cells.push_back("not within " + std::to_string(horizonYears) + " years");
        else if (*row.breakEvenYear == 0)
            cells.push_back("never out of pocket");
        else
            cells.push_back(row.breakEvenFiscalYear.value_or("") + " (year " + std::to_string(*row.breakEvenYear) + ")");
        table.row(std::move(cells));
    }
    out += table.render();
    out += "\n" + gapSentence(comparison);
    out += "  Presets from NLGN, \"Shared Necessities\" (March 2011): sharing back offices saves 1.8% of expenditure "
           "(nlgn_likely), 3.6% at best (nlgn_best); councils needed 5.8% (required_median), up to 8.8% in year 1.\n"
           "  Each is one service line on the whole baseline at that rate (before optimism bias), keeping the "
           "proposal's ramp, costs and bond sizing rule, so the notional is re-sized per row.\n";

    out += section("Warnings");
    if (comparison.warnings.empty()) out += "  none\n";
    for (const auto& w : comparison.warnings) out += "  - " + w + "\n";
    return out;
}

}  // namespace

void registerCompareCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<CommonOptions>();
    auto* sub = app.add_subcommand(
        "compare",
        "The proposal under every NLGN preset side by side: saving rate, IRR, NPV, min DSCR, payback, break-even "
        "(--preset NAME shows the proposal beside that preset alone)");
    addInputOptions(*sub, *options, {"table", "json", "csv"});
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            // The proposal is the input after --set; --preset picks the one preset to
                            // show beside it instead of replacing its service lines.
                            const auto proposal = scenarios::buildScenario(loadDocument(*options, in));
                            const auto preset = chosenPreset(*options);
                            const auto comparison =
                                preset ? scenarios::compare(proposal, {*preset}) : scenarios::compare(proposal);
                            const int decimals = proposal.rounding.decimals;
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, jsonText(comparison), out);
                            if (format == "csv") return emitCsv(*options, csvTables(comparison, decimals), out);
                            emitText(*options,
                                     tableText(comparison, proposal.horizonYears, proposal.currency, decimals), out);
                        },
                        options});
}

}  // namespace itsb::cli
