// The revenue-budget view (docs/MODEL.md §10): council_finance's input rules and errors, the
// funding rules, MRP and the CFR in the revenue account, interest split across 31 March, the
// partners' shares, the PWLB comparison and the warnings. Expected values are worked by hand in
// the comments (the finance arithmetic alone is checked in test_capital_finance.cpp).

#include "itsb/reports/warning_text.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include "input_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

using nlohmann::json;
using namespace itsb::scenarios;
using itsb::test::pilotDocument;

namespace {

//! The default pilot (start 1 April 2026; ICT consolidation, capital, 9,000,000 in year 0;
//! redundancy, revenue, 4,000,000 in year 1; cost bias 20 %; 15-year semiannual annuity at
//! 4.8 % with 2 interest-only years, issued 1 April 2026) with a council_finance block.
json withCouncilFinance(const json& block) {
    json doc = pilotDocument();
    doc["council_finance"] = block;
    return doc;
}

const json kStraightLine7 = {{"mrp", {{"method", "asset_life_straight_line"}, {"asset_life_years", 7}}}};

std::vector<InputProblem> problemsOf(const json& doc) {
    try {
        (void)buildScenario(doc);
    } catch (const InputError& e) {
        return e.problems();
    }
    return {};
}

//! The one problem at `pointer`; fails the test when there is none.
InputProblem problemAt(const json& doc, const std::string& pointer) {
    const auto problems = problemsOf(doc);
    for (const auto& p : problems)
        if (p.pointer == pointer) return p;
    std::string all;
    for (const auto& p : problems) all += p.message() + "\n";
    FAIL("no problem at " << pointer << "; problems:\n" << all);
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Warning* findWarning(const Evaluation& ev, const std::string& code) {
    for (const auto& w : ev.warnings)
        if (w.code == code) return &w;
    return nullptr;
}

Evaluation evaluateDoc(const json& doc) { return evaluate(buildScenario(doc)); }

}  // namespace

TEST_CASE("revenue budget: each input rule of council_finance is an error naming its pointer, value and rule") {
    SUBCASE("the programme must start on 1 April") {
        json doc = withCouncilFinance(kStraightLine7);
        doc["start_date"] = "2026-05-01";
        doc["bond"]["issue_date"] = "2026-05-01";
        const auto p = problemAt(doc, "/start_date");
        CHECK(p.value == "\"2026-05-01\"");
        CHECK(contains(p.rule, "must be 1 April"));
    }
    SUBCASE("a funding item must name one one-off cost") {
        json block = kStraightLine7;
        block["funding"] = json::array({{{"source", "grant"}, {"cost", "ICT"}, {"amount", 1000}}});
        const auto p = problemAt(withCouncilFinance(block), "/council_finance/funding/0/cost");
        CHECK(p.value == "\"ICT\"");
        CHECK(contains(p.rule, "\"ICT consolidation\", \"Redundancy and change team\""));
        json doc = withCouncilFinance(kStraightLine7);
        doc["programme"]["one_off_costs"][1]["name"] = "ICT consolidation";
        doc["programme"]["one_off_costs"][1]["kind"] = "capital";
        doc["council_finance"]["funding"] = json::array({{{"source", "grant"}, {"cost", "ICT consolidation"}, {"amount", 1}}});
        CHECK(contains(problemAt(doc, "/council_finance/funding/0/cost").rule, "names 2 one-off costs"));
    }
    SUBCASE("funding may not exceed its cost after cost optimism bias") {
        // Redundancy: 4,000,000 x 1.2 = 4,800,000. 3,000,000 from reserves then 1,800,000.01
        // from a grant is 4,800,000.01: one penny over, at the second item.
        json block = kStraightLine7;
        block["funding"] = json::array({{{"source", "reserves"}, {"cost", "Redundancy and change team"}, {"amount", 3000000}},
                                        {{"source", "grant"}, {"cost", "Redundancy and change team"}, {"amount", 1800000.01}}});
        const auto p = problemAt(withCouncilFinance(block), "/council_finance/funding/1/amount");
        CHECK(p.value == "1800000.01");
        CHECK(contains(p.rule, "funds 4800000.01 of \"Redundancy and change team\""));
        CHECK(contains(p.rule, "more than its cost after cost_optimism_bias (4800000)"));
        block["funding"][1]["amount"] = 1800000;  // exactly the cost: accepted
        CHECK(problemsOf(withCouncilFinance(block)).empty());
    }
    SUBCASE("capital receipts fund a revenue cost only under a flexible-use direction") {
        json block = kStraightLine7;
        block["funding"] = json::array({{{"source", "capital_receipts"}, {"cost", "Redundancy and change team"}, {"amount", 1000}}});
        // England, year 1 of a programme starting 1 April 2029 is 2029/30: the direction's last year.
        json doc = withCouncilFinance(block);
        doc["start_date"] = "2029-04-01";
        doc["bond"]["issue_date"] = "2029-04-01";
        CHECK(problemsOf(doc).empty());
        // From 1 April 2030 year 1 is 2030/31: outside 2025/26 to 2029/30.
        doc["start_date"] = "2030-04-01";
        doc["bond"]["issue_date"] = "2030-04-01";
        const auto p = problemAt(doc, "/council_finance/funding/0");
        CHECK(p.value == "capital_receipts for \"Redundancy and change team\" in 2030/31");
        CHECK(contains(p.rule, "flexible-use direction"));
        CHECK(contains(p.rule, "2025/26 to 2029/30"));
        // Wales: itsb applies no direction, in any year.
        block["jurisdiction"] = "wales";
        const auto wales = problemAt(withCouncilFinance(block), "/council_finance/funding/0");
        CHECK(contains(wales.value, "in 2026/27"));
        CHECK(contains(wales.rule, "no flexible-use direction in Wales"));
        // Capital receipts may fund a capital cost anywhere.
        block["funding"][0]["cost"] = "ICT consolidation";
        CHECK(problemsOf(withCouncilFinance(block)).empty());
    }
    SUBCASE("MRP's settings") {
        const auto mrpError = [](const json& mrp, const std::string& pointer) {
            return problemAt(withCouncilFinance({{"mrp", mrp}}), pointer);
        };
        CHECK(contains(mrpError({{"method", "cfr_4_percent"}, {"start", "same_year"}}, "/council_finance/mrp/start").rule,
                       "must be \"year_after\" with method \"cfr_4_percent\""));
        CHECK(contains(mrpError({{"method", "asset_life_straight_line"}, {"asset_life_years", 7}, {"annuity_rate", 0.05}},
                                "/council_finance/mrp/annuity_rate")
                           .rule,
                       "only allowed with method \"asset_life_annuity\""));
        CHECK(mrpError({{"method", "asset_life_annuity"}, {"asset_life_years", 51}}, "/council_finance/mrp/asset_life_years")
                  .value == "51");
        CHECK(contains(mrpError({{"method", "asset_life_annuity"}}, "/council_finance/mrp/asset_life_years").rule,
                       "\"ICT consolidation\" has no asset_life_years of its own"));
        CHECK(contains(problemAt(withCouncilFinance(json::object()), "/council_finance/mrp").rule, "is required"));
        // 4 % of the CFR needs no asset life; nor does a block whose capital costs carry their own.
        CHECK(problemsOf(withCouncilFinance({{"mrp", {{"method", "cfr_4_percent"}}}})).empty());
        json doc = withCouncilFinance(json::object());
        doc["programme"]["one_off_costs"][0]["asset_life_years"] = 10;
        CHECK(problemsOf(doc).empty());
    }
    SUBCASE("keys that only council_finance gives a meaning to") {
        json doc = pilotDocument();
        doc["programme"]["one_off_costs"][0]["asset_life_years"] = 10;
        doc["partners"][0]["net_revenue_stream"] = 300000000;
        doc["partners"][1]["tax_base"] = 50000;
        for (const char* pointer : {"/programme/one_off_costs/0/asset_life_years", "/partners/0/net_revenue_stream",
                                    "/partners/1/tax_base"})
            CHECK(contains(problemAt(doc, pointer).rule, "applies only with a council_finance block"));
        json revenueLife = withCouncilFinance(kStraightLine7);
        revenueLife["programme"]["one_off_costs"][1]["asset_life_years"] = 5;
        CHECK(contains(problemAt(revenueLife, "/programme/one_off_costs/1/asset_life_years").rule,
                       "only a capital cost has an asset life"));
        json stream = withCouncilFinance(kStraightLine7);
        stream["council_finance"]["net_revenue_stream"] = {{"amount", 1e8}, {"growth", 0.6}};
        CHECK(problemAt(stream, "/council_finance/net_revenue_stream/growth").value == "0.6");
        stream["council_finance"]["net_revenue_stream"] = "lots";
        CHECK(contains(problemAt(stream, "/council_finance/net_revenue_stream").rule, "must be an amount, or an object"));
    }
}

TEST_CASE("revenue budget: without council_finance the canonical input is unchanged, with it it reads back") {
    const auto plain = buildScenario(pilotDocument());
    CHECK_FALSE(canonicalJson(plain).contains("council_finance"));
    json block = kStraightLine7;
    block["funding"] = json::array({{{"source", "grant"}, {"cost", "ICT consolidation"}, {"amount", 500000}}});
    block["pwlb"] = {{"gilt_yield", 0.045}};
    json doc = withCouncilFinance(block);
    doc["partners"][0]["net_revenue_stream"] = 300000000;
    const auto s = buildScenario(doc);
    const json canonical = canonicalJson(s);
    CHECK(canonical.at("council_finance").at("pwlb").at("rate_type") == "standard");
    CHECK(canonical.at("partners").at(0).at("net_revenue_stream").at("growth") == 0.0);
    CHECK(inputSha256(buildScenario(canonical)) == inputSha256(s));
}

TEST_CASE("revenue budget: funding, MRP and the CFR by hand, straight line over 7 years") {
    // A 1,000,000 grant towards the ICT cost: 10,800,000 - 1,000,000 = 9,800,000 borrowed in
    // year 0, so financial year 1 (2026/27). MRP from 2027/28, 9,800,000 / 7 = 1,400,000 a year
    // to 2033/34. Reserves meet 800,000 of the redundancy (4,800,000): 4,000,000 is charged to
    // 2026/27's revenue budget.
    json block = kStraightLine7;
    block["funding"] = json::array({{{"source", "grant"}, {"cost", "ICT consolidation"}, {"amount", 1000000}},
                                    {{"source", "reserves"}, {"cost", "Redundancy and change team"}, {"amount", 800000}}});
    const auto ev = evaluateDoc(withCouncilFinance(block));
    REQUIRE(ev.revenue);
    const auto& rows = ev.revenue->rows;
    REQUIRE(rows.size() == 20);
    CHECK(rows[0].fiscalYear == "2026/27");
    CHECK(rows[0].cfrBorrowing == 9800000.0);
    CHECK(rows[0].mrp == 0.0);
    CHECK(rows[0].cfrClosing == 9800000.0);
    CHECK(rows[0].revenueOneOffCosts == 4800000.0);
    CHECK(rows[0].fundedByReserves == 800000.0);
    CHECK(rows[0].fundedByGrants == 0.0);  // the grant funds a capital cost: it shows in the CFR
    for (std::size_t i = 1; i <= 7; ++i) {
        CAPTURE(i);
        CHECK(rows[i].mrp == 1400000.0);
        CHECK(rows[i].cfrOpening == rows[i - 1].cfrClosing);
        CHECK(rows[i].cfrClosing == 9800000.0 - 1400000.0 * static_cast<double>(i));
    }
    CHECK(rows[8].mrp == 0.0);
    CHECK(ev.metrics.revenue->totalMrp == 9800000.0);
    CHECK(ev.metrics.revenue->peakCfr == 9800000.0);
    // fund_capital_costs sizes the bond to the 9,800,000 borrowed: N - round(0.005 N) - 75,000
    // >= 9,800,000 needs N >= 9,875,000 / 0.995 = 9,924,623.12 -> 9,925,000.
    CHECK(ev.bond.notional == 9925000.0);
    // Year 1: issuance costs round(0.005 x 9,925,000) + 75,000 = 124,625; two interest-only
    // coupons of round(9,925,000 x 0.048 / 2) = 238,200 accrue within 2026/27 (the bond is
    // issued on 1 April). Net = 2,430,000 - 720,000 - 30,000 - 4,000,000 - 476,400 - 0 - 124,625.
    CHECK(rows[0].issuanceCosts == 124625.0);
    CHECK(rows[0].interestAccrued == 476400.0);
    CHECK(rows[0].netRevenueEffect == -2921025.0);
    CHECK(rows[0].cumulative == -2921025.0);
    CHECK(rows[1].cumulative == rows[0].cumulative + rows[1].netRevenueEffect);
}

TEST_CASE("revenue budget: a bullet, an annuity and an EIP show the same MRP and differ only through interest") {
    json block = {{"mrp", {{"method", "asset_life_annuity"}, {"asset_life_years", 10}, {"annuity_rate", 0.04}}},
                  {"funding", json::array({{{"source", "capital_receipts"}, {"cost", "Redundancy and change team"},
                                            {"amount", 4800000}}})}};
    std::vector<Evaluation> evs;
    for (const char* amortization : {"bullet", "annuity", "level_principal"}) {
        json doc = withCouncilFinance(block);
        doc["bond"]["notional"] = 11000000;
        doc["bond"]["amortization"] = amortization;
        evs.push_back(evaluateDoc(doc));
    }
    const auto& base = evs[0].revenue->rows;
    for (std::size_t k = 1; k < evs.size(); ++k) {
        const auto& rows = evs[k].revenue->rows;
        REQUIRE(rows.size() == base.size());
        bool interestDiffers = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(k);
            CAPTURE(i);
            CHECK(rows[i].mrp == base[i].mrp);
            CHECK(rows[i].cfrClosing == base[i].cfrClosing);
            CHECK(rows[i].issuanceCosts == base[i].issuanceCosts);
            // Net revenue effects differ by exactly the difference in interest accrued.
            CHECK(std::round((rows[i].netRevenueEffect - base[i].netRevenueEffect) * 100) ==
                  std::round((base[i].interestAccrued - rows[i].interestAccrued) * 100));
            interestDiffers = interestDiffers || rows[i].interestAccrued != base[i].interestAccrued;
        }
        CHECK(interestDiffers);
    }
    // 10,800,000 borrowed over 10 years at 4 %: year 1 (2027/28) = 10,800,000 x 0.04 / (1.04^10 - 1)
    // = 10,800,000 x 0.04 / 0.480244285 = 899,542.1988 -> 899,542.20.
    CHECK(base[1].mrp == 899542.20);
    // The bullet's interest is level until maturity; its cash break-even differs, its MRP not.
    CHECK(evs[0].revenue->rows[5].interestAccrued == 2.0 * std::round(11000000.0 * 0.048 / 2.0 * 100) / 100);
}

