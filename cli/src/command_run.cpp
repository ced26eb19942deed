// `itsb run`, `schedule`, `validate` and `example`.

#include "command.hpp"

#include "run_report.hpp"

#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/reader.hpp"

#include <CLI/CLI.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

void report(const scenarios::Evaluation& evaluation, ReportScope scope, const CommonOptions& options, std::ostream& out) {
    const std::string format = effectiveFormat(options);
    if (format == "json") return emitText(options, jsonReport(evaluation, scope), out);
    if (format == "csv") return emitCsv(options, csvReport(evaluation, scope), out);
    // The schedule alone has no workbook of its own: the run's holds the schedule with the rest.
    if (format == "xlsx")
        return emitWorkbook(options, [&](const std::string& path) { writeRunWorkbook(evaluation, path); }, out);
    emitDocument(options, format, runDocument(evaluation, scope), out);
}

void addReportCommand(CLI::App& app, std::vector<Command>& commands, const std::string& name,
                      const std::string& description, ReportScope scope) {
    auto options = std::make_shared<CommonOptions>();
    auto* sub = app.add_subcommand(name, description);
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html", "xlsx"});
    commands.push_back({sub,
                        [options, scope](std::istream& in, std::ostream& out) {
                            // Evaluate in full before writing anything, so a bad input never
                            // prints a partial report.
                            const auto evaluation = scenarios::evaluate(loadScenario(*options, in));
                            report(evaluation, scope, *options, out);
                        },
                        options});
}

}  // namespace

void registerRunCommands(CLI::App& app, std::vector<Command>& commands) {
    addReportCommand(app, commands, "run", "Full report: assumptions, repayment schedule, annual cash flows, metrics",
                     ReportScope::Run);
    addReportCommand(app, commands, "schedule", "The repayment schedule only", ReportScope::Schedule);

    auto validateOptions = std::make_shared<CommonOptions>();
    auto* validate = app.add_subcommand("validate", "Check an input file and list every problem");
    validate->add_option("file", validateOptions->file, "Scenario file (JSON); '-' reads standard input")->required();
    validate->add_option("--set", validateOptions->sets, "Override an input: --set /json/pointer=VALUE")
        ->allow_extra_args(false);
    commands.push_back({validate,
                        [validateOptions](std::istream& in, std::ostream& out) {
                            // Some problems only show once the model runs (costs no notional can
                            // fund), so validation evaluates too.
                            const auto scenario = loadScenario(*validateOptions, in);
                            scenarios::evaluate(scenario);
                            out << (validateOptions->file == "-" ? "standard input" : validateOptions->file)
                                << ": valid (" << scenario.name << ")\n";
                        },
                        validateOptions});

    auto exampleOptions = std::make_shared<CommonOptions>();
    auto* example = app.add_subcommand("example", "Print the default pilot as an input file to start from");
    example->add_option("--output,-o", exampleOptions->output, "Write to PATH instead of standard output");
    commands.push_back({example,
                        [exampleOptions](std::istream&, std::ostream& out) {
                            emitText(*exampleOptions, std::string(scenarios::defaultPilotText()), out);
                        },
                        exampleOptions});
}

}  // namespace itsb::cli
