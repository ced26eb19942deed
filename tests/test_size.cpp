// `itsb size`: every answer re-run through `itsb run` at it, and one step beyond it.

#include "cli_harness.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "itsb/scenarios/io/text_format.hpp"

using namespace itsb::test;
using itsb::scenarios::formatNumber;

namespace {

nlohmann::json runJson(std::vector<std::string> args) {
    const auto r = runCli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return nlohmann::json::parse(r.out);
}

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& sets) {
    for (const auto& s : sets) {
        base.push_back("--set");
        base.push_back(s);
    }
    return base;
}

// The default pilot seen by its section 151 officer (examples/revenue_budget.json's block): capital
// receipts meet the redundancy costs, MRP by annuity over 7 years, a PWLB comparison.
const std::string kSizeCouncilFinance =
    R"(/council_finance={"jurisdiction": "england", "mrp": {"method": "asset_life_annuity", "asset_life_years": 7}, )"
    R"("funding": [{"source": "capital_receipts", "cost": "Redundancy and change team", "amount": 4800000}], )"
    R"("pwlb": {"gilt_yield": 0.045, "rate_type": "certainty"}})";

}  // namespace

TEST_CASE("size: the DSCR-sized notional meets the target and one size_rounding more does not") {
    // The default pilot and two other examples, each at its own size_rounding.
    const std::vector<std::pair<std::string, double>> cases{
        {"", 1000.0}, {"examples/consortium.json", 1000.0}, {"examples/welsh_interest_free.json", 1.0}};
    for (const auto& entry : cases) {
        const std::string& file = entry.first;  // not a structured binding: clang 14 cannot capture those
        const double step = entry.second;
        CAPTURE(file);
        const std::vector<std::string> input = file.empty() ? std::vector<std::string>{} : std::vector<std::string>{sourcePath(file).string()};
        auto args = std::vector<std::string>{"size", "--format", "json", "--target-dscr", "1.3"};
        args.insert(args.begin() + 1, input.begin(), input.end());
        const auto size = runJson(args);
        const double notional = size.at("max_notional_for_dscr").at("notional").get<double>();
        CHECK(std::fmod(notional, step) == 0.0);
        auto run = std::vector<std::string>{"run", "--format", "json"};
        run.insert(run.begin() + 1, input.begin(), input.end());
        const auto at = runJson(with(run, {"/bond/notional=" + formatNumber(notional)}));
        CHECK(at.at("metrics").at("min_dscr").get<double>() >= 1.3);
        CHECK(at.at("metrics").at("min_dscr").get<double>() == size.at("max_notional_for_dscr").at("min_dscr").get<double>());
        const auto beyond = runJson(with(run, {"/bond/notional=" + formatNumber(notional + step)}));
        CHECK(beyond.at("metrics").at("min_dscr").get<double>() < 1.3);
    }
}

TEST_CASE("size: the break-even saving rate breaks even by year K, and 0.0001 lower does not") {
    const auto size = runJson({"size", "--format", "json", "--break-even-by", "4"});
    const auto& b = size.at("break_even_saving_rate");
    CHECK(b.at("by_year") == 4);
    const double factor = b.at("factor").get<double>();
    // The default pilot's whole-baseline rate is 0.25 x 0.072 + 0.10 x 0.05 = 0.023.
    CHECK(std::abs(b.at("saving_rate").get<double>() - 0.023 * factor) < 1e-15);
    const double notional = size.at("proposal_notional").get<double>();
    auto at = [&](double f) {
        return runJson({"run", "--format", "json", "--set", "/bond/notional=" + formatNumber(notional), "--set",
                        "/programme/service_lines/0/saving_rate=" + formatNumber(0.072 * f), "--set",
                        "/programme/service_lines/1/saving_rate=" + formatNumber(0.05 * f)});
    };
    const auto passing = at(factor);
    REQUIRE(!passing.at("metrics").at("break_even_year").is_null());
    CHECK(passing.at("metrics").at("break_even_year").get<int>() <= 4);
    // 0.0001 lower in the whole-baseline rate is a factor 0.0001 / 0.023 lower.
    const auto lower = at(factor - 0.0001 / 0.023);
    const auto& year = lower.at("metrics").at("break_even_year");
    CHECK((year.is_null() || year.get<int>() > 4));
}

