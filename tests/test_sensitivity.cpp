// `itsb sensitivity` (SPEC §6): grids are exactly `itsb run --set` at every point, the tornado
// bumps what it says by the stated amounts and is sorted by impact, and a malformed request is
// a usage error naming the problem.

#include "cli_harness.hpp"

#include "itsb/reports/warning_text.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/sensitivity.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace itsb::test;
using nlohmann::json;

namespace {

json jsonOf(std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json"});
    const auto r = runCli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return json::parse(r.out);
}

//! `itsb run --set POINTER=VALUE ...` with VALUE the grid's own number as JSON text.
json runWithSets(const std::vector<std::pair<std::string, json>>& sets, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"run"};
    for (const auto& [pointer, value] : sets) args.insert(args.end(), {"--set", pointer + "=" + value.dump()});
    args.insert(args.end(), extra.begin(), extra.end());
    return jsonOf(args);
}

//! The tornado bar of `input` for `metric`.
const json& bar(const json& tornado, const std::string& input, const std::string& metric) {
    for (const auto& b : tornado)
        if (b.at("input") == input && b.at("metric") == metric) return b;
    FAIL("no bar " << input << " / " << metric);
    return tornado;
}

namespace sc = itsb::scenarios;

//! Checks every point of grid() over `x` and `y` on the default pilot with `setup` --set
//! against `itsb run --set` done in the library: evaluate(readScenario(text, setup + the
//! point's values)), its metric compared to the bit, and a point whose input is invalid or
//! cannot be evaluated warned with the reader's or evaluate()'s own text, in point order.
void checkGridAgainstRun(const std::vector<sc::Override>& setup, const sc::GridAxisSpec& x, const sc::GridAxisSpec& y,
                         const std::string& metric, const std::optional<sc::Preset>& preset = std::nullopt) {
    CAPTURE(x.pointer);
    CAPTURE(y.pointer);
    CAPTURE(metric);
    json document = sc::parseInputJson(sc::defaultPilotText());
    sc::applyOverrides(document, setup);
    const sc::Grid g = sc::grid(document, {x, y}, metric, preset, {2, {}});
    const auto xs = sc::gridPoints(x), ys = sc::gridPoints(y);
    REQUIRE(g.values.size() == ys.size());
    std::vector<std::string> warnings;
    for (std::size_t j = 0; j < ys.size(); ++j) {
        REQUIRE(g.values[j].size() == xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            std::vector<sc::Override> sets = setup;
            sets.push_back({x.pointer, sc::gridValueText(xs[i])});
            sets.push_back({y.pointer, sc::gridValueText(ys[j])});
            std::optional<double> expected;
            try {
                sc::Scenario scenario = sc::readScenario(sc::defaultPilotText(), sets);
                if (preset) scenario = sc::applyPreset(scenario, *preset);
                expected = sc::numericMetric(sc::evaluate(scenario).metrics, metric);
            } catch (const sc::InputError& e) {
                warnings.push_back("point " + x.pointer + "=" + sets[sets.size() - 2].value + ", " + y.pointer + "=" +
                                   sets.back().value + ": cannot be evaluated: " + sc::problemsText(e));
            }
            const auto& got = g.values[j][i];
            CAPTURE(i);
            CAPTURE(j);
            REQUIRE(got.has_value() == expected.has_value());
            if (got) CHECK(std::bit_cast<std::uint64_t>(*got) == std::bit_cast<std::uint64_t>(*expected));
        }
    }
    CHECK(itsb::reports::warningTexts(g.warnings) == warnings);
}

// The default pilot seen by its section 151 officer (examples/revenue_budget.json's block, with the
// consortium's net revenue stream): capital receipts meet the redundancy costs, MRP by annuity.
const std::string kCouncilFinance =
    R"({"jurisdiction": "england", "mrp": {"method": "asset_life_annuity", "asset_life_years": 7}, )"
    R"("funding": [{"source": "capital_receipts", "cost": "Redundancy and change team", "amount": 4800000}], )"
    R"("net_revenue_stream": {"amount": 617000000, "growth": 0.03}})";

// The revenue view's numeric metrics, which a sensitivity may show when the input has council_finance.
const std::vector<std::string> kRevenueMetrics{"revenue_break_even_year", "max_financing_cost_ratio", "peak_cfr",
                                               "total_mrp", "total_interest_accrued"};

}  // namespace

TEST_CASE("sensitivity: every point of a coupon x saving rate grid is evaluate() of the input read, to the bit") {
    const sc::GridAxisSpec coupon{"", "/bond/coupon", 0.0, 0.12, 0.015};
    const sc::GridAxisSpec savingRate{"", "/programme/service_lines/0/saving_rate", 0.0, 0.16, 0.02};
    for (const char* metric : {"npv_after_financing", "project_npv", "project_irr", "min_dscr", "avg_dscr",
                               "break_even_year", "llcr", "mirr", "total_interest", "notional", "investor_irr"}) {
        checkGridAgainstRun({}, coupon, savingRate, metric);
        checkGridAgainstRun({}, savingRate, coupon, metric);  // the projection varying along x
    }
    checkGridAgainstRun({}, coupon, savingRate, "npv_after_financing", sc::findPreset("nlgn_best"));
}

