// Workbooks of the analytics commands: the run workbook of the proposal (compare) or of the base
// case (simulate), plus one sheet of the command's results. Those results are values: a preset
// row is a whole evaluation of another scenario and a simulation is thousands of drawn paths,
// neither of which a sheet can recompute; each says how to reproduce it, and the row that is
// this workbook's own run is checked against the recomputed Metrics sheet.
#include "itsb/reports/warning_text.hpp"
#include "itsb/reports/workbooks.hpp"

#include "xlsx_run.hpp"

#include "itsb/scenarios/model/comparison.hpp"
#include "itsb/scenarios/model/simulation.hpp"

#include <cmath>

namespace itsb::reports::xlsx {

namespace {

void nullableNumber(Sheet& sheet, int row, int column, const std::optional<double>& value, Style style) {
    if (value)
        sheet.number(row, column, *value, style);
    else
        sheet.blank(row, column, style);
}

//! "OK" when `cell` agrees with the recomputed metric (both null, or within the tolerance).
std::string agreesWithMetric(const std::string& cell, const std::string& key, bool money) {
    const std::string metric = metricName(key);
    const std::string close = money ? "ABS(" + cell + "-" + metric + ")<=0.005"
                                    : "ABS(" + cell + "-" + metric + ")<=1E-9*MAX(1,ABS(" + metric + "))";
    return "IF(ISNUMBER(" + cell + ")<>ISNUMBER(" + metric + "),\"FAILS\",IF(ISNUMBER(" + cell + "),IF(" + close +
           ",\"OK\",\"FAILS\"),\"OK\"))";
}

void writePresetsSheet(Sheet& sheet, const scenarios::Scenario& proposal, const scenarios::Comparison& comparison) {
    sheet.text(0, 0, "Compare: the proposal under each preset (docs/MODEL.md §6.2)", Style::Title);
    sheet.text(1, 0,
               "Values: each row is a full itsb evaluation of its scenario (a preset replaces the service lines by one "
               "line on the whole baseline and re-applies the bond's sizing rule); reproduce a row with the command "
               "beside it. The proposal row is this workbook's run: the last columns check it against the Metrics "
               "sheet, recomputed.",
               Style::Note);
    struct Column {
        const char* heading;
        const char* key;
        Style style;
    };
    const std::vector<Column> columns{
        {"Name", "name", Style::Plain},
        {"Saving rate (of the whole baseline)", "saving_rate", Style::Percent},
        {"Notional", "notional", Style::Money},
        {"Gross savings year 5", "gross_savings_year5", Style::Money},
        {"Project IRR", "project_irr", Style::Percent},
        {"Project NPV", "project_npv", Style::Money},
        {"NPV after financing", "npv_after_financing", Style::Money},
        {"Minimum DSCR", "min_dscr", Style::Ratio},
        {"Payback (years)", "payback_years", Style::Years},
        {"Break-even year", "break_even_year", Style::Integer},
        {"Break-even fiscal year", "break_even_fiscal_year", Style::Plain},
        {"Reproduce with", "(command)", Style::Plain},
        {"Description", "description", Style::Plain},
    };
    const int headerRow = 3, first = headerRow + 2;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        sheet.text(headerRow, static_cast<int>(i), columns[i].heading, Style::Header);
        sheet.text(headerRow + 1, static_cast<int>(i), columns[i].key, Style::Key);
    }
    const int checkNpv = static_cast<int>(columns.size()), checkAfter = checkNpv + 1, checkDscr = checkNpv + 2;
    sheet.text(headerRow, checkNpv, "Project NPV = Metrics", Style::Header);
    sheet.text(headerRow, checkAfter, "NPV after financing = Metrics", Style::Header);
    sheet.text(headerRow, checkDscr, "Minimum DSCR = Metrics", Style::Header);
    int row = first;
    for (const auto& r : comparison.rows) {
        const bool isProposal = r.name == "proposal";
        int column = 0;
        sheet.text(row, column++, r.name, Style::Plain);
        sheet.number(row, column++, r.savingRate, Style::Percent);
        nullableNumber(sheet, row, column++, r.notional, Style::Money);
        nullableNumber(sheet, row, column++, r.grossSavingsYear5, Style::Money);
        nullableNumber(sheet, row, column++, r.projectIrr, Style::Percent);
        nullableNumber(sheet, row, column++, r.projectNpv, Style::Money);
        nullableNumber(sheet, row, column++, r.npvAfterFinancing, Style::Money);
        nullableNumber(sheet, row, column++, r.minDscr, Style::Ratio);
        nullableNumber(sheet, row, column++, r.paybackYears, Style::Years);
        nullableNumber(sheet, row, column++,
                       r.breakEvenYear ? std::optional<double>(*r.breakEvenYear) : std::nullopt, Style::Integer);
        if (r.breakEvenFiscalYear)
            sheet.text(row, column++, *r.breakEvenFiscalYear, Style::Plain);
        else
            sheet.blank(row, column++, Style::Plain);
        sheet.text(row, column++, isProposal ? "itsb run FILE" : "itsb run FILE --preset " + r.name, Style::Plain);
        sheet.text(row, column++, r.description, Style::Plain);
        if (isProposal && r.evaluated) {
            sheet.formulaText(row, checkNpv, agreesWithMetric(cellRef(row, 5), "project_npv", true), "OK", Style::Check);
            sheet.formulaText(row, checkAfter, agreesWithMetric(cellRef(row, 6), "npv_after_financing", true), "OK",
                              Style::Check);
            sheet.formulaText(row, checkDscr, agreesWithMetric(cellRef(row, 7), "min_dscr", false), "OK", Style::Check);
        }
        ++row;
    }
    ++row;
    sheet.text(row++, 0, "Proposal: " + proposal.name + " (input SHA-256 " + comparison.inputSha256 + ")", Style::Note);
    if (!comparison.warnings.empty()) {
        ++row;
        sheet.text(row++, 0, "Warnings", Style::Section);
        for (const auto& w : comparison.warnings)
            sheet.text(row++, 0, rowsWarningText(w, comparison.rows.size()), Style::Plain);
    }
    sheet.columnWidth(0, 0, 26);
    sheet.columnWidth(1, 10, 15);
    sheet.columnWidth(11, 11, 40);
    sheet.columnWidth(12, 12, 60);
    sheet.columnWidth(checkNpv, checkDscr, 14);
    sheet.freeze(first, 1);
}

void writeSimulationSheet(Sheet& sheet, const scenarios::Evaluation& base, const scenarios::SimulationResult& r) {
    sheet.text(0, 0, "Simulation: Monte Carlo of the uncertainty block", Style::Title);
    sheet.text(1, 0,
               "Values: " + std::to_string(r.paths) + " paths drawn with seed " + std::to_string(r.seed) +
                   " (itsb simulate FILE --paths " + std::to_string(r.paths) + " --seed " + std::to_string(r.seed) +
                   " reproduces them bit for bit, on any machine and thread count); a spreadsheet does not redraw "
                   "them. Each path keeps the notional sized on the base case. The base case is this workbook's run: "
                   "the check column compares it with the Metrics sheet, recomputed.",
               Style::Note);
    int row = 3;
    sheet.text(row++, 0, "Run", Style::Section);
    const auto line = [&](const std::string& label, double value, Style style, const std::string& note = "") {
        sheet.text(row, 0, label, Style::Plain);
        sheet.number(row, 1, value, style);
        if (!note.empty()) sheet.text(row, 2, note, Style::Note);
        ++row;
    };
    line("paths", static_cast<double>(r.paths), Style::Integer);
    line("seed", static_cast<double>(r.seed), Style::Integer);
    line("notional", r.notional, Style::Money, "sized on the base case, kept by every path");
    line("failed_paths", static_cast<double>(r.failedPaths), Style::Integer,
         "paths whose bond could not be built (their metrics are null)");
    line("expected_investor_loss", r.expectedInvestorLoss, Style::Money, "mean amount written off over all paths");

    ++row;
    sheet.text(row++, 0, "Probabilities (shares of all paths)", Style::Section);
    line("break_even_within_horizon", r.breakEvenWithinHorizon, Style::Percent, "break_even_year not null");
    line("break_even_within_term", r.breakEvenWithinTerm, Style::Percent,
         "break_even_year <= the year of the final payment (" + std::to_string(r.finalYear) + ")");
    line("min_dscr_below_1", r.minDscrBelow1, Style::Percent, "a null minimum DSCR counts as not below 1");
    line("investor_loss", r.investorLoss, Style::Percent, "an amount written off");

    ++row;
    sheet.text(row++, 0, "Percentiles (nearest rank; a null sorts above every number)", Style::Section);
    const std::vector<std::string> headings{"metric", "base case", "p5", "p10", "p50", "p90", "p95", "mean", "nulls",
                                            "base = Metrics"};
    for (std::size_t i = 0; i < headings.size(); ++i) sheet.text(row, static_cast<int>(i), headings[i], Style::Header);
    ++row;
    const std::vector<double> baseValues{r.base.projectNpv, r.base.projectIrr,    r.base.npvAfterFinancing,
                                         r.base.minDscr,    r.base.breakEvenYear, r.base.investorIrr};
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const auto kind = scenarios::metricKind(m.key).value_or(scenarios::ValueKind::Ratio);
        const Style style = kind == scenarios::ValueKind::Amount    ? Style::Money
                            : kind == scenarios::ValueKind::Percent ? Style::Percent
                            : kind == scenarios::ValueKind::Integer ? Style::Number
                                                                    : Style::Ratio;
        const auto& p = m.percentiles;
        sheet.text(row, 0, m.key, Style::Plain);
        const double baseValue = i < baseValues.size() ? baseValues[i] : std::nan("");
        nullableNumber(sheet, row, 1, std::isnan(baseValue) ? std::nullopt : std::optional<double>(baseValue), style);
        nullableNumber(sheet, row, 2, p.p5, style);
        nullableNumber(sheet, row, 3, p.p10, style);
        nullableNumber(sheet, row, 4, p.p50, style);
        nullableNumber(sheet, row, 5, p.p90, style);
        nullableNumber(sheet, row, 6, p.p95, style);
        nullableNumber(sheet, row, 7, p.mean, style);
        sheet.number(row, 8, static_cast<double>(p.nulls), Style::Integer);
        sheet.formulaText(row, 9, agreesWithMetric(cellRef(row, 1), m.key, kind == scenarios::ValueKind::Amount), "OK",
                          Style::Check);
        ++row;
    }

