// The Markdown, HTML and workbook outputs beside the text report: one document model behind
// table, md and html; HTML that is one self-contained, escaped, deterministic file; charts on
// round ticks; workbooks written atomically. The browser test (tests/browser) opens the HTML in
// Chromium; this file checks what needs no browser.

#include "cli_harness.hpp"

#include "itsb/cli/output.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/reports/svg_chart.hpp"
#include "itsb/version.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

using namespace itsb::test;
namespace fs = std::filesystem;
namespace cli = itsb::cli;
namespace reports = itsb::reports;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string inputSha(const std::string& json) { return nlohmann::json::parse(json).at("input_sha256").get<std::string>(); }

const std::vector<std::vector<std::string>>& commands() {
    static const std::vector<std::vector<std::string>> all{
        {"run"},
        {"schedule"},
        {"compare"},
        {"size"},
        {"simulate", "--paths", "500"},
        {"sensitivity"},
        {"sensitivity", "--grid", "/bond/coupon=0.03:0.05:0.01"},
        {"redeem", "--date", "2030-04-15", "--rate", "0.05"},
    };
    return all;
}

}  // namespace

TEST_CASE("rich reports: md and html for every command, the same bytes every time") {
    for (auto args : commands()) {
        CAPTURE(args.front());
        for (const char* format : {"md", "html"}) {
            CAPTURE(format);
            auto withFormat = args;
            withFormat.insert(withFormat.end(), {"--format", format});
            const auto a = runCli(withFormat);
            const auto b = runCli(withFormat);
            REQUIRE(a.code == 0);
            CHECK(a.err.empty());
            CHECK(a.out == b.out);
        }
    }
}

TEST_CASE("rich reports: every report states the version, the input hash and the conventions") {
    for (auto args : commands()) {
        CAPTURE(args.front());
        auto jsonArgs = args;
        jsonArgs.insert(jsonArgs.end(), {"--format", "json"});
        const auto j = runCli(jsonArgs);
        REQUIRE(j.code == 0);
        const auto sha = inputSha(j.out);
        for (const char* format : {"md", "html"}) {
            CAPTURE(format);
            auto withFormat = args;
            withFormat.insert(withFormat.end(), {"--format", format});
            const auto r = runCli(withFormat);
            CHECK(r.out.find(std::string("itsb ") + ITSB_VERSION) != std::string::npos);
            CHECK(r.out.find(sha) != std::string::npos);
            CHECK(r.out.find("Conventions") != std::string::npos);
            CHECK(r.out.find("day_count") != std::string::npos);
        }
    }
}

TEST_CASE("rich reports: HTML is one file that loads nothing and shows input text as text") {
    const auto r = runCli({"run", "--set", "/name=<script>alert('x')</script> & \"q\"", "--format", "html"});
    REQUIRE(r.code == 0);
    const std::string& html = r.out;
    CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
    CHECK(count(html, "<script") == 0);
    CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;") != std::string::npos);
    // Nothing that loads: no src attributes, no links but in-page anchors and the empty data: icon.
    CHECK(count(html, " src=") == 0);
    CHECK(count(html, "href=\"http") == 0);
    CHECK(count(html, "url(") == 0);
    CHECK(count(html, "@import") == 0);
    CHECK(html.find("default-src 'none'") != std::string::npos);
    // Semantic structure, print and phone CSS.
    for (const char* part : {"<header>", "<main>", "<section id=\"key-figures\"", "<caption", "scope=\"col\"",
                             "scope=\"row\"", "@media print", "overflow-x:auto", "viewBox=", "role=\"img\"", "<desc id="})
        CHECK_MESSAGE(html.find(part) != std::string::npos, part);
    CHECK(count(html, "<svg ") == 4);
}

