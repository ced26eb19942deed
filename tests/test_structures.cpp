// Sculpted amortization and savings-linked (payment-by-results) bonds (SPEC §4, §9).

#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace itsb::scenarios;

namespace {

Evaluation pilot(std::vector<Override> overrides) { return evaluate(readScenario(defaultPilotText(), overrides)); }

}  // namespace

TEST_CASE("structures: a sculpted fixed notional has the same DSCR in every amortizing year and clears") {
    const auto ev = pilot({{"/bond/amortization", "sculpted"}});
    REQUIRE(ev.metrics.sculptDscr);
    const double d = *ev.metrics.sculptDscr;
    // Amortization runs from year 3 (2 interest-only years) to year 15. Each payment is
    // ROUNDDOWN(CFADS_k / (2 D), 2), so CFADS_k / DS_k exceeds D by less than 2 pennies' worth:
    // |DSCR - D| / D < 0.02 / DS_k; the final payment clears the balance left by the rounding.
    for (int k = 3; k <= 15; ++k) {
        CAPTURE(k);
        const auto& r = ev.annual[static_cast<std::size_t>(k)];
        REQUIRE(r.dscr);
        CHECK(std::abs(*r.dscr - d) / d < (k < 15 ? 0.0201 / r.debtService : 1e-5));
        if (k < 15) CHECK(*r.dscr >= d);
    }
    CHECK(ev.schedule.rows.back().closingBalance == 0.0);
    // D is the exact root of the unrounded recursion: sum_j S_j v_j / B_a with S_j = CFADS_k / 2
    // and v_j = 1.024^-(j - 4) over periods 5..30 (ACT/ACT(ICMA) semiannual: tau = 1/2 exactly).
    double pv = 0.0;
    for (int j = 5; j <= 30; ++j) {
        const int year = (j + 1) / 2;  // periods 5 and 6 fall in year 3, ...
        pv += ev.annual[static_cast<std::size_t>(year)].cfads / 2.0 * std::pow(1.024, -(j - 4));
    }
    CHECK(std::abs(d - pv / ev.bond.notional) < 1e-12 * d);
}

TEST_CASE("structures: sculpting at a DSCR target sizes the notional and meets the target every year") {
    // Savings in full from year 1 and no interest-only years: the notional is bound by repaying
    // within maturity, and every year's DSCR is the target to rounding (each payment is
    // ROUNDDOWN(CFADS_k / (2 x 1.4), 2)); the last, clearing payment stays within its sculpted one.
    const auto ev = pilot({{"/bond/amortization", "sculpted"},
                           {"/bond/interest_only_years", "0"},
                           {"/programme/service_lines/0/ramp", "{}"},
                           {"/programme/service_lines/1/ramp", "{}"},
                           {"/bond/notional", R"({"target_min_dscr": 1.4})"}});
    REQUIRE(ev.metrics.table.minDscr);
    CHECK(*ev.metrics.table.minDscr >= 1.4);
    for (int k = 1; k <= 15; ++k) {
        const auto& r = ev.annual[static_cast<std::size_t>(k)];
        CAPTURE(k);
        REQUIRE(r.dscr);
        CHECK(*r.dscr >= 1.4);
        // The final year's payment is short of its sculpted one by less than what one more
        // size_rounding (1,000) would have added, grown over 15 years: under 2,100.
        CHECK(*r.dscr - 1.4 < (k < 15 ? 0.0201 : 2100.0) / r.debtService * 1.4 + 1e-12);
    }
    CHECK(ev.schedule.rows.back().closingBalance == 0.0);
    CHECK(std::fmod(ev.bond.notional, 1000.0) == 0.0);
    // With two interest-only years and the pilot's ramps, year 1 binds instead: interest
    // 0.048 N a year against CFADS of 1,680,000 gives N <= 1,680,000 / (1.5 x 0.048)
    // = 23,333,333 -> 23,333,000.
    const auto io = pilot({{"/bond/amortization", "sculpted"}, {"/bond/notional", R"({"target_min_dscr": 1.5})"}});
    CHECK(io.bond.notional == 23333000.0);
}

