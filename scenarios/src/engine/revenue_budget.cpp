#include "revenue_budget.hpp"

#include "itsb/finance/allocation.hpp"
#include "itsb/finance/capital_finance.hpp"
#include "itsb/finance/irr.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/text_format.hpp"
#include "itsb/scenarios/model/council_rules.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::scenarios::detail {

using finance::MrpMethod;
using finance::Rounding;

namespace {

std::size_t fiscalIndex(Year year) { return static_cast<std::size_t>(std::max(year, 1) - 1); }

//! round(amount x (1 + growth)^(k - 1)) for k = 1..years: the powers are those of growthFactors,
//! as every other growing amount.
std::vector<Money> streamByYear(const RevenueStream& stream, std::size_t years, const Rounding& round) {
    std::vector<double> factors(years);
    growthFactors(stream.growth, factors);
    std::vector<Money> out(years);
    for (std::size_t i = 0; i < years; ++i) out[i] = round(stream.amount * factors[i]);
    return out;
}

//! The consortium's net revenue stream by year: the block's, else the partners' summed when every
//! partner gives one.
std::optional<std::vector<Money>> consortiumStream(const Scenario& s, std::size_t years) {
    const CouncilFinance& cf = *s.councilFinance;
    if (cf.netRevenueStream) return streamByYear(*cf.netRevenueStream, years, s.rounding);
    if (s.partners.empty()) return std::nullopt;
    std::vector<Money> total(years, 0.0);
    for (const auto& partner : s.partners) {
        if (!partner.netRevenueStream) return std::nullopt;
        const auto own = streamByYear(*partner.netRevenueStream, years, s.rounding);
        for (std::size_t i = 0; i < years; ++i) total[i] = s.rounding(total[i] + own[i]);
    }
    return total;
}

std::optional<double> consortiumTaxBase(const Scenario& s) {
    const CouncilFinance& cf = *s.councilFinance;
    if (cf.taxBase) return cf.taxBase;
    if (s.partners.empty()) return std::nullopt;
    double total = 0.0;
    for (const auto& partner : s.partners) {
        if (!partner.taxBase) return std::nullopt;
        total += *partner.taxBase;
    }
    return total;
}

//! The revenue one-off costs of a year that no funding item meets: its budget bears them.
Money unfundedRevenueCosts(const RevenueRow& r, const Rounding& round) {
    return round(r.revenueOneOffCosts - r.fundedByCapitalReceipts - r.fundedByGrants - r.fundedByReserves);
}

//! Fills net revenue effect, cumulative, ratio and Band D equivalent of rows whose other columns
//! are set, then the metrics.
RevenueMetrics completeRows(std::vector<RevenueRow>& rows, const std::optional<std::vector<Money>>& stream,
                            std::optional<double> taxBase, const Rounding& round) {
    RevenueMetrics m;
    Money cumulative = 0.0;
    std::vector<Money> running;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        RevenueRow& r = rows[i];
        const Money unfunded = unfundedRevenueCosts(r, round);
        r.netRevenueEffect = round(r.grossSavings - r.runningCosts - r.fees - unfunded - r.interestAccrued - r.mrp -
                                   r.issuanceCosts);
        cumulative = round(cumulative + r.netRevenueEffect);
        r.cumulative = cumulative;
        running.push_back(cumulative);
        if (stream) {
            r.netRevenueStream = (*stream)[i];
            r.financingCostRatio = round(r.interestAccrued + r.mrp) / (*stream)[i];
            if (!m.maxFinancingCostRatio || *r.financingCostRatio > *m.maxFinancingCostRatio)
                m.maxFinancingCostRatio = r.financingCostRatio;
        }
        if (taxBase) r.bandDEquivalent = round(r.netRevenueEffect / *taxBase);
        m.peakCfr = std::max(m.peakCfr, r.cfrClosing);
        m.totalMrp = round(m.totalMrp + r.mrp);
        m.totalInterestAccrued = round(m.totalInterestAccrued + r.interestAccrued);
    }
    if (const auto index = finance::breakEvenYear(running, round.unit())) {
        m.breakEvenYear = *index + 1;
        m.breakEvenFiscalYear = rows[static_cast<std::size_t>(*index)].fiscalYear;
    }
    return m;
}