TEST_CASE("sensitivity: grids over the other numbers a grid sets directly are evaluate() of the input read") {
    struct Case {
        std::vector<sc::Override> setup;
        sc::GridAxisSpec x, y;
        const char* metric;
    };
    auto axis = [](const char* pointer, double from, double to, double step) {
        return sc::GridAxisSpec{"", pointer, from, to, step};
    };
    const auto coupon = axis("/bond/coupon", 0.03, 0.07, 0.02);
    const auto savingRate = axis("/programme/service_lines/0/saving_rate", 0.02, 0.1, 0.04);
    const std::vector<Case> cases{
        {{}, axis("/programme/one_off_costs/0/amount", 0, 4e7, 1e7), axis("/discounting/inflation", -0.01, 0.03, 0.02),
         "npv_after_financing"},
        {{}, axis("/programme/expenditure_growth", -0.02, 0.06, 0.04),
         axis("/programme/running_costs/0/escalation", 0, 0.1, 0.05), "project_irr"},
        {{}, axis("/bond/annual_fees", 0, 2e5, 1e5), axis("/bond/reserve_months", 0, 12, 6), "npv_after_financing"},
        // A reserve sized on the debt service: the notional that funds the costs follows the coupon.
        {{{"/bond/reserve_months", "12"}}, axis("/bond/coupon", 0.02, 0.1, 0.04), savingRate, "notional"},
        {{}, axis("/bond/issue_price", 95, 105, 5), axis("/bond/issuance_costs/percent", 0, 0.02, 0.01), "notional"},
        {{}, axis("/bond/issuance_costs/fixed", 0, 2e5, 1e5), axis("/programme/cost_optimism_bias", 0, 0.4, 0.2),
         "notional"},
        {{}, axis("/programme/service_lines/1/ramp/delay_years", 0, 3, 0.5),
         axis("/programme/baseline_expenditure", 3e8, 5e8, 1e8), "break_even_year"},
        {{}, axis("/programme/service_lines/0/ramp/years_to_full", 0, 4, 2),
         axis("/programme/savings_optimism_bias", 0, 0.4, 0.2), "min_dscr"},
        // Addressable shares must sum to at most 1: 0.95 is the last valid share of line 0.
        {{}, axis("/programme/service_lines/0/addressable_share", 0.5, 1, 0.15), coupon, "project_npv"},
        {{}, axis("/programme/service_lines/0/addressable_share", 0.3, 0.9, 0.3),
         axis("/programme/service_lines/1/addressable_share", 0, 0.6, 0.3), "project_npv"},
        {{{"/bond/notional", "30000000"}}, axis("/bond/notional", 1e7, 5e7, 2e7), coupon, "min_dscr"},
        {{{"/bond/notional", R"({"target_min_dscr": 1.3})"}}, axis("/bond/notional/target_min_dscr", 1, 2, 0.5), coupon,
         "notional"},
        {{{"/bond/amortization", "\"sculpted\""}}, axis("/bond/coupon", 0.03, 0.15, 0.04), savingRate, "sculpt_dscr"},
        {{{"/bond/structure", "\"savings_linked\""}}, axis("/bond/savings_linked/savings_share", 0.5, 1, 0.25),
         axis("/programme/service_lines/0/saving_rate", 0.01, 0.07, 0.03), "investor_loss"},
        {{{"/discounting", R"({"method": "flat", "rate": 0.035})"}}, axis("/discounting/rate", 0, 0.06, 0.03), coupon,
         "project_npv"},
        {{{"/bond/coupon", R"({"gilt_yield": 0.04, "margin": 0.01})"}},
         axis("/bond/coupon/gilt_yield", 0.02, 0.06, 0.02), axis("/bond/coupon/margin", 0, 0.02, 0.01), "total_interest"},
        {{}, axis("/bond/size_rounding", 1000, 101000, 50000), coupon, "notional"},
    };
    for (const auto& c : cases) checkGridAgainstRun(c.setup, c.x, c.y, c.metric);
}

