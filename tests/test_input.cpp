#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include "cli_harness.hpp"
#include "input_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using nlohmann::json;
using namespace itsb::scenarios;
using itsb::test::changed;
using itsb::test::kRemove;
using itsb::test::listText;
using itsb::test::pilotDocument;
using itsb::test::readFile;
using itsb::test::text;
namespace fin = itsb::finance;

namespace {

std::vector<InputProblem> buildProblems(const json& document) {
    try {
        (void)buildScenario(document);
    } catch (const InputError& error) {
        return error.problems();
    }
    return {};
}

std::vector<InputProblem> parseProblems(std::string_view text) {
    try {
        (void)parseInputJson(text);
    } catch (const InputError& error) {
        return error.problems();
    }
    return {};
}

std::string messages(const std::vector<InputProblem>& problems) {
    std::string text;
    for (const auto& p : problems) text += p.message() + "\n";
    return text;
}

//! nlohmann's own "line L, column C" for a syntax error (its lexer counts lines itself).
struct PositionOfError {
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;
    std::string what;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(number_integer_t) { return true; }
    bool number_unsigned(number_unsigned_t) { return true; }
    bool number_float(number_float_t, const string_t&) { return true; }
    bool string(string_t&) { return true; }
    bool binary(binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(string_t&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, const std::string&, const json::exception& error) {
        what = error.what();
        return false;
    }
};

std::string nlohmannPosition(const std::string& source) {
    PositionOfError handler;
    json::sax_parse(source, &handler);
    const auto at = handler.what.find("line ");
    if (at == std::string::npos) return "";
    return handler.what.substr(at, handler.what.find(':', at) - at);
}

struct BadCase {
    std::vector<Override> changes;  // applied to the default pilot
    std::string pointer;            // the one problem's pointer
    std::string text;               // its message, after "pointer: "
};

}  // namespace

TEST_CASE("input: problem messages name the pointer, the rule and the value") {
    CHECK(InputProblem{"/bond/coupon", "4.5", "must be between -0.05 and 1"}.message() ==
          "/bond/coupon: must be between -0.05 and 1, got 4.5");
    CHECK(InputProblem{"/bond/coupon", "", "is required"}.message() == "/bond/coupon: is required");
    CHECK(InputProblem{"", "", "JSON syntax error at line 1, column 1: x"}.message() ==
          "JSON syntax error at line 1, column 1: x");
    InputError error({{"/a", "1", "must be 2"}, {"/b", "", "is required"}});
    CHECK(std::string(error.what()) == "/a: must be 2, got 1\n/b: is required");
    CHECK(error.problems().size() == 2);
}

TEST_CASE("input: the default pilot is SPEC section 8 and reads with its values") {
    const std::string example = readFile(std::filesystem::path(ITSB_SOURCE_DIR) / "examples" / "default_pilot.json");
    CHECK(example == std::string(defaultPilotText()));
    CHECK(defaultPilotText().back() == '\n');

    const Scenario s = readScenario(defaultPilotText());
    CHECK(s.version == 1);
    CHECK(s.name == "Default pilot: three-council back-office shared service");
    CHECK(s.currency == "GBP");
    CHECK(s.startDate.iso() == "2026-04-01");
    CHECK(s.horizonYears == 20);

    const Programme& p = s.programme;
    CHECK(p.baselineExpenditure == 450000000.0);
    CHECK(p.expenditureGrowth == 0.02);
    REQUIRE(p.serviceLines.size() == 2);
    CHECK(p.serviceLines[0].name == "Back office");
    CHECK(p.serviceLines[0].addressableShare == 0.25);
    CHECK(p.serviceLines[0].savingRate == 0.072);
    CHECK(p.serviceLines[0].ramp.delayYears == 0);
    CHECK(p.serviceLines[0].ramp.yearsToFull == 3);
    CHECK(p.serviceLines[0].ramp.shape == RampShape::Linear);
    CHECK(p.serviceLines[1].name == "Customer services");
    CHECK(p.serviceLines[1].addressableShare == 0.10);
    CHECK(p.serviceLines[1].savingRate == 0.05);
    CHECK(p.serviceLines[1].ramp.delayYears == 1);
    CHECK(p.serviceLines[1].ramp.yearsToFull == 2);
    CHECK(p.savingsOptimismBias == 0.10);
    REQUIRE(p.oneOffCosts.size() == 2);
    CHECK(p.oneOffCosts[0].name == "ICT consolidation");
    CHECK(p.oneOffCosts[0].year == 0);
    CHECK(p.oneOffCosts[0].amount == 9000000.0);
    CHECK(p.oneOffCosts[0].kind == CostKind::Capital);
    CHECK(p.oneOffCosts[1].year == 1);
    CHECK(p.oneOffCosts[1].amount == 4000000.0);
    CHECK(p.oneOffCosts[1].kind == CostKind::Revenue);
    REQUIRE(p.runningCosts.size() == 1);
    CHECK(p.runningCosts[0].fromYear == 1);
    CHECK(p.runningCosts[0].amount == 600000.0);
    CHECK(p.runningCosts[0].escalation == 0.02);
    CHECK(p.costOptimismBias == 0.20);

    REQUIRE(s.partners.size() == 3);
    CHECK(s.partners[0].name == "Council A");
    CHECK(s.partners[0].savingsShare == 0.5);
    CHECK(s.partners[0].costShare == 0.5);
    CHECK(s.partners[2].savingsShare == 0.2);
    CHECK(s.partners[2].costShare == 0.2);

    const BondSpec& b = s.bond;
    CHECK(b.notional.rule == NotionalRule::FundCapitalCosts);
    CHECK(b.sizeRounding == 1000.0);
    CHECK(b.issueDate.iso() == "2026-04-01");
    CHECK(b.tenorYears == 15);
    CHECK_FALSE(b.maturity.has_value());
    CHECK(b.periods == 30);
    CHECK(b.scheduledMaturity().iso() == "2041-04-01");
    CHECK_FALSE(b.coupon.fromGilt);
    CHECK(b.coupon.rate == 0.048);
    CHECK(b.frequency == fin::Frequency::Semiannual);
    CHECK(b.dayCount == fin::DayCount::ActActIcma);
    CHECK(b.calendar == fin::CalendarKind::UnitedKingdom);
    CHECK(b.paymentConvention == fin::PaymentConvention::Following);
    CHECK(b.amortization == fin::AmortizationType::Annuity);
    CHECK(b.interestOnlyYears == 2);
    CHECK(b.capitalisedInterestYears == 0);
    CHECK(b.issuePrice == 100.0);
    CHECK(b.issuanceCostPercent == 0.005);
    CHECK(b.issuanceCostFixed == 75000.0);
    CHECK(b.annualFees == 30000.0);
    CHECK(b.structure == Structure::GeneralObligation);
    CHECK(b.reserveMonths == 0.0);

    CHECK(s.discounting.method == fin::DiscountMethod::GreenBook);
    CHECK(s.discounting.inflation == 0.0);
    CHECK(s.rounding.decimals == 2);
    CHECK(s.rounding.mode == fin::RoundingMode::HalfUp);

    const Uncertainty& u = s.uncertainty;
    CHECK(u.paths == 10000);
    CHECK(u.seed == 20260401u);
    CHECK(u.savingRateFactor.kind == DistributionKind::Triangular);
    CHECK(u.savingRateFactor.min == 0.5);
    CHECK(u.savingRateFactor.mode == 1.0);
    CHECK(u.savingRateFactor.max == 1.2);
    CHECK(u.delayYears.kind == DistributionKind::Discrete);
    CHECK(u.delayYears.values == std::vector<double>{0, 1, 2});
    CHECK(u.delayYears.probabilities == std::vector<double>{0.6, 0.3, 0.1});
    CHECK(u.oneOffCostFactor.kind == DistributionKind::Pert);
    CHECK(u.oneOffCostFactor.max == 1.6);
    CHECK(u.runningCostFactor.kind == DistributionKind::Fixed);
    CHECK(u.runningCostFactor.value == 1.0);
    CHECK(u.expenditureGrowth.kind == DistributionKind::Normal);
    CHECK(u.expenditureGrowth.mean == 0.02);
    CHECK(u.expenditureGrowth.sd == 0.01);
}

TEST_CASE("input: every example file reads") {
    const auto folder = std::filesystem::path(ITSB_SOURCE_DIR) / "examples";
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() != ".json") continue;
        CAPTURE(entry.path().string());
        CHECK_NOTHROW((void)readScenario(readFile(entry.path())));
        ++count;
    }
    CHECK(count >= 1);
}

