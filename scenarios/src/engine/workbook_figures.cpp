#include "workbook_figures.hpp"

#include "itsb/finance/discounting.hpp"
#include "itsb/scenarios/engine/projection.hpp"
#include "revenue_budget.hpp"

#include <cmath>
#include <map>

namespace itsb::scenarios::detail {

namespace {

//! The first year of year k's Green Book band (SPEC §5: bands from years 1, 31, 76, 126, 201, 301).
Year greenBookBandStart(Year k) {
    for (int from : {301, 201, 126, 76, 31})
        if (k >= from) return from;
    return 1;
}

//! The Annual sheet's discounting steps: each year's factor before inflation, and the band
//! rates or zero rates it comes from.
void discountingSteps(const Scenario& s, WorkbookFigures& w) {
    finance::Discounting undeflated = s.discounting;
    undeflated.inflation = 0.0;
    w.undeflatedDiscountFactors = finance::discountFactors(undeflated, s.horizonYears);
    const auto size = static_cast<std::size_t>(s.horizonYears) + 1;
    if (s.discounting.method == finance::DiscountMethod::GreenBook) {
        w.greenBookRates.assign(size, 0.0);
        w.greenBookBandStarts.assign(size, 0);
        for (Year k = 1; k <= s.horizonYears; ++k) {
            w.greenBookRates[static_cast<std::size_t>(k)] = finance::greenBookRate(k);
            w.greenBookBandStarts[static_cast<std::size_t>(k)] = greenBookBandStart(k);
        }
    }
    if (s.discounting.method == finance::DiscountMethod::Curve) {
        w.zeroRates.assign(size, 0.0);
        for (Year k = 1; k <= s.horizonYears; ++k)
            w.zeroRates[static_cast<std::size_t>(k)] = finance::curveZeroRate(s.discounting.points, k);
    }
}

//! Each service line's ramp and saving before the year's gross savings are summed and rounded
//! (projectProgramme adds exactly these terms).
void lineSteps(const Scenario& s, WorkbookFigures& w) {
    const auto& p = s.programme;
    const std::vector<double> growth = growthFactors(p.expenditureGrowth, 1, s.horizonYears);
    for (const auto& line : p.serviceLines) {
        std::vector<double> ramps;
        std::vector<Money> savings;
        for (Year k = 0; k <= s.horizonYears; ++k) {
            const double ramp = rampFraction(line.ramp, k);
            // Year 0 saves nothing (its ramp is 0): no baseline is needed there.
            const double baseline = k == 0 ? 0.0 : p.baselineExpenditure * growth[static_cast<std::size_t>(k - 1)];
            ramps.push_back(ramp);
            savings.push_back(baseline * line.addressableShare * line.savingRate * ramp * (1.0 - p.savingsOptimismBias));
        }
        w.rampFractions.push_back(std::move(ramps));
        w.lineSavings.push_back(std::move(savings));
    }
}

//! The schedule's amortization parameters and, by date, the sculpting and waterfall steps.
void scheduleSteps(const BondContext& c, const BondFlows& b, const Evaluation& ev, WorkbookFigures& w) {
    const Scenario& s = *c.scenario;
    const finance::Rounding& round = s.rounding;
    const auto& rows = ev.schedule.rows;
    const int n = static_cast<int>(rows.size());
    w.capitalisedPeriods = b.terms.capitalisedPeriods;
    w.interestOnlyPeriods = b.terms.interestOnlyPeriods;
    w.firstAmortizingPeriod = w.capitalisedPeriods + w.interestOnlyPeriods + 1;
    const int amortizingPeriods = n - w.capitalisedPeriods - w.interestOnlyPeriods;
    w.amortizingPeriods = amortizingPeriods;
    if (w.firstAmortizingPeriod <= n) {
        // As finance::amortize fixes them when amortization starts.
        const Money balance = rows[static_cast<std::size_t>(w.firstAmortizingPeriod - 1)].openingBalance;
        if (s.bond.amortization == finance::AmortizationType::Annuity)
            w.levelPayment = finance::annuityPayment(balance, b.terms.coupon, b.terms.frequency, amortizingPeriods, round);
        if (s.bond.amortization == finance::AmortizationType::LevelPrincipal)
            w.levelPrincipal = round(balance / amortizingPeriods);
    }

    if (s.bond.amortization == finance::AmortizationType::Sculpted) {
        // The targets and payments the bond was built from; the chained discount of the
        // unrounded recursion whose sum gives the sculpting DSCR.
        w.sculptTargets = sculptShares(c);
        w.sculptedPayments = b.terms.perPeriod;
        double chain = 1.0;
        for (int j = 1; j <= n; ++j) {
            const bool amortizing = j >= w.firstAmortizingPeriod;
            if (amortizing) chain /= 1.0 + s.bond.coupon.rate * rows[static_cast<std::size_t>(j - 1)].accrualFraction;
            w.sculptDiscounts.push_back(amortizing ? chain : 1.0);
        }
    }

    if (ev.paid) {
        Money arrearsBefore = 0.0;
        for (std::size_t j = 0; j < rows.size(); ++j) {
            const finance::PaidRow& paid = ev.paid->rows[j];
            w.owed.push_back(round(rows[j].debtService + arrearsBefore + paid.arrearsInterest));
            const bool lastOfYear = j + 1 == rows.size() || c.periodYear[j + 1] != c.periodYear[j];
            w.yearEndsInArrears.push_back(lastOfYear && paid.arrears > 0.0);
            arrearsBefore = paid.arrears;
        }
    }

    // The fee table lists every anniversary up to maturity, a fee of 0 included.
    w.feeAmount = round(s.bond.annualFees);
    const finance::Date maturity = ev.schedule.maturity();
    for (int j = 1;; ++j) {
        const finance::Date anniversary = s.bond.issueDate.plusYears(j);
        if (anniversary > maturity) break;
        w.feeDates.push_back(anniversary);
        w.feeYears.push_back(c.years.yearOf(anniversary));
    }
}

}  // namespace

PaybackSteps paybackSteps(const std::vector<AnnualRow>& rows, const finance::Rounding& rounding) {
    PaybackSteps h;
    double cumulative = 0.0, discounted = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const double flow = rows[k].projectFlow;
        const double previous = cumulative;
        cumulative = k == 0 ? flow : rounding(previous + flow);
        h.cumulativeProject.push_back(cumulative);
        if (k == 0)
            h.payback.push_back(flow >= 0.0 ? std::optional<double>(0.0) : std::nullopt);
        else
            h.payback.push_back(previous < 0.0 && cumulative >= 0.0
                                    ? std::optional<double>(static_cast<double>(k) - 1.0 + (-previous) / flow)
                                    : std::nullopt);

        const double value = flow * rows[k].discountFactor;
        const double previousDiscounted = discounted;
        discounted = k == 0 ? value : previousDiscounted + value;
        h.discountedProject.push_back(value);
        h.cumulativeDiscounted.push_back(discounted);
        if (k == 0)
            h.discountedPayback.push_back(value >= 0.0 ? std::optional<double>(0.0) : std::nullopt);
        else
            h.discountedPayback.push_back(
                previousDiscounted < 0.0 && discounted >= 0.0
                    ? std::optional<double>(static_cast<double>(k) - 1.0 + (-previousDiscounted) / value)
                    : std::nullopt);
        h.outOfPocket.push_back(rows[k].cumulativePosition < 0.0 ? static_cast<double>(k) + 1.0 : 0.0);
    }
    return h;
}

