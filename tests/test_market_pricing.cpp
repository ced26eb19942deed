// Pricing a consortium through the bond engine (market/pricing.hpp): the input written for a
// group is the one the data and the benchmarks of market/data/pricing.json say, worked by hand
// from the CSV tables; the reader accepts it; the Shapley shares are recomputed by hand from the
// seven sub-group values the engine gives; and the cost shares written into the input deliver
// each rule's split in the engine's own partner tables.
//
// The group: Adur (E07000223), Worthing (E07000229) and Arun (E07000224), three West Sussex
// districts that share boundaries pairwise (market/data/neighbours.csv: E07000223,E07000224,
// boundary; E07000223,E07000229,boundary; E07000224,E07000229,boundary).

#include "itsb/market/pricing.hpp"
#include "itsb/scenarios/engine/evaluate.hpp"
#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <bit>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pricing_test {

using namespace itsb::market;
namespace scenarios = itsb::scenarios;

// market/data/addressable_spend.csv, column back_office, copied by hand.
constexpr double kAdurSpend = 2453400.0;      // E07000223
constexpr double kWorthingSpend = 4613900.0;  // E07000229
constexpr double kArunSpend = 4649250.0;      // E07000224
// market/data/saving_rates.csv: back_office,likely,3,0.222518 and back_office,likely,2,0.166888.
constexpr double kRateOfThree = 0.222518;
constexpr double kRateOfTwo = 0.166888;

std::size_t indexOf(const char* gss) {
    const auto index = CouncilData::builtIn().find(gss);
    REQUIRE(index);
    return *index;
}

//! Adur, Worthing, Arun: players 0, 1, 2 of the game (bit i of a mask is member i).
std::vector<std::size_t> westSussexGroup() { return {indexOf("E07000223"), indexOf("E07000229"), indexOf("E07000224")}; }

bool boundaryNeighbours(std::size_t a, std::size_t b) {
    for (const auto& n : CouncilData::builtIn().neighbours(a))
        if (n.council == b && n.kind == Adjacency::Boundary) return true;
    return false;
}

//! What the engine's partner split can move an NPV by: every column of every year (16 rows:
//! years 0 to 15) is split by largest remainder, so a partner's entry is within a penny of its
//! exact share; nine split columns reach the council flow (gross savings, running, one-off,
//! fees, debt service, proceeds, reserve; and their differences add no new rounding), each
//! discounted by a factor at most 1, and the NPV itself is rounded to the penny.
constexpr double kSplitPennies = 16 * 9 * 0.01 + 0.005;

//! Present value of the group's gross savings, from the engine's own annual table.
double pvSavings(const nlohmann::json& input) {
    const auto ev = scenarios::evaluate(scenarios::buildScenario(input), scenarios::EvaluateOptions::tableOnly());
    double pv = 0.0;
    for (const auto& row : ev.annual) pv += row.grossSavings * row.discountFactor;
    return pv;
}

