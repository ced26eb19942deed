// `itsb compare` (SPEC §6, §7, §9): the proposal beside the four NLGN presets, every figure
// the one `itsb run --preset NAME` reports for that row, and rows that cannot be computed
// shown as nulls with a warning naming them.

#include "cli_harness.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace itsb::test;
using nlohmann::json;

namespace {

// The SPEC §7 presets in their order, with their rates (NLGN 2011).
const std::vector<std::pair<std::string, double>> kPresets{
    {"nlgn_likely", 0.018}, {"nlgn_best", 0.036}, {"required_median", 0.058}, {"required_first_year_max", 0.088}};

// The row keys that are copies of `run`'s metrics under the same name.
const std::vector<std::string> kMetricKeys{"notional",      "project_irr",     "project_npv",
                                           "npv_after_financing", "min_dscr", "payback_years",
                                           "break_even_year", "break_even_fiscal_year"};

json runJson(std::vector<std::string> args) {
    args.insert(args.begin(), "run");
    args.insert(args.end(), {"--format", "json"});
    const auto r = runCli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return json::parse(r.out);
}

//! The compare JSON with its keys in the order written (the order is part of the contract).
nlohmann::ordered_json compareOrderedJson(std::vector<std::string> args) {
    args.insert(args.begin(), "compare");
    args.insert(args.end(), {"--format", "json"});
    const auto r = runCli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return nlohmann::ordered_json::parse(r.out);
}

json compareJson(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "compare");
    args.insert(args.end(), {"--format", "json"});
    const auto r = runCli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return json::parse(r.out);
}

//! Every figure of a compare row equals the same figure of `run` on that row's scenario.
void checkRowEqualsRun(const json& row, const json& run) {
    for (const auto& key : kMetricKeys) {
        CAPTURE(key);
        CHECK(row.at(key) == run.at("metrics").at(key));
    }
    // Year 5 of the annual table (row 0 is year 0).
    REQUIRE(run.at("annual").at(5).at("year") == 5);
    CHECK(row.at("gross_savings_year5") == run.at("annual").at(5).at("gross_savings"));
}

// A DSCR target of 1.3 with running costs of 3,000,000 a year (3,600,000 after the 20 % cost
// bias): in year 1 the proposal and nlgn_likely save 450m x 0.6 % x 0.9 = 2,430,000 (a third of
// the 1.8 % ramp), so CFADS is negative and no notional meets the target; 3.6 % and up can.
const std::vector<std::string> kSomeRowsFail{"--set", R"(/bond/notional={"target_min_dscr": 1.3})", "--set",
                                             "/programme/running_costs/0/amount=3000000"};

// The default pilot seen by its section 151 officer, MRP by annuity over 7 years, the redundancy
// costs met from the revenue budget (no funding item): the weaker presets take longer to break even
// on the revenue account.
const std::vector<std::string> kCouncilFinance{
    "--set",
    R"(/council_finance={"jurisdiction": "england", "mrp": {"method": "asset_life_annuity", "asset_life_years": 7}, )"
    R"("net_revenue_stream": {"amount": 617000000, "growth": 0.03}})"};

// The revenue view's metrics, which `compare --basis revenue` adds to each row under `run`'s keys.
const std::vector<std::string> kRevenueKeys{"revenue_break_even_year", "revenue_break_even_fiscal_year",
                                            "max_financing_cost_ratio", "peak_cfr", "total_mrp",
                                            "total_interest_accrued"};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

TEST_CASE("compare: the default pilot shows the proposal and the four presets, each equal to `run --preset`") {
    const json j = compareJson();
    for (const char* key : {"itsb_version", "input_sha256", "name", "rows", "warnings"})
        CHECK_MESSAGE(j.contains(key), key);
    const json& rows = j.at("rows");
    REQUIRE(rows.size() == 1 + kPresets.size());

    // The proposal: its own run, and a saving rate of sum a_s x r_s over SPEC §8's two lines.
    const json run = runJson({});
    CHECK(rows.at(0).at("name") == "proposal");
    CHECK(std::abs(rows.at(0).at("saving_rate").get<double>() - (0.25 * 0.072 + 0.10 * 0.05)) < 1e-15);
    CHECK(j.at("input_sha256") == run.at("input_sha256"));
    CHECK(j.at("name") == run.at("name"));
    checkRowEqualsRun(rows.at(0), run);

    for (std::size_t i = 0; i < kPresets.size(); ++i) {
        // Plain names, not a structured binding: clang 14 cannot capture those (CAPTURE does).
        const auto& name = kPresets[i].first;
        const auto rate = kPresets[i].second;
        CAPTURE(name);
        const json& row = rows.at(i + 1);
        CHECK(row.at("name") == name);
        CHECK(row.at("saving_rate").get<double>() == rate);
        checkRowEqualsRun(row, runJson({"--preset", name}));
    }
    CHECK(j.at("warnings").empty());

    // Every SPEC key is in every row.
    for (const auto& row : rows)
        for (const char* key : {"name", "saving_rate", "gross_savings_year5", "project_irr", "project_npv",
                                "npv_after_financing", "min_dscr", "payback_years", "break_even_year",
                                "break_even_fiscal_year"})
            CHECK_MESSAGE(row.contains(key), key);
}