TEST_CASE("revenue budget: interest is split across 31 March by days") {
    // Issued 1 August 2026, semiannual, 4.8 %, 2 interest-only years. The period 1 February 2027
    // to 1 August 2027 (181 days) has 59 days in 2026/27 (1 February to 31 March) and 122 in
    // 2027/28: part 1 = round(I x 59 / 181), part 2 = I - part 1.
    json doc = withCouncilFinance(kStraightLine7);
    doc["bond"]["issue_date"] = "2026-08-01";
    doc["bond"]["notional"] = 10000000;
    const auto ev = evaluateDoc(doc);
    const auto& rows = ev.revenue->rows;
    const auto& schedule = ev.schedule.rows;
    REQUIRE(schedule[1].accrualStart == itsb::finance::Date::fromYmd(2027, 2, 1));
    const double first = schedule[0].interest;   // 1 August 2026 to 1 February 2027: all 2026/27
    const double second = schedule[1].interest;  // 1 February to 1 August 2027: split
    const double part = std::round(second * 59.0 / 181.0 * 100.0) / 100.0;
    CHECK(rows[0].interestAccrued == std::round((first + part) * 100.0) / 100.0);
    // 2027/28: the rest of that period, all of 1 August 2027 to 1 February 2028, and 59 days of
    // 1 February to 1 August 2028 (182 days: 29 February 2028).
    const double part3 = std::round(schedule[3].interest * 60.0 / 182.0 * 100.0) / 100.0;
    CHECK(rows[1].interestAccrued ==
          std::round((second - part + schedule[2].interest + part3) * 100.0) / 100.0);
    double accrued = 0.0;
    for (const auto& r : rows) accrued += r.interestAccrued;
    CHECK(std::round(accrued * 100) == std::round(ev.metrics.totalInterest * 100));
}

