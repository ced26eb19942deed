// The Monte Carlo path engine against a straightforward evaluation through QuantLib objects
// and against a bare Newton IRR, on the same paths of the default pilot.
//
//  (a) FastEngine:    PathEngine::evaluate, the engine `itsb simulate` runs;
//  (b) QuantLibReference: per path, the full model on the drawn scenario (evaluate(applyDraw):
//      QuantLib calendars, day counters and bond analytics rebuilt) plus the project flows as
//      a QuantLib leg of SimpleCashFlows, its IRR by CashFlows::yield and its NPV by
//      CashFlows::npv on a discount curve through the Green Book factors;
//  (c) BareNewtonIrr: a textbook Newton IRR over the path's project flows (NPV and its
//      derivative with std::pow each iteration, from 10 %, to |step| < 1e-12), as a
//      spreadsheet-style IRR is usually written; and, for reference, (d) itsb's own IRR alone.
// Before timing, (a) and (b) are checked to agree to 1e-9 on every path.

#include "itsb/finance/irr.hpp"
#include "itsb/scenarios/evaluation.hpp"
#include "itsb/scenarios/path_engine.hpp"
#include "itsb/scenarios/reader.hpp"
#include "itsb/scenarios/sampling.hpp"

#include <benchmark/benchmark.h>
#include <ql/cashflows/cashflows.hpp>
#include <ql/cashflows/simplecashflow.hpp>
#include <ql/termstructures/yield/discountcurve.hpp>
#include <ql/time/daycounters/simpledaycounter.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using namespace itsb::scenarios;

constexpr int kPaths = 4096;  // one block of draws, cycled

struct Fixture {
    Scenario scenario = readScenario(defaultPilotText());
    PathEngine engine{scenario};
    std::vector<Draw> draws;
    std::vector<std::vector<double>> projectFlows;  // per path, from the full model

    Fixture() {
        const auto& u = scenario.uncertainty;
        const itsb::finance::Sampler savingRate = makeSampler(u.savingRateFactor), delay = makeSampler(u.delayYears),
                                     oneOff = makeSampler(u.oneOffCostFactor),
                                     running = makeSampler(u.runningCostFactor),
                                     growth = makeSampler(u.expenditureGrowth);
        itsb::finance::UniformStream stream(itsb::finance::blockSeed(u.seed, 0));
        for (int i = 0; i < kPaths; ++i) {
            Draw d;
            d.savingRateFactor = savingRate(stream.next());
            d.extraDelay = roundDelay(delay(stream.next()));
            d.oneOffCostFactor = oneOff(stream.next());
            d.runningCostFactor = running(stream.next());
            d.expenditureGrowth = growth(stream.next());
            draws.push_back(d);
        }
        for (const auto& d : draws) {
            const auto ev = evaluate(applyDraw(scenario, d, engine.baseNotional()));
            std::vector<double> flows;
            for (const auto& row : ev.annual) flows.push_back(row.projectFlow);
            projectFlows.push_back(flows);
        }
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

struct Reference {
    double projectIrr = 0.0;
    double projectNpv = 0.0;
    Evaluation evaluation;
};

// (b): the path through QuantLib objects.
Reference quantLibPath(const Scenario& scenario, const Draw& draw, double notional) {
    Reference ref;
    ref.evaluation = evaluate(applyDraw(scenario, draw, notional));
    const auto start = QuantLib::Date(static_cast<QuantLib::Date::serial_type>(scenario.startDate.serial()));
    QuantLib::Leg leg;
    std::vector<QuantLib::Date> dates;
    std::vector<double> factors;
    for (const auto& row : ref.evaluation.annual) {
        const auto date = start + row.year * QuantLib::Years;
        leg.push_back(QuantLib::ext::make_shared<QuantLib::SimpleCashFlow>(row.projectFlow, date));
        dates.push_back(date);
        factors.push_back(row.discountFactor);
    }
    const QuantLib::SimpleDayCounter dayCounter;  // whole years between anniversaries
    ref.projectIrr = QuantLib::CashFlows::yield(leg, 0.0, dayCounter, QuantLib::Compounded, QuantLib::Annual, true,
                                                start, start, 1e-14, 1000, 0.1);
    const QuantLib::DiscountCurve curve(dates, factors, dayCounter);
    ref.projectNpv = QuantLib::CashFlows::npv(leg, curve, true, start, start);
    return ref;
}

// (c): textbook Newton.
double bareNewtonIrr(const std::vector<double>& flows) {
    double r = 0.1;
    for (int iteration = 0; iteration < 100; ++iteration) {
        double npv = 0.0, derivative = 0.0;
        for (std::size_t k = 0; k < flows.size(); ++k) {
            const double discount = std::pow(1.0 + r, -static_cast<double>(k));
            npv += flows[k] * discount;
            derivative -= static_cast<double>(k) * flows[k] * discount / (1.0 + r);
        }
        const double step = npv / derivative;
        r -= step;
        if (std::abs(step) < 1e-12) break;
    }
    return r;
}

// (a) and (b) must agree before either is timed.
void checkAgreement() {
    auto& f = fixture();
    PathMetrics m;
    for (int i = 0; i < kPaths; ++i) {
        f.engine.evaluate(f.draws[static_cast<std::size_t>(i)], m);
        const auto ref = quantLibPath(f.scenario, f.draws[static_cast<std::size_t>(i)], f.engine.baseNotional());
        const double irrGap = std::abs(m.projectIrr - ref.projectIrr);
        const double npvGap = std::abs(m.projectNpv - ref.projectNpv) / std::max(1.0, std::abs(ref.projectNpv));
        const double bare = bareNewtonIrr(f.projectFlows[static_cast<std::size_t>(i)]);
        if (!(irrGap <= 1e-9) || !(npvGap <= 1e-9) || !(std::abs(bare - m.projectIrr) <= 1e-9) ||
            m.projectNpv != ref.evaluation.metrics.table.projectNpv) {
            std::fprintf(stderr, "path %d disagrees: irr %.17g vs QuantLib %.17g vs bare %.17g; npv %.2f vs %.6f\n", i,
                         m.projectIrr, ref.projectIrr, bare, m.projectNpv, ref.projectNpv);
            std::exit(1);
        }
    }
    std::fprintf(stderr, "checked: (a) and (b) agree to 1e-9 on all %d paths (IRR and NPV), and (a) equals the full "
                         "model to the bit\n", kPaths);
}

void FastEngine(benchmark::State& state) {
    auto& f = fixture();
    PathEngine engine(f.engine);
    PathMetrics m;
    std::size_t i = 0;
    for (auto _ : state) {
        engine.evaluate(f.draws[i], m);
        benchmark::DoNotOptimize(m);
        i = (i + 1) % f.draws.size();
    }
}

void QuantLibReference(benchmark::State& state) {
    auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        auto ref = quantLibPath(f.scenario, f.draws[i], f.engine.baseNotional());
        benchmark::DoNotOptimize(ref);
        i = (i + 1) % f.draws.size();
    }
}

void BareNewtonIrr(benchmark::State& state) {
    auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(bareNewtonIrr(f.projectFlows[i]));
        i = (i + 1) % f.projectFlows.size();
    }
}

void ItsbIrrAlone(benchmark::State& state) {
    auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(itsb::finance::periodicIrr(f.projectFlows[i]));
        i = (i + 1) % f.projectFlows.size();
    }
}

BENCHMARK(FastEngine);
BENCHMARK(QuantLibReference);
BENCHMARK(BareNewtonIrr);
BENCHMARK(ItsbIrrAlone);

}  // namespace

int main(int argc, char** argv) {
    checkAgreement();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
