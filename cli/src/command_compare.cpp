// `itsb compare`: the proposal beside the NLGN presets (SPEC §6, §7), the project's headline:
// what sharing back offices delivers against what councils needed to save.

#include "command.hpp"

#include "itsb/reports/compare_report.hpp"
#include "itsb/reports/workbooks.hpp"
#include "itsb/scenarios/engine/comparison.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

namespace itsb::cli {

void registerCompareCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<CommonOptions>();
    auto* sub = app.add_subcommand(
        "compare",
        "The proposal under every NLGN preset side by side: saving rate, IRR, NPV, min DSCR, payback, break-even "
        "(--preset NAME shows the proposal beside that preset alone)");
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html", "xlsx"});
    auto threads = std::make_shared<int>(0);
    addThreadsOption(*sub, *threads);
    commands.push_back({sub,
                        [options, threads](std::istream& in, std::ostream& out) {
                            // The proposal is the input after --set; --preset picks the one preset to
                            // show beside it instead of replacing its service lines.
                            const auto proposal = scenarios::buildScenario(loadDocument(*options, in));
                            const auto preset = chosenPreset(*options);
                            const auto comparison =
                                scenarios::compare(proposal, preset ? std::vector<scenarios::Preset>{*preset}
                                                                    : scenarios::presets(),
                                                   threadsToRun(*threads));
                            const int decimals = proposal.rounding.decimals;
                            const std::string format = effectiveFormat(*options);
                            if (format == "json") return emitText(*options, reports::compareJson(comparison), out);
                            if (format == "csv") return emitCsv(*options, {comparison.inputSha256, {}, {}}, reports::compareCsv(comparison, decimals), out);
                            // The workbook is the proposal's run workbook plus the comparison, so the
                            // proposal must evaluate (an input error otherwise, exit 1).
                            if (format == "xlsx") {
                                scenarios::EvaluateOptions evaluateOptions;
                                evaluateOptions.workbook = true;
                                const auto evaluation = scenarios::evaluate(proposal, evaluateOptions);
                                const auto neighbour = scenarios::notionalNeighbour(evaluation);
                                return emitWorkbook(
                                    *options,
                                    [&](const std::string& path) {
                                        reports::writeCompareWorkbook(proposal, evaluation, neighbour, comparison, path);
                                    },
                                    out);
                            }
                            // The rich reports also state the proposal's key figures and conventions,
                            // which take one more evaluation (none when the proposal cannot be evaluated:
                            // its row and warning say so).
                            std::optional<scenarios::Evaluation> evaluation;
                            if (format != "table") try {
                                    evaluation = scenarios::evaluate(proposal);
                                } catch (const scenarios::InputError&) {
                                }
                            emitDocument(*options, format,
                                         reports::compareDocument(comparison, proposal, evaluation ? &*evaluation : nullptr), out);
                        },
                        options});
}

}  // namespace itsb::cli
