// Hardening: the limits that protect the machine, and numeric edge cases, each run end to end
// through `itsb` without a crash and with the expected figures or errors.

#include "cli_harness.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace itsb::test;
using nlohmann::json;

namespace {

json pilot() { return json::parse(runCli({"example"}).out); }

CliResult runDocument(const json& document, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"run", "-", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runCli(args, document.dump());
}

json runOk(const json& document) {
    const auto r = runDocument(document);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return json::parse(r.out);
}

void checkSchedule(const json& report) {
    const auto& rows = report.at("schedule");
    REQUIRE(!rows.empty());
    CHECK(rows.back().at("closing_balance").get<double>() == 0.0);
    for (const auto& r : rows) {
        const double opening = r.at("opening_balance"), principal = r.at("principal"),
                     capitalised = r.at("capitalised_interest"), closing = r.at("closing_balance");
        CHECK(std::abs(opening - principal + capitalised - closing) < 0.005);
    }
}

}  // namespace

TEST_CASE("limits: array lengths, path counts and problem lists are bounded with the limit named") {
    struct Case {
        std::string pointer;
        json value;
        std::string rule;
    };
    json cost = {{"name", "x"}, {"year", 1}, {"amount", 1}};
    json running = {{"name", "x"}, {"from_year", 1}, {"amount", 1}};
    json partners = json::array();
    for (int i = 0; i < 101; ++i) partners.push_back({{"name", "P" + std::to_string(i)}, {"share", 1.0 / 101}});
    json points = json::array();
    for (int i = 0; i < 1001; ++i) points.push_back({i, 0.03});
    json line = pilot()["programme"]["service_lines"][0];
    line["addressable_share"] = 0.01;  // 51 lines cover 51 % of the baseline: only the count is wrong
    json discrete = {{"distribution", "discrete"},
                     {"values", std::vector<double>(1001, 0.0)},
                     {"probabilities", std::vector<double>(1001, 1.0 / 1001)}};
    const std::vector<Case> cases{
        {"/programme/service_lines", json(std::vector<json>(51, line)), "must have 1 to 50 entries, has 51"},
        {"/uncertainty/delay_years/values", discrete["values"], "must have 1 to 1000 entries, has 1001"},
        {"/uncertainty/delay_years/probabilities", discrete["probabilities"], "must have 1 to 1000 entries, has 1001"},
        {"/programme/one_off_costs", json(std::vector<json>(1001, cost)), "must have 0 to 1000 entries, has 1001"},
        {"/programme/running_costs", json(std::vector<json>(1001, running)), "must have 0 to 1000 entries, has 1001"},
        {"/partners", partners, "must have 0 to 100 entries, has 101"},
        {"/uncertainty/paths", 10000001, "must be between 1 and 10000000"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.pointer);
        auto document = pilot();
        document[json::json_pointer(c.pointer)] = c.value;
        const auto r = runDocument(document);
        CHECK(r.code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("  " + c.pointer + ": " + c.rule) != std::string::npos);
    }
    auto curve = pilot();
    curve["discounting"] = {{"method", "curve"}, {"points", points}};
    CHECK(runDocument(curve).err.find("/discounting/points: must have 1 to 1000 entries, has 1001") != std::string::npos);

    // A file with a thousand bad entries lists the first 200 problems and counts the rest.
    auto many = pilot();
    many["programme"]["one_off_costs"] = std::vector<json>(500, {{"year", 99}, {"amount", -1}});
    const auto r = runDocument(many);
    CHECK(r.code == 1);
    CHECK(r.err.find("and 800 more problems (the first 200 are listed)") != std::string::npos);
    // The heading gives the true total, not the number listed.
    CHECK(r.err.rfind("itsb: standard input: 1000 problems in the input\n", 0) == 0);
    // 305 problems: 200 listed, 105 counted, one heading with the total.
    auto some = pilot();
    some["programme"]["one_off_costs"] = std::vector<json>(152, {{"year", 99}, {"amount", -1}});
    some["bond"]["coupon"] = 4.5;
    const auto r305 = runDocument(some);
    CHECK(r305.err.rfind("itsb: standard input: 305 problems in the input\n", 0) == 0);
    CHECK(r305.err.find("  and 105 more problems (the first 200 are listed)\n") != std::string::npos);
    std::size_t lines = 0;
    for (char c : r305.err) lines += c == '\n';
    CHECK(lines == 1 + 200 + 1);

    // Input larger than 4 MiB is refused before parsing.
    const auto big = runCli({"validate", "-"}, std::string(4 * 1024 * 1024 + 1, ' '));
    CHECK(big.code == 1);
    CHECK(big.err.find("larger than the limit of 4 MiB") != std::string::npos);

    // Nesting beyond 100 levels.
    const auto deep = runCli({"validate", "-"}, std::string(150, '[') + std::string(150, ']'));
    CHECK(deep.code == 1);
    CHECK(deep.err.find("nested deeper than 100 levels") != std::string::npos);
}

