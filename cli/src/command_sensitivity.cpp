// `itsb sensitivity`: a tornado of the key inputs, or a one- or two-way grid of any inputs
// named by JSON pointer (SPEC §6).

#include "command.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/metric_catalog.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/sensitivity.hpp"
#include "itsb/scenarios/text_format.hpp"
#include "run_report.hpp"
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
    int threads = 0;  //!< 0: every core
};

//! What the report is about: the scenario (after --set and --preset) and its result.
struct Report {
    std::string name;
    std::string inputSha256;
    std::string currency;
    int decimals = 2;
    std::optional<scenarios::Scenario> scenario;  //!< after --set and --preset
    std::optional<scenarios::Tornado> tornado;
    std::optional<scenarios::Grid> grid;
    const std::vector<std::string>& warnings() const { return tornado ? tornado->warnings : grid->warnings; }
};

ValueKind metricKindOr(const std::string& metric) { return scenarios::metricKind(metric).value_or(ValueKind::Factor); }

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
            const ValueKind kind = metricKindOr(bar.metric);
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
        const ValueKind kind = metricKindOr(g.metric);
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
            const ValueKind kind = metricKindOr(bar.metric);
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
        const ValueKind kind = metricKindOr(g.metric);
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

// ---- the report (text, Markdown, HTML) ------------------------------------------------------

//! A metric's axis: its heading with the unit, scaled as people read it.
ChartAxis metricAxis(const std::string& metric, const std::string& currency) {
    const ValueKind kind = metricKindOr(metric);
    const std::string heading = headingOf(metric);
    switch (kind) {
    case ValueKind::Amount: return {heading + " (" + millionsUnit(currency) + ")", 1e6, "", false, false};
    case ValueKind::Percent: return {heading + " (%)", 0.01, "", false, false};
    case ValueKind::Integer: return {heading + " (programme year)", 1.0, "", false, true};
    case ValueKind::Years: return {heading + " (years)", 1.0, "", false, false};
    default: return {heading + " (times)", 1.0, "", false, false};
    }
}

//! A value as a bar's label: money in millions, the rest as the tables show it.
std::string shortValue(const std::optional<double>& v, const std::string& metric, int d) {
    if (!v) return "n/a";
    if (metricKindOr(metric) == ValueKind::Amount) return scenarios::formatNumber(*v / 1e6, 2) + "m";
    return humanValue(*v, metricKindOr(metric), d);
}

std::string chartId(const std::string& prefix, const std::string& key) {
    std::string id = prefix;
    for (char c : key) id += c == '_' ? '-' : c;
    return id;
}

std::vector<Chart> tornadoCharts(const scenarios::Tornado& tornado, const std::string& currency, int d) {
    std::vector<Chart> charts;
    for (const auto& metric : tornado.metrics) {
        Chart chart;
        chart.id = chartId("chart-tornado-", metric);
        chart.kind = ChartKind::HorizontalBars;
        chart.overlay = true;
        chart.title = "Tornado: " + headingOf(metric);
        chart.x = metricAxis(metric, currency);
        ChartSeries low{"value_low", "Input at its low value", SeriesStyle::Bar};
        ChartSeries high{"value_high", "Input at its high value", SeriesStyle::Bar};
        std::optional<double> base;
        std::string text = "How far " + headingOf(metric) + " moves when each key input is bumped down and up, the "
                           "largest swing first.";
        for (std::size_t i = 0; i < tornado.bars.size(); ++i) {
            const auto& bar = tornado.bars[i];
            if (bar.metric != metric) continue;
            base = bar.base;
            chart.categories.push_back(bar.input);
            const std::string at = "/tornado/" + std::to_string(i) + "/";
            low.y.push_back(bar.valueLow);
            low.valueLabels.push_back(bar.lowText + ": " + shortValue(bar.valueLow, metric, d));
            low.sources.push_back(at + "value_low");
            low.xSources.push_back(at + "input");
            high.y.push_back(bar.valueHigh);
            high.valueLabels.push_back(bar.highText + ": " + shortValue(bar.valueHigh, metric, d));
            high.sources.push_back(at + "value_high");
            high.xSources.push_back(at + "input");
            text += " " + bar.input + ": " + shortValue(bar.valueLow, metric, d) + " at " + bar.lowText + ", " +
                    shortValue(bar.valueHigh, metric, d) + " at " + bar.highText + ".";
        }
        chart.series = {low, high};
        if (base) {
            chart.origin = *base;
            std::size_t first = 0;
            while (first < tornado.bars.size() && tornado.bars[first].metric != metric) ++first;
            chart.markers.push_back({true, *base, "base", "Base " + shortValue(base, metric, d),
                                     "/tornado/" + std::to_string(first) + "/base"});
        }
        chart.description = text;
        charts.push_back(std::move(chart));
    }
    return charts;
}

