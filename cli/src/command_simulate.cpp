// `itsb simulate`: Monte Carlo of the `uncertainty` block.

#include "command.hpp"

#include "itsb/reports/simulate_report.hpp"
#include "itsb/reports/workbooks.hpp"

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
                            const std::string format = effectiveFormat(*options);
                            auto request = apiRequest(*options, in);
                            if (options->paths > 0) request.paths = options->paths;
                            if (options->seed >= 0) request.seed = static_cast<std::uint64_t>(options->seed);
                            request.threads = threadsToRun(options->threads);
                            if (std::ostream* progress = options->progress)
                                request.progress = [progress](long long done, long long total) {
                                    writeProgress(*progress, "simulate", done, total, "paths");
                                };
                            // The rich reports and the workbook also show the base case in full.
                            request.withEvaluation = showsKeyFigures(format);
                            request.forWorkbook = format == "xlsx";
                            const auto result = callApi(request);
                            const auto& scenario = *result.scenario;
                            const auto& simulation = *result.simulation;
                            if (format == "json") return emitText(*options, result.json(), out);
                            if (format == "csv")
                                return emitCsv(*options, {simulation.inputSha256, simulation.seed, simulation.paths},
                                               reports::simulateCsv(scenario, simulation), out);
                            if (format == "xlsx")
                                return emitWorkbook(
                                    *options,
                                    [&](const std::string& path) {
                                        reports::writeSimulationWorkbook(*result.evaluation, result.neighbour, simulation, path);
                                    },
                                    out);
                            emitDocument(*options, format,
                                         reports::simulateDocument(scenario, simulation,
                                                                   result.evaluation ? &*result.evaluation : nullptr),
                                         out);
                        },
                        options});
}

}  // namespace itsb::cli
