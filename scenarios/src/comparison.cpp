#include "itsb/scenarios/comparison.hpp"

#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/reader.hpp"

#include <algorithm>

namespace itsb::scenarios {

namespace {

//! SPEC §7: `gross_savings_year5` is the annual table's year 5, absent for shorter horizons.
constexpr Year kHeadlineYear = 5;

//! Evaluates one row's scenario; an input that only fails once calculated (a DSCR target no
//! notional meets, costs no notional can fund) leaves the row's figures null.
//! A warning and the rows that gave it, in the order first seen.
struct RowWarning {
    std::string text;
    std::vector<std::string> rows;
};

void addWarning(std::vector<RowWarning>& warnings, const std::string& row, const std::string& text) {
    auto it = std::find_if(warnings.begin(), warnings.end(), [&](const RowWarning& w) { return w.text == text; });
    if (it == warnings.end()) it = warnings.insert(warnings.end(), RowWarning{text, {}});
    it->rows.push_back(row);
}

//! "proposal: W" for one row, "proposal, nlgn_likely and nlgn_best: W" for several, "every row: W" for all.
std::vector<std::string> warningLines(const std::vector<RowWarning>& warnings, std::size_t rowCount) {
    std::vector<std::string> lines;
    for (const auto& w : warnings) {
        std::string who;
        if (w.rows.size() == rowCount && rowCount > 1) {
            who = "every row";
        } else {
            for (std::size_t i = 0; i < w.rows.size(); ++i)
                who += (i == 0 ? "" : (i + 1 == w.rows.size() ? " and " : ", ")) + w.rows[i];
        }
        lines.push_back(who + ": " + w.text);
    }
    return lines;
}

ComparisonRow evaluateRow(const Scenario& scenario, ComparisonRow row, std::vector<RowWarning>& warnings) {
    try {
        const Evaluation ev = evaluate(scenario);
        row.evaluated = true;
        row.notional = ev.metrics.notional;
        for (const auto& annual : ev.annual)
            if (annual.year == kHeadlineYear) row.grossSavingsYear5 = annual.grossSavings;
        const TableMetrics& m = ev.metrics.table;
        row.projectIrr = m.projectIrr;
        row.projectNpv = m.projectNpv;
        row.npvAfterFinancing = m.npvAfterFinancing;
        row.minDscr = m.minDscr;
        row.paybackYears = m.paybackYears;
        row.breakEvenYear = m.breakEvenYear;
        row.breakEvenFiscalYear = m.breakEvenFiscalYear;
        for (const auto& w : ev.warnings) addWarning(warnings, row.name, w);
    } catch (const InputError& e) {
        addWarning(warnings, row.name, "cannot be evaluated: " + problemsText(e));
    }
    return row;
}

}  // namespace

Rate wholeBaselineSavingRate(const Scenario& scenario) {
    Rate rate = 0.0;
    for (const auto& line : scenario.programme.serviceLines) rate += line.addressableShare * line.savingRate;
    return rate;
}

Comparison compare(const Scenario& proposal, const std::vector<Preset>& presetsToShow) {
    Comparison out;
    out.name = proposal.name;
    out.inputSha256 = inputSha256(proposal);

    ComparisonRow row;
    row.name = "proposal";
    row.description = "the proposal's own service lines";
    row.savingRate = wholeBaselineSavingRate(proposal);
    std::vector<RowWarning> warnings;  // a warning several rows share is said once, naming them
    out.rows.push_back(evaluateRow(proposal, row, warnings));

    for (const auto& preset : presetsToShow) {
        ComparisonRow presetRow;
        presetRow.name = preset.name;
        presetRow.description = preset.description;
        presetRow.savingRate = preset.savingRate;
        out.rows.push_back(evaluateRow(applyPreset(proposal, preset), presetRow, warnings));
    }
    out.warnings = warningLines(warnings, out.rows.size());
    return out;
}

}  // namespace itsb::scenarios
