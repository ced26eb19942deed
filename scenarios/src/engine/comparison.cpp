#include "itsb/scenarios/engine/comparison.hpp"

#include "itsb/finance/parallel.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <algorithm>

namespace itsb::scenarios {

namespace {

//! SPEC §7: `gross_savings_year5` is the annual table's year 5, absent for shorter horizons.
constexpr Year kHeadlineYear = 5;

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

//! Evaluates one row's scenario into `row` and its warnings (in the order evaluate gives them);
//! an input that only fails once calculated (a DSCR target no notional meets, costs no
//! notional can fund) leaves the row's figures null.
void evaluateRow(const Scenario& scenario, ComparisonRow& row, std::vector<std::string>& warnings) {
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
        warnings = ev.warnings;
    } catch (const InputError& e) {
        warnings = {"cannot be evaluated: " + problemsText(e)};
    }
}

}  // namespace

Rate wholeBaselineSavingRate(const Scenario& scenario) {
    Rate rate = 0.0;
    for (const auto& line : scenario.programme.serviceLines) rate += line.addressableShare * line.savingRate;
    return rate;
}

Comparison compare(const Scenario& proposal, const std::vector<Preset>& presetsToShow, int threads) {
    Comparison out;
    out.name = proposal.name;
    out.inputSha256 = inputSha256(proposal);

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
    std::vector<std::vector<std::string>> rowWarnings(out.rows.size());
    finance::parallelFor(out.rows.size(), threads,
                         [&](std::size_t i, std::size_t) { evaluateRow(scenarios[i], out.rows[i], rowWarnings[i]); });

    std::vector<RowWarning> warnings;  // a warning several rows share is said once, naming them
    for (std::size_t i = 0; i < out.rows.size(); ++i)
        for (const auto& w : rowWarnings[i]) addWarning(warnings, out.rows[i].name, w);
    out.warnings = warningLines(warnings, out.rows.size());
    return out;
}

}  // namespace itsb::scenarios