TEST_CASE("compare: the headline table shows five rows, the gap and its source") {
    const auto r = runCli({"compare"});
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("What sharing delivers against what councils need") != std::string::npos);
    for (const char* name : {"proposal", "nlgn_likely", "nlgn_best", "required_median", "required_first_year_max"})
        CHECK_MESSAGE(r.out.find(std::string("\n  ") + name + " ") != std::string::npos, name);
    for (const char* heading : {"Saving rate", "Gross savings year 5", "Project IRR", "Project NPV",
                                "NPV after financing", "Min DSCR", "Payback", "Break-even"})
        CHECK_MESSAGE(r.out.find(heading) != std::string::npos, heading);
    // The proposal saves 2.30 % against the 5.80 % the median council needed: 3.50 pp short.
    CHECK(r.out.find("3.50 percentage points short") != std::string::npos);
    CHECK(r.out.find("NLGN") != std::string::npos);
    CHECK(r.out.find("2011") != std::string::npos);
    CHECK(r.out.find("2027/28 (year 2)") != std::string::npos);
}

TEST_CASE("compare: CSV is one `compare` table with the row keys, plus the warnings") {
    const auto r = runCli({"compare", "--format", "csv"});
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("# compare\nname,description,saving_rate,notional,gross_savings_year5,project_irr,project_npv,"
                      "npv_after_financing,min_dscr,payback_years,break_even_year,break_even_fiscal_year\nproposal,",
                      0) == 0);
    CHECK(r.out.find("\nrequired_first_year_max,") != std::string::npos);
    CHECK(r.out.find("\n# warnings\nwarning\n") != std::string::npos);
}

TEST_CASE("compare: an unknown --preset is a usage error, a known one shows that preset beside the proposal") {
    const auto bogus = runCli({"compare", "--preset", "bogus"});
    CHECK(bogus.code == 2);
    CHECK(bogus.out.empty());
    CHECK(bogus.err.find("--preset bogus: unknown preset") != std::string::npos);

    const json j = compareJson({"--preset", "nlgn_best"});
    REQUIRE(j.at("rows").size() == 2);
    CHECK(j.at("rows").at(0).at("name") == "proposal");
    CHECK(j.at("rows").at(1).at("name") == "nlgn_best");
    checkRowEqualsRun(j.at("rows").at(0), runJson({}));
}