TEST_CASE("rich reports: HTML and Markdown are the same under LC_ALL=de_DE.UTF-8 and LC_ALL=C") {
    const auto [listed, locales] = runShell("locale -a");
    REQUIRE(listed == 0);
    const bool german = locales.find("de_DE.utf8") != std::string::npos || locales.find("de_DE.UTF-8") != std::string::npos;
    REQUIRE_MESSAGE(german, "the de_DE.UTF-8 locale is missing: scripts/quickstart.sh test generates it");
    for (const char* format : {"md", "html"}) {
        CAPTURE(format);
        const std::string command = std::string(ITSB_BINARY) + " run --format " + format;
        const auto [codeC, outC] = runShell("LC_ALL=C " + command);
        const auto [codeDe, outDe] = runShell("LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 " + command);
        CHECK(codeC == 0);
        CHECK(outC == outDe);
    }
}

TEST_CASE("rich reports: --output x.md / x.html chooses the format by extension") {
    TempDir dir;
    REQUIRE(runCli({"run", "--output", (dir / "r.md").string()}).code == 0);
    REQUIRE(runCli({"run", "--output", (dir / "r.html").string()}).code == 0);
    CHECK(readFile(dir / "r.md") == runCli({"run", "--format", "md"}).out);
    CHECK(readFile(dir / "r.html") == runCli({"run", "--format", "html"}).out);
}

TEST_CASE("rich reports: the text renderer writes the plain report's layout") {
    reports::Document d;
    d.command = "run";
    d.version = "9.9";
    d.title = "T";
    d.before = {"about"};
    d.inputSha256 = "abc";
    d.currency = "GBP";
    reports::Table table;
    table.columns = {{"Name", false}, {"Amount", true}};
    table.rows = {{"a", "1.00"}, {"bb", "-20.00"}};
    d.sections.push_back({"First", {{reports::KeyValues{{{"k", "v"}, {"key", "value"}}}}, {table}}});
    d.sections.push_back({"Only rich", {{reports::Paragraph{{"hidden"}}}}, reports::SectionRole::Body, reports::Media::RichOnly});
    d.sections.push_back({"Warnings", {{reports::BulletList{}}, {reports::Preformatted{{"  ##"}}, reports::Media::TextOnly}},
                          reports::SectionRole::Warnings});
    CHECK(reports::renderText(d) == "itsb 9.9: T\nabout\nInput SHA-256 abc; amounts in GBP\n"
                                "\nFirst\n=====\n  k    v\n  key  value\n"
                                "  Name  Amount\n  ----  ------\n  a       1.00\n  bb    -20.00\n"
                                "\nWarnings\n========\n  none\n  ##\n");
    const std::string md = reports::renderMarkdown(d);
    CHECK(md.find("| Name | Amount |\n| :--- | ---: |\n| a | 1.00 |\n| bb | -20.00 |\n") != std::string::npos);
    CHECK(md.find("## Only rich\n\nhidden\n") != std::string::npos);
    CHECK(md.find("##\n~~~~") == std::string::npos);  // text-only drawing left out
    const std::string html = reports::renderHtml(d);
    CHECK(html.find("<td class=\"num neg\">-20.00</td>") != std::string::npos);
    // HTML puts the warnings after the body, whatever the order given.
    CHECK(html.find("id=\"only-rich\"") < html.find("id=\"warnings\""));
}

TEST_CASE("rich reports: Markdown escaping") {
    CHECK(reports::escapeMarkdown("a|b") == "a\\|b");
    CHECK(reports::escapeMarkdown("project_npv") == "project_npv");  // inside a word: never emphasis
    CHECK(reports::escapeMarkdown("_x_") == "\\_x\\_");
    CHECK(reports::escapeMarkdown("# not a heading") == "\\# not a heading");
    CHECK(reports::escapeMarkdown("- not a list") == "\\- not a list");
    CHECK(reports::escapeMarkdown("-3.00", false) == "-3.00");
    CHECK(reports::escapeMarkdown("1. not a list") == "1\\. not a list");
    CHECK(reports::escapeMarkdown("<b>&amp;") == "\\<b>\\&amp;");
    CHECK(reports::escapeMarkdown("two\nlines") == "two lines");
}

