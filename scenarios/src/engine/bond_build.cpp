#include "bond_build.hpp"
#include "revenue_budget.hpp"

#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/text_format.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace itsb::scenarios::detail {

using finance::AmortizationType;
using finance::Rounding;

namespace {

[[noreturn]] void inputProblem(std::string pointer, std::string value, std::string rule) {
    throw InputError({InputProblem{std::move(pointer), std::move(value), std::move(rule)}});
}

int firstAmortizingPeriod(const Scenario& s) {  // 1-based
    const int perYear = finance::perYear(s.bond.frequency);
    return (s.bond.capitalisedInterestYears + s.bond.interestOnlyYears) * perYear + 1;
}

//! D = sum_j S_j v_j / B_a over the amortizing dates, v_j the discount factor of the unrounded
//! recursion B_j = B_{j-1} (1 + coupon tau_j) - S_j / D from the start of amortization; B_a the
//! (rounded) balance after the capitalised periods.
double exactSculptDscr(const BondContext& c, Money notional, const std::vector<double>& shares) {
    const Scenario& s = *c.scenario;
    const Rounding& round = s.rounding;
    const Rate coupon = s.bond.coupon.rate;
    const int perYear = finance::perYear(s.bond.frequency);
    const int capitalised = s.bond.capitalisedInterestYears * perYear;
    Money balance = round(notional);
    for (int j = 1; j <= capitalised; ++j) {
        const double tau = c.frame.accrualFractions[static_cast<std::size_t>(j - 1)];
        balance = round(balance + round(balance * coupon * tau));
    }
    double v = 1.0, sum = 0.0;
    for (int j = firstAmortizingPeriod(s); j <= s.bond.periods; ++j) {
        const double tau = c.frame.accrualFractions[static_cast<std::size_t>(j - 1)];
        v /= 1.0 + coupon * tau;
        sum += shares[static_cast<std::size_t>(j - 1)] * v;
    }
    return sum / balance;
}

}  // namespace

std::vector<double> sculptShares(const BondContext& c) {
    const Scenario& s = *c.scenario;
    const int n = s.bond.periods, first = firstAmortizingPeriod(s);
    std::map<Year, int> datesInYear;
    for (int j = first; j <= n; ++j) ++datesInYear[c.periodYear[static_cast<std::size_t>(j - 1)]];
    std::vector<double> shares(static_cast<std::size_t>(n), 0.0);
    for (int j = first; j <= n; ++j) {
        const Year k = c.periodYear[static_cast<std::size_t>(j - 1)];
        shares[static_cast<std::size_t>(j - 1)] = c.cfads[static_cast<std::size_t>(k)] / datesInYear[k];
    }
    return shares;
}


namespace {

//! The parts of a context that follow from the programme and the fees: built per scenario.
void fillProgramme(BondContext& c, const Scenario& s) {
    const Rounding& round = s.rounding;
    c.projection = projectProgramme(s);
    const auto size = static_cast<std::size_t>(s.horizonYears) + 1;
    c.annualFees.assign(size, 0.0);
    c.feeDates.clear();
    const Money fee = round(s.bond.annualFees);
    if (fee != 0.0) {
        // The first anniversary past maturity, which ends the fees: beyond 2199-12-31 it throws.
        (void)s.bond.issueDate.plusYears(static_cast<int>(c.anniversaries.size()) + 1);
        for (std::size_t j = 0; j < c.anniversaries.size(); ++j) {
            const auto y = static_cast<std::size_t>(c.anniversaryYears[j]);
            c.annualFees[y] = round(c.annualFees[y] + fee);
            c.feeDates.push_back({c.anniversaries[j], fee});
        }
    }
    c.cfads.assign(size, 0.0);
    for (std::size_t k = 0; k < size; ++k) c.cfads[k] = round(c.projection.netSavings[k] - c.annualFees[k]);
}

}  // namespace

BondContext makeBondContext(const Scenario& s) {
    BondContext c;
    c.scenario = &s;
    c.years = ProgrammeYears(s.startDate, s.horizonYears);
    c.frame = finance::scheduleFrame(bondTerms(s, 0.0));  // the dates do not depend on the notional
    c.dates = c.frame.dates;
    for (int j = 1; j <= s.bond.periods; ++j) c.periodYear.push_back(c.years.yearOf(c.dates[static_cast<std::size_t>(j)]));
    const auto maturity = c.dates.back();
    for (int j = 1;; ++j) {
        finance::Date anniversary;
        try {
            anniversary = s.bond.issueDate.plusYears(j);
        } catch (const std::out_of_range&) {
            break;  // fillProgramme raises it when a fee falls due
        }
        if (anniversary > maturity) break;
        c.anniversaries.push_back(anniversary);
        c.anniversaryYears.push_back(c.years.yearOf(anniversary));
    }
    for (Year k = 0; k <= s.horizonYears; ++k) c.yearLabels.push_back(c.years.label(k));
    c.issueYear = c.years.yearOf(s.bond.issueDate);
    c.finalYear = c.years.yearOf(maturity);
    fillProgramme(c, s);
    return c;
}