TEST_CASE("size: the highest coupon meets the DSCR target and 1e-7 more does not") {
    const auto size = runJson({"size", "--format", "json", "--target-dscr", "2"});
    const double coupon = size.at("max_coupon_for_dscr").at("coupon").get<double>();
    const double notional = size.at("proposal_notional").get<double>();
    auto minDscr = [&](double c) {
        return runJson({"run", "--format", "json", "--set", "/bond/notional=" + formatNumber(notional), "--set",
                        "/bond/coupon=" + formatNumber(c)})
            .at("metrics")
            .at("min_dscr")
            .get<double>();
    };
    CHECK(minDscr(coupon) >= 2.0);
    CHECK(minDscr(coupon + 1e-7) < 2.0);
}

TEST_CASE("size: notionals to fund the costs match the fund_* rules of `run`") {
    const auto size = runJson({"size", "--format", "json"});
    const auto capital = runJson({"run", "--format", "json"});  // the pilot funds its capital costs
    CHECK(size.at("notional_to_fund_costs").at("capital") == capital.at("metrics").at("notional"));
    const auto all = runJson({"run", "--format", "json", "--set", "/bond/notional=fund_one_off_costs"});
    CHECK(size.at("notional_to_fund_costs").at("all") == all.at("metrics").at("notional"));
}

TEST_CASE("size: unreachable answers are null with a warning") {
    // A target no notional meets: year 1's CFADS is negative (running costs of 3m against 1.68m
    // of savings), and the first payments fall in year 1.
    const auto size = runJson({"size", "--format", "json", "--set", "/programme/running_costs/0/amount=3000000"});
    CHECK(size.at("max_notional_for_dscr").at("notional").is_null());
    bool warned = false;
    for (const auto& w : size.at("warnings")) warned = warned || w.get<std::string>().rfind("max_notional_for_dscr", 0) == 0;
    CHECK(warned);
    // A DSCR of 100 even a zero coupon misses at the proposal's 10.93m (year 1's CFADS is 1.68m).
    const auto coupon = runJson({"size", "--format", "json", "--target-dscr", "100"});
    CHECK(coupon.at("max_coupon_for_dscr").at("coupon").is_null());
    CHECK(coupon.at("warnings").at(0) ==
          "max_coupon_for_dscr: even a zero coupon misses a minimum DSCR of 100 at the proposal's notional");
}

TEST_CASE("size: when no notional meets the DSCR, the warning names the binding year, its CFADS and what helps") {
    const std::vector<std::string> costly{"/programme/running_costs/0/amount=3000000"};
    const auto size = runJson(with({"size", "--format", "json"}, costly));
    REQUIRE(size.at("max_notional_for_dscr").at("notional").is_null());
    std::string warning;
    for (const auto& w : size.at("warnings"))
        if (w.get<std::string>().rfind("max_notional_for_dscr", 0) == 0) warning = w;
    // The binding year and its CFADS as `run` reports them in its annual table.
    const auto run = runJson(with({"run", "--format", "json", "--set", "/bond/notional=1000"}, costly));
    const auto& year1 = run.at("annual").at(1);
    REQUIRE(year1.at("cfads").get<double>() < 0.0);
    CHECK(warning.find("the binding year is " + year1.at("fiscal_year").get<std::string>() + ", whose CFADS is GBP " +
                       itsb::scenarios::formatMoney(year1.at("cfads").get<double>(), 2)) != std::string::npos);
    // The remedy it names works, re-run: capitalising the first year's interest lets a notional
    // meet the target, where none did.
    const std::string remedy = "with /bond/capitalised_interest_years 1 some notional meets it";
    CHECK(warning.find(remedy) != std::string::npos);
    const auto remedied =
        runJson(with({"size", "--format", "json"}, {costly[0], "/bond/capitalised_interest_years=1"}));
    CHECK(remedied.at("max_notional_for_dscr").at("notional").is_number());

    // The same reason when the input itself sizes to the DSCR.
    const auto r = runCli(with({"run"}, {costly[0], R"(/bond/notional={"target_min_dscr": 1.25})"}));
    CHECK(r.code == 1);
    CHECK(r.err.find("the binding year is 2026/27") != std::string::npos);
    CHECK(r.err.find(remedy) != std::string::npos);
}

