#include "itsb/scenarios/comparison.hpp"

#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/reader.hpp"

namespace itsb::scenarios {

namespace {

//! SPEC §7: `gross_savings_year5` is the annual table's year 5, absent for shorter horizons.
constexpr Year kHeadlineYear = 5;

std::string problemsText(const InputError& error) {
    std::string text;
    for (const auto& problem : error.problems()) text += (text.empty() ? "" : "; ") + problem.message();
    return text;
}

//! Evaluates one row's scenario; an input that only fails once calculated (a DSCR target no
//! notional meets, costs no notional can fund) leaves the row's figures null.
ComparisonRow evaluateRow(const Scenario& scenario, ComparisonRow row, std::vector<std::string>& warnings) {
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
        for (const auto& w : ev.warnings) warnings.push_back(row.name + ": " + w);
    } catch (const InputError& e) {
        warnings.push_back(row.name + ": cannot be evaluated: " + problemsText(e));
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
    out.rows.push_back(evaluateRow(proposal, row, out.warnings));

    for (const auto& preset : presetsToShow) {
        ComparisonRow presetRow;
        presetRow.name = preset.name;
        presetRow.description = preset.description;
        presetRow.savingRate = preset.savingRate;
        out.rows.push_back(evaluateRow(applyPreset(proposal, preset), presetRow, out.warnings));
    }
    return out;
}

}  // namespace itsb::scenarios
