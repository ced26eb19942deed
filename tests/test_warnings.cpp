// Warnings as data (issue 11): the engine gives a code, a pointer and named values; reports/ words
// them. These check that every code has a wording and a line in docs/MODEL.md, that every JSON
// report's `warning_details` matches its `warnings` one for one, and that a sentence is built from
// its values alone (the expected sentences are written out by hand below).

#include "cli_harness.hpp"
#include "itsb/reports/warning_text.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sizing.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>

using namespace itsb::test;
using namespace itsb::scenarios;
using itsb::reports::warningCodes;
using itsb::reports::warningText;
namespace fs = std::filesystem;

TEST_CASE("warnings: every code has a wording and a row in docs/MODEL.md, and no code is known twice") {
    const std::string model = readFile(sourcePath("docs/MODEL.md"));
    std::set<std::string> seen;
    for (const auto& code : warningCodes()) {
        CAPTURE(code);
        CHECK(seen.insert(code).second);
        CHECK(model.find("| `" + code + "` |") != std::string::npos);
    }
    CHECK(warningCodes().size() == 23);
    CHECK_THROWS_AS(warningText(Warning{"no_such_code", "", {}}), std::logic_error);
}

TEST_CASE("warnings: each committed JSON output gives one detail per sentence, with a known code") {
    const std::set<std::string> known(warningCodes().begin(), warningCodes().end());
    int checked = 0;
    for (const auto& dir : fs::directory_iterator(sourcePath("examples/expected"))) {
        for (const auto& file : fs::directory_iterator(dir.path())) {
            if (file.path().extension() != ".json") continue;
            const auto j = nlohmann::json::parse(readFile(file.path()));
            if (!j.is_object() || !j.contains("warnings")) continue;
            CAPTURE(file.path().string());
            REQUIRE(j.contains("warning_details"));
            REQUIRE(j.at("warning_details").size() == j.at("warnings").size());
            for (const auto& d : j.at("warning_details")) {
                CHECK(known.count(d.at("code").get<std::string>()) == 1);
                CHECK(d.at("values").is_object());
            }
            ++checked;
        }
    }
    CHECK(checked >= 10);
}

TEST_CASE("warnings: a DSCR warning is data, worded from its values alone") {
    // Three consecutive years below 1 read as one span, a lone year on its own; the worst first.
    Warning w{"dscr_below_one",
              "/metrics/min_dscr",
              {numberValue("min_dscr", -0.5, 4), textValue("worst_year", "2027/28"),
               textList("years", {"2026/27", "2027/28", "2028/29", "2031/32"}),
               countList("year_numbers", {1, 2, 3, 6}), numberList("dscrs", {0.25, -0.5, 0.75, 0.9}, 4)}};
    CHECK(warningText(w) ==
          "min_dscr -0.5000 in 2027/28; DSCR below 1 in 4 years: 2026/27 to 2028/29 (-0.5000 to 0.7500), "
          "2031/32 (0.9000): those years' savings do not cover their debt service");

    // The engine's own: a bullet whose repayment year cannot be covered (tests/test_evaluation.cpp
    // checks the sentence; here, the data behind it).
    const auto ev = evaluate(readScenario(defaultPilotText(), {{"/bond/amortization", "bullet"}}));
    const Warning* dscr = nullptr;
    for (const auto& x : ev.warnings)
        if (x.code == "dscr_below_one") dscr = &x;
    REQUIRE(dscr != nullptr);
    CHECK(dscr->pointer == "/metrics/min_dscr");
    CHECK(dscr->find("min_dscr")->numbers.at(0) == *ev.metrics.table.minDscr);
    const auto& years = dscr->find("years")->texts;
    const auto& dscrs = dscr->find("dscrs")->numbers;
    REQUIRE(years.size() == dscrs.size());
    for (std::size_t i = 0; i < years.size(); ++i) {
        bool found = false;
        for (const auto& row : ev.annual)
            found = found || (row.fiscalYear == years[i] && row.dscr && *row.dscr == dscrs[i] && dscrs[i] < 1.0);
        CHECK(found);
    }
}

TEST_CASE("warnings: sizing's warnings carry the target they missed") {
    // Costs so high that even a zero coupon misses a DSCR of 50 at the proposal's notional.
    const auto report = sizeScenario(readScenario(defaultPilotText()), 50.0, 5);
    bool found = false;
    for (const auto& w : report.warnings)
        if (w.code == "max_coupon_for_dscr_none") {
            found = true;
            CHECK(w.find("target")->numbers.at(0) == 50.0);
            CHECK(warningText(w) == "max_coupon_for_dscr: even a zero coupon misses a minimum DSCR of 50 at the "
                                    "proposal's notional");
        }
    CHECK(found);
}
