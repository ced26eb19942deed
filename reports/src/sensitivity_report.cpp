// `itsb sensitivity` as JSON, CSV tables and a Document: the tornado of the key inputs or the
// one- or two-way grid, with charts for the HTML report.

#include "itsb/reports/sensitivity_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/sensitivity.hpp"
#include "itsb/version.hpp"
#include "run_document.hpp"
#include "text_table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace itsb::reports {

namespace {

using scenarios::Cell;
using scenarios::ValueKind;
using Json = nlohmann::ordered_json;

ValueKind metricKindOr(const std::string& metric) { return scenarios::metricKind(metric).value_or(ValueKind::Factor); }

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

}  // namespace

std::string sensitivityJson(const SensitivityReport& report) {
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
    out["warnings"] = warningTexts(report.warnings());
    out["warning_details"] = warningDetails(report.warnings());
    return out.dump(2) + "\n";
}

// ---- CSV --------------------------------------------------------------------------------

std::vector<CsvTable> sensitivityCsv(const SensitivityReport& report) {
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
                text += scenarios::formatNumber(g.x.values[i]) +
                        (g.y ? "," + scenarios::formatNumber(g.y->values[j]) : "") + "," +
                        csvValue(cellOf(g.values[j][i]), kind, d) + "\n";
        tables.push_back({"grid", text});
    }
    std::string warnings = "warning\n";
    for (const auto& w : report.warnings()) warnings += csvQuoted(warningText(w)) + "\n";
    tables.push_back({"warnings", warnings});
    return tables;
}

namespace {

// ---- the report (text, Markdown, HTML) ------------------------------------------------------

//! A metric's axis: its heading with the unit, scaled as people read it.
ChartAxis metricAxis(const std::string& metric, const std::string& currency) {
    const ValueKind kind = metricKindOr(metric);
    const std::string heading = scenarios::metricHeading(metric);
    switch (kind) {
    case ValueKind::Amount: return {heading + " (" + millionsUnit(currency) + ")", 1e6, "", false, false};
    case ValueKind::Percent: return {heading + " (%)", 0.01, "", false, false};
    case ValueKind::Integer:
        // The revenue account counts financial years 1..H (programme year k is financial year k).
        return {heading + (scenarios::isRevenueMetric(metric) ? " (financial year)" : " (programme year)"), 1.0, "",
                false, true};
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
        chart.title = "Tornado: " + scenarios::metricHeading(metric);
        chart.x = metricAxis(metric, currency);
        ChartSeries low{"value_low", "Input at its low value", SeriesStyle::Bar};
        ChartSeries high{"value_high", "Input at its high value", SeriesStyle::Bar};
        std::optional<double> base;
        std::string text = "How far " + scenarios::metricHeading(metric) + " moves when each key input is bumped down and up, the "
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
    chart.title = scenarios::metricHeading(g.metric) + " across " + g.x.pointer;
    chart.x = {g.x.pointer, 1.0, "", false, false};
    chart.y = metricAxis(g.metric, currency);
    const std::size_t rows = g.y ? g.y->values.size() : 1;
    for (std::size_t j = 0; j < rows; ++j) {
        ChartSeries series{g.metric,
                           g.y ? g.y->pointer + " = " + scenarios::formatNumber(g.y->values[j]) : scenarios::metricHeading(g.metric),
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
    chart.description = scenarios::metricHeading(g.metric) + " as " + g.x.pointer + " goes from " +
                        scenarios::formatNumber(g.x.values.front()) + " to " +
                        scenarios::formatNumber(g.x.values.back()) +
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
        table.caption = "Tornado: " + scenarios::metricHeading(metric);
        table.columns = {{"Input", false}, {"Low", true}, {"High", true}, {"At low", true}, {"At high", true}, {"Swing", true}};
        for (const auto& bar : tornado.bars) {
            if (bar.metric != metric) continue;
            base = bar.base;
            table.rows.push_back({bar.input, bar.lowText, bar.highText, humanValue(cellOf(bar.valueLow), kind, d),
                                  humanValue(cellOf(bar.valueHigh), kind, d), humanValue(cellOf(bar.swing), kind, d)});
        }
        Section section{"Tornado: " + scenarios::metricHeading(metric), {}};
        section.blocks.push_back({Paragraph{{"Base: " + humanValue(cellOf(base), kind, d)}}});
        section.blocks.push_back({BlankLine{}});
        section.blocks.push_back({table});
        sections.push_back(std::move(section));
    }
    return sections;
}

Section gridSection(const scenarios::Grid& g, int d) {
    const ValueKind kind = metricKindOr(g.metric);
    Section section{"Grid: " + scenarios::metricHeading(g.metric), {}};
    Table table;
    table.caption = scenarios::metricHeading(g.metric) + " on the grid";
    if (!g.y) {
        // One input: a column of values reads better than one long row.
        table.columns = {{g.x.pointer, true}, {scenarios::metricHeading(g.metric), true}};
        for (std::size_t i = 0; i < g.x.values.size(); ++i)
            table.rows.push_back({scenarios::formatNumber(g.x.values[i]), humanValue(cellOf(g.values[0][i]), kind, d)});
        section.blocks.push_back({table});
        return section;
    }
    section.blocks.push_back({Paragraph{{"across (x): " + g.x.pointer, "down (y):   " + g.y->pointer}}});
    section.blocks.push_back({BlankLine{}});
    table.columns.push_back({"y \\ x", true});
    for (double x : g.x.values) table.columns.push_back({scenarios::formatNumber(x), true});
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
        std::vector<std::string> cells{scenarios::formatNumber(g.y->values[j])};
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

}  // namespace

Document sensitivityDocument(const SensitivityReport& report, const scenarios::Evaluation* base) {
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
    doc.sections.push_back({"Warnings", {{BulletList{warningTexts(report.warnings())}}}, SectionRole::Warnings});
    return doc;
}

}  // namespace itsb::reports
