// A whole scenario evaluated and checked against a hand calculation, plus the rules that
// tie the tables together (sizing, partners, warnings).

#include "itsb/reports/warning_text.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/io/text_format.hpp"

#include "hand_scenario.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace itsb::scenarios;

namespace {

using itsb::test::kHand;  // tests/hand_scenario.hpp

bool near(double a, double b, double tolerance) { return std::abs(a - b) < tolerance; }

}  // namespace

TEST_CASE("evaluation: a three-year scenario equals its hand calculation") {
    const auto ev = evaluate(readScenario(kHand));
    REQUIRE(ev.annual.size() == 4);
    const auto& a = ev.annual;
    // Year 0: one-off 150,000 funded by net proceeds 150,000: council flow 0.
    CHECK(a[0].oneOffCosts == 150000.0);
    CHECK(a[0].netProceeds == 150000.0);
    CHECK(a[0].projectFlow == -150000.0);
    CHECK(a[0].councilFlow == 0.0);
    // Years 1, 2: gross 100,000, running 10,000, fees 1,000 -> CFADS 89,000; debt service
    // 75,000 + 7,500 = 82,500 then 75,000 + 3,750 = 78,750.
    for (int k : {1, 2}) {
        CHECK(a[k].grossSavings == 100000.0);
        CHECK(a[k].netSavings == 90000.0);
        CHECK(a[k].annualFees == 1000.0);
        CHECK(a[k].cfads == 89000.0);
    }
    CHECK(a[1].debtService == 82500.0);
    CHECK(a[2].debtService == 78750.0);
    CHECK(a[3].debtService == 0.0);
    CHECK(a[3].cfads == 90000.0);  // no fee after maturity
    CHECK(near(*a[1].dscr, 89000.0 / 82500.0, 1e-12));
    CHECK(!a[3].dscr);
    // Council flows 0; 6,500; 10,250; 90,000 -> cumulative 0; 6,500; 16,750; 106,750.
    CHECK(a[1].councilFlow == 6500.0);
    CHECK(a[2].councilFlow == 10250.0);
    CHECK(a[3].cumulativePosition == 106750.0);
    CHECK(near(a[3].discountFactor, 1.0 / 1.331, 1e-15));

    const auto& m = ev.metrics;
    // NPV = -150,000 + 90,000 (1/1.1 + 1/1.21 + 1/1.331) = 73,816.68
    CHECK(near(m.table.projectNpv, 73816.68, 0.005));
    // NPV after financing = 6,500/1.1 + 10,250/1.21 + 90,000/1.331 = 81,998.50
    CHECK(near(m.table.npvAfterFinancing, 81998.50, 0.005));
    // =IRR({-150000,90000,90000,90000}) = 0.363096539 (bisection on the same equation)
    REQUIRE(m.table.projectIrr);
    CHECK(near(*m.table.projectIrr, 0.36309653947517645, 1e-9));
    // =MIRR({-150000,90000,90000,90000},0.05,0.10) = (297,900/150,000)^(1/3) - 1
    REQUIRE(m.table.mirr);
    CHECK(near(*m.table.mirr, std::cbrt(297900.0 / 150000.0) - 1.0, 1e-12));
    // Benefit-cost = 100,000 x 2.486852 / (150,000 + 10,000 x 2.486852) = 1.4221267
    CHECK(near(*m.table.benefitCostRatio, 1.4221267454350162, 1e-12));
    // Payback: cumulative -150,000, -60,000, +30,000 -> 1 + 60,000/90,000
    CHECK(near(*m.table.paybackYears, 1.0 + 60000.0 / 90000.0, 1e-12));
    // Discounted: -150,000, -68,181.82, +6,198.35 -> 1 + 68,181.82/74,380.17 = 1.916667
    CHECK(near(*m.table.discountedPaybackYears, 1.916666666666667, 1e-12));
    CHECK(m.table.breakEvenYear == 0);
    CHECK(m.table.breakEvenFiscalYear == "opening");
    CHECK(near(*m.table.minDscr, 89000.0 / 82500.0, 1e-12));
    CHECK(near(*m.table.avgDscr, (89000.0 / 82500.0 + 89000.0 / 78750.0) / 2.0, 1e-12));
    // LLCR = (89,000/1.05 + 89,000/1.05^2) / 150,000
    CHECK(near(*m.llcr, (89000.0 / 1.05 + 89000.0 / 1.1025) / 150000.0, 1e-12));
    // Bought at par with interest at exactly 5 % a year: the yield is the coupon; Macaulay
    // duration = (1 x 82,500/1.05 + 2 x 78,750/1.05^2) / 150,000; modified = Macaulay / 1.05.
    CHECK(near(*m.investorYield, 0.05, 1e-12));
    CHECK(near(*m.macaulayDuration, 1.476190476190476, 1e-10));
    CHECK(near(*m.modifiedDuration, 1.476190476190476 / 1.05, 1e-10));
    // XIRR: 2027-04-01 is 365 days after issue, 2028-04-01 is 731 (29 Feb 2028 between).
    REQUIRE(m.investorIrr);
    const double x = *m.investorIrr;
    CHECK(near(-150000.0 + 82500.0 * std::pow(1 + x, -1.0) + 78750.0 * std::pow(1 + x, -731.0 / 365.0), 0.0, 1e-6));
    REQUIRE(m.councilAllInCost);
    const double c = *m.councilAllInCost;
    CHECK(near(150000.0 - 83500.0 * std::pow(1 + c, -1.0) - 79750.0 * std::pow(1 + c, -731.0 / 365.0), 0.0, 1e-6));
    CHECK(c > x);  // fees make the council's cost dearer than the investor's return
    CHECK(m.totalInterest == 11250.0);
    CHECK(m.table.totalDebtService == 161250.0);
    CHECK(m.notional == 150000.0);
    CHECK(m.netProceeds == 150000.0);
    CHECK(ev.warnings.empty());
}