TEST_CASE("revenue budget: partners' columns sum to the consortium's and each ratio is on its own stream") {
    json doc = withCouncilFinance({{"mrp", {{"method", "cfr_4_percent"}}}, {"tax_base", 250000}});
    doc["partners"][0]["net_revenue_stream"] = {{"amount", 300000000}, {"growth", 0.03}};
    doc["partners"][1]["net_revenue_stream"] = 200000000;
    doc["partners"][2]["net_revenue_stream"] = 100000000;
    doc["partners"][2]["tax_base"] = 40000;
    const auto ev = evaluateDoc(doc);
    const auto& total = ev.revenue->rows;
    REQUIRE(ev.partners.size() == 3);
    for (std::size_t y = 0; y < total.size(); ++y) {
        CAPTURE(y);
        double net = 0, mrp = 0, closing = 0, interest = 0;
        for (const auto& p : ev.partners) {
            net += p.revenue->rows[y].netRevenueEffect;
            mrp += p.revenue->rows[y].mrp;
            closing += p.revenue->rows[y].cfrClosing;
            interest += p.revenue->rows[y].interestAccrued;
        }
        CHECK(std::round(net * 100) == std::round(total[y].netRevenueEffect * 100));
        CHECK(std::round(mrp * 100) == std::round(total[y].mrp * 100));
        CHECK(std::round(closing * 100) == std::round(total[y].cfrClosing * 100));
        CHECK(std::round(interest * 100) == std::round(total[y].interestAccrued * 100));
    }
    // 4 % of the opening CFR: 2027/28 = round(0.04 x 10,800,000) = 432,000; 2028/29 = round(0.04 x
    // 10,368,000) = 414,720. Council A's half: 216,000.
    CHECK(total[1].mrp == 432000.0);
    CHECK(total[2].mrp == 414720.0);
    CHECK(ev.partners[0].revenue->rows[1].mrp == 216000.0);
    // The consortium's stream is the partners' sum: 2027/28 = 309,000,000 + 200,000,000 + 100,000,000.
    CHECK(total[1].netRevenueStream == 609000000.0);
    CHECK(total[1].financingCostRatio == doctest::Approx((total[1].interestAccrued + total[1].mrp) / 609000000.0).epsilon(1e-15));
    const auto& a = ev.partners[0].revenue->rows[1];
    CHECK(a.netRevenueStream == 309000000.0);
    CHECK(a.financingCostRatio == doctest::Approx((a.interestAccrued + a.mrp) / 309000000.0).epsilon(1e-15));
    // Band D: the consortium's tax base given; Council C's own; Council A has none.
    CHECK(total[1].bandDEquivalent == std::round(total[1].netRevenueEffect / 250000.0 * 100) / 100);
    CHECK(ev.partners[2].revenue->rows[1].bandDEquivalent ==
          std::round(ev.partners[2].revenue->rows[1].netRevenueEffect / 40000.0 * 100) / 100);
    CHECK_FALSE(a.bandDEquivalent);
}