TEST_CASE("sensitivity: a grid value invalid on its own is reported exactly as reading the point reports it") {
    // Coupons above 1 and saving rates above 1 are each invalid; at (1.1, 1.5) the reader
    // reports both, in its own order, as `run --set` would.
    const sc::GridAxisSpec coupon{"", "/bond/coupon", 0.9, 1.1, 0.1};
    const sc::GridAxisSpec savingRate{"", "/programme/service_lines/0/saving_rate", 0.5, 1.5, 0.5};
    checkGridAgainstRun({}, coupon, savingRate, "total_interest");
    const sc::Grid g = sc::grid(sc::parseInputJson(sc::defaultPilotText()), {coupon, savingRate}, "total_interest");
    REQUIRE(g.warnings.size() == 5);  // 1.1 on each of three rows, 0.9 and 1 on the last
    CHECK(itsb::reports::warningText(g.warnings.front()) ==
          "point /bond/coupon=1.1, /programme/service_lines/0/saving_rate=0.5: cannot be evaluated: /bond/coupon: "
          "must be between -0.05 and 1, got 1.1");
    CHECK(itsb::reports::warningText(g.warnings.back()) ==
          "point /bond/coupon=1.1, /programme/service_lines/0/saving_rate=1.5: cannot be evaluated: "
          "/programme/service_lines/0/saving_rate: must be between 0 and 1, got 1.5; /bond/coupon: must be between "
          "-0.05 and 1, got 1.1");
    // A value valid to the reader that evaluate() rejects (interest above a sculpted payment)
    // is evaluate()'s own message.
    json sculpted = sc::parseInputJson(sc::defaultPilotText());
    sc::applyOverrides(sculpted, {{"/bond/amortization", "\"sculpted\""}});
    const sc::Grid high = sc::grid(sculpted, {sc::GridAxisSpec{"", "/bond/coupon", 0.05, 0.45, 0.4}}, "min_dscr");
    REQUIRE(high.warnings.size() == 1);
    CHECK(itsb::reports::warningText(high.warnings[0]).rfind("point /bond/coupon=0.45: cannot be evaluated: /bond/amortization: in ", 0) == 0);
    CHECK(itsb::reports::warningText(high.warnings[0]).find("exceeds the sculpted payment") != std::string::npos);
}

TEST_CASE("sensitivity: a two-way grid agrees point by point with `run --set`") {
    const std::string x = "/bond/coupon", y = "/programme/service_lines/0/saving_rate";
    for (const char* metric : {"npv_after_financing", "min_dscr", "break_even_year"}) {
        CAPTURE(metric);
        const json g = jsonOf({"sensitivity", "--grid", x + "=0.03:0.07:0.01", "--grid", y + "=0.04:0.1:0.02",
                               "--metric", metric})
                           .at("grid");
        CHECK(g.at("metric") == metric);
        CHECK(g.at("x").at("pointer") == x);
        CHECK(g.at("y").at("pointer") == y);
        CHECK(g.at("x").at("values") == json::parse("[0.03, 0.04, 0.05, 0.06, 0.07]"));
        CHECK(g.at("y").at("values") == json::parse("[0.04, 0.06, 0.08, 0.1]"));
        REQUIRE(g.at("values").size() == 4);  // rows over y
        REQUIRE(g.at("values").at(0).size() == 5);  // columns over x
        for (const auto& point : std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {4, 3}, {2, 1}, {3, 2}}) {
            const std::size_t i = point.first, j = point.second;  // not a structured binding: clang 14 CAPTURE
            CAPTURE(i);
            CAPTURE(j);
            const json run =
                runWithSets({{x, g.at("x").at("values").at(i)}, {y, g.at("y").at("values").at(j)}});
            CHECK(g.at("values").at(j).at(i) == run.at("metrics").at(metric));
        }
    }
}

TEST_CASE("sensitivity: a one-way grid of a default the input leaves out agrees with `run --set`") {
    // The default pilot has no reserve_months: the pointer is found in the canonical input.
    const json g = jsonOf({"sensitivity", "--grid", "/bond/reserve_months=0:12:6", "--metric", "npv_after_financing"})
                       .at("grid");
    CHECK(!g.contains("y"));
    CHECK(g.at("x").at("values") == json::parse("[0, 6, 12]"));
    REQUIRE(g.at("values").size() == 1);
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(g.at("values").at(0).at(i) ==
              runWithSets({{"/bond/reserve_months", g.at("x").at("values").at(i)}}).at("metrics").at(
                  "npv_after_financing"));
    // A reserve is held from proceeds: the council's NPV falls as it grows.
    CHECK(g.at("values").at(0).at(2).get<double>() < g.at("values").at(0).at(0).get<double>());
}

TEST_CASE("sensitivity: with --preset and --set, a grid point is `run --set ... --preset`") {
    const json g = jsonOf({"sensitivity", "--preset", "nlgn_best", "--set", "/bond/tenor_years=10", "--grid",
                           "/bond/coupon=0.04:0.06:0.01", "--metric", "min_dscr"})
                       .at("grid");
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(g.at("values").at(0).at(i) ==
              runWithSets({{"/bond/tenor_years", 10}, {"/bond/coupon", g.at("x").at("values").at(i)}},
                          {"--preset", "nlgn_best"})
                  .at("metrics")
                  .at("min_dscr"));
}

