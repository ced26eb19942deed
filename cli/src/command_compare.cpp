// `itsb compare`: the proposal beside the NLGN presets (SPEC §6, §7), the project's headline:
// what sharing back offices delivers against what councils needed to save.

#include "command.hpp"

#include "itsb/reports/compare_report.hpp"
#include "itsb/reports/workbooks.hpp"

#include <CLI/CLI.hpp>

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
    auto basis = std::make_shared<std::string>("cash");
    addBasisOption(*sub, *basis,
                   "each row also shows its revenue break-even year and the revenue view's metrics, and the "
                   "break-even chart is the revenue account's");
    commands.push_back({sub,
                        [options, threads, basis](std::istream& in, std::ostream& out) {
                            // The proposal is the input after --set; --preset picks the one preset to
                            // show beside it instead of replacing its service lines.
                            const std::string format = effectiveFormat(*options);
                            auto request = apiRequest(*options, in);
                            request.threads = threadsToRun(*threads);
                            request.basis = *basis;
                            // The workbook is the proposal's run workbook plus the comparison, so the
                            // proposal must evaluate (an input error otherwise, exit 1); the rich
                            // reports also state its key figures when it evaluates (its row says why
                            // not otherwise).
                            request.forWorkbook = format == "xlsx";
                            request.withEvaluation = showsKeyFigures(format);
                            const auto result = callApi(request);
                            const auto& comparison = *result.comparison;
                            const auto& proposal = *result.scenario;
                            if (format == "json") return emitText(*options, result.json(), out);
                            if (format == "csv")
                                return emitCsv(*options, {comparison.inputSha256, {}, {}},
                                               reports::compareCsv(comparison, proposal.rounding.decimals), out);
                            if (format == "xlsx")
                                return emitWorkbook(
                                    *options,
                                    [&](const std::string& path) {
                                        reports::writeCompareWorkbook(proposal, *result.evaluation, result.neighbour,
                                                                      comparison, path);
                                    },
                                    out);
                            emitDocument(*options, format,
                                         reports::compareDocument(comparison, proposal,
                                                                  result.evaluation ? &*result.evaluation : nullptr),
                                         out);
                        },
                        options});
}

}  // namespace itsb::cli