TEST_CASE("revenue budget: the PWLB comparison re-prices the same annuity at gilt plus the margin") {
    json doc = withCouncilFinance(kStraightLine7);
    doc["council_finance"]["pwlb"] = {{"gilt_yield", 0.045}, {"rate_type", "certainty"}};
    doc["bond"]["interest_only_years"] = 0;
    const auto ev = evaluateDoc(doc);
    REQUIRE(ev.revenue->pwlb);
    const auto& c = *ev.revenue->pwlb;
    CHECK(c.rate == doctest::Approx(0.053));
    CHECK_FALSE(c.unavailable);
    // 30 half-yearly level payments at i = 0.0265 on 10,930,000: PMT = N i / (1 - (1 + i)^-30)
    // = 10,930,000 x 0.0265 / (1 - 1.0265^-30) = 531,711.83 (the PWLB's annuity formula).
    const double i = 0.053 / 2.0;
    const double payment = std::round(10930000.0 * i / (1.0 - std::pow(1.0 + i, -30.0)) * 100.0) / 100.0;
    CHECK(c.years[1].pwlbDebtService == std::round(2.0 * payment * 100.0) / 100.0);
    CHECK(c.npvDifference == std::round((c.bondNpvAfterFinancing - c.pwlbNpvAfterFinancing) * 100) / 100);
    // A sculpted bond has no PWLB equivalent.
    json sculpted = doc;
    sculpted["bond"]["amortization"] = "sculpted";
    sculpted["bond"]["interest_only_years"] = 2;  // sculpted payments from year 3, when the savings carry them
    const auto other = evaluateDoc(sculpted);
    REQUIRE(other.revenue->pwlb);
    CHECK(other.revenue->pwlb->unavailable);
}

