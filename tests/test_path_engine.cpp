// The Monte Carlo path engine against the full model: for random draws on every example, a
// path's metrics equal evaluate() on the scenario with those draws applied, to the bit.

#include "cli_harness.hpp"
#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/input_error.hpp"
#include "itsb/scenarios/path_engine.hpp"
#include "itsb/scenarios/reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

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
            PathMetrics fast;
            bool fastFailed = false, fullFailed = false;
            try {
                copy.evaluate(draw, fast);
            } catch (const InputError&) {
                fastFailed = true;
            }
            PathMetrics full;
            try {
                full = fromEvaluation(evaluate(applyDraw(scenario, draw, engine.baseNotional())));
            } catch (const InputError&) {
                fullFailed = true;
            }
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
