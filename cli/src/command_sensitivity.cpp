// `itsb sensitivity`: a tornado of the key inputs, or a one- or two-way grid of any inputs
// named by JSON pointer (SPEC §6).

#include "command.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/metric_catalog.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/sensitivity.hpp"
#include "text_table.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace itsb::cli {

namespace {

using scenarios::Cell;
using scenarios::ValueKind;
using Json = nlohmann::ordered_json;

struct SensitivityOptions {
    CommonOptions common;
    std::vector<std::string> metrics;
    std::vector<std::string> grids;
};

//! What the report is about: the scenario (after --set and --preset) and its result.
struct Report {
    std::string name;
    std::string inputSha256;
    std::string currency;
    int decimals = 2;
    std::optional<scenarios::Tornado> tornado;
    std::optional<scenarios::Grid> grid;
    const std::vector<std::string>& warnings() const { return tornado ? tornado->warnings : grid->warnings; }
};

ValueKind kindOf(const std::string& metric) { return scenarios::metricKind(metric).value_or(ValueKind::Factor); }

std::string headingOf(const std::string& metric) {
    for (const auto& e : scenarios::metricEntries(scenarios::Metrics{}))
        if (e.key == metric) return e.heading;
    return metric;
}

Cell cellOf(const std::optional<double>& v) { return scenarios::cell(v); }

Json numberJson(const std::optional<double>& v, ValueKind kind) {
    if (!v) return nullptr;
    return kind == ValueKind::Integer ? Json(static_cast<long long>(*v)) : Json(*v);
}

//! Axis values print as integers when every one is whole (a horizon, a delay), else as numbers.
Json axisJson(const scenarios::GridAxis& axis) {
    const bool whole = std::all_of(axis.values.begin(), axis.values.end(),
                                   [](double v) { return v == std::floor(v) && std::abs(v) < 9.0e15; });
    Json values = Json::array();
    for (double v : axis.values) values.push_back(whole ? Json(static_cast<long long>(v)) : Json(v));
    Json out = Json::object();
    out["pointer"] = axis.pointer;
    out["values"] = std::move(values);
    return out;
}

// ---- JSON -------------------------------------------------------------------------------

std::string jsonText(const Report& report) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = report.inputSha256;
    out["name"] = report.name;
    if (report.tornado) {
        Json bars = Json::array();
        for (const auto& bar : report.tornado->bars) {
            const ValueKind kind = kindOf(bar.metric);
            Json b = Json::object();
            b["input"] = bar.input;
            b["pointer"] = bar.pointer;
            b["bump"] = bar.bump;
            b["low"] = bar.low;
            b["high"] = bar.high;
            b["metric"] = bar.metric;
            b["base"] = numberJson(bar.base, kind);
            b["value_low"] = numberJson(bar.valueLow, kind);
            b["value_high"] = numberJson(bar.valueHigh, kind);
            b["swing"] = numberJson(bar.swing, kind);
            bars.push_back(std::move(b));
        }
        out["tornado"] = std::move(bars);
    } else {
        const auto& g = *report.grid;
        const ValueKind kind = kindOf(g.metric);
        Json grid = Json::object();
        grid["metric"] = g.metric;
        grid["x"] = axisJson(g.x);
        if (g.y) grid["y"] = axisJson(*g.y);
        Json rows = Json::array();
        for (const auto& row : g.values) {
            Json values = Json::array();
            for (const auto& v : row) values.push_back(numberJson(v, kind));
            rows.push_back(std::move(values));
        }
        grid["values"] = std::move(rows);
        out["grid"] = std::move(grid);
    }
    out["warnings"] = report.warnings();
    return out.dump(2) + "\n";
}

// ---- CSV --------------------------------------------------------------------------------

