#include "itsb/scenarios/engine/sizing.hpp"

#include "bond_build.hpp"
#include "revenue_budget.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace itsb::scenarios {

namespace {

//! Bisection on a monotone predicate over [low, high] where pass(low) != pass(high), until the
//! bracket is narrower than `tolerance`; returns the passing end.
double bisect(double low, double high, double tolerance, const std::function<bool(double)>& pass) {
    const bool lowPasses = pass(low);
    while (high - low > tolerance) {
        const double mid = low + (high - low) / 2.0;
        if (mid <= low || mid >= high) break;
        (pass(mid) == lowPasses ? low : high) = mid;
    }
    return lowPasses ? low : high;
}

//! The break-even year on `basis`: the revenue basis also computes the revenue account.
std::optional<Year> breakEvenAt(const Scenario& s, BreakEvenBasis basis) {
    EvaluateOptions options = EvaluateOptions::tableOnly();
    options.revenue = basis == BreakEvenBasis::Revenue;
    try {
        return breakEvenYearOf(evaluate(s, options).metrics, basis);
    } catch (const InputError&) {
        return std::nullopt;
    }
}

Scenario withSavingFactor(const Scenario& s, double factor) {
    Scenario out = s;
    for (auto& line : out.programme.serviceLines) line.savingRate *= factor;
    return out;
}

Scenario withCoupon(const Scenario& s, Rate coupon) {
    Scenario out = s;
    out.bond.coupon = CouponSpec{};
    out.bond.coupon.rate = coupon;
    return out;
}

std::optional<double> contractualMinDscr(const Scenario& s) {
    try {
        const auto context = detail::makeBondContext(s);
        const auto bond = detail::buildBond(context, s.bond.notional.amount);
        const auto floor = detail::minimumDscr(context.cfads, bond.contractualDebtService);
        return floor ? std::optional<double>(floor->value) : std::nullopt;
    } catch (const finance::ScheduleError&) {
        return std::nullopt;
    }
}

[[noreturn]] void failedRecheck(const std::string& what) {
    throw std::logic_error("sizing re-check failed: " + what);
}

}  // namespace

Scenario withFixedNotional(const Scenario& scenario, Money notional) {
    Scenario out = scenario;
    out.bond.notional = NotionalSpec{};
    out.bond.notional.rule = NotionalRule::Fixed;
    out.bond.notional.amount = notional;
    return out;
}

std::optional<NotionalNeighbour> notionalNeighbour(const Evaluation& evaluation) {
    const Scenario& s = evaluation.scenario;
    const NotionalRule rule = s.bond.notional.rule;
    if (rule == NotionalRule::Fixed) return std::nullopt;
    const bool funding = rule == NotionalRule::FundCapitalCosts || rule == NotionalRule::FundOneOffCosts;
    NotionalNeighbour neighbour;
    neighbour.notional = evaluation.bond.notional + (funding ? -s.bond.sizeRounding : s.bond.sizeRounding);
    neighbour.netProceeds = detail::issueAmounts(s, neighbour.notional).netProceeds;
    if (!funding || (neighbour.notional > 0.0 && s.bond.reserveMonths > 0.0)) {
        Scenario trial = s;
        trial.bond.notional.rule = NotionalRule::Fixed;
        trial.bond.notional.amount = neighbour.notional;
        trial.bond.notional.sculptAt = !funding && s.bond.amortization == finance::AmortizationType::Sculpted
                                           ? std::optional<double>(s.bond.notional.targetMinDscr)
                                           : std::nullopt;
        try {
            EvaluateOptions options = EvaluateOptions::tableOnly();
            options.workbook = true;  // its contractual DSCRs and sculpted payments
            neighbour.evaluation = evaluate(trial, options);
        } catch (const InputError&) {
            // No schedule at this notional: the workbook says so.
        }
    }
    const Evaluation* at = neighbour.evaluation ? &*neighbour.evaluation : nullptr;
    if (funding) {
        neighbour.meetsRule = neighbour.netProceeds - (at ? at->bond.reserve : 0.0) >= evaluation.bond.fundedCosts;
    } else if (at) {
        // As maxNotionalForDscr tests it: the minimum contractual DSCR, and a sculpted bond's final
        // payment (clearing the balance) within that date's sculpted payment.
        const auto& minimum = at->workbook->contractualMinDscr;
        neighbour.meetsRule = minimum && *minimum >= s.bond.notional.targetMinDscr;
        if (s.bond.amortization == finance::AmortizationType::Sculpted &&
            at->schedule.rows.back().debtService > at->workbook->sculptedPayments.back())
            neighbour.meetsRule = false;
    }
    return neighbour;
}

