// The run workbook: the Inputs sheet, and the entry point that writes every sheet.
#include "itsb/reports/warning_text.hpp"
#include "itsb/reports/workbooks.hpp"

#include "xlsx_run.hpp"

#include "itsb/version.hpp"

#include <algorithm>
#include <stdexcept>

namespace itsb::reports::xlsx {

using finance::Date;
using finance::Money;
using finance::Year;
using scenarios::NotionalRule;

// --- Inputs ------------------------------------------------------------------------------------

namespace {

std::string notionalRuleName(NotionalRule rule) {
    switch (rule) {
    case NotionalRule::Fixed:
        return "fixed";
    case NotionalRule::FundCapitalCosts:
        return "fund_capital_costs";
    case NotionalRule::FundOneOffCosts:
        return "fund_one_off_costs";
    case NotionalRule::TargetMinDscr:
        return "target_min_dscr";
    }
    return "";
}

std::string shapeName(const scenarios::Ramp& ramp) {
    if (!ramp.fractions.empty()) return "fractions";
    return ramp.shape == scenarios::RampShape::SCurve ? "s_curve" : "linear";
}

//! Writes label / value / note rows and input tables from the top of the Inputs sheet down.
class InputsWriter {
  public:
    InputsWriter(RunContext& context, Sheet& sheet) : c_(context), sheet_(sheet) {}

    int row = 0;

    void section(const std::string& title) {
        ++row;
        sheet_.text(row++, 0, title, Style::Section);
    }
    //! A label in column A, its note in column C; `name` (if any) names the value cell B.
    std::string label(const std::string& text, const std::string& name, const std::string& note) {
        sheet_.text(row, 0, text, Style::Plain);
        if (!note.empty()) sheet_.text(row, 2, note, Style::Note);
        const std::string ref = onSheet(kInputs, cellRef(row, 1, true));
        if (!name.empty()) c_.book.defineName(name, ref);
        return ref;
    }
    std::string number(const std::string& text, double value, Style style, const std::string& name = "",
                       const std::string& note = "") {
        const std::string ref = label(text, name, note);
        sheet_.number(row++, 1, value, style);
        return ref;
    }
    std::string date(const std::string& text, Date value, const std::string& name = "", const std::string& note = "") {
        const std::string ref = label(text, name, note);
        sheet_.date(row++, 1, value);
        return ref;
    }
    std::string words(const std::string& text, const std::string& value, const std::string& name = "",
                      const std::string& note = "") {
        const std::string ref = label(text, name, note);
        sheet_.text(row++, 1, value, Style::Plain);
        return ref;
    }
    std::string formula(const std::string& text, const std::string& f, double cached, Style style,
                        const std::string& name = "", const std::string& note = "") {
        const std::string ref = label(text, name, note);
        sheet_.formula(row++, 1, f, cached, style);
        return ref;
    }
    std::string formulaText(const std::string& text, const std::string& f, const std::string& cached,
                            const std::string& name = "", const std::string& note = "") {
        const std::string ref = label(text, name, note);
        sheet_.formulaText(row++, 1, f, cached, Style::Check);
        return ref;
    }
    void header(const std::vector<std::string>& headings) {
        for (std::size_t i = 0; i < headings.size(); ++i) sheet_.text(row, static_cast<int>(i), headings[i], Style::Header);
        ++row;
    }
    //! Names the range of column `column` over rows first..last (when there are rows).
    void nameColumn(const std::string& name, int column, int first, int last) {
        if (last >= first) c_.book.defineName(name, onSheet(kInputs, rangeRef(first, column, last, column)));
    }

