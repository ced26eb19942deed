#pragma once
// What every `itsb` command shares: reading the scenario (file, stdin or the default pilot,
// then --preset and --set), choosing the format and writing the result (stdout or an atomic
// --output). Each command lives in its own command_*.cpp and registers itself with app.cpp.

#include "itsb/api.hpp"
#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/reports/run_report.hpp"


#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
class Validator;
}

namespace itsb::cli {

//! A command line that cannot be carried out as written (exit code 2).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

//! The problems were reported in the format asked for (validate --format json): exit with
//! `code`, printing nothing more.
struct AlreadyReported {
    int code = 1;
};

struct CommonOptions {
    std::string command;               //!< "run", "sensitivity", ...: for messages
    std::vector<std::string> formats;  //!< the formats the command writes, the default first
    std::string file;  //!< "" = the built-in default pilot, "-" = standard input
    std::string format = "table";
    bool formatGiven = false;
    std::string output;
    std::string preset;
    std::vector<std::string> sets;
    //! Where long work reports progress: set by the program to standard error when that is a
    //! terminal, else null (tests, pipes and files get no progress lines).
    std::ostream* progress = nullptr;
    //! Where notes on what was done besides the report go (stale files removed): standard error.
    std::ostream* notices = nullptr;
    //! Standard output is a terminal: a workbook (a zip archive) is not written there.
    bool outputIsTerminal = false;
};

//! FILE, --format (one of `formats`, the first the default), --output, --preset, --set.
void addInputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats);

//! --format and --output (FILE or -o only, for commands without an input file); records the
//! command's name and formats for effectiveFormat.
void addOutputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats);

//! A number option's check: a number greater than `low` (or at least it, `lowIncluded`) and at
//! most `high`, with messages that say which ("must be greater than 0 and at most 100, got 0";
//! "not a number: abc").
CLI::Validator numberBetween(double low, bool lowIncluded, double high);

//! A whole-number option's check: from `low` to `high` ("must be between 1 and 10000000, got 0";
//! "not a whole number: 2.5").
CLI::Validator wholeNumberBetween(std::int64_t low, std::int64_t high);

//! The text of FILE, or of standard input for "-", refused above 4 MiB (an InputError) and, for a
//! folder or a file that cannot be read, with a UsageError: scenarios and listings alike.
std::string readInputText(const std::string& file, std::istream& in);

//! How messages name the input: the file, "standard input" or "the default pilot".
std::string sourceName(const CommonOptions& options);

//! --threads (1 to 1,024; a usage error otherwise) for the commands that spread their work over
//! threads; `threads` keeps 0 when it is not given. The result never depends on it.
void addThreadsOption(CLI::App& command, int& threads);

//! --basis cash|revenue (default cash) for the commands that use a break-even year; `what` says
//! what the revenue basis changes in this command, for the help.
void addBasisOption(CLI::App& command, std::string& basis, const std::string& what);

//! The threads to run: --threads when given (above 0), else one per core.
int threadsToRun(int threads);

//! Writes "\r<command>: <done> of <total> <unit>" to `progress`, and a newline when done == total:
//! the progress line of a long command, rewritten in place on a terminal.
void writeProgress(std::ostream& progress, const std::string& command, long long done, long long total,
                   const std::string& unit);

//! The api request for this command line: the command, the input (the file, standard input or
//! the default pilot's text), the --set overrides and --preset. Throws UsageError for a file that
//! cannot be read or a malformed --set.
api::Request apiRequest(const CommonOptions& options, std::istream& in);

//! Carries out `request` (itsb::api::call); throws UsageError or scenarios::InputError as its
//! result says, for the program to report.
api::Result callApi(const api::Request& request);

//! --format, or the --output file's extension when --format was not given. Throws UsageError
//! for an extension the command cannot write (`-o out.xlsx` on sensitivity), an extension that
//! contradicts --format, and a workbook asked for on a terminal without --output: each before
//! any work is done, so nothing is written.
std::string effectiveFormat(const CommonOptions& options);

//! What ties CSV tables to their input: written into a folder of tables as manifest.json.
struct Provenance {
    std::string inputSha256;
    std::optional<std::uint64_t> seed;   //!< simulate
    std::optional<std::int64_t> paths;   //!< simulate
};

//! Writes a text report to stdout or, atomically, to --output.
void emitText(const CommonOptions& options, const std::string& text, std::ostream& out);

//! Writes CSV tables: one file per table when --output names a folder (ends in '/', exists as
//! a folder, or has no extension), else all of them in one stream. A folder also gets
//! manifest.json naming every file written (with its SHA-256), the itsb version, the command,
//! the input's SHA-256 and, for simulate, the seed and paths; files an earlier itsb run listed
//! in the folder's manifest and this one does not write are removed, and `notices` says which.
void emitCsv(const CommonOptions& options, const Provenance& provenance, const std::vector<reports::CsvTable>& tables,
             std::ostream& out);

//! The formats a Document renders to: "table", "md" and "html".
bool isDocumentFormat(const std::string& format);

//! Whether `format` is a rich report ("md", "html"), which shows the base case's key figures
//! and conventions beside the command's answer (api::Request::withEvaluation).
bool showsKeyFigures(const std::string& format);

//! Writes a Document as `format` ("table", "md" or "html") to stdout or, atomically, to --output.
void emitDocument(const CommonOptions& options, const std::string& format, const reports::Document& document, std::ostream& out);

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
//! `market` and its subcommands suggest, match, price and listing.
void registerMarketCommands(CLI::App& app, std::vector<Command>& commands);

//! The run (or schedule) report of an evaluated input in the format `options` asks for: `run`,
//! `schedule`, and `market price --report`.
void emitRunReport(const api::Result& result, reports::ReportScope scope, const CommonOptions& options, std::ostream& out);

//! `market listing add|list|remove` under `market` (command_market_listing.cpp); `database` is --db.
void registerMarketListingCommands(CLI::App& market, std::vector<Command>& commands, std::shared_ptr<std::string> database);

}  // namespace itsb::cli