SizingReport sizeScenario(const Scenario& s, double targetDscr, Year breakEvenBy, BreakEvenBasis basis) {
    if (!(targetDscr > 0.0)) throw std::invalid_argument("the target DSCR must be positive");
    const bool revenue = basis == BreakEvenBasis::Revenue;
    if (revenue && !s.councilFinance)
        throw std::invalid_argument("the revenue break-even needs a council_finance block");
    // The revenue account has financial years 1..H (year 0's amounts fall in year 1).
    const Year firstYear = revenue ? 1 : 0;
    if (breakEvenBy < firstYear || breakEvenBy > s.horizonYears)
        throw std::invalid_argument("the break-even year must be between " + std::to_string(firstYear) +
                                    " and the horizon " + std::to_string(s.horizonYears));
    SizingReport report;
    report.inputSha256 = inputSha256(s);
    const auto context = detail::makeBondContext(s);
    Money funded = 0.0;
    try {
        report.proposalNotional = detail::resolveNotional(context, funded);
    } catch (const finance::ScheduleError& e) {
        throw InputError({{"/bond/amortization", "", std::string(e.what())}});
    }
    const Scenario fixed = withFixedNotional(s, report.proposalNotional);

    // 1. The largest notional the savings carry at the target DSCR.
    report.maxNotionalForDscr.target = targetDscr;
    if (const auto notional = detail::maxNotionalForDscr(context, targetDscr)) {
        const bool sculpted = s.bond.amortization == finance::AmortizationType::Sculpted;
        const auto bond = detail::buildBond(context, *notional, sculpted ? std::optional<double>(targetDscr) : std::nullopt);
        const auto floor = detail::minimumDscr(context.cfads, bond.contractualDebtService);
        if (!floor || floor->value < targetDscr) failedRecheck("the DSCR-sized notional misses its target");
        report.maxNotionalForDscr.notional = *notional;
        report.maxNotionalForDscr.minDscr = floor->value;
        report.maxNotionalForDscr.bindingYear = floor->year;
        report.maxNotionalForDscr.bindingFiscalYear = context.years.label(floor->year);
    } else {
        report.warnings.push_back({"max_notional_for_dscr_none", "/max_notional_for_dscr",
                                   {numberValue("size_rounding", s.bond.sizeRounding),
                                    numberValue("target", targetDscr),
                                    textValue("reason", detail::whyNoNotionalMeets(context, targetDscr))}});
    }

    // 2. The notionals that fund the capital costs, and all one-off costs.
    const auto fund = [&](bool capitalOnly) -> std::optional<Money> {
        const Money costs = detail::costsToFund(s, context.projection, capitalOnly);
        try {
            return detail::notionalToFund(context, costs, capitalOnly ? "fund_capital_costs" : "fund_one_off_costs",
                                          capitalOnly ? "capital one-off costs" : "one-off costs");
        } catch (const InputError& e) {
            report.warnings.push_back({"notional_to_fund_costs_none",
                                       capitalOnly ? "/notional_to_fund_costs/capital" : "/notional_to_fund_costs/all",
                                       {textValue("rule", e.problems().front().rule)}});
        } catch (const finance::ScheduleError& e) {
            report.warnings.push_back(
                {"notional_to_fund_costs_schedule", "/notional_to_fund_costs", {textValue("error", e.what())}});
        }
        return std::nullopt;
    };
    report.notionalToFundCosts.capital = fund(true);
    report.notionalToFundCosts.all = fund(false);

    // 3. The lowest factor on every saving rate at which the council breaks even by year K,
    // the notional held at the proposal's. Higher savings never delay break-even, so the
    // predicate is monotone on [0, 1 / the largest saving rate]: on the cash basis they raise
    // every year's council flow, on the revenue basis every year's net revenue effect (the
    // interest, MRP and fees follow the fixed notional, not the savings).
    auto& breakEven = report.breakEvenSavingRate;
    breakEven.byYear = breakEvenBy;
    breakEven.basis = basis;
    double largest = 0.0, wholeBaseline = 0.0;
    for (const auto& line : s.programme.serviceLines) {
        largest = std::max(largest, line.savingRate);
        wholeBaseline += line.addressableShare * line.savingRate;
    }
    auto breaksEven = [&](double factor) {
        const auto year = breakEvenAt(withSavingFactor(fixed, factor), basis);
        return year && *year <= breakEvenBy;
    };
    // Year 0 is the opening position, before the first fiscal year: "by opening" reads oddly.
    // Financial year k of the revenue account is programme year k, with the same label.
    const std::string byLabel = breakEvenBy == 0 ? "the opening (year 0)"
                                : context.years.label(breakEvenBy) + (revenue ? " on the revenue account" : "");
    if (!(largest > 0.0)) {
        breakEven.factor.reset();
        report.warnings.push_back({"break_even_saving_rate_no_savings", "/break_even_saving_rate", {}});
    } else if (!breaksEven(1.0 / largest)) {
        report.warnings.push_back(
            {"break_even_saving_rate_unreachable", "/break_even_saving_rate", {textValue("by", byLabel)}});
    } else if (breaksEven(0.0)) {
        report.warnings.push_back(
            {"break_even_saving_rate_not_needed", "/break_even_saving_rate", {textValue("by", byLabel)}});
    } else {
        // Accurate to 1e-7 in the whole-baseline rate: bisect the factor to 1e-9 / sum a r.
        const double factor = bisect(0.0, 1.0 / largest, 1e-9 / wholeBaseline, breaksEven);
        if (!breaksEven(factor)) failedRecheck("the break-even saving rate does not break even");
        breakEven.factor = factor;
        breakEven.savingRate = wholeBaseline * factor;
    }

    // 4. The highest coupon at the proposal's notional whose minimum DSCR meets the target.
    auto& coupon = report.maxCouponForDscr;
    coupon.target = targetDscr;
    auto bears = [&](double rate) {
        const auto dscr = contractualMinDscr(withCoupon(fixed, rate));
        return dscr && *dscr >= targetDscr;
    };
    if (!bears(0.0)) {
        report.warnings.push_back(
            {"max_coupon_for_dscr_none", "/max_coupon_for_dscr", {numberValue("target", targetDscr)}});
    } else if (bears(1.0)) {
        report.warnings.push_back(
            {"max_coupon_for_dscr_any", "/max_coupon_for_dscr", {numberValue("target", targetDscr)}});
    } else {
        const double rate = bisect(0.0, 1.0, 1e-9, bears);
        if (!bears(rate)) failedRecheck("the maximum coupon misses its DSCR target");
        coupon.coupon = rate;
    }
    return report;
}

}  // namespace itsb::scenarios
