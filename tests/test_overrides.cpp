// --set: overrides of the input's keys, as JSON or text, and the usage errors they can make.

#include "itsb/scenarios/io/input_error.hpp"
#include "itsb/scenarios/io/reader.hpp"

#include "input_harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using nlohmann::json;
using namespace itsb::scenarios;
using itsb::test::pilotDocument;
using itsb::test::text;
namespace fin = itsb::finance;

TEST_CASE("input: --set overrides read JSON, else text") {
    json document = pilotDocument();
    applyOverrides(document, {{"/bond/amortization", "bullet"},
                              {"/bond/coupon", "0.05"},
                              {"/name", "Pilot B"},
                              {"/description", ""},
                              {"/bond/notional", R"({"target_min_dscr": 1.3})"},
                              {"/bond/reserve_months", "3"},
                              {"/programme/running_costs/-", R"({"from_year": 2, "amount": 1000})"},
                              {"/programme/running_costs/2", R"({"from_year": 3, "amount": 2000})"},
                              {"/programme/service_lines/0/saving_rate", " 0.06 "},
                              {"/partners/0/name", "\"Council \\\"A\\\"\""},
                              {"/bond/structure", "\"savings_linked\""},
                              {"/bond/savings_linked", R"({"council_guarantee": true})"}});
    CHECK(text(document.at("bond").at("amortization")) == "bullet");
    CHECK(document.at("bond").at("coupon").is_number_float());
    CHECK(text(document.at("name")) == "Pilot B");
    CHECK(text(document.at("description")).empty());
    CHECK(document.at("programme").at("running_costs").size() == 3);
    const Scenario s = buildScenario(document);
    CHECK(s.bond.amortization == fin::AmortizationType::Bullet);
    CHECK(s.bond.coupon.rate == 0.05);
    CHECK(s.bond.notional.rule == NotionalRule::TargetMinDscr);
    CHECK(s.bond.notional.targetMinDscr == 1.3);
    CHECK(s.bond.reserveMonths == 3.0);
    CHECK(s.programme.runningCosts[2].amount == 2000.0);
    CHECK(s.programme.runningCosts[2].name == "Running cost 3");
    CHECK(s.programme.serviceLines[0].savingRate == 0.06);
    CHECK(s.partners[0].name == "Council \"A\"");
    CHECK(s.bond.savingsLinked.councilGuarantee);

    // A value that is not JSON is text, so the validator names it.
    CHECK_THROWS_WITH_AS(readScenario(defaultPilotText(), {{"/bond/coupon", "4.8%"}}),
                         "/bond/coupon: must be a number or {\"gilt_yield\": G, \"margin\": M}, got \"4.8%\"",
                         InputError);
    CHECK_THROWS_WITH_AS(readScenario(defaultPilotText(), {{"/name", "\xff"}}),
                         doctest::Contains("/name: must be valid UTF-8 text"), InputError);
    // Overrides apply in order.
    CHECK(readScenario(defaultPilotText(), {{"/horizon_years", "10"}, {"/horizon_years", "25"}}).horizonYears == 25);
}

