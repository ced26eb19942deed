#include "itsb/reports/svg_chart.hpp"

#include "itsb/scenarios/io/text_format.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace itsb::reports {

namespace {

using scenarios::formatMoney;
using scenarios::formatNumber;

constexpr double kWidth = 640.0;
constexpr double kFontSize = 12.0;
//! An average glyph advance of a 12 px sans-serif face: enough to keep labels apart without
//! measuring text (which would need a font, and the page loads none).
constexpr double kCharWidth = 6.6;
constexpr double kRight = 24.0;
constexpr double kBottom = 46.0;

//! Okabe and Ito's palette: told apart with every common colour-vision deficiency and in grey.
constexpr const char* kPalette[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000"};
constexpr const char* kMarkerColour = "#b00020";

const char* colour(std::size_t i) { return kPalette[i % (sizeof kPalette / sizeof kPalette[0])]; }

//! A coordinate to a tenth of a pixel: short, and the same bytes on every machine.
std::string px(double v) {
    double r = std::round(v * 10.0) / 10.0;
    if (r == 0.0) r = 0.0;  // no "-0"
    return formatNumber(r);
}

//! A plotted value exactly as the JSON writes it (shortest text that reads back).
std::string exact(double v) { return formatNumber(v); }

double textWidth(std::string_view text) {
    // UTF-8 continuation bytes do not advance.
    double n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) n += 1;
    return n * kCharWidth;
}

//! A linear map from data to pixels.
struct Scale {
    double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
    double operator()(double v) const { return d1 == d0 ? r0 : r0 + (v - d0) * (r1 - r0) / (d1 - d0); }
};

struct Range {
    double low = 0, high = 0;
    bool empty = true;
    void add(double v) {
        if (!std::isfinite(v)) return;
        if (empty) {
            low = high = v;
            empty = false;
        } else {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
};

std::string tickLabel(double value, double step, const ChartAxis& axis) {
    const double scaled = value / axis.scale;
    const double scaledStep = step / axis.scale;
    const int decimals = scaledStep > 0 ? std::max(0, static_cast<int>(std::ceil(-std::log10(scaledStep) - 1e-9))) : 0;
    return formatMoney(scaled, std::min(decimals, 6)) + axis.suffix;
}

std::string attribute(const std::string& name, const std::string& value) {
    return " " + name + "=\"" + escapeXml(value) + "\"";
}

std::string at(const std::vector<std::string>& list, std::size_t i) { return i < list.size() ? list[i] : std::string(); }

//! The data-* trace of one plotted value: what a test compares with the JSON.
std::string trace(const ChartSeries& s, std::size_t i, const std::string& xText) {
    std::string a = attribute("data-series", s.key) + attribute("data-x", xText);
    if (i < s.x1.size()) a += attribute("data-x1", exact(s.x1[i]));
    a += attribute("data-y", s.y[i] ? exact(*s.y[i]) : "null");
    if (!at(s.sources, i).empty()) a += attribute("data-json", s.sources[i]);
    if (!at(s.xSources, i).empty()) a += attribute("data-json-x", s.xSources[i]);
    if (!at(s.x1Sources, i).empty()) a += attribute("data-json-x1", s.x1Sources[i]);
    return a;
}

//! A hover tooltip (SVG <title>): works without any script.
std::string tooltip(const ChartSeries& s, const std::string& where, std::size_t i) {
    std::string value = at(s.valueLabels, i);
    if (value.empty()) value = s.y[i] ? formatNumber(*s.y[i]) : "n/a";
    return "<title>" + escapeXml(s.label + ", " + where + ": " + value) + "</title>";
}

std::string text(double x, double y, const std::string& content, const std::string& anchor,
                 const std::string& extra = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
           escapeXml(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& style) {
    return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" " + style +
           "/>\n";
}

std::string rect(double x, double y, double w, double h, const std::string& fill, const std::string& extra) {
    return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(w, 0.0)) + "\" height=\"" +
           px(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"" + extra;
}

//! A label shortened to fit `width` pixels, with an ellipsis.
std::string fit(const std::string& label, double width) {
    if (textWidth(label) <= width) return label;
    std::string out;
    for (std::size_t i = 0; i < label.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(label[i]);
        if ((c & 0xC0) != 0x80 && textWidth(out) + 2 * kCharWidth > width) break;
        out += label[i];
    }
    return out + "\u2026";
}

struct LegendEntry {
    std::string label;
    std::string swatch;  // SVG drawn at (0, 0) in a 14 x 12 box
};

std::vector<LegendEntry> legendEntries(const Chart& chart) {
    std::vector<LegendEntry> entries;
    const bool seriesInLegend = chart.series.size() > 1 || !chart.markers.empty();
    if (seriesInLegend)
        for (std::size_t i = 0; i < chart.series.size(); ++i) {
            const auto& s = chart.series[i];
            const std::string c = colour(i);
            entries.push_back({s.label, s.style == SeriesStyle::Line
                                            ? "<line x1=\"0\" y1=\"6\" x2=\"14\" y2=\"6\" stroke=\"" + c +
                                                  "\" stroke-width=\"2\"/><circle cx=\"7\" cy=\"6\" r=\"3\" fill=\"" +
                                                  c + "\"/>"
                                            : "<rect x=\"1\" y=\"0\" width=\"12\" height=\"12\" fill=\"" + c + "\"/>"});
        }
    for (const auto& m : chart.markers)
        entries.push_back({m.label, std::string("<line x1=\"0\" y1=\"6\" x2=\"14\" y2=\"6\" stroke=\"") + kMarkerColour +
                                        "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"});
    return entries;
}

//! Lays the legend out in rows from the top left; returns the SVG and the height it takes.
std::pair<std::string, double> legend(const Chart& chart) {
    const auto entries = legendEntries(chart);
    if (entries.empty()) return {"", 10.0};
    std::string out = "<g class=\"legend\">\n";
    double x = 12, y = 10;
    for (const auto& e : entries) {
        const std::string label = fit(e.label, kWidth - 60);
        const double w = 22 + textWidth(label) + 16;
        if (x > 12 && x + w > kWidth - 12) {
            x = 12;
            y += 18;
        }
        out += "<g transform=\"translate(" + px(x) + "," + px(y) + ")\">" + e.swatch + "<text x=\"20\" y=\"10.5\">" +
               escapeXml(label) + "</text></g>\n";
        x += w;
    }
    out += "</g>\n";
    return {out, y + 26};
}

//! The value axis range: the data, the markers on that axis, the origin and (if asked) zero.
Range valueRange(const Chart& chart, bool markersVertical) {
    Range r;
    for (const auto& s : chart.series)
        for (const auto& v : s.y)
            if (v) r.add(*v);
    for (const auto& m : chart.markers)
        if (m.vertical == markersVertical) r.add(m.value);
    const ChartAxis& axis = chart.kind == ChartKind::HorizontalBars ? chart.x : chart.y;
    if (chart.kind != ChartKind::Line) r.add(chart.origin);  // bars grow from it
    if (axis.includeZero) r.add(0.0);
    if (r.empty) r.add(0.0);
    return r;
}

struct Plot {
    double left, top, right, bottom;  // pixels
};

std::string yAxis(const Plot& p, const Scale& sy, const std::vector<double>& ticks, const ChartAxis& axis) {
    std::string out = "<g class=\"axis y\">\n";
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    for (double t : ticks) {
        const double y = sy(t);
        out += line(p.left, y, p.right, y, t == 0.0 ? "stroke=\"#888\"" : "stroke=\"#e3e3e3\"");
        out += text(p.left - 6, y + 4, tickLabel(t, step, axis), "end");
    }
    out += "<text transform=\"translate(14," + px((p.top + p.bottom) / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
           escapeXml(axis.title) + "</text>\n</g>\n";
    return out;
}

std::string xAxisNumeric(const Plot& p, const Scale& sx, const std::vector<double>& ticks, const ChartAxis& axis,
                         bool gridLines) {
    std::string out = "<g class=\"axis x\">\n" + line(p.left, p.bottom, p.right, p.bottom, "stroke=\"#888\"");
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    for (double t : ticks) {
        const double x = sx(t);
        if (gridLines) out += line(x, p.top, x, p.bottom, t == 0.0 ? "stroke=\"#888\"" : "stroke=\"#e3e3e3\"");
        out += line(x, p.bottom, x, p.bottom + 4, "stroke=\"#888\"");
        out += text(x, p.bottom + 16, tickLabel(t, step, axis), "middle");
    }
    out += text((p.left + p.right) / 2, p.bottom + 36, axis.title, "middle") + "</g>\n";
    return out;
}

std::string markers(const Chart& chart, const Plot& p, const Scale& sx, const Scale& sy, bool labelsAbove = false) {
    // Labels get a white halo so they stay legible over bars and grid lines.
    const std::string labelStyle = std::string(" fill=\"") + kMarkerColour +
                                   "\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"";
    std::string out;
    int verticals = 0;  // their labels step down so neighbouring lines' labels do not overlap
    for (const auto& m : chart.markers) {
        std::string data = attribute("data-marker", m.key) + attribute("data-value", exact(m.value));
        if (!m.source.empty()) data += attribute("data-json", m.source);
        out += "<g class=\"marker\"" + data + ">";
        if (m.vertical) {
            const double x = sx(m.value);
            out += line(x, p.top, x, p.bottom,
                        std::string("stroke=\"") + kMarkerColour + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"");
            const bool leftSide = x > (p.left + p.right) / 2;
            const double labelY = labelsAbove ? p.top - 6 - 15 * verticals : p.top + 12 + 15 * verticals;
            ++verticals;
            out += text(leftSide ? x - 4 : x + 4, labelY, m.label, leftSide ? "end" : "start", labelStyle);
        } else {
            const double y = sy(m.value);
            out += line(p.left, y, p.right, y,
                        std::string("stroke=\"") + kMarkerColour + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"");
            out += text(p.right - 4, y - 5, m.label, "end", labelStyle);
        }
        out += "</g>\n";
    }
    return out;
}

//! A polyline through the non-null points (a null breaks the line) and a dot at each point.
std::string lineSeries(const ChartSeries& s, std::size_t index, const std::vector<double>& xs,
                       const std::vector<std::string>& xTexts, const Scale& sx, const Scale& sy) {
    const std::string c = colour(index);
    std::string path;
    bool pen = false;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        if (!s.y[i]) {
            pen = false;
            continue;
        }
        path += (pen ? " L" : (path.empty() ? "M" : " M")) + px(sx(xs[i])) + " " + px(sy(*s.y[i]));
        pen = true;
    }
    std::string out = "<g class=\"series line\"" + attribute("data-series", s.key) + ">\n";
    if (!path.empty()) out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + c + "\" stroke-width=\"2\"/>\n";
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        if (!s.y[i]) continue;
        out += "<circle class=\"point\" cx=\"" + px(sx(xs[i])) + "\" cy=\"" + px(sy(*s.y[i])) + "\" r=\"3\" fill=\"" + c +
               "\"" + trace(s, i, xTexts[i]) + ">" + tooltip(s, xTexts[i], i) + "</circle>\n";
    }
    return out + "</g>\n";
}

std::string lineChart(const Chart& chart, double top) {
    Range xr;
    for (const auto& s : chart.series)
        for (double x : s.x) xr.add(x);
    for (const auto& m : chart.markers)
        if (m.vertical) xr.add(m.value);
    if (xr.empty) xr.add(0.0);
    const Range yr = valueRange(chart, false);
    const auto xt = niceTicks(xr.low, xr.high, 8, chart.x.integer);
    const auto yt = niceTicks(yr.low, yr.high, 5, chart.y.integer);
    const double height = 360;
    const Plot p{72, top, kWidth - kRight, height - kBottom};
    const Scale sx{xt.front(), xt.back(), p.left, p.right};
    const Scale sy{yt.front(), yt.back(), p.bottom, p.top};
    std::string out = yAxis(p, sy, yt, chart.y) + xAxisNumeric(p, sx, xt, chart.x, false);
    out += markers(chart, p, sx, sy);
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const auto& s = chart.series[k];
        std::vector<std::string> xTexts;
        for (double x : s.x) xTexts.push_back(exact(x));
        out += lineSeries(s, k, s.x, xTexts, sx, sy);
    }
    return out;
}

//! Vertical bars grouped by category; Line-style series join the groups' centres.
std::string barChart(const Chart& chart, double top) {
    const Range yr = valueRange(chart, false);
    const auto yt = niceTicks(yr.low, yr.high, 5, chart.y.integer);
    const double height = 360;
    const Plot p{72, top, kWidth - kRight, height - kBottom};
    const Scale sy{yt.front(), yt.back(), p.bottom, p.top};
    const std::size_t n = std::max<std::size_t>(chart.categories.size(), 1);
    const double band = (p.right - p.left) / static_cast<double>(n);
    std::size_t barSeries = 0;
    for (const auto& s : chart.series)
        if (s.style == SeriesStyle::Bar) ++barSeries;
    const double groupWidth = band * 0.8;
    const double barWidth = chart.overlay || barSeries == 0 ? groupWidth : groupWidth / static_cast<double>(barSeries);

    std::string out = yAxis(p, sy, yt, chart.y);
    // Category labels, thinned so they never overlap.
    double widest = 0;
    for (const auto& c : chart.categories) widest = std::max(widest, textWidth(c));
    const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 8) / band)));
    out += "<g class=\"axis x\">\n" + line(p.left, p.bottom, p.right, p.bottom, "stroke=\"#888\"");
    for (std::size_t i = 0; i < chart.categories.size(); i += every) {
        const double x = p.left + band * (static_cast<double>(i) + 0.5);
        out += line(x, p.bottom, x, p.bottom + 4, "stroke=\"#888\"");
        out += text(x, p.bottom + 16, chart.categories[i], "middle");
    }
    out += text((p.left + p.right) / 2, p.bottom + 36, chart.x.title, "middle") + "</g>\n";

    const double zero = sy(chart.origin);
    std::size_t barIndex = 0;
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const auto& s = chart.series[k];
        if (s.style == SeriesStyle::Line) {
            std::vector<double> xs;
            for (std::size_t i = 0; i < s.y.size(); ++i) xs.push_back(static_cast<double>(i));
            const Scale centre{0, 1, p.left + band * 0.5, p.left + band * 1.5};
            out += lineSeries(s, k, xs, chart.categories, centre, sy);
            continue;
        }
        const std::string c = colour(k);
        out += "<g class=\"series bars\"" + attribute("data-series", s.key) + ">\n";
        for (std::size_t i = 0; i < s.y.size() && i < chart.categories.size(); ++i) {
            const double x = p.left + band * static_cast<double>(i) + (band - groupWidth) / 2 +
                             (chart.overlay ? 0.0 : barWidth * static_cast<double>(barIndex));
            const std::string& category = chart.categories[i];
            if (!s.y[i]) {
                out += "<text class=\"bar na\" x=\"" + px(x + barWidth / 2) + "\" y=\"" + px(zero - 4) +
                       "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\"" + trace(s, i, category) + ">n/a</text>\n";
                continue;
            }
            const double y = sy(*s.y[i]);
            out += rect(x, std::min(y, zero), barWidth, std::abs(zero - y), c, " class=\"bar\"" + trace(s, i, category)) +
                   ">" + tooltip(s, category, i) + "</rect>\n";
        }
        out += "</g>\n";
        ++barIndex;
    }
    const Scale none{0, 1, p.left, p.right};
    out += markers(chart, p, none, sy);
    return out;
}