TEST_CASE("limits: a 100-year monthly bond has 1,200 periods and clears") {
    auto d = pilot();
    d["horizon_years"] = 100;
    d["bond"]["tenor_years"] = 100;
    d["bond"]["frequency"] = "monthly";
    const auto report = runOk(d);
    CHECK(report.at("schedule").size() == 1200);
    checkSchedule(report);
}

TEST_CASE("limits: a negative gilt yield with a margin gives a negative coupon that still amortizes") {
    auto d = pilot();
    d["bond"]["coupon"] = {{"gilt_yield", -0.012}, {"margin", 0.008}};  // coupon -0.4 %
    const auto report = runOk(d);
    checkSchedule(report);
    // Interest of the first (interest-only) period: 10,930,000 x -0.004 / 2 = -21,860.00
    CHECK(report.at("schedule").at(0).at("interest").get<double>() == -21860.0);
    CHECK(report.at("metrics").at("investor_yield").get<double>() < 0.0);
}

TEST_CASE("limits: zero coupon, zero savings and zero costs run and say what is missing") {
    auto zeroCoupon = pilot();
    zeroCoupon["bond"]["coupon"] = 0.0;
    const auto z = runOk(zeroCoupon);
    checkSchedule(z);
    CHECK(z.at("metrics").at("total_interest").get<double>() == 0.0);

    auto noSavings = pilot();
    for (auto& line : noSavings["programme"]["service_lines"]) line["saving_rate"] = 0.0;
    const auto s = runOk(noSavings);
    CHECK(s.at("metrics").at("project_irr").is_null());  // every flow is a cost: no root
    CHECK(s.at("metrics").at("break_even_year").is_null());
    CHECK(s.at("metrics").at("min_dscr").get<double>() < 0.0);  // fees and running costs only
    CHECK(!s.at("warnings").empty());

    auto noCosts = pilot();
    noCosts["programme"]["one_off_costs"] = json::array();
    noCosts["bond"]["notional"] = 1000000;
    const auto c = runOk(noCosts);
    CHECK(c.at("metrics").at("payback_years").get<double>() == 0.0);  // F_0 = 0 >= 0
    CHECK(c.at("metrics").at("project_irr").is_null());               // no sign change
}

TEST_CASE("limits: amounts of 1e12 and 0.01 stay exact to the penny") {
    auto huge = pilot();
    huge["programme"]["baseline_expenditure"] = 1e12;
    huge["bond"]["notional"] = 1e12;
    const auto h = runOk(huge);
    checkSchedule(h);
    // 1e12 x 4.8 % / 2 = 24,000,000,000.00 in the first period.
    CHECK(h.at("schedule").at(0).at("interest").get<double>() == 24000000000.0);

    auto tiny = pilot();
    tiny["bond"]["notional"] = 0.01;
    const auto t = runOk(tiny);
    checkSchedule(t);
    CHECK(t.at("schedule").at(0).at("interest").get<double>() == 0.0);  // 0.01 x 2.4 % rounds to 0.00
}

TEST_CASE("limits: leap days, month ends and a one-year horizon") {
    auto leap = pilot();
    leap["start_date"] = "2028-02-29";
    leap["bond"]["issue_date"] = "2028-02-29";
    leap["bond"]["frequency"] = "annual";
    leap["bond"]["interest_only_years"] = 0;
    const auto l = runOk(leap);
    // Counted from the issue date, clipped to the month's end: 28 Feb 2029, ..., 29 Feb 2032.
    CHECK(l.at("schedule").at(0).at("accrual_end") == "2029-02-28");
    CHECK(l.at("schedule").at(3).at("accrual_end") == "2032-02-29");
    CHECK(l.at("annual").at(1).at("fiscal_year") == "2028-02-29/2029-02-28");
    checkSchedule(l);

    auto monthEnd = pilot();
    monthEnd["start_date"] = "2026-01-31";
    monthEnd["bond"]["issue_date"] = "2026-01-31";
    monthEnd["bond"]["frequency"] = "monthly";
    monthEnd["bond"]["day_count"] = "30/360";
    const auto m = runOk(monthEnd);
    CHECK(m.at("schedule").at(0).at("accrual_end") == "2026-02-28");
    CHECK(m.at("schedule").at(1).at("accrual_end") == "2026-03-31");
    // 30/360 Bond Basis, 31 Jan - 28 Feb 2026: D1 31 -> 30; 30 x 1 + (28 - 30) = 28 days = 28/360.
    CHECK(std::abs(m.at("schedule").at(0).at("accrual_fraction").get<double>() - 28.0 / 360.0) < 1e-15);
    checkSchedule(m);

    auto oneYear = pilot();
    oneYear["horizon_years"] = 1;
    oneYear["bond"]["tenor_years"] = 1;
    oneYear["bond"]["interest_only_years"] = 0;
    oneYear["programme"]["service_lines"][1]["ramp"]["delay_years"] = 0;
    const auto o = runOk(oneYear);
    CHECK(o.at("annual").size() == 2);
    // Year 1's savings do not cover the year's revenue costs: both flows are negative, so MIRR
    // (which needs a positive flow) and payback are null rather than an error.
    CHECK(o.at("annual").at(1).at("project_flow").get<double>() < 0.0);
    CHECK(o.at("metrics").at("mirr").is_null());
    CHECK(o.at("metrics").at("payback_years").is_null());
    checkSchedule(o);
}