BondContext makeBondContext(const Scenario& s, const BondContext& sameDates) {
    const Scenario& t = *sameDates.scenario;
    const bool same = s.startDate == t.startDate && s.horizonYears == t.horizonYears &&
                      s.bond.issueDate == t.bond.issueDate && s.bond.periods == t.bond.periods &&
                      s.bond.frequency == t.bond.frequency && s.bond.dayCount == t.bond.dayCount &&
                      s.bond.calendar == t.bond.calendar && s.bond.paymentConvention == t.bond.paymentConvention;
    if (!same) return makeBondContext(s);
    BondContext c = sameDates;
    c.scenario = &s;
    fillProgramme(c, s);
    return c;
}

bool notionalFollowsSchedule(const Scenario& s) {
    return s.bond.notional.rule == NotionalRule::TargetMinDscr || s.bond.reserveMonths > 0.0 ||
           s.bond.amortization == AmortizationType::Sculpted || s.bond.structure == Structure::SavingsLinked;
}

std::string periodText(const BondContext& c, int period) {
    if (period < 1 || period > static_cast<int>(c.periodYear.size())) return "";
    return c.years.label(c.periodYear[static_cast<std::size_t>(period - 1)]) + " (period " + std::to_string(period) + ")";
}

IssueAmounts issueAmounts(const Scenario& s, Money notional) {
    const Rounding& round = s.rounding;
    IssueAmounts out;
    out.pricePaid = round(notional * s.bond.issuePrice / 100.0);
    out.issuanceCosts = round(round(s.bond.issuanceCostPercent * notional) + round(s.bond.issuanceCostFixed));
    out.netProceeds = round(out.pricePaid - out.issuanceCosts);
    return out;
}

BondFlows buildBond(const BondContext& c, Money notional, std::optional<double> sculptTarget) {
    const Scenario& s = *c.scenario;
    const Rounding& round = s.rounding;
    BondFlows b;
    b.notional = round(notional);
    b.terms = bondTerms(s, b.notional);
    if (s.bond.amortization == AmortizationType::Sculpted) {
        const auto shares = sculptShares(c);
        const double dscr = sculptTarget ? *sculptTarget : exactSculptDscr(c, b.notional, shares);
        if (!(dscr > 0.0) || !std::isfinite(dscr))
            throw finance::ScheduleError("the cash flow available for debt service over the amortizing years is not "
                                         "positive, so sculpted payments cannot repay the bond", 0);
        b.sculptDscr = dscr;
        b.terms.perPeriod.assign(shares.size(), 0.0);
        // Rounded down, so that every year's payments stay within CFADS / D.
        for (std::size_t j = 0; j < shares.size(); ++j) b.terms.perPeriod[j] = round.down(shares[j] / dscr);
    }
    finance::amortize(b.terms, c.frame, b.schedule.rows);

    const auto size = static_cast<std::size_t>(s.horizonYears) + 1;
    b.contractualDebtService.assign(size, 0.0);
    for (std::size_t j = 0; j < b.schedule.rows.size(); ++j) {
        // Bucketed by the unadjusted date, so a business-day shift never changes the year.
        const auto y = static_cast<std::size_t>(c.periodYear[j]);
        b.contractualDebtService[y] = round(b.contractualDebtService[y] + b.schedule.rows[j].debtService);
    }
    b.debtServicePaid = b.contractualDebtService;
    if (s.bond.structure == Structure::SavingsLinked) {
        // Each date may pay the savings share of its year's CFADS, split over all the year's
        // payment dates (interest-only and capitalised ones included).
        std::map<Year, int> datesInYear;
        for (Year k : c.periodYear) ++datesInYear[k];
        std::vector<Money> available;
        for (Year k : c.periodYear)
            available.push_back(round(s.bond.savingsLinked.savingsShare *
                                      std::max(c.cfads[static_cast<std::size_t>(k)], 0.0) / datesInYear[k]));
        finance::PaymentByResultsTerms terms;
        terms.councilGuarantee = s.bond.savingsLinked.councilGuarantee;
        if (s.bond.savingsLinked.capMultiple) terms.cap = round(*s.bond.savingsLinked.capMultiple * b.notional);
        b.paid = finance::payByResults(b.schedule, available, s.bond.coupon.rate, terms, round);
        b.debtServicePaid.assign(size, 0.0);
        for (std::size_t j = 0; j < b.schedule.rows.size(); ++j) {
            const auto y = static_cast<std::size_t>(c.periodYear[j]);
            b.debtServicePaid[y] = round(b.debtServicePaid[y] + b.paid->rows[j].paid);
        }
    }

    const IssueAmounts issue = issueAmounts(s, b.notional);
    b.pricePaid = issue.pricePaid;
    b.issuanceCosts = issue.issuanceCosts;
    b.netProceeds = issue.netProceeds;
    if (s.bond.reserveMonths > 0.0) {
        const Money largest = *std::max_element(b.contractualDebtService.begin(), b.contractualDebtService.end());
        b.reserve = round(s.bond.reserveMonths / 12.0 * largest);
    }
    return b;
}