std::string histogramChart(const Chart& chart, double top) {
    Range xr;
    for (const auto& s : chart.series) {
        for (double x : s.x) xr.add(x);
        for (double x : s.x1) xr.add(x);
    }
    for (const auto& m : chart.markers)
        if (m.vertical) xr.add(m.value);
    if (xr.empty) xr.add(0.0);
    const Range yr = valueRange(chart, false);
    const auto xt = niceTicks(xr.low, xr.high, 6, chart.x.integer);
    const auto yt = niceTicks(yr.low, yr.high, 5, true);
    const double height = 360;
    const Plot p{72, top, kWidth - kRight, height - kBottom};
    const Scale sx{xt.front(), xt.back(), p.left, p.right};
    const Scale sy{yt.front(), yt.back(), p.bottom, p.top};
    std::string out = yAxis(p, sy, yt, chart.y) + xAxisNumeric(p, sx, xt, chart.x, false);
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const auto& s = chart.series[k];
        out += "<g class=\"series bars\"" + attribute("data-series", s.key) + ">\n";
        for (std::size_t i = 0; i < s.y.size() && i < s.x.size() && i < s.x1.size(); ++i) {
            const double x0 = sx(s.x[i]);
            double x1 = sx(s.x1[i]);
            if (x1 - x0 < 3) x1 = x0 + 3;  // a bin of one value still shows
            const double y = s.y[i] ? sy(*s.y[i]) : sy(0);
            const std::string where = formatNumber(s.x[i] / chart.x.scale, 2) + " to " +
                                      formatNumber(s.x1[i] / chart.x.scale, 2) + chart.x.suffix;
            out += rect(x0 + 0.5, y, x1 - x0 - 1, sy(0) - y, colour(k), " class=\"bar\"" + trace(s, i, exact(s.x[i]))) +
                   ">" + tooltip(s, where, i) + "</rect>\n";
        }
        out += "</g>\n";
    }
    out += markers(chart, p, sx, sy);
    return out;
}

