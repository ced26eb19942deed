// `itsb simulate` as JSON, CSV tables and a Document: percentiles, probabilities and histograms of
// the Monte Carlo, with charts for the HTML report.

#include "itsb/reports/simulate_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/simulation.hpp"
#include "itsb/version.hpp"
#include "run_document.hpp"
#include "text_table.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace itsb::reports {

namespace {

using Json = nlohmann::ordered_json;
using scenarios::Cell;
using scenarios::ValueKind;

Json number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

ValueKind simulatedKind(const std::string& key) { return scenarios::metricKind(key).value_or(ValueKind::Ratio); }

}  // namespace

std::string simulateJson(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = r.inputSha256;
    out["name"] = s.name;
    out["paths"] = r.paths;
    out["seed"] = r.seed;
    out["notional"] = r.notional;
    Json percentiles = Json::object(), nulls = Json::object(), histograms = Json::object(), base = Json::object();
    const std::vector<double> baseValues{r.base.projectNpv,  r.base.projectIrr,    r.base.npvAfterFinancing,
                                         r.base.minDscr,     r.base.breakEvenYear, r.base.investorIrr};
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const auto& p = m.percentiles;
        percentiles[m.key] = Json{{"p5", number(p.p5)},   {"p10", number(p.p10)}, {"p50", number(p.p50)},
                                  {"p90", number(p.p90)}, {"p95", number(p.p95)}, {"mean", number(p.mean)}};
        nulls[m.key] = p.nulls;
        Json edges = Json::array(), counts = Json::array();
        for (double e : m.histogram.edges) edges.push_back(e);
        for (auto c : m.histogram.counts) counts.push_back(c);
        histograms[m.key] = Json{{"edges", edges}, {"counts", counts}};
        base[m.key] = number(baseValues[i]);
    }
    out["percentiles"] = percentiles;
    out["probabilities"] = Json{{"break_even_within_horizon", r.breakEvenWithinHorizon},
                                {"break_even_within_term", r.breakEvenWithinTerm},
                                {"min_dscr_below_1", r.minDscrBelow1},
                                {"investor_loss", r.investorLoss}};
    out["expected_investor_loss"] = r.expectedInvestorLoss;
    out["nulls"] = nulls;
    out["failed_paths"] = r.failedPaths;
    out["base"] = base;
    out["histograms"] = histograms;
    out["warnings"] = warningTexts(r.warnings);
    out["warning_details"] = warningDetails(r.warnings);
    return out.dump(2) + "\n";
}

namespace {

std::string distributionText(const scenarios::Distribution& d) {
    using scenarios::formatNumber;
    switch (d.kind) {
    case scenarios::DistributionKind::Fixed: return "fixed " + formatNumber(d.value);
    case scenarios::DistributionKind::Uniform: return "uniform " + formatNumber(d.min) + " to " + formatNumber(d.max);
    case scenarios::DistributionKind::Triangular:
        return "triangular " + formatNumber(d.min) + " / " + formatNumber(d.mode) + " / " + formatNumber(d.max);
    case scenarios::DistributionKind::Pert:
        return "PERT " + formatNumber(d.min) + " / " + formatNumber(d.mode) + " / " + formatNumber(d.max);
    case scenarios::DistributionKind::Normal: return "normal mean " + formatNumber(d.mean) + ", sd " + formatNumber(d.sd);
    case scenarios::DistributionKind::Lognormal:
        return "lognormal mu " + formatNumber(d.mu) + ", sigma " + formatNumber(d.sigma);
    case scenarios::DistributionKind::Discrete: {
        std::string text = "discrete";
        for (std::size_t i = 0; i < d.values.size(); ++i)
            text += (i ? ", " : " ") + formatNumber(d.values[i]) + " (" + scenarios::formatPercent(d.probabilities[i], 0) + ")";
        return text;
    }
    }
    return "";
}

std::string histogramPointer(const std::string& key, const char* part, std::size_t i) {
    return "/histograms/" + key + "/" + part + "/" + std::to_string(i);
}

//! One bar per bin of `key`'s histogram, each count and edge pointing at its place in the JSON.
ChartSeries histogramSeries(const scenarios::Histogram& h, const std::string& key, const std::string& label) {
    ChartSeries series{key, label, SeriesStyle::Bar};
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        series.x.push_back(h.edges[i]);
        series.x1.push_back(h.edges[i + 1]);
        series.y.push_back(static_cast<double>(h.counts[i]));
        series.sources.push_back(histogramPointer(key, "counts", i));
        series.xSources.push_back(histogramPointer(key, "edges", i));
        series.x1Sources.push_back(histogramPointer(key, "edges", i + 1));
    }
    return series;
}

