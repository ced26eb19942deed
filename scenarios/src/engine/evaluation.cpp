#include "itsb/scenarios/engine/evaluate.hpp"

#include "annual_kernel.hpp"
#include "bond_build.hpp"
#include "itsb/finance/allocation.hpp"
#include "itsb/finance/bond_analytics.hpp"
#include "itsb/finance/discounting.hpp"
#include "itsb/finance/irr.hpp"
#include "annual_kernel.hpp"
#include "bond_build.hpp"
#include "evaluation_detail.hpp"
#include "revenue_budget.hpp"
#include "workbook_figures.hpp"
#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/programme_years.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace itsb::scenarios {

using finance::AmortizationType;
using finance::Rounding;

namespace {

[[noreturn]] void inputProblem(std::string pointer, std::string value, std::string rule) {
    throw InputError({InputProblem{std::move(pointer), std::move(value), std::move(rule)}});
}

//! The DSCR warning: every year whose savings do not cover its debt service (DSCR below 1),
//! with the worst. (A notional sized to a DSCR target meets it in every year by construction.)
void dscrWarning(const std::vector<AnnualRow>& annual, const std::optional<double>& minDscr,
                 std::vector<Warning>& warnings) {
    std::vector<std::string> years;
    std::vector<double> yearNumbers, dscrs;
    std::string worst;
    for (const auto& r : annual)
        if (r.dscr && *r.dscr < 1.0) {
            years.push_back(r.fiscalYear);
            yearNumbers.push_back(r.year);
            dscrs.push_back(*r.dscr);
            if (worst.empty() && *r.dscr == *minDscr) worst = r.fiscalYear;
        }
    if (years.empty()) return;
    warnings.push_back({"dscr_below_one", "/metrics/min_dscr",
                        {numberValue("min_dscr", *minDscr, 4), textValue("worst_year", worst),
                         textList("years", std::move(years)), countList("year_numbers", std::move(yearNumbers)),
                         numberList("dscrs", std::move(dscrs), 4)}});
}

//! Every amount must stay where a double holds each penny exactly (|x| <= 1e13: 1e15 pennies
//! below 2^53). A file whose growth or escalation compounds past it (1.42^99 is 10^15) is an
//! input error naming what grew, not a silently wrong figure.
[[noreturn]] void tooLargeProblem(const char* pointer, double value, const std::string& year) {
    inputProblem(pointer, "", "the amounts grow to " + formatNumber(value) + " in " + year +
                                  ", beyond 1e13, where every penny can no longer be kept exactly");
}


//! What the inputs drive, checked before the annual flows are derived from them (so the
//! message names the culprit).
void checkInputAmounts(const std::vector<AnnualRow>& rows) {
    for (const auto& r : rows) {
        if (beyondExactAmount(r.baselineExpenditure)) tooLargeProblem("/programme/expenditure_growth", r.baselineExpenditure, r.fiscalYear);
        if (beyondExactAmount(r.grossSavings)) tooLargeProblem("/programme/service_lines", r.grossSavings, r.fiscalYear);
        if (beyondExactAmount(r.runningCosts)) tooLargeProblem("/programme/running_costs", r.runningCosts, r.fiscalYear);
        if (beyondExactAmount(r.oneOffCosts)) tooLargeProblem("/programme/one_off_costs", r.oneOffCosts, r.fiscalYear);
        for (double amount : {r.debtService, r.annualFees, r.netProceeds, r.reserve})
            if (beyondExactAmount(amount)) tooLargeProblem("/bond", amount, r.fiscalYear);
    }
}

//! What follows from the inputs, and the bond's balances.
void checkExactAmounts(const Evaluation& ev) {
    for (const auto& r : ev.annual)
        for (double value : {r.netSavings, r.cfads, r.projectFlow, r.councilFlow, r.cumulativePosition})
            if (beyondExactAmount(value)) tooLargeProblem("/programme", value, r.fiscalYear);
    for (const auto& row : ev.schedule.rows)
        if (beyondExactAmount(row.openingBalance) || beyondExactAmount(row.closingBalance) || beyondExactAmount(row.interest))
            inputProblem("/bond", "", "the bond's balance or interest grows beyond 1e13 in period " +
                                         std::to_string(row.period) + ", where every penny can no longer be kept exactly");
}

//! Fills the derived columns of annual rows whose input columns (savings, costs, fees, debt
//! service, proceeds, reserve) are set: the one annual kernel, in whole units.
void deriveFlows(std::vector<AnnualRow>& rows, const Rounding& round) {
    checkInputAmounts(rows);
    const double power = finance::detail::kPowersOfTen[round.decimals];
    // Whole units fit 64 bits: 1e13 has 1e19 millionths, so at 6 decimals the bound is lower.
    const double largest = 9e18 / power;
    for (const auto& r : rows)
        for (double amount : {r.grossSavings, r.runningCosts, r.oneOffCosts, r.annualFees, r.debtService,
                              r.netProceeds, r.reserve})
            if (!(std::abs(amount) <= largest))
                inputProblem("/rounding/decimals", std::to_string(round.decimals),
                             "amounts reach " + formatNumber(amount) + " in " + r.fiscalYear + ", beyond " +
                                 formatNumber(largest) + ", which cannot be kept exactly to this many decimals");
    const std::size_t n = rows.size();
    std::vector<std::int64_t> gross(n), running(n), oneOff(n), fees(n), debt(n), proceeds(n), reserve(n);
    for (std::size_t y = 0; y < n; ++y) {
        const AnnualRow& r = rows[y];
        gross[y] = detail::toUnits(r.grossSavings, power);
        running[y] = detail::toUnits(r.runningCosts, power);
        oneOff[y] = detail::toUnits(r.oneOffCosts, power);
        fees[y] = detail::toUnits(r.annualFees, power);
        debt[y] = detail::toUnits(r.debtService, power);
        proceeds[y] = detail::toUnits(r.netProceeds, power);
        reserve[y] = detail::toUnits(r.reserve, power);
    }
    detail::AnnualFlows flows;
    detail::annualFlows({gross, running, oneOff, fees, debt, proceeds, reserve}, power, flows);
    const auto money = [power](std::int64_t units) { return units == 0 ? 0.0 : static_cast<double>(units) / power; };
    for (std::size_t y = 0; y < n; ++y) {
        AnnualRow& r = rows[y];
        r.netSavings = money(flows.netSavings[y]);
        r.cfads = money(flows.cfads[y]);
        r.dscr = std::isnan(flows.dscr[y]) ? std::nullopt : std::optional<double>(flows.dscr[y]);
        r.projectFlow = money(flows.projectFlow[y]);
        r.councilFlow = money(flows.councilFlow[y]);
        r.cumulativePosition = money(flows.cumulativePosition[y]);
    }
}

std::vector<AnnualRow> annualTable(const detail::BondContext& c, const detail::BondFlows& b,
                                   const std::vector<double>& discountFactors) {
    const Scenario& s = *c.scenario;
    const ProgrammeProjection& p = c.projection;
    const Rounding& round = s.rounding;
    std::vector<AnnualRow> rows;
    for (Year k = 0; k <= s.horizonYears; ++k) {
        const auto y = static_cast<std::size_t>(k);
        AnnualRow r;
        r.year = k;
        r.fiscalYear = c.yearLabels[y];
        r.baselineExpenditure = p.baselineExpenditure[y];
        r.grossSavings = p.grossSavings[y];
        r.runningCosts = p.runningCosts[y];
        r.oneOffCosts = p.oneOffCosts[y];
        r.annualFees = c.annualFees[y];
        r.debtService = b.debtServicePaid[y];
        if (k == c.issueYear) {
            r.netProceeds = b.netProceeds;
            r.reserve = round(r.reserve - b.reserve);
        }
        if (k == c.finalYear) r.reserve = round(r.reserve + b.reserve);
        r.discountFactor = discountFactors[y];
        rows.push_back(r);
    }
    deriveFlows(rows, round);
    return rows;
}

TableMetrics tableMetrics(const std::vector<AnnualRow>& rows, Rate coupon, const Rounding& round,
                          const ProgrammeYears& years) {
    TableMetrics m;
    std::vector<double> project, council, cumulative, factors, discountedProject;
    double benefits = 0.0, costs = 0.0, dscrSum = 0.0;
    int dscrYears = 0;
    for (const auto& r : rows) {
        project.push_back(r.projectFlow);
        council.push_back(r.councilFlow);
        cumulative.push_back(r.cumulativePosition);
        factors.push_back(r.discountFactor);
        discountedProject.push_back(r.projectFlow * r.discountFactor);
        benefits += r.grossSavings * r.discountFactor;
        costs += (r.runningCosts + r.oneOffCosts) * r.discountFactor;
        m.totalDebtService = round(m.totalDebtService + r.debtService);
        if (r.dscr) {
            if (!m.minDscr || *r.dscr < *m.minDscr) m.minDscr = r.dscr;
            dscrSum += *r.dscr;
            ++dscrYears;
        }
    }
    if (dscrYears > 0) m.avgDscr = dscrSum / dscrYears;
    m.projectIrrRoots = finance::periodicIrrRoots(project, round.unit());
    m.projectIrr = finance::uniqueRoot(m.projectIrrRoots);
    if (rows.size() >= 2) m.mirr = finance::mirr(project, coupon, 1.0 / rows[1].discountFactor - 1.0);
    m.projectNpv = round(finance::discountedSum(project, factors));
    m.npvAfterFinancing = round(finance::discountedSum(council, factors));
    if (costs > 0.0) m.benefitCostRatio = benefits / costs;
    m.paybackYears = finance::paybackYears(project);
    m.discountedPaybackYears = finance::paybackYears(discountedProject);
    m.breakEvenYear = finance::breakEvenYear(cumulative, round.unit());
    if (m.breakEvenYear) m.breakEvenFiscalYear = years.label(*m.breakEvenYear);
    return m;
}

std::vector<PartnerResult> partnerResults(const Scenario& s, const std::vector<AnnualRow>& total, Rate coupon,
                                          const ProgrammeYears& years) {
    if (s.partners.empty()) return {};
    const Rounding& round = s.rounding;
    std::vector<double> savingsShares, costShares;
    for (const auto& partner : s.partners) {
        savingsShares.push_back(partner.savingsShare);
        costShares.push_back(partner.costShare);
    }
    std::vector<PartnerResult> out(s.partners.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].name = s.partners[i].name;
        out[i].savingsShare = s.partners[i].savingsShare;
        out[i].costShare = s.partners[i].costShare;
    }
    for (const auto& r : total) {
        const auto bySavings = [&](Money amount) { return finance::allocateLargestRemainder(amount, savingsShares, round); };
        const auto byCost = [&](Money amount) { return finance::allocateLargestRemainder(amount, costShares, round); };
        const auto baseline = bySavings(r.baselineExpenditure), gross = bySavings(r.grossSavings);
        const auto running = byCost(r.runningCosts), oneOff = byCost(r.oneOffCosts), fees = byCost(r.annualFees);
        const auto debt = byCost(r.debtService), proceeds = byCost(r.netProceeds), reserve = byCost(r.reserve);
        for (std::size_t i = 0; i < out.size(); ++i) {
            AnnualRow p;
            p.year = r.year;
            p.fiscalYear = r.fiscalYear;
            p.baselineExpenditure = baseline[i];
            p.grossSavings = gross[i];
            p.runningCosts = running[i];
            p.oneOffCosts = oneOff[i];
            p.annualFees = fees[i];
            p.debtService = debt[i];
            p.netProceeds = proceeds[i];
            p.reserve = reserve[i];
            p.discountFactor = r.discountFactor;
            out[i].annual.push_back(p);
        }
    }
    for (auto& partner : out) deriveFlows(partner.annual, round);
    for (auto& partner : out) partner.metrics = tableMetrics(partner.annual, coupon, round, years);
    return out;
}

