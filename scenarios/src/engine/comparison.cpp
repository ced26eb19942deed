#include "itsb/scenarios/engine/comparison.hpp"

#include "itsb/finance/parallel.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::scenarios {

namespace {

//! SPEC §7: `gross_savings_year5` is the annual table's year 5, absent for shorter horizons.
constexpr Year kHeadlineYear = 5;

//! Adds `row` to the rows of `warning`, or the warning with it, in the order first seen: a warning
//! several rows share is said once, naming them.
void addWarning(std::vector<RowsWarning>& warnings, const std::string& row, const Warning& warning) {
    auto it = std::find_if(warnings.begin(), warnings.end(), [&](const RowsWarning& w) { return w.warning == warning; });
    if (it == warnings.end()) it = warnings.insert(warnings.end(), RowsWarning{{}, warning});
    it->rows.push_back(row);
}

//! Evaluates one row's scenario into `row` and its warnings (in the order evaluate gives them);
//! an input that only fails once calculated (a DSCR target no notional meets, costs no
//! notional can fund) leaves the row's figures null.
void evaluateRow(const Scenario& scenario, ComparisonRow& row, std::vector<Warning>& warnings) {
    try {
        EvaluateOptions options;
        options.pwlb = false;  // no row shows it
        const Evaluation ev = evaluate(scenario, options);
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
        row.revenue = ev.metrics.revenue;
        warnings = ev.warnings;
    } catch (const InputError& e) {
        warnings = {{"row_not_evaluable", "", {textValue("problems", problemsText(e))}}};
    }
}

}  // namespace

Rate wholeBaselineSavingRate(const Scenario& scenario) {
    Rate rate = 0.0;
    for (const auto& line : scenario.programme.serviceLines) rate += line.addressableShare * line.savingRate;
    return rate;
}

Comparison compare(const Scenario& proposal, const std::vector<Preset>& presetsToShow, int threads,
                   BreakEvenBasis basis) {
    if (basis == BreakEvenBasis::Revenue && !proposal.councilFinance)
        throw std::invalid_argument("the revenue break-even needs a council_finance block");
    Comparison out;
    out.name = proposal.name;
    out.inputSha256 = inputSha256(proposal);
    out.basis = basis;

    std::vector<Scenario> scenarios{proposal};
    out.rows.resize(1 + presetsToShow.size());
    out.rows[0].name = "proposal";
    out.rows[0].description = "the proposal's own service lines";
    out.rows[0].savingRate = wholeBaselineSavingRate(proposal);
    for (std::size_t i = 0; i < presetsToShow.size(); ++i) {
        const Preset& preset = presetsToShow[i];
        ComparisonRow& row = out.rows[i + 1];
        row.name = preset.name;
        row.description = preset.description;
        row.savingRate = preset.savingRate;
        scenarios.push_back(applyPreset(proposal, preset));
    }
    // Each row in its own slot, its warnings too; gathered in row order afterwards.
    std::vector<std::vector<Warning>> rowWarnings(out.rows.size());
    finance::parallelFor(out.rows.size(), threads,
                         [&](std::size_t i, std::size_t) { evaluateRow(scenarios[i], out.rows[i], rowWarnings[i]); });

    for (std::size_t i = 0; i < out.rows.size(); ++i)
        for (const auto& w : rowWarnings[i]) addWarning(out.warnings, out.rows[i].name, w);
    return out;
}

}  // namespace itsb::scenarios