TEST_CASE("input: missing optional keys take their defaults") {
    const char* minimal = R"({
      "itsb": 1, "start_date": "2026-04-01", "horizon_years": 25,
      "programme": {"baseline_expenditure": 1000000, "expenditure_growth": 0.01,
                    "service_lines": [{"addressable_share": 0.5, "saving_rate": 0.04}]},
      "bond": {"notional": 500000, "tenor_years": 10, "coupon": 0.05, "frequency": "annual",
               "amortization": "level_principal"}
    })";
    const Scenario s = readScenario(minimal);
    CHECK(s.name.empty());
    CHECK(s.description.empty());
    CHECK(s.currency == "GBP");
    CHECK(s.programme.serviceLines[0].name == "Service line 1");
    CHECK(s.programme.serviceLines[0].ramp.delayYears == 0);
    CHECK(s.programme.serviceLines[0].ramp.yearsToFull == 0);
    CHECK(s.programme.serviceLines[0].ramp.fractions.empty());
    CHECK(s.programme.savingsOptimismBias == 0.0);
    CHECK(s.programme.oneOffCosts.empty());
    CHECK(s.programme.runningCosts.empty());
    CHECK(s.partners.empty());
    CHECK(s.bond.notional.rule == NotionalRule::Fixed);
    CHECK(s.bond.notional.amount == 500000.0);
    CHECK(s.bond.sizeRounding == 1000.0);
    CHECK(s.bond.issueDate == s.startDate);
    CHECK(s.bond.periods == 10);
    CHECK(s.bond.dayCount == fin::DayCount::ActActIcma);
    CHECK(s.bond.calendar == fin::CalendarKind::UnitedKingdom);
    CHECK(s.bond.paymentConvention == fin::PaymentConvention::Following);
    CHECK(s.bond.issuePrice == 100.0);
    CHECK(s.bond.structure == Structure::GeneralObligation);
    CHECK(s.bond.savingsLinked.savingsShare == 1.0);
    CHECK_FALSE(s.bond.savingsLinked.councilGuarantee);
    CHECK(s.discounting.method == fin::DiscountMethod::GreenBook);
    CHECK(s.rounding.decimals == 2);
    CHECK(s.rounding.mode == fin::RoundingMode::HalfUp);
    CHECK(s.uncertainty.paths == 10000);
    CHECK(s.uncertainty.seed == 0u);
    CHECK(s.uncertainty.savingRateFactor.kind == DistributionKind::Fixed);
    CHECK(s.uncertainty.savingRateFactor.value == 1.0);
    CHECK(s.uncertainty.delayYears.value == 0.0);
    CHECK(s.uncertainty.oneOffCostFactor.value == 1.0);
    CHECK(s.uncertainty.runningCostFactor.value == 1.0);
    CHECK(s.uncertainty.expenditureGrowth.kind == DistributionKind::Fixed);
    CHECK(s.uncertainty.expenditureGrowth.value == 0.01);

    const json canonical = canonicalJson(s);
    CHECK(text(canonical.at("bond").at("day_count")) == "ACT/ACT(ICMA)");
    CHECK(text(canonical.at("bond").at("issue_date")) == "2026-04-01");
    CHECK(text(canonical.at("programme").at("service_lines").at(0).at("ramp").at("shape")) == "linear");
    CHECK(canonical.at("uncertainty").at("expenditure_growth").at("value").get<double>() == 0.01);
}