TEST_CASE("size: bad options are usage errors") {
    CHECK(runCli({"size", "--break-even-by", "21"}).code == 2);
    CHECK(runCli({"size", "--break-even-by", "-1"}).code == 2);
    CHECK(runCli({"size", "--target-dscr", "0"}).code == 2);
    CHECK(runCli({"size", "--target-dscr", "-1"}).code == 2);
    CHECK(runCli({"size", "--target-dscr", "abc"}).code == 2);
    // Each message says what is wrong in a line a person reads: the range of the input file's
    // own target_min_dscr (above 0, at most 100), or that the text is not a number.
    CHECK(runCli({"size", "--target-dscr", "0"}).err ==
          "--target-dscr: must be greater than 0 and at most 100, got 0\nRun with --help for more information.\n");
    CHECK(runCli({"size", "--target-dscr", "abc"}).err.rfind("--target-dscr: not a number: abc\n", 0) == 0);
    CHECK(runCli({"size", "--target-dscr", "1e9"}).err.rfind("--target-dscr: must be greater than 0 and at most 100, got 1e9", 0) == 0);
    CHECK(runCli({"size", "--target-dscr", "100", "--format", "json"}).code == 0);
    // --break-even-by 0 is the opening position: the warning says so in words.
    // (A revenue cost in year 0 that the bond does not fund: out of pocket at the opening.)
    const auto opening = runCli({"size", "--break-even-by", "0", "--format", "json", "--set",
                                 R"(/programme/one_off_costs/-={"name": "x", "year": 0, "amount": 1000000, "kind": "revenue"})"});
    REQUIRE(opening.code == 0);
    CHECK(opening.out.find("by opening") == std::string::npos);
    CHECK(opening.out.find("the opening (year 0)") != std::string::npos);
    const auto r = runCli({"size", "--break-even-by", "21"});
    CHECK(r.err.find("--break-even-by 21") != std::string::npos);
    // Bad input is still exit 1 with its pointer.
    CHECK(runCli({"size", "--set", "/bond/coupon=7"}).code == 1);
}

TEST_CASE("size: --basis revenue finds the rate whose revenue break-even year is K, and 0.0001 lower misses it") {
    for (const int by : {3, 6}) {
        CAPTURE(by);
        const auto size = runJson(with({"size", "--format", "json", "--basis", "revenue", "--break-even-by",
                                        std::to_string(by)},
                                       {kSizeCouncilFinance}));
        const auto& b = size.at("break_even_saving_rate");
        CHECK(b.at("by_year") == by);
        CHECK(b.at("basis") == "revenue");
        REQUIRE(b.at("factor").is_number());
        const double factor = b.at("factor").get<double>();
        // The whole-baseline rate of the pilot is 0.25 x 0.072 + 0.10 x 0.05 = 0.023.
        CHECK(std::abs(b.at("saving_rate").get<double>() - 0.023 * factor) < 1e-15);
        // `run` at the proposal's notional and the factor's rates: the revenue account breaks even
        // by K there, and 0.0001 lower in the whole-baseline rate it does not.
        const double notional = size.at("proposal_notional").get<double>();
        auto revenueYear = [&](double f) {
            return runJson(with({"run", "--format", "json"},
                                {kSizeCouncilFinance, "/bond/notional=" + formatNumber(notional),
                                 "/programme/service_lines/0/saving_rate=" + formatNumber(0.072 * f),
                                 "/programme/service_lines/1/saving_rate=" + formatNumber(0.05 * f)}))
                .at("metrics")
                .at("revenue_break_even_year");
        };
        const auto passing = revenueYear(factor);
        REQUIRE(passing.is_number());
        CHECK(passing.get<int>() <= by);
        const auto lower = revenueYear(factor - 0.0001 / 0.023);
        CHECK((lower.is_null() || lower.get<int>() > by));
    }
}