TEST_CASE("sensitivity: grid points are from + i x step at 12 significant digits, the last within step/1e9 is `to`") {
    using itsb::scenarios::gridPoints;
    // 3 x 0.1 is 0.30000000000000004 in binary; the grid says 0.3, as typed.
    CHECK(gridPoints({"", "/a", 0.0, 0.3, 0.1}) == std::vector<double>{0.0, 0.1, 0.2, 0.3});
    // (0.07 - 0.03) / 0.01 is 3.9999999999999996: still five points, ending on 0.07.
    CHECK(gridPoints({"", "/a", 0.03, 0.07, 0.01}) == std::vector<double>{0.03, 0.04, 0.05, 0.06, 0.07});
    // A `to` off the step: the last point below it.
    CHECK(gridPoints({"", "/a", 0.0, 0.25, 0.1}) == std::vector<double>{0.0, 0.1, 0.2});
    CHECK(gridPoints({"", "/a", 5.0, 5.0, 1.0}) == std::vector<double>{5.0});
    CHECK(gridPoints({"", "/a", -0.02, 0.02, 0.01}) == std::vector<double>{-0.02, -0.01, 0.0, 0.01, 0.02});
    CHECK(gridPoints({"", "/a", 0.0, 200.0, 1.0}).size() == 201);
    CHECK_THROWS_AS(gridPoints({"", "/a", 0.0, 201.0, 1.0}), itsb::scenarios::SensitivityError);
}

TEST_CASE("sensitivity: a grid point whose input is invalid is null with a warning naming the point") {
    // A coupon above 1 (100 %) is out of range: `run --set` rejects it too.
    CHECK(runCli({"run", "--set", "/bond/coupon=1.1"}).code == 1);
    const json j = jsonOf({"sensitivity", "--grid", "/bond/coupon=0.9:1.1:0.1", "--metric", "total_interest"});
    const json& values = j.at("grid").at("values").at(0);
    REQUIRE(values.size() == 3);
    CHECK(values.at(0).is_number());
    CHECK(values.at(1).is_number());
    CHECK(values.at(2).is_null());
    REQUIRE(j.at("warnings").size() == 1);
    CHECK(j.at("warnings").at(0).get<std::string>().rfind(
              "point /bond/coupon=1.1: cannot be evaluated: /bond/coupon: must be between -0.05 and 1", 0) == 0);
}

TEST_CASE("sensitivity: the tornado covers the key inputs and is sorted by impact, per metric") {
    const json j = jsonOf({"sensitivity"});
    for (const char* key : {"itsb_version", "input_sha256", "name", "tornado", "warnings"})
        CHECK_MESSAGE(j.contains(key), key);
    const json& tornado = j.at("tornado");
    const std::vector<std::string> metrics{"project_npv", "npv_after_financing", "min_dscr", "break_even_year"};
    const std::size_t inputs = 7;  // saving rate, delay, one-off, running, coupon, discount rate, growth
    REQUIRE(tornado.size() == metrics.size() * inputs);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        CAPTURE(metrics[m]);
        for (std::size_t k = 0; k < inputs; ++k) {
            const json& b = tornado.at(m * inputs + k);
            CHECK(b.at("metric") == metrics[m]);
            for (const char* key : {"input", "pointer", "bump", "low", "high", "base", "value_low", "value_high"})
                CHECK_MESSAGE(b.contains(key), key);
            if (k == 0) continue;
            const json& before = tornado.at(m * inputs + k - 1);
            const auto swing = [](const json& x) {
                return std::abs(x.at("value_high").get<double>() - x.at("value_low").get<double>());
            };
            CHECK(swing(before) >= swing(b));
        }
    }
    // The default pilot's NPV moves most with the saving rate.
    CHECK(tornado.at(0).at("input") == "Saving rate");
    CHECK(tornado.at(0).at("pointer") == "/programme/service_lines/*/saving_rate");
    CHECK(tornado.at(0).at("bump") == "x0.8 / x1.2");
    // The base is the run's own figure.
    const json run = jsonOf({"run"});
    for (std::size_t m = 0; m < metrics.size(); ++m)
        CHECK(tornado.at(m * inputs).at("base") == run.at("metrics").at(metrics[m]));
}