TEST_CASE("input: integers accept integral numbers only") {
    CHECK(buildScenario(changed(pilotDocument(), {{"/horizon_years", "20.0"}})).horizonYears == 20);
    CHECK(buildScenario(changed(pilotDocument(), {{"/bond/tenor_years", "1.5e1"}})).bond.periods == 30);
    CHECK_NOTHROW(buildScenario(changed(pilotDocument(), {{"/itsb", "1.0"}})));
    const auto problems = buildProblems(changed(pilotDocument(), {{"/bond/tenor_years", "15.5"}}));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message() == "/bond/tenor_years: must be an integer, got 15.5");
}

TEST_CASE("input: each bad value is reported once at its pointer with its rule") {
    std::string frac30Leading = listText(30, 4, 0.0, 0.9 / 26);  // first entry 0.1, in an interest-only period
    frac30Leading.replace(1, 3, "0.1");
    const std::string frac30Half = listText(30, 4, 0.0, 0.5 / 26);
    const std::string amounts30 = listText(30, 4, 0.0, 1000000.0 / 26);
    const std::string amounts30Short = listText(30, 4, 0.0, 999000.0 / 26);
    const std::vector<BadCase> cases = {
        // top level
        {{{"/bond/coupon", "4.5"}}, "/bond/coupon", "must be between -0.05 and 1, got 4.5"},
        {{{"/bond/coupon", kRemove}}, "/bond/coupon", "is required"},
        {{{"/bond/cupon", "0.05"}}, "/bond/cupon", "unknown key (did you mean \"coupon\"?)"},
        {{{"/horizon_years", "\"20\""}}, "/horizon_years", "must be an integer, got \"20\""},
        {{{"/horizon_years", "20.5"}}, "/horizon_years", "must be an integer, got 20.5"},
        {{{"/horizon_years", "10"}}, "/horizon_years", "must reach the bond's final payment on 2041-04-01, got 10"},
        {{{"/horizon_years", "301"}}, "/horizon_years", "must be between 1 and 300, got 301"},
        {{{"/horizon_years", kRemove}}, "/horizon_years", "is required"},
        {{{"/itsb", "2"}}, "/itsb", "must be 1 (the input format version), got 2"},
        {{{"/start_date", "2026-02-30"}}, "/start_date", "must be an ISO 8601 date (YYYY-MM-DD), got \"2026-02-30\""},
        {{{"/start_date", "20260401"}}, "/start_date", "must be an ISO 8601 date (YYYY-MM-DD), got 20260401"},
        {{{"/start_date", "1899-04-01"}}, "/start_date", "must be a date between 1901-01-01 and 2199-12-31"},
        {{{"/currency", "gbp"}}, "/currency", "must be a 3-letter upper-case currency code (ISO 4217), got \"gbp\""},
        {{{"/name", "5"}}, "/name", "must be a string, got 5"},
        {{{"/colour", "1"}}, "/colour", "unknown key (allowed: \"itsb\", \"name\""},
        // programme
        {{{"/programme", "x"}}, "/programme", "must be an object, got \"x\""},
        {{{"/programme/baseline_expenditure", "0"}}, "/programme/baseline_expenditure",
         "must be greater than 0 and at most 1e12, got 0"},
        {{{"/programme/expenditure_growth", "0.6"}}, "/programme/expenditure_growth",
         "must be between -0.5 and 0.5, got 0.6"},
        {{{"/programme/service_lines", "[]"}}, "/programme/service_lines", "must have 1 to 50 entries, has 0"},
        {{{"/programme/service_lines/0", "5"}}, "/programme/service_lines/0", "must be an object, got 5"},
        {{{"/programme/service_lines/0/addressable_share", "1.5"}}, "/programme/service_lines/0/addressable_share",
         "must be between 0 and 1, got 1.5"},
        {{{"/programme/service_lines/0/addressable_share", "0.95"}}, "/programme/service_lines",
         "addressable shares must sum to at most 1, got 1.05"},
        {{{"/programme/service_lines/1/saving_rate", kRemove}}, "/programme/service_lines/1/saving_rate", "is required"},
        {{{"/programme/service_lines/1/ramp/delay_years", "20"}}, "/programme/service_lines/1/ramp/delay_years",
         "must be at least 0 and less than horizon_years (20), got 20"},
        {{{"/programme/service_lines/0/ramp/years_to_full", "101"}}, "/programme/service_lines/0/ramp/years_to_full",
         "must be between 0 and 100, got 101"},
        {{{"/programme/service_lines/0/ramp/shape", "s-curve"}}, "/programme/service_lines/0/ramp/shape",
         "must be one of \"linear\", \"s_curve\", got \"s-curve\""},
        {{{"/programme/service_lines/0/ramp/fractions", "[0.5, 1]"}}, "/programme/service_lines/0/ramp",
         "fractions cannot be combined with years_to_full or shape"},
        {{{"/programme/service_lines/0/ramp", R"({"fractions": []})"}}, "/programme/service_lines/0/ramp/fractions",
         "must have 1 to horizon_years (20) entries, has 0"},
        {{{"/programme/service_lines/0/ramp", R"({"fractions": [0.5, 1.2]})"}},
         "/programme/service_lines/0/ramp/fractions/1", "must be between 0 and 1, got 1.2"},
        {{{"/programme/savings_optimism_bias", "1"}}, "/programme/savings_optimism_bias",
         "must be at least 0 and less than 1, got 1"},
        {{{"/programme/one_off_costs/0/year", "21"}}, "/programme/one_off_costs/0/year",
         "must be between 0 and horizon_years (20), got 21"},
        {{{"/programme/one_off_costs/1/kind", "capex"}}, "/programme/one_off_costs/1/kind",
         "must be one of \"capital\", \"revenue\", got \"capex\""},
        {{{"/programme/running_costs/0/from_year", "0"}}, "/programme/running_costs/0/from_year",
         "must be between 1 and horizon_years (20), got 0"},
        {{{"/programme/running_costs/0/escalation", "1.5"}}, "/programme/running_costs/0/escalation",
         "must be between -0.5 and 1, got 1.5"},
        {{{"/programme/cost_optimism_bias", "-0.1"}}, "/programme/cost_optimism_bias",
         "must be between 0 and 5, got -0.1"},
        // partners
        {{{"/partners/1/name", "Council A"}}, "/partners/1/name",
         "must be unique among partners (/partners/0/name has it too), got \"Council A\""},
        {{{"/partners/0/name", "\"\""}}, "/partners/0/name", "must be a non-empty string, got \"\""},
        {{{"/partners/0/share", "0.6"}}, "/partners", "shares must sum to 1, got 1.1"},
        {{{"/partners/0", R"({"name": "Council A", "share": 0.5, "cost_share": 0.5})"}}, "/partners/0",
         "give share, or savings_share and cost_share, not both"},
        {{{"/partners/0", R"({"name": "Council A", "savings_share": 0.5})"}}, "/partners/0/cost_share",
         "is required"},
        {{{"/partners/0", R"({"name": "Council A", "savings_share": 0.5, "cost_share": 0.4})"}}, "/partners",
         "cost shares must sum to 1, got 0.9"},
        // bond
        {{{"/bond/notional", "fund_everything"}}, "/bond/notional",
         "must be a number, \"fund_capital_costs\", \"fund_one_off_costs\" or {\"target_min_dscr\": D}, got "
         "\"fund_everything\""},
        {{{"/bond/notional", "1e13"}}, "/bond/notional", "must be greater than 0 and at most 1e12, got 10000000000000.0"},
        {{{"/bond/notional", R"({"target_min_dscr": 0})"}}, "/bond/notional/target_min_dscr",
         "must be greater than 0 and at most 100, got 0"},
        {{{"/bond/tenor_years", kRemove}, {"/bond/maturity", "2031-05-01"}}, "/bond/maturity",
         "must be a whole number of semiannual periods after the issue date 2026-04-01, got \"2031-05-01\""},
        {{{"/bond/tenor_years", kRemove}, {"/bond/maturity", "2026-04-01"}}, "/bond/maturity",
         "must be after the issue date 2026-04-01, got \"2026-04-01\""},
        {{{"/bond/tenor_years", kRemove}, {"/bond/maturity", "2127-04-01"}, {"/horizon_years", "150"}},
         "/bond/maturity", "must be at most 100 years after the issue date 2026-04-01"},
        {{{"/bond/maturity", "2041-04-01"}}, "/bond", "give tenor_years or maturity, not both"},
        {{{"/bond/tenor_years", kRemove}}, "/bond", "tenor_years or maturity is required"},
        {{{"/bond/tenor_years", "101"}}, "/bond/tenor_years", "must be between 1 and 100, got 101"},
        {{{"/start_date", "2185-01-01"}, {"/bond/issue_date", "2185-01-01"}, {"/horizon_years", "14"}},
         "/bond/tenor_years", "must end the bond on or before 2199-12-20, got 15"},
        {{{"/bond/issue_date", "2026-03-31"}}, "/bond/issue_date",
         "must be on or after start_date 2026-04-01, got \"2026-03-31\""},
        {{{"/bond/frequency", "weekly"}}, "/bond/frequency",
         "must be one of \"annual\", \"semiannual\", \"quarterly\", \"monthly\", got \"weekly\""},
        {{{"/bond/day_count", "ACT/365"}}, "/bond/day_count",
         "must be one of \"ACT/ACT(ICMA)\", \"ACT/365F\", \"ACT/360\", \"30/360\", got \"ACT/365\""},
        {{{"/bond/calendar", "London"}}, "/bond/calendar",
         "must be one of \"UnitedKingdom\", \"TARGET\", \"NullCalendar\", got \"London\""},
        {{{"/bond/coupon", R"({"gilt_yield": 0.045})"}}, "/bond/coupon/margin", "is required"},
        {{{"/bond/coupon", R"({"gilt_yield": 0.9, "margin": 0.5})"}}, "/bond/coupon",
         "gilt_yield + margin must be between -0.05 and 1, got 1.4"},
        {{{"/bond/coupon", "\"4.8%\""}}, "/bond/coupon",
         "must be a number or {\"gilt_yield\": G, \"margin\": M}, got \"4.8%\""},
        {{{"/bond/amortization", "balloon"}}, "/bond/amortization",
         "must be \"bullet\", \"annuity\", \"level_principal\", \"sculpted\", {\"custom\": [amounts]} or "
         "{\"custom_fractions\": [fractions]}, got \"balloon\""},
        {{{"/bond/notional", "15000000"}, {"/bond/amortization", R"({"custom": [1, 2]})"}},
         "/bond/amortization/custom", "must have one entry per period (30), has 2"},
        {{{"/bond/amortization", "{\"custom_fractions\": " + frac30Leading + "}"}},
         "/bond/amortization/custom_fractions/0", "must be 0 in a capitalised or interest-only period, got 0.1"},
        {{{"/bond/amortization", "{\"custom_fractions\": " + frac30Half + "}"}}, "/bond/amortization/custom_fractions",
         "must sum to 1, got 0.5"},
        {{{"/bond/amortization", "{\"custom\": " + amounts30 + "}"}}, "/bond/amortization",
         "custom amounts need a numeric notional"},
        {{{"/bond/notional", "1000000"}, {"/bond/amortization", "{\"custom\": " + amounts30Short + "}"}},
         "/bond/amortization/custom", "must sum to the notional 1000000, got 999000"},
        {{{"/bond/amortization", R"({"custom": [], "custom_fractions": []})"}}, "/bond/amortization",
         "give custom or custom_fractions, not both"},
        {{{"/bond/interest_only_years", "15"}}, "/bond/interest_only_years",
         "capitalised_interest_years (0) + interest_only_years (15) must leave at least one of the bond's 30 "
         "semiannual periods amortizing"},
        {{{"/bond/capitalised_interest_years", "-1"}}, "/bond/capitalised_interest_years",
         "must be between 0 and 100, got -1"},
        {{{"/bond/issue_price", "0"}}, "/bond/issue_price", "must be greater than 0 and at most 200, got 0"},
        {{{"/bond/issuance_costs/percent", "1"}}, "/bond/issuance_costs/percent",
         "must be at least 0 and less than 1, got 1"},
        {{{"/bond/issuance_costs/fixd", "1"}}, "/bond/issuance_costs/fixd", "unknown key (did you mean \"fixed\"?)"},
        {{{"/bond/annual_fees", "-1"}}, "/bond/annual_fees", "must be between 0 and 1e12, got -1"},
        {{{"/bond/structure", "payment_by_results"}}, "/bond/structure",
         "must be one of \"general_obligation\", \"savings_linked\", got \"payment_by_results\""},
        {{{"/bond/savings_linked", R"({"savings_share": 0.8})"}}, "/bond/savings_linked",
         "is only allowed with structure \"savings_linked\""},
        {{{"/bond/structure", "savings_linked"}, {"/bond/savings_linked", R"({"savings_share": 0})"}},
         "/bond/savings_linked/savings_share", "must be greater than 0 and at most 1, got 0"},
        {{{"/bond/structure", "savings_linked"}, {"/bond/savings_linked", R"({"cap_multiple": 0.5})"}},
         "/bond/savings_linked/cap_multiple", "must be between 1 and 100, got 0.5"},
        {{{"/bond/structure", "savings_linked"}, {"/bond/savings_linked", R"({"council_guarantee": "yes"})"}},
         "/bond/savings_linked/council_guarantee", "must be true or false, got \"yes\""},
        {{{"/bond/reserve_months", "61"}}, "/bond/reserve_months", "must be between 0 and 60, got 61"},
        {{{"/bond/size_rounding", "0"}}, "/bond/size_rounding", "must be greater than 0 and at most 1e9, got 0"},
        // discounting, rounding
        {{{"/discounting/method", "flat"}}, "/discounting/rate", "is required"},
        {{{"/discounting/rate", "0.035"}}, "/discounting/rate", "is only allowed with method \"flat\""},
        {{{"/discounting/points", "[[1, 0.03]]"}}, "/discounting/points", "is only allowed with method \"curve\""},
        {{{"/discounting/method", "curve"}}, "/discounting/points", "is required"},
        {{{"/discounting", R"({"method": "curve", "points": [[1, 0.03], [1, 0.04]]})"}}, "/discounting/points/1/0",
         "must be greater than the previous point's year 1, got 1"},
        {{{"/discounting", R"({"method": "curve", "points": [[1, 0.03, 5]]})"}}, "/discounting/points/0",
         "must be a [year, zero_rate] pair, got [1,0.03,5]"},
        {{{"/discounting/inflation", "-0.5"}}, "/discounting/inflation",
         "must be greater than -0.5 and at most 1, got -0.5"},
        {{{"/rounding/decimals", "7"}}, "/rounding/decimals", "must be between 0 and 6, got 7"},
        {{{"/rounding/mode", "bankers"}}, "/rounding/mode", "must be one of \"half_up\", \"half_even\", got \"bankers\""},
        // uncertainty
        {{{"/uncertainty/paths", "0"}}, "/uncertainty/paths", "must be between 1 and 10000000, got 0"},
        {{{"/uncertainty/seed", "-1"}}, "/uncertainty/seed", "must be between 0 and 9007199254740992, got -1"},
        {{{"/uncertainty/saving_rate_factor/mode", "0.4"}}, "/uncertainty/saving_rate_factor/mode",
         "must be between min and max (0.5 and 1.2), got 0.4"},
        {{{"/uncertainty/saving_rate_factor", R"({"distribution": "uniform", "min": 2, "max": 1})"}},
         "/uncertainty/saving_rate_factor/max", "must be at least min (2), got 1"},
        {{{"/uncertainty/one_off_cost_factor/min", "1.6"}}, "/uncertainty/one_off_cost_factor/max",
         "must be greater than min (1.6), got 1.6"},
        {{{"/uncertainty/delay_years/probabilities", "[0.6, 0.3]"}}, "/uncertainty/delay_years/probabilities",
         "must have as many entries as values (3), has 2"},
        {{{"/uncertainty/delay_years/probabilities", "[0.6, 0.3, 0.2]"}}, "/uncertainty/delay_years/probabilities",
         "must sum to 1, got 1.1"},
        {{{"/uncertainty/running_cost_factor/value", "-1"}}, "/uncertainty/running_cost_factor/value",
         "must be at least 0, got -1"},
        {{{"/uncertainty/expenditure_growth/sd", "-0.01"}}, "/uncertainty/expenditure_growth/sd",
         "must be at least 0, got -0.01"},
        {{{"/uncertainty/expenditure_growth/sigma", "0.01"}}, "/uncertainty/expenditure_growth/sigma",
         "unknown key (allowed: \"distribution\", \"mean\", \"sd\")"},
        {{{"/uncertainty/one_off_cost_factor/distribution", "beta"}}, "/uncertainty/one_off_cost_factor/distribution",
         "must be one of \"fixed\", \"uniform\", \"triangular\", \"pert\", \"normal\", \"lognormal\", \"discrete\", "
         "got \"beta\""},
        {{{"/uncertainty/saving_rate_factor", "1.1"}}, "/uncertainty/saving_rate_factor",
         "must be an object such as {\"distribution\": \"fixed\", \"value\": 1}, got 1.1"},
    };
    CHECK(cases.size() >= 40);
    for (const auto& c : cases) {
        json document;
        REQUIRE_NOTHROW(document = changed(pilotDocument(), c.changes));
        const auto problems = buildProblems(document);
        INFO("expected ", c.pointer, ": ", c.text, "\ngot:\n", messages(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].pointer == c.pointer);
        CHECK(problems[0].message().find(c.pointer + ": " + c.text) == 0);
    }
}