std::vector<std::pair<std::string, std::string>> conventionsOf(const Scenario& s, const BondSummary& bond) {
    const auto& b = s.bond;
    const bool fiscal = s.startDate.month() == 4 && s.startDate.day() == 1;
    std::string discounting;
    switch (s.discounting.method) {
    case finance::DiscountMethod::GreenBook:
        discounting = "HM Treasury Green Book: 3.5 % for years 1-30, 3.0 % 31-75, 2.5 % 76-125, 2.0 % 126-200, "
                      "1.5 % 201-300, 1.0 % after; year-end factors chained year by year";
        break;
    case finance::DiscountMethod::Flat:
        discounting = "flat " + formatPercent(s.discounting.rate) + " a year, year-end factors (1 + r)^-k";
        break;
    case finance::DiscountMethod::Curve:
        discounting = "zero curve, rates linear in years between points and flat beyond them, DF_k = (1 + z(k))^-k";
        break;
    }
    if (s.discounting.inflation != 0.0)
        discounting += "; flows deflated by inflation " + formatPercent(s.discounting.inflation) + " a year";
    else
        discounting += "; inflation 0 (inputs in real terms)";
    const std::string months = std::to_string(finance::monthsPerPeriod(b.frequency));
    return {
        {"currency", s.currency},
        {"programme_years", "year k runs from start_date + (k-1) years (exclusive) to start_date + k years (inclusive); "
                            "year 0 is start_date; programme amounts fall at the end of their year"},
        {"fiscal_year_labels", fiscal ? "UK local-government financial years (1 April to 31 March)"
                                      : "START/END dates of each programme year"},
        {"bond_year_bucketing", "bond flows belong to the programme year of their unadjusted scheduled date"},
        {"schedule_dates", "issue date + j x " + months + " months, each counted from the issue date, clipped to month end"},
        {"frequency", std::string(finance::name(b.frequency))},
        {"day_count", std::string(finance::name(b.dayCount)) +
                          (b.dayCount == finance::DayCount::ActActIcma ? " (reference period = accrual period)" : "")},
        {"calendar", std::string(finance::name(b.calendar))},
        {"payment_convention", std::string(finance::name(b.paymentConvention))},
        {"amortization", std::string(finance::name(b.amortization))},
        {"interest", "opening balance x coupon x day-count fraction of the unadjusted accrual period, rounded"},
        {"coupon", formatPercent(bond.coupon) +
                       (b.coupon.fromGilt ? " (gilt " + formatPercent(b.coupon.giltYield) + " + margin " +
                                                formatPercent(b.coupon.margin) + ")"
                                          : "")},
        {"rounding", std::string(finance::name(s.rounding.mode)) + " to " + std::to_string(s.rounding.decimals) +
                         " decimals, as spreadsheet ROUND (15 significant digits first); the final principal clears "
                         "the balance"},
        {"discounting", discounting},
        {"investor_yield", "QuantLib 1.29 CashFlows::yield on the rounded flows at the price paid, " +
                               std::string(finance::name(b.dayCount)) + ", compounded " +
                               std::string(finance::name(b.frequency)) + ", settlement " + b.issueDate.iso()},
        {"xirr", "ACT/365F from the first flow, annual compounding, as spreadsheet XIRR"},
        {"project_irr", "periodic IRR of the annual project flows; every root between -99 % and +1000 % is counted"},
        {"mirr", "finance rate = coupon " + formatPercent(bond.coupon) +
                     ", reinvestment rate = year-1 discount rate"},
        {"partners", "savings_share allocates gross savings and baseline; cost_share allocates running, one-off, "
                     "fee, debt-service, proceeds and reserve columns; largest remainder to the unit"},
    };
}

}  // namespace

