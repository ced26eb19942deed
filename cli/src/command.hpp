#pragma once
// What every `itsb` command shares: reading the scenario (file, stdin or the default pilot,
// then --preset and --set), choosing the format and writing the result (stdout or an atomic
// --output). Each command lives in its own command_*.cpp and registers itself with app.cpp.

#include "document.hpp"
#include "itsb/cli/reports.hpp"
#include "itsb/scenarios/presets.hpp"
#include "itsb/scenarios/scenario.hpp"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace itsb::cli {

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
    std::string preset;
    std::vector<std::string> sets;
    //! Where long work reports progress: set by the program to standard error when that is a
    //! terminal, else null (tests, pipes and files get no progress lines).
    std::ostream* progress = nullptr;
};

//! FILE, --format (one of `formats`, the first the default), --output, --preset, --set.
void addInputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats);

//! --threads (1 to 1,024; a usage error otherwise) for the commands that spread their work over
//! threads; `threads` keeps 0 when it is not given. The result never depends on it.
void addThreadsOption(CLI::App& command, int& threads);

//! The threads to run: --threads when given (above 0), else one per core.
int threadsToRun(int threads);

//! Writes "\r<command>: <done> of <total> <unit>" to `progress`, and a newline when done == total:
//! the progress line of a long command, rewritten in place on a terminal.
void writeProgress(std::ostream& progress, const std::string& command, long long done, long long total,
                   const std::string& unit);

//! Reads the file (or stdin / the default pilot), applies --set overrides, then --preset.
scenarios::Scenario loadScenario(const CommonOptions& options, std::istream& in);

//! The input document as read, after --set overrides and before --preset: what
//! `sensitivity --grid` varies, as --set would.
nlohmann::json loadDocument(const CommonOptions& options, std::istream& in);

//! The preset --preset names; nullopt when none was given. Throws UsageError for an unknown name.
std::optional<scenarios::Preset> chosenPreset(const CommonOptions& options);

//! --format, or the --output file's extension when --format was not given.
std::string effectiveFormat(const CommonOptions& options);

//! Writes a text report to stdout or, atomically, to --output.
void emitText(const CommonOptions& options, const std::string& text, std::ostream& out);

//! Writes CSV tables: one file per table when --output names a folder (ends in '/', exists as
//! a folder, or has no extension), else all of them in one stream.
void emitCsv(const CommonOptions& options, const std::vector<CsvTable>& tables, std::ostream& out);

//! The formats a Document renders to: "table", "md" and "html".
bool isDocumentFormat(const std::string& format);

//! Writes a Document as `format` ("table", "md" or "html") to stdout or, atomically, to --output.
void emitDocument(const CommonOptions& options, const std::string& format, const Document& document, std::ostream& out);

//! Writes a binary file made by `write(path)` (a workbook) to --output, or copies it to stdout.
/*! The writer writes to a temporary file beside --output, which is renamed over it only once
    complete; without --output the temporary is in the system's temporary folder, copied to
    standard output and removed. On any error nothing is left behind. */
void emitWorkbook(const CommonOptions& options, const std::function<void(const std::string& path)>& write,
                  std::ostream& out);

//! A registered command: the CLI11 subcommand and what to do when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<void(std::istream& in, std::ostream& out)> action;
    std::shared_ptr<CommonOptions> options;  //!< for the error messages (which file)
};

void registerRunCommands(CLI::App& app, std::vector<Command>& commands);  // run, schedule, validate, example
void registerSizeCommand(CLI::App& app, std::vector<Command>& commands);
void registerCompareCommand(CLI::App& app, std::vector<Command>& commands);
void registerSensitivityCommand(CLI::App& app, std::vector<Command>& commands);
void registerRedeemCommand(CLI::App& app, std::vector<Command>& commands);
void registerSimulateCommand(CLI::App& app, std::vector<Command>& commands);

}  // namespace itsb::cli