std::vector<CsvTable> csvTables(const Report& report) {
    const int d = report.decimals;
    std::vector<CsvTable> tables;
    if (report.tornado) {
        std::string text = "input,pointer,bump,low,high,metric,base,value_low,value_high,swing\n";
        for (const auto& bar : report.tornado->bars) {
            const ValueKind kind = kindOf(bar.metric);
            text += csvQuoted(bar.input) + "," + csvQuoted(bar.pointer) + "," + csvQuoted(bar.bump) + "," +
                    csvValue(bar.low, ValueKind::Factor, d) + "," + csvValue(bar.high, ValueKind::Factor, d) + "," +
                    bar.metric + "," + csvValue(cellOf(bar.base), kind, d) + "," +
                    csvValue(cellOf(bar.valueLow), kind, d) + "," + csvValue(cellOf(bar.valueHigh), kind, d) + "," +
                    csvValue(cellOf(bar.swing), kind, d) + "\n";
        }
        tables.push_back({"tornado", text});
    } else {
        // Long format, one line per point; the header names the inputs and the metric.
        const auto& g = *report.grid;
        const ValueKind kind = kindOf(g.metric);
        std::string text = csvQuoted(g.x.pointer) + (g.y ? "," + csvQuoted(g.y->pointer) : "") + "," + g.metric + "\n";
        for (std::size_t j = 0; j < g.values.size(); ++j)
            for (std::size_t i = 0; i < g.x.values.size(); ++i)
                text += scenarios::gridValueText(g.x.values[i]) +
                        (g.y ? "," + scenarios::gridValueText(g.y->values[j]) : "") + "," +
                        csvValue(cellOf(g.values[j][i]), kind, d) + "\n";
        tables.push_back({"grid", text});
    }
    std::string warnings = "warning\n";
    for (const auto& w : report.warnings()) warnings += csvQuoted(w) + "\n";
    tables.push_back({"warnings", warnings});
    return tables;
}

// ---- table ------------------------------------------------------------------------------

std::string tornadoText(const scenarios::Tornado& tornado, int d) {
    std::string out =
        "  Each key input is bumped down and up on the full input (every default written), the bond re-sized by\n"
        "  its rule and the scenario evaluated again; swing = |metric at high - metric at low|, largest first.\n"
        "  A * in a pointer stands for every service line, cost or curve point.\n\n";
    // The bumps once, in input order (each metric's table below is sorted by its own swing).
    TextTable bumps;
    bumps.add("Input", false);
    bumps.add("Pointer", false);
    bumps.add("Bump", false);
    for (const auto& input : tornado.inputs)
        for (const auto& bar : tornado.bars)
            if (bar.input == input) {
                bumps.row({bar.input, bar.pointer, bar.bump});
                break;
            }
    out += bumps.render();

    for (const auto& metric : tornado.metrics) {
        const ValueKind kind = kindOf(metric);
        out += section("Tornado: " + headingOf(metric));
        std::optional<double> base;
        TextTable table;
        table.add("Input", false);
        table.add("Low", true);
        table.add("High", true);
        table.add("At low", true);
        table.add("At high", true);
        table.add("Swing", true);
        for (const auto& bar : tornado.bars) {
            if (bar.metric != metric) continue;
            base = bar.base;
            table.row({bar.input, bar.lowText, bar.highText, humanValue(cellOf(bar.valueLow), kind, d),
                       humanValue(cellOf(bar.valueHigh), kind, d), humanValue(cellOf(bar.swing), kind, d)});
        }
        out += "  Base: " + humanValue(cellOf(base), kind, d) + "\n\n";
        out += table.render();
    }
    return out;
}

std::string gridText(const scenarios::Grid& g, int d) {
    const ValueKind kind = kindOf(g.metric);
    std::string out = section("Grid: " + headingOf(g.metric));
    TextTable table;
    if (!g.y) {
        // One input: a column of values reads better than one long row.
        table.add(g.x.pointer, true);
        table.add(headingOf(g.metric), true);
        for (std::size_t i = 0; i < g.x.values.size(); ++i)
            table.row({scenarios::gridValueText(g.x.values[i]), humanValue(cellOf(g.values[0][i]), kind, d)});
        return out + table.render();
    }
    out += "  across (x): " + g.x.pointer + "\n  down (y):   " + g.y->pointer + "\n\n";
    table.add("y \\ x", true);
    for (double x : g.x.values) table.add(scenarios::gridValueText(x), true);
    for (std::size_t j = 0; j < g.y->values.size(); ++j) {
        std::vector<std::string> cells{scenarios::gridValueText(g.y->values[j])};
        for (const auto& v : g.values[j]) cells.push_back(humanValue(cellOf(v), kind, d));
        table.row(std::move(cells));
    }
    return out + table.render();
}