TEST_CASE("input: every problem of a file is reported, children of a wrong-typed parent are not") {
    const json document = changed(pilotDocument(), {{"/bond/coupon", "4.5"},
                                            {"/bond/frequency", "weekly"},
                                            {"/bond/cupon", "1"},
                                            {"/programme/service_lines", "{\"not\": \"a list\"}"},
                                            {"/partners/2/share", "-0.2"},
                                            {"/rounding", "2"},
                                            {"/uncertainty/paths", "0"}});
    const auto problems = buildProblems(document);
    INFO(messages(problems));
    std::vector<std::string> pointers;
    for (const auto& p : problems) pointers.push_back(p.pointer);
    // Document order within each section, sections in the order of SPEC §8. The bad
    // frequency hides the periods, so nothing that depends on them (horizon) is reported.
    CHECK(pointers == std::vector<std::string>{"/programme/service_lines", "/partners/2/share", "/bond/cupon",
                                               "/bond/frequency", "/bond/coupon", "/rounding", "/uncertainty/paths"});
    CHECK(problems[0].message() == "/programme/service_lines: must be an array, got {\"not\":\"a list\"}");

    // Nothing below a non-object is looked at; the top-level problems are all there.
    const auto many = buildProblems(parseInputJson(R"({"itsb": 3, "horizon_years": 0, "programme": [],
        "bond": "x", "partners": {}, "discounting": [], "extra": 1})"));
    std::vector<std::string> manyPointers;
    for (const auto& p : many) manyPointers.push_back(p.pointer);
    CHECK(manyPointers == std::vector<std::string>{"/extra", "/itsb", "/start_date", "/horizon_years", "/programme",
                                                   "/partners", "/bond", "/discounting"});
    CHECK(buildProblems(json::array()).at(0).message() == "the input must be a JSON object, got []");
}

