#include "itsb/scenarios/engine/path_engine.hpp"

#include "annual_kernel.hpp"
#include "bond_build.hpp"
#include "itsb/finance/discounting.hpp"
#include "itsb/finance/irr.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/io/input_error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>

// Every arithmetic step below is the one evaluate() performs on applyDraw(base, draw, ...),
// in the same order, so a path's metrics equal `itsb run`'s for the same inputs to the bit
// (tests/test_simulation.cpp checks this on random draws). What differs is only what is
// computed once: dates, accruals, discount factors, fees and, when the bond's schedule does
// not depend on the savings, the bond itself.

namespace itsb::scenarios {

namespace {

using detail::toUnits;

[[noreturn]] void throwTooLarge(const char* pointer) {
    throw InputError({{pointer, "", "the amounts grow beyond 1e13 on this path"}});
}

// Paths whose IRRs are solved together: finance::periodicIrrs interleaves eight series.
constexpr std::size_t kPathsSideBySide = 8;

// Rounded amounts up to 2^40 units (10^10 at 2 decimals, 10^12 at none) are within 1e13: a
// path whose amounts stay below them needs no check of that bound.
constexpr std::int64_t kSafeUnits = std::int64_t{1} << 40;
// A baseline of at most 9e12 rounds to at most 9e12 + 1 < 1e13.
constexpr double kSafeBaseline = 9e12;

PathMetrics metricsOf(const Evaluation& ev) {
    PathMetrics m;
    m.projectNpv = ev.metrics.table.projectNpv;
    m.projectIrr = ev.metrics.table.projectIrr.value_or(kNull);
    m.npvAfterFinancing = ev.metrics.table.npvAfterFinancing;
    m.minDscr = ev.metrics.table.minDscr.value_or(kNull);
    m.breakEvenYear = ev.metrics.table.breakEvenYear ? static_cast<double>(*ev.metrics.table.breakEvenYear) : kNull;
    m.investorIrr = ev.metrics.investorIrr.value_or(kNull);
    m.investorLoss = ev.metrics.investorLoss;
    return m;
}

}  // namespace

Draw baseDraw(const Scenario& s) {
    Draw d;
    d.expenditureGrowth = s.programme.expenditureGrowth;
    return d;
}

int roundDelay(double drawn) {
    if (!(drawn > 0.0)) return 0;  // negative draws (and NaN) mean no extra delay
    return static_cast<int>(std::floor(drawn + 0.5));
}

Scenario applyDraw(const Scenario& base, const Draw& draw, Money baseNotional) {
    Scenario s = base;
    for (auto& line : s.programme.serviceLines) {
        line.savingRate *= draw.savingRateFactor;
        line.ramp.delayYears += draw.extraDelay;
    }
    for (auto& cost : s.programme.oneOffCosts) cost.amount *= draw.oneOffCostFactor;
    for (auto& cost : s.programme.runningCosts) cost.amount *= draw.runningCostFactor;
    s.programme.expenditureGrowth = draw.expenditureGrowth;
    NotionalSpec notional;
    notional.rule = NotionalRule::Fixed;
    notional.amount = baseNotional;
    notional.sculptAt = base.bond.notional.sculptAt;
    if (base.bond.notional.rule == NotionalRule::TargetMinDscr &&
        base.bond.amortization == finance::AmortizationType::Sculpted)
        notional.sculptAt = base.bond.notional.targetMinDscr;
    s.bond.notional = notional;
    return s;
}

struct PathEngine::State {
    Scenario base;
    detail::BondContext context;  // its cfads are overwritten per path when the bond varies
    Money notional = 0.0;
    std::optional<double> sculptAt;
    bool bondVaries = false;
    double power = 1.0;  // 10^decimals
    Money unit = 0.0;
    std::int64_t limitUnits = 0;  // kMaxExactAmount in units
    std::vector<double> discountFactors;
    std::vector<std::vector<double>> escalation;  // [running cost][year]: (1 + e)^(k - from)
    std::vector<std::size_t> oneOffYears;          // the years that have one-off costs
    // rampByDelay[extra delay][k x lines + i]: the ramp fraction of line i in year k, made the
    // first time a path draws that extra delay (every delay beyond the horizon saves nothing).
    std::vector<std::vector<double>> rampByDelay;
    std::vector<double> rampScratch;  // for a negative extra delay (never drawn)
    // (1 + g)^(k - 1) for k = 1..H, for the growth g of the last path (growthFactors).
    std::vector<double> growthPowers;
    std::uint64_t growthBits = 0;
    bool growthKnown = false;
    // The base bond, when it does not vary.
    std::vector<Money> debtService;
    std::vector<double> inverseDebtService;  // 1 / debt service in units, to find the least DSCR
    Money netProceeds = 0.0;
    Money reserve = 0.0;
    double investorIrr = kNull;
    // Per-path buffers, sized once. Amounts already rounded are held as whole units
    // (pennies): their sums and differences are then exact, and dividing back by 10^decimals
    // gives the very double that evaluate()'s round(a - b) gives (the nearest to the decimal).
    std::vector<double> oneOffSum, cfads, council, cumulative, approxDscr;
    // The project flows of the paths whose IRRs are solved together (the first alone).
    std::array<std::vector<double>, kPathsSideBySide> projects;
    std::vector<double> rates;  // each service line's saving rate x the path's factor
    std::vector<std::int64_t> oneOffUnits, grossUnits, runningUnits, feeUnits, debtServiceUnits, proceedsUnits,
        reserveUnits, pathDebtServiceUnits, pathProceedsUnits, pathReserveUnits, cfadsUnits;
    std::vector<finance::DatedFlow> investorFlows;
    PathMetrics baseMetrics;

