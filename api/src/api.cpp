#include "itsb/api.hpp"

#include "itsb/reports/compare_report.hpp"
#include "itsb/reports/redeem_report.hpp"
#include "itsb/reports/run_report.hpp"
#include "itsb/reports/simulate_report.hpp"
#include "itsb/reports/size_report.hpp"
#include "itsb/scenarios/engine/comparison.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/redemption.hpp"
#include "itsb/scenarios/engine/sensitivity.hpp"
#include "itsb/scenarios/engine/simulation.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/presets.hpp"
#include "itsb/version.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace itsb::api {

namespace {

using scenarios::Scenario;

//! A request that cannot be carried out as written.
class Usage : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! The input document, overrides applied: what sensitivity grids vary, as --set would.
nlohmann::json document(const Request& r) {
    auto doc = scenarios::parseInputJson(r.input ? std::string_view(*r.input) : scenarios::defaultPilotText());
    scenarios::applyOverrides(doc, r.overrides);
    return doc;
}

std::optional<scenarios::Preset> preset(const Request& r) {
    if (r.preset.empty()) return std::nullopt;
    const auto found = scenarios::findPreset(r.preset);
    if (!found) {
        std::string known;
        for (const auto& p : scenarios::presets()) known += (known.empty() ? "" : ", ") + p.name;
        throw Usage("--preset " + r.preset + ": unknown preset (known: " + known + ")");
    }
    return found;
}

//! The scenario of a document (the input read, overrides applied), then the preset.
Scenario scenarioOf(const nlohmann::json& doc, const std::optional<scenarios::Preset>& chosen) {
    auto s = scenarios::buildScenario(doc);
    return chosen ? scenarios::applyPreset(s, *chosen) : s;
}

Scenario scenario(const Request& r) {
    const auto chosen = preset(r);
    return scenarioOf(document(r), chosen);
}

//! The full evaluation for the rich reports' key figures, when the scenario evaluates (when it
//! does not, the answer itself says why: a compare row, a tornado's warning).
std::optional<scenarios::Evaluation> evaluationIfAny(const Scenario& s) {
    try {
        return scenarios::evaluate(s);
    } catch (const scenarios::InputError&) {
        return std::nullopt;
    }
}

scenarios::EvaluateOptions evaluateOptions(const Request& r) {
    scenarios::EvaluateOptions options;
    options.workbook = r.forWorkbook;
    return options;
}

//! The full evaluation of a scenario, and with forWorkbook its neighbour: `r.withEvaluation`
//! (or `always`) says whether it is wanted at all.
void evaluateInFull(const Request& r, const Scenario& s, Result& out, bool always) {
    if (!always && !r.withEvaluation && !r.forWorkbook) return;
    out.evaluation = scenarios::evaluate(s, evaluateOptions(r));
    if (r.forWorkbook) {
        if (auto neighbour = scenarios::notionalNeighbour(*out.evaluation)) out.neighbour = std::move(*neighbour);
    }
}

finance::Date parseDate(const std::string& text) {
    const auto date = finance::Date::fromIso(text);
    if (!date) throw Usage("--date " + text + ": expected a date YYYY-MM-DD between 1901-01-01 and 2199-12-31");
    return *date;
}

//! A plain decimal ("0.045", "-0.01", "5e-2"): the whole text, finite.
finance::Rate parseRate(const std::string& text) {
    double value = 0.0;
    const char* first = text.data();
    const char* last = first + text.size();
    if (!text.empty() && *first == '+') ++first;  // from_chars refuses a leading '+'
    const bool signTwice = first != text.data() && first != last && *first == '-';
    const auto [end, ec] = std::from_chars(first, last, value);
    if (text.empty() || signTwice || ec != std::errc() || end != last || !std::isfinite(value))
        throw Usage("--rate " + text + ": expected a decimal rate, e.g. 0.045 for 4.5 %");
    return value;
}

//! --basis as a value; a usage error for any other text.
scenarios::BreakEvenBasis basis(const Request& r) {
    const auto named = scenarios::breakEvenBasisNamed(r.basis);
    if (!named) throw Usage("--basis " + r.basis + ": must be cash or revenue");
    return *named;
}

//! The revenue basis needs the revenue view: a usage error on an input without council_finance.
void checkBasisAvailable(scenarios::BreakEvenBasis chosen, const Scenario& s) {
    if (chosen == scenarios::BreakEvenBasis::Revenue && !s.councilFinance)
        throw Usage("--basis revenue: the input needs a council_finance block for the revenue-budget view, and has "
                    "none");
}

void runSize(const Request& r, Result& out) {
    if (!(r.targetDscr > 0.0 && r.targetDscr <= 100.0))
        throw Usage("--target-dscr " + scenarios::formatNumber(r.targetDscr) + ": must be greater than 0 and at most 100");
    const auto chosen = basis(r);
    const auto s = scenario(r);
    out.scenario = s;
    checkBasisAvailable(chosen, s);
    if (chosen == scenarios::BreakEvenBasis::Revenue) {
        // Year 0's amounts fall in the revenue account's first financial year: there is no
        // revenue position at the opening to break even by.
        if (r.breakEvenBy < 1 || r.breakEvenBy > s.horizonYears)
            throw Usage("--break-even-by " + std::to_string(r.breakEvenBy) +
                        ": with --basis revenue, must be a financial year between 1 and the horizon " +
                        std::to_string(s.horizonYears) +
                        " (year 0 is not a financial year of the revenue account: its amounts fall in year 1)");
    } else if (r.breakEvenBy < 0 || r.breakEvenBy > s.horizonYears) {
        throw Usage("--break-even-by " + std::to_string(r.breakEvenBy) +
                    ": must be a programme year between 0 and the horizon " + std::to_string(s.horizonYears));
    }
    out.sizing = scenarios::sizeScenario(s, r.targetDscr, r.breakEvenBy, chosen);
    evaluateInFull(r, s, out, false);
}

void runCompare(const Request& r, Result& out) {
    // The proposal is the input after the overrides; the preset picks the one preset to show
    // beside it instead of replacing its service lines.
    const auto chosen = preset(r);
    const auto chosenBasis = basis(r);
    const auto proposal = scenarios::buildScenario(document(r));
    out.scenario = proposal;
    checkBasisAvailable(chosenBasis, proposal);
    out.comparison = scenarios::compare(proposal, chosen ? std::vector<scenarios::Preset>{*chosen} : scenarios::presets(),
                                        r.threads, chosenBasis);
    // A workbook is the proposal's run workbook plus the comparison, so the proposal must
    // evaluate; the rich reports show its key figures when it does (its row says why not).
    if (r.forWorkbook) {
        evaluateInFull(r, proposal, out, true);
    } else if (r.withEvaluation) {
        out.evaluation = evaluationIfAny(proposal);
    }
}

void runSensitivity(const Request& r, Result& out) {
    // The request is checked before the input is read: a malformed range or an unknown metric
    // is a usage error whatever the input holds.
    if (r.grids.size() > 2)
        throw Usage("--grid given " + std::to_string(r.grids.size()) +
                    " times: once for a one-way grid, twice for a two-way grid");
    std::vector<std::string> metrics;  // as asked, each once
    for (const auto& metric : r.metrics)
        if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) metrics.push_back(metric);
    std::vector<scenarios::GridAxisSpec> axes;
    for (const auto& metric : metrics) scenarios::checkSensitivityMetric(metric);
    const auto chosenBasis = basis(r);
    for (const auto& text : r.grids) axes.push_back(scenarios::parseGridAxis(text));
    if (!axes.empty() && metrics.size() > 1)
        throw Usage("--metric given " + std::to_string(metrics.size()) +
                    " times: a grid shows one metric (default project_npv)");
    const auto doc = document(r);
    const auto chosen = preset(r);
    const auto s = scenarioOf(doc, chosen);
    out.scenario = s;
    checkBasisAvailable(chosenBasis, s);
    scenarios::checkRevenueMetricsAvailable(metrics, s.councilFinance.has_value());
    reports::SensitivityReport report;
    report.name = s.name;
    report.inputSha256 = scenarios::inputSha256(s);
    report.currency = s.currency;
    report.decimals = s.rounding.decimals;
    report.scenario = s;
    scenarios::SensitivityOptions run;
    run.threads = r.threads;
    if (r.progress)
        run.progress = [&r](std::size_t done, std::size_t total) {
            r.progress(static_cast<long long>(done), static_cast<long long>(total));
        };
    if (axes.empty())
        report.tornado =
            scenarios::tornado(s, metrics.empty() ? scenarios::defaultTornadoMetrics(chosenBasis) : metrics, run);
    else
        report.grid = scenarios::grid(doc, axes, metrics.empty() ? std::string("project_npv") : metrics.front(), chosen, run);
    out.sensitivity = std::move(report);
    // The rich reports also show the base case's key figures, when it evaluates.
    if (r.withEvaluation) out.evaluation = evaluationIfAny(s);
}