TEST_CASE("input: long values are cut in messages") {
    json lines = json::object();
    for (int i = 0; i < 50; ++i) lines["line" + std::to_string(i)] = i;
    json document = pilotDocument();
    document["programme"]["service_lines"] = lines;
    const auto problems = buildProblems(document);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].value.size() == 80);
    CHECK(problems[0].value.substr(77) == "...");
}

TEST_CASE("input: JSON syntax errors are one problem with line and column") {
    auto single = [](std::string_view text) {
        const auto problems = parseProblems(text);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].pointer.empty());
        return problems[0].message();
    };
    CHECK(single("") ==
          "JSON syntax error at line 1, column 1: unexpected end of input; expected '[', '{', or a literal");
    CHECK(single("   \n") ==
          "JSON syntax error at line 2, column 1: unexpected end of input; expected '[', '{', or a literal");
    CHECK(single("{\n  \"itsb\": 1,\n}") ==
          "JSON syntax error at line 3, column 1: unexpected '}'; expected string literal");
    CHECK(single("{\"a\": 1} x").find("JSON syntax error at line 1, column 10: ") == 0);
    CHECK(single("{\"a\": 1 // note\n}").find("JSON syntax error at line 1, column ") == 0);  // no comments
    CHECK(single("{\"a\": tru}").find("invalid literal") != std::string::npos);
    CHECK(single("{\"a\": NaN}").find("JSON syntax error at line 1, column 7") == 0);

    // The line and column computed from the byte offset agree with nlohmann's own count.
    for (std::string source : {"{\n  \"bond\": {\"coupon\": 0.05,,}\n}", "[1, 2,\n 3\n  4]", "{\"a\":\n\n   [1 2]}",
                             "{\"a\": \"unterminated}"}) {
        CAPTURE(source);
        const std::string expected = nlohmannPosition(source);
        REQUIRE_FALSE(expected.empty());
        CHECK(single(source).find("JSON syntax error at " + expected + ":") == 0);
    }
}