TEST_CASE("sensitivity: bumps are applied as stated (each equals `run --set` with the bumped inputs)") {
    const json tornado = jsonOf({"sensitivity", "--metric", "project_npv", "--metric", "npv_after_financing"})
                             .at("tornado");

    // Saving rates x1.2 on both service lines (0.072 -> 0.0864, 0.05 -> 0.06). By hand, year 3's
    // gross savings are 450m x 1.02^2 x (0.25 x 0.072 + 0.10 x 0.05) x 0.9 = 9,691,326.00 (both
    // lines at full ramp), so x1.2 gives 11,629,591.20.
    const json base = jsonOf({"run"});
    CHECK(base.at("annual").at(3).at("gross_savings").get<double>() == 9691326.00);
    const json up = runWithSets({{"/programme/service_lines/0/saving_rate", 0.0864},
                                 {"/programme/service_lines/1/saving_rate", 0.06}});
    CHECK(std::abs(up.at("annual").at(3).at("gross_savings").get<double>() - 1.2 * 9691326.00) < 0.005);
    const json& savings = bar(tornado, "Saving rate", "project_npv");
    CHECK(savings.at("high") == 1.2);
    CHECK(savings.at("value_high") == up.at("metrics").at("project_npv"));

    // Coupon +1 pp: 4.8 % -> 5.8 % (and -1 pp: 3.8 %), the bond re-sized by its rule.
    const json& coupon = bar(tornado, "Coupon", "npv_after_financing");
    CHECK(coupon.at("pointer") == "/bond/coupon");
    CHECK(coupon.at("low") == 0.038);
    CHECK(coupon.at("high") == 0.058);
    CHECK(coupon.at("value_high") == runWithSets({{"/bond/coupon", 0.058}}).at("metrics").at("npv_after_financing"));
    CHECK(coupon.at("value_low") == runWithSets({{"/bond/coupon", 0.038}}).at("metrics").at("npv_after_financing"));

    // Delay +1 year on every line (0 -> 1, 1 -> 2); -1 floors at 0 (0 -> 0, 1 -> 0).
    const json& delay = bar(tornado, "Delay", "project_npv");
    CHECK(delay.at("value_high") == runWithSets({{"/programme/service_lines/0/ramp/delay_years", 1},
                                                 {"/programme/service_lines/1/ramp/delay_years", 2}})
                                        .at("metrics")
                                        .at("project_npv"));
    CHECK(delay.at("value_low") ==
          runWithSets({{"/programme/service_lines/1/ramp/delay_years", 0}}).at("metrics").at("project_npv"));

    // One-off costs x0.8: 9,000,000 -> 7,200,000 and 4,000,000 -> 3,200,000.
    CHECK(bar(tornado, "One-off costs", "npv_after_financing").at("value_low") ==
          runWithSets({{"/programme/one_off_costs/0/amount", 7200000}, {"/programme/one_off_costs/1/amount", 3200000}})
              .at("metrics")
              .at("npv_after_financing"));

    // Green Book discounting: the inflation deflator moves, 0 -> +1 %.
    const json& discount = bar(tornado, "Discount rate (inflation)", "project_npv");
    CHECK(discount.at("pointer") == "/discounting/inflation");
    CHECK(discount.at("value_high") == runWithSets({{"/discounting/inflation", 0.01}}).at("metrics").at("project_npv"));

    // Expenditure growth 2 % -> 1 %.
    CHECK(bar(tornado, "Expenditure growth", "project_npv").at("value_low") ==
          runWithSets({{"/programme/expenditure_growth", 0.01}}).at("metrics").at("project_npv"));
}

TEST_CASE("sensitivity: the tornado bumps a flat rate, a curve and a gilt yield where the input has them") {
    const json flat = jsonOf({"sensitivity", "--metric", "project_npv", "--set",
                              R"(/discounting={"method": "flat", "rate": 0.035})", "--set",
                              R"(/bond/coupon={"gilt_yield": 0.045, "margin": 0.008})"})
                          .at("tornado");
    const json& rate = bar(flat, "Discount rate", "project_npv");
    CHECK(rate.at("pointer") == "/discounting/rate");
    CHECK(rate.at("low") == 0.025);
    CHECK(rate.at("high") == 0.045);
    const json& gilt = bar(flat, "Coupon (gilt yield)", "project_npv");
    CHECK(gilt.at("pointer") == "/bond/coupon/gilt_yield");
    CHECK(gilt.at("high") == 0.055);

    const json curve = jsonOf({"sensitivity", "--metric", "project_npv", "--set",
                               R"(/discounting={"method": "curve", "points": [[1, 0.03], [10, 0.04]]})"})
                           .at("tornado");
    const json& shift = bar(curve, "Discount rate", "project_npv");
    CHECK(shift.at("pointer") == "/discounting/points/*/1");
    CHECK(shift.at("value_high") ==
          runWithSets({{"/discounting", json::parse(R"({"method": "curve", "points": [[1, 0.04], [10, 0.05]]})")}})
              .at("metrics")
              .at("project_npv"));
}

TEST_CASE("sensitivity: a bump that makes the input invalid is null with a warning, ranked last") {
    // A 90 % saving rate x1.2 is 108 %, outside 0..1.
    const json j = jsonOf({"sensitivity", "--metric", "project_npv", "--set", "/programme/service_lines/0/saving_rate=0.9"});
    const json& tornado = j.at("tornado");
    const json& last = tornado.back();
    CHECK(last.at("input") == "Saving rate");
    CHECK(last.at("value_low").is_number());
    CHECK(last.at("value_high").is_null());
    REQUIRE(j.at("warnings").size() == 1);
    CHECK(j.at("warnings").at(0).get<std::string>().find("/programme/service_lines/0/saving_rate: must be between 0 "
                                                         "and 1, got 1.08") != std::string::npos);
}