TEST_CASE("size: the revenue basis is stated in every format, and the cash basis states none") {
    const auto revenueJson = runJson(with({"size", "--format", "json", "--basis", "revenue"}, {kSizeCouncilFinance}));
    // The basis follows by_year; the other answers do not depend on it.
    const auto ordered = nlohmann::ordered_json::parse(
        runCli(with({"size", "--format", "json", "--basis", "revenue"}, {kSizeCouncilFinance})).out);
    std::vector<std::string> keys;
    for (const auto& item : ordered.at("break_even_saving_rate").items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"by_year", "basis", "factor", "saving_rate"});
    const auto cashJson = runJson(with({"size", "--format", "json"}, {kSizeCouncilFinance}));
    CHECK(!cashJson.at("break_even_saving_rate").contains("basis"));
    CHECK(runJson(with({"size", "--format", "json", "--basis", "cash"}, {kSizeCouncilFinance})) == cashJson);
    for (const char* key : {"proposal_notional", "max_notional_for_dscr", "notional_to_fund_costs", "max_coupon_for_dscr"})
        CHECK_MESSAGE(revenueJson.at(key) == cashJson.at(key), key);

    const auto csv = runCli(with({"size", "--format", "csv", "--basis", "revenue"}, {kSizeCouncilFinance}));
    REQUIRE(csv.code == 0);
    CHECK(csv.out.find("\nbreak_even_saving_rate,by_year,5\nbreak_even_saving_rate,basis,revenue\n") != std::string::npos);
    const auto text = runCli(with({"size", "--basis", "revenue"}, {kSizeCouncilFinance}));
    REQUIRE(text.code == 0);
    CHECK(text.out.find("What saving rate breaks even on the revenue account in time?") != std::string::npos);
    CHECK(text.out.find("Break even by financial year") != std::string::npos);
    CHECK(text.out.find("cumulative net revenue effect") != std::string::npos);
    const auto html = runCli(with({"size", "--format", "html", "--basis", "revenue"}, {kSizeCouncilFinance}));
    REQUIRE(html.code == 0);
    CHECK(html.out.find("revenue account by financial year 5") != std::string::npos);
    const auto cashText = runCli(with({"size"}, {kSizeCouncilFinance}));
    CHECK(cashText.out.find("revenue account") == std::string::npos);
}

TEST_CASE("size: --basis revenue by year 0, or without council_finance, is a usage error that says why") {
    const auto opening = runCli(with({"size", "--basis", "revenue", "--break-even-by", "0"}, {kSizeCouncilFinance}));
    CHECK(opening.code == 2);
    CHECK(opening.out.empty());
    CHECK(opening.err ==
          "itsb: --break-even-by 0: with --basis revenue, must be a financial year between 1 and the horizon 20 (year 0 "
          "is not a financial year of the revenue account: its amounts fall in year 1)\n");
    CHECK(runCli(with({"size", "--basis", "revenue", "--break-even-by", "21"}, {kSizeCouncilFinance})).code == 2);
    CHECK(runCli(with({"size", "--basis", "revenue", "--break-even-by", "20", "--format", "json"}, {kSizeCouncilFinance}))
              .code == 0);
    // The cash basis still takes year 0, the opening position.
    CHECK(runCli(with({"size", "--break-even-by", "0", "--format", "json"}, {kSizeCouncilFinance})).code == 0);

    const auto cashOnly = runCli({"size", "--basis", "revenue"});
    CHECK(cashOnly.code == 2);
    CHECK(cashOnly.out.empty());
    CHECK(cashOnly.err ==
          "itsb: --basis revenue: the input needs a council_finance block for the revenue-budget view, and has none\n");
    const auto bogus = runCli(with({"size", "--basis", "accrual"}, {kSizeCouncilFinance}));
    CHECK(bogus.code == 2);
    CHECK(bogus.err.find("--basis") != std::string::npos);
}