TEST_CASE("input: duplicate keys are problems at their pointer") {
    auto problems = parseProblems(R"({"bond": {"coupon": 0.05, "frequency": "annual", "coupon": 0.06}})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message() == "/bond/coupon: duplicate key");

    problems = parseProblems(R"({"a/b": 1, "a/b": 2, "list": [{"x~": 1, "x~": 2}], "z": {"n": 1}, "z": {"n": 2}})");
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].pointer == "/a~1b");
    CHECK(problems[1].pointer == "/list/0/x~0");
    CHECK(problems[2].pointer == "/z");
}

TEST_CASE("input: non-finite numbers are problems at their field") {
    auto problems = parseProblems(R"({"bond": {"coupon": 1e400}})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message() == "/bond/coupon: must be a finite number, got 1e400");

    // Every one is found, with the problems after it, in document order.
    problems = parseProblems("{\"a\": [1, -1e999, 2E+308], \"b\": {\"c\": 1, \"c\": 2}, \"d\": 1" +
                             std::string(400, '0') + "}");
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].message() == "/a/1: must be a finite number, got -1e999");
    CHECK(problems[1].message() == "/a/2: must be a finite number, got 2E+308");
    CHECK(problems[2].message() == "/b/c: duplicate key");
    CHECK(problems[3].pointer == "/d");
    CHECK(problems[3].value == "1" + std::string(400, '0'));

    // ... and a later syntax error too, at its true column.
    problems = parseProblems("{\"x\": 1e400, \"y\": }");
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].message() == "/x: must be a finite number, got 1e400");
    CHECK(problems[1].message().find("JSON syntax error at line 1, column 19:") == 0);
}

TEST_CASE("input: nesting is limited to 100 levels") {
    CHECK_NOTHROW(parseInputJson(std::string(100, '[') + std::string(100, ']')));
    const auto problems = parseProblems(std::string(101, '[') + std::string(101, ']'));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].rule == "is nested deeper than 100 levels");
}
