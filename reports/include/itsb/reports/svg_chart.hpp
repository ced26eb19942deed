#pragma once
// The HTML report's charts, drawn as inline SVG by this one module (Debian has no C++
// charting library that writes SVG; a JavaScript one would need a script in the page).
//
// A chart is data, not drawing instructions: the report builders say what is plotted (series,
// categories, markers, axis titles with units) and renderSvg lays it out on nice round ticks.
// Every drawn point, bar and marker carries its exact value and, where the command's JSON has
// it, the JSON pointer it came from (data-json), so a test can check the picture against the
// numbers. The <title> and <desc> elements are the chart's text alternative.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::reports {

enum class ChartKind {
    Line,            //!< numeric x; each series a polyline with a marker at each point
    Bars,            //!< a group of vertical bars per category; a Line-style series joins the groups' centres
    HorizontalBars,  //!< a band per category, labelled on the left; bars grow from `origin`
    Histogram        //!< bars spanning [x, x1] on a numeric x axis
};

enum class SeriesStyle { Bar, Line };

struct ChartAxis {
    std::string title{};        //!< with the unit: "Cumulative position (£m)"
    double scale = 1.0;       //!< tick labels show value / scale (1e6 for millions, 0.01 for percent)
    std::string suffix{};       //!< after each tick label ("%")
    bool includeZero = true;  //!< the range always reaches 0 (bars must)
    bool integer = false;     //!< ticks on whole numbers only (years)
};

struct ChartSeries {
    std::string key{};    //!< data-series: what is plotted, as the JSON names it
    std::string label{};  //!< the legend's text
    SeriesStyle style = SeriesStyle::Bar;
    std::vector<double> x{};                 //!< Line: x values; Histogram: lower edges; Bars: unused
    std::vector<double> x1{};                //!< Histogram: upper edges
    std::vector<std::optional<double>> y{};  //!< one per point or category; null draws "n/a" for a bar, a gap in a line
    std::vector<std::string> valueLabels{};  //!< optional text beside each bar
    std::vector<std::string> sources{};      //!< optional JSON pointers of the y values (data-json)
    std::vector<std::string> xSources{};     //!< optional JSON pointers of the x values (data-json-x)
    std::vector<std::string> x1Sources{};    //!< Histogram: of the upper edges (data-json-x1)
};

//! A reference line: the break-even year (vertical), a DSCR target or a percentile.
struct ChartMarker {
    bool vertical = false;  //!< at x = value (true) or y = value (false)
    double value = 0.0;
    std::string key{};     //!< data-marker
    std::string label{};   //!< printed beside the line and in the legend
    std::string source{};  //!< JSON pointer of the value, if any
};

struct Chart {
    std::string id{};  //!< unique in the page: the <svg>'s id, prefix of its title and desc ids
    ChartKind kind = ChartKind::Line;
    std::string title{};
    std::string description{};  //!< the text alternative: what the chart shows, in words
    ChartAxis x{};  //!< HorizontalBars: the horizontal value axis; Bars: the categories' axis title
    ChartAxis y{};
    std::vector<std::string> categories{};  //!< Bars, HorizontalBars: one group per category
    std::vector<ChartSeries> series{};
    std::vector<ChartMarker> markers{};
    bool overlay = false;  //!< bars of every series share their category's band (a tornado)
    double origin = 0.0;   //!< bars grow from this value (a tornado's base case)
};

//! The chart as an <svg> element (no XML prologue) sized by its viewBox, to be placed inline.
std::string renderSvg(const Chart& chart);

//! Text with &, <, >, " and ' escaped, for HTML and SVG text and attribute values.
std::string escapeXml(std::string_view text);

//! Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten, about
//! `count` of them. Exposed for the tests.
std::vector<double> niceTicks(double low, double high, int count, bool integer);

}  // namespace itsb::reports