TEST_CASE("market pricing: the input of Adur, Worthing and Arun is what the data and benchmarks say") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    CHECK(boundaryNeighbours(group[0], group[1]));
    CHECK(boundaryNeighbours(group[0], group[2]));
    CHECK(boundaryNeighbours(group[1], group[2]));

    const nlohmann::json input = groupInput(data, group, "back_office");
    // The engine's reader accepts it as it stands (it rejects any unknown key or bad value).
    scenarios::Scenario s;
    REQUIRE_NOTHROW(s = scenarios::buildScenario(input));

    // Baseline: 2,453,400 + 4,613,900 + 4,649,250 = 11,716,550 (whole pounds, 2017-18, not uprated).
    CHECK(s.programme.baselineExpenditure == 11716550.0);
    CHECK(s.programme.baselineExpenditure == kAdurSpend + kWorthingSpend + kArunSpend);
    REQUIRE(s.programme.serviceLines.size() == 1);
    CHECK(s.programme.serviceLines[0].savingRate == kRateOfThree);
    CHECK(s.programme.serviceLines[0].addressableShare == 1.0);
    CHECK(s.programme.serviceLines[0].ramp.yearsToFull == 3);
    CHECK(s.programme.expenditureGrowth == 0.02);
    CHECK(s.programme.savingsOptimismBias == 0.15);
    CHECK(s.programme.costOptimismBias == 0.20);

    // Full annual saving 11,716,550 x 0.222518 = 2,607,143.2729 (by hand). Platform x1.0 =
    // 2,607,143; change programme x0.5 = 1,303,571.64 -> 1,303,572; joint committee x0.10 =
    // 260,714.33 -> 260,714; each rounded to whole pounds.
    REQUIRE(s.programme.oneOffCosts.size() == 2);
    CHECK(s.programme.oneOffCosts[0].amount == 2607143.0);
    CHECK(s.programme.oneOffCosts[0].year == 0);
    CHECK(s.programme.oneOffCosts[0].kind == scenarios::CostKind::Capital);
    CHECK(s.programme.oneOffCosts[1].amount == 1303572.0);
    CHECK(s.programme.oneOffCosts[1].year == 1);
    CHECK(s.programme.oneOffCosts[1].kind == scenarios::CostKind::Revenue);
    REQUIRE(s.programme.runningCosts.size() == 1);
    CHECK(s.programme.runningCosts[0].amount == 260714.0);
    CHECK(s.programme.runningCosts[0].fromYear == 1);
    CHECK(s.programme.runningCosts[0].escalation == 0.02);

    // The bond: PWLB certainty rate 4.5 % + 0.80 % = 5.3 %, ten years, issued on the start date.
    CHECK(std::abs(s.bond.coupon.rate - 0.053) < 1e-15);
    CHECK(s.bond.tenorYears == 10);
    CHECK(s.bond.notional.rule == scenarios::NotionalRule::FundCapitalCosts);
    CHECK(s.startDate.iso() == "2027-04-01");
    CHECK(s.bond.issueDate.iso() == "2027-04-01");
    CHECK(s.horizonYears == 15);

    // Savings shares by spend: 0.2093961106, 0.3937933948, 0.3968104946; to six places by largest
    // remainder the floors 0.209396 + 0.393793 + 0.396810 leave one millionth, which goes to the
    // largest remainder (Arun's .49): 0.396811. Cost shares are the same for the spend split.
    REQUIRE(s.partners.size() == 3);
    CHECK(s.partners[0].name == "Adur");
    CHECK(s.partners[0].savingsShare == 0.209396);
    CHECK(s.partners[1].savingsShare == 0.393793);
    CHECK(s.partners[2].savingsShare == 0.396811);
    for (const auto& p : s.partners) CHECK(p.costShare == p.savingsShare);

    // The rate case changes the rate: back_office,best,3,0.445035.
    const auto best = scenarios::buildScenario(groupInput(data, group, "back_office", RateCase::Best));
    CHECK(best.programme.serviceLines[0].savingRate == 0.445035);
}

