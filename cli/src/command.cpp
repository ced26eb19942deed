#include "command.hpp"

#include "itsb/cli/output.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/presets.hpp"
#include "itsb/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
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

}  // namespace

std::string readInputText(const std::string& file, std::istream& in) {
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

namespace {

std::string readInput(const std::string& file, std::istream& in) {
    if (file.empty()) return std::string(scenarios::defaultPilotText());
    return readInputText(file, in);
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

void addOutputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats) {
    options.command = command.get_name();
    options.formats = formats;
    options.format = formats.front();
    if (formats.size() > 1)
        command.add_option("--format", options.format, "Output format")
            ->check(CLI::IsMember(formats))
            ->each([&options](const std::string&) { options.formatGiven = true; });
    const bool csv = std::find(formats.begin(), formats.end(), "csv") != formats.end();
    command.add_option("--output,-o", options.output,
                       csv ? "Write to PATH instead of standard output (atomically); its extension chooses the format; "
                             "with --format csv, a folder gets one file per table and a manifest.json"
                           : "Write to PATH instead of standard output (atomically); its extension chooses the format");
}

void addInputOptions(CLI::App& command, CommonOptions& options, const std::vector<std::string>& formats) {
    command.add_option("file", options.file, "Scenario file (JSON); '-' reads standard input; none uses the default pilot");
    addOutputOptions(command, options, formats);
    std::string presetNames;
    for (const auto& p : scenarios::presets()) presetNames += (presetNames.empty() ? "" : ", ") + p.name;
    command.add_option("--preset", options.preset, "Replace the service lines by a preset: " + presetNames);
    command.add_option("--set", options.sets, "Override an input: --set /json/pointer=VALUE (VALUE as JSON, else a string)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=VALUE");
}

std::string sourceName(const CommonOptions& options) {
    if (options.file.empty()) return "the default pilot";
    return options.file == "-" ? "standard input" : options.file;
}

void addThreadsOption(CLI::App& command, int& threads) {
    command.add_option("--threads", threads, "Worker threads (default: every core); the result does not depend on it")
        ->check(wholeNumberBetween(1, 1024));
}

void addBasisOption(CLI::App& command, std::string& basis, const std::string& what) {
    command
        .add_option("--basis", basis,
                    "Break-even basis: cash (the council's cumulative cash position, the default) or revenue (the "
                    "cumulative net revenue effect of its revenue account; the input needs a council_finance block). "
                    "With revenue, " +
                        what)
        ->check(CLI::IsMember({"cash", "revenue"}));
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

api::Request apiRequest(const CommonOptions& options, std::istream& in) {
    api::Request request;
    request.command = options.command;
    request.input = readInput(options.file, in);
    request.overrides = parseOverrides(options.sets);
    request.preset = options.preset;
    return request;
}

api::Result callApi(const api::Request& request) {
    auto result = api::call(request);
    if (result.status == api::Status::UsageError) throw UsageError(result.usageError);
    if (result.status == api::Status::InputProblems)
        throw scenarios::InputError(std::move(result.problems), result.unlistedProblems);
    return result;
}

namespace {

//! The formats and the file extensions that choose them, in the order messages list them.
struct FormatExtension {
    const char* format;
    const char* extension;
};
constexpr std::array<FormatExtension, 8> kExtensions{{{"table", ".txt"},
                                                      {"md", ".md"},
                                                      {"md", ".markdown"},
                                                      {"html", ".html"},
                                                      {"html", ".htm"},
                                                      {"json", ".json"},
                                                      {"csv", ".csv"},
                                                      {"xlsx", ".xlsx"}}};

std::string lowerCase(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

//! ".txt, .md, .html, .json or .csv": the first extension of each format the command writes.
std::string extensionList(const std::vector<std::string>& formats) {
    std::vector<std::string> listedFormats, extensions;
    for (const auto& [format, extension] : kExtensions) {
        const bool writes = std::find(formats.begin(), formats.end(), format) != formats.end();
        if (!writes || std::find(listedFormats.begin(), listedFormats.end(), format) != listedFormats.end()) continue;
        listedFormats.emplace_back(format);
        extensions.emplace_back(extension);
    }
    std::string text;
    for (std::size_t i = 0; i < extensions.size(); ++i)
        text += (i == 0 ? "" : (i + 1 == extensions.size() ? " or " : ", ")) + extensions[i];
    return text;
}

//! --output names a folder for CSV tables: ends in '/', or is an existing folder.
bool namesFolder(const std::string& output) {
    std::error_code ec;
    return !output.empty() && (output.back() == '/' || fs::is_directory(output, ec));
}

}  // namespace

std::string effectiveFormat(const CommonOptions& options) {
    std::string format = options.format;
    if (!options.output.empty() && !namesFolder(options.output)) {
        const std::string extension = lowerCase(fs::path(options.output).extension().string());
        if (!extension.empty()) {
            const auto known = std::find_if(kExtensions.begin(), kExtensions.end(),
                                            [&](const FormatExtension& k) { return extension == k.extension; });
            const std::string byExtension = known != kExtensions.end() ? known->format : "";
            const bool writes = std::find(options.formats.begin(), options.formats.end(), byExtension) !=
                                options.formats.end();
            if (!writes)
                throw UsageError("--output " + options.output + ": " + extension.substr(1) + " is not available for " +
                                 options.command + "; use " + extensionList(options.formats));
            if (options.formatGiven && byExtension != options.format)
                throw UsageError("--output " + options.output + ": the extension " + extension +
                                 " is for --format " + byExtension + ", but --format " + options.format +
                                 " was given; use " + extensionList({options.format}) + " or leave out --format");
            format = byExtension;
        }
    }
    if (format == "xlsx" && options.output.empty() && options.outputIsTerminal)
        throw UsageError("--format xlsx writes a workbook, which a terminal cannot show: give -o FILE.xlsx");
    return format;
}

CLI::Validator numberBetween(double low, bool lowIncluded, double high) {
    const std::string rule = std::string(lowIncluded ? "must be at least " : "must be greater than ") +
                             scenarios::formatNumber(low) + " and at most " + scenarios::formatNumber(high);
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            double value = 0.0;
            const char* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars(text.data(), end, value);
            if (error != std::errc() || stop != end || !std::isfinite(value)) return "not a number: " + text;
            if (value < low || (value == low && !lowIncluded) || value > high) return rule + ", got " + text;
            return "";
        },
        "NUMBER");
}

void emitText(const CommonOptions& options, const std::string& text, std::ostream& out) {
    if (options.output.empty())
        out << text << std::flush;
    else
        writeFileAtomically(options.output, text);
}

bool showsKeyFigures(const std::string& format) { return format == "md" || format == "html"; }

bool isDocumentFormat(const std::string& format) { return format == "table" || format == "md" || format == "html"; }

void emitDocument(const CommonOptions& options, const std::string& format, const reports::Document& document, std::ostream& out) {
    if (format == "md") return emitText(options, reports::renderMarkdown(document), out);
    if (format == "html") return emitText(options, reports::renderHtml(document), out);
    emitText(options, reports::renderText(document), out);
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

CLI::Validator wholeNumberBetween(std::int64_t low, std::int64_t high) {
    const std::string rule = "must be between " + std::to_string(low) + " and " + std::to_string(high);
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            std::int64_t value = 0;
            const char* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars(text.data(), end, value);
            if (error == std::errc::result_out_of_range) return rule + ", got " + text;
            if (error != std::errc() || stop != end) return "not a whole number: " + text;
            if (value < low || value > high) return rule + ", got " + text;
            return "";
        },
        "INTEGER");
}

namespace {

constexpr const char* kManifest = "manifest.json";

//! The files an earlier itsb run wrote into `folder`, from its manifest: plain names only, so a
//! hostile manifest cannot name a file elsewhere. Refuses a manifest.json that is not itsb's,
//! which this run would otherwise overwrite.
std::vector<std::string> filesOfEarlierRun(const fs::path& folder) {
    const fs::path path = folder / kManifest;
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    std::ifstream stream(path, std::ios::binary);
    const auto manifest = nlohmann::json::parse(stream, nullptr, false);
    const auto files = manifest.is_object() ? manifest.find("files") : manifest.end();
    if (!manifest.is_object() || !manifest.contains("itsb_version") || files == manifest.end() || !files->is_array())
        throw OutputError("cannot write CSV tables into " + folder.string() + ": its " + kManifest +
                          " was not written by itsb; choose another folder");
    std::vector<std::string> names;
    for (const auto& file : *files) {
        const auto name = file.is_object() && file.contains("name") && file["name"].is_string()
                              ? file["name"].get<std::string>()
                              : std::string();
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." || name == kManifest)
            continue;
        names.push_back(name);
    }
    return names;
}

std::string manifestText(const CommonOptions& options, const Provenance& provenance,
                         const std::vector<std::pair<std::string, std::string>>& files) {
    nlohmann::ordered_json manifest = nlohmann::ordered_json::object();
    manifest["itsb_version"] = ITSB_VERSION;
    manifest["command"] = options.command;
    manifest["input_sha256"] = provenance.inputSha256;
    if (provenance.seed) manifest["seed"] = *provenance.seed;
    if (provenance.paths) manifest["paths"] = *provenance.paths;
    auto list = nlohmann::ordered_json::array();
    for (const auto& [name, content] : files)
        list.push_back({{"name", name}, {"bytes", content.size()}, {"sha256", scenarios::sha256Hex(content)}});
    manifest["files"] = std::move(list);
    return manifest.dump(2) + "\n";
}

}  // namespace

void emitCsv(const CommonOptions& options, const Provenance& provenance, const std::vector<reports::CsvTable>& tables,
             std::ostream& out) {
    const bool folder = namesFolder(options.output) ||
                        (!options.output.empty() && fs::path(options.output).extension().empty());
    if (!folder) return emitText(options, reports::joinCsv(tables), out);
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& t : tables) files.emplace_back(t.name + ".csv", t.text);
    const auto earlier = filesOfEarlierRun(options.output);
    files.emplace_back(kManifest, manifestText(options, provenance, files));
    writeFilesAtomically(options.output, files);

    // Only once the new tables are in place: what the earlier run wrote and this one did not.
    std::vector<std::string> removed;
    for (const auto& name : earlier) {
        const bool rewritten =
            std::any_of(files.begin(), files.end(), [&](const auto& file) { return file.first == name; });
        std::error_code ec;
        const fs::path stale = fs::path(options.output) / name;
        if (rewritten || !fs::is_regular_file(fs::symlink_status(stale, ec))) continue;
        if (fs::remove(stale, ec)) removed.push_back(name);
    }
    if (!removed.empty() && options.notices) {
        std::string list;
        for (const auto& name : removed) list += (list.empty() ? "" : ", ") + name;
        *options.notices << "itsb: removed from " << options.output << " what an earlier run wrote and this one does not: "
                         << list << "\n";
    }
}

}  // namespace itsb::cli