void runRedeem(const Request& r, Result& out) {
    // The request first: a malformed date or rate is a usage error whatever the input says.
    const auto date = parseDate(r.date);
    const auto rate = parseRate(r.rate);
    const auto s = scenario(r);
    out.scenario = s;
    out.redemption = scenarios::redeem(s, date, rate);
    evaluateInFull(r, s, out, false);
}

void runSimulate(const Request& r, Result& out) {
    if (r.paths && (*r.paths < 1 || *r.paths > 10000000))
        throw Usage("--paths " + std::to_string(*r.paths) + ": must be between 1 and 10000000");
    const auto s = scenario(r);
    out.scenario = s;
    scenarios::SimulationOptions run;
    run.paths = r.paths.value_or(s.uncertainty.paths);
    run.seed = r.seed.value_or(s.uncertainty.seed);
    run.threads = r.threads;
    if (r.progress)
        run.progress = [&r](std::int64_t done, std::int64_t total) { r.progress(done, total); };
    out.simulation = scenarios::simulate(s, run);
    evaluateInFull(r, s, out, false);
}

void dispatch(const Request& r, Result& out) {
    if (r.threads < 1) throw Usage("--threads " + std::to_string(r.threads) + ": must be at least 1");
    const std::string& c = r.command;
    if (c == "run" || c == "schedule" || c == "validate") {
        // validate evaluates too: some problems only show once the model runs (costs no
        // notional can fund).
        const auto s = scenario(r);
        out.scenario = s;
        evaluateInFull(r, s, out, true);
    } else if (c == "example") {
        out.exampleText = std::string(scenarios::defaultPilotText());
    } else if (c == "size") {
        runSize(r, out);
    } else if (c == "compare") {
        runCompare(r, out);
    } else if (c == "sensitivity") {
        runSensitivity(r, out);
    } else if (c == "redeem") {
        runRedeem(r, out);
    } else if (c == "simulate") {
        runSimulate(r, out);
    } else {
        std::string names;
        for (const auto& name : commands()) names += (names.empty() ? "" : ", ") + name;
        throw Usage("unknown command \"" + c + "\" (commands: " + names + ")");
    }
}