TEST_CASE("revenue budget: the warnings name the jurisdiction's rule and go when the cost is funded") {
    // A fixed 16,000,000 notional nets more than the 10,800,000 capital cost while the
    // 4,800,000 redundancy has no funding: borrowing for a revenue cost.
    json doc = withCouncilFinance(kStraightLine7);
    doc["bond"]["notional"] = 16000000;
    doc["council_finance"]["jurisdiction"] = "wales";
    auto ev = evaluateDoc(doc);
    const Warning* w = findWarning(ev, "revenue_borrowing");
    REQUIRE(w);
    CHECK(w->find("unfunded_revenue_costs")->numbers.at(0) == 4800000.0);
    const std::string text = itsb::reports::warningText(*w);
    CHECK(contains(text, "in Wales a council may borrow only for capital expenditure"));
    CHECK_FALSE(contains(text, "England"));
    // A grant for the redundancy removes it.
    doc["council_finance"]["funding"] = json::array({{{"source", "grant"}, {"cost", "Redundancy and change team"}, {"amount", 4800000}}});
    ev = evaluateDoc(doc);
    CHECK_FALSE(findWarning(ev, "revenue_borrowing"));
    CHECK(ev.revenue->rows[0].fundedByGrants == 4800000.0);

    // A savings-linked bond: council borrowing is charged on all revenues, in any jurisdiction.
    json linked = withCouncilFinance(kStraightLine7);
    linked["bond"]["structure"] = "savings_linked";
    linked["bond"]["savings_linked"] = {{"savings_share", 1.0}};
    linked["council_finance"]["jurisdiction"] = "scotland";
    ev = evaluateDoc(linked);
    w = findWarning(ev, "savings_linked_all_revenues");
    REQUIRE(w);
    CHECK(contains(itsb::reports::warningText(*w), "Local Government (Scotland) Act 1975"));
    CHECK(ev.revenue->mrpTitle == "loans fund repayments");

    // A ratio limit names the years above it: (interest + MRP) / stream.
    json limited = withCouncilFinance(kStraightLine7);
    limited["council_finance"]["net_revenue_stream"] = 50000000;
    limited["council_finance"]["max_financing_cost_ratio"] = 0.02;
    ev = evaluateDoc(limited);
    w = findWarning(ev, "financing_cost_ratio_above_max");
    REQUIRE(w);
    std::vector<std::string> expected;
    for (const auto& r : ev.revenue->rows)
        if ((r.interestAccrued + r.mrp) / 50000000.0 > 0.02) expected.push_back(r.fiscalYear);
    CHECK(!expected.empty());
    CHECK(w->find("years")->texts == expected);
}

TEST_CASE("revenue budget: a council alone, with no partners, has the consortium's account only") {
    json doc = withCouncilFinance(kStraightLine7);
    doc["partners"] = json::array();
    doc["council_finance"]["net_revenue_stream"] = 250000000;
    const auto ev = evaluateDoc(doc);
    REQUIRE(ev.revenue);
    CHECK(ev.partners.empty());
    // 2026/27: (interest accrued + MRP 0) / 250,000,000.
    CHECK(ev.revenue->rows[0].financingCostRatio == doctest::Approx(ev.revenue->rows[0].interestAccrued / 250000000.0));
}
