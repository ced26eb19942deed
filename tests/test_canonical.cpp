// The canonical form of an input and its SHA-256, which the outputs cite.

#include "itsb/scenarios/io/reader.hpp"

#include "input_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using nlohmann::json;
using namespace itsb::scenarios;
using itsb::test::changed;
using itsb::test::kRemove;
using itsb::test::listText;
using itsb::test::pilotDocument;
using itsb::test::text;

namespace {

std::string canonicalText(const json& document) { return canonicalJson(buildScenario(document)).dump(); }

}  // namespace

TEST_CASE("input: canonical JSON reads back to the same scenario") {
    const std::vector<std::vector<Override>> variants = {
        {},
        {{"/bond/tenor_years", kRemove}, {"/bond/maturity", "2039-10-01"}},
        {{"/bond/coupon", R"({"gilt_yield": 0.045, "margin": 0.008})"}},
        {{"/bond/notional", "15000000"}, {"/bond/amortization", "{\"custom\": " + listText(30, 4, 0.0, 15000000.0 / 26) + "}"}},
        {{"/bond/notional", R"({"target_min_dscr": 1.3})"},
         {"/bond/amortization", "{\"custom_fractions\": " + listText(30, 4, 0.0, 1.0 / 26) + "}"}},
        {{"/bond/notional", "fund_one_off_costs"}, {"/bond/amortization", "sculpted"}},
        {{"/discounting", R"({"method": "flat", "rate": 0.035, "inflation": 0.02})"}},
        {{"/discounting", R"({"method": "curve", "points": [[0, 0.03], [10.5, 0.04]]})"}},
        {{"/programme/service_lines/0/ramp", R"({"delay_years": 2, "fractions": [0.2, 0.6, 1.0]})"},
         {"/programme/service_lines/1/ramp/shape", "s_curve"},
         {"/programme/service_lines/1/name", kRemove}},
        {{"/bond/structure", "savings_linked"},
         {"/bond/savings_linked", R"({"savings_share": 0.8, "council_guarantee": true, "cap_multiple": 1.5})"},
         {"/bond/reserve_months", "6"}},
        {{"/partners", R"([{"name": "A", "savings_share": 0.6, "cost_share": 0.5},
                           {"name": "B", "savings_share": 0.4, "cost_share": 0.5}])"}},
        {{"/partners", kRemove}, {"/uncertainty", kRemove}, {"/discounting", kRemove}, {"/rounding", kRemove}},
        {{"/uncertainty/saving_rate_factor", R"({"distribution": "lognormal", "mu": 0, "sigma": 0.2})"},
         {"/uncertainty/running_cost_factor", R"({"distribution": "uniform", "min": 0.9, "max": 1.3})"},
         {"/uncertainty/delay_years", R"({"distribution": "fixed", "value": 1})"}},
        {{"/bond/frequency", "monthly"}, {"/bond/day_count", "30/360"}, {"/bond/calendar", "TARGET"},
         {"/bond/payment_convention", "modified_following"}, {"/rounding", R"({"decimals": 0, "mode": "half_even"})"},
         {"/bond/capitalised_interest_years", "1"}, {"/bond/issue_date", "2026-05-31"}},
    };
    for (std::size_t i = 0; i < variants.size(); ++i) {
        CAPTURE(i);
        const json document = changed(pilotDocument(), variants[i]);
        const std::string first = canonicalText(document);
        const json canonical = parseInputJson(first);
        const std::string second = canonicalText(canonical);
        CHECK(first == second);
        // Every key is written: the canonical form of the canonical form adds nothing.
        CHECK(canonical.at("bond").contains("day_count"));
        CHECK(canonical.at("uncertainty").size() == 7);
        CHECK(canonical.at("bond").contains("tenor_years") != canonical.at("bond").contains("maturity"));
    }

    const json gilt = canonicalJson(buildScenario(changed(pilotDocument(), variants[2])));
    CHECK(text(gilt.at("bond").at("coupon")) == R"({"gilt_yield":0.045,"margin":0.008})");
    const json maturity = canonicalJson(buildScenario(changed(pilotDocument(), variants[1])));
    CHECK(text(maturity.at("bond").at("maturity")) == "2039-10-01");
    CHECK(buildScenario(changed(pilotDocument(), variants[1])).bond.periods == 27);
    const json partners = canonicalJson(readScenario(defaultPilotText()));
    CHECK(text(partners.at("partners").at(1)) == R"({"cost_share":0.3,"name":"Council B","savings_share":0.3})");
    CHECK(text(partners.at("bond").at("notional")) == "fund_capital_costs");
}

TEST_CASE("input: SHA-256 of the canonical input") {
    // FIPS 180-2 appendix B.1 and the empty message.
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    const Scenario base = readScenario(defaultPilotText());
    const std::string hash = inputSha256(base);
    CHECK(hash.size() == 64);
    CHECK(std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    CHECK(hash == sha256Hex(canonicalJson(base).dump()));

    // Key order and spelled-out defaults do not change it; any input value does.
    const std::string reordered = R"({"horizon_years": 20, "start_date": "2026-04-01", "itsb": 1,
        "bond": {"coupon": 0.05, "notional": 500000, "amortization": "bullet", "frequency": "annual", "tenor_years": 5},
        "programme": {"service_lines": [{"saving_rate": 0.04, "addressable_share": 0.5}], "baseline_expenditure": 1e6}})";
    const std::string explicitDefaults = R"({"itsb": 1, "start_date": "2026-04-01", "horizon_years": 20, "currency": "GBP",
        "programme": {"baseline_expenditure": 1000000, "service_lines": [{"addressable_share": 0.5, "saving_rate": 0.04,
                      "name": "Service line 1"}], "cost_optimism_bias": 0},
        "bond": {"notional": 500000.0, "tenor_years": 5, "coupon": 0.05, "frequency": "annual", "amortization": "bullet",
                 "calendar": "UnitedKingdom", "issue_date": "2026-04-01"},
        "rounding": {"decimals": 2}})";
    CHECK(inputSha256(readScenario(reordered)) == inputSha256(readScenario(explicitDefaults)));
    CHECK(inputSha256(readScenario(defaultPilotText(), {{"/bond/coupon", "0.0481"}})) != hash);
    CHECK(inputSha256(readScenario(defaultPilotText(), {{"/name", "Another name"}})) != hash);
}