TEST_CASE("evaluation: partners' columns add up to the totals to the penny") {
    const auto ev = evaluate(readScenario(kHand));
    REQUIRE(ev.partners.size() == 2);
    // Savings split 60/40, costs 50/50: year 1 gross 60,000 / 40,000; debt service 41,250 each.
    CHECK(ev.partners[0].annual[1].grossSavings == 60000.0);
    CHECK(ev.partners[1].annual[1].grossSavings == 40000.0);
    CHECK(ev.partners[0].annual[1].debtService == 41250.0);
    for (std::size_t k = 0; k < ev.annual.size(); ++k) {
        const auto& t = ev.annual[k];
        const auto& p = ev.partners[0].annual[k];
        const auto& q = ev.partners[1].annual[k];
        CAPTURE(k);
        CHECK(p.grossSavings + q.grossSavings == t.grossSavings);
        CHECK(p.runningCosts + q.runningCosts == t.runningCosts);
        CHECK(p.oneOffCosts + q.oneOffCosts == t.oneOffCosts);
        CHECK(p.debtService + q.debtService == t.debtService);
        CHECK(p.councilFlow + q.councilFlow == t.councilFlow);
        CHECK(p.cumulativePosition + q.cumulativePosition == t.cumulativePosition);
    }
    CHECK(near(ev.partners[0].metrics.projectNpv + ev.partners[1].metrics.projectNpv, ev.metrics.table.projectNpv, 0.0101));
}

TEST_CASE("evaluation: the default pilot is funded for its capital costs to the 1,000") {
    const auto ev = evaluate(readScenario(defaultPilotText()));
    // Capital costs 9,000,000 x 1.2 = 10,800,000. Net proceeds N - round(0.005 N) - 75,000 must
    // cover them: N >= 10,875,000 / 0.995 = 10,929,648.24 -> 10,930,000 (10,929,000 nets 10,799,355).
    CHECK(ev.bond.notional == 10930000.0);
    CHECK(ev.bond.netProceeds == 10930000.0 - 54650.0 - 75000.0);
    // The revenue cost (redundancy) is the council's own: no revenue-borrowing warning.
    for (const auto& w : ev.warnings) CHECK(w.code != "revenue_borrowing");
    // Gross savings year 1: 450m x (0.25 x 0.072 x 1/3) x 0.9 = 2,430,000.00; year 3:
    // 450m x 1.02^2 x (0.25 x 0.072 + 0.10 x 0.05 x 1/2) x 0.9 = 9,691,326.00
    CHECK(ev.annual[1].grossSavings == 2430000.0);
    CHECK(ev.annual[3].grossSavings == 9691326.0);
    // Running costs year 2: 600,000 x 1.02 x 1.2 = 734,400.00
    CHECK(ev.annual[2].runningCosts == 734400.0);
}

