// `itsb run`, `schedule`, `validate` and `example`.

#include "command.hpp"

#include "itsb/reports/run_report.hpp"
#include "itsb/reports/workbooks.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

void emitRunReport(const api::Result& result, reports::ReportScope scope, const CommonOptions& options, std::ostream& out) {
    const std::string format = effectiveFormat(options);
    const auto& evaluation = *result.evaluation;
    if (format == "json") return emitText(options, result.json(), out);
    if (format == "csv") return emitCsv(options, {evaluation.inputSha256, {}, {}}, reports::csvReport(evaluation, scope), out);
    // The schedule alone has no workbook of its own: the run's holds the schedule with the rest.
    if (format == "xlsx")
        return emitWorkbook(
            options, [&](const std::string& path) { reports::writeRunWorkbook(evaluation, result.neighbour, path); }, out);
    emitDocument(options, format, reports::runDocument(evaluation, scope), out);
}

namespace {

void addReportCommand(CLI::App& app, std::vector<Command>& commands, const std::string& name,
                      const std::string& description, reports::ReportScope scope) {
    auto options = std::make_shared<CommonOptions>();
    auto* sub = app.add_subcommand(name, description);
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html", "xlsx"});
    commands.push_back({sub,
                        [options, scope](std::istream& in, std::ostream& out) {
                            // Evaluate in full before writing anything, so a bad input never
                            // prints a partial report.
                            auto request = apiRequest(*options, in);
                            request.forWorkbook = effectiveFormat(*options) == "xlsx";
                            emitRunReport(callApi(request), scope, *options, out);
                        },
                        options});
}

}  // namespace

void registerRunCommands(CLI::App& app, std::vector<Command>& commands) {
    addReportCommand(app, commands, "run", "Full report: assumptions, repayment schedule, annual cash flows, metrics",
                     reports::ReportScope::Run);
    addReportCommand(app, commands, "schedule", "The repayment schedule only", reports::ReportScope::Schedule);

    auto validateOptions = std::make_shared<CommonOptions>();
    auto* validate = app.add_subcommand("validate", "Check an input file and list every problem (as JSON with --format json)");
    addInputOptions(*validate, *validateOptions, {"table", "json"});
    validate->get_option("file")->required();
    commands.push_back({validate,
                        [validateOptions](std::istream& in, std::ostream& out) {
                            const CommonOptions& options = *validateOptions;
                            const auto request = apiRequest(options, in);
                            if (effectiveFormat(options) == "json") {
                                // A CI job reads the problems as data; the exit code still says
                                // valid (0) or not (1).
                                const auto result = api::call(request);
                                if (result.status == api::Status::UsageError) throw UsageError(result.usageError);
                                emitText(options, result.json(), out);
                                if (!result.ok()) throw AlreadyReported{1};
                                return;
                            }
                            const auto result = callApi(request);
                            emitText(options, sourceName(options) + ": valid (" + result.scenario->name + ")\n", out);
                        },
                        validateOptions});

    auto exampleOptions = std::make_shared<CommonOptions>();
    auto* example = app.add_subcommand("example", "Print the default pilot as an input file to start from");
    addOutputOptions(*example, *exampleOptions, {"json"});
    commands.push_back({example,
                        [exampleOptions](std::istream&, std::ostream& out) {
                            api::Request request;
                            request.command = "example";
                            emitText(*exampleOptions, callApi(request).exampleText, out);
                        },
                        exampleOptions});
}

}  // namespace itsb::cli