//! Up to this many rows of a two-way grid are drawn as lines; more would not be told apart.
constexpr std::size_t kMaxGridLines = 8;

std::vector<Chart> gridCharts(const scenarios::Grid& g, const std::string& currency, int d) {
    if (g.y && g.y->values.size() > kMaxGridLines) return {};
    Chart chart;
    chart.id = "chart-grid";
    chart.kind = ChartKind::Line;
    chart.title = headingOf(g.metric) + " across " + g.x.pointer;
    chart.x = {g.x.pointer, 1.0, "", false, false};
    chart.y = metricAxis(g.metric, currency);
    const std::size_t rows = g.y ? g.y->values.size() : 1;
    for (std::size_t j = 0; j < rows; ++j) {
        ChartSeries series{g.metric,
                           g.y ? g.y->pointer + " = " + scenarios::gridValueText(g.y->values[j]) : headingOf(g.metric),
                           SeriesStyle::Line};
        for (std::size_t i = 0; i < g.x.values.size(); ++i) {
            series.x.push_back(g.x.values[i]);
            series.y.push_back(g.values[j][i]);
            series.valueLabels.push_back(shortValue(g.values[j][i], g.metric, d));
            series.sources.push_back("/grid/values/" + std::to_string(j) + "/" + std::to_string(i));
            series.xSources.push_back("/grid/x/values/" + std::to_string(i));
        }
        chart.series.push_back(std::move(series));
    }
    chart.description = headingOf(g.metric) + " as " + g.x.pointer + " goes from " +
                        scenarios::gridValueText(g.x.values.front()) + " to " +
                        scenarios::gridValueText(g.x.values.back()) +
                        (g.y ? ", one line for each value of " + g.y->pointer : std::string()) +
                        ". The table below has every value.";
    return {chart};
}

std::vector<Section> tornadoSections(const scenarios::Tornado& tornado, int d) {
    std::vector<Section> sections;
    Section intro{"Sensitivity: key inputs", {}};
    intro.blocks.push_back(
        {Paragraph{{"Each key input is bumped down and up on the full input (every default written), the bond re-sized by",
                    "its rule and the scenario evaluated again; swing = |metric at high - metric at low|, largest first.",
                    "A * in a pointer stands for every service line, cost or curve point."}}});
    intro.blocks.push_back({BlankLine{}});
    // The bumps once, in input order (each metric's table below is sorted by its own swing).
    Table bumps;
    bumps.caption = "The bumps applied to each input";
    bumps.columns = {{"Input", false}, {"Pointer", false}, {"Bump", false}};
    for (const auto& input : tornado.inputs)
        for (const auto& bar : tornado.bars)
            if (bar.input == input) {
                bumps.rows.push_back({bar.input, bar.pointer, bar.bump});
                break;
            }
    intro.blocks.push_back({bumps});
    sections.push_back(std::move(intro));

    for (const auto& metric : tornado.metrics) {
        const ValueKind kind = metricKindOr(metric);
        std::optional<double> base;
        Table table;
        table.caption = "Tornado: " + headingOf(metric);
        table.columns = {{"Input", false}, {"Low", true}, {"High", true}, {"At low", true}, {"At high", true}, {"Swing", true}};
        for (const auto& bar : tornado.bars) {
            if (bar.metric != metric) continue;
            base = bar.base;
            table.rows.push_back({bar.input, bar.lowText, bar.highText, humanValue(cellOf(bar.valueLow), kind, d),
                                  humanValue(cellOf(bar.valueHigh), kind, d), humanValue(cellOf(bar.swing), kind, d)});
        }
        Section section{"Tornado: " + headingOf(metric), {}};
        section.blocks.push_back({Paragraph{{"Base: " + humanValue(cellOf(base), kind, d)}}});
        section.blocks.push_back({BlankLine{}});
        section.blocks.push_back({table});
        sections.push_back(std::move(section));
    }
    return sections;
}

