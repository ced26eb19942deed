// `itsb run`, `schedule`, `validate` and `example`.

#include "command.hpp"

#include "itsb/reports/run_report.hpp"
#include "itsb/reports/workbooks.hpp"

#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/version.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

namespace itsb::cli {

namespace {

void report(const scenarios::Evaluation& evaluation, reports::ReportScope scope, const CommonOptions& options, std::ostream& out) {
    const std::string format = effectiveFormat(options);
    if (format == "json") return emitText(options, reports::jsonReport(evaluation, scope), out);
    if (format == "csv") return emitCsv(options, {evaluation.inputSha256, {}, {}}, reports::csvReport(evaluation, scope), out);
    // The schedule alone has no workbook of its own: the run's holds the schedule with the rest.
    if (format == "xlsx") {
        const auto neighbour = scenarios::notionalNeighbour(evaluation);
        return emitWorkbook(
            options, [&](const std::string& path) { reports::writeRunWorkbook(evaluation, neighbour, path); }, out);
    }
    emitDocument(options, format, reports::runDocument(evaluation, scope), out);
}

void addReportCommand(CLI::App& app, std::vector<Command>& commands, const std::string& name,
                      const std::string& description, reports::ReportScope scope) {
    auto options = std::make_shared<CommonOptions>();
    auto* sub = app.add_subcommand(name, description);
    addInputOptions(*sub, *options, {"table", "json", "csv", "md", "html", "xlsx"});
    commands.push_back({sub,
                        [options, scope](std::istream& in, std::ostream& out) {
                            // Evaluate in full before writing anything, so a bad input never
                            // prints a partial report; a workbook also needs its helper figures.
                            scenarios::EvaluateOptions evaluateOptions;
                            evaluateOptions.workbook = effectiveFormat(*options) == "xlsx";
                            const auto evaluation = scenarios::evaluate(loadScenario(*options, in), evaluateOptions);
                            report(evaluation, scope, *options, out);
                        },
                        options});
}

//! `validate --format json`: {"valid", "name", "input_sha256", "problem_count", "problems":
//! [{"pointer", "value", "rule", "message"}]}, and whether the input is valid. A CI job reads the
//! problems as data; the exit code still says valid (0) or not (1).
std::pair<std::string, bool> validationJson(const CommonOptions& options, std::istream& in) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["itsb_version"] = ITSB_VERSION;
    auto problems = nlohmann::ordered_json::array();
    std::size_t count = 0;
    try {
        const auto scenario = loadScenario(options, in);
        scenarios::evaluate(scenario);
        out["valid"] = true;
        out["name"] = scenario.name;
        out["input_sha256"] = scenarios::inputSha256(scenario);
    } catch (const scenarios::InputError& e) {
        out["valid"] = false;
        count = e.total();
        for (const auto& p : e.problems())
            problems.push_back({{"pointer", p.pointer}, {"value", p.value}, {"rule", p.rule}, {"message", p.message()}});
    }
    out["problem_count"] = count;
    out["problems"] = std::move(problems);
    return {out.dump(2) + "\n", count == 0};
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
                            if (effectiveFormat(options) == "json") {
                                const auto [text, valid] = validationJson(options, in);
                                emitText(options, text, out);
                                if (!valid) throw AlreadyReported{1};
                                return;
                            }
                            // Some problems only show once the model runs (costs no notional can
                            // fund), so validation evaluates too.
                            const auto scenario = loadScenario(options, in);
                            scenarios::evaluate(scenario);
                            emitText(options, sourceName(options) + ": valid (" + scenario.name + ")\n", out);
                        },
                        validateOptions});

    auto exampleOptions = std::make_shared<CommonOptions>();
    auto* example = app.add_subcommand("example", "Print the default pilot as an input file to start from");
    addOutputOptions(*example, *exampleOptions, {"json"});
    commands.push_back({example,
                        [exampleOptions](std::istream&, std::ostream& out) {
                            emitText(*exampleOptions, std::string(scenarios::defaultPilotText()), out);
                        },
                        exampleOptions});
}

}  // namespace itsb::cli
