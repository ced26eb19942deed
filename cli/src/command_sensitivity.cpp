// `itsb sensitivity`: a tornado of the key inputs, or a one- or two-way grid of any inputs
// named by JSON pointer (SPEC §6).

#include "command.hpp"

#include "itsb/reports/sensitivity_report.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

using reports::SensitivityReport;

struct SensitivityOptions {
    CommonOptions common;
    std::vector<std::string> metrics;
    std::vector<std::string> grids;
    std::string basis = "cash";
    int threads = 0;  //!< 0: every core
};

}  // namespace

void registerSensitivityCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SensitivityOptions>();
    auto* sub = app.add_subcommand(
        "sensitivity",
        "Tornado of the key inputs (saving rate, delay, one-off and running costs, coupon, discount rate, "
        "expenditure growth), or with --grid a one- or two-way table of any inputs");
    addInputOptions(*sub, options->common, {"table", "json", "csv", "md", "html"});
    std::string metricKeys, revenueKeys;
    for (const auto& key : scenarios::numericMetricKeys()) {
        metricKeys += (metricKeys.empty() ? "" : ", ") + key;
        if (scenarios::isRevenueMetric(key)) revenueKeys += (revenueKeys.empty() ? "" : ", ") + key;
    }
    sub->add_option("--metric", options->metrics,
                    "Metric to show (repeatable for the tornado; one for a grid). Default: project_npv, "
                    "npv_after_financing, min_dscr, break_even_year (tornado; revenue_break_even_year with --basis "
                    "revenue), project_npv (grid). One of: " +
                        metricKeys + " (" + revenueKeys + " need a council_finance block)")
        ->allow_extra_args(false)
        ->type_name("KEY");
    sub->add_option("--grid", options->grids,
                    "Vary the number at a JSON pointer over from:to:step (at most 201 points); once for a one-way "
                    "grid, twice for a two-way grid (first across, second down)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=FROM:TO:STEP");
    addBasisOption(*sub, options->basis,
                   "the default tornado shows revenue_break_even_year instead of break_even_year");
    addThreadsOption(*sub, options->threads);
    // Shares the input options' lifetime with the action, for the error messages (which file).
    std::shared_ptr<CommonOptions> common(options, &options->common);
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const std::string format = effectiveFormat(options->common);
                            auto request = apiRequest(options->common, in);
                            request.metrics = options->metrics;
                            request.grids = options->grids;
                            request.basis = options->basis;
                            request.threads = threadsToRun(options->threads);
                            if (std::ostream* progress = options->common.progress) {
                                const std::string unit = options->grids.empty() ? "bumps" : "points";
                                request.progress = [progress, unit](long long done, long long total) {
                                    writeProgress(*progress, "sensitivity", done, total, unit);
                                };
                            }
                            // The rich reports also show the base case's key figures and conventions.
                            request.withEvaluation = showsKeyFigures(format);
                            const auto result = callApi(request);
                            const auto& report = *result.sensitivity;
                            if (format == "json") return emitText(options->common, result.json(), out);
                            if (format == "csv")
                                return emitCsv(options->common, {report.inputSha256, {}, {}},
                                               reports::sensitivityCsv(report), out);
                            emitDocument(options->common, format,
                                         reports::sensitivityDocument(report, result.evaluation ? &*result.evaluation : nullptr),
                                         out);
                        },
                        common});
}

}  // namespace itsb::cli