//! validate's JSON: {"valid", "name", "input_sha256", "problem_count", "problems": [{"pointer",
//! "value", "rule", "message"}]}.
std::string validationJson(const Result& r) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["itsb_version"] = ITSB_VERSION;
    auto problems = nlohmann::ordered_json::array();
    if (r.ok()) {
        out["valid"] = true;
        out["name"] = r.scenario->name;
        out["input_sha256"] = r.evaluation->inputSha256;
    } else {
        out["valid"] = false;
        for (const auto& p : r.problems)
            problems.push_back({{"pointer", p.pointer}, {"value", p.value}, {"rule", p.rule}, {"message", p.message()}});
    }
    out["problem_count"] = r.problems.size() + r.unlistedProblems;
    out["problems"] = std::move(problems);
    return out.dump(2) + "\n";
}

}  // namespace

const std::vector<std::string>& commands() {
    static const std::vector<std::string> names{"run",     "schedule",    "validate", "example", "size",
                                                "compare", "sensitivity", "redeem",   "simulate"};
    return names;
}

Result call(const Request& request) {
    Result out;
    out.command = request.command;
    auto usage = [&](const std::string& why) {
        out = Result{};
        out.command = request.command;
        out.status = Status::UsageError;
        out.usageError = why;
    };
    try {
        dispatch(request, out);
    } catch (const scenarios::InputError& e) {
        Result failed;
        failed.command = request.command;
        failed.status = Status::InputProblems;
        failed.problems = e.problems();
        failed.unlistedProblems = e.unlisted();
        out = std::move(failed);
    } catch (const scenarios::OverrideError& e) {
        usage(e.what());
    } catch (const scenarios::SensitivityError& e) {
        usage(e.what());
    } catch (const scenarios::RedemptionRequestError& e) {
        usage(e.what());
    } catch (const Usage& e) {
        usage(e.what());
    }
    return out;
}

std::vector<scenarios::Warning> Result::warnings() const {
    if (sizing) return sizing->warnings;
    if (comparison) {
        std::vector<scenarios::Warning> all;
        for (const auto& w : comparison->warnings) all.push_back(w.warning);
        return all;
    }
    if (sensitivity) return sensitivity->warnings();
    if (simulation) return simulation->warnings;
    if (evaluation && !redemption) return evaluation->warnings;
    return {};
}

std::optional<double> Result::metric(std::string_view key) const {
    if (!evaluation) return std::nullopt;
    return scenarios::numericMetric(evaluation->metrics, key);
}

std::string Result::json() const {
    if (command == "validate") return validationJson(*this);
    if (!ok()) throw std::logic_error("itsb::api: no report for a request that failed");
    if (command == "run") return reports::jsonReport(*evaluation, reports::ReportScope::Run);
    if (command == "schedule") return reports::jsonReport(*evaluation, reports::ReportScope::Schedule);
    if (command == "example") return exampleText;
    if (sizing) return reports::sizeJson(*scenario, *sizing);
    if (comparison) return reports::compareJson(*comparison);
    if (sensitivity) return reports::sensitivityJson(*sensitivity);
    if (redemption) return reports::redeemJson(*redemption);
    if (simulation) return reports::simulateJson(*scenario, *simulation);
    throw std::logic_error("itsb::api: no report for " + command);
}

}  // namespace itsb::api