TEST_CASE("compare: a row that cannot be computed has nulls and a warning prefixed with its name") {
    // The failure is real: `run` itself rejects the proposal and nlgn_likely.
    std::vector<std::string> args{"run"};
    args.insert(args.end(), kSomeRowsFail.begin(), kSomeRowsFail.end());
    CHECK(runCli(args).code == 1);

    const json j = compareJson(kSomeRowsFail);
    const json& rows = j.at("rows");
    REQUIRE(rows.size() == 5);
    for (const std::size_t failed : {0u, 1u}) {
        const json& row = rows.at(failed);
        CAPTURE(row.at("name").get<std::string>());
        CHECK(row.at("saving_rate").is_number());  // an input, known without evaluating
        for (const char* key : {"notional", "gross_savings_year5", "project_irr", "project_npv", "npv_after_financing",
                                "min_dscr", "payback_years", "break_even_year", "break_even_fiscal_year"})
            CHECK_MESSAGE(row.at(key).is_null(), key);
    }
    const auto& warnings = j.at("warnings");
    REQUIRE(warnings.size() >= 2);
    // Both rows fail for the same reason: said once, naming both.
    CHECK(warnings.at(0).get<std::string>().rfind(
              "proposal and nlgn_likely: cannot be evaluated: /bond/notional/target_min_dscr", 0) == 0);
    for (std::size_t i = 1; i < warnings.size(); ++i)
        CHECK(warnings.at(i).get<std::string>().find("cannot be evaluated") == std::string::npos);

    // The rows that can be computed are those of `run --preset`, their DSCR sized to the target.
    for (std::size_t i = 2; i < rows.size(); ++i) {
        const std::string name = rows.at(i).at("name");
        CAPTURE(name);
        std::vector<std::string> presetArgs{"--preset", name};
        presetArgs.insert(presetArgs.end(), kSomeRowsFail.begin(), kSomeRowsFail.end());
        checkRowEqualsRun(rows.at(i), runJson(presetArgs));
        CHECK(rows.at(i).at("min_dscr").get<double>() >= 1.3);
    }
    // The sizing rule is re-applied per row: each preset borrows a different amount.
    CHECK(rows.at(2).at("notional") != rows.at(3).at("notional"));

    const auto table = runCli([] {
        std::vector<std::string> a{"compare"};
        a.insert(a.end(), kSomeRowsFail.begin(), kSomeRowsFail.end());
        return a;
    }());
    REQUIRE(table.code == 0);
    CHECK(table.out.find("  - proposal and nlgn_likely: cannot be evaluated:") != std::string::npos);
}

TEST_CASE("compare: a warning every row gives is said once, not once a row") {
    // Funding every one-off cost borrows the same amount on every row, revenue costs included:
    // the revenue-borrowing warning of `run` holds for all five rows alike.
    const std::vector<std::string> fundAll{"--set", "/bond/notional=fund_one_off_costs"};
    const json run = runJson(fundAll);
    REQUIRE(run.at("warnings").size() == 1);
    const std::string revenue = run.at("warnings").at(0);
    REQUIRE(revenue.rfind("revenue borrowing:", 0) == 0);

    const json j = compareJson(fundAll);
    REQUIRE(j.at("rows").size() == 5);
    REQUIRE(j.at("warnings").size() == 1);
    CHECK(j.at("warnings").at(0) == "every row: " + revenue);
    const auto table = runCli({"compare", "--set", "/bond/notional=fund_one_off_costs"});
    std::size_t said = 0;
    for (auto at = table.out.find("revenue borrowing:"); at != std::string::npos;
         at = table.out.find("revenue borrowing:", at + 1))
        ++said;
    CHECK(said == 1);
}

TEST_CASE("compare: gross savings of year 5 are null when the horizon is shorter than 5 years") {
    const json j = compareJson({"--set", "/horizon_years=4", "--set", "/bond/tenor_years=4"});
    for (const auto& row : j.at("rows")) {
        CAPTURE(row.at("name").get<std::string>());
        CHECK(row.at("gross_savings_year5").is_null());
        CHECK(row.at("project_npv").is_number());
    }
}

TEST_CASE("compare: the same bytes with 1, 2 and 3 threads, warnings in row order") {
    // Rows that fail and rows that warn: their warnings must come out in row order whichever
    // thread finished first.
    for (const char* format : {"json", "table", "csv"}) {
        CAPTURE(format);
        std::vector<std::string> args{"compare", "--format", format};
        args.insert(args.end(), kSomeRowsFail.begin(), kSomeRowsFail.end());
        auto withThreads = [&](const char* threads) {
            auto a = args;
            a.insert(a.end(), {"--threads", threads});
            return runCli(a);
        };
        const auto one = withThreads("1");
        REQUIRE(one.code == 0);
        CHECK(one.out == withThreads("2").out);
        CHECK(one.out == withThreads("3").out);
        CHECK(one.out == runCli(args).out);  // every core, the default
    }
}

