#include "command.hpp"

#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/presets.hpp"
#include "itsb/scenarios/reader.hpp"
#include "output.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <thread>

namespace itsb::cli {

namespace fs = std::filesystem;

namespace {

//! Input files larger than this are refused before parsing.
constexpr std::uintmax_t kMaxInputBytes = 4u * 1024u * 1024u;

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

}  // namespace

void addInputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats) {
    command.add_option("file", options.file, "Scenario file (JSON); '-' reads standard input; none uses the default pilot");
    options.format = formats.front();
    command.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember(formats))
        ->each([&options](const std::string&) { options.formatGiven = true; });
    command.add_option("--output,-o", options.output,
                       "Write to PATH instead of standard output (atomically); with --format csv, a folder gets one "
                       "file per table");
    std::string presetNames;
    for (const auto& p : scenarios::presets()) presetNames += (presetNames.empty() ? "" : ", ") + p.name;
    command.add_option("--preset", options.preset, "Replace the service lines by a preset: " + presetNames);
    command.add_option("--set", options.sets, "Override an input: --set /json/pointer=VALUE (VALUE as JSON, else a string)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=VALUE");
}

void addThreadsOption(CLI::App& command, int& threads) {
    command.add_option("--threads", threads, "Worker threads (default: every core); the result does not depend on it")
        ->check(CLI::Range(1, 1024));
}

int threadsToRun(int threads) {
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void writeProgress(std::ostream& progress, const std::string& command, long long done, long long total,
                   const std::string& unit) {
    // fmt, not <<: a number is never grouped by the stream's locale.
    progress << fmt::format("\r{}: {} of {} {}", command, done, total, unit) << (done == total ? "\n" : "")
             << std::flush;
}

scenarios::Scenario loadScenario(const CommonOptions& options, std::istream& in) {
    auto scenario = scenarios::buildScenario(loadDocument(options, in));
    const auto preset = chosenPreset(options);
    return preset ? scenarios::applyPreset(scenario, *preset) : scenario;
}

nlohmann::json loadDocument(const CommonOptions& options, std::istream& in) {
    const std::string text = readInput(options.file, in);
    const auto overrides = parseOverrides(options.sets);
    auto document = scenarios::parseInputJson(text);
    scenarios::applyOverrides(document, overrides);
    return document;
}

std::optional<scenarios::Preset> chosenPreset(const CommonOptions& options) {
    if (options.preset.empty()) return std::nullopt;
    const auto preset = scenarios::findPreset(options.preset);
    if (!preset) {
        std::string known;
        for (const auto& p : scenarios::presets()) known += (known.empty() ? "" : ", ") + p.name;
        throw UsageError("--preset " + options.preset + ": unknown preset (known: " + known + ")");
    }
    return preset;
}

std::string effectiveFormat(const CommonOptions& options) {
    if (options.formatGiven || options.output.empty()) return options.format;
    const auto extension = fs::path(options.output).extension().string();
    for (const char* known : {"json", "csv", "md", "html", "xlsx"})
        if (extension == std::string(".") + known) return known;
    return options.format;
}

void emitText(const CommonOptions& options, const std::string& text, std::ostream& out) {
    if (options.output.empty())
        out << text << std::flush;
    else
        writeFileAtomically(options.output, text);
}

bool isDocumentFormat(const std::string& format) { return format == "table" || format == "md" || format == "html"; }

void emitDocument(const CommonOptions& options, const std::string& format, const Document& document, std::ostream& out) {
    if (format == "md") return emitText(options, renderMarkdown(document), out);
    if (format == "html") return emitText(options, renderHtml(document), out);
    emitText(options, renderText(document), out);
}

void emitWorkbook(const CommonOptions& options, const std::function<void(const std::string& path)>& write,
                  std::ostream& out) {
    if (!options.output.empty()) return writeFileAtomically(options.output, write);
    // Standard output: the workbook is a zip archive whose writer needs a file to seek in.
    const fs::path temporary = makeTemporary(fs::temp_directory_path() / "itsb.xlsx");
    try {
        write(temporary.string());
        std::ifstream stream(temporary, std::ios::binary);
        if (!stream) throw OutputError("cannot read back the workbook written to " + temporary.string());
        out << stream.rdbuf() << std::flush;
    } catch (...) {
        std::error_code ec;
        fs::remove(temporary, ec);
        throw;
    }
    std::error_code ec;
    fs::remove(temporary, ec);
}

void emitCsv(const CommonOptions& options, const std::vector<CsvTable>& tables, std::ostream& out) {
    std::error_code ec;
    const bool folder = !options.output.empty() &&
                        (options.output.back() == '/' || fs::is_directory(options.output, ec) ||
                         fs::path(options.output).extension().empty());
    if (!folder) return emitText(options, joinCsv(tables), out);
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& t : tables) files.emplace_back(t.name + ".csv", t.text);
    writeFilesAtomically(options.output, files);
}

}  // namespace itsb::cli