std::optional<DscrFloor> minimumDscr(const std::vector<Money>& cfads, const std::vector<Money>& debtService) {
    std::optional<DscrFloor> lowest;
    for (std::size_t k = 0; k < cfads.size(); ++k)
        if (debtService[k] > 0.0) {
            const double dscr = cfads[k] / debtService[k];
            if (!lowest || dscr < lowest->value) lowest = DscrFloor{dscr, static_cast<Year>(k)};
        }
    return lowest;
}

Money notionalToFund(const BondContext& c, Money costs, const std::string& rule, const std::string& what) {
    const Scenario& s = *c.scenario;
    const double step = s.bond.sizeRounding;
    if (!(costs > 0.0))
        inputProblem("/bond/notional", "\"" + rule + "\"", "there are no " + what + " to fund; give the notional as a number");
    const double perUnit = s.bond.issuePrice / 100.0 - s.bond.issuanceCostPercent;
    if (!(perUnit > 0.0))
        inputProblem("/bond/issue_price", formatNumber(s.bond.issuePrice),
                     "net proceeds never cover the costs: the issue price less the issuance cost percent must be positive");
    // Net proceeds grow with the notional faster than the reserve, so "covers" is monotone:
    // bracket by doubling, then bisect on whole multiples of size_rounding.
    // A schedule that cannot be built (a sculpted payment below its interest) is an input
    // error whatever the notional: it propagates to the caller.
    auto covers = [&](double multiple) {
        const auto b = buildBond(c, multiple * step);
        return b.netProceeds - b.reserve >= costs;
    };
    const double limit = std::floor(1e12 / step);
    double high = std::max(1.0, std::ceil((costs + s.bond.issuanceCostFixed) / perUnit / step));
    while (!covers(high)) {
        if (high >= limit)
            inputProblem("/bond/notional", "\"" + rule + "\"",
                         "no notional up to 1e12 has net proceeds, less the debt service reserve, covering the " + what);
        high = std::min(limit, high * 2.0);
    }
    double low = 0.0;  // a notional of zero funds nothing
    while (high - low > 1.0) {
        const double mid = std::floor((low + high) / 2.0);
        (covers(mid) ? high : low) = mid;
    }
    return high * step;
}

std::optional<Money> maxNotionalForDscr(const BondContext& c, double target) {
    const Scenario& s = *c.scenario;
    const double step = s.bond.sizeRounding;
    const bool sculpted = s.bond.amortization == AmortizationType::Sculpted;
    // The DSCR falls as the notional grows (more interest and principal against the same
    // CFADS), so "meets" is monotone. A sculpted bond pays floor(CFADS / (m D)) on each date:
    // it meets D by construction, and the notional must also be repaid by maturity within
    // those payments (the final one included) and keep any interest-only years at D.
    auto meets = [&](double multiple) {
        try {
            const auto b = buildBond(c, multiple * step, sculpted ? std::optional<double>(target) : std::nullopt);
            if (sculpted) {
                const auto& last = b.schedule.rows.back();
                if (last.debtService > b.terms.perPeriod.back()) return false;
            }
            const auto floor = minimumDscr(c.cfads, b.contractualDebtService);
            return floor && floor->value >= target;
        } catch (const finance::ScheduleError&) {
            return false;
        }
    };
    if (!meets(1.0)) return std::nullopt;
    const double limit = std::floor(1e12 / step);
    double low = 1.0, high = 2.0;
    while (high <= limit && meets(high)) {
        low = high;
        high *= 2.0;
    }
    if (high > limit) {
        if (meets(limit)) return limit * step;
        high = limit;
    }
    while (high - low > 1.0) {
        const double mid = std::floor((low + high) / 2.0);
        (meets(mid) ? low : high) = mid;
    }
    return low * step;
}