WorkbookFigures workbookFigures(const BondContext& c, const BondFlows& b, const Evaluation& ev,
                                std::optional<RevenueWorkbookFigures> revenue) {
    const Scenario& s = *c.scenario;
    WorkbookFigures w;
    w.issueYear = c.issueYear;
    w.periodYear = c.periodYear;
    w.capitalOneOffCosts = c.projection.capitalOneOffCosts;
    w.contractualDebtService = b.contractualDebtService;
    std::vector<Money> cfads;
    for (const auto& row : ev.annual) cfads.push_back(row.cfads);
    for (std::size_t k = 0; k < cfads.size(); ++k) {
        const Money contractual = b.contractualDebtService[k];
        w.contractualDscr.push_back(contractual > 0.0 ? std::optional<double>(cfads[k] / contractual) : std::nullopt);
    }
    // As DSCR sizing counts it.
    if (const auto floor = minimumDscr(cfads, b.contractualDebtService)) w.contractualMinDscr = floor->value;
    discountingSteps(s, w);
    lineSteps(s, w);
    w.payback = paybackSteps(ev.annual, s.rounding);
    for (const auto& partner : ev.partners) w.partnerPayback.push_back(paybackSteps(partner.annual, s.rounding));
    scheduleSteps(c, b, ev, w);
    w.availableProceeds = s.rounding(ev.bond.netProceeds - ev.bond.reserve);
    if (s.bond.structure == Structure::SavingsLinked && s.bond.savingsLinked.capMultiple)
        w.investorCap = s.rounding(*s.bond.savingsLinked.capMultiple * ev.bond.notional);
    if (revenue) {
        for (const auto& partner : ev.partners)
            revenue->partnerHelpers.push_back(partner.revenue ? revenueHelperColumns(partner.revenue->rows, s.rounding)
                                                              : RevenueHelperColumns{});
        w.revenue = std::move(revenue);
    }
    return w;
}

}  // namespace itsb::scenarios::detail