TEST_CASE("market pricing: Shapley shares of three councils recomputed by hand from the seven sub-group values") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    const PricedConsortium priced = priceConsortium(data, group, "back_office", ShareRule::Shapley);
    const Game& game = priced.game;
    REQUIRE(game.players == 3);
    REQUIRE(game.value.size() == 8);

    // A council alone shares nothing (rate(1) = 0): value 0, not evaluated.
    const double v1 = game.value[0b001], v2 = game.value[0b010], v3 = game.value[0b100];
    CHECK(v1 == 0.0);
    CHECK(v2 == 0.0);
    CHECK(v3 == 0.0);
    // Each pair and the whole group are the engine's NPV after financing of their own input.
    const double v12 = game.value[0b011], v13 = game.value[0b101], v23 = game.value[0b110], v123 = game.value[0b111];
    CHECK(v12 == priceGroup(data, {group[0], group[1]}, "back_office").npvAfterFinancing);
    CHECK(v13 == priceGroup(data, {group[0], group[2]}, "back_office").npvAfterFinancing);
    CHECK(v23 == priceGroup(data, {group[1], group[2]}, "back_office").npvAfterFinancing);
    CHECK(v123 == priceGroup(data, group, "back_office").npvAfterFinancing);
    CHECK(v123 == priced.price.npvAfterFinancing);
    // A pair's own input: its rate for two and its own spend (Adur + Worthing = 7,067,300).
    const auto pair = scenarios::buildScenario(groupInput(data, {group[0], group[1]}, "back_office"));
    CHECK(pair.programme.serviceLines[0].savingRate == kRateOfTwo);
    CHECK(pair.programme.baselineExpenditure == kAdurSpend + kWorthingSpend);

    // phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)); for n = 3 the
    // weights are 1/3 (S empty), 1/6 (one other) and 1/3 (both others).
    const double phi1 = (v1 - 0.0) / 3.0 + (v12 - v2) / 6.0 + (v13 - v3) / 6.0 + (v123 - v23) / 3.0;
    const double phi2 = (v2 - 0.0) / 3.0 + (v12 - v1) / 6.0 + (v23 - v3) / 6.0 + (v123 - v13) / 3.0;
    const double phi3 = (v3 - 0.0) / 3.0 + (v13 - v1) / 6.0 + (v23 - v2) / 6.0 + (v123 - v12) / 3.0;
    REQUIRE(priced.shares.size() == 3);
    CHECK(std::abs(priced.shares[0].allocation - phi1) < 1e-6);
    CHECK(std::abs(priced.shares[1].allocation - phi2) < 1e-6);
    CHECK(std::abs(priced.shares[2].allocation - phi3) < 1e-6);
    for (const auto& share : priced.shares) CHECK(share.shapley == share.allocation);
    // Efficiency: the shares add up to the group's value.
    CHECK(std::abs(phi1 + phi2 + phi3 - v123) < 1e-6);
    double sum = 0.0;
    for (const auto& share : priced.shares) sum += share.allocation;
    CHECK(std::abs(sum - v123) < 1e-6);

    // In the core: each pair gets at least what it would have alone (to the pound), as
    // coreViolations reports.
    CHECK(phi1 + phi2 >= v12 - 1.0);
    CHECK(phi1 + phi3 >= v13 - 1.0);
    CHECK(phi2 + phi3 >= v23 - 1.0);
    CHECK(priced.coreViolations.empty());

    // The cost shares are decimals of six places summing to 1, and the written input reads back.
    double costSum = 0.0;
    for (const auto& share : priced.shares) {
        costSum += share.costShare;
        CHECK(share.costShare >= 0.0);
        CHECK(std::abs(share.costShare * 1e6 - std::round(share.costShare * 1e6)) < 1e-6);
    }
    CHECK(std::abs(costSum - 1.0) < 1e-12);
    CHECK_NOTHROW(scenarios::buildScenario(priced.input));
    const std::string description = priced.input.at("description").get<std::string>();
    CHECK(description.find("Adur (E07000223), Worthing (E07000229) and Arun (E07000224) share back office") !=
          std::string::npos);
    CHECK(description.find("written by `itsb market price`") == std::string::npos);  // capitalised, first
    CHECK(description.find("Written by `itsb market price`") == 0);
    CHECK(description.find("its shapley share of the group's.") != std::string::npos);
    CHECK(priced.input.at("name") == "Adur, Worthing and Arun: shared back office");
}

TEST_CASE("market pricing: each member's partner NPV in the engine is its allocation") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    // Equal shares are priced for Worthing and Arun, whose spend is nearly equal: for the three,
    // a third of the value is more than Adur's savings carry (the next case but one).
    const std::vector<std::size_t> worthingArun{group[1], group[2]};
    const std::vector<std::pair<std::vector<std::size_t>, ShareRule>> cases{
        {group, ShareRule::Shapley}, {group, ShareRule::Spend}, {group, ShareRule::Nucleolus},
        {worthingArun, ShareRule::Equal}};
    for (const auto& [members, rule] : cases) {
        CAPTURE(name(rule));
        const PricedConsortium priced = priceConsortium(data, members, "back_office", rule);
        // The cost shares are c_i = (s_i PVsav - x_i) / PVcost written to six places, so each
        // partner's NPV is off its allocation by at most a millionth of PVcost (the largest
        // remainder moves a share by under one unit of the sixth place), plus the pennies of the
        // engine's largest-remainder split of each rounded column over the 16 rows.
        const double pvCosts = pvSavings(priced.input) - priced.price.npvAfterFinancing;
        const double tolerance = (rule == ShareRule::Spend ? 0.0 : 1e-6 * pvCosts) + kSplitPennies;
        double npvSum = 0.0;
        for (const auto& share : priced.shares) {
            CAPTURE(data.councils()[share.council].name);
            CHECK(std::abs(share.npvAfterFinancing - share.allocation) <= tolerance);
            npvSum += share.npvAfterFinancing;
        }
        // The partners' tables add up to the group's, so their NPVs do to within the NPV's rounding.
        CHECK(std::abs(npvSum - priced.price.npvAfterFinancing) < 0.02);
        // The written input, run again with partners, gives the same partner NPVs.
        const auto ev = scenarios::evaluate(scenarios::buildScenario(priced.input));
        for (std::size_t i = 0; i < priced.shares.size(); ++i)
            CHECK(ev.partners.at(i).metrics.npvAfterFinancing == priced.shares[i].npvAfterFinancing);
    }
}