//! Bands down the page, one per category; the value axis runs across the bottom.
//! Which side of the origin a bar's value label goes: its value's side. A bar of zero length in
//! a tornado takes the side the other bar of its row leaves free (the first series the left when
//! neither moves), so two labels never print over each other.
bool labelRight(const Chart& chart, std::size_t series, std::size_t row, double value) {
    if (value != chart.origin) return value > chart.origin;
    if (!chart.overlay) return true;
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        if (k == series || row >= chart.series[k].y.size() || !chart.series[k].y[row]) continue;
        const double other = *chart.series[k].y[row];
        if (other != chart.origin) return other < chart.origin;
    }
    return series != 0;
}

constexpr double kValueLabelFont = 11.0;

std::pair<std::string, double> horizontalBarChart(const Chart& chart, double top) {
    double widest = 0;
    for (const auto& c : chart.categories) widest = std::max(widest, textWidth(c));
    const double left = std::clamp(widest + 20, 60.0, 230.0);
    const double plotWidth = kWidth - kRight - left;

    Range r = valueRange(chart, true);
    // Room beside the bars for their value labels: the widest label on each side, as a share of
    // the plot's width, is added to the value range on that side.
    double leftLabels = 0, rightLabels = 0;
    for (std::size_t k = 0; k < chart.series.size(); ++k)
        for (std::size_t i = 0; i < chart.series[k].y.size(); ++i) {
            const auto& v = chart.series[k].y[i];
            const std::string label = at(chart.series[k].valueLabels, i);
            if (!v || label.empty()) continue;
            const double w = textWidth(label) * kValueLabelFont / kFontSize + 8;
            double& side = labelRight(chart, k, i, *v) ? rightLabels : leftLabels;
            side = std::max(side, w);
        }
    const double shareLeft = std::min(leftLabels / plotWidth, 0.4), shareRight = std::min(rightLabels / plotWidth, 0.4);
    const double span = r.high > r.low ? r.high - r.low : std::max(std::abs(r.high), 1.0);
    const double padded = span / (1.0 - shareLeft - shareRight);
    r.low -= shareLeft * padded;
    r.high += shareRight * padded;

    const auto xt = niceTicks(r.low, r.high, 6, chart.x.integer);
    std::size_t barSeries = 0;
    for (const auto& s : chart.series)
        if (s.style == SeriesStyle::Bar) ++barSeries;
    const double barHeight = 16;
    const double band = chart.overlay ? 28.0 : std::max(28.0, barHeight * static_cast<double>(barSeries) + 12.0);
    // Marker labels sit above the bands, clear of the bars.
    const double plotTop = top + 4 + 15.0 * static_cast<double>(chart.markers.size());
    const Plot p{left, plotTop, kWidth - kRight, plotTop + band * static_cast<double>(chart.categories.size())};
    const Scale sx{xt.front(), xt.back(), p.left, p.right};
    std::string out = xAxisNumeric(p, sx, xt, chart.x, true);
    out += "<g class=\"axis categories\">\n";
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        const double y = p.top + band * (static_cast<double>(i) + 0.5);
        out += text(p.left - 8, y + 4, fit(chart.categories[i], left - 16), "end");
    }
    out += "</g>\n";
    const double zero = sx(chart.origin);
    std::size_t barIndex = 0;
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const auto& s = chart.series[k];
        const std::string c = colour(k);
        out += "<g class=\"series bars\"" + attribute("data-series", s.key) + ">\n";
        for (std::size_t i = 0; i < s.y.size() && i < chart.categories.size(); ++i) {
            const double groupTop = p.top + band * static_cast<double>(i) +
                                    (band - (chart.overlay ? barHeight : barHeight * static_cast<double>(barSeries))) / 2;
            const double y = groupTop + (chart.overlay ? 0.0 : barHeight * static_cast<double>(barIndex));
            const std::string& category = chart.categories[i];
            if (!s.y[i]) {
                out += "<text class=\"bar na\" x=\"" + px(zero + 4) + "\" y=\"" + px(y + barHeight - 4) +
                       "\" font-size=\"10\" fill=\"#555\"" + trace(s, i, category) + ">n/a</text>\n";
                continue;
            }
            const double x = sx(*s.y[i]);
            out += rect(std::min(x, zero), y, std::abs(x - zero), barHeight - 2, c, " class=\"bar\"" + trace(s, i, category)) +
                   ">" + tooltip(s, category, i) + "</rect>\n";
            const std::string label = at(s.valueLabels, i);
            if (!label.empty()) {
                const bool right = labelRight(chart, k, i, *s.y[i]);
                out += text(right ? x + 4 : x - 4, y + barHeight - 5, label, right ? "start" : "end",
                            " font-size=\"" + px(kValueLabelFont) + "\" fill=\"#333\"");
            }
        }
        out += "</g>\n";
        if (s.style == SeriesStyle::Bar) ++barIndex;
    }
    const Scale none{0, 1, p.top, p.bottom};
    out += markers(chart, p, sx, none, true);
    return {out, p.bottom + kBottom};
}

}  // namespace