const scenarios::MetricDistribution* distribution(const scenarios::SimulationResult& r, const std::string& key) {
    for (const auto& m : r.metrics)
        if (m.key == key) return &m;
    return nullptr;
}

std::vector<Chart> simulationCharts(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    std::vector<Chart> charts;
    const std::string paths = scenarios::formatMoney(static_cast<double>(r.paths), 0);
    if (const auto* npv = distribution(r, "project_npv"); npv && !npv->histogram.counts.empty()) {
        Chart chart;
        chart.id = "chart-npv-histogram";
        chart.kind = ChartKind::Histogram;
        chart.title = "Distribution of the project NPV";
        chart.x = {"Project NPV (" + millionsUnit(s.currency) + ")", 1e6, "", false, false};
        chart.y = {"Paths (of " + paths + ")", 1.0, "", true, true};
        const auto& h = npv->histogram;
        chart.series.push_back(histogramSeries(h, "project_npv", "Paths in the bin"));
        const auto& p = npv->percentiles;
        const std::string unit = millionsUnit(s.currency);
        auto mark = [&](const std::optional<double>& v, const std::string& key, const std::string& label,
                        const std::string& source) {
            if (v) chart.markers.push_back({true, *v, key, label + " " + scenarios::formatNumber(*v / 1e6, 1) + "m", source});
        };
        mark(p.p5, "p5", "p5", "/percentiles/project_npv/p5");
        mark(p.p50, "p50", "Median", "/percentiles/project_npv/p50");
        mark(p.p95, "p95", "p95", "/percentiles/project_npv/p95");
        if (!std::isnan(r.base.projectNpv))
            mark(r.base.projectNpv, "base", "Base case", "/base/project_npv");
        chart.description = "How the project NPV spreads over " + paths + " simulated paths, in " +
                            std::to_string(h.counts.size()) + " equal bins from " +
                            scenarios::formatMoney(h.edges.front(), 0) + " to " + scenarios::formatMoney(h.edges.back(), 0) +
                            " " + s.currency + ". Dashed lines mark the 5th percentile (" +
                            humanValue(scenarios::cell(p.p5), ValueKind::Amount, 0) + "), the median (" +
                            humanValue(scenarios::cell(p.p50), ValueKind::Amount, 0) + "), the 95th percentile (" +
                            humanValue(scenarios::cell(p.p95), ValueKind::Amount, 0) + ") and the base case.";
        charts.push_back(std::move(chart));
    }
    if (const auto* be = distribution(r, "break_even_year"); be && !be->histogram.counts.empty()) {
        Chart chart;
        chart.id = "chart-break-even-years";
        chart.kind = ChartKind::Histogram;
        chart.title = "Distribution of the break-even year";
        chart.x = {"Break-even year (programme year)", 1.0, "", false, true};
        chart.y = {"Paths (of " + paths + ")", 1.0, "", true, true};
        const auto& h = be->histogram;
        chart.series.push_back(histogramSeries(h, "break_even_year", "Paths breaking even that year"));
        std::string years;
        for (std::size_t i = 0; i < h.counts.size(); ++i) {
            years += (i == 0 ? "" : ", ") + std::string("year ") +
                     std::to_string(std::lround(h.edges[i] + 0.5)) + " " +
                     scenarios::formatPercent(static_cast<double>(h.counts[i]) / static_cast<double>(r.paths), 1);
        }
        chart.description = "The share of the " + paths + " paths breaking even in each programme year: " + years +
                            "; " + scenarios::formatPercent(1.0 - r.breakEvenWithinHorizon, 1) +
                            " do not break even within the horizon.";
        charts.push_back(std::move(chart));
    }
    return charts;
}

}  // namespace

