// `itsb simulate`: the same seed gives the same bytes for any number of threads; fixed draws
// reproduce `itsb run`; nulls are counted, not dropped.

#include "cli_harness.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace itsb::test;

namespace {

nlohmann::json cliJson(const std::vector<std::string>& args, const std::string& input = "") {
    const auto r = runCli(args, input);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return nlohmann::json::parse(r.out);
}

const std::vector<std::string> kAllFixed{
    "--set", R"(/uncertainty/saving_rate_factor={"distribution": "fixed", "value": 1})",
    "--set", R"(/uncertainty/delay_years={"distribution": "fixed", "value": 0})",
    "--set", R"(/uncertainty/one_off_cost_factor={"distribution": "fixed", "value": 1})",
    "--set", R"(/uncertainty/running_cost_factor={"distribution": "fixed", "value": 1})",
    "--set", R"(/uncertainty/expenditure_growth={"distribution": "fixed", "value": 0.02})",
};

}  // namespace

TEST_CASE("simulate: the same seed gives identical bytes with 1, 2 and 3 threads, another seed differs") {
    // 20,000 paths are 5 blocks of 4,096: the threads interleave blocks differently.
    for (const char* format : {"json", "table", "csv"}) {
        CAPTURE(format);
        const auto one = runCli({"simulate", "--paths", "20000", "--threads", "1", "--format", format});
        const auto two = runCli({"simulate", "--paths", "20000", "--threads", "2", "--format", format});
        const auto three = runCli({"simulate", "--paths", "20000", "--threads", "3", "--format", format});
        REQUIRE(one.code == 0);
        CHECK(one.out == two.out);
        CHECK(one.out == three.out);
    }
    const auto a = runCli({"simulate", "--paths", "20000", "--seed", "1", "--format", "json"});
    const auto b = runCli({"simulate", "--paths", "20000", "--seed", "2", "--format", "json"});
    CHECK(a.out != b.out);
    // The input's seed is the default.
    CHECK(cliJson({"simulate", "--paths", "100", "--format", "json"}).at("seed") == 20260401);
}

TEST_CASE("simulate: with every distribution fixed, each percentile and mean equals `itsb run`'s metric") {
    std::vector<std::string> sim{"simulate", "--paths", "5000", "--format", "json"};
    sim.insert(sim.end(), kAllFixed.begin(), kAllFixed.end());
    const auto s = cliJson(sim);
    std::vector<std::string> run{"run", "--format", "json"};
    run.insert(run.end(), kAllFixed.begin(), kAllFixed.end());
    const auto metrics = cliJson(run).at("metrics");
    for (const char* key : {"project_npv", "project_irr", "npv_after_financing", "min_dscr", "break_even_year",
                            "investor_irr"}) {
        CAPTURE(key);
        for (const char* p : {"p5", "p10", "p50", "p90", "p95", "mean"}) {
            CAPTURE(p);
            CHECK(s.at("percentiles").at(key).at(p).get<double>() == metrics.at(key).get<double>());
        }
        CHECK(s.at("nulls").at(key) == 0);
    }
    // The default pilot breaks even in year 2, within the 15-year bond; its minimum DSCR is 3.2.
    CHECK(s.at("probabilities").at("break_even_within_horizon") == 1.0);
    CHECK(s.at("probabilities").at("break_even_within_term") == 1.0);
    CHECK(s.at("probabilities").at("min_dscr_below_1") == 0.0);
    CHECK(s.at("probabilities").at("investor_loss") == 0.0);
}

TEST_CASE("simulate: paths without a break-even or an IRR are counted as nulls, and histograms add up") {
    // NLGN's 1.8 % only breaks even in year 11 of 25: with savings cut to 30-60 % some paths never do.
    const auto s = cliJson({"simulate", itsb::test::sourcePath("examples/nlgn_back_office.json").string(), "--paths",
                            "3000", "--format", "json", "--set",
                            R"(/uncertainty={"saving_rate_factor": {"distribution": "uniform", "min": 0.3, "max": 1.2}})"});
    const auto nulls = s.at("nulls").at("break_even_year").get<int>();
    CHECK(nulls > 0);
    CHECK(nulls < 3000);
    CHECK(s.at("probabilities").at("break_even_within_horizon").get<double>() == doctest::Approx(1.0 - nulls / 3000.0).epsilon(1e-12));
    // Nearest rank: p95 is rank 2,850; with more than 150 nulls it lands on a null.
    if (nulls > 150) CHECK(s.at("percentiles").at("break_even_year").at("p95").is_null());
    for (const auto& item : s.at("histograms").items()) {
        const std::string key = item.key();  // not a structured binding: clang 14 cannot capture those
        const auto& h = item.value();
        CAPTURE(key);
        long long total = 0;
        for (const auto& c : h.at("counts")) total += c.get<long long>();
        CHECK(total == 3000 - s.at("nulls").at(key).get<long long>());
        CHECK(h.at("edges").size() == h.at("counts").size() + 1);
    }
}