std::string amortizationTitle(finance::AmortizationType type) {
    switch (type) {
        case finance::AmortizationType::Bullet: return "maturity";
        case finance::AmortizationType::Annuity: return "annuity";
        case finance::AmortizationType::LevelPrincipal: return "EIP";
        default: return std::string(finance::name(type));
    }
}

//! The Revenue sheet's figures: the steps revenueAccount took (the funding applied, the CFR with
//! each borrowed cost's provisions, `spendCosts` the cost of each spend, the interest accrued by
//! period) and the account's helper columns.
RevenueWorkbookFigures sheetFigures(const Evaluation& ev, const AppliedFunding& funding,
                                    const std::vector<std::size_t>& spendCosts, const finance::BorrowedCfr& cfr,
                                    const finance::InterestAccrual& accrual, const RevenueAccount& account) {
    const Scenario& s = ev.scenario;
    const CouncilFinance& cf = *s.councilFinance;
    const auto years = static_cast<std::size_t>(s.horizonYears);
    RevenueWorkbookFigures out;
    out.firstFiscalYear = finance::fiscalYearOf(s.startDate);
    out.issueFinancialYear = finance::fiscalYearOf(ev.bond.issueDate) - out.firstFiscalYear + 1;
    out.taxBase = consortiumTaxBase(s);
    for (const FundedCost& f : funding.costs) {
        RevenueCostFigures c;
        c.fiscalYear = static_cast<Year>(f.year);
        c.cost = f.cost;
        c.capitalReceipts = f.capitalReceipts;
        c.grants = f.grants;
        c.reserves = f.reserves;
        c.unfunded = f.unfunded;
        c.borrowed = f.kind == CostKind::Capital ? f.unfunded : 0.0;
        c.lifeYears = f.lifeYears;
        c.firstMrpYear = static_cast<Year>(finance::firstMrpYear(f.year, cf.mrp.start));
        c.provisions.assign(years, 0.0);
        out.costs.push_back(std::move(c));
    }
    // Asset-life methods: each borrowed cost's provisions as the CFR added them.
    for (std::size_t k = 0; k < cfr.spends.size(); ++k) {
        RevenueCostFigures& c = out.costs.at(spendCosts.at(k));
        c.firstProvision = cfr.spends[k].firstProvision;
        c.provisions = cfr.spends[k].byYear;
    }
    out.funding = funding.items;
    for (const auto& parts : accrual.periods) out.partColumns = std::max(out.partColumns, static_cast<int>(parts.size()));
    const auto partColumns = static_cast<std::size_t>(out.partColumns);
    for (std::size_t j = 0; j < accrual.periods.size(); ++j) {
        const finance::ScheduleRow& row = ev.schedule.rows.at(j);
        const std::vector<finance::FiscalShare>& parts = accrual.periods[j];
        InterestSplitFigures split;
        split.days = finance::daysBetween(row.accrualStart, row.accrualEnd);
        split.firstFiscalYear = parts.front().fiscalYear;
        for (std::size_t q = 0; q < partColumns; ++q) {
            split.years.push_back(split.firstFiscalYear + static_cast<int>(q) - out.firstFiscalYear + 1);
            split.partDays.push_back(q < parts.size() ? parts[q].days : 0);
            split.parts.push_back(q < parts.size() ? parts[q].amount : 0.0);
        }
        out.interestSplits.push_back(std::move(split));
    }
    out.helpers = revenueHelperColumns(account.rows, s.rounding);
    return out;
}

}  // namespace

AppliedFunding applyFunding(const Scenario& s) {
    const CouncilFinance& cf = *s.councilFinance;
    const Rounding& round = s.rounding;
    AppliedFunding out;
    for (const auto& cost : s.programme.oneOffCosts) {
        FundedCost f;
        f.year = fiscalIndex(cost.year) + 1;
        f.kind = cost.kind;
        f.cost = round(cost.amount * (1.0 + s.programme.costOptimismBias));
        f.unfunded = f.cost;
        f.lifeYears = cost.assetLifeYears ? *cost.assetLifeYears : cf.mrp.assetLifeYears.value_or(1);
        out.costs.push_back(f);
    }
    for (const auto& item : cf.funding) {
        FundedCost& f = out.costs.at(item.cost);
        FundingItemFigures applied;
        applied.amount = round(item.amount);
        applied.left = f.unfunded;
        applied.used = std::min(applied.amount, f.unfunded);
        f.unfunded = round(f.unfunded - applied.used);
        Money& bucket = item.source == FundingSource::CapitalReceipts ? f.capitalReceipts
                        : item.source == FundingSource::Grant         ? f.grants
                                                                      : f.reserves;
        bucket = round(bucket + applied.used);
        out.items.push_back(applied);
    }
    return out;
}