Section gridSection(const scenarios::Grid& g, int d) {
    const ValueKind kind = metricKindOr(g.metric);
    Section section{"Grid: " + headingOf(g.metric), {}};
    Table table;
    table.caption = headingOf(g.metric) + " on the grid";
    if (!g.y) {
        // One input: a column of values reads better than one long row.
        table.columns = {{g.x.pointer, true}, {headingOf(g.metric), true}};
        for (std::size_t i = 0; i < g.x.values.size(); ++i)
            table.rows.push_back({scenarios::gridValueText(g.x.values[i]), humanValue(cellOf(g.values[0][i]), kind, d)});
        section.blocks.push_back({table});
        return section;
    }
    section.blocks.push_back({Paragraph{{"across (x): " + g.x.pointer, "down (y):   " + g.y->pointer}}});
    section.blocks.push_back({BlankLine{}});
    table.columns.push_back({"y \\ x", true});
    for (double x : g.x.values) table.columns.push_back({scenarios::gridValueText(x), true});
    // A heat table in HTML: each cell shaded by where its value lies between the grid's extremes.
    double lowest = 0, highest = 0;
    bool any = false;
    for (const auto& row : g.values)
        for (const auto& v : row)
            if (v) {
                lowest = any ? std::min(lowest, *v) : *v;
                highest = any ? std::max(highest, *v) : *v;
                any = true;
            }
    for (std::size_t j = 0; j < g.y->values.size(); ++j) {
        std::vector<std::string> cells{scenarios::gridValueText(g.y->values[j])};
        std::vector<std::optional<double>> shades{std::nullopt};
        for (const auto& v : g.values[j]) {
            cells.push_back(humanValue(cellOf(v), kind, d));
            shades.push_back(v && highest > lowest ? std::optional<double>((*v - lowest) / (highest - lowest)) : std::nullopt);
        }
        table.rows.push_back(std::move(cells));
        table.shades.push_back(std::move(shades));
    }
    section.blocks.push_back({table});
    return section;
}

Document sensitivityDocument(const Report& report, const scenarios::Evaluation* base) {
    Document doc;
    doc.command = "sensitivity";
    doc.title = report.name;
    doc.inputSha256 = report.inputSha256;
    doc.currency = report.currency;
    if (report.tornado) {
        doc.sections = tornadoSections(*report.tornado, report.decimals);
        doc.charts = tornadoCharts(*report.tornado, report.currency, report.decimals);
    } else {
        doc.sections.push_back(gridSection(*report.grid, report.decimals));
        doc.charts = gridCharts(*report.grid, report.currency, report.decimals);
    }
    if (base) {
        doc.keyFigures = headlineFigures(*base, [](const std::string&) { return std::string(); });
        doc.sections.push_back(conventionsSection(*base, true));
    }
    doc.sections.push_back({"Warnings", {{BulletList{report.warnings()}}}, SectionRole::Warnings});
    return doc;
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
    report.scenario = scenario;
    scenarios::SensitivityOptions run;
    run.threads = threadsToRun(options.threads);
    if (std::ostream* progress = options.common.progress) {
        const std::string unit = axes.empty() ? "bumps" : "points";
        run.progress = [progress, unit](std::size_t done, std::size_t total) {
            writeProgress(*progress, "sensitivity", static_cast<long long>(done), static_cast<long long>(total), unit);
        };
    }
    try {
        if (axes.empty()) {
            report.tornado =
                scenarios::tornado(scenario, metrics.empty() ? scenarios::defaultTornadoMetrics() : metrics, run);
        } else {
            const std::string metric = metrics.empty() ? std::string("project_npv") : metrics.front();
            report.grid = scenarios::grid(document, axes, metric, preset, run);
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
    addInputOptions(*sub, options->common, {"table", "json", "csv", "md", "html"});
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
    addThreadsOption(*sub, options->threads);
    // Shares the input options' lifetime with the action, for the error messages (which file).
    std::shared_ptr<CommonOptions> common(options, &options->common);
    commands.push_back({sub,
                        [options](std::istream& in, std::ostream& out) {
                            const Report report = compute(*options, in);
                            const std::string format = effectiveFormat(options->common);
                            if (format == "json") return emitText(options->common, jsonText(report), out);
                            if (format == "csv") return emitCsv(options->common, {report.inputSha256, {}, {}}, csvTables(report), out);
                            // The rich reports also show the base case's key figures and conventions.
                            std::optional<scenarios::Evaluation> base;
                            if (format != "table") try {
                                    base = scenarios::evaluate(*report.scenario);
                                } catch (const scenarios::InputError&) {
                                }
                            emitDocument(options->common, format, sensitivityDocument(report, base ? &*base : nullptr),
                                         out);
                        },
                        common});
}

}  // namespace itsb::cli