TEST_CASE("charts: nice round ticks") {
    // The default pilot's cumulative position, -3.64m to 177.32m: 50m steps.
    CHECK(reports::niceTicks(-3644290.0, 177321545.26, 5, false) ==
          std::vector<double>{-50e6, 0.0, 50e6, 100e6, 150e6, 200e6});
    CHECK(reports::niceTicks(0.0, 20.0, 8, true) == std::vector<double>{0, 5, 10, 15, 20});
    CHECK(reports::niceTicks(1.0, 3.0, 8, true) == std::vector<double>{1, 2, 3});  // years: never half a year
    CHECK(reports::niceTicks(0.0, 0.088, 5, false).back() >= 0.088);
    CHECK(reports::niceTicks(5.0, 5.0, 5, false).size() >= 2);  // one value still spans an axis
}

TEST_CASE("charts: every plotted value carries its exact number and its JSON pointer") {
    reports::Chart chart;
    chart.id = "c";
    chart.kind = reports::ChartKind::Bars;
    chart.title = "T <1>";
    chart.description = "D & E";
    chart.categories = {"1", "2"};
    reports::ChartSeries s{"cfads", "CFADS", reports::SeriesStyle::Bar};
    s.y = {1680000.0, std::nullopt};
    s.sources = {"/annual/1/cfads", "/annual/2/cfads"};
    chart.series.push_back(s);
    chart.markers.push_back({false, 1.0, "target_dscr", "DSCR 1.0", ""});
    const std::string svg = reports::renderSvg(chart);
    CHECK(svg.find("data-series=\"cfads\" data-x=\"1\" data-y=\"1680000\" data-json=\"/annual/1/cfads\"") !=
          std::string::npos);
    CHECK(svg.find("data-x=\"2\" data-y=\"null\" data-json=\"/annual/2/cfads\">n/a</text>") != std::string::npos);
    CHECK(svg.find("<title id=\"c-title\">T &lt;1&gt;</title>") != std::string::npos);
    CHECK(svg.find("<desc id=\"c-desc\">D &amp; E</desc>") != std::string::npos);
    CHECK(svg.find("aria-labelledby=\"c-title c-desc\"") != std::string::npos);
    CHECK(svg.find("data-marker=\"target_dscr\" data-value=\"1\"") != std::string::npos);
}

TEST_CASE("workbooks: written whole or not at all") {
    TempDir dir;
    const fs::path target = dir / "book.xlsx";
    CHECK_THROWS_AS(cli::writeFileAtomically(target,
                                             [](const std::string& path) {
                                                 std::ofstream(path) << "half";
                                                 throw std::runtime_error("writer failed");
                                             }),
                    std::runtime_error);
    CHECK(fs::is_empty(dir.path()));  // neither the target nor a temporary
    cli::writeFileAtomically(target, [](const std::string& path) { std::ofstream(path) << "whole"; });
    CHECK(readFile(target) == "whole");
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
    CHECK_THROWS_AS(cli::writeFileAtomically(dir / "missing" / "book.xlsx", [](const std::string&) {}), cli::OutputError);
}

TEST_CASE("workbooks: --format xlsx to a file, by extension, and to standard output") {
    TempDir dir;
    const auto file = runCli({"run", "--output", (dir / "pilot.xlsx").string()});
    REQUIRE(file.code == 0);
    const std::string book = readFile(dir / "pilot.xlsx");
    CHECK(book.rfind("PK", 0) == 0);  // a zip archive
    const auto out = runCli({"run", "--format", "xlsx"});
    REQUIRE(out.code == 0);
    CHECK(out.out.rfind("PK", 0) == 0);
    // An --output that cannot be written is a usage error and leaves nothing behind.
    const auto bad = runCli({"run", "--format", "xlsx", "--output", (dir / "none" / "x.xlsx").string()});
    CHECK(bad.code == 2);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}
