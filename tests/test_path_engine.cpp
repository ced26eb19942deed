// The Monte Carlo path engine against the full model: for random draws on every example, a
// path's metrics equal evaluate() on the scenario with those draws applied, to the bit.

#include "cli_harness.hpp"
#include "itsb/finance/irr.hpp"
#include "itsb/finance/irr_routes.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/path_engine.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

using namespace itsb::scenarios;

namespace {

Scenario scenarioFromFile(const std::filesystem::path& path) {
    std::ifstream file(path);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    return readScenario(text);
}

// Equal to the bit, NaN (null) equal to NaN.
bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void checkSame(const PathMetrics& a, const PathMetrics& b) {
    CHECK(same(a.projectNpv, b.projectNpv));
    CHECK(same(a.projectIrr, b.projectIrr));
    CHECK(same(a.npvAfterFinancing, b.npvAfterFinancing));
    CHECK(same(a.minDscr, b.minDscr));
    CHECK(same(a.breakEvenYear, b.breakEvenYear));
    CHECK(same(a.investorIrr, b.investorIrr));
    CHECK(same(a.investorLoss, b.investorLoss));
}

PathMetrics fromEvaluation(const Evaluation& ev) {
    PathMetrics m;
    m.projectNpv = ev.metrics.table.projectNpv;
    m.projectIrr = ev.metrics.table.projectIrr.value_or(kNull);
    m.npvAfterFinancing = ev.metrics.table.npvAfterFinancing;
    m.minDscr = ev.metrics.table.minDscr.value_or(kNull);
    m.breakEvenYear = ev.metrics.table.breakEvenYear ? double(*ev.metrics.table.breakEvenYear) : kNull;
    m.investorIrr = ev.metrics.investorIrr.value_or(kNull);
    m.investorLoss = ev.metrics.investorLoss;
    return m;
}

// The case of issue 10, item 9: a 173-year horizon (2026 to 2199, the latest end allowed) and
// a 100-year monthly bond, with reinvestments in years 60 and 120 that turn the project flows
// negative again (unless the savings have outgrown them), and running costs escalating at 2 %
// that overtake savings growing more slowly: the flows change sign several times.
Scenario longHorizonScenario() {
    return readScenario(defaultPilotText(),
                        {{"/horizon_years", "173"},
                         {"/bond/tenor_years", "100"},
                         {"/bond/frequency", "\"monthly\""},
                         {"/programme/one_off_costs",
                          R"([{"name": "ICT consolidation", "year": 0, "amount": 9000000, "kind": "capital"},
                              {"name": "Redundancy and change team", "year": 1, "amount": 4000000, "kind": "revenue"},
                              {"name": "Reinvestment", "year": 60, "amount": 60000000, "kind": "revenue"},
                              {"name": "Second reinvestment", "year": 120, "amount": 150000000, "kind": "revenue"}])"}});
}

int signChanges(const std::vector<double>& flows) {
    int changes = 0, previous = 0;
    for (double f : flows) {
        const int s = (f > 0.0) - (f < 0.0);
        if (s == 0) continue;
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    }
    return changes;
}

//! A path by the engine and by evaluate() on the drawn scenario; each may fail (InputError).
struct BothWays {
    PathMetrics fast, full;
    bool fastFailed = false, fullFailed = false;
};

BothWays bothWays(PathEngine& engine, const Scenario& scenario, const Draw& draw) {
    BothWays out;
    try {
        engine.evaluate(draw, out.fast);
    } catch (const InputError&) {
        out.fastFailed = true;
    }
    try {
        out.full = fromEvaluation(evaluate(applyDraw(scenario, draw, engine.baseNotional())));
    } catch (const InputError&) {
        out.fullFailed = true;
    }
    return out;
}

}  // namespace

TEST_CASE("path engine: the base draws reproduce `itsb run`'s metrics to the bit, for every example") {
    for (const auto& path : itsb::test::exampleInputs()) {
        CAPTURE(path.filename().string());
        const auto scenario = scenarioFromFile(path);
        PathEngine engine(scenario);
        PathMetrics m;
        engine.evaluate(baseDraw(scenario), m);
        checkSame(m, fromEvaluation(evaluate(scenario)));
        checkSame(m, engine.baseMetrics());
    }
}

TEST_CASE("path engine: random draws equal evaluate() on the scenario with the draws applied") {
    std::mt19937_64 random(20261128);  // only picks test cases; any generator would do
    std::uniform_real_distribution<double> factor(0.4, 1.6), growth(-0.03, 0.06);
    std::uniform_int_distribution<int> delay(0, 3);
    int compared = 0, failedBoth = 0;
    for (const auto& path : itsb::test::exampleInputs()) {
        CAPTURE(path.filename().string());
        const auto scenario = scenarioFromFile(path);
        PathEngine engine(scenario);
        PathEngine copy(engine);  // each thread works on its own copy
        for (int i = 0; i < 25; ++i) {
            Draw draw{factor(random), delay(random), factor(random), factor(random), growth(random)};
            CAPTURE(i);
            const auto [fast, full, fastFailed, fullFailed] = bothWays(copy, scenario, draw);
            CHECK(fastFailed == fullFailed);
            if (fastFailed || fullFailed) {
                ++failedBoth;
                continue;
            }
            checkSame(fast, full);
            ++compared;
        }
    }
    CHECK(compared >= 150);
    MESSAGE("paths compared: " << compared << ", paths whose bond could not be built: " << failedBoth);
}

TEST_CASE("path engine: paths evaluated together equal each path alone, failures included") {
    // A block hands the engine several draws at once so their IRRs are solved side by side;
    // each path must come out as evaluate(draw) gives it, and a path that fails must fail alone
    // without disturbing its neighbours. Groups of 1 to 11 draws cut across the engine's own
    // groups of eight.
    std::mt19937_64 random(20261202);  // only picks test cases
    std::uniform_real_distribution<double> factor(0.4, 1.6), growth(-0.03, 0.06);
    std::uniform_int_distribution<int> delay(0, 3), groupSize(1, 11);
    std::bernoulli_distribution explode(0.15);
    std::vector<Scenario> scenarios;
    for (const auto& path : itsb::test::exampleInputs()) scenarios.push_back(scenarioFromFile(path));
    scenarios.push_back(readScenario(defaultPilotText(), {{"/horizon_years", "100"}}));  // 1.3^99 overflows
    int compared = 0, failed = 0;
    for (const auto& scenario : scenarios) {
        PathEngine together(scenario), alone(scenario);
        const bool longHorizon = scenario.horizonYears == 100;
        for (int group = 0; group < 6; ++group) {
            std::vector<Draw> draws(static_cast<std::size_t>(groupSize(random)));
            for (auto& d : draws) {
                d = {factor(random), delay(random), factor(random), factor(random), growth(random)};
                if (longHorizon && explode(random)) d.expenditureGrowth = 0.3;
            }
            std::vector<PathMetrics> out(draws.size());
            std::vector<char> pathFailed(draws.size(), 7);
            together.evaluate(draws, out, pathFailed);
            for (std::size_t i = 0; i < draws.size(); ++i) {
                CAPTURE(group);
                CAPTURE(i);
                PathMetrics one;
                bool oneFailed = false;
                try {
                    alone.evaluate(draws[i], one);
                } catch (const InputError&) {
                    oneFailed = true;
                }
                REQUIRE(pathFailed[i] == (oneFailed ? 1 : 0));
                if (oneFailed) {
                    ++failed;
                    continue;
                }
                checkSame(out[i], one);
                ++compared;
            }
        }
    }
    CHECK(compared >= 200);
    CHECK(failed >= 3);
    std::vector<PathMetrics> tooFew(1);
    std::vector<char> none(2);
    CHECK_THROWS_AS(PathEngine(scenarios.front()).evaluate(std::vector<Draw>(2), tooFew, none), std::invalid_argument);
}

TEST_CASE("path engine: drawn delays round half up, negative ones to 0") {
    CHECK(roundDelay(-0.7) == 0);
    CHECK(roundDelay(0.49) == 0);
    CHECK(roundDelay(0.5) == 1);
    CHECK(roundDelay(1.5) == 2);
    CHECK(roundDelay(2.2) == 2);
}

TEST_CASE("path engine: a path whose amounts compound beyond 1e13 fails as evaluate() does") {
    auto scenario = readScenario(defaultPilotText(), {{"/horizon_years", "100"}});
    PathEngine engine(scenario);
    Draw draw = baseDraw(scenario);
    draw.expenditureGrowth = 0.3;  // 450m x 1.3^99: about 8e19
    PathMetrics m;
    CHECK_THROWS_AS(engine.evaluate(draw, m), InputError);
    CHECK_THROWS_AS(evaluate(applyDraw(scenario, draw, engine.baseNotional())), InputError);
}

TEST_CASE("path engine: a long horizon whose flows change sign several times equals evaluate() to the bit") {
    // Each path against the full model and, for the IRR, against the exact root count run
    // directly on the full model's project flows (exact integer arithmetic throughout).
    const auto scenario = longHorizonScenario();
    PathEngine engine(scenario);
    std::mt19937_64 random(20260412);  // only picks test cases
    std::uniform_real_distribution<double> factor(0.6, 1.4), growth(-0.01, 0.03);
    std::uniform_int_distribution<int> delay(0, 3);
    int compared = 0, withIrr = 0;
    for (int i = 0; i < 8; ++i) {
        CAPTURE(i);
        const Draw draw{factor(random), delay(random), factor(random), factor(random), growth(random)};
        PathMetrics fast;
        engine.evaluate(draw, fast);
        const auto ev = evaluate(applyDraw(scenario, draw, engine.baseNotional()));
        checkSame(fast, fromEvaluation(ev));
        std::vector<double> flows;
        for (const auto& row : ev.annual) flows.push_back(row.projectFlow);
        CHECK(signChanges(flows) >= 3);
        const auto exact = itsb::finance::uniqueRoot(itsb::finance::detail::periodicIrrRootsExact(flows));
        CHECK(same(fast.projectIrr, exact.value_or(kNull)));
        withIrr += exact.has_value() ? 1 : 0;
        ++compared;
    }
    CHECK(compared == 8);
    CHECK(withIrr >= 3);  // the check above compares numbers, not only nulls
}

TEST_CASE("path engine: a long horizon whose flows change sign several times runs no exact root count") {
    // The exact count costs milliseconds a path at this length (it made 10,000 paths take
    // 254 s); the proved double-precision route gives the same roots without it. A count of
    // the exact isolations run (process-wide) shows which route the paths took.
    const auto scenario = longHorizonScenario();
    PathEngine engine(scenario);
    std::mt19937_64 random(20260413);
    std::uniform_real_distribution<double> factor(0.6, 1.4), growth(-0.01, 0.03);
    std::uniform_int_distribution<int> delay(0, 3);
    const std::uint64_t before = itsb::finance::detail::exactIsolationCount();
    int withIrr = 0, withoutIrr = 0;
    for (int i = 0; i < 200; ++i) {
        const Draw draw{factor(random), delay(random), factor(random), factor(random), growth(random)};
        PathMetrics m;
        engine.evaluate(draw, m);
        (std::isnan(m.projectIrr) ? withoutIrr : withIrr) += 1;
    }
    CHECK(itsb::finance::detail::exactIsolationCount() - before == 0);
    MESSAGE("paths with one IRR: " << withIrr << ", without: " << withoutIrr);
    CHECK(withIrr >= 100);
}

TEST_CASE("path engine: the units of a rounded amount away from a tie are those of the rounded double") {
    // The engine takes toUnits(round(x)) straight from the fast path of roundSpreadsheet when
    // it decides and the units are at most 2^40; it must be the units of the decimal path.
    using itsb::finance::RoundingMode;
    std::mt19937_64 random(20261203);
    std::uniform_real_distribution<double> logMagnitude(-4.0, 13.0);
    std::uniform_int_distribution<int> decimalsDistribution(0, 6), ulps(-8, 8);
    std::bernoulli_distribution negative(0.5), nearTie(0.25);
    int wrong = 0, decided = 0;
    for (int i = 0; i < 1'000'000; ++i) {
        const int decimals = decimalsDistribution(random);
        const double power = itsb::finance::detail::kPowersOfTen[decimals];
        double value = std::pow(10.0, logMagnitude(random));
        if (nearTie(random)) {
            value = (std::floor(value * power) + 0.5) / power;
            for (int k = ulps(random); k != 0; k += k > 0 ? -1 : 1) value = std::nextafter(value, k > 0 ? INFINITY : 0.0);
        }
        if (negative(random)) value = -value;
        std::int64_t units = 0;
        if (!itsb::finance::detail::roundedUnitsAwayFromTie(value, power, units) || units > (std::int64_t{1} << 40))
            continue;
        ++decided;
        const auto signedUnits = value < 0.0 ? -units : units;
        for (auto mode : {RoundingMode::HalfUp, RoundingMode::HalfEven}) {
            const double exact = itsb::finance::roundSpreadsheetExact(value, decimals, mode);
            if (std::llround(exact * power) != signedUnits && ++wrong <= 5)
                FAIL_CHECK("value " << value << " decimals " << decimals);
        }
    }
    CHECK(wrong == 0);
    CHECK(decided > 500'000);
}

TEST_CASE("path engine: repeated, fixed and extreme draws equal evaluate() to the bit") {
    // The engine keeps the growth factors of the last growth drawn (a fixed distribution
    // draws the same one every path) and the ramp fractions of every extra delay it has seen
    // (delays past the horizon share one table): revisiting, alternating and extreme draws
    // must give what evaluate() gives.
    for (const std::string amortization : {"\"annuity\"", "\"sculpted\""}) {
        CAPTURE(amortization);
        const bool sculpted = amortization == "\"sculpted\"";
        const auto scenario = readScenario(defaultPilotText(), {{"/bond/amortization", amortization}});
        PathEngine engine(scenario);
        const double growths[] = {0.02, 0.02, -0.01, 0.02, 0.0, 0.0, 0.065, -0.2, 0.02};
        const int delays[] = {0, 0, 2, 19, 20, 21, 40, 1, 0};
        int compared = 0;
        for (int i = 0; i < 9; ++i) {
            CAPTURE(i);
            const Draw draw{0.5 + 0.1 * i, delays[i], 1.3 - 0.05 * i, 0.8 + 0.05 * i, growths[i]};
            const auto [fast, full, fastFailed, fullFailed] = bothWays(engine, scenario, draw);
            CHECK(fastFailed == fullFailed);
            if (fastFailed || fullFailed) continue;
            checkSame(fast, full);
            ++compared;
        }
        // A sculpted bond cannot be built on the paths that delay savings most (its payment
        // falls below the interest); both routes say so.
        CHECK(compared >= (sculpted ? 4 : 9));
    }
}

TEST_CASE("path engine: the least DSCR is found among years whose DSCRs nearly tie") {
    // The engine skips the exact DSCR of years whose approximate DSCR is clearly above the
    // least; flat savings and a level debt service make many years' DSCRs equal or a unit
    // apart, where the skip must not choose a wrong year.
    const auto scenario = readScenario(defaultPilotText(), {{"/programme/expenditure_growth", "0"},
                                                            {"/programme/running_costs/0/escalation", "0"},
                                                            {"/bond/interest_only_years", "0"}});
    PathEngine engine(scenario);
    std::mt19937_64 random(20261204);
    std::uniform_real_distribution<double> factor(0.6, 1.4);
    for (int i = 0; i < 40; ++i) {
        CAPTURE(i);
        const Draw draw{factor(random), 0, factor(random), factor(random), 0.0};
        PathMetrics fast;
        engine.evaluate(draw, fast);
        checkSame(fast, fromEvaluation(evaluate(applyDraw(scenario, draw, engine.baseNotional()))));
    }
}