TEST_CASE("sensitivity: the same grid or tornado gives identical bytes with 1, 2 and 3 threads") {
    // 21 coupons x 4 saving rates; coupons above 100 % are invalid, so half the points are null
    // with a warning each, and the warnings must come in point order whichever thread ends first.
    const std::vector<std::string> grid{"sensitivity", "--grid", "/bond/coupon=0.9:1.1:0.01", "--grid",
                                        "/programme/service_lines/0/saving_rate=0.04:0.1:0.02", "--metric",
                                        "total_interest"};
    // The tornado with one bump invalid (a 90 % saving rate x1.2), so it has a warning too.
    const std::vector<std::string> tornado{"sensitivity", "--set", "/programme/service_lines/0/saving_rate=0.9"};
    for (const auto& request : {grid, tornado}) {
        for (const char* format : {"json", "csv", "table"}) {
            CAPTURE(request.size());
            CAPTURE(format);
            auto withThreads = [&](const char* threads) {
                std::vector<std::string> args = request;
                args.insert(args.end(), {"--format", format});
                if (threads != nullptr) args.insert(args.end(), {"--threads", threads});
                return runCli(args);
            };
            const auto one = withThreads("1");
            REQUIRE_MESSAGE(one.code == 0, one.err);
            CHECK(one.out == withThreads("2").out);
            CHECK(one.out == withThreads("3").out);
            CHECK(one.out == withThreads(nullptr).out);  // every core
        }
    }
    const json j = jsonOf({grid.begin(), grid.end()});
    REQUIRE(j.at("warnings").size() == 10 * 4);  // 1.01 to 1.1 on each of 4 rows
    CHECK(j.at("warnings").at(0).get<std::string>().rfind(
              "point /bond/coupon=1.01, /programme/service_lines/0/saving_rate=0.04: cannot be evaluated", 0) == 0);
    CHECK(j.at("warnings").at(39).get<std::string>().rfind(
              "point /bond/coupon=1.1, /programme/service_lines/0/saving_rate=0.1: cannot be evaluated", 0) == 0);
}

TEST_CASE("sensitivity: progress goes to standard error only when it is a terminal") {
    // `script` runs itsb on a pseudo-terminal: the progress lines appear there.
    TempDir dir;
    const std::string report = (dir / "grid.json").string();
    const std::string grid = " sensitivity --grid /bond/coupon=0.03:0.07:0.01 --grid /horizon_years=15:17:1 --format json";
    const auto [code, terminal] =
        runShell("script -qec '" + std::string(ITSB_BINARY) + grid + " -o " + report + "' /dev/null");
    CHECK(code == 0);
    CHECK(terminal.find("sensitivity: 15 of 15 points") != std::string::npos);
    const auto [tornadoCode, tornadoTerminal] =
        runShell("script -qec '" + std::string(ITSB_BINARY) + " sensitivity -o " + report + "' /dev/null");
    CHECK(tornadoCode == 0);
    CHECK(tornadoTerminal.find("sensitivity: 14 of 14 bumps") != std::string::npos);  // 7 inputs, down and up
    // Redirected to a file or a pipe, standard error stays quiet.
    const auto [quietCode, quiet] = runShell(std::string(ITSB_BINARY) + grid + " 2>&1 >/dev/null");
    CHECK(quietCode == 0);
    CHECK(quiet.empty());
}

TEST_CASE("sensitivity: tables and CSV") {
    const auto table = runCli({"sensitivity", sourcePath("examples/sensitivity_grid.json").string(), "--grid",
                               "/bond/coupon=0.03:0.07:0.01", "--grid",
                               "/programme/service_lines/0/saving_rate=0.04:0.1:0.02", "--metric", "break_even_year"});
    REQUIRE(table.code == 0);
    CHECK(table.out.find("Grid: Break-even year") != std::string::npos);
    CHECK(table.out.find("y \\ x  0.03  0.04  0.05  0.06  0.07\n") != std::string::npos);

    const auto csv = runCli({"sensitivity", "--grid", "/bond/coupon=0.03:0.05:0.01", "--grid", "/horizon_years=15:16:1",
                             "--format", "csv"});
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("# grid\n/bond/coupon,/horizon_years,project_npv\n0.03,15,", 0) == 0);
    std::size_t lines = 0;
    for (char c : csv.out) lines += c == '\n';
    CHECK(lines == 1 + 1 + 6 + 1 + 2);  // "# grid", header, 3 x 2 points, blank, "# warnings", header

    const auto tornado = runCli({"sensitivity", "--format", "csv", "--metric", "min_dscr"});
    REQUIRE(tornado.code == 0);
    CHECK(tornado.out.rfind("# tornado\ninput,pointer,bump,low,high,metric,base,value_low,value_high,swing\n", 0) == 0);

    const auto text = runCli({"sensitivity"});
    REQUIRE(text.code == 0);
    for (const char* heading : {"Tornado: Project NPV", "Tornado: NPV after financing", "Tornado: Minimum DSCR",
                                "Tornado: Break-even year"})
        CHECK_MESSAGE(text.out.find(heading) != std::string::npos, heading);
    CHECK(text.out.find("x0.8 / x1.2") != std::string::npos);
}