Document simulateDocument(const scenarios::Scenario& s, const scenarios::SimulationResult& r,
                            const scenarios::Evaluation* base) {
    const int d = s.rounding.decimals;
    Document doc;
    doc.command = "simulate";
    doc.commandInHeadline = true;
    doc.title = s.name;
    doc.inputSha256 = r.inputSha256;
    doc.currency = s.currency;

    const auto& u = s.uncertainty;
    // Said first, in every format: otherwise a column of identical percentiles reads as a
    // certainty the input never claimed.
    if (r.nothingUncertain)
        doc.sections.push_back({"Nothing is uncertain", {{BulletList{{warningText(r.warnings.front())}}}}, SectionRole::Notice});
    doc.sections.push_back(
        {"Draws",
         {{KeyValues{{
               {"Paths", scenarios::formatMoney(static_cast<double>(r.paths), 0) + " (seed " + std::to_string(r.seed) + ")"},
               {"Saving-rate factor", distributionText(u.savingRateFactor)},
               {"Delay (years)", distributionText(u.delayYears) + ", rounded half up, negatives to 0"},
               {"One-off cost factor", distributionText(u.oneOffCostFactor)},
               {"Running-cost factor", distributionText(u.runningCostFactor)},
               {"Expenditure growth", distributionText(u.expenditureGrowth)},
               {"Bond", "notional " + scenarios::formatMoney(r.notional, d) + " sized on the base case, kept on every path"},
           },
           "Draw", "Distribution"}}}});
    Table table;
    table.caption = "Percentiles of each simulated metric";
    table.columns.push_back({"Metric", false});
    for (const char* h : {"Base case", "p5", "p10", "p50", "p90", "p95", "Mean", "Nulls"}) table.columns.push_back({h, true});
    const std::vector<double> baseValues{r.base.projectNpv, r.base.projectIrr,    r.base.npvAfterFinancing,
                                         r.base.minDscr,    r.base.breakEvenYear, r.base.investorIrr};
    for (std::size_t i = 0; i < r.metrics.size(); ++i) {
        const auto& m = r.metrics[i];
        const auto kind = simulatedKind(m.key);
        auto value = [&](const std::optional<double>& v) { return humanValue(scenarios::cell(v), kind, d); };
        const std::optional<double> baseValue =
            std::isnan(baseValues[i]) ? std::nullopt : std::optional<double>(baseValues[i]);
        table.rows.push_back(
            {m.key, value(baseValue), value(m.percentiles.p5), value(m.percentiles.p10), value(m.percentiles.p50),
             value(m.percentiles.p90), value(m.percentiles.p95),
             humanValue(scenarios::cell(m.percentiles.mean), kind == ValueKind::Integer ? ValueKind::Years : kind, d),
             scenarios::formatMoney(static_cast<double>(m.percentiles.nulls), 0)});
    }
    doc.sections.push_back({"Percentiles (nearest rank; null above every number)", {{table}}});
    doc.sections.push_back(
        {"Probabilities",
         {{KeyValues{{
              {"Break even within the horizon", scenarios::formatPercent(r.breakEvenWithinHorizon)},
              {"Break even within the bond's term (by year " + std::to_string(r.finalYear) + ")",
               scenarios::formatPercent(r.breakEvenWithinTerm)},
              {"Minimum DSCR below 1", scenarios::formatPercent(r.minDscrBelow1)},
              {"Investor loses (amount written off)", scenarios::formatPercent(r.investorLoss)},
              {"Expected investor loss", scenarios::formatMoney(r.expectedInvestorLoss, d)},
          },
          "Probability", "Value"}}}});
    // The break-even years: what a committee asks first. Text draws them with '#'; the rich
    // formats have a table here and a chart above.
    for (const auto& m : r.metrics) {
        if (m.key != "break_even_year" || m.histogram.counts.empty()) continue;
        Section section{"Break-even year", {}};
        Preformatted drawing;
        Table shares;
        shares.caption = "Paths breaking even in each programme year";
        shares.columns = {{"Year", true}, {"Share of paths", true}, {"Paths", true}};
        const auto largest = *std::max_element(m.histogram.counts.begin(), m.histogram.counts.end());
        for (std::size_t b = 0; b < m.histogram.counts.size(); ++b) {
            const auto count = m.histogram.counts[b];
            const int year = static_cast<int>(std::lround(m.histogram.edges[b] + 0.5));
            const auto bar = largest > 0 ? static_cast<std::size_t>(std::lround(40.0 * static_cast<double>(count) /
                                                                                   static_cast<double>(largest)))
                                         : 0;
            const std::string share =
                scenarios::formatPercent(static_cast<double>(count) / static_cast<double>(r.paths), 1);
            drawing.lines.push_back(fmt::format("  {:>4}  {:>6}  {}", year, share, std::string(bar, '#')));
            shares.rows.push_back({std::to_string(year), share, scenarios::formatMoney(static_cast<double>(count), 0)});
        }
        const std::string never = scenarios::formatPercent(1.0 - r.breakEvenWithinHorizon, 1);
        drawing.lines.push_back(fmt::format("  never {:>6}", never));
        shares.rows.push_back({"never", never, scenarios::formatMoney(static_cast<double>(m.percentiles.nulls), 0)});
        section.blocks.push_back({drawing, Media::TextOnly});
        section.blocks.push_back({shares, Media::RichOnly});
        doc.sections.push_back(std::move(section));
    }
    if (base) {
        doc.keyFigures = headlineFigures(*base, [](const std::string& key) {
            if (key == "notional") return std::string("/notional");
            if (key == "coupon" || key == "investor_yield") return std::string();
            return "/base/" + key;
        });
        // The base case first, then what the simulation adds to it.
        const auto* npv = distribution(r, "project_npv");
        if (npv)
            doc.keyFigures.push_back({"p50_project_npv", "Median project NPV",
                                      humanValue(scenarios::cell(npv->percentiles.p50), ValueKind::Amount, d), s.currency,
                                      "p5 " + humanValue(scenarios::cell(npv->percentiles.p5), ValueKind::Amount, 0) +
                                          ", p95 " + humanValue(scenarios::cell(npv->percentiles.p95), ValueKind::Amount, 0),
                                      npv->percentiles.p50, "/percentiles/project_npv/p50"});
        doc.keyFigures.push_back({"break_even_within_term", "Break even within term",
                                  scenarios::formatPercent(r.breakEvenWithinTerm), "",
                                  "of paths, by year " + std::to_string(r.finalYear), r.breakEvenWithinTerm,
                                  "/probabilities/break_even_within_term"});
        doc.keyFigures.push_back({"min_dscr_below_1", "Minimum DSCR below 1", scenarios::formatPercent(r.minDscrBelow1),
                                  "", "of paths", r.minDscrBelow1, "/probabilities/min_dscr_below_1"});
        doc.sections.push_back(conventionsSection(*base, true));
    }
    doc.charts = simulationCharts(s, r);
    doc.sections.push_back({"Warnings", {{BulletList{warningTexts(r.warnings)}}}, SectionRole::Warnings});
    return doc;
}