TEST_CASE("evaluation: borrowing for all one-off costs warns about revenue borrowing") {
    const auto ev = evaluate(readScenario(defaultPilotText(), {{"/bond/notional", "\"fund_one_off_costs\""}}));
    // All one-off costs: (9,000,000 + 4,000,000) x 1.2 = 15,600,000 -> N >= 15,675,000/0.995
    // = 15,753,768.84 -> 15,754,000.
    CHECK(ev.bond.notional == 15754000.0);
    bool warned = false;
    for (const auto& w : ev.warnings) warned = warned || w.code == "revenue_borrowing";
    CHECK(warned);
}

TEST_CASE("evaluation: a debt service reserve is held from proceeds and sized as a fixed point") {
    const auto ev = evaluate(readScenario(defaultPilotText(), {{"/bond/reserve_months", "6"}}));
    // Reserve = round(6/12 x largest annual debt service); net proceeds less the reserve must
    // still cover the 10,800,000 capital costs, and 1,000 less must not.
    double largest = 0.0;
    for (const auto& r : ev.annual) largest = std::max(largest, r.debtService);
    CHECK(near(ev.bond.reserve, std::round(largest / 2.0 * 100.0) / 100.0, 1e-9));
    CHECK(ev.bond.netProceeds - ev.bond.reserve >= 10800000.0);
    const auto smaller = evaluate(readScenario(defaultPilotText(), {{"/bond/reserve_months", "6"},
                                                                    {"/bond/notional", std::to_string(ev.bond.notional - 1000)}}));
    CHECK(smaller.bond.netProceeds - smaller.bond.reserve < 10800000.0);
    // Funded in the issue year, released in the year of the final payment (2040/41 = year 15).
    CHECK(ev.annual[0].reserve == -ev.bond.reserve);
    CHECK(ev.annual[15].reserve == ev.bond.reserve);
}

TEST_CASE("evaluation: DSCR sizing gives the largest notional meeting the target") {
    const auto ev = evaluate(readScenario(defaultPilotText(), {{"/bond/notional", R"({"target_min_dscr": 1.3})"}}));
    CHECK(*ev.metrics.table.minDscr >= 1.3);
    const auto bigger = evaluate(readScenario(
        defaultPilotText(), {{"/bond/notional", std::to_string(ev.bond.notional + 1000)}}));
    CHECK(*bigger.metrics.table.minDscr < 1.3);
}

TEST_CASE("evaluation: project flows with two IRRs are reported as such") {
    // A decommissioning cost at the end turns the flows negative again:
    // -10.8m, ..., savings ..., then -400m in year 20 gives two sign changes.
    const auto ev = evaluate(readScenario(defaultPilotText(), {{"/programme/one_off_costs/-",
                                                                R"({"name": "Exit", "year": 20, "amount": 250000000})"}}));
    CHECK(ev.metrics.table.projectIrrRoots.size() == 2);
    CHECK(!ev.metrics.table.projectIrr);
    bool warned = false;
    for (const auto& w : ev.warnings)
        warned = warned || (w.code == "project_irr_several" && w.find("roots")->numbers.size() == 2 &&
                            itsb::reports::warningText(w).find("2 IRRs") != std::string::npos);
    CHECK(warned);
}

TEST_CASE("evaluation: costs that no notional can fund are an input error at the rule") {
    try {
        evaluate(readScenario(defaultPilotText(), {{"/programme/one_off_costs", "[]"}}));
        FAIL("expected an input error");
    } catch (const InputError& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].pointer == "/bond/notional");
    }
}