TEST_CASE("sensitivity: a malformed request is a usage error naming the problem") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"--grid", "/bond/cupon=0:0.1:0.01"}, "--grid /bond/cupon: /bond/cupon does not exist in the input"},
        {{"--grid", "/bond/amortization=0:1:0.5"}, "/bond/amortization is \"annuity\" (string), not a number"},
        {{"--grid", "/bond=0:1:0.5"}, "(object), not a number"},
        {{"--grid", "/bond/coupon=0.07:0.03:0.01"}, "from (0.07) must not be greater than to (0.03)"},
        {{"--grid", "/bond/coupon=0:0.1:0"}, "step must be greater than 0, got 0"},
        {{"--grid", "/bond/coupon=0:0.1:-0.01"}, "step must be greater than 0, got -0.01"},
        {{"--grid", "/bond/coupon=a:b:c"}, "--grid /bond/coupon=a:b:c: from \"a\" is not a finite number"},
        {{"--grid", "/bond/coupon=0:0.1"}, "must be from:to:step"},
        {{"--grid", "/bond/coupon=0:1:0.001"}, "that is 1001 points; at most 201 per axis"},
        {{"--grid", "bond/coupon=0:1:0.1"}, "expected /json/pointer=from:to:step"},
        {{"--grid", "/bond/coupon~2=0:1:0.5"}, "not a valid JSON pointer"},
        {{"--grid", "/bond/coupon=0:1:0.5", "--grid", "/bond/coupon=0:1:0.5"}, "given twice"},
        {{"--grid", "/bond/coupon=0:1:0.5", "--grid", "/horizon_years=15:20:1", "--grid", "/bond/tenor_years=5:6:1"},
         "--grid given 3 times"},
        {{"--metric", "bogus"}, "--metric bogus: not a numeric metric (one of: investor_yield, "},
        {{"--metric", "break_even_fiscal_year"}, "not a numeric metric"},
        {{"--grid", "/bond/coupon=0:0.1:0.05", "--metric", "min_dscr", "--metric", "project_npv"},
         "a grid shows one metric"},
        {{"--preset", "bogus"}, "--preset bogus: unknown preset"},
        // The revenue view exists only with council_finance, which the default pilot has not.
        {{"--metric", "peak_cfr"},
         "itsb: --metric peak_cfr: a revenue-budget metric; the input needs a council_finance block for it, and has "
         "none\n"},
        {{"--grid", "/bond/coupon=0:0.1:0.05", "--metric", "revenue_break_even_year"},
         "--metric revenue_break_even_year: a revenue-budget metric; the input needs a council_finance block"},
        {{"--basis", "revenue"},
         "itsb: --basis revenue: the input needs a council_finance block for the revenue-budget view, and has none\n"},
        {{"--basis", "accrual"}, "--basis"},
        {{"--metric", "revenue_break_even_fiscal_year"}, "not a numeric metric"},
        {{"--threads", "0"}, "--threads: must be between 1 and 1024, got 0"},
        {{"--threads", "-2"}, "--threads: must be between 1 and 1024, got -2"},
        {{"--threads", "two"}, "--threads: not a whole number: two"},
        {{"--grid", "/bond/coupon=0:0.1:0.05", "--threads", "1025"}, "--threads: must be between 1 and 1024, got 1025"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"sensitivity"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        std::string line;
        for (const auto& a : args) line += a + " ";
        CAPTURE(line);
        const auto r = runCli(args);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK_MESSAGE(r.err.find(c.message) != std::string::npos, r.err);
    }
}

TEST_CASE("sensitivity: the metric catalog knows the revenue metrics, and only they ask for the revenue account") {
    const auto keys = sc::numericMetricKeys();
    for (const auto& key : kRevenueMetrics) {
        CAPTURE(key);
        CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
        CHECK(sc::isRevenueMetric(key));
        CHECK(sc::evaluateOptionsFor({key}).revenue);
        // An evaluation without the revenue view has them null, as evaluate() leaves what it skips.
        CHECK(!sc::numericMetric(sc::Metrics{}, key).has_value());
    }
    CHECK(sc::metricKind("peak_cfr") == sc::ValueKind::Amount);
    CHECK(sc::metricHeading("revenue_break_even_year") == "Revenue break-even year");
    // A grid or tornado of cash metrics stays as lean as before: no revenue account.
    for (const char* key : {"project_npv", "break_even_year", "min_dscr", "investor_irr"}) {
        CAPTURE(key);
        CHECK(!sc::isRevenueMetric(key));
        CHECK(!sc::evaluateOptionsFor({key}).revenue);
    }
    CHECK(!sc::evaluateOptionsFor(sc::defaultTornadoMetrics()).revenue);
    CHECK(sc::evaluateOptionsFor(sc::defaultTornadoMetrics(sc::BreakEvenBasis::Revenue)).revenue);
}