std::vector<CsvTable> simulateCsv(const scenarios::Scenario& s, const scenarios::SimulationResult& r) {
    const int d = s.rounding.decimals;
    std::string percentiles = "metric,p5,p10,p50,p90,p95,mean,nulls\n";
    std::string histograms = "metric,lower,upper,count\n";
    for (const auto& m : r.metrics) {
        const auto kind = simulatedKind(m.key);
        auto value = [&](const std::optional<double>& v) {
            return csvValue(scenarios::cell(v), kind == ValueKind::Integer ? ValueKind::Years : kind, d);
        };
        const auto& p = m.percentiles;
        percentiles += m.key + "," + value(p.p5) + "," + value(p.p10) + "," + value(p.p50) + "," + value(p.p90) + "," +
                       value(p.p95) + "," + value(p.mean) + "," + std::to_string(p.nulls) + "\n";
        for (std::size_t b = 0; b < m.histogram.counts.size(); ++b)
            histograms += m.key + "," + scenarios::formatNumber(m.histogram.edges[b]) + "," +
                          scenarios::formatNumber(m.histogram.edges[b + 1]) + "," +
                          std::to_string(m.histogram.counts[b]) + "\n";
    }
    std::string probabilities = "probability,value\n";
    probabilities += "break_even_within_horizon," + scenarios::formatNumber(r.breakEvenWithinHorizon) + "\n";
    probabilities += "break_even_within_term," + scenarios::formatNumber(r.breakEvenWithinTerm) + "\n";
    probabilities += "min_dscr_below_1," + scenarios::formatNumber(r.minDscrBelow1) + "\n";
    probabilities += "investor_loss," + scenarios::formatNumber(r.investorLoss) + "\n";
    probabilities += "expected_investor_loss," + scenarios::formatNumber(r.expectedInvestorLoss, d) + "\n";
    std::string warnings = "warning\n";
    for (const auto& w : r.warnings) warnings += csvQuoted(warningText(w)) + "\n";
    if (r.nothingUncertain)  // the warning first, where a reader of the one stream meets it
        return {{"warnings", warnings}, {"percentiles", percentiles}, {"probabilities", probabilities}, {"histograms", histograms}};
    return {{"percentiles", percentiles}, {"probabilities", probabilities}, {"histograms", histograms}, {"warnings", warnings}};
}

}  // namespace itsb::reports
