// `itsb sensitivity`: a tornado of the key inputs, or a one- or two-way grid of any inputs
// named by JSON pointer (SPEC §6).

#include "command.hpp"

#include "itsb/reports/sensitivity_report.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sensitivity.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace itsb::cli {

namespace {

using reports::SensitivityReport;

struct SensitivityOptions {
    CommonOptions common;
    std::vector<std::string> metrics;
    std::vector<std::string> grids;
    int threads = 0;  //!< 0: every core
};

SensitivityReport compute(const SensitivityOptions& options, std::istream& in) {
    // The request is checked before the input is read: a malformed range or an unknown metric
    // is a usage error whatever the file holds.
    if (options.grids.size() > 2)
        throw UsageError("--grid given " + std::to_string(options.grids.size()) +
                         " times: once for a one-way grid, twice for a two-way grid");
    std::vector<std::string> metrics;  // as asked, each once
    for (const auto& metric : options.metrics)
        if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) metrics.push_back(metric);
    std::vector<scenarios::GridAxisSpec> axes;
    try {
        for (const auto& metric : metrics) scenarios::checkSensitivityMetric(metric);
        for (const auto& text : options.grids) axes.push_back(scenarios::parseGridAxis(text));
    } catch (const scenarios::SensitivityError& e) {
        throw UsageError(e.what());
    }
    if (!axes.empty() && metrics.size() > 1)
        throw UsageError("--metric given " + std::to_string(metrics.size()) +
                         " times: a grid shows one metric (default project_npv)");

    const auto document = loadDocument(options.common, in);
    auto scenario = scenarios::buildScenario(document);
    const auto preset = chosenPreset(options.common);
    if (preset) scenario = scenarios::applyPreset(scenario, *preset);

    SensitivityReport report;
    report.name = scenario.name;
    report.inputSha256 = scenarios::inputSha256(scenario);
    report.currency = scenario.currency;
    report.decimals = scenario.rounding.decimals;
    report.scenario = scenario;
    scenarios::SensitivityOptions run;
    run.threads = threadsToRun(options.threads);
    if (std::ostream* progress = options.common.progress) {
        const std::string unit = axes.empty() ? "bumps" : "points";
        run.progress = [progress, unit](std::size_t done, std::size_t total) {
            writeProgress(*progress, "sensitivity", static_cast<long long>(done), static_cast<long long>(total), unit);
        };
    }
    try {
        if (axes.empty()) {
            report.tornado =
                scenarios::tornado(scenario, metrics.empty() ? scenarios::defaultTornadoMetrics() : metrics, run);
        } else {
            const std::string metric = metrics.empty() ? std::string("project_npv") : metrics.front();
            report.grid = scenarios::grid(document, axes, metric, preset, run);
        }
    } catch (const scenarios::SensitivityError& e) {
        throw UsageError(e.what());
    }
    return report;
}

}  // namespace

void registerSensitivityCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SensitivityOptions>();
    auto* sub = app.add_subcommand(
        "sensitivity",
        "Tornado of the key inputs (saving rate, delay, one-off and running costs, coupon, discount rate, "
        "expenditure growth), or with --grid a one- or two-way table of any inputs");
    addInputOptions(*sub, options->common, {"table", "json", "csv", "md", "html"});
    std::string metricKeys;
    for (const auto& key : scenarios::numericMetricKeys()) metricKeys += (metricKeys.empty() ? "" : ", ") + key;
    sub->add_option("--metric", options->metrics,
                    "Metric to show (repeatable for the tornado; one for a grid). Default: project_npv, "
                    "npv_after_financing, min_dscr, break_even_year (tornado), project_npv (grid). One of: " +
                        metricKeys)
        ->allow_extra_args(false)
        ->type_name("KEY");
    sub->add_option("--grid", options->grids,
                    "Vary the number at a JSON pointer over from:to:step (at most 201 points); once for a one-way "
                    "grid, twice for a two-way grid (first across, second down)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=FROM:TO:STEP");
    addThreadsOption(*sub, options->threads);
    // Shares the input options' lifetime with the action, for the error messages (which file).
    std::shared_ptr<CommonOptions> common(options, &options->common);
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const SensitivityReport report = compute(*options, in);
                            const std::string format = effectiveFormat(options->common);
                            if (format == "json") return emitText(options->common, reports::sensitivityJson(report), out);
                            if (format == "csv") return emitCsv(options->common, {report.inputSha256, {}, {}}, reports::sensitivityCsv(report), out);
                            // The rich reports also show the base case's key figures and conventions.
                            std::optional<scenarios::Evaluation> base;
                            if (format != "table") try {
                                    base = scenarios::evaluate(*report.scenario);
                                } catch (const scenarios::InputError&) {
                                }
                            emitDocument(options->common, format, reports::sensitivityDocument(report, base ? &*base : nullptr),
                                         out);
                        },
                        common});
}

}  // namespace itsb::cli