TEST_CASE("sensitivity: every point of a grid of a revenue metric is evaluate() of the input read, to the bit") {
    const std::vector<sc::Override> setup{{"/council_finance", kCouncilFinance}};
    // Through the grid engine (numbers it sets into the Scenario) ...
    const sc::GridAxisSpec coupon{"", "/bond/coupon", 0.02, 0.08, 0.02};
    const sc::GridAxisSpec savingRate{"", "/programme/service_lines/0/saving_rate", 0.0, 0.12, 0.03};
    for (const auto& metric : kRevenueMetrics) {
        checkGridAgainstRun(setup, coupon, savingRate, metric);
        checkGridAgainstRun(setup, savingRate, coupon, metric);
    }
    // ... and through the document route (council_finance's own numbers), with invalid points:
    // an asset life of 0 years is out of range.
    const sc::GridAxisSpec life{"", "/council_finance/mrp/asset_life_years", 0, 40, 10};
    const sc::GridAxisSpec funded{"", "/council_finance/funding/0/amount", 0, 4.8e6, 2.4e6};
    checkGridAgainstRun(setup, life, funded, "revenue_break_even_year");
    checkGridAgainstRun(setup, life, coupon, "total_mrp");
    // With a preset, as `run --preset` evaluates it.
    checkGridAgainstRun(setup, coupon, savingRate, "revenue_break_even_year", sc::findPreset("nlgn_best"));
}

TEST_CASE("sensitivity: --basis revenue's tornado shows revenue_break_even_year, each end `run --set`") {
    const std::vector<std::string> withBlock{"--set", "/council_finance=" + kCouncilFinance};
    std::vector<std::string> args{"sensitivity", "--basis", "revenue"};
    args.insert(args.end(), withBlock.begin(), withBlock.end());
    const json j = jsonOf(args);
    std::vector<std::string> metrics;
    for (const auto& b : j.at("tornado"))
        if (std::find(metrics.begin(), metrics.end(), b.at("metric")) == metrics.end()) metrics.push_back(b.at("metric"));
    CHECK(metrics ==
          std::vector<std::string>{"project_npv", "npv_after_financing", "min_dscr", "revenue_break_even_year"});
    const json base = runWithSets({{"/council_finance", json::parse(kCouncilFinance)}});
    const json& coupon = bar(j.at("tornado"), "Coupon", "revenue_break_even_year");
    CHECK(coupon.at("base") == base.at("metrics").at("revenue_break_even_year"));
    for (const char* end : {"low", "high"}) {
        CAPTURE(end);
        const json run = runWithSets(
            {{"/council_finance", json::parse(kCouncilFinance)}, {"/bond/coupon", coupon.at(end)}});
        CHECK(coupon.at(std::string("value_") + end) == run.at("metrics").at("revenue_break_even_year"));
    }
    // Saving rates x0.8: both service lines' rates (7.2 % and 5 %) at once.
    const json& savings = bar(j.at("tornado"), "Saving rate", "revenue_break_even_year");
    const json low = runWithSets({{"/council_finance", json::parse(kCouncilFinance)},
                                  {"/programme/service_lines/0/saving_rate", 0.0576},
                                  {"/programme/service_lines/1/saving_rate", 0.04}});
    CHECK(savings.at("value_low") == low.at("metrics").at("revenue_break_even_year"));

    // The cash basis's tornado on the same input is the default one; --basis does not change an
    // explicit --metric.
    std::vector<std::string> cash{"sensitivity"};
    cash.insert(cash.end(), withBlock.begin(), withBlock.end());
    CHECK(jsonOf(cash).at("tornado").back().at("metric") == "break_even_year");
    std::vector<std::string> asked = args;
    asked.insert(asked.end(), {"--metric", "break_even_year"});
    const json explicitMetric = jsonOf(asked);  // kept alive: a range-for over a temporary's member dangles
    for (const auto& b : explicitMetric.at("tornado")) CHECK(b.at("metric") == "break_even_year");
    // The text report names the revenue metric.
    const auto text = runCli(args);
    REQUIRE(text.code == 0);
    CHECK(text.out.find("Tornado: Revenue break-even year") != std::string::npos);
}

TEST_CASE("sensitivity: revenue metrics give the same bytes with 1 and 2 threads") {
    const std::vector<std::string> block{"--set", "/council_finance=" + kCouncilFinance};
    const std::vector<std::vector<std::string>> requests{
        // The grid engine's route, with invalid points (coupons above 100 %) ...
        {"sensitivity", "--grid", "/bond/coupon=0.9:1.1:0.05", "--grid",
         "/programme/service_lines/0/saving_rate=0.04:0.1:0.03", "--metric", "revenue_break_even_year"},
        // ... the document route ...
        {"sensitivity", "--grid", "/council_finance/mrp/asset_life_years=0:20:5", "--metric", "total_mrp"},
        // ... and the tornado on the revenue basis.
        {"sensitivity", "--basis", "revenue", "--metric", "peak_cfr", "--metric", "max_financing_cost_ratio",
         "--metric", "revenue_break_even_year"},
    };
    for (const auto& request : requests) {
        for (const char* format : {"json", "csv", "table"}) {
            CAPTURE(request.at(2));
            CAPTURE(format);
            auto withThreads = [&](const char* threads) {
                std::vector<std::string> args = request;
                args.insert(args.end(), block.begin(), block.end());
                args.insert(args.end(), {"--format", format, "--threads", threads});
                return runCli(args);
            };
            const auto one = withThreads("1");
            REQUIRE_MESSAGE(one.code == 0, one.err);
            CHECK(one.out == withThreads("2").out);
        }
    }
}