    ++row;
    sheet.text(row++, 0, "Histograms (a bin counts from <= value < to; the last bin is closed)", Style::Section);
    const int histogramTop = row;
    int deepest = row;
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const int column = static_cast<int>(i) * 4;
        int h = histogramTop;
        sheet.text(h++, column, m.key, Style::Header);
        sheet.text(h, column, "from", Style::Header);
        sheet.text(h, column + 1, "to", Style::Header);
        sheet.text(h, column + 2, "count", Style::Header);
        ++h;
        for (std::size_t b = 0; b < m.histogram.counts.size(); ++b, ++h) {
            sheet.number(h, column, m.histogram.edges[b], Style::Number);
            sheet.number(h, column + 1, m.histogram.edges[b + 1], Style::Number);
            sheet.number(h, column + 2, static_cast<double>(m.histogram.counts[b]), Style::Integer);
        }
        deepest = std::max(deepest, h);
    }
    row = deepest + 1;
    sheet.text(row++, 0, "Base case: " + base.scenario.name + " (input SHA-256 " + base.inputSha256 + ")", Style::Note);
    if (!r.warnings.empty()) {
        sheet.text(row++, 0, "Warnings", Style::Section);
        for (const auto& w : r.warnings) sheet.text(row++, 0, warningText(w), Style::Plain);
    }
    sheet.columnWidth(0, 0, 26);
    sheet.columnWidth(1, 9, 15);
}

}  // namespace

}  // namespace itsb::reports::xlsx

namespace itsb::reports {

void writeCompareWorkbook(const scenarios::Scenario& proposal, const scenarios::Evaluation& proposalEvaluation,
                          const std::optional<scenarios::NotionalNeighbour>& neighbour,
                          const scenarios::Comparison& comparison, const std::string& path) {
    xlsx::Workbook book(path, proposalEvaluation.scenario.startDate, proposalEvaluation.scenario.rounding.decimals);
    xlsx::writeRunSheets(book, proposalEvaluation, neighbour);
    xlsx::Sheet& presets = book.addSheet("Presets");
    xlsx::writePresetsSheet(presets, proposal, comparison);
    presets.activate();
    book.close();
}

void writeSimulationWorkbook(const scenarios::Evaluation& base,
                             const std::optional<scenarios::NotionalNeighbour>& neighbour,
                             const scenarios::SimulationResult& result, const std::string& path) {
    xlsx::Workbook book(path, base.scenario.startDate, base.scenario.rounding.decimals);
    xlsx::writeRunSheets(book, base, neighbour);
    xlsx::Sheet& simulation = book.addSheet("Simulation");
    xlsx::writeSimulationSheet(simulation, base, result);
    simulation.activate();
    book.close();
}

}  // namespace itsb::reports