  private:
    RunContext& c_;
    Sheet& sheet_;
};

//! The notional and what its sizing rule had to meet, one size_rounding either side: itsb's
//! search is not a spreadsheet formula, so the notional is a value and these cells show that
//! the rule holds at it and fails one step away.
void writeSizingChecks(RunContext& c, InputsWriter& w) {
    const auto& s = c.s;
    const auto& ev = c.ev;
    const NotionalRule rule = s.bond.notional.rule;
    if (rule == NotionalRule::Fixed) return;
    w.section("Sizing rule: the notional above is the result of itsb's search; these cells check it");
    // The engine evaluated the neighbouring notional; null when no schedule can be built there.
    if (!c.neighbour) throw std::invalid_argument("a sized notional's workbook needs its neighbour (notionalNeighbour)");
    const scenarios::NotionalNeighbour& neighbour = *c.neighbour;
    const scenarios::Evaluation* trial = neighbour.evaluation ? &*neighbour.evaluation : nullptr;
    const scenarios::WorkbookFigures* trialFigures = trial && trial->workbook ? &*trial->workbook : nullptr;

    if (rule == NotionalRule::FundCapitalCosts || rule == NotionalRule::FundOneOffCosts) {
        const bool capital = rule == NotionalRule::FundCapitalCosts;
        w.words("Rule", capital ? "the smallest multiple of size_rounding whose net proceeds less the reserve cover "
                                  "the capital one-off costs"
                                : "the smallest multiple of size_rounding whose net proceeds less the reserve cover "
                                  "all one-off costs",
                "", "/bond/notional");
        if (c.revenue() && !s.councilFinance->funding.empty()) {
            // What council_finance's funding items meet is not borrowed (Revenue sheet, per cost).
            const std::string met = "(RevenueCostReceipts+RevenueCostGrants+RevenueCostReserves)";
            w.formula("Costs to fund",
                      capital ? c.round("SUM(CapitalOneOffCosts)-SUMPRODUCT((RevenueCostKinds=\"capital\")*" + met + ")")
                              : c.round("SUM(OneOffCostsByYear)-SUMPRODUCT" + met),
                      ev.bond.fundedCosts, Style::Money, "FundedCosts",
                      capital ? "each year's capital items summed and rounded (Annual helper column), added, less what "
                                "the funding items meet of them (Revenue sheet)"
                              : "each year's one-off costs (Annual), added, less what the funding items meet of them "
                                "(Revenue sheet)");
        } else {
            w.formula("Costs to fund", capital ? c.round("SUM(CapitalOneOffCosts)") : c.round("SUM(OneOffCostsByYear)"),
                      ev.bond.fundedCosts, Style::Money, "FundedCosts",
                      capital ? "each year's capital items summed and rounded (Annual helper column), then added"
                              : "each year's one-off costs (Annual), added");
        }
        const Money available = c.fig.availableProceeds;
        w.formula("Net proceeds less reserve", c.round("NetProceeds-ReserveAmount"), available, Style::Money,
                  "AvailableProceeds");
        w.formulaText("Covers the costs at this notional", "IF(AvailableProceeds>=FundedCosts,\"OK\",\"FAILS\")",
                      available >= ev.bond.fundedCosts ? "OK" : "FAILS");
        if (neighbour.notional <= 0.0) {
            w.words("One size_rounding less", "no bond at all", "", "a notional of 0 funds nothing");
            return;
        }
        const Money lessProceeds = neighbour.netProceeds;
        const std::string n =
            w.formula("One size_rounding less: notional", "Notional-SizeRounding", neighbour.notional, Style::Money);
        const std::string proceedsRef = w.formula(
            "  its net proceeds",
            c.round(c.round(n + "*IssuePrice/100") + "-" +
                    c.round(c.round("IssuanceCostPercent*" + n) + "+" + c.round("IssuanceCostFixed"))),
            lessProceeds, Style::Money, "", "as Net proceeds above (Derived), at this notional");
        Money lessReserve = 0.0;
        std::string reserveRef;
        if (s.bond.reserveMonths > 0.0) {
            lessReserve = trial ? trial->bond.reserve : 0.0;
            reserveRef = w.number("  its reserve", lessReserve, Style::Money, "",
                                  "value: itsb rebuilt the schedule at this notional (the reserve follows its largest "
                                  "annual debt service, which no cell here can recompute without that schedule)");
        } else {
            reserveRef = w.formula("  its reserve", "0", 0.0, Style::Money, "", "no reserve (reserve_months 0)");
        }
        w.formulaText("  would not cover the costs",
                      "IF(" + proceedsRef + "-" + reserveRef + "<FundedCosts,\"OK\",\"FAILS\")",
                      neighbour.meetsRule ? "FAILS" : "OK", "",
                      "so this notional is the smallest that funds the costs");
        return;
    }

    // target_min_dscr
    const double target = s.bond.notional.targetMinDscr;
    w.words("Rule", c.sculpted() ? "the largest multiple of size_rounding that payments sculpted at the target repay "
                                   "by maturity, every year with debt service meeting the target"
                                 : "the largest multiple of size_rounding whose minimum annual DSCR (contractual debt "
                                   "service) is at least the target",
            "", "/bond/notional/target_min_dscr");
    const double minimum = c.fig.contractualMinDscr.value_or(0.0);
    w.formula("Minimum DSCR at this notional", "MIN(ContractualDSCR)", minimum, Style::Ratio, "",
              "over every year with contractual debt service (interest-only years too)");
    w.formulaText("Meets the target", "IF(MIN(ContractualDSCR)>=TargetMinDscr,\"OK\",\"FAILS\")",
                  minimum >= target ? "OK" : "FAILS");
    w.formula("One size_rounding more: notional", "Notional+SizeRounding", neighbour.notional, Style::Money);
    if (!trialFigures) {
        w.words("  at that notional", "the schedule cannot be built", "",
                "value: itsb's model at this notional (a sculpted payment would fall below its interest)");
        w.words("  fails the rule", "OK");
        return;
    }
    const std::optional<double> moreMinimum = trialFigures->contractualMinDscr;
    std::vector<std::string> failures;  // any of these makes the larger notional fail
    if (moreMinimum) {
        const std::string ref = w.number("  its minimum DSCR", *moreMinimum, Style::Ratio, "",
                                         "value: itsb rebuilt the schedule at this notional (each notional has its "
                                         "own schedule)");
        failures.push_back(ref + "<TargetMinDscr");
    }
    if (c.sculpted()) {
        // The final payment clears the balance; the bond is repaid only if that stays within the
        // last date's sculpted payment ROUNDDOWN(S / D), which does not depend on the notional.
        const auto& last = trial->schedule.rows.back();
        const Money sculptedPayment = trialFigures->sculptedPayments.back();  // sculpted at the target
        const std::string finalRef = w.number("  its final payment (clearing the balance)", last.debtService,
                                              Style::Money, "", "value: itsb's schedule at that notional");
        const std::string paymentRef = w.formula(
            "  the final date's sculpted payment",
            "ROUNDDOWN(INDEX(CFADS,FinalYear+1)/COUNTIFS(ScheduleYears,FinalYear,ScheduleKinds,\"amortizing\")/"
            "TargetMinDscr,Decimals)",
            sculptedPayment, Style::Money, "", "what the savings pay on the last date");
        failures.push_back(finalRef + ">" + paymentRef);
    }
    std::string condition = failures.empty() ? "FALSE" : failures.front();
    if (failures.size() > 1) {
        condition = "OR(";
        for (std::size_t i = 0; i < failures.size(); ++i) condition += (i ? "," : "") + failures[i];
        condition += ")";
    }
    w.formulaText("  fails the rule", "IF(" + condition + ",\"OK\",\"FAILS\")", neighbour.meetsRule ? "FAILS" : "OK", "",
                  "so this notional is the largest that meets the rule");
}

//! The council_finance block (the revenue view's inputs): values, named for the Revenue sheet.
void writeCouncilFinanceInputs(RunContext& c, InputsWriter& w, Sheet& sheet) {
    const scenarios::CouncilFinance& cf = *c.s.councilFinance;
    const scenarios::MrpSpec& mrp = cf.mrp;
    w.section("Council finance (/council_finance): the revenue-budget view (Revenue sheet)");
    w.words("Jurisdiction", std::string(scenarios::name(cf.jurisdiction)), "", "/council_finance/jurisdiction");
    w.words("MRP method", std::string(scenarios::name(mrp.method)), "",
            "/council_finance/mrp/method: the Revenue sheet's MRP formulas follow it (export again to change it)");
    if (mrp.assetLifeYears)
        w.number("Asset life (years)", *mrp.assetLifeYears, Style::Integer, "MrpAssetLife",
                 "/council_finance/mrp/asset_life_years: for capital costs without their own");
    if (mrp.method == finance::MrpMethod::AssetLifeAnnuity) {
        if (mrp.annuityRate)
            w.number("Annuity rate", *mrp.annuityRate, Style::Percent, "MrpRate", "/council_finance/mrp/annuity_rate");
        else
            w.formula("Annuity rate", "=Coupon", c.ev.bond.coupon, Style::Percent, "MrpRate",
                      "/council_finance/mrp/annuity_rate not given: the coupon");
    }
    if (mrp.method != finance::MrpMethod::CfrFourPercent)
        w.words("MRP starts", std::string(scenarios::name(mrp.start)), "MrpStart",
                "/council_finance/mrp/start: year_after (the financial year after the spend) or same_year");
    if (cf.netRevenueStream) {
        w.number("Net revenue stream (year 1)", cf.netRevenueStream->amount, Style::Money, "RevenueStreamAmount",
                 "/council_finance/net_revenue_stream/amount");
        w.number("Net revenue stream growth", cf.netRevenueStream->growth, Style::Percent, "RevenueStreamGrowth",
                 "/council_finance/net_revenue_stream/growth");
    }
    if (cf.taxBase)
        w.number("Tax base (Band D equivalents)", *cf.taxBase, Style::Number, "TaxBase", "/council_finance/tax_base");
    if (cf.maxFinancingCostRatio)
        w.number("Maximum financing-cost ratio", *cf.maxFinancingCostRatio, Style::Percent, "MaxFinancingCostRatio",
                 "/council_finance/max_financing_cost_ratio: a warning above it");
    if (cf.pwlb) {
        w.words("PWLB rate type", std::string(scenarios::name(cf.pwlb->rateType)), "",
                "/council_finance/pwlb/rate_type");
        w.number("PWLB gilt yield", cf.pwlb->giltYield, Style::Percent, "PwlbGiltYield",
                 "/council_finance/pwlb/gilt_yield");
        w.number("PWLB margin", scenarios::pwlbMargin(cf.pwlb->rateType), Style::Percent, "PwlbMargin",
                 "value: the PWLB's margin for the rate type (standard 1.00 %, certainty 0.80 %, local "
                 "infrastructure 0.60 %, HRA 0.40 %)");
    }
    if (!cf.funding.empty()) {
        w.header({"Funding: cost", "Cost no.", "Source", "Amount"});
        const int first = w.row;
        for (const auto& item : cf.funding) {
            sheet.text(w.row, 0, c.s.programme.oneOffCosts.at(item.cost).name, Style::Plain);
            sheet.number(w.row, 1, static_cast<double>(item.cost + 1), Style::Integer);
            sheet.text(w.row, 2, std::string(scenarios::name(item.source)), Style::Plain);
            sheet.number(w.row, 3, item.amount, Style::Money);
            c.funding.push_back({onSheet(kInputs, cellRef(w.row, 1, true)), onSheet(kInputs, cellRef(w.row, 2, true)),
                                 onSheet(kInputs, cellRef(w.row, 3, true))});
            ++w.row;
        }
        w.nameColumn("FundingCostNumbers", 1, first, w.row - 1);
        w.nameColumn("FundingSources", 2, first, w.row - 1);
        w.nameColumn("FundingAmounts", 3, first, w.row - 1);
        sheet.text(w.row++, 0,
                   "/council_finance/funding, in input order; the cost number is the one-off cost's place in the "
                   "table above. Each item meets at most what is left of its cost (Revenue sheet).",
                   Style::Note);
    }
}

}  // namespace

void writeInputsSheet(RunContext& c, Sheet& sheet) {
    const auto& s = c.s;
    const auto& b = s.bond;
    const auto& ev = c.ev;
    InputsWriter w(c, sheet);
    sheet.columnWidth(0, 0, 42);
    sheet.columnWidth(1, 1, 20);
    sheet.columnWidth(2, 6, 14);
    sheet.columnWidth(7, 30, 10);

    sheet.text(w.row++, 0, "Inputs: " + s.name, Style::Title);
    if (!s.description.empty()) sheet.text(w.row++, 0, s.description, Style::Note);
    sheet.text(w.row++, 0,
               "Column B holds the scenario's inputs after defaults (values). Every other sheet recomputes itsb's "
               "figures from them with live formulas; the 'Derived' and 'Sizing rule' sections below are formulas.",
               Style::Note);

    w.section("Run");
    w.words("itsb version", ITSB_VERSION, "", "itsb_version");
    w.words("Input SHA-256", ev.inputSha256, "", "input_sha256: of the canonical input after defaults");
    w.words("Scenario", s.name, "", "/name");
    w.words("Currency", s.currency, "", "/currency");

    w.section("Programme");
    w.date("Start date", s.startDate, "StartDate", "/start_date: year 0; year k ends k years later");
    w.number("Horizon (years)", s.horizonYears, Style::Integer, "HorizonYears", "/horizon_years");
    w.number("Baseline expenditure", s.programme.baselineExpenditure, Style::Money, "BaselineExpenditure",
             "/programme/baseline_expenditure (year 1)");
    w.number("Expenditure growth", s.programme.expenditureGrowth, Style::Percent, "ExpenditureGrowth",
             "/programme/expenditure_growth a year");
    w.number("Savings optimism bias", s.programme.savingsOptimismBias, Style::Percent, "SavingsOptimismBias",
             "/programme/savings_optimism_bias: gross savings x (1 - bias)");
    w.number("Cost optimism bias", s.programme.costOptimismBias, Style::Percent, "CostOptimismBias",
             "/programme/cost_optimism_bias: costs x (1 + bias)");

    w.section("Service lines (/programme/service_lines)");
    std::size_t maxFractions = 0;
    for (const auto& line : s.programme.serviceLines) maxFractions = std::max(maxFractions, line.ramp.fractions.size());
    std::vector<std::string> headings{"Name", "Addressable share", "Saving rate", "Delay (years)", "Years to full",
                                      "Ramp shape"};
    for (std::size_t i = 0; i < maxFractions; ++i) headings.push_back("Fraction " + std::to_string(i + 1));
    w.header(headings);
    for (const auto& line : s.programme.serviceLines) {
        RunContext::LineCells cells;
        sheet.text(w.row, 0, line.name, Style::Plain);
        sheet.number(w.row, 1, line.addressableShare, Style::Percent);
        sheet.number(w.row, 2, line.savingRate, Style::Percent);
        sheet.number(w.row, 3, line.ramp.delayYears, Style::Integer);
        sheet.number(w.row, 4, line.ramp.yearsToFull, Style::Integer);
        sheet.text(w.row, 5, shapeName(line.ramp), Style::Plain);
        cells.share = onSheet(kInputs, cellRef(w.row, 1, true));
        cells.rate = onSheet(kInputs, cellRef(w.row, 2, true));
        cells.delay = onSheet(kInputs, cellRef(w.row, 3, true));
        cells.yearsToFull = onSheet(kInputs, cellRef(w.row, 4, true));
        cells.fractionCount = static_cast<int>(line.ramp.fractions.size());
        for (std::size_t i = 0; i < line.ramp.fractions.size(); ++i)
            sheet.number(w.row, 6 + static_cast<int>(i), line.ramp.fractions[i], Style::Percent);
        if (cells.fractionCount > 0)
            cells.fractions = onSheet(kInputs, rangeRef(w.row, 6, w.row, 6 + cells.fractionCount - 1));
        c.lines.push_back(cells);
        ++w.row;
    }
    sheet.text(w.row++, 0,
               "Ramp: 0 up to the delay; then the fractions (the last one holding), or x = MIN(1, (k - delay) / "
               "years_to_full) as linear x or s_curve x^2 (3 - 2x); years_to_full 0 is full at once.",
               Style::Note);

    w.section("One-off costs (/programme/one_off_costs)");
    if (c.revenue())
        w.header({"Name", "Year", "Amount", "Kind", "Asset life (years)"});
    else
        w.header({"Name", "Year", "Amount", "Kind"});
    {
        const int first = w.row;
        for (const auto& cost : s.programme.oneOffCosts) {
            sheet.text(w.row, 0, cost.name, Style::Plain);
            sheet.number(w.row, 1, cost.year, Style::Integer);
            sheet.number(w.row, 2, cost.amount, Style::Money);
            sheet.text(w.row, 3, std::string(scenarios::name(cost.kind)), Style::Plain);
            RunContext::OneOffCells cells{onSheet(kInputs, cellRef(w.row, 1, true)),
                                          onSheet(kInputs, cellRef(w.row, 2, true)),
                                          onSheet(kInputs, cellRef(w.row, 3, true)), ""};
            if (c.revenue() && cost.assetLifeYears) {
                sheet.number(w.row, 4, *cost.assetLifeYears, Style::Integer);
                cells.life = onSheet(kInputs, cellRef(w.row, 4, true));
            }
            c.oneOffs.push_back(cells);
            ++w.row;
        }
        w.nameColumn("OneOffYears", 1, first, w.row - 1);
        w.nameColumn("OneOffAmounts", 2, first, w.row - 1);
        w.nameColumn("OneOffKinds", 3, first, w.row - 1);
        if (s.programme.oneOffCosts.empty()) sheet.text(w.row++, 0, "(none)", Style::Note);
    }

    w.section("Running costs (/programme/running_costs)");
    w.header({"Name", "From year", "Amount", "Escalation"});
    {
        const int first = w.row;
        for (const auto& cost : s.programme.runningCosts) {
            sheet.text(w.row, 0, cost.name, Style::Plain);
            sheet.number(w.row, 1, cost.fromYear, Style::Integer);
            sheet.number(w.row, 2, cost.amount, Style::Money);
            sheet.number(w.row, 3, cost.escalation, Style::Percent);
            ++w.row;
        }
        w.nameColumn("RunningFromYears", 1, first, w.row - 1);
        w.nameColumn("RunningAmounts", 2, first, w.row - 1);
        w.nameColumn("RunningEscalations", 3, first, w.row - 1);
    }
    if (s.programme.runningCosts.empty()) sheet.text(w.row++, 0, "(none)", Style::Note);
    sheet.text(w.row++, 0, "Running cost of year k >= from_year: amount x (1 + escalation)^(k - from_year) x (1 + cost "
                           "optimism bias).",
               Style::Note);

    w.section("Bond (/bond)");
    w.words("Notional rule", notionalRuleName(b.notional.rule), "", "/bond/notional");
    if (b.notional.rule == NotionalRule::TargetMinDscr)
        w.number("Target minimum DSCR", b.notional.targetMinDscr, Style::Ratio, "TargetMinDscr",
                 "/bond/notional/target_min_dscr");
    if (b.notional.rule == NotionalRule::Fixed) {
        const std::string given = w.number("Notional as given", b.notional.amount, Style::Money, "", "/bond/notional");
        w.formula("Notional", c.round(given), ev.bond.notional, Style::Money, "Notional", "rounded to the unit");
    } else {
        w.number("Notional", ev.bond.notional, Style::Money, "Notional",
                 "value: found by itsb's search under the rule above (see 'Sizing rule' below for the checks)");
    }
    w.number("Size rounding", b.sizeRounding, Style::Money, "SizeRounding", "/bond/size_rounding");
    w.date("Issue date", b.issueDate, "IssueDate", "/bond/issue_date");
    if (b.maturity)
        w.date("Maturity", *b.maturity, "", "/bond/maturity");
    else
        w.number("Tenor (years)", b.tenorYears, Style::Integer, "", "/bond/tenor_years");
    w.number("Payment dates", b.periods, Style::Integer, "PeriodCount", "tenor x payments a year");
    w.words("Frequency", std::string(finance::name(b.frequency)), "", "/bond/frequency");
    w.number("Payments a year", finance::perYear(b.frequency), Style::Integer, "PaymentsPerYear");
    if (b.coupon.fromGilt) {
        w.number("Gilt yield", b.coupon.giltYield, Style::Percent, "GiltYield", "/bond/coupon/gilt_yield");
        w.number("Margin", b.coupon.margin, Style::Percent, "Margin", "/bond/coupon/margin");
        w.formula("Coupon", "GiltYield+Margin", b.coupon.rate, Style::Percent, "Coupon", "PWLB: gilt yield + margin");
    } else {
        w.number("Coupon", b.coupon.rate, Style::Percent, "Coupon", "/bond/coupon");
    }
    w.words("Day count", std::string(finance::name(b.dayCount)), "", "/bond/day_count (accrual fractions on Schedule)");
    w.words("Calendar", std::string(finance::name(b.calendar)), "", "/bond/calendar (payment dates on Schedule)");
    w.words("Payment convention", std::string(finance::name(b.paymentConvention)), "", "/bond/payment_convention");
    w.words("Amortization", std::string(finance::name(b.amortization)), "", "/bond/amortization");
    w.number("Capitalised-interest years", b.capitalisedInterestYears, Style::Integer, "CapitalisedYears",
             "/bond/capitalised_interest_years");
    w.number("Interest-only years", b.interestOnlyYears, Style::Integer, "InterestOnlyYears",
             "/bond/interest_only_years");
    w.number("Issue price (% of par)", b.issuePrice, Style::Number, "IssuePrice", "/bond/issue_price");
    w.number("Issuance costs: percent of notional", b.issuanceCostPercent, Style::Percent, "IssuanceCostPercent",
             "/bond/issuance_costs/percent");
    w.number("Issuance costs: fixed", b.issuanceCostFixed, Style::Money, "IssuanceCostFixed",
             "/bond/issuance_costs/fixed");
    w.number("Annual fees", b.annualFees, Style::Money, "AnnualFees",
             "/bond/annual_fees: on each anniversary of the issue date up to maturity");
    w.number("Debt service reserve (months)", b.reserveMonths, Style::Number, "ReserveMonths", "/bond/reserve_months");
    w.words("Structure", b.structure == scenarios::Structure::SavingsLinked ? "savings_linked" : "general_obligation",
            "", "/bond/structure");
    if (b.structure == scenarios::Structure::SavingsLinked) {
        w.number("Savings share", b.savingsLinked.savingsShare, Style::Percent, "SavingsShare",
                 "/bond/savings_linked/savings_share of CFADS available to investors");
        w.words("Council guarantee", b.savingsLinked.councilGuarantee ? "true" : "false", "",
                "/bond/savings_linked/council_guarantee");
        if (b.savingsLinked.capMultiple)
            w.number("Cap multiple", *b.savingsLinked.capMultiple, Style::Number, "CapMultiple",
                     "/bond/savings_linked/cap_multiple of the notional");
    }
    if (b.amortization == finance::AmortizationType::Custom ||
        b.amortization == finance::AmortizationType::CustomFractions) {
        const bool fractions = b.amortization == finance::AmortizationType::CustomFractions;
        w.section(fractions ? "Principal as fractions of the notional (/bond/amortization/custom_fractions)"
                            : "Principal amounts (/bond/amortization/custom)");
        w.header({"Period", fractions ? "Fraction" : "Amount"});
        const int first = w.row;
        for (std::size_t j = 0; j < b.custom.size(); ++j) {
            sheet.number(w.row, 0, static_cast<double>(j + 1), Style::Integer);
            sheet.number(w.row, 1, b.custom[j], fractions ? Style::Factor : Style::Money);
            ++w.row;
        }
        w.nameColumn("CustomEntries", 1, first, w.row - 1);
    }

    w.section("Discounting (/discounting)");
    w.words("Method", std::string(finance::name(s.discounting.method)), "", "/discounting/method");
    if (s.discounting.method == finance::DiscountMethod::Flat)
        w.number("Discount rate", s.discounting.rate, Style::Percent, "DiscountRate", "/discounting/rate");
    w.number("Inflation", s.discounting.inflation, Style::Percent, "Inflation",
             "/discounting/inflation: factors divided by (1 + inflation)^k");
    if (s.discounting.method == finance::DiscountMethod::Curve) {
        w.header({"Curve year", "Zero rate"});
        const int first = w.row;
        for (const auto& point : s.discounting.points) {
            sheet.number(w.row, 0, point.year, Style::Number);
            sheet.number(w.row, 1, point.zeroRate, Style::Percent);
            ++w.row;
        }
        w.nameColumn("CurveYears", 0, first, w.row - 1);
        w.nameColumn("CurveRates", 1, first, w.row - 1);
        sheet.text(w.row++, 0, "Zero rates linear in years between points, flat beyond the first and last; DF_k = (1 + "
                               "z(k))^-k.",
                   Style::Note);
    }
    if (s.discounting.method == finance::DiscountMethod::GreenBook) {
        w.header({"Green Book band: from year", "Rate"});
        const int first = w.row;
        // HM Treasury's schedule of declining long-term rates (SPEC §5): an input of the formulas.
        const std::vector<std::pair<int, double>> bands{{1, 0.035},   {31, 0.030},  {76, 0.025},
                                                        {126, 0.020}, {201, 0.015}, {301, 0.010}};
        for (const auto& [from, rate] : bands) {
            sheet.number(w.row, 0, from, Style::Integer);
            sheet.number(w.row, 1, rate, Style::Percent);
            ++w.row;
        }
        c.book.defineName("GreenBookBands", onSheet(kInputs, rangeRef(first, 0, w.row - 1, 1)));
        sheet.text(w.row++, 0, "Each year is discounted at its band's rate: DF_k = DF at the band's start x (1 + "
                               "rate)^-(years into the band).",
                   Style::Note);
    }

    w.section("Rounding (/rounding)");
    w.number("Decimals", s.rounding.decimals, Style::Integer, "Decimals", "/rounding/decimals");
    w.words("Mode", std::string(finance::name(s.rounding.mode)), "", "/rounding/mode");
    sheet.text(w.row++, 0,
               s.rounding.mode == finance::RoundingMode::HalfUp
                   ? "Every amount is ROUND(x, Decimals): spreadsheet ROUND is itsb's half_up (15 significant digits "
                     "first, ties away from zero)."
                   : "half_even: ROUND(x, Decimals) less one unit towards zero at an exact tie that ROUND took to an "
                     "odd unit.",
               Style::Note);

    if (!s.partners.empty()) {
        w.section("Partners (/partners)");
        if (c.revenue())
            w.header({"Name", "Savings share", "Cost share", "Net revenue stream", "Stream growth", "Tax base (Band D)"});
        else
            w.header({"Name", "Savings share", "Cost share"});
        for (const auto& p : s.partners) {
            sheet.text(w.row, 0, p.name, Style::Plain);
            sheet.number(w.row, 1, p.savingsShare, Style::Percent);
            sheet.number(w.row, 2, p.costShare, Style::Percent);
            if (c.revenue()) {
                RunContext::PartnerCells cells;
                if (p.netRevenueStream) {
                    sheet.number(w.row, 3, p.netRevenueStream->amount, Style::Money);
                    sheet.number(w.row, 4, p.netRevenueStream->growth, Style::Percent);
                    cells.streamAmount = onSheet(kInputs, cellRef(w.row, 3, true));
                    cells.streamGrowth = onSheet(kInputs, cellRef(w.row, 4, true));
                }
                if (p.taxBase) {
                    sheet.number(w.row, 5, *p.taxBase, Style::Number);
                    cells.taxBase = onSheet(kInputs, cellRef(w.row, 5, true));
                }
                c.partnerCells.push_back(cells);
            }
            ++w.row;
        }
    }

    if (c.revenue()) writeCouncilFinanceInputs(c, w, sheet);

    w.section("Derived from the inputs (formulas)");
    w.formula("Price paid by investors", c.round("Notional*IssuePrice/100"), ev.bond.pricePaid, Style::Money,
              "PricePaid", "notional x issue price / 100");
    w.formula("Issuance costs", c.round(c.round("IssuanceCostPercent*Notional") + "+" + c.round("IssuanceCostFixed")),
              ev.bond.issuanceCosts, Style::Money, "IssuanceCosts", "percent x notional + fixed, each rounded");
    w.formula("Net proceeds", c.round("PricePaid-IssuanceCosts"), ev.bond.netProceeds, Style::Money, "NetProceeds",
              "price paid less issuance costs, in the issue year");
    w.formula("Fee on each anniversary", c.round("AnnualFees"), c.fig.feeAmount, Style::Money, "FeeAmount");
    w.formula("Issue year", "COUNTIF(YearEnds,\"<\"&IssueDate)", c.fig.issueYear, Style::Integer,
              "IssueYear", "programme year of the issue date: year-ends strictly before it");
    w.formula("Final payment year", "MAX(ScheduleYears)", ev.bond.finalYear, Style::Integer, "FinalYear",
              "programme year of the last scheduled (unadjusted) date");
    w.formula("Debt service reserve", c.round("ReserveMonths/12*MAX(ContractualDebtService)"), ev.bond.reserve,
              Style::Money, "ReserveAmount",
              "months / 12 x the largest annual contractual debt service: paid from proceeds in the issue year, "
              "returned in the final payment's year");
    if (c.fig.investorCap)
        w.formula("Cap on total payments to investors", c.round("CapMultiple*Notional"), *c.fig.investorCap,
                  Style::Money, "InvestorCap");

    writeSizingChecks(c, w);

    w.section("Conventions (itsb's `conventions`)");
    for (const auto& [key, value] : ev.conventions) {
        sheet.text(w.row, 0, key, Style::Plain);
        sheet.text(w.row, 1, value, Style::Plain);
        ++w.row;
    }
    if (!ev.warnings.empty()) {
        w.section("Warnings");
        for (const auto& warning : ev.warnings) sheet.text(w.row++, 0, warningText(warning), Style::Plain);
    }
}

// --- Entry points ------------------------------------------------------------------------------

Sheet& writeRunSheets(Workbook& book, const scenarios::Evaluation& evaluation,
                      const std::optional<scenarios::NotionalNeighbour>& neighbour) {
    RunContext c(book, evaluation, neighbour);
    Sheet& inputs = book.addSheet(kInputs);
    Sheet& schedule = book.addSheet(kSchedule);
    Sheet& annual = book.addSheet(kAnnual);
    Sheet* revenue = c.revenue() ? &book.addSheet(kRevenue) : nullptr;
    Sheet& metrics = book.addSheet(kMetrics);
    Sheet* partners = evaluation.partners.empty() ? nullptr : &book.addSheet(kPartners);
    writeInputsSheet(c, inputs);
    writeAnnualSheet(c, annual);
    writeScheduleSheet(c, schedule);
    if (revenue) writeRevenueSheet(c, *revenue);
    writeMetricsSheet(c, metrics);
    if (partners) writePartnersSheet(c, *partners);
    return metrics;
}

}  // namespace itsb::reports::xlsx

namespace itsb::reports {

void writeRunWorkbook(const scenarios::Evaluation& evaluation,
                      const std::optional<scenarios::NotionalNeighbour>& neighbour, const std::string& path) {
    xlsx::Workbook book(path, evaluation.scenario.startDate, evaluation.scenario.rounding.decimals);
    xlsx::writeRunSheets(book, evaluation, neighbour).activate();  // open on the metrics
    book.close();
}

}  // namespace itsb::reports