TEST_CASE("input: --set overrides that cannot apply are usage errors naming the pointer") {
    auto error = [](const std::string& pointer, const std::string& value) {
        json document = pilotDocument();
        try {
            applyOverrides(document, {{pointer, value}});
        } catch (const OverrideError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error("bond/coupon", "1") == "--set bond/coupon=1: the JSON pointer must start with \"/\" (e.g. /bond/coupon)");
    CHECK(error("", "1").find("--set =1: the JSON pointer must start with") == 0);
    CHECK(error("/a~2b", "1") == "--set /a~2b=1: not a valid JSON pointer (\"~\" must be followed by 0 or 1)");
    CHECK(error("/bond/coupon/x", "1") == "--set /bond/coupon/x=1: /bond/coupon is not an object or array");
    CHECK(error("/bond/coupon/x/y", "1") == "--set /bond/coupon/x/y=1: /bond/coupon is not an object or array");
    CHECK(error("/programme/service_lines/5/name", "x") ==
          "--set /programme/service_lines/5/name=x: /programme/service_lines/5 does not exist in the input");
    CHECK(error("/programme/service_lines/01/name", "x") ==
          "--set /programme/service_lines/01/name=x: /programme/service_lines/01 does not exist in the input");
    CHECK(error("/programme/service_lines/3", "{}") ==
          "--set /programme/service_lines/3={}: index 3 is past the end of /programme/service_lines (2 entries; use "
          "2 or - to append)");
    CHECK(error("/programme/service_lines/x", "{}") == "--set /programme/service_lines/x={}: \"x\" is not an array index");
    CHECK(error("/bond/coupon", "1e400") == "--set /bond/coupon=1e400: /bond/coupon: must be a finite number, got 1e400");
    CHECK(error("/bond/notional", R"({"target_min_dscr": 1, "target_min_dscr": 2})") ==
          "--set /bond/notional={\"target_min_dscr\": 1, \"target_min_dscr\": 2}: /bond/notional/target_min_dscr: "
          "duplicate key");
    CHECK_THROWS_AS(readScenario(defaultPilotText(), {{"/programme/service_lines/5/name", "x"}}), OverrideError);

    // The root of a non-object document cannot take a key.
    json scalar = 5;
    CHECK_THROWS_WITH_AS(applyOverrides(scalar, {{"/a", "1"}}), "--set /a=1: the input is not an object or array",
                         OverrideError);
}

TEST_CASE("input: --set into an optional block the file leaves out creates the block with its defaults") {
    // The pilot as a file without its optional blocks: rounding, discounting and uncertainty
    // take their defaults (2 decimals half-even, the Green Book, no uncertainty).
    json bare = pilotDocument();
    for (const char* block : {"rounding", "discounting", "uncertainty"}) bare.erase(block);
    const std::string text = bare.dump();
    CHECK(readScenario(text, {}).rounding.decimals == 2);

    // --set reaches a key of an absent block, as --grid does; the block's other keys keep
    // their defaults.
    const Scenario whole = readScenario(text, {{"/rounding/decimals", "0"}});
    CHECK(whole.rounding.decimals == 0);
    CHECK(whole.rounding.mode == readScenario(text, {}).rounding.mode);
    const Scenario inflated = readScenario(text, {{"/discounting/inflation", "0.02"}});
    CHECK(inflated.discounting.inflation == 0.02);
    CHECK(inflated.discounting.method == readScenario(text, {}).discounting.method);
    // An absent array is created for an index, and its entry for the keys set into it.
    json noPartners = bare;
    noPartners.erase("partners");
    const Scenario partnered = readScenario(noPartners.dump(), {{"/partners/0/name", "Alpha"}, {"/partners/0/share", "1"}});
    REQUIRE(partnered.partners.size() == 1);
    CHECK(partnered.partners[0].name == "Alpha");
    CHECK(readScenario(text, {{"/uncertainty/paths", "1000"}}).uncertainty.paths == 1000);
    // An entry created in an array must still have its required keys, as in a file.
    CHECK_THROWS_WITH_AS(readScenario(noPartners.dump(), {{"/partners/0/name", "Alpha"}}),
                         doctest::Contains("/partners/0/share: is required"), InputError);

    // A pointer naming no key of the schema is still refused, with a suggestion.
    CHECK_THROWS_WITH_AS(readScenario(text, {{"/rondung/decimals", "0"}}),
                         doctest::Contains("/rondung: unknown key (did you mean \"rounding\"?)"), InputError);
    CHECK_THROWS_WITH_AS(readScenario(text, {{"/rounding/decimls", "0"}}),
                         doctest::Contains("/rounding/decimls: unknown key (did you mean \"decimals\"?)"), InputError);
}