std::vector<FundedCost> fundedCosts(const Scenario& s) { return applyFunding(s).costs; }

RevenueHelperColumns revenueHelperColumns(const std::vector<RevenueRow>& rows, const Rounding& round) {
    RevenueHelperColumns out;
    for (const RevenueRow& r : rows) {
        out.unfundedRevenueCosts.push_back(unfundedRevenueCosts(r, round));
        // As the Annual sheet's marker: break-even is the year after the last one below 0.00.
        out.outOfPocket.push_back(r.cumulative < 0.0 ? r.year + 1 : 0);
    }
    return out;
}

Money costsToFund(const Scenario& s, const ProgrammeProjection& projection, bool capitalOnly) {
    Money total = capitalOnly ? projection.totalCapitalOneOffCosts() : projection.totalOneOffCosts();
    if (s.councilFinance && !s.councilFinance->funding.empty())
        for (const auto& f : fundedCosts(s))
            if (!capitalOnly || f.kind == CostKind::Capital) total -= f.cost - f.unfunded;
    return s.rounding(total);
}

RevenueAccount revenueAccount(const Evaluation& ev, RevenueWorkbookFigures* figures) {
    const Scenario& s = ev.scenario;
    const CouncilFinance& cf = *s.councilFinance;
    const Rounding& round = s.rounding;
    const auto years = static_cast<std::size_t>(s.horizonYears);
    const int firstFiscalYear = finance::fiscalYearOf(s.startDate);

    RevenueAccount account;
    account.jurisdiction = std::string(name(cf.jurisdiction));
    account.mrpTitle = mrpTitle(cf.jurisdiction);
    std::vector<RevenueRow>& rows = account.rows;
    rows.resize(years);
    for (std::size_t i = 0; i < years; ++i) {
        rows[i].year = static_cast<Year>(i + 1);
        rows[i].fiscalYear = finance::fiscalYearLabel(firstFiscalYear + static_cast<int>(i));
    }
    // The cash view's annual amounts: year k in financial year k, year 0 in year 1.
    for (const auto& a : ev.annual) {
        RevenueRow& r = rows[fiscalIndex(a.year)];
        r.grossSavings = round(r.grossSavings + a.grossSavings);
        r.runningCosts = round(r.runningCosts + a.runningCosts);
        r.fees = round(r.fees + a.annualFees);
    }
    // One-off costs: revenue ones and their funding on the account, capital ones borrowed.
    const AppliedFunding funding = applyFunding(s);
    std::vector<finance::BorrowedSpend> spends;
    std::vector<std::size_t> spendCosts;  // the one-off cost of each spend
    for (std::size_t i = 0; i < funding.costs.size(); ++i) {
        const FundedCost& f = funding.costs[i];
        RevenueRow& r = rows[f.year - 1];
        if (f.kind == CostKind::Revenue) {
            r.revenueOneOffCosts = round(r.revenueOneOffCosts + f.cost);
            r.fundedByCapitalReceipts = round(r.fundedByCapitalReceipts + f.capitalReceipts);
            r.fundedByGrants = round(r.fundedByGrants + f.grants);
            r.fundedByReserves = round(r.fundedByReserves + f.reserves);
        } else if (f.unfunded > 0.0) {
            spends.push_back({f.year - 1, f.unfunded, f.lifeYears});
            spendCosts.push_back(i);
        }
    }
    const Rate annuityRate = cf.mrp.annuityRate.value_or(ev.bond.coupon);
    const auto cfr = finance::borrowedCfrBySpend(spends, years, cf.mrp.method, annuityRate, cf.mrp.start, round);
    for (std::size_t i = 0; i < years; ++i) {
        rows[i].cfrOpening = cfr.years[i].opening;
        rows[i].cfrBorrowing = cfr.years[i].borrowing;
        rows[i].mrp = cfr.years[i].mrp;
        rows[i].cfrClosing = cfr.years[i].closing;
    }
    // Interest as it accrues, by day across 31 March.
    finance::InterestAccrual accrual;
    try {
        accrual = finance::interestAccrual(ev.schedule, firstFiscalYear, years, round);
    } catch (const std::invalid_argument&) {
        throw InputError({InputProblem{"/horizon_years", std::to_string(s.horizonYears),
                                       "must cover every day the bond's interest accrues, to its unadjusted maturity " +
                                           ev.schedule.maturity().iso() + " (the revenue view)"}});
    }
    for (std::size_t i = 0; i < years; ++i) rows[i].interestAccrued = accrual.byYear[i];
    // Issuance costs in the financial year of issue.
    const int issueIndex = finance::fiscalYearOf(ev.bond.issueDate) - firstFiscalYear;
    if (ev.bond.issuanceCosts != 0.0) rows.at(static_cast<std::size_t>(issueIndex)).issuanceCosts = ev.bond.issuanceCosts;

    account.metrics = completeRows(rows, consortiumStream(s, years), consortiumTaxBase(s), round);
    if (figures) *figures = sheetFigures(ev, funding, spendCosts, cfr, accrual, account);
    return account;
}