std::string tableText(const Report& report) {
    std::string out = "itsb " + std::string(ITSB_VERSION) + ": " + report.name + "\n";
    out += "Input SHA-256 " + report.inputSha256 + "; amounts in " + report.currency + "\n";
    if (report.tornado) {
        out += section("Sensitivity: key inputs");
        out += tornadoText(*report.tornado, report.decimals);
    } else {
        out += gridText(*report.grid, report.decimals);
    }
    out += section("Warnings");
    if (report.warnings().empty()) out += "  none\n";
    for (const auto& w : report.warnings()) out += "  - " + w + "\n";
    return out;
}

// ---- the command ------------------------------------------------------------------------

Report compute(const SensitivityOptions& options, std::istream& in) {
    // The request is checked before the input is read: a malformed range or an unknown metric
    // is a usage error whatever the file holds.
    if (options.grids.size() > 2)
        throw UsageError("--grid given " + std::to_string(options.grids.size()) +
                         " times: once for a one-way grid, twice for a two-way grid");
    std::vector<std::string> metrics;  // as asked, each once
    for (const auto& metric : options.metrics)
        if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) metrics.push_back(metric);
    std::vector<scenarios::GridAxisSpec> axes;
    try {
        for (const auto& metric : metrics) scenarios::checkSensitivityMetric(metric);
        for (const auto& text : options.grids) axes.push_back(scenarios::parseGridAxis(text));
    } catch (const scenarios::SensitivityError& e) {
        throw UsageError(e.what());
    }
    if (!axes.empty() && metrics.size() > 1)
        throw UsageError("--metric given " + std::to_string(metrics.size()) +
                         " times: a grid shows one metric (default project_npv)");

    const auto document = loadDocument(options.common, in);
    auto scenario = scenarios::buildScenario(document);
    const auto preset = chosenPreset(options.common);
    if (preset) scenario = scenarios::applyPreset(scenario, *preset);

    Report report;
    report.name = scenario.name;
    report.inputSha256 = scenarios::inputSha256(scenario);
    report.currency = scenario.currency;
    report.decimals = scenario.rounding.decimals;
    try {
        if (axes.empty()) {
            report.tornado =
                scenarios::tornado(scenario, metrics.empty() ? scenarios::defaultTornadoMetrics() : metrics);
        } else {
            const std::string metric = metrics.empty() ? std::string("project_npv") : metrics.front();
            report.grid = scenarios::grid(document, axes, metric, preset);
        }
    } catch (const scenarios::SensitivityError& e) {
        throw UsageError(e.what());
    }
    return report;
}

}  // namespace

void registerSensitivityCommand(CLI::App& app, std::vector<Command>& commands) {
    auto options = std::make_shared<SensitivityOptions>();
    auto* sub = app.add_subcommand(
        "sensitivity",
        "Tornado of the key inputs (saving rate, delay, one-off and running costs, coupon, discount rate, "
        "expenditure growth), or with --grid a one- or two-way table of any inputs");
    addInputOptions(*sub, options->common, {"table", "json", "csv"});
    std::string metricKeys;
    for (const auto& key : scenarios::numericMetricKeys()) metricKeys += (metricKeys.empty() ? "" : ", ") + key;
    sub->add_option("--metric", options->metrics,
                    "Metric to show (repeatable for the tornado; one for a grid). Default: project_npv, "
                    "npv_after_financing, min_dscr, break_even_year (tornado), project_npv (grid). One of: " +
                        metricKeys)
        ->allow_extra_args(false)
        ->type_name("KEY");
    sub->add_option("--grid", options->grids,
                    "Vary the number at a JSON pointer over from:to:step (at most 201 points); once for a one-way "
                    "grid, twice for a two-way grid (first across, second down)")
        ->allow_extra_args(false)
        ->type_name("/POINTER=FROM:TO:STEP");
    // Shares the input options' lifetime with the action, for the error messages (which file).
    std::shared_ptr<CommonOptions> common(options, &options->common);
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const Report report = compute(*options, in);
                            const std::string format = effectiveFormat(options->common);
                            if (format == "json") return emitText(options->common, jsonText(report), out);
                            if (format == "csv") return emitCsv(options->common, csvTables(report), out);
                            emitText(options->common, tableText(report), out);
                        },
                        common});
}

}  // namespace itsb::cli