std::string escapeXml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::vector<double> niceTicks(double low, double high, int count, bool integer) {
    if (!(high > low)) {
        const double pad = low == 0.0 ? 1.0 : std::abs(low) * 0.1;
        low -= low == 0.0 ? 0.0 : pad;
        high += pad;
    }
    const double raw = (high - low) / std::max(count, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / magnitude;
    double step = (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * magnitude;
    if (integer && step < 1.0) step = 1.0;
    const auto first = static_cast<long long>(std::floor(low / step + 1e-9));
    const auto last = static_cast<long long>(std::ceil(high / step - 1e-9));
    std::vector<double> ticks;
    for (long long i = first; i <= last; ++i) {
        double v = static_cast<double>(i) * step;
        if (std::abs(v) < step * 1e-9) v = 0.0;
        ticks.push_back(v);
    }
    if (ticks.size() < 2) ticks.push_back(ticks.empty() ? step : ticks.back() + step);
    return ticks;
}

std::string renderSvg(const Chart& chart) {
    const auto [legendSvg, top] = legend(chart);
    std::string body;
    double height = 360;
    switch (chart.kind) {
    case ChartKind::Line: body = lineChart(chart, top + 6); break;
    case ChartKind::Bars: body = barChart(chart, top + 6); break;
    case ChartKind::Histogram: body = histogramChart(chart, top + 6); break;
    case ChartKind::HorizontalBars: std::tie(body, height) = horizontalBarChart(chart, top + 6); break;
    }
    const std::string id = escapeXml(chart.id);
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + id + "\" data-chart=\"" + id +
                      "\" viewBox=\"0 0 " + px(kWidth) + " " + px(height) + "\" width=\"" + px(kWidth) + "\" height=\"" +
                      px(height) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
                      "-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
                      "sans-serif\" font-size=\"" +
                      px(kFontSize) + "\" fill=\"#222\">\n";
    out += "<title id=\"" + id + "-title\">" + escapeXml(chart.title) + "</title>\n";
    out += "<desc id=\"" + id + "-desc\">" + escapeXml(chart.description) + "</desc>\n";
    out += legendSvg + body + "</svg>";
    return out;
}

}  // namespace itsb::reports