TEST_CASE("simulate: a savings-linked bond reports the probability and expected size of investor losses") {
    const auto s = cliJson({"simulate", itsb::test::sourcePath("examples/savings_linked_outcomes.json").string(),
                            "--paths", "2000", "--format", "json", "--set",
                            R"(/uncertainty={"saving_rate_factor": {"distribution": "triangular", "min": 0.6, "mode": 1.0, "max": 1.6}})"});
    const double p = s.at("probabilities").at("investor_loss").get<double>();
    CHECK(p > 0.0);
    CHECK(s.at("expected_investor_loss").get<double>() > 0.0);
    CHECK(s.at("percentiles").at("investor_irr").at("p5").get<double>() <
          s.at("percentiles").at("investor_irr").at("p95").get<double>());
}

TEST_CASE("simulate: bad options are usage errors, bad distributions are input errors") {
    CHECK(runCli({"simulate", "--paths", "0"}).code == 2);
    CHECK(runCli({"simulate", "--paths", "-5"}).code == 2);
    CHECK(runCli({"simulate", "--paths", "10000001"}).code == 2);  // about 600 MB at 56 bytes a path
    CHECK(runCli({"simulate", "--threads", "0"}).code == 2);
    CHECK(runCli({"simulate", "--seed", "-1"}).code == 2);
    CHECK(runCli({"simulate", "--paths", "abc"}).code == 2);
    const auto bad = runCli({"simulate", "--set",
                             R"(/uncertainty/one_off_cost_factor={"distribution": "pert", "min": 2, "mode": 1, "max": 3})"});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("/uncertainty/one_off_cost_factor/") != std::string::npos);
    CHECK(bad.out.empty());
}

TEST_CASE("simulate: progress goes to standard error only when it is a terminal") {
    // `script` runs itsb on a pseudo-terminal: the progress lines appear there.
    TempDir dir;
    const std::string report = (dir / "sim.json").string();
    const auto [code, terminal] =
        runShell("script -qec '" + std::string(ITSB_BINARY) + " simulate --paths 20000 --format json -o " + report +
                 "' /dev/null");
    CHECK(code == 0);
    CHECK(terminal.find("simulate: 20000 of 20000 paths") != std::string::npos);
    // Redirected to a file or a pipe, standard error stays quiet.
    const auto [quietCode, quiet] = runShell(std::string(ITSB_BINARY) + " simulate --paths 20000 --format json 2>&1 >/dev/null");
    CHECK(quietCode == 0);
    CHECK(quiet.empty());
}

TEST_CASE("simulate: when nothing is uncertain it says so at the top of every format and runs one path") {
    // The user's case: a file without an uncertainty block.
    auto bare = nlohmann::json::parse(runCli({"example"}).out);
    bare.erase("uncertainty");
    const std::string text = bare.dump();
    const auto asJson = runCli({"simulate", "-", "--format", "json"}, text);
    REQUIRE(asJson.code == 0);
    const auto j = nlohmann::json::parse(asJson.out);
    CHECK(j.at("paths") == 1);
    REQUIRE(!j.at("warnings").empty());
    const std::string warning = j.at("warnings").at(0);
    CHECK(warning.rfind("uncertainty: nothing in /uncertainty varies", 0) == 0);
    CHECK(warning.find("one path was run instead of 10,000") != std::string::npos);
    // Not a probability of 100 % dressed up from 10,000 copies of one path.
    CHECK(j.at("nulls").at("project_npv") == 0);

    // Text, Markdown and HTML: the warning before the draws and percentiles.
    for (const char* format : {"table", "md", "html"}) {
        CAPTURE(format);
        const auto r = runCli({"simulate", "-", "--format", format}, text);
        REQUIRE(r.code == 0);
        const auto said = r.out.find("nothing in /uncertainty varies");
        REQUIRE(said != std::string::npos);
        // Before any figure: the key figures (HTML) and the draws and percentiles (every format).
        const auto draws = std::string(format) == "html" ? r.out.find("<h2 id=\"draws-heading\">") : r.out.find("Draws\n");
        REQUIRE(draws != std::string::npos);
        CHECK(said < draws);
        if (std::string(format) == "html") CHECK(said < r.out.find("<h2 id=\"key-figures-heading\">"));
    }
    // One CSV stream: the warnings table first.
    const auto csv = runCli({"simulate", "-", "--format", "csv"}, text);
    CHECK(csv.out.rfind("# warnings\nwarning\n\"uncertainty: nothing in /uncertainty varies", 0) == 0);

    // Every distribution fixed is the same case; a block with one varying draw is not.
    std::vector<std::string> fixed{"simulate", "--format", "json"};
    fixed.insert(fixed.end(), kAllFixed.begin(), kAllFixed.end());
    CHECK(cliJson(fixed).at("paths") == 1);
    CHECK(cliJson({"simulate", "-", "--format", "json", "--set",
                   R"(/uncertainty={"saving_rate_factor": {"distribution": "uniform", "min": 0.5, "max": 1}})"},
                  text)
              .at("paths") == 10000);
}