TEST_CASE("compare: --basis revenue adds the revenue view's metrics to each row, each equal to `run --preset`") {
    const json j = compareJson(plus(kCouncilFinance, {"--basis", "revenue"}));
    CHECK(j.at("basis") == "revenue");
    const json& rows = j.at("rows");
    REQUIRE(rows.size() == 1 + kPresets.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string name = rows.at(i).at("name");
        CAPTURE(name);
        const json run = runJson(i == 0 ? kCouncilFinance : plus(kCouncilFinance, {"--preset", name}));
        checkRowEqualsRun(rows.at(i), run);
        for (const auto& key : kRevenueKeys) {
            CAPTURE(key);
            CHECK(rows.at(i).at(key) == run.at("metrics").at(key));
        }
    }
    // Each row: the cash keys as ever, then the revenue view's in the order of `run`'s metrics.
    const auto ordered = compareOrderedJson(plus(kCouncilFinance, {"--basis", "revenue"}));
    std::vector<std::string> top, keys;
    for (const auto& item : ordered.items()) top.push_back(item.key());
    CHECK(top == std::vector<std::string>{"itsb_version", "input_sha256", "name", "basis", "rows", "warnings",
                                          "warning_details"});
    for (const auto& item : ordered.at("rows").at(0).items()) keys.push_back(item.key());
    std::vector<std::string> expected{"name",        "description",         "saving_rate", "notional",
                                      "gross_savings_year5", "project_irr", "project_npv", "npv_after_financing",
                                      "min_dscr",    "payback_years",       "break_even_year",
                                      "break_even_fiscal_year"};
    expected.insert(expected.end(), kRevenueKeys.begin(), kRevenueKeys.end());
    CHECK(keys == expected);
    // The presets' savings move the revenue break-even: the proposal's is later than 8.8 %'s.
    CHECK(rows.at(0).at("revenue_break_even_year").get<int>() > rows.at(4).at("revenue_break_even_year").get<int>());

    // The cash basis is the comparison as it always was: no basis, no revenue keys.
    const json cash = compareJson(kCouncilFinance);
    CHECK(!cash.contains("basis"));
    for (const auto& key : kRevenueKeys) CHECK_MESSAGE(!cash.at("rows").at(0).contains(key), key);
    CHECK(compareJson(plus(kCouncilFinance, {"--basis", "cash"})) == cash);
}

TEST_CASE("compare: --basis revenue in the table, CSV and HTML, and only with council_finance") {
    const auto csv = runCli(plus({"compare", "--format", "csv", "--basis", "revenue"}, kCouncilFinance));
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("# compare\nname,description,saving_rate,notional,gross_savings_year5,project_irr,project_npv,"
                        "npv_after_financing,min_dscr,payback_years,break_even_year,break_even_fiscal_year,"
                        "revenue_break_even_year,revenue_break_even_fiscal_year,max_financing_cost_ratio,peak_cfr,"
                        "total_mrp,total_interest_accrued\nproposal,",
                        0) == 0);

    const json j = compareJson(plus(kCouncilFinance, {"--basis", "revenue"}));
    const json& proposal = j.at("rows").at(0);
    const auto table = runCli(plus({"compare", "--basis", "revenue"}, kCouncilFinance));
    REQUIRE(table.code == 0);
    CHECK(table.out.find("When the revenue budget breaks even") != std::string::npos);
    // The proposal's revenue break-even as the JSON gives it, fiscal year and financial year.
    const std::string revenueBreakEven = proposal.at("revenue_break_even_fiscal_year").get<std::string>() + " (year " +
                                         std::to_string(proposal.at("revenue_break_even_year").get<int>()) + ")";
    CHECK(table.out.find(revenueBreakEven) != std::string::npos);
    for (const char* heading : {"Revenue break-even", "Cash break-even", "Max financing-cost ratio", "Peak CFR",
                                "Total MRP", "Total interest accrued"})
        CHECK_MESSAGE(table.out.find(heading) != std::string::npos, heading);
    const auto cashTable = runCli(plus({"compare"}, kCouncilFinance));
    CHECK(cashTable.out.find("When the revenue budget breaks even") == std::string::npos);

    // The HTML chart plots the revenue break-even from the JSON's revenue_break_even_year.
    const auto html = runCli(plus({"compare", "--format", "html", "--basis", "revenue"}, kCouncilFinance));
    REQUIRE(html.code == 0);
    CHECK(html.out.find("/rows/0/revenue_break_even_year") != std::string::npos);
    CHECK(html.out.find("/rows/0/break_even_year") != std::string::npos);

    // Without council_finance there is no revenue account: a usage error, nothing written.
    const auto none = runCli({"compare", "--basis", "revenue"});
    CHECK(none.code == 2);
    CHECK(none.out.empty());
    CHECK(none.err ==
          "itsb: --basis revenue: the input needs a council_finance block for the revenue-budget view, and has none\n");
}