std::vector<PartnerRevenue> partnerRevenue(const Scenario& s, const RevenueAccount& account) {
    if (s.partners.empty()) return {};
    const Rounding& round = s.rounding;
    std::vector<double> shares;
    for (const auto& partner : s.partners) shares.push_back(partner.costShare);
    std::vector<PartnerRevenue> out(s.partners.size());
    const std::size_t years = account.rows.size();
    for (auto& p : out) p.rows.resize(years);
    for (std::size_t y = 0; y < years; ++y) {
        const RevenueRow& total = account.rows[y];
        const auto split = [&](Money RevenueRow::*column) {
            const auto parts = finance::allocateLargestRemainder(total.*column, shares, round);
            for (std::size_t i = 0; i < out.size(); ++i) out[i].rows[y].*column = parts[i];
        };
        for (auto column : {&RevenueRow::grossSavings, &RevenueRow::runningCosts, &RevenueRow::fees,
                            &RevenueRow::revenueOneOffCosts, &RevenueRow::fundedByCapitalReceipts,
                            &RevenueRow::fundedByGrants, &RevenueRow::fundedByReserves, &RevenueRow::interestAccrued,
                            &RevenueRow::mrp, &RevenueRow::issuanceCosts, &RevenueRow::cfrBorrowing})
            split(column);
        for (auto& p : out) {
            p.rows[y].year = total.year;
            p.rows[y].fiscalYear = total.fiscalYear;
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto& rows = out[i].rows;
        std::vector<Money> borrowing, mrp;
        for (const auto& r : rows) {
            borrowing.push_back(r.cfrBorrowing);
            mrp.push_back(r.mrp);
        }
        const auto cfr = finance::rollForwardCfr(borrowing, mrp, round);
        for (std::size_t y = 0; y < years; ++y) {
            rows[y].cfrOpening = cfr[y].opening;
            rows[y].cfrClosing = cfr[y].closing;
        }
        const Partner& partner = s.partners[i];
        std::optional<std::vector<Money>> stream;
        if (partner.netRevenueStream) stream = streamByYear(*partner.netRevenueStream, years, round);
        out[i].metrics = completeRows(rows, stream, partner.taxBase, round);
    }
    return out;
}

PwlbComparison pwlbComparison(const Evaluation& ev) {
    const Scenario& s = ev.scenario;
    const PwlbSpec& spec = *s.councilFinance->pwlb;
    PwlbComparison out;
    out.rateType = std::string(name(spec.rateType));
    out.giltYield = spec.giltYield;
    out.margin = pwlbMargin(spec.rateType);
    out.rate = spec.giltYield + out.margin;
    out.amortization = amortizationTitle(s.bond.amortization);
    out.notional = ev.bond.notional;
    const auto type = s.bond.amortization;
    if (type != finance::AmortizationType::Bullet && type != finance::AmortizationType::Annuity &&
        type != finance::AmortizationType::LevelPrincipal) {
        out.unavailable = "the PWLB lends on maturity, annuity or EIP terms only, and this bond is " +
                          std::string(finance::name(type));
        return out;
    }
    if (ev.bond.notional <= 0.0) {
        out.unavailable = "the bond borrows nothing";
        return out;
    }
    Scenario pwlb = s;
    pwlb.councilFinance.reset();
    pwlb.bond.notional = NotionalSpec{};
    pwlb.bond.notional.amount = ev.bond.notional;
    pwlb.bond.coupon = CouponSpec{true, spec.giltYield, out.margin, out.rate};
    pwlb.bond.issuePrice = 100.0;
    pwlb.bond.issuanceCostPercent = 0.0;
    pwlb.bond.issuanceCostFixed = 0.0;
    pwlb.bond.annualFees = 0.0;
    pwlb.bond.reserveMonths = 0.0;
    pwlb.bond.interestOnlyYears = 0;
    pwlb.bond.capitalisedInterestYears = 0;
    pwlb.bond.structure = Structure::GeneralObligation;
    pwlb.bond.savingsLinked = {};
    const Evaluation other = evaluate(pwlb, EvaluateOptions::tableOnly());
    out.bondTotalInterest = ev.metrics.totalInterest;
    out.pwlbTotalInterest = other.metrics.totalInterest;
    out.bondNpvAfterFinancing = ev.metrics.table.npvAfterFinancing;
    out.pwlbNpvAfterFinancing = other.metrics.table.npvAfterFinancing;
    out.npvDifference = s.rounding(out.bondNpvAfterFinancing - out.pwlbNpvAfterFinancing);
    for (std::size_t y = 0; y < ev.annual.size(); ++y)
        out.years.push_back({ev.annual[y].year, ev.annual[y].fiscalYear, ev.annual[y].debtService,
                             other.annual[y].debtService});
    return out;
}

std::vector<std::pair<std::string, std::string>> revenueConventions(const Evaluation& ev) {
    const Scenario& s = ev.scenario;
    const CouncilFinance& cf = *s.councilFinance;
    const std::string mrp = mrpTitle(cf.jurisdiction);
    std::string method;
    const std::string life =
        cf.mrp.assetLifeYears ? std::to_string(*cf.mrp.assetLifeYears) + " years unless the cost gives its own"
                              : "each cost's own";
    switch (cf.mrp.method) {
        case MrpMethod::AssetLifeStraightLine:
            method = "asset life, straight line: A / L a year over the asset life (" + life + ")";
            break;
        case MrpMethod::AssetLifeAnnuity:
            method = "asset life, annuity at " + formatPercent(cf.mrp.annuityRate.value_or(ev.bond.coupon)) +
                     (cf.mrp.annuityRate ? "" : " (the coupon)") +
                     ": A r / ((1 + r)^L - 1) x (1 + r)^(t - 1) in year t = 1..L of the asset life (" + life + ")";
            break;
        case MrpMethod::CfrFourPercent: method = "4 % of the opening CFR each year"; break;
    }
    if (cf.mrp.method != MrpMethod::CfrFourPercent)
        method += cf.mrp.start == finance::MrpStart::YearAfter ? ", from the financial year after the spend"
                                                                : ", from the financial year of the spend";
    method += "; each year rounded, the last clearing the cost";
    std::string stream = "none given: no financing-cost ratio";
    if (cf.netRevenueStream)
        stream = "council_finance.net_revenue_stream, round(amount x (1 + growth)^(k - 1)) in year k";
    else if (!s.partners.empty() &&
             std::all_of(s.partners.begin(), s.partners.end(), [](const Partner& p) { return p.netRevenueStream.has_value(); }))
        stream = "the sum of the partners' net revenue streams, each round(amount x (1 + growth)^(k - 1)) in year k";
    return {
        {"jurisdiction", jurisdictionTitle(cf.jurisdiction) + "; " + mrpRule(cf.jurisdiction)},
        {"financial_years", "programme year k is financial year k (1 April to 31 March); year 0 amounts, on the start "
                            "date, fall in financial year 1"},
        {"interest_accrued", "each period's interest (paid or capitalised) split across the financial years of its "
                             "accrual period [start, end) in proportion to days, each part rounded, the last taking "
                             "the remainder"},
        {"funding", "funding items apply in input order, each at most what is left of its cost (after cost bias); "
                    "what none meets is borrowed (capital costs) or charged to the revenue budget in its year "
                    "(revenue costs)"},
        {"mrp", mrp + " on each capital cost financed by borrowing (after cost bias and funding): " + method},
        {"cfr", "opening + capital spending financed by borrowing - " + mrp + " = closing, each financial year"},
        {"issuance_costs_and_fees", "issuance costs charged to revenue in the financial year of issue; annual fees in "
                                    "the programme year they are paid"},
        {"net_revenue_effect", "gross savings - running costs - fees - revenue one-off costs not funded by capital "
                               "receipts, grants or reserves - interest accrued - " + mrp +
                                   " - issuance costs; its running sum gives revenue_break_even_fiscal_year by the "
                                   "rule of break_even_year"},
        {"financing_cost_ratio", "(interest accrued + " + mrp + ") / net revenue stream of the year; the stream: " + stream},
        {"band_d_equivalent", "net revenue effect / tax base (Band D equivalents), rounded"},
        {"pwlb_comparison", "the same notional, amortization, dates and frequency at gilt yield + the rate type's margin "
                            "(standard 1.00 %, certainty 0.80 %, local infrastructure 0.60 %, HRA 0.40 %), issued at "
                            "par with no costs, fees, reserve, interest-only or capitalised years; NPV after financing "
                            "at the scenario's discounting"},
        {"partners_revenue", "every revenue column split by cost_share, largest remainder to the unit; each partner's "
                             "CFR rolled forward from its shares, its ratio on its own net revenue stream"},
    };
}

void revenueWarnings(const Evaluation& ev, std::vector<Warning>& warnings) {
    const Scenario& s = ev.scenario;
    const CouncilFinance& cf = *s.councilFinance;
    const Rounding& round = s.rounding;
    const std::string jurisdiction = jurisdictionTitle(cf.jurisdiction);
    Money unfundedRevenue = 0.0, borrowedCapital = 0.0;
    for (const auto& f : fundedCosts(s))
        (f.kind == CostKind::Revenue ? unfundedRevenue : borrowedCapital) += f.unfunded;
    unfundedRevenue = round(unfundedRevenue);
    borrowedCapital = round(borrowedCapital);
    if (s.bond.structure == Structure::GeneralObligation && unfundedRevenue > 0.0) {
        const Money available = round(ev.bond.netProceeds - ev.bond.reserve);
        const auto rule = s.bond.notional.rule;
        const bool borrows = rule == NotionalRule::FundOneOffCosts ||
                             ((rule == NotionalRule::Fixed || rule == NotionalRule::TargetMinDscr) && available > borrowedCapital);
        if (borrows)
            warnings.push_back({"revenue_borrowing", "/programme/one_off_costs",
                                {moneyValue("net_proceeds", available, round.decimals, s.currency),
                                 moneyValue("capital_one_off_costs", borrowedCapital, round.decimals, s.currency),
                                 moneyValue("unfunded_revenue_costs", unfundedRevenue, round.decimals, s.currency),
                                 textValue("jurisdiction", jurisdiction),
                                 textValue("rule", revenueBorrowingRule(cf.jurisdiction))}});
    }
    if (s.bond.structure == Structure::SavingsLinked)
        warnings.push_back({"savings_linked_all_revenues", "/bond/structure",
                            {textValue("jurisdiction", jurisdiction), textValue("rule", allRevenuesRule(cf.jurisdiction))}});
    if (!ev.revenue) return;
    const RevenueAccount& account = *ev.revenue;
    if (cf.maxFinancingCostRatio) {
        std::vector<std::string> years;
        std::vector<double> ratios;
        for (const auto& r : account.rows)
            if (r.financingCostRatio && *r.financingCostRatio > *cf.maxFinancingCostRatio) {
                years.push_back(r.fiscalYear);
                ratios.push_back(*r.financingCostRatio);
            }
        if (!years.empty())
            warnings.push_back({"financing_cost_ratio_above_max", "/metrics/max_financing_cost_ratio",
                                {numberValue("max", *cf.maxFinancingCostRatio), textList("years", std::move(years)),
                                 percentList("ratios", std::move(ratios), 2)}});
    }
    if (!account.metrics.breakEvenYear && !account.rows.empty())
        warnings.push_back({"revenue_break_even_beyond_horizon", "/metrics/revenue_break_even_fiscal_year",
                            {moneyValue("cumulative", account.rows.back().cumulative, round.decimals, s.currency)}});
}

}  // namespace itsb::scenarios::detail