TEST_CASE("market pricing: the spend rule keeps cost shares at savings shares and the equal rule splits evenly") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    const PricedConsortium spend = priceConsortium(data, group, "back_office", ShareRule::Spend);
    const double v = spend.price.npvAfterFinancing;
    for (const auto& share : spend.shares) {
        CHECK(share.costShare == share.savingsShare);
        CHECK(std::abs(share.allocation - v * share.savingsShare) < 1e-6);
    }
    CHECK(spend.input == groupInput(data, group, "back_office"));

    // Worthing (4,613,900) and Arun (4,649,250): equal halves; Worthing, with the smaller
    // savings share, carries the smaller cost share to get the same value.
    const PricedConsortium equal = priceConsortium(data, {group[1], group[2]}, "back_office", ShareRule::Equal);
    const double pairValue = equal.price.npvAfterFinancing;
    REQUIRE(equal.shares.size() == 2);
    CHECK(equal.shares[0].allocation == pairValue / 2.0);
    CHECK(equal.shares[1].allocation == pairValue / 2.0);
    CHECK(equal.shares[0].savingsShare < equal.shares[1].savingsShare);
    CHECK(equal.shares[0].costShare < equal.shares[1].costShare);
    CHECK(name(ShareRule::Nucleolus) == "nucleolus");
    CHECK(shareRuleNamed("shapley") == ShareRule::Shapley);
    CHECK_FALSE(shareRuleNamed("proportional"));
}

//! The message of the std::domain_error priceConsortium throws, or "" when it prices the rule.
std::string refusal(const std::vector<std::size_t>& members, ShareRule rule) {
    try {
        priceConsortium(CouncilData::builtIn(), members, "back_office", rule);
    } catch (const std::domain_error& e) {
        return e.what();
    }
    return "";
}

TEST_CASE("market pricing: a rule cost shares cannot deliver is refused, naming the council") {
    // Adur, Worthing and Arun: a third of the group's value is more than Adur's 20.9 % of the
    // savings carries even with no costs at all (its cost share would be below zero): its savings
    // are worth 0.209396 x PVsav, less than v / 3 because the costs are small beside the savings.
    const auto group = westSussexGroup();
    const std::string three = refusal(group, ShareRule::Equal);
    CHECK(three.find("the equal rule gives Adur £") == 0);
    CHECK(three.find(", more than its savings carry (cost share would be -0.0") != std::string::npos);
    // Adur (back office 2,453,400) with West Sussex (64,866,751): half the value for Adur is far
    // more than its 3.6 % of the savings carries.
    const std::string pair = refusal({indexOf("E07000223"), indexOf("E10000032")}, ShareRule::Equal);
    CHECK(pair.find("the equal rule gives Adur £") == 0);
    CHECK(pair.find("more than its savings carry (cost share would be -") != std::string::npos);
    // West Sussex first: its half is less than its savings less all the group's costs.
    const std::string reversed = refusal({indexOf("E10000032"), indexOf("E07000223")}, ShareRule::Equal);
    CHECK(reversed.find("the equal rule gives West Sussex £") == 0);
    CHECK(reversed.find("less than its savings less all of the group's costs (cost share would be 1.") !=
          std::string::npos);
}