finance::BondTerms bondTerms(const Scenario& s, Money notional) {
    finance::BondTerms t;
    t.notional = notional;
    t.issueDate = s.bond.issueDate;
    t.periods = s.bond.periods;
    t.frequency = s.bond.frequency;
    t.coupon = s.bond.coupon.rate;
    t.dayCount = s.bond.dayCount;
    t.calendar = s.bond.calendar;
    t.paymentConvention = s.bond.paymentConvention;
    t.amortization = s.bond.amortization;
    t.perPeriod = s.bond.custom;
    const int perYear = finance::perYear(s.bond.frequency);
    t.capitalisedPeriods = s.bond.capitalisedInterestYears * perYear;
    t.interestOnlyPeriods = s.bond.interestOnlyYears * perYear;
    t.rounding = s.rounding;
    return t;
}

Evaluation evaluate(const Scenario& s, const EvaluateOptions& options) {
    const auto context = detail::makeBondContext(s);
    const auto factors = finance::discountFactors(s.discounting, s.horizonYears);
    return detail::evaluateWith(context, factors, detail::resolveNotionalOf(context), options);
}

namespace detail {

namespace {

[[noreturn]] void scheduleProblem(const BondContext& context, const finance::ScheduleError& e) {
    const std::string where = periodText(context, e.period());
    inputProblem("/bond/amortization", "", (where.empty() ? "" : "in " + where + " ") + e.what());
}

}  // namespace

ResolvedNotional resolveNotionalOf(const BondContext& context) {
    ResolvedNotional out;
    try {
        out.notional = resolveNotional(context, out.fundedCosts);
    } catch (const finance::ScheduleError& e) {
        scheduleProblem(context, e);
    }
    return out;
}

Evaluation evaluateWith(const BondContext& context, const std::vector<double>& factors,
                        const ResolvedNotional& notional, const EvaluateOptions& options) {
    const Scenario& s = *context.scenario;
    const Rounding& round = s.rounding;
    const ProgrammeYears& years = context.years;
    const ProgrammeProjection& projection = context.projection;

    const Money fundedCosts = notional.fundedCosts;
    BondFlows b;
    try {
        std::optional<double> sculptAt = s.bond.notional.sculptAt;
        if (s.bond.notional.rule == NotionalRule::TargetMinDscr) sculptAt = s.bond.notional.targetMinDscr;
        b = buildBond(context, notional.notional, sculptAt);
    } catch (const finance::ScheduleError& e) {
        scheduleProblem(context, e);
    }

    Evaluation ev;
    ev.scenario = s;
    if (options.inputSha256) ev.inputSha256 = inputSha256(s);
    ev.schedule = b.schedule;
    ev.paid = b.paid;
    ev.bond.notional = b.notional;
    ev.bond.pricePaid = b.pricePaid;
    ev.bond.issuanceCosts = b.issuanceCosts;
    ev.bond.netProceeds = b.netProceeds;
    ev.bond.reserve = b.reserve;
    ev.bond.fundedCosts = fundedCosts;
    ev.bond.coupon = s.bond.coupon.rate;
    ev.bond.issueDate = s.bond.issueDate;
    ev.bond.maturity = b.schedule.maturity();
    ev.bond.finalPayment = b.schedule.finalPayment();
    ev.bond.finalYear = context.finalYear;
    ev.annual = annualTable(context, b, factors);
    checkExactAmounts(ev);

    Metrics& m = ev.metrics;
    m.table = tableMetrics(ev.annual, ev.bond.coupon, round, years);
    m.totalInterest = round(b.schedule.totalInterest());
    m.notional = b.notional;
    m.netProceeds = b.netProceeds;
    m.sculptDscr = b.sculptDscr;
    if (b.paid) {
        m.investorLoss = b.paid->writtenOff;
        // Years with arrears left after their last payment date (the final year before any write-off).
        for (std::size_t j = 0; j < b.schedule.rows.size(); ++j) {
            const bool lastOfYear = j + 1 == b.schedule.rows.size() || context.periodYear[j + 1] != context.periodYear[j];
            if (lastOfYear && b.paid->rows[j].arrears > 0.0) ++m.yearsInArrears;
        }
    }

    if (options.bondRisk) {
        if (const auto risk = finance::bondRisk(b.schedule, b.terms, b.pricePaid)) {
            m.investorYield = risk->yield;
            m.macaulayDuration = risk->macaulayDuration;
            m.modifiedDuration = risk->modifiedDuration;
            m.convexity = risk->convexity;
        } else if (options.warnings) {
            ev.warnings.push_back({"investor_yield_unsolved", "/metrics/investor_yield", {}});
        }
    }
    if (options.investorXirr) {
        std::vector<finance::DatedFlow> investor{{s.bond.issueDate, -b.pricePaid}};
        std::vector<finance::DatedFlow> council{{s.bond.issueDate, b.netProceeds}};
        for (std::size_t j = 0; j < b.schedule.rows.size(); ++j) {
            // What investors actually receive: the schedule, or the savings-linked payments.
            const Money received = b.paid ? b.paid->rows[j].paid : b.schedule.rows[j].debtService;
            investor.push_back({b.schedule.rows[j].paymentDate, received});
            council.push_back({b.schedule.rows[j].paymentDate, -received});
        }
        for (const auto& fee : context.feeDates) council.push_back({fee.date, -fee.amount});
        m.investorIrr = finance::uniqueRoot(finance::xirrRoots(investor));
        m.councilAllInCost = finance::uniqueRoot(finance::xirrRoots(council));
    }

    double cover = 0.0;
    const double growth = 1.0 + ev.bond.coupon;
    for (Year k = 1; k <= std::min(context.finalYear, s.horizonYears); ++k)
        cover += ev.annual[static_cast<std::size_t>(k)].cfads * std::pow(growth, -k);
    if (b.notional > 0.0) m.llcr = cover / b.notional;

    if (options.partners) ev.partners = partnerResults(s, ev.annual, ev.bond.coupon, years);
    std::optional<RevenueWorkbookFigures> revenueFigures;  // the Revenue sheet's, from the account's steps
    if (options.revenue && s.councilFinance) {
        if (options.workbook) revenueFigures.emplace();
        ev.revenue = revenueAccount(ev, revenueFigures ? &*revenueFigures : nullptr);
        m.revenue = ev.revenue->metrics;
        if (options.pwlb && s.councilFinance->pwlb) ev.revenue->pwlb = pwlbComparison(ev);
        if (options.partners) {
            auto shares = partnerRevenue(s, *ev.revenue);
            for (std::size_t i = 0; i < shares.size(); ++i) ev.partners[i].revenue = std::move(shares[i]);
        }
    }
    if (options.workbook) ev.workbook = detail::workbookFigures(context, b, ev, std::move(revenueFigures));
    if (options.conventions) {
        ev.conventions = conventionsOf(s, ev.bond);
        if (s.councilFinance) {
            auto more = revenueConventions(ev);
            ev.conventions.insert(ev.conventions.end(), more.begin(), more.end());
        }
    }
    if (!options.warnings) return ev;

    // Warnings: what a treasury officer must not miss.
    const auto& roots = m.table.projectIrrRoots;
    if (roots.empty())
        ev.warnings.push_back({"project_irr_none", "/metrics/project_irr", {}});
    else if (roots.size() > 1)
        ev.warnings.push_back({"project_irr_several", "/metrics/project_irr", {percentList("roots", roots, 4)}});
    const bool hasRevenue = std::any_of(s.programme.oneOffCosts.begin(), s.programme.oneOffCosts.end(),
                                        [](const OneOffCost& c) { return c.kind == CostKind::Revenue; });
    if (s.councilFinance) {
        revenueWarnings(ev, ev.warnings);
    } else if (s.bond.structure == Structure::GeneralObligation && hasRevenue) {
        const Money available = round(b.netProceeds - b.reserve);
        const Money capital = round(projection.totalCapitalOneOffCosts());
        const bool borrowsRevenue =
            s.bond.notional.rule == NotionalRule::FundOneOffCosts ||
            ((s.bond.notional.rule == NotionalRule::Fixed || s.bond.notional.rule == NotionalRule::TargetMinDscr) &&
             available > capital);
        if (borrowsRevenue)
            ev.warnings.push_back({"revenue_borrowing", "/programme/one_off_costs",
                                   {moneyValue("net_proceeds", available, s.rounding.decimals, s.currency),
                                    moneyValue("capital_one_off_costs", capital, s.rounding.decimals, s.currency)}});
    }
    dscrWarning(ev.annual, m.table.minDscr, ev.warnings);
    if (b.paid && m.investorLoss > 0.0)
        ev.warnings.push_back(
            {"investor_loss", "/metrics/investor_loss",
             {moneyValue("written_off", m.investorLoss, s.rounding.decimals, s.currency),
              moneyValue("paid", b.paid->totalPaid, s.rounding.decimals, s.currency),
              moneyValue("contractual", round(b.schedule.totalDebtService()), s.rounding.decimals, s.currency)}});
    if (!m.table.breakEvenYear)
        ev.warnings.push_back({"break_even_beyond_horizon", "/metrics/break_even_year",
                               {moneyValue("cumulative_position", ev.annual.back().cumulativePosition,
                                           s.rounding.decimals, s.currency)}});
    return ev;
}

}  // namespace detail

}  // namespace itsb::scenarios
