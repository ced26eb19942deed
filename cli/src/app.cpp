#include "itsb/cli/app.hpp"

#include "itsb/cli/reports.hpp"
#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/reader.hpp"
#include "output.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace itsb::cli {

namespace {

namespace fs = std::filesystem;

//! Input files larger than this are refused before parsing.
constexpr std::uintmax_t kMaxInputBytes = 4u * 1024u * 1024u;

//! A command line that cannot be carried out as written (exit code 2).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct CommonOptions {
    std::string file;  //!< "" = the built-in default pilot, "-" = standard input
    std::string format = "table";
    bool formatGiven = false;
    std::string output;
    std::vector<std::string> sets;
};

void addCommonOptions(CLI::App& command, CommonOptions& options, bool withFormat) {
    command.add_option("file", options.file, "Scenario file (JSON); '-' reads standard input; none uses the default pilot");
    if (withFormat)
        command.add_option("--format", options.format, "Output format")
            ->check(CLI::IsMember({"table", "json", "csv"}))
            ->each([&options](const std::string&) { options.formatGiven = true; });
    command.add_option("--output,-o", options.output,
                       "Write to PATH instead of standard output (atomically); with --format csv, a folder gets one "
                       "file per table");
    command.add_option("--set", options.sets, "Override an input: --set /json/pointer=VALUE (VALUE as JSON, else a string)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=VALUE");
}

std::string readInput(const std::string& file, std::istream& in) {
    if (file.empty()) return std::string(scenarios::defaultPilotText());
    std::string text;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
        std::error_code ec;
        if (fs::is_directory(file, ec)) throw UsageError("cannot read " + file + ": it is a directory");
        std::ifstream stream(file, std::ios::binary);
        if (!stream) throw UsageError("cannot read " + file + ": no such file or not readable");
        text.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
    }
    if (text.size() > kMaxInputBytes)
        throw scenarios::InputError({{"", "", "the input is larger than the limit of 4 MiB"}});
    return text;
}

std::vector<scenarios::Override> parseOverrides(const std::vector<std::string>& sets) {
    std::vector<scenarios::Override> overrides;
    for (const auto& set : sets) {
        const auto equals = set.find('=');
        if (equals == std::string::npos || set.empty() || set.front() != '/')
            throw UsageError("--set " + set + ": expected /json/pointer=VALUE");
        overrides.push_back({set.substr(0, equals), set.substr(equals + 1)});
    }
    return overrides;
}

scenarios::Scenario loadScenario(const CommonOptions& options, std::istream& in) {
    const std::string text = readInput(options.file, in);
    return scenarios::readScenario(text, parseOverrides(options.sets));
}

//! Chooses the format from the output's extension when --format was not given.
std::string effectiveFormat(const CommonOptions& options) {
    if (options.formatGiven || options.output.empty()) return options.format;
    const auto extension = fs::path(options.output).extension().string();
    if (extension == ".json") return "json";
    if (extension == ".csv") return "csv";
    return options.format;
}

void emit(const CommonOptions& options, const std::string& text, std::ostream& out) {
    if (options.output.empty())
        out << text << std::flush;
    else
        writeFileAtomically(options.output, text);
}

void report(const scenarios::Evaluation& evaluation, ReportScope scope, const CommonOptions& options,
            std::ostream& out) {
    const std::string format = effectiveFormat(options);
    if (format == "json") return emit(options, jsonReport(evaluation, scope), out);
    if (format == "csv") {
        const auto tables = csvReport(evaluation, scope);
        std::error_code ec;
        const bool folder = !options.output.empty() &&
                            (options.output.back() == '/' || fs::is_directory(options.output, ec) ||
                             fs::path(options.output).extension().empty());
        if (!folder) return emit(options, joinCsv(tables), out);
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& t : tables) files.emplace_back(t.name + ".csv", t.text);
        return writeFilesAtomically(options.output, files);
    }
    emit(options, tableReport(evaluation, scope), out);
}

void printInputError(const scenarios::InputError& e, const std::string& file, std::ostream& err) {
    const auto& problems = e.problems();
    const std::string source = file.empty() ? "the default pilot" : (file == "-" ? "standard input" : file);
    err << "itsb: " << source << ": " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
        << " in the input\n";
    for (const auto& p : problems) err << "  " << p.message() << "\n";
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    CLI::App app{"itsb: invest-to-save bond calculator. Projects the savings of a shared-services programme, builds "
                 "the bond's repayment schedule on QuantLib and reports yield, IRR, NPV, DSCR and break-even.",
                 "itsb"};
    app.set_version_flag("--version", std::string("itsb ") + ITSB_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    CommonOptions options;
    auto* runCommand = app.add_subcommand("run", "Full report: assumptions, repayment schedule, annual cash flows, metrics");
    addCommonOptions(*runCommand, options, true);
    auto* scheduleCommand = app.add_subcommand("schedule", "The repayment schedule only");
    addCommonOptions(*scheduleCommand, options, true);
    auto* validateCommand = app.add_subcommand("validate", "Check an input file and list every problem");
    validateCommand->add_option("file", options.file, "Scenario file (JSON); '-' reads standard input")->required();
    validateCommand->add_option("--set", options.sets, "Override an input: --set /json/pointer=VALUE")
        ->allow_extra_args(false);
    auto* exampleCommand = app.add_subcommand("example", "Print the default pilot as an input file to start from");
    exampleCommand->add_option("--output,-o", options.output, "Write to PATH instead of standard output");

    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? 0 : 2;
    }

    try {
        if (exampleCommand->parsed()) {
            emit(options, std::string(scenarios::defaultPilotText()), out);
            return 0;
        }
        const auto scenario = loadScenario(options, in);
        // Some problems only show once the model runs (costs no notional can fund): evaluate
        // before reporting anything, so a bad input never prints a partial report.
        const auto evaluation = scenarios::evaluate(scenario);
        if (validateCommand->parsed()) {
            out << (options.file == "-" ? "standard input" : options.file) << ": valid (" << scenario.name << ")\n";
            return 0;
        }
        report(evaluation, scheduleCommand->parsed() ? ReportScope::Schedule : ReportScope::Run, options, out);
        return 0;
    } catch (const scenarios::InputError& e) {
        printInputError(e, options.file, err);
        return 1;
    } catch (const scenarios::OverrideError& e) {
        err << "itsb: " << e.what() << "\n";
        return 2;
    } catch (const UsageError& e) {
        err << "itsb: " << e.what() << "\n";
        return 2;
    } catch (const OutputError& e) {
        err << "itsb: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "itsb: internal error: " << e.what() << "\n";
        return 3;
    }
}

}  // namespace itsb::cli
