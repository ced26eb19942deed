// `itsb simulate`: Monte Carlo of the `uncertainty` block.

#include "command.hpp"

#include "itsb/reports/simulate_report.hpp"
#include "itsb/reports/workbooks.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/simulation.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

struct SimulateOptions : CommonOptions {
    std::int64_t paths = 0;  //!< 0: the input's uncertainty.paths
    std::int64_t seed = -1;  //!< -1: the input's uncertainty.seed
    int threads = 0;         //!< 0: every core
};

}  // namespace

void registerSimulateCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SimulateOptions>();
    auto* sub = app.add_subcommand("simulate", "Monte Carlo of the uncertainty block: percentiles, probability of "
                                               "break-even, of DSCR < 1, investor loss");
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html", "xlsx"});
    sub->add_option("--paths", options->paths, "Number of paths (default: the input's uncertainty.paths)")
        ->check(wholeNumberBetween(1, 10000000));
    sub->add_option("--seed", options->seed, "Random seed (default: the input's uncertainty.seed)")
        ->check(wholeNumberBetween(0, 9007199254740992));
    addThreadsOption(*sub, options->threads);
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const auto scenario = loadScenario(*options, in);
                            scenarios::SimulationOptions run;
                            run.paths = options->paths > 0 ? options->paths : scenario.uncertainty.paths;
                            run.seed = options->seed >= 0 ? static_cast<std::uint64_t>(options->seed) : scenario.uncertainty.seed;
                            run.threads = threadsToRun(options->threads);
                            if (options->progress) {
                                std::ostream* progress = options->progress;
                                run.progress = [progress](std::int64_t done, std::int64_t total) {
                                    writeProgress(*progress, "simulate", done, total, "paths");
                                };
                            }
                            const auto result = scenarios::simulate(scenario, run);
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::simulateJson(scenario, result), out);
                            if (format == "csv") return emitCsv(*options, {scenarios::inputSha256(scenario), result.seed, result.paths},
                                                                  reports::simulateCsv(scenario, result), out);
                            // The rich reports and the workbook also show the base case in full.
                            std::optional<scenarios::Evaluation> base;
                            scenarios::EvaluateOptions evaluateOptions;
                            evaluateOptions.workbook = format == "xlsx";
                            if (format != "table") base = scenarios::evaluate(scenario, evaluateOptions);
                            if (format == "xlsx") {
                                const auto neighbour = scenarios::notionalNeighbour(*base);
                                return emitWorkbook(
                                    *options,
                                    [&](const std::string& path) {
                                        reports::writeSimulationWorkbook(*base, neighbour, result, path);
                                    },
                                    out);
                            }
                            emitDocument(*options, format, reports::simulateDocument(scenario, result, base ? &*base : nullptr),
                                         out);
                        },
                        options});
}

}  // namespace itsb::cli