TEST_CASE("limits: inflation above the discount rate deflates every factor below the rate's own") {
    auto d = pilot();
    d["discounting"] = {{"method", "flat"}, {"rate", 0.02}, {"inflation", 0.05}};
    const auto r = runOk(d);
    // DF_1 = 1.02^-1 / 1.05 = 0.933706816...
    CHECK(std::abs(r.at("annual").at(1).at("discount_factor").get<double>() - 1.0 / 1.02 / 1.05) < 1e-15);
    CHECK(r.at("metrics").at("project_npv").is_number());
}

TEST_CASE("limits: --set with malformed pointers and values is a clear usage or input error") {
    CHECK(runCli({"run", "--set", "bond/coupon=0.05"}).code == 2);   // no leading slash
    CHECK(runCli({"run", "--set", "/bond/coupon"}).code == 2);       // no value
    // A key no block of the input has: the created block is refused like any unknown key.
    const auto unknown = runCli({"run", "--set", "/nope/deeper=1"});
    CHECK(unknown.code == 1);
    CHECK(unknown.err.find("  /nope: unknown key (") != std::string::npos);
    CHECK(runCli({"run", "--set", "/programme/service_lines/7/saving_rate=0.1"}).code == 2);  // no such entry
    CHECK(runCli({"run", "--set", "/programme/service_lines/01/saving_rate=0.1"}).code == 2);  // leading zero
    const auto value = runCli({"run", "--set", "/bond/coupon=1e400"});
    CHECK(value.code == 2);
    CHECK(value.err.find("/bond/coupon") != std::string::npos);
    const auto text = runCli({"run", "--set", "/bond/coupon=abc"});  // a string where a number goes
    CHECK(text.code == 1);
    CHECK(text.err.find("/bond/coupon: ") != std::string::npos);
}

TEST_CASE("limits: --output writes only the path asked, through links without following them") {
    namespace fs = std::filesystem;
    TempDir dir;
    // A link at the output path is replaced by the report; the file it pointed to is untouched.
    const auto victim = dir / "victim.txt";
    { std::ofstream(victim) << "keep me"; }
    fs::create_symlink(victim, dir / "report.json");
    REQUIRE(runCli({"run", "--format", "json", "--output", (dir / "report.json").string()}).code == 0);
    CHECK(readFile(victim) == "keep me");
    CHECK(!fs::is_symlink(dir / "report.json"));
    CHECK(readFile(dir / "report.json").rfind("{\n  \"itsb_version\"", 0) == 0);
    // Nothing but the report appears in the folder (no temporary left behind).
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"report.json", "victim.txt"});
}

TEST_CASE("limits: an output path that cannot be written is a clear usage error") {
    // /proc/version is a file: nothing can be created beneath it, not even by root.
    const auto r = runCli({"run", "--format", "json", "--output", "/proc/version/report.json"});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("cannot write /proc/version/report.json") != std::string::npos);
    const auto folder = runCli({"run", "--format", "csv", "--output", "/proc/version/tables/"});
    CHECK(folder.code == 2);
    CHECK(folder.err.find("/proc/version/tables") != std::string::npos);
}

TEST_CASE("limits: amounts that compound beyond 1e13 are an input error naming what grew (fuzz finding)") {
    // Found by the fuzzer (fuzz/seeds/finding_running_cost_escalation.json): a 42 % escalation
    // over 100 years makes 600,000 a year reach 1e19, beyond where a double keeps every penny;
    // the IRR then refused the flows and itsb stopped with an internal error (exit 3).
    const auto finding = runCli({"run", sourcePath("fuzz/seeds/finding_running_cost_escalation.json").string()});
    CHECK(finding.code == 1);
    CHECK(finding.err.find("  /programme/running_costs: the amounts grow to ") != std::string::npos);
    CHECK(finding.err.find("beyond 1e13") != std::string::npos);

    auto growth = pilot();
    growth["horizon_years"] = 100;
    growth["programme"]["expenditure_growth"] = 0.3;  // 450m x 1.3^99 is about 8e19
    const auto r = runDocument(growth);
    CHECK(r.code == 1);
    CHECK(r.err.find("  /programme/expenditure_growth: the amounts grow to ") != std::string::npos);

    auto capitalised = pilot();
    capitalised["horizon_years"] = 100;
    capitalised["bond"]["tenor_years"] = 100;
    capitalised["bond"]["coupon"] = 1.0;
    capitalised["bond"]["interest_only_years"] = 0;
    capitalised["bond"]["capitalised_interest_years"] = 60;  // 10.93m x 1.5^120 is about 1e28
    const auto c = runDocument(capitalised);
    CHECK(c.code == 1);
    CHECK(c.err.find("  /bond") != std::string::npos);
}