    //! The ramp fractions for an extra delay, [k x lines + i].
    const double* ramps(int extraDelay);
    //! The unrounded baseline's growth factors for this path.
    const double* growth(Rate expenditureGrowth);
    //! Every metric of one path but the project IRR, whose flows go to `project`.
    static void evaluateAllButIrr(State& st, const Draw& draw, PathMetrics& out, std::vector<double>& project);
    //! The net proceeds in the year of issue and the reserve taken then and released at the end.
    void placeProceeds(Money reserveAmount, std::vector<std::int64_t>& proceedsOut,
                       std::vector<std::int64_t>& reserveOut) const;
};

const double* PathEngine::State::ramps(int extraDelay) {
    const auto& lines = base.programme.serviceLines;
    const std::size_t years = static_cast<std::size_t>(base.horizonYears) + 1;
    auto fill = [&](std::vector<double>& table, int extra) {
        table.resize(years * lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Ramp ramp = lines[i].ramp;
            ramp.delayYears += extra;
            for (std::size_t y = 0; y < years; ++y)
                table[y * lines.size() + i] = rampFraction(ramp, static_cast<Year>(y));
        }
    };
    if (extraDelay < 0) {
        fill(rampScratch, extraDelay);
        return rampScratch.data();
    }
    // Every line waits at least this long, so the horizon is past: no year saves anything.
    const auto index = static_cast<std::size_t>(std::min(extraDelay, base.horizonYears + 1));
    if (rampByDelay.size() <= index) rampByDelay.resize(index + 1);
    if (rampByDelay[index].empty()) fill(rampByDelay[index], static_cast<int>(index));
    return rampByDelay[index].data();
}

const double* PathEngine::State::growth(Rate expenditureGrowth) {
    const auto bits = std::bit_cast<std::uint64_t>(expenditureGrowth);
    if (!growthKnown || bits != growthBits) {
        growthFactors(expenditureGrowth, growthPowers);
        growthBits = bits;
        growthKnown = true;
    }
    return growthPowers.data();
}

void PathEngine::State::placeProceeds(Money reserveAmount, std::vector<std::int64_t>& proceedsOut,
                                      std::vector<std::int64_t>& reserveOut) const {
    std::fill(proceedsOut.begin(), proceedsOut.end(), 0);
    std::fill(reserveOut.begin(), reserveOut.end(), 0);
    const std::int64_t reserved = toUnits(reserveAmount, power);
    proceedsOut[static_cast<std::size_t>(context.issueYear)] = toUnits(netProceeds, power);
    reserveOut[static_cast<std::size_t>(context.issueYear)] -= reserved;
    reserveOut[static_cast<std::size_t>(context.finalYear)] += reserved;
}

PathEngine::PathEngine(const Scenario& base) : state_(std::make_unique<State>()) {
    State& st = *state_;
    st.base = base;
    const Evaluation ev = scenarios::evaluate(base);
    st.baseMetrics = metricsOf(ev);
    st.notional = ev.bond.notional;
    const Scenario fixed = applyDraw(base, baseDraw(base), st.notional);
    st.base = fixed;  // the notional rule every path uses
    st.sculptAt = fixed.bond.notional.sculptAt;
    st.context = detail::makeBondContext(st.base);
    st.bondVaries = fixed.bond.amortization == finance::AmortizationType::Sculpted ||
                    fixed.bond.structure == Structure::SavingsLinked;
    st.discountFactors = finance::discountFactors(fixed.discounting, fixed.horizonYears);
    const auto years = static_cast<std::size_t>(fixed.horizonYears) + 1;
    for (const auto& cost : fixed.programme.runningCosts) {
        // By year: year k (from from_year, at least 1, on) holds (1 + e)^(k - from_year).
        std::vector<double> table(years, 0.0);
        if (static_cast<std::size_t>(cost.fromYear) < years)
            growthFactors(cost.escalation, std::span(table).subspan(static_cast<std::size_t>(cost.fromYear)));
        st.escalation.push_back(std::move(table));
    }
    for (const auto& cost : fixed.programme.oneOffCosts) st.oneOffYears.push_back(static_cast<std::size_t>(cost.year));
    std::sort(st.oneOffYears.begin(), st.oneOffYears.end());
    st.oneOffYears.erase(std::unique(st.oneOffYears.begin(), st.oneOffYears.end()), st.oneOffYears.end());
    st.growthPowers.assign(static_cast<std::size_t>(std::max(fixed.horizonYears, 0)), 0.0);
    st.rates.assign(fixed.programme.serviceLines.size(), 0.0);
    for (auto* buffer : {&st.oneOffSum, &st.cfads, &st.council, &st.cumulative, &st.approxDscr})
        buffer->assign(years, 0.0);
    for (auto& buffer : st.projects) buffer.assign(years, 0.0);
    for (auto* buffer : {&st.oneOffUnits, &st.grossUnits, &st.runningUnits, &st.feeUnits, &st.debtServiceUnits,
                         &st.proceedsUnits, &st.reserveUnits, &st.pathDebtServiceUnits, &st.pathProceedsUnits,
                         &st.pathReserveUnits, &st.cfadsUnits})
        buffer->assign(years, 0);
    st.power = finance::detail::kPowersOfTen[fixed.rounding.decimals];
    st.unit = fixed.rounding.unit();
    st.limitUnits = static_cast<std::int64_t>(kMaxExactAmount * st.power);
    for (std::size_t y = 0; y < years; ++y) st.feeUnits[y] = toUnits(st.context.annualFees[y], st.power);
    const auto bond = detail::buildBond(st.context, st.notional, st.sculptAt);
    st.debtService = bond.debtServicePaid;
    st.inverseDebtService.assign(years, 0.0);
    for (std::size_t y = 0; y < years; ++y) {
        st.debtServiceUnits[y] = toUnits(st.debtService[y], st.power);
        if (st.debtServiceUnits[y] > 0) st.inverseDebtService[y] = 1.0 / static_cast<double>(st.debtServiceUnits[y]);
    }
    st.netProceeds = bond.netProceeds;
    st.reserve = bond.reserve;
    st.placeProceeds(st.reserve, st.proceedsUnits, st.reserveUnits);
    st.investorIrr = ev.metrics.investorIrr.value_or(kNull);
    st.investorFlows.reserve(bond.schedule.rows.size() + 1);
}

PathEngine::~PathEngine() = default;

PathEngine::PathEngine(const PathEngine& other) : state_(std::make_unique<State>(*other.state_)) {
    state_->context.scenario = &state_->base;  // the copy's context points at its own scenario
}

Money PathEngine::baseNotional() const { return state_->notional; }
Year PathEngine::finalYear() const { return state_->context.finalYear; }
const PathMetrics& PathEngine::baseMetrics() const { return state_->baseMetrics; }

void PathEngine::evaluate(const Draw& draw, PathMetrics& out) {
    State& st = *state_;
    State::evaluateAllButIrr(st, draw, out, st.projects[0]);
    out.projectIrr = finance::periodicIrr(st.projects[0], st.unit).value_or(kNull);
}

void PathEngine::evaluate(std::span<const Draw> draws, std::span<PathMetrics> out, std::span<char> failed) {
    if (out.size() != draws.size() || failed.size() != draws.size())
        throw std::invalid_argument("PathEngine::evaluate: the draws, metrics and failures differ in number");
    State& st = *state_;
    std::array<std::span<const double>, kPathsSideBySide> flows;
    std::array<std::size_t, kPathsSideBySide> which;
    std::array<std::optional<Rate>, kPathsSideBySide> irrs;
    for (std::size_t first = 0; first < draws.size(); first += kPathsSideBySide) {
        std::size_t count = 0;
        for (std::size_t i = first; i < std::min(draws.size(), first + kPathsSideBySide); ++i) {
            try {
                State::evaluateAllButIrr(st, draws[i], out[i], st.projects[count]);
                failed[i] = 0;
                flows[count] = st.projects[count];
                which[count++] = i;
            } catch (const InputError&) {
                failed[i] = 1;
            }
        }
        finance::periodicIrrs(std::span(flows.data(), count), std::span(irrs.data(), count), st.unit);
        for (std::size_t k = 0; k < count; ++k) out[which[k]].projectIrr = irrs[k].value_or(kNull);
    }
}

void PathEngine::State::evaluateAllButIrr(State& st, const Draw& draw, PathMetrics& out, std::vector<double>& project) {
    const Scenario& s = st.base;
    const Programme& p = s.programme;
    const finance::Rounding& round = s.rounding;
    const double power = st.power;
    const int horizon = s.horizonYears;
    const double costUplift = 1.0 + p.costOptimismBias;

    // toUnits(round(amount), power), throwing as evaluate() does when the rounded amount is
    // beyond 1e13. Away from a tie the units come from the double itself: round() returns
    // units / power, and toUnits gives those units back (exact below 2^40 units).
    auto unitsOf = [&](double amount, const char* pointer) -> std::int64_t {
        std::int64_t units = 0;
        if (finance::detail::roundedUnitsAwayFromTie(amount, power, units) && units <= kSafeUnits)
            return amount < 0.0 ? -units : units;
        const double rounded = round(amount);
        if (beyondExactAmount(rounded)) throwTooLarge(pointer);
        return toUnits(rounded, power);
    };

    // The programme (projectProgramme on the drawn inputs): gross savings, running and one-off
    // costs rounded once per year, as there.
    for (std::size_t y : st.oneOffYears) st.oneOffSum[y] = 0.0;
    for (const auto& cost : p.oneOffCosts)
        st.oneOffSum[static_cast<std::size_t>(cost.year)] += cost.amount * draw.oneOffCostFactor * costUplift;
    for (std::size_t y : st.oneOffYears)
        st.oneOffUnits[y] = st.oneOffSum[y] == 0.0 ? 0 : unitsOf(st.oneOffSum[y], "/programme/one_off_costs");
    const std::size_t lines = p.serviceLines.size();
    for (std::size_t i = 0; i < lines; ++i) st.rates[i] = p.serviceLines[i].savingRate * draw.savingRateFactor;
    const double* ramp = st.ramps(draw.extraDelay);
    const double* growth = st.growth(draw.expenditureGrowth);
    const double kept = 1.0 - p.savingsOptimismBias;
    for (Year k = 1; k <= horizon; ++k) {
        const auto y = static_cast<std::size_t>(k);
        // Year 0 is a point in time: up-front costs only (its gross and running units stay 0).
        const double baseline = p.baselineExpenditure * growth[y - 1];
        // The same bound evaluate() puts on every reported amount (checkExactAmounts).
        if (!(std::abs(baseline) <= kSafeBaseline) && beyondExactAmount(round(baseline))) throwTooLarge("/programme");
        double gross = 0.0;
        for (std::size_t i = 0; i < lines; ++i)
            gross += baseline * p.serviceLines[i].addressableShare * st.rates[i] * ramp[y * lines + i] * kept;
        double running = 0.0;
        for (std::size_t i = 0; i < p.runningCosts.size(); ++i) {
            const auto& cost = p.runningCosts[i];
            if (k >= cost.fromYear) running += cost.amount * draw.runningCostFactor * st.escalation[i][y] * costUplift;
        }
        st.grossUnits[y] = unitsOf(gross, "/programme");
        st.runningUnits[y] = running == 0.0 ? 0 : unitsOf(running, "/programme");
    }

    // The bond: fixed by its notional, or rebuilt on this path's CFADS.
    const std::vector<std::int64_t>* debtService = &st.debtServiceUnits;
    const std::vector<std::int64_t>* proceeds = &st.proceedsUnits;
    const std::vector<std::int64_t>* reserve = &st.reserveUnits;
    out.investorIrr = st.investorIrr;
    out.investorLoss = 0.0;
    if (st.bondVaries) {
        detail::AnnualKernel kernel;  // CFADS does not depend on the bond
        for (std::size_t y = 0; y < st.cfads.size(); ++y) {
            const auto f = kernel.next({st.grossUnits[y], st.runningUnits[y], st.oneOffUnits[y], st.feeUnits[y],
                                        st.debtServiceUnits[y], st.proceedsUnits[y], st.reserveUnits[y]});
            st.cfads[y] = static_cast<double>(f.cfads) / power;
        }
        st.context.cfads = st.cfads;
        detail::BondFlows bond;
        try {
            bond = detail::buildBond(st.context, st.notional, st.sculptAt);
        } catch (const finance::ScheduleError& e) {
            throw InputError({{"/bond/amortization", "", std::string(e.what())}});
        }
        for (const auto& row : bond.schedule.rows)
            if (beyondExactAmount(row.openingBalance) || beyondExactAmount(row.closingBalance) || beyondExactAmount(row.interest))
                throw InputError({{"/bond", "", "the bond's balance or interest grows beyond 1e13 on this path"}});
        for (std::size_t y = 0; y < bond.debtServicePaid.size(); ++y)
            st.pathDebtServiceUnits[y] = toUnits(bond.debtServicePaid[y], power);
        st.placeProceeds(bond.reserve, st.pathProceedsUnits, st.pathReserveUnits);
        debtService = &st.pathDebtServiceUnits;
        proceeds = &st.pathProceedsUnits;
        reserve = &st.pathReserveUnits;
        st.investorFlows.clear();
        st.investorFlows.push_back({s.bond.issueDate, -bond.pricePaid});
        for (std::size_t j = 0; j < bond.schedule.rows.size(); ++j)
            st.investorFlows.push_back({bond.schedule.rows[j].paymentDate,
                                        bond.paid ? bond.paid->rows[j].paid : bond.schedule.rows[j].debtService});
        out.investorIrr = finance::uniqueRoot(finance::xirrRoots(st.investorFlows)).value_or(kNull);
        if (bond.paid) out.investorLoss = bond.paid->writtenOff;
    }

    // The annual table (the kernel annualTable uses), fused with the metrics over it that a
    // simulation summarises (those of tableMetrics).
    detail::AnnualKernel kernel;
    const std::int64_t limit = st.limitUnits;
    // As 0 or 1, so that the years' checks combine without a branch.
    auto beyond = [limit](std::int64_t units) { return unsigned{units > limit} | unsigned{units < -limit}; };
    unsigned outOfRange = 0;
    double leastApprox = std::numeric_limits<double>::infinity();
    for (std::size_t y = 0; y <= static_cast<std::size_t>(horizon); ++y) {
        const std::int64_t paid = (*debtService)[y];
        const auto f = kernel.next({st.grossUnits[y], st.runningUnits[y], st.oneOffUnits[y], st.feeUnits[y], paid,
                                    (*proceeds)[y], (*reserve)[y]});
        outOfRange |= beyond(paid) | beyond(f.netSavings) | beyond(f.cfads) | beyond(f.projectFlow) |
                      beyond(f.councilFlow) | beyond(f.cumulativePosition);
        st.cfadsUnits[y] = f.cfads;
        project[y] = static_cast<double>(f.projectFlow) / power;
        st.council[y] = static_cast<double>(f.councilFlow) / power;
        st.cumulative[y] = static_cast<double>(f.cumulativePosition) / power;
        if (paid > 0 && !st.bondVaries) {
            st.approxDscr[y] = static_cast<double>(f.cfads) * st.inverseDebtService[y];
            leastApprox = std::min(leastApprox, st.approxDscr[y]);
        }
    }
    if (outOfRange != 0) throwTooLarge("/programme");

    // The least DSCR. approxDscr is within 4 u of CFADS / debt service and dscrOf within 6 u, so
    // a year whose approximation exceeds the least one by more than 1e-13 of the two cannot hold
    // the least DSCR; the DSCR of the others is computed as the kernel computes it.
    out.minDscr = kNull;
    for (std::size_t y = 0; y <= static_cast<std::size_t>(horizon); ++y) {
        const std::int64_t paid = (*debtService)[y];
        if (paid <= 0) continue;
        if (!st.bondVaries &&
            st.approxDscr[y] > leastApprox + 1e-13 * (std::abs(st.approxDscr[y]) + std::abs(leastApprox)))
            continue;
        const double dscr = detail::dscrOf(st.cfadsUnits[y], paid, power);
        if (std::isnan(out.minDscr) || dscr < out.minDscr) out.minDscr = dscr;
    }
    out.projectNpv = round(finance::discountedSum(project, st.discountFactors));
    out.npvAfterFinancing = round(finance::discountedSum(st.council, st.discountFactors));
    const auto breakEven = finance::breakEvenYear(st.cumulative, st.unit);
    out.breakEvenYear = breakEven ? static_cast<double>(*breakEven) : kNull;
}

}  // namespace itsb::scenarios
