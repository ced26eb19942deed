#include "itsb/scenarios/engine/path_engine.hpp"

#include "annual_kernel.hpp"
#include "bond_build.hpp"
#include "itsb/finance/discounting.hpp"
#include "itsb/finance/irr.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

// Every arithmetic step below is the one evaluate() performs on applyDraw(base, draw, ...),
// in the same order, so a path's metrics equal `itsb run`'s for the same inputs to the bit
// (tests/test_simulation.cpp checks this on random draws). What differs is only what is
// computed once: dates, accruals, discount factors, fees and, when the bond's schedule does
// not depend on the savings, the bond itself.

namespace itsb::scenarios {

namespace {

using detail::toUnits;

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
    std::vector<double> discountFactors;
    std::vector<std::vector<double>> escalation;  // [running cost][year]: (1 + e)^(k - from)
    std::vector<Ramp> ramps;                       // the service lines' ramps, delays set per path
    // The base bond, when it does not vary.
    std::vector<Money> debtService;
    Money netProceeds = 0.0;
    Money reserve = 0.0;
    double investorIrr = kNull;
    // Per-path buffers, sized once. Amounts already rounded are held as whole units
    // (pennies): their sums and differences are then exact, and dividing back by 10^decimals
    // gives the very double that evaluate()'s round(a - b) gives (the nearest to the decimal).
    std::vector<double> oneOffSum, cfads, project, council, cumulative;
    std::vector<std::int64_t> oneOffUnits, grossUnits, runningUnits, feeUnits, debtServiceUnits, proceedsUnits,
        reserveUnits, pathDebtServiceUnits;
    detail::AnnualFlows flows;
    std::vector<finance::DatedFlow> investorFlows;
    PathMetrics baseMetrics;
};

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
        std::vector<double> table(years, 0.0);
        for (Year k = std::max(cost.fromYear, 0); k <= fixed.horizonYears; ++k)
            table[static_cast<std::size_t>(k)] = std::pow(1.0 + cost.escalation, k - cost.fromYear);
        st.escalation.push_back(std::move(table));
    }
    for (const auto& line : fixed.programme.serviceLines) st.ramps.push_back(line.ramp);
    for (auto* buffer : {&st.oneOffSum, &st.cfads, &st.project, &st.council, &st.cumulative}) buffer->assign(years, 0.0);
    for (auto* buffer : {&st.oneOffUnits, &st.grossUnits, &st.runningUnits, &st.feeUnits, &st.debtServiceUnits,
                         &st.proceedsUnits, &st.reserveUnits, &st.pathDebtServiceUnits})
        buffer->assign(years, 0);
    const double power = finance::detail::kPowersOfTen[fixed.rounding.decimals];
    for (std::size_t y = 0; y < years; ++y) st.feeUnits[y] = toUnits(st.context.annualFees[y], power);
    const auto bond = detail::buildBond(st.context, st.notional, st.sculptAt);
    st.debtService = bond.debtServicePaid;
    for (std::size_t y = 0; y < years; ++y) st.debtServiceUnits[y] = toUnits(st.debtService[y], power);
    st.netProceeds = bond.netProceeds;
    st.reserve = bond.reserve;
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
    const Scenario& s = st.base;
    const Programme& p = s.programme;
    const finance::Rounding& round = s.rounding;
    const double power = finance::detail::kPowersOfTen[round.decimals];
    const int horizon = s.horizonYears;
    const double costUplift = 1.0 + p.costOptimismBias;

    // The programme (projectProgramme on the drawn inputs): gross savings, running and one-off
    // costs rounded once per year, as there.
    std::fill(st.oneOffSum.begin(), st.oneOffSum.end(), 0.0);
    for (const auto& cost : p.oneOffCosts)
        st.oneOffSum[static_cast<std::size_t>(cost.year)] += cost.amount * draw.oneOffCostFactor * costUplift;
    for (std::size_t i = 0; i < st.ramps.size(); ++i)
        st.ramps[i].delayYears = p.serviceLines[i].ramp.delayYears + draw.extraDelay;
    for (Year k = 0; k <= horizon; ++k) {
        const auto y = static_cast<std::size_t>(k);
        const double oneOff = st.oneOffSum[y] == 0.0 ? 0.0 : round(st.oneOffSum[y]);
        if (beyondExactAmount(oneOff)) throw InputError({{"/programme/one_off_costs", "", "the amounts grow beyond 1e13 on this path"}});
        st.oneOffUnits[y] = toUnits(oneOff, power);
        if (k == 0) {
            st.grossUnits[y] = st.runningUnits[y] = 0;
            continue;
        }
        const double baseline = p.baselineExpenditure * std::pow(1.0 + draw.expenditureGrowth, k - 1);
        double gross = 0.0;
        for (std::size_t i = 0; i < st.ramps.size(); ++i) {
            const auto& line = p.serviceLines[i];
            gross += baseline * line.addressableShare * (line.savingRate * draw.savingRateFactor) *
                     rampFraction(st.ramps[i], k) * (1.0 - p.savingsOptimismBias);
        }
        double running = 0.0;
        for (std::size_t i = 0; i < p.runningCosts.size(); ++i) {
            const auto& cost = p.runningCosts[i];
            if (k >= cost.fromYear) running += cost.amount * draw.runningCostFactor * st.escalation[i][y] * costUplift;
        }
        const double roundedGross = round(gross), roundedRunning = running == 0.0 ? 0.0 : round(running);
        // The same bound evaluate() puts on every reported amount (checkExactAmounts).
        if (beyondExactAmount(round(baseline)) || beyondExactAmount(roundedGross) || beyondExactAmount(roundedRunning))
            throw InputError({{"/programme", "", "the amounts grow beyond 1e13 on this path"}});
        st.grossUnits[y] = toUnits(roundedGross, power);
        st.runningUnits[y] = toUnits(roundedRunning, power);
    }

    // The annual table's flows (the kernel annualTable uses), with the base bond's debt service
    // and reserve; they are derived again below when this path's savings reshape the bond.
    auto deriveFlows = [&](std::span<const std::int64_t> debtService, Money reserve) {
        std::fill(st.proceedsUnits.begin(), st.proceedsUnits.end(), 0);
        std::fill(st.reserveUnits.begin(), st.reserveUnits.end(), 0);
        const std::int64_t reserveUnits = toUnits(reserve, power);
        st.proceedsUnits[static_cast<std::size_t>(st.context.issueYear)] = toUnits(st.netProceeds, power);
        st.reserveUnits[static_cast<std::size_t>(st.context.issueYear)] -= reserveUnits;
        st.reserveUnits[static_cast<std::size_t>(st.context.finalYear)] += reserveUnits;
        detail::annualFlows({st.grossUnits, st.runningUnits, st.oneOffUnits, st.feeUnits, debtService,
                             st.proceedsUnits, st.reserveUnits},
                            power, st.flows);
    };
    deriveFlows(st.debtServiceUnits, st.reserve);

    // The bond: fixed by its notional, or rebuilt on this path's CFADS.
    out.investorIrr = st.investorIrr;
    out.investorLoss = 0.0;
    if (st.bondVaries) {
        for (std::size_t y = 0; y < st.cfads.size(); ++y) st.cfads[y] = static_cast<double>(st.flows.cfads[y]) / power;
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
        deriveFlows(st.pathDebtServiceUnits, bond.reserve);
        st.investorFlows.clear();
        st.investorFlows.push_back({s.bond.issueDate, -bond.pricePaid});
        for (std::size_t j = 0; j < bond.schedule.rows.size(); ++j)
            st.investorFlows.push_back({bond.schedule.rows[j].paymentDate,
                                        bond.paid ? bond.paid->rows[j].paid : bond.schedule.rows[j].debtService});
        out.investorIrr = finance::uniqueRoot(finance::xirrRoots(st.investorFlows)).value_or(kNull);
        if (bond.paid) out.investorLoss = bond.paid->writtenOff;
    }

    // The metrics over the flows (those of tableMetrics that a simulation summarises).
    const auto limitUnits = static_cast<std::int64_t>(kMaxExactAmount * power);
    const detail::AnnualFlows& f = st.flows;
    const auto& debtService = st.bondVaries ? st.pathDebtServiceUnits : st.debtServiceUnits;
    out.minDscr = kNull;
    for (std::size_t y = 0; y <= static_cast<std::size_t>(horizon); ++y) {
        if (!std::isnan(f.dscr[y]) && (std::isnan(out.minDscr) || f.dscr[y] < out.minDscr)) out.minDscr = f.dscr[y];
        for (std::int64_t units : {debtService[y], f.netSavings[y], f.cfads[y], f.projectFlow[y], f.councilFlow[y],
                                   f.cumulativePosition[y]})
            if (units > limitUnits || units < -limitUnits)
                throw InputError({{"/programme", "", "the amounts grow beyond 1e13 on this path"}});
        st.project[y] = static_cast<double>(f.projectFlow[y]) / power;
        st.council[y] = static_cast<double>(f.councilFlow[y]) / power;
        st.cumulative[y] = static_cast<double>(f.cumulativePosition[y]) / power;
    }
    out.projectIrr = finance::periodicIrr(st.project, round.unit()).value_or(kNull);
    out.projectNpv = round(finance::discountedSum(st.project, st.discountFactors));
    out.npvAfterFinancing = round(finance::discountedSum(st.council, st.discountFactors));
    const auto breakEven = finance::breakEvenYear(st.cumulative, round.unit());
    out.breakEvenYear = breakEven ? static_cast<double>(*breakEven) : kNull;
}

}  // namespace itsb::scenarios
