// `itsb simulate`: Monte Carlo of the `uncertainty` block.

#include "command.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/metric_catalog.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/simulation.hpp"
#include "itsb/scenarios/text_format.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>
#include <thread>

namespace itsb::cli {

namespace {

using Json = nlohmann::ordered_json;
using scenarios::Cell;
using scenarios::ValueKind;

struct SimulateOptions : CommonOptions {
    std::int64_t paths = 0;  //!< 0: the input's uncertainty.paths
    std::int64_t seed = -1;  //!< -1: the input's uncertainty.seed
    int threads = 0;         //!< 0: every core
};

Json number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

ValueKind kindOf(const std::string& key) { return scenarios::metricKind(key).value_or(ValueKind::Ratio); }

std::string jsonText(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = scenarios::inputSha256(s);
    out["name"] = s.name;
    out["paths"] = r.paths;
    out["seed"] = r.seed;
    out["notional"] = r.notional;
    Json percentiles = Json::object(), nulls = Json::object(), histograms = Json::object(), base = Json::object();
    const std::vector<double> baseValues{r.base.projectNpv,  r.base.projectIrr,    r.base.npvAfterFinancing,
                                         r.base.minDscr,     r.base.breakEvenYear, r.base.investorIrr};
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const auto& p = m.percentiles;
        percentiles[m.key] = Json{{"p5", number(p.p5)},   {"p10", number(p.p10)}, {"p50", number(p.p50)},
                                  {"p90", number(p.p90)}, {"p95", number(p.p95)}, {"mean", number(p.mean)}};
        nulls[m.key] = p.nulls;
        Json edges = Json::array(), counts = Json::array();
        for (double e : m.histogram.edges) edges.push_back(e);
        for (auto c : m.histogram.counts) counts.push_back(c);
        histograms[m.key] = Json{{"edges", edges}, {"counts", counts}};
        base[m.key] = number(baseValues[i]);
    }
    out["percentiles"] = percentiles;
    out["probabilities"] = Json{{"break_even_within_horizon", r.breakEvenWithinHorizon},
                                {"break_even_within_term", r.breakEvenWithinTerm},
                                {"min_dscr_below_1", r.minDscrBelow1},
                                {"investor_loss", r.investorLoss}};
    out["expected_investor_loss"] = r.expectedInvestorLoss;
    out["nulls"] = nulls;
    out["failed_paths"] = r.failedPaths;
    out["base"] = base;
    out["histograms"] = histograms;
    out["warnings"] = r.warnings;
    return out.dump(2) + "\n";
}

std::string distributionText(const scenarios::Distribution& d) {
    using scenarios::formatNumber;
    switch (d.kind) {
    case scenarios::DistributionKind::Fixed: return "fixed " + formatNumber(d.value);
    case scenarios::DistributionKind::Uniform: return "uniform " + formatNumber(d.min) + " to " + formatNumber(d.max);
    case scenarios::DistributionKind::Triangular:
        return "triangular " + formatNumber(d.min) + " / " + formatNumber(d.mode) + " / " + formatNumber(d.max);
    case scenarios::DistributionKind::Pert:
        return "PERT " + formatNumber(d.min) + " / " + formatNumber(d.mode) + " / " + formatNumber(d.max);
    case scenarios::DistributionKind::Normal: return "normal mean " + formatNumber(d.mean) + ", sd " + formatNumber(d.sd);
    case scenarios::DistributionKind::Lognormal:
        return "lognormal mu " + formatNumber(d.mu) + ", sigma " + formatNumber(d.sigma);
    case scenarios::DistributionKind::Discrete: {
        std::string text = "discrete";
        for (std::size_t i = 0; i < d.values.size(); ++i)
            text += (i ? ", " : " ") + formatNumber(d.values[i]) + " (" + scenarios::formatPercent(d.probabilities[i], 0) + ")";
        return text;
    }
    }
    return "";
}

std::string tableText(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    const int d = s.rounding.decimals;
    std::string out = "itsb " + std::string(ITSB_VERSION) + " simulate: " + s.name + "\n";
    out += "Input SHA-256 " + scenarios::inputSha256(s) + "; amounts in " + s.currency + "\n";
    out += section("Draws");
    const auto& u = s.uncertainty;
    out += keyValues({
        {"Paths", scenarios::formatMoney(static_cast<double>(r.paths), 0) + " (seed " + std::to_string(r.seed) + ")"},
        {"Saving-rate factor", distributionText(u.savingRateFactor)},
        {"Delay (years)", distributionText(u.delayYears) + ", rounded half up, negatives to 0"},
        {"One-off cost factor", distributionText(u.oneOffCostFactor)},
        {"Running-cost factor", distributionText(u.runningCostFactor)},
        {"Expenditure growth", distributionText(u.expenditureGrowth)},
        {"Bond", "notional " + scenarios::formatMoney(r.notional, d) + " sized on the base case, kept on every path"},
    });
    out += section("Percentiles (nearest rank; null above every number)");
    TextTable table;
    table.add("Metric", false);
    for (const char* h : {"Base case", "p5", "p10", "p50", "p90", "p95", "Mean", "Nulls"}) table.add(h, true);
    const std::vector<double> base{r.base.projectNpv, r.base.projectIrr,    r.base.npvAfterFinancing,
                                   r.base.minDscr,    r.base.breakEvenYear, r.base.investorIrr};
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const auto kind = kindOf(m.key);
        auto value = [&](const std::optional<double>& v) { return humanValue(scenarios::cell(v), kind, d); };
        const std::optional<double> baseValue = std::isnan(base[i]) ? std::nullopt : std::optional<double>(base[i]);
        table.row({m.key, value(baseValue), value(m.percentiles.p5), value(m.percentiles.p10), value(m.percentiles.p50),
                   value(m.percentiles.p90), value(m.percentiles.p95),
                   humanValue(scenarios::cell(m.percentiles.mean), kind == ValueKind::Integer ? ValueKind::Years : kind, d),
                   scenarios::formatMoney(static_cast<double>(m.percentiles.nulls), 0)});
    }
    out += table.render();
    out += section("Probabilities");
    out += keyValues({
        {"Break even within the horizon", scenarios::formatPercent(r.breakEvenWithinHorizon)},
        {"Break even within the bond's term (by year " + std::to_string(r.finalYear) + ")",
         scenarios::formatPercent(r.breakEvenWithinTerm)},
        {"Minimum DSCR below 1", scenarios::formatPercent(r.minDscrBelow1)},
        {"Investor loses (amount written off)", scenarios::formatPercent(r.investorLoss)},
        {"Expected investor loss", scenarios::formatMoney(r.expectedInvestorLoss, d)},
    });
    // The break-even years as a text histogram: what a committee asks first.
    for (const auto& m : r.metrics) {
        if (m.key != "break_even_year" || m.histogram.counts.empty()) continue;
        out += section("Break-even year");
        const auto largest = *std::max_element(m.histogram.counts.begin(), m.histogram.counts.end());
        for (std::size_t b = 0; b < m.histogram.counts.size(); ++b) {
            const auto count = m.histogram.counts[b];
            const int year = static_cast<int>(std::lround(m.histogram.edges[b] + 0.5));
            const auto bar = largest > 0 ? static_cast<std::size_t>(std::lround(40.0 * static_cast<double>(count) /
                                                                                   static_cast<double>(largest)))
                                         : 0;
            out += fmt::format("  {:>4}  {:>6}  {}\n", year, scenarios::formatPercent(static_cast<double>(count) /
                                                                                      static_cast<double>(r.paths), 1),
                               std::string(bar, '#'));
        }
        out += fmt::format("  never {:>6}\n", scenarios::formatPercent(1.0 - r.breakEvenWithinHorizon, 1));
    }
    out += section("Warnings");
    if (r.warnings.empty()) out += "  none\n";
    for (const auto& w : r.warnings) out += "  - " + w + "\n";
    return out;
}