TEST_CASE("structures: interest above a sculpted payment is an input error naming the year") {
    // A running cost of 20m in year 5 makes CFADS negative there: its sculpted payments are below
    // the interest while debt is outstanding.
    try {
        pilot({{"/bond/amortization", "sculpted"},
               {"/programme/running_costs/-", R"({"name": "Spike", "from_year": 5, "amount": 20000000, "escalation": -0.5})"}});
        FAIL("expected an input error");
    } catch (const InputError& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].pointer == "/bond/amortization");
        CHECK(e.problems()[0].message().find("2030/31") != std::string::npos);
    }
}

TEST_CASE("structures: a savings-linked bond with ample savings pays exactly the general-obligation schedule") {
    const auto go = pilot({});
    const auto linked = pilot({{"/bond/structure", "savings_linked"}});
    REQUIRE(linked.paid);
    // CFADS per payment date (at least 840,000 in year 1) always exceeds the debt service due.
    for (std::size_t j = 0; j < linked.schedule.rows.size(); ++j) {
        CHECK(linked.paid->rows[j].paid == linked.schedule.rows[j].debtService);
        CHECK(linked.paid->rows[j].arrears == 0.0);
    }
    CHECK(linked.metrics.investorLoss == 0.0);
    CHECK(linked.metrics.yearsInArrears == 0);
    CHECK(*linked.metrics.investorIrr == *go.metrics.investorIrr);
    CHECK(linked.metrics.table.npvAfterFinancing == go.metrics.table.npvAfterFinancing);
}

TEST_CASE("structures: with savings cut, a savings-linked bond pays less, carries arrears and the investor loses") {
    const auto go = pilot({});
    const auto cut = pilot({{"/bond/structure", "savings_linked"}, {"/bond/savings_linked", R"({"savings_share": 0.1})"}});
    REQUIRE(cut.paid);
    const auto& rows = cut.paid->rows;
    // Period 1: available = round(0.1 x 1,680,000 / 2) = 84,000.00 against 262,320.00 due:
    // arrears 178,320.00. Period 2: arrears interest = round(178,320.00 x 0.048 x 0.5) = 4,279.68;
    // owed 262,320.00 + 178,320.00 + 4,279.68 = 444,919.68, paid 84,000.00, arrears 360,919.68.
    CHECK(rows[0].available == 84000.0);
    CHECK(rows[0].paid == 84000.0);
    CHECK(rows[0].arrears == 178320.0);
    CHECK(rows[1].arrearsInterest == 4279.68);
    CHECK(rows[1].arrears == 360919.68);
    // Contractual columns and yield stay the general-obligation ones.
    CHECK(cut.metrics.totalInterest == go.metrics.totalInterest);
    CHECK(*cut.metrics.investorYield == *go.metrics.investorYield);
    // Paid amounts drive debt service, the investor's IRR and the loss.
    CHECK(*cut.metrics.investorIrr < *go.metrics.investorIrr);
    CHECK(cut.metrics.investorLoss == rows.back().arrears);
    CHECK(cut.metrics.investorLoss > 0.0);
    CHECK(cut.metrics.yearsInArrears == 15);  // every year of the bond ends in arrears
    double paid = 0.0;
    for (const auto& r : rows) paid += r.paid;
    CHECK(std::abs(cut.metrics.table.totalDebtService - paid) < 0.005);
    bool warned = false;
    for (const auto& w : cut.warnings) warned = warned || w.code == "investor_loss";
    CHECK(warned);
}

TEST_CASE("structures: a council guarantee pays the arrears at maturity, a cap limits total payments") {
    const auto guaranteed = pilot({{"/bond/structure", "savings_linked"},
                                   {"/bond/savings_linked", R"({"savings_share": 0.1, "council_guarantee": true})"}});
    CHECK(guaranteed.metrics.investorLoss == 0.0);
    CHECK(guaranteed.paid->rows.back().arrears == 0.0);
    CHECK(guaranteed.metrics.yearsInArrears == 14);  // the final year's arrears are paid off

    // A cap of 1.2 x 10,930,000 = 13,116,000.00 on total payments, guarantee included.
    const auto capped = pilot({{"/bond/structure", "savings_linked"},
                               {"/bond/savings_linked", R"({"council_guarantee": true, "cap_multiple": 1.2})"}});
    CHECK(std::abs(capped.paid->totalPaid - 13116000.0) < 0.005);
    CHECK(capped.metrics.investorLoss > 0.0);
}
