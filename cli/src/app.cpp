#include "itsb/cli/app.hpp"

#include "command.hpp"
#include "itsb/cli/output.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/version.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <ostream>

#include <unistd.h>

namespace itsb::cli {

namespace {

void printInputError(const scenarios::InputError& e, const CommonOptions& options, std::ostream& err) {
    const auto& problems = e.problems();
    err << "itsb: " << sourceName(options) << ": " << e.total() << (e.total() == 1 ? " problem" : " problems") << " in the input\n";
    for (const auto& p : problems) err << "  " << p.message() << "\n";
    if (e.unlisted() > 0) err << "  " << scenarios::unlistedText(e) << "\n";
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
    registerMarketCommands(app, commands);

    // The first word that is not an option names the command: an unknown one is named, with
    // the list (CLI11 would only say that a command is required).
    const auto first = std::find_if(args.begin(), args.end(), [](const std::string& a) { return a.empty() || a[0] != '-'; });
    const auto topLevel = app.get_subcommands([](const CLI::App*) { return true; });
    if (first != args.end() && std::none_of(topLevel.begin(), topLevel.end(), [&](const CLI::App* c) {
            return c->get_name() == *first;
        })) {
        std::string names;
        for (const auto* c : topLevel) names += (names.empty() ? "" : ", ") + c->get_name();
        err << "itsb: unknown command \"" << *first << "\" (commands: " << names << "); see itsb --help\n";
        return 2;
    }
    // The same one level down (itsb market frobnicate): the next word that is neither an option
    // nor an option's value names the subcommand.
    if (first != args.end()) {
        const CLI::App* command = app.get_subcommand(*first);
        const auto subs = command->get_subcommands([](const CLI::App*) { return true; });
        for (auto word = std::next(first); !subs.empty() && word != args.end(); ++word) {
            if (!word->empty() && (*word)[0] == '-') {
                const std::string name = word->substr(0, word->find('='));
                const CLI::Option* option = command->get_option_no_throw(name);
                if (option && word->find('=') == std::string::npos && option->get_items_expected_min() > 0) ++word;
                if (word == args.end()) break;
                continue;
            }
            if (std::none_of(subs.begin(), subs.end(), [&](const CLI::App* c) { return c->get_name() == *word; })) {
                std::string names;
                for (const auto* c : subs) names += (names.empty() ? "" : ", ") + c->get_name();
                err << "itsb " << *first << ": unknown command \"" << *word << "\" (commands: " << names
                    << "); see itsb " << *first << " --help\n";
                return 2;
            }
            break;
        }
    }

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
        command.options->notices = &err;
        command.options->outputIsTerminal = &out == &std::cout && ::isatty(STDOUT_FILENO);
        try {
            // The output options are checked before any work: a long simulation must not run
            // only to find that its --output cannot take the report.
            effectiveFormat(*command.options);
            command.action(in, out);
            return 0;
        } catch (const AlreadyReported& reported) {
            return reported.code;
        } catch (const scenarios::InputError& e) {
            printInputError(e, *command.options, err);
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