TEST_CASE("evaluation: every example keeps the schedule invariants and the partner sums") {
    namespace fs = std::filesystem;
    for (const auto& entry : fs::directory_iterator(fs::path(ITSB_SOURCE_DIR) / "examples")) {
        if (entry.path().extension() != ".json") continue;
        CAPTURE(entry.path().filename().string());
        std::ifstream file(entry.path());
        const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        const auto ev = evaluate(readScenario(text));
        double principal = 0.0, capitalised = 0.0;
        for (const auto& r : ev.schedule.rows) {
            CHECK(std::abs(r.openingBalance - r.principal + r.capitalisedInterest - r.closingBalance) < 0.005);
            CHECK(std::abs(r.interest - r.capitalisedInterest + r.principal - r.debtService) < 0.005);
            principal += r.principal;
            capitalised += r.capitalisedInterest;
        }
        CHECK(ev.schedule.rows.back().closingBalance == 0.0);
        CHECK(std::abs(principal - (ev.bond.notional + capitalised)) < 0.005);
        // Contractually; a savings-linked bond reports what was paid as total_debt_service.
        CHECK(std::abs(ev.schedule.totalDebtService() - (ev.bond.notional + ev.metrics.totalInterest)) < 0.005);
        for (std::size_t k = 0; k < ev.annual.size() && !ev.partners.empty(); ++k) {
            double gross = 0.0, council = 0.0, debt = 0.0;
            for (const auto& p : ev.partners) {
                gross += p.annual[k].grossSavings;
                council += p.annual[k].councilFlow;
                debt += p.annual[k].debtService;
            }
            CHECK(std::abs(gross - ev.annual[k].grossSavings) < 0.005);
            CHECK(std::abs(council - ev.annual[k].councilFlow) < 0.005);
            CHECK(std::abs(debt - ev.annual[k].debtService) < 0.005);
        }
    }
}

TEST_CASE("evaluation: the DSCR warning lists every year below 1, long runs as spans") {
    // The expected text is assembled here from the annual table's own dscr column.
    auto below = [](const Evaluation& ev) {
        std::vector<const AnnualRow*> rows;
        for (const auto& r : ev.annual)
            if (r.dscr && *r.dscr < 1.0) rows.push_back(&r);
        return rows;
    };
    auto dscrWarning = [](const Evaluation& ev) {
        for (const auto& w : ev.warnings)
            if (w.code == "dscr_below_one") return itsb::reports::warningText(w);
        return std::string();
    };

    // The user's case: a bullet whose repayment year (2040/41) falls below 1 as well as a first
    // year whose running costs exceed the savings. Both are named, the worst first.
    const auto bullet = evaluate(readScenario(
        defaultPilotText(), {{"/bond/amortization", "bullet"}, {"/programme/running_costs/0/amount", "3000000"}}));
    const auto rows = below(bullet);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]->fiscalYear == "2026/27");
    CHECK(rows[1]->fiscalYear == "2040/41");
    CHECK(dscrWarning(bullet) == "min_dscr " + formatNumber(*rows[0]->dscr, 4) + " in 2026/27; DSCR below 1 in 2 years: " +
                                     "2026/27 (" + formatNumber(*rows[0]->dscr, 4) + "), 2040/41 (" +
                                     formatNumber(*rows[1]->dscr, 4) +
                                     "): those years' savings do not cover their debt service");

    // One year below 1 keeps the short form.
    const auto one = evaluate(readScenario(defaultPilotText(), {{"/bond/amortization", "bullet"}}));
    REQUIRE(below(one).size() == 1);
    CHECK(dscrWarning(one) == "min_dscr " + formatNumber(*below(one)[0]->dscr, 4) +
                                  " in 2040/41: the year's savings do not cover its debt service");

    // Every year below 1 (savings of a tenth of a percent): one span with its range.
    const auto all = evaluate(readScenario(defaultPilotText(), {{"/programme/service_lines/0/saving_rate", "0.003"},
                                                                {"/programme/service_lines/1/saving_rate", "0.001"}}));
    const auto every = below(all);
    REQUIRE(every.size() == 15);
    double lowest = 1.0, highest = -1e9;
    for (const auto* r : every) {
        lowest = std::min(lowest, *r->dscr);
        highest = std::max(highest, *r->dscr);
    }
    CHECK(dscrWarning(all) == "min_dscr " + formatNumber(lowest, 4) + " in 2026/27; DSCR below 1 in 15 years: " +
                                  "2026/27 to 2040/41 (" + formatNumber(lowest, 4) + " to " + formatNumber(highest, 4) +
                                  "): those years' savings do not cover their debt service");
}