std::string whyNoNotionalMeets(const BondContext& c, double target) {
    const Scenario& s = *c.scenario;
    const bool sculpted = s.bond.amortization == AmortizationType::Sculpted;
    const std::string money = s.currency + " ";
    std::string why;
    try {
        const auto smallest = buildBond(c, s.bond.sizeRounding, sculpted ? std::optional<double>(target) : std::nullopt);
        const auto floor = minimumDscr(c.cfads, smallest.contractualDebtService);
        if (floor && floor->value < target) {
            const Money cfads = c.cfads[static_cast<std::size_t>(floor->year)];
            why = "the binding year is " + c.years.label(floor->year) + ", whose CFADS is " + money +
                  formatMoney(cfads, s.rounding.decimals);
            why += cfads <= 0.0 ? " (the savings have not yet overtaken the running costs and fees), so any debt "
                                  "service due that year fails every DSCR"
                                : ", too little for the debt service due that year even on the smallest bond";
        } else if (sculpted) {
            why = "payments sculpted at this DSCR do not repay even the smallest bond by maturity";
        }
    } catch (const finance::ScheduleError& e) {
        why = std::string("even the smallest bond cannot be built: ") + e.what();
    }
    // What would help, found by running the sizing again with each remedy the bond terms offer:
    // capitalising interest, or paying interest only, over the first years.
    auto helps = [&](int BondSpec::*years) -> std::optional<int> {
        const int periodsPerYear = finance::perYear(s.bond.frequency);
        for (int k = s.bond.*years + 1;
             (k + s.bond.interestOnlyYears + s.bond.capitalisedInterestYears - s.bond.*years) * periodsPerYear <
             s.bond.periods;
             ++k) {
            Scenario changed = s;
            changed.bond.*years = k;
            try {
                if (maxNotionalForDscr(makeBondContext(changed), target)) return k;
            } catch (const std::exception&) {
                return std::nullopt;  // the terms stop making sense (e.g. custom amounts per period)
            }
        }
        return std::nullopt;
    };
    std::vector<std::string> remedies;
    if (const auto k = helps(&BondSpec::capitalisedInterestYears))
        remedies.push_back("capitalised_interest_years " + std::to_string(*k));
    if (const auto k = helps(&BondSpec::interestOnlyYears))
        remedies.push_back("interest_only_years " + std::to_string(*k));
    std::string help;
    if (!remedies.empty()) {
        help = "with /bond/" + remedies.front();
        if (remedies.size() > 1) help += " (or /bond/" + remedies.back() + ")";
        help += " some notional meets it";
    } else {
        help = "neither capitalised nor interest-only years help within the tenor: a later issue date, so that the "
               "first payment falls after the savings start, or more savings would";
    }
    return (why.empty() ? "" : why + "; ") + help;
}

Money resolveNotional(const BondContext& c, Money& fundedCosts) {
    const Scenario& s = *c.scenario;
    const Rounding& round = s.rounding;
    fundedCosts = 0.0;
    switch (s.bond.notional.rule) {
    case NotionalRule::Fixed:
        return round(s.bond.notional.amount);
    case NotionalRule::FundCapitalCosts:
        fundedCosts = costsToFund(s, c.projection, true);
        return notionalToFund(c, fundedCosts, "fund_capital_costs", "capital one-off costs");
    case NotionalRule::FundOneOffCosts:
        fundedCosts = costsToFund(s, c.projection, false);
        return notionalToFund(c, fundedCosts, "fund_one_off_costs", "one-off costs");
    case NotionalRule::TargetMinDscr: {
        const double target = s.bond.notional.targetMinDscr;
        const auto notional = maxNotionalForDscr(c, target);
        if (!notional)
            inputProblem("/bond/notional/target_min_dscr", formatNumber(target),
                         "no notional of at least one size_rounding (" + formatNumber(s.bond.sizeRounding) +
                             ") meets this minimum DSCR, so the savings cannot carry the bond (" +
                             whyNoNotionalMeets(c, target) + ")");
        return *notional;
    }
    }
    return 0.0;
}

}  // namespace itsb::scenarios::detail