TEST_CASE("market pricing: an override reaches the input and a bad one is an input error") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    const GroupPrice base = priceGroup(data, group, "back_office");
    PricingOptions options;
    options.sets = {"/programme/cost_optimism_bias=0.3"};
    const GroupPrice dearer = priceGroup(data, group, "back_office", options);
    CHECK(dearer.npvAfterFinancing < base.npvAfterFinancing);
    CHECK(dearer.notional > base.notional);  // the platform costs more, so more is borrowed
    const PricedConsortium priced = priceConsortium(data, group, "back_office", ShareRule::Shapley, options);
    CHECK(priced.input.at("programme").at("cost_optimism_bias") == 0.3);
    CHECK(priced.price.npvAfterFinancing == dearer.npvAfterFinancing);

    PricingOptions bad;
    bad.sets = {"/programme/cost_optimism_bias=9"};  // the reader allows 0 to 5
    CHECK_THROWS_AS(priceGroup(data, group, "back_office", bad), scenarios::InputError);
    CHECK_THROWS_AS(priceConsortium(data, group, "back_office", ShareRule::Shapley, bad), scenarios::InputError);
    bad.sets = {"/bond/cuopon=0.05"};  // an unknown key, as in any input
    CHECK_THROWS_AS(priceGroup(data, group, "back_office", bad), scenarios::InputError);
    bad.sets = {"programme/cost_optimism_bias"};  // not POINTER=VALUE: a usage error
    CHECK_THROWS_AS(priceGroup(data, group, "back_office", bad), scenarios::OverrideError);
}

TEST_CASE("market pricing: group sizes outside 2 to 6 and unknown services are refused") {
    const auto& data = CouncilData::builtIn();
    const auto group = westSussexGroup();
    CHECK_THROWS_AS(groupInput(data, {group[0]}, "back_office"), std::invalid_argument);
    CHECK_THROWS_AS(priceGroup(data, {}, "back_office"), std::invalid_argument);
    CHECK_THROWS_AS(priceConsortium(data, {group[0]}, "back_office", ShareRule::Shapley), std::invalid_argument);
    const std::vector<std::size_t> seven{0, 1, 2, 3, 4, 5, 6};
    CHECK_THROWS_AS(groupInput(data, seven, "back_office"), std::invalid_argument);
    CHECK_THROWS_AS(priceConsortium(data, seven, "back_office", ShareRule::Shapley), std::invalid_argument);
    CHECK_THROWS_AS(groupInput(data, group, "back_offices"), std::invalid_argument);
    CHECK_THROWS_AS(priceGroup(data, group, "back_offices"), std::invalid_argument);
    CHECK_THROWS_AS(groupInput(data, {group[0], group[0]}, "back_office"), std::invalid_argument);
    CHECK_THROWS_AS(groupInput(data, {group[0], data.councils().size()}, "back_office"), std::invalid_argument);
    // Two districts have no children's social care to share (the county runs it).
    CHECK_THROWS_AS(groupInput(data, {group[0], group[1]}, "childrens_social_care"), std::invalid_argument);
}

TEST_CASE("market pricing: six councils, the largest group, give 63 sub-group values") {
    // Adur, Worthing, Arun, Horsham (E07000227), Mid Sussex (E07000228), Chichester (E07000225).
    const auto& data = CouncilData::builtIn();
    std::vector<std::size_t> six = westSussexGroup();
    for (const char* gss : {"E07000227", "E07000228", "E07000225"}) six.push_back(indexOf(gss));
    const PricedConsortium priced = priceConsortium(data, six, "back_office", ShareRule::Shapley);
    REQUIRE(priced.game.value.size() == 64);
    for (std::uint32_t mask = 1; mask < 64; ++mask) {
        CAPTURE(mask);
        if (std::popcount(mask) == 1)
            CHECK(priced.game.value[mask] == 0.0);
        else
            CHECK(priced.game.value[mask] > 0.0);
    }
    double sum = 0.0;
    for (const auto& share : priced.shares) sum += share.allocation;
    CHECK(std::abs(sum - priced.price.npvAfterFinancing) < 1e-5);
}

}  // namespace pricing_test
