// The run workbook's helper figures (Evaluation::workbook), computed by the engine so the workbook
// only formats them: each checked against a closed form, a spreadsheet formula or a hand
// calculation written beside it, and against the evaluation's own metrics where they meet.

#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/engine/simulation.hpp"
#include "itsb/scenarios/engine/sizing.hpp"

#include "hand_scenario.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

using namespace itsb::scenarios;

namespace {

using itsb::test::kHand;  // tests/hand_scenario.hpp

EvaluateOptions withWorkbook() {
    EvaluateOptions options;
    options.workbook = true;
    return options;
}

const WorkbookFigures& figures(const Evaluation& ev) {
    REQUIRE(ev.workbook.has_value());
    return *ev.workbook;
}

bool pennies(double a, double b) { return std::abs(a - b) < 0.005; }

//! An example input's text, examples/NAME.json.
std::string exampleText(const std::string& name) {
    std::ifstream stream(std::string(ITSB_SOURCE_DIR) + "/examples/" + name + ".json", std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    REQUIRE(!text.str().empty());
    return text.str();
}

const RevenueWorkbookFigures& revenueFigures(const Evaluation& ev) {
    REQUIRE(figures(ev).revenue.has_value());
    return *figures(ev).revenue;
}
bool close(double a, double b, double relative = 1e-12) { return std::abs(a - b) <= relative * std::max(1.0, std::abs(b)); }

}  // namespace

TEST_CASE("workbook figures: computed only when asked for") {
    const auto scenario = readScenario(kHand);
    CHECK(!evaluate(scenario).workbook);
    CHECK(!evaluate(scenario, EvaluateOptions::tableOnly()).workbook);
    CHECK(evaluate(scenario, withWorkbook()).workbook);
}

TEST_CASE("workbook figures: the hand scenario's schedule, fee and payback steps") {
    const auto ev = evaluate(readScenario(kHand), withWorkbook());
    const auto& w = figures(ev);
    // Level principal 150,000 / 2 = 75,000; no capitalised or interest-only periods.
    CHECK(w.capitalisedPeriods == 0);
    CHECK(w.interestOnlyPeriods == 0);
    CHECK(w.amortizingPeriods == 2);
    CHECK(w.firstAmortizingPeriod == 1);
    REQUIRE(w.levelPrincipal);
    CHECK(*w.levelPrincipal == 75000.0);
    CHECK(!w.levelPayment);
    // Dates 2027-04-01 and 2028-04-01 end programme years 1 and 2; the issue date is year 0.
    CHECK(w.periodYear == std::vector<Year>{1, 2});
    CHECK(w.issueYear == 0);
    // Fees of 1,000 on both anniversaries.
    CHECK(w.feeAmount == 1000.0);
    REQUIRE(w.feeDates.size() == 2);
    CHECK(w.feeDates[0].iso() == "2027-04-01");
    CHECK(w.feeDates[1].iso() == "2028-04-01");
    CHECK(w.feeYears == std::vector<Year>{1, 2});
    // Capital one-off costs: the kit, 150,000 in year 0.
    CHECK(w.capitalOneOffCosts == std::vector<double>{150000.0, 0.0, 0.0, 0.0});
    // Net proceeds 150,000, no reserve.
    CHECK(w.availableProceeds == 150000.0);
    CHECK(!w.investorCap);

    // Contractual debt service 82,500 and 78,750 against CFADS 89,000: DSCRs 1.0788 and 1.1302,
    // the minimum the table's own (a general-obligation bond pays its contract).
    CHECK(w.contractualDebtService == std::vector<double>{0.0, 82500.0, 78750.0, 0.0});
    CHECK(!w.contractualDscr[0]);
    CHECK(close(*w.contractualDscr[1], 89000.0 / 82500.0));
    CHECK(close(*w.contractualDscr[2], 89000.0 / 78750.0));
    REQUIRE(w.contractualMinDscr);
    CHECK(*w.contractualMinDscr == *ev.metrics.table.minDscr);

    // One service line at full ramp from year 1: 1,000,000 x 1 x 0.1 = 100,000 a year.
    REQUIRE(w.lineSavings.size() == 1);
    CHECK(w.rampFractions[0] == std::vector<double>{0.0, 1.0, 1.0, 1.0});
    for (int k = 1; k <= 3; ++k) CHECK(pennies(w.lineSavings[0][static_cast<std::size_t>(k)], 100000.0));

    // Flat 10 %, no inflation: the factors before inflation are the table's, 1.1^-k.
    for (int k = 0; k <= 3; ++k) {
        CHECK(close(w.undeflatedDiscountFactors[static_cast<std::size_t>(k)], std::pow(1.1, -k)));
        CHECK(w.undeflatedDiscountFactors[static_cast<std::size_t>(k)] == ev.annual[static_cast<std::size_t>(k)].discountFactor);
    }
    CHECK(w.greenBookRates.empty());
    CHECK(w.zeroRates.empty());

    // Project flows -150,000, 90,000, 90,000, 90,000: cumulative -150,000, -60,000, 30,000,
    // 120,000; payback in year 2 at 1 + 60,000 / 90,000 = 1.6667.
    const auto& p = w.payback;
    CHECK(p.cumulativeProject == std::vector<double>{-150000.0, -60000.0, 30000.0, 120000.0});
    CHECK(!p.payback[0]);
    CHECK(!p.payback[1]);
    REQUIRE(p.payback[2]);
    CHECK(close(*p.payback[2], 1.0 + 60000.0 / 90000.0));
    CHECK(!p.payback[3]);
    CHECK(*p.payback[2] == *ev.metrics.table.paybackYears);
    // Discounted: -150,000 + 90,000 / 1.1 = -750,000 / 11 by year 1, and year 2 adds
    // 90,000 / 1.21 = 9,000,000 / 121: payback at 1 + (750,000 / 11) / (9,000,000 / 121) = 1 + 11/12.
    CHECK(close(p.cumulativeDiscounted[1], -750000.0 / 11.0, 1e-12));
    REQUIRE(p.discountedPayback[2]);
    CHECK(close(*p.discountedPayback[2], 1.0 + 11.0 / 12.0, 1e-12));
    CHECK(close(*p.discountedPayback[2], *ev.metrics.table.discountedPaybackYears, 1e-12));
    // The council is never out of pocket (cumulative positions 0, 6,500, ...): break-even year 0.
    CHECK(p.outOfPocket == std::vector<double>{0.0, 0.0, 0.0, 0.0});
    // Each partner has its own steps.
    REQUIRE(w.partnerPayback.size() == 2);
    CHECK(w.partnerPayback[0].cumulativeProject.size() == 4);
}

TEST_CASE("workbook figures: an annuity's level payment is the spreadsheet PMT") {
    // =PMT(0.06,10,-1000000) = 135,867.96 (1,000,000 x 0.06 / (1 - 1.06^-10) = 135,867.958).
    const auto ev = evaluate(readScenario(kHand, {{"/horizon_years", "12"},
                                                  {"/bond/notional", "1000000"},
                                                  {"/bond/tenor_years", "10"},
                                                  {"/bond/coupon", "0.06"},
                                                  {"/bond/day_count", "\"ACT/ACT(ICMA)\""},
                                                  {"/bond/amortization", "\"annuity\""}}),
                             withWorkbook());
    const auto& w = figures(ev);
    REQUIRE(w.levelPayment);
    CHECK(*w.levelPayment == 135867.96);
    CHECK(!w.levelPrincipal);
    // With whole-year accrual fractions every date but the last pays exactly that.
    for (std::size_t j = 0; j + 1 < ev.schedule.rows.size(); ++j) CHECK(ev.schedule.rows[j].debtService == 135867.96);
}

TEST_CASE("workbook figures: capitalised and interest-only years move the start of amortization") {
    // Quarterly, 1 capitalised and 2 interest-only years: periods 1-4 capitalise, 5-12 pay interest,
    // amortization starts at period 13 over 10 x 4 - 12 = 28 periods.
    const auto ev = evaluate(readScenario(kHand, {{"/horizon_years", "12"},
                                                  {"/bond/tenor_years", "10"},
                                                  {"/bond/frequency", "\"quarterly\""},
                                                  {"/bond/capitalised_interest_years", "1"},
                                                  {"/bond/interest_only_years", "2"},
                                                  {"/bond/amortization", "\"annuity\""}}),
                             withWorkbook());
    const auto& w = figures(ev);
    CHECK(w.capitalisedPeriods == 4);
    CHECK(w.interestOnlyPeriods == 8);
    CHECK(w.amortizingPeriods == 28);
    CHECK(w.firstAmortizingPeriod == 13);
    // PMT on the balance when amortization starts: B i / (1 - (1 + i)^-28), i = 5 % / 4.
    const double balance = ev.schedule.rows[12].openingBalance, i = 0.05 / 4.0;
    REQUIRE(w.levelPayment);
    CHECK(pennies(*w.levelPayment, balance * i / (1.0 - std::pow(1.0 + i, -28.0))));
}

TEST_CASE("workbook figures: Green Book bands, a zero curve and inflation") {
    const auto greenBook = evaluate(
        readScenario(kHand, {{"/horizon_years", "35"}, {"/discounting", R"({"method": "green_book", "inflation": 0.02})"}}),
        withWorkbook());
    const auto& g = figures(greenBook);
    // 3.5 % for years 1-30 (band from year 1), 3.0 % from year 31.
    CHECK(g.greenBookRates[1] == 0.035);
    CHECK(g.greenBookRates[30] == 0.035);
    CHECK(g.greenBookRates[31] == 0.030);
    CHECK(g.greenBookBandStarts[30] == 1);
    CHECK(g.greenBookBandStarts[35] == 31);
    // Before inflation 1.035^-30 x 1.03^-(k-30); the table's factors divide by 1.02^k.
    CHECK(close(g.undeflatedDiscountFactors[1], 1.0 / 1.035));
    CHECK(close(g.undeflatedDiscountFactors[33], std::pow(1.035, -30) * std::pow(1.03, -3), 1e-12));
    for (std::size_t k = 0; k < greenBook.annual.size(); ++k)
        CHECK(close(g.undeflatedDiscountFactors[k] / std::pow(1.02, static_cast<double>(k)),
                    greenBook.annual[k].discountFactor, 1e-12));

    const auto curve = evaluate(
        readScenario(kHand, {{"/horizon_years", "12"},
                             {"/discounting", R"({"method": "curve", "points": [[1, 0.03], [11, 0.05]]})"}}),
        withWorkbook());
    const auto& z = figures(curve);
    // Linear between the points: z(6) = 0.03 + 5/10 x 0.02 = 0.04; flat beyond: z(12) = 0.05.
    CHECK(close(z.zeroRates[6], 0.04));
    CHECK(close(z.zeroRates[12], 0.05));
    CHECK(close(z.undeflatedDiscountFactors[6], std::pow(1.04, -6), 1e-12));
}

TEST_CASE("workbook figures: an s-curve ramp and its line saving before rounding") {
    // Delay 1, full in 4 years, s-curve: year 3 has x = (3 - 1) / 4 = 0.5 and ramp x^2 (3 - 2x)
    // = 0.5; its saving 1,000,000 x 1.02^2 x 0.4 x 0.1 x 0.5 x (1 - 0.1) = 18,727.20.
    const auto ev = evaluate(
        readScenario(kHand, {{"/horizon_years", "6"},
                             {"/programme/expenditure_growth", "0.02"},
                             {"/programme/savings_optimism_bias", "0.1"},
                             {"/programme/service_lines",
                              R"([{"name": "a", "addressable_share": 0.4, "saving_rate": 0.1,
                                   "ramp": {"delay_years": 1, "years_to_full": 4, "shape": "s_curve"}},
                                  {"name": "b", "addressable_share": 0.6, "saving_rate": 0.05}])"}}),
        withWorkbook());
    const auto& w = figures(ev);
    CHECK(w.rampFractions[0][1] == 0.0);
    CHECK(close(w.rampFractions[0][3], 0.5));
    CHECK(pennies(w.lineSavings[0][3], 18727.20));
    // Gross savings are the lines' savings summed, then rounded once.
    for (std::size_t k = 1; k < ev.annual.size(); ++k)
        CHECK(pennies(ev.annual[k].grossSavings, w.lineSavings[0][k] + w.lineSavings[1][k]));
}

TEST_CASE("workbook figures: sculpted payments repay the balance at the sculpting DSCR") {
    const auto ev = evaluate(readScenario(kHand, {{"/horizon_years", "12"},
                                                  {"/programme/one_off_costs/0/amount", "300000"},
                                                  {"/bond/notional", "300000"},
                                                  {"/bond/tenor_years", "10"},
                                                  {"/bond/amortization", "\"sculpted\""}}),
                             withWorkbook());
    const auto& w = figures(ev);
    const auto& rows = ev.schedule.rows;
    REQUIRE(w.sculptTargets.size() == rows.size());
    REQUIRE(ev.metrics.sculptDscr);
    const double dscr = *ev.metrics.sculptDscr;
    // D = sum S_j v_j / B (SPEC §9), v_j = prod 1 / (1 + coupon tau_j); one date a year, so S_j
    // is that year's CFADS; each payment is S_j / D rounded down to the penny.
    double sum = 0.0, v = 1.0;
    for (std::size_t j = 0; j < rows.size(); ++j) {
        v /= 1.0 + 0.05 * rows[j].accrualFraction;
        CHECK(close(w.sculptDiscounts[j], v));
        CHECK(w.sculptTargets[j] == ev.annual[static_cast<std::size_t>(w.periodYear[j])].cfads);
        CHECK(w.sculptedPayments[j] == std::floor(w.sculptTargets[j] / dscr * 100.0) / 100.0);
        sum += w.sculptTargets[j] * v;
    }
    CHECK(close(sum / 300000.0, dscr, 1e-12));
}

TEST_CASE("workbook figures: a savings-linked bond's owed amounts and years in arrears") {
    const auto ev = evaluate(readScenario(kHand, {{"/horizon_years", "12"},
                                                  {"/programme/service_lines/0/saving_rate", "0.02"},
                                                  {"/bond/tenor_years", "10"},
                                                  {"/bond/amortization", "\"annuity\""},
                                                  {"/bond/structure", "\"savings_linked\""},
                                                  {"/bond/savings_linked", R"({"savings_share": 0.5, "cap_multiple": 1.5})"}}),
                             withWorkbook());
    const auto& w = figures(ev);
    REQUIRE(ev.paid);
    const auto& paid = ev.paid->rows;
    double arrearsBefore = 0.0;
    int yearsInArrears = 0;
    for (std::size_t j = 0; j < paid.size(); ++j) {
        // Owed = due + arrears brought forward + interest on them; what is not paid stays owed.
        CHECK(pennies(w.owed[j], ev.schedule.rows[j].debtService + arrearsBefore + paid[j].arrearsInterest));
        CHECK(pennies(w.owed[j], paid[j].paid + paid[j].arrears));
        arrearsBefore = paid[j].arrears;
        yearsInArrears += w.yearEndsInArrears[j] ? 1 : 0;
    }
    CHECK(yearsInArrears == ev.metrics.yearsInArrears);
    CHECK(yearsInArrears > 0);
    // The cap: 1.5 x 150,000 = 225,000.
    REQUIRE(w.investorCap);
    CHECK(*w.investorCap == 225000.0);
}

TEST_CASE("workbook figures: a sized notional's neighbour fails its rule") {
    // The default pilot funds its 10,800,000 capital costs with 10,930,000 (tests/test_evaluation.cpp);
    // 10,929,000 nets 10,929,000 - round(0.005 x 10,929,000) - 75,000 = 10,799,355.
    const auto funded = evaluate(readScenario(defaultPilotText()), withWorkbook());
    const auto less = notionalNeighbour(funded);
    REQUIRE(less);
    CHECK(less->notional == 10929000.0);
    CHECK(less->netProceeds == 10799355.0);
    CHECK(!less->meetsRule);

    const auto sized =
        evaluate(readScenario(defaultPilotText(), {{"/bond/notional", R"({"target_min_dscr": 1.3})"}}), withWorkbook());
    CHECK(*figures(sized).contractualMinDscr >= 1.3);
    const auto more = notionalNeighbour(sized);
    REQUIRE(more);
    CHECK(more->notional == sized.bond.notional + 1000.0);
    REQUIRE(more->evaluation);
    const auto& trial = figures(*more->evaluation);
    REQUIRE(trial.contractualMinDscr);
    CHECK(*trial.contractualMinDscr < 1.3);
    CHECK(!more->meetsRule);

    CHECK(!notionalNeighbour(evaluate(readScenario(kHand))));  // a fixed notional has none
}

TEST_CASE("workbook figures: each result carries its input's hash") {
    const auto scenario = readScenario(kHand);
    const std::string hash = inputSha256(scenario);
    CHECK(hash.size() == 64);
    CHECK(evaluate(scenario).inputSha256 == hash);
    CHECK(sizeScenario(scenario, 1.2, 3).inputSha256 == hash);
    SimulationOptions options;
    options.paths = 4;
    CHECK(simulate(scenario, options).inputSha256 == hash);
}

TEST_CASE("workbook figures: the Revenue sheet's steps of examples/revenue_budget.json by hand") {
    const auto scenario = readScenario(exampleText("revenue_budget"));
    CHECK(!evaluate(scenario).workbook);
    CHECK(!evaluate(readScenario(kHand), withWorkbook()).workbook->revenue);  // no council_finance
    const auto ev = evaluate(scenario, withWorkbook());
    REQUIRE(ev.revenue);
    const auto& r = revenueFigures(ev);
    // Starts and issues on 1 April 2026: financial year 2026/27 is year 1 for both. The tax base
    // is the partners' added: 118,500 + 72,400 + 48,900 = 239,800.
    CHECK(r.firstFiscalYear == 2026);
    CHECK(r.issueFinancialYear == 1);
    REQUIRE(r.taxBase);
    CHECK(*r.taxBase == 239800.0);

    // ICT consolidation: capital, 9,000,000 x 1.2 = 10,800,000 in year 0 (financial year 1), no
    // funding, all borrowed; annuity MRP at the coupon 4.8 % over 7 years from the year after:
    // first A r / ((1 + r)^L - 1) = 10,800,000 x 0.048 / (1.048^7 - 1) = 1,334,548.5976, then
    // x 1.048 a year (round(1,334,548.5976 x 1.048) = 1,398,606.93), the last clearing the cost.
    REQUIRE(r.costs.size() == 2);
    const auto& ict = r.costs[0];
    CHECK(ict.fiscalYear == 1);
    CHECK(ict.cost == 10800000.0);
    CHECK(ict.capitalReceipts == 0.0);
    CHECK(ict.grants == 0.0);
    CHECK(ict.reserves == 0.0);
    CHECK(ict.unfunded == 10800000.0);
    CHECK(ict.borrowed == 10800000.0);
    CHECK(ict.lifeYears == 7);
    CHECK(ict.firstMrpYear == 2);
    CHECK(close(ict.firstProvision, 10800000.0 * 0.048 / (std::pow(1.048, 7) - 1.0)));
    CHECK(pennies(ict.firstProvision, 1334548.60));
    REQUIRE(ict.provisions.size() == 20);
    CHECK(ict.provisions[0] == 0.0);
    CHECK(ict.provisions[1] == 1334548.60);
    CHECK(ict.provisions[2] == 1398606.93);
    CHECK(ict.provisions[9] == 0.0);
    CHECK(pennies(std::accumulate(ict.provisions.begin(), ict.provisions.end(), 0.0), 10800000.0));

    // Redundancy: revenue, 4,000,000 x 1.2 = 4,800,000 in year 1, met in full by the one funding
    // item (capital receipts of 4,800,000): nothing left, nothing borrowed, no MRP.
    const auto& redundancy = r.costs[1];
    CHECK(redundancy.fiscalYear == 1);
    CHECK(redundancy.cost == 4800000.0);
    CHECK(redundancy.capitalReceipts == 4800000.0);
    CHECK(redundancy.unfunded == 0.0);
    CHECK(redundancy.borrowed == 0.0);
    CHECK(std::accumulate(redundancy.provisions.begin(), redundancy.provisions.end(), 0.0) == 0.0);
    REQUIRE(r.funding.size() == 1);
    CHECK(r.funding[0].amount == 4800000.0);
    CHECK(r.funding[0].left == 4800000.0);
    CHECK(r.funding[0].used == 4800000.0);

    // The per-cost provisions add up to the account's MRP, year by year.
    for (std::size_t y = 0; y < ev.revenue->rows.size(); ++y) {
        double mrp = 0.0;
        for (const auto& cost : r.costs) mrp += cost.provisions[y];
        CHECK(pennies(mrp, ev.revenue->rows[y].mrp));
    }

    // Semiannual from 1 April: 1 April to 1 October 2026 (183 days) lies in year 1, and no period
    // crosses 31 March, so each has one part, its whole interest.
    CHECK(r.partColumns == 1);
    REQUIRE(r.interestSplits.size() == ev.schedule.rows.size());
    const auto& first = r.interestSplits[0];
    CHECK(first.days == 183);
    CHECK(first.firstFiscalYear == 2026);
    CHECK(first.years == std::vector<Year>{1});
    CHECK(first.partDays == std::vector<int>{183});
    CHECK(first.parts == std::vector<double>{ev.schedule.rows[0].interest});
    // The parts of a year make its interest accrued.
    for (std::size_t y = 0; y < ev.revenue->rows.size(); ++y) {
        double accrued = 0.0;
        for (const auto& split : r.interestSplits)
            for (std::size_t q = 0; q < split.years.size(); ++q)
                if (split.years[q] == static_cast<Year>(y + 1)) accrued += split.parts[q];
        CHECK(pennies(accrued, ev.revenue->rows[y].interestAccrued));
    }

    // The helper columns: year 1's revenue costs are all funded; the marker is year + 1 exactly
    // while the cumulative effect is below 0. Each partner has its own.
    CHECK(r.helpers.unfundedRevenueCosts[0] == 0.0);
    for (std::size_t y = 0; y < ev.revenue->rows.size(); ++y)
        CHECK(r.helpers.outOfPocket[y] == (ev.revenue->rows[y].cumulative < 0.0 ? static_cast<Year>(y + 2) : 0));
    CHECK(r.partnerHelpers.size() == 3);
}

TEST_CASE("workbook figures: a period across 31 March is split by days") {
    // Issued 1 August 2026: the period 1 February to 1 August 2027 (181 days) has 59 days in
    // 2026/27 (year 1) and 122 in 2027/28 (year 2); part 1 = round(I x 59 / 181), part 2 the rest.
    const auto ev = evaluate(readScenario(exampleText("revenue_budget"), {{"/bond/issue_date", "\"2026-08-01\""}}),
                             withWorkbook());
    const auto& r = revenueFigures(ev);
    CHECK(r.partColumns == 2);
    const auto& split = r.interestSplits.at(1);
    const double interest = ev.schedule.rows[1].interest;
    CHECK(split.days == 181);
    CHECK(split.firstFiscalYear == 2026);
    CHECK(split.years == std::vector<Year>{1, 2});
    CHECK(split.partDays == std::vector<int>{59, 122});
    CHECK(split.parts[0] == std::round(interest * 59.0 / 181.0 * 100.0) / 100.0);
    CHECK(pennies(split.parts[0] + split.parts[1], interest));
    // The first period, 1 August 2026 to 1 February 2027, lies in year 1: its second part is empty.
    CHECK(r.interestSplits[0].partDays == std::vector<int>{184, 0});
    CHECK(r.interestSplits[0].parts[1] == 0.0);
}
