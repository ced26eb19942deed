#include "itsb/cli/app.hpp"

#include "command.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/reader.hpp"
#include "output.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <ostream>

#include <unistd.h>

namespace itsb::cli {

namespace {

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

    std::vector<Command> commands;
    registerRunCommands(app, commands);
    registerSizeCommand(app, commands);
    registerCompareCommand(app, commands);
    registerSensitivityCommand(app, commands);
    registerRedeemCommand(app, commands);
    registerSimulateCommand(app, commands);

    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? 0 : 2;
    }

    for (const auto& command : commands) {
        if (!command.app->parsed()) continue;
        if (&err == &std::cerr && ::isatty(STDERR_FILENO)) command.options->progress = &err;
        try {
            command.action(in, out);
            return 0;
        } catch (const scenarios::InputError& e) {
            printInputError(e, command.options->file, err);
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
    err << "itsb: no command chosen\n";
    return 2;
}

}  // namespace itsb::cli