std::vector<CsvTable> csvTables(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    const int d = s.rounding.decimals;
    std::string percentiles = "metric,p5,p10,p50,p90,p95,mean,nulls\n";
    std::string histograms = "metric,lower,upper,count\n";
    for (const auto& m : r.metrics) {
        const auto kind = kindOf(m.key);
        auto value = [&](const std::optional<double>& v) {
            return csvValue(scenarios::cell(v), kind == ValueKind::Integer ? ValueKind::Years : kind, d);
        };
        const auto& p = m.percentiles;
        percentiles += m.key + "," + value(p.p5) + "," + value(p.p10) + "," + value(p.p50) + "," + value(p.p90) + "," +
                       value(p.p95) + "," + value(p.mean) + "," + std::to_string(p.nulls) + "\n";
        for (std::size_t b = 0; b < m.histogram.counts.size(); ++b)
            histograms += m.key + "," + scenarios::formatNumber(m.histogram.edges[b]) + "," +
                          scenarios::formatNumber(m.histogram.edges[b + 1]) + "," +
                          std::to_string(m.histogram.counts[b]) + "\n";
    }
    std::string probabilities = "probability,value\n";
    probabilities += "break_even_within_horizon," + scenarios::formatNumber(r.breakEvenWithinHorizon) + "\n";
    probabilities += "break_even_within_term," + scenarios::formatNumber(r.breakEvenWithinTerm) + "\n";
    probabilities += "min_dscr_below_1," + scenarios::formatNumber(r.minDscrBelow1) + "\n";
    probabilities += "investor_loss," + scenarios::formatNumber(r.investorLoss) + "\n";
    probabilities += "expected_investor_loss," + scenarios::formatNumber(r.expectedInvestorLoss, d) + "\n";
    std::string warnings = "warning\n";
    for (const auto& w : r.warnings) warnings += csvQuoted(w) + "\n";
    return {{"percentiles", percentiles}, {"probabilities", probabilities}, {"histograms", histograms}, {"warnings", warnings}};
}

}  // namespace

void registerSimulateCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SimulateOptions>();
    auto* sub = app.add_subcommand("simulate", "Monte Carlo of the uncertainty block: percentiles, probability of "
                                               "break-even, of DSCR < 1, investor loss");
    addInputOptions(*sub, *options, {"table", "json", "csv"});
    sub->add_option("--paths", options->paths, "Number of paths (default: the input's uncertainty.paths)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
    sub->add_option("--seed", options->seed, "Random seed (default: the input's uncertainty.seed)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9007199254740992}));
    sub->add_option("--threads", options->threads, "Worker threads (default: every core); the result does not depend on it")
        ->check(CLI::Range(1, 1024));
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const auto scenario = loadScenario(*options, in);
                            scenarios::SimulationOptions run;
                            run.paths = options->paths > 0 ? options->paths : scenario.uncertainty.paths;
                            run.seed = options->seed >= 0 ? static_cast<std::uint64_t>(options->seed) : scenario.uncertainty.seed;
                            run.threads = options->threads > 0
                                              ? options->threads
                                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
                            if (options->progress) {
                                std::ostream* progress = options->progress;
                                run.progress = [progress](std::int64_t done, std::int64_t total) {
                                    *progress << fmt::format("\rsimulate: {} of {} paths", done, total)
                                              << (done == total ? "\n" : "") << std::flush;
                                };
                            }
                            const auto result = scenarios::simulate(scenario, run);
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, jsonText(scenario, result), out);
                            if (format == "csv") return emitCsv(*options, csvTables(scenario, result), out);
                            emitText(*options, tableText(scenario, result), out);
                        },
                        options});
}

}  // namespace itsb::cli
