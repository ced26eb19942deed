// The `itsb` program as a user meets it: commands, formats, exit codes, bad input, output
// files, determinism and locale independence.

#include "cli_harness.hpp"
#include "itsb/api.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/version.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

using namespace itsb::test;
namespace fs = std::filesystem;

TEST_CASE("cli: `itsb run` alone prints the default pilot's full report") {
    const auto r = runCli({"run"});
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    for (const char* heading : {"Assumptions", "Conventions", "Repayment schedule", "Annual cash flows: savings and costs",
                                "Annual cash flows: financing and the council's position", "Metrics", "Partners",
                                "Warnings"})
        CHECK_MESSAGE(r.out.find(std::string("\n") + heading + "\n") != std::string::npos, heading);
    // Thousands separators and percentages, as a treasury officer reads them.
    CHECK(r.out.find("10,930,000.00") != std::string::npos);
    CHECK(r.out.find("Investor yield") != std::string::npos);
    CHECK(r.out.find("%") != std::string::npos);
}

TEST_CASE("cli: JSON has the SPEC's top-level, schedule, annual and metric keys") {
    const auto r = runCli({"run", "--format", "json"});
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"itsb_version", "input_sha256", "name", "conventions", "schedule", "annual", "metrics",
                            "warnings", "partners"})
        CHECK_MESSAGE(j.contains(key), key);
    for (const char* key : {"period", "accrual_start", "accrual_end", "payment_date", "opening_balance", "interest",
                            "principal", "capitalised_interest", "debt_service", "closing_balance"})
        CHECK_MESSAGE(j.at("schedule").at(0).contains(key), key);
    for (const char* key : {"year", "fiscal_year", "baseline_expenditure", "gross_savings", "running_costs",
                            "one_off_costs", "net_savings", "annual_fees", "cfads", "debt_service", "dscr",
                            "project_flow", "council_flow", "cumulative_position", "discount_factor", "reserve"})
        CHECK_MESSAGE(j.at("annual").at(0).contains(key), key);
    for (const char* key : {"investor_yield", "investor_irr", "council_all_in_cost", "project_irr", "project_npv",
                            "npv_after_financing", "benefit_cost_ratio", "payback_years", "discounted_payback_years",
                            "break_even_year", "break_even_fiscal_year", "min_dscr", "avg_dscr", "llcr",
                            "macaulay_duration", "modified_duration", "convexity", "total_interest",
                            "total_debt_service", "notional", "net_proceeds", "mirr"})
        CHECK_MESSAGE(j.at("metrics").contains(key), key);
    CHECK(j.at("input_sha256").get<std::string>().size() == 64);
    CHECK(j.at("partners").size() == 3);
    // The schedule command reports the schedule alone.
    const auto s = runCli({"schedule", "--format", "json"});
    REQUIRE(s.code == 0);
    const auto js = nlohmann::json::parse(s.out);
    CHECK(js.contains("schedule"));
    CHECK(!js.contains("annual"));
    CHECK(js.at("schedule") == j.at("schedule"));
}

TEST_CASE("cli: two runs give identical bytes in every format") {
    for (const char* format : {"table", "json", "csv"}) {
        CAPTURE(format);
        const auto a = runCli({"run", "--format", format});
        const auto b = runCli({"run", "--format", format});
        REQUIRE(a.code == 0);
        CHECK(a.out == b.out);
    }
}

TEST_CASE("cli: output is identical under LC_ALL=de_DE.UTF-8 and LC_ALL=C") {
    const auto [listed, locales] = runShell("locale -a");
    REQUIRE_MESSAGE(listed == 0, "cannot list locales");
    const bool german = locales.find("de_DE.utf8") != std::string::npos || locales.find("de_DE.UTF-8") != std::string::npos;
    REQUIRE_MESSAGE(german, "the de_DE.UTF-8 locale is missing: scripts/quickstart.sh test generates it");
    for (const char* format : {"table", "json", "csv"}) {
        CAPTURE(format);
        const std::string command = std::string(ITSB_BINARY) + " run --format " + format;
        const auto [codeC, outC] = runShell("LC_ALL=C " + command);
        const auto [codeDe, outDe] = runShell("LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 " + command);
        CHECK(codeC == 0);
        CHECK(codeDe == 0);
        CHECK(outC == outDe);
        CHECK(outC == runCli({"run", "--format", format}).out);
    }
}

TEST_CASE("cli: --set overrides any input, reading VALUE as JSON or else as a string") {
    const auto bullet = runCli({"schedule", "--format", "json", "--set", "/bond/amortization=bullet"});
    REQUIRE(bullet.code == 0);
    const auto j = nlohmann::json::parse(bullet.out);
    CHECK(j.at("schedule").at(0).at("principal") == 0.0);
    const auto fixed = runCli({"run", "--format", "json", "--set", "/bond/notional=12000000", "--set",
                               "/bond/coupon={\"gilt_yield\": 0.045, \"margin\": 0.008}"});
    REQUIRE(fixed.code == 0);
    const auto jf = nlohmann::json::parse(fixed.out);
    CHECK(jf.at("metrics").at("notional") == 12000000.0);
    // 12,000,000 x 5.3 % / 2 = 318,000.00 in the first (interest-only) period
    CHECK(jf.at("schedule").at(0).at("interest") == 318000.0);
}

TEST_CASE("cli: standard input and the example round trip") {
    const auto example = runCli({"example"});
    REQUIRE(example.code == 0);
    const auto fromStdin = runCli({"run", "-", "--format", "json"}, example.out);
    REQUIRE(fromStdin.code == 0);
    CHECK(fromStdin.out == runCli({"run", "--format", "json"}).out);
    const auto valid = runCli({"validate", "-"}, example.out);
    CHECK(valid.code == 0);
    CHECK(valid.out.find("valid") != std::string::npos);
}

TEST_CASE("cli: --output writes atomically, CSV into a folder gives one file per table") {
    TempDir dir;
    const auto jsonRun = runCli({"run", "--format", "json", "--output", (dir / "report.json").string()});
    REQUIRE(jsonRun.code == 0);
    CHECK(jsonRun.out.empty());
    CHECK(readFile(dir / "report.json") == runCli({"run", "--format", "json"}).out);
    // The format follows the extension when --format is not given.
    REQUIRE(runCli({"run", "--output", (dir / "inferred.json").string()}).code == 0);
    CHECK(readFile(dir / "inferred.json") == readFile(dir / "report.json"));

    REQUIRE(runCli({"run", "--format", "csv", "--output", (dir / "tables").string() + "/"}).code == 0);
    for (const char* name : {"schedule.csv", "annual.csv", "metrics.csv", "partners_annual.csv",
                             "partners_metrics.csv", "warnings.csv"})
        CHECK_MESSAGE(fs::exists(dir / "tables" / name), name);
    CHECK(readFile(dir / "tables" / "annual.csv").rfind("year,fiscal_year,baseline_expenditure,", 0) == 0);
    // No temporary files are left behind.
    for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
        CHECK_MESSAGE(entry.path().filename().string().front() != '.', entry.path().string());

    // A directory is never overwritten by a report file.
    fs::create_directories(dir / "taken.json");
    const auto refused = runCli({"run", "--format", "json", "--output", (dir / "taken.json").string()});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("is a directory") != std::string::npos);
    CHECK(fs::is_directory(dir / "taken.json"));
    // A folder that does not exist for a single file is a clear error.
    const auto missing = runCli({"run", "--format", "json", "--output", (dir / "no" / "such" / "r.json").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("cannot write") != std::string::npos);
}

TEST_CASE("cli: usage errors exit 2, help and version exit 0") {
    CHECK(runCli({}).code == 2);
    CHECK(runCli({"frobnicate"}).code == 2);
    CHECK(runCli({"run", "--format", "pdf"}).code == 2);
    CHECK(runCli({"run", "--bogus"}).code == 2);
    CHECK(runCli({"run", "--set", "bond/coupon=1"}).code == 2);
    CHECK(runCli({"run", "--set", "/bond/coupon"}).code == 2);
    CHECK(runCli({"run", "/no/such/file.json"}).code == 2);
    CHECK(runCli({"validate"}).code == 2);
    const auto version = runCli({"--version"});
    CHECK(version.code == 0);
    CHECK(version.out.find(ITSB_VERSION) != std::string::npos);
    const auto help = runCli({"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("run") != std::string::npos);
    CHECK(runCli({"run", "--help"}).code == 0);
}

namespace {

struct BadInput {
    std::vector<std::string> sets;  //!< --set overrides of the default pilot
    std::string raw;                //!< or a whole input text (when non-empty)
    std::string pointer;            //!< the pointer the message must name ("" for syntax errors)
    std::string words;              //!< words the message must contain
};

// Each case: exit code 1, the exact pointer at the start of a message line, nothing on
// standard output, no output file left behind.
const std::vector<BadInput> kBadInputs{
    {{"/bond/coupon=4.5"}, "", "/bond/coupon", "4.5"},
    {{"/bond/cupon=0.05"}, "", "/bond/cupon", "unknown key"},
    {{"/horizon_years=5"}, "", "/horizon_years", "2041-04-01"},
    {{"/horizon_years=\"20\""}, "", "/horizon_years", "integer"},
    {{"/horizon_years=20.5"}, "", "/horizon_years", "integer"},
    {{"/start_date=2026-02-30"}, "", "/start_date", "2026-02-30"},
    {{"/start_date=01/04/2026"}, "", "/start_date", "ISO"},
    {{"/bond/issue_date=2025-04-01"}, "", "/bond/issue_date", "2025-04-01"},
    {{"/partners/0/share=0.6"}, "", "/partners", "1"},
    {{"/partners/1/name=\"Council A\""}, "", "/partners/1/name", "Council A"},
    {{"/programme/service_lines/0/saving_rate=-0.1"}, "", "/programme/service_lines/0/saving_rate", "-0.1"},
    {{"/programme/service_lines/0/addressable_share=1.5"}, "", "/programme/service_lines/0/addressable_share", "1.5"},
    {{"/programme/service_lines/0/ramp/shape=exponential"}, "", "/programme/service_lines/0/ramp/shape", "exponential"},
    {{"/programme/service_lines/0/ramp/delay_years=25"}, "", "/programme/service_lines/0/ramp/delay_years", "25"},
    {{"/programme/one_off_costs/0/kind=opex"}, "", "/programme/one_off_costs/0/kind", "opex"},
    {{"/programme/one_off_costs/0/year=21"}, "", "/programme/one_off_costs/0/year", "21"},
    {{"/programme/running_costs/0/from_year=0"}, "", "/programme/running_costs/0/from_year", "0"},
    {{"/programme/baseline_expenditure=0"}, "", "/programme/baseline_expenditure", "0"},
    {{"/bond/frequency=weekly"}, "", "/bond/frequency", "weekly"},
    {{"/bond/day_count=ACT/ACT"}, "", "/bond/day_count", "ACT/ACT"},
    {{"/bond/calendar=London"}, "", "/bond/calendar", "London"},
    {{"/bond/payment_convention=preceding"}, "", "/bond/payment_convention", "preceding"},
    {{"/bond/amortization=balloon"}, "", "/bond/amortization", "balloon"},
    {{"/bond/tenor_years=0"}, "", "/bond/tenor_years", "0"},
    {{"/bond/maturity=2041-04-01"}, "", "/bond", "maturity"},
    {{"/bond/notional=-5"}, "", "/bond/notional", "-5"},
    {{"/bond/notional=fund_everything"}, "", "/bond/notional", "fund_everything"},
    {{"/bond/issue_price=0"}, "", "/bond/issue_price", "0"},
    {{"/bond/issuance_costs/percent=1.5"}, "", "/bond/issuance_costs/percent", "1.5"},
    {{"/bond/interest_only_years=15"}, "", "/bond/interest_only_years", "15"},
    {{"/bond/amortization={\"custom\": [1, 2]}"}, "", "/bond/amortization/custom", "30"},
    {{"/bond/savings_linked={\"savings_share\": 0.8}"}, "", "/bond/savings_linked", "savings_linked"},
    {{"/discounting/method=hyperbolic"}, "", "/discounting/method", "hyperbolic"},
    {{"/discounting/rate=0.03"}, "", "/discounting/rate", "flat"},
    {{"/rounding/decimals=9"}, "", "/rounding/decimals", "9"},
    {{"/rounding/mode=ceiling"}, "", "/rounding/mode", "ceiling"},
    {{"/itsb=2"}, "", "/itsb", "2"},
    {{"/uncertainty/seed=-1"}, "", "/uncertainty/seed", "-1"},
    {{"/uncertainty/saving_rate_factor={\"distribution\": \"triangular\", \"min\": 1, \"mode\": 0.5, \"max\": 2}"},
     "", "/uncertainty/saving_rate_factor/mode", "between min and max"},
    {{"/programme/one_off_costs=[]"}, "", "/bond/notional", "no capital one-off costs"},
    {{}, "{\"itsb\": 1,\n  \"start_date\": \"2026-04-01\",\n  oops\n}", "", "line 3"},
    {{}, R"({"itsb": 1, "itsb": 1, "start_date": "2026-04-01", "horizon_years": 5, "programme": {}, "bond": {}})",
     "/itsb", "duplicate"},
    {{}, R"({"itsb": 1e400})", "/itsb", "finite"},
    {{}, "", "", "syntax"},
};

}  // namespace

TEST_CASE("cli: bad inputs exit 1 naming the pointer, print no report and leave no file") {
    CHECK(kBadInputs.size() >= 30);
    for (const auto& bad : kBadInputs) {
        TempDir dir;
        // Overrides apply to the default pilot; a raw text comes on standard input.
        std::vector<std::string> args{"run"};
        if (bad.sets.empty()) args.push_back("-");
        for (const auto& set : bad.sets) {
            args.push_back("--set");
            args.push_back(set);
        }
        args.push_back("--output");
        args.push_back((dir / "report.json").string());
        const auto r = runCli(args, bad.raw);
        CAPTURE(bad.pointer);
        CAPTURE(bad.words);
        CAPTURE(r.err);
        CHECK(r.code == 1);
        CHECK(r.out.empty());
        CHECK(fs::is_empty(dir.path()));
        const std::string line = "\n  " + bad.pointer + (bad.pointer.empty() ? "" : ": ");
        CHECK(r.err.find(line) != std::string::npos);
        CHECK(r.err.find(bad.words) != std::string::npos);
    }
}

TEST_CASE("cli: validate lists every problem at once") {
    const auto r = runCli({"validate", "-", "--set", "/bond/coupon=4.5", "--set", "/bond/frequency=weekly", "--set",
                           "/rounding/mode=ceiling"},
                          runCli({"example"}).out);
    CHECK(r.code == 1);
    CHECK(r.err.find("3 problems") != std::string::npos);
    for (const char* pointer : {"/bond/coupon", "/bond/frequency", "/rounding/mode"})
        CHECK_MESSAGE(r.err.find(std::string("\n  ") + pointer + ": ") != std::string::npos, pointer);
}

TEST_CASE("cli: an --output extension the command cannot write is refused, and nothing is written") {
    TempDir dir;
    // Each command that has no workbook, with the extension a user tried (exit 2, no file).
    const std::vector<std::vector<std::string>> commands{
        {"sensitivity"}, {"size"}, {"redeem", "--date", "2031-06-15", "--rate", "0.052"}, {"validate", "-"}};
    for (const auto& command : commands) {
        for (const char* name : {"out.xlsx", "out.pdf", "OUT.XLSX"}) {
            CAPTURE(command.front());
            CAPTURE(name);
            auto args = command;
            args.insert(args.end(), {"-o", (dir / name).string()});
            const auto r = runCli(args, runCli({"example"}).out);
            CHECK(r.code == 2);
            CHECK(r.out.empty());
            CHECK(!fs::exists(dir / name));
            std::string extension = fs::path(name).extension().string().substr(1);
            for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            CHECK(r.err.find(extension + " is not available for " + command.front() + "; use ") != std::string::npos);
        }
    }
    CHECK(runCli({"sensitivity", "-o", (dir / "s.xlsx").string()}).err ==
          "itsb: --output " + (dir / "s.xlsx").string() +
              ": xlsx is not available for sensitivity; use .txt, .md, .html, .json or .csv\n");
    CHECK(runCli({"validate", "-", "-o", (dir / "v.csv").string()}, runCli({"example"}).out).err.find(
              "csv is not available for validate; use .txt or .json") != std::string::npos);
    CHECK(runCli({"example", "-o", (dir / "pilot.txt").string()}).err.find(
              "txt is not available for example; use .json") != std::string::npos);
    // An extension that contradicts --format is refused too; a matching one is fine.
    const auto clash = runCli({"run", "--format", "json", "-o", (dir / "r.csv").string()});
    CHECK(clash.code == 2);
    CHECK(clash.err.find("the extension .csv is for --format csv, but --format json was given") != std::string::npos);
    CHECK(!fs::exists(dir / "r.csv"));
    CHECK(runCli({"run", "--format", "json", "-o", (dir / "r.json").string()}).code == 0);
    // .txt chooses the text report; a name without an extension keeps --format (table).
    REQUIRE(runCli({"size", "-o", (dir / "size.txt").string()}).code == 0);
    CHECK(readFile(dir / "size.txt") == runCli({"size"}).out);
    REQUIRE(runCli({"size", "-o", (dir / "size").string()}).code == 0);
    CHECK(readFile(dir / "size") == runCli({"size"}).out);
    // The check comes before the work: a simulation is not run for an output it cannot write.
    const auto simulate = runCli({"simulate", "--paths", "10000000", "-o", (dir / "s.pdf").string()});
    CHECK(simulate.code == 2);
}

TEST_CASE("cli: a workbook is not dumped on a terminal, it needs -o") {
    TempDir dir;
    // `script` gives itsb a terminal for standard output; the workbook is refused there.
    const auto [code, output] =
        runShell("script -qec '" + std::string(ITSB_BINARY) + " run --format xlsx' /dev/null 2>&1");
    CHECK(code == 2);
    CHECK(output.find("--format xlsx writes a workbook, which a terminal cannot show: give -o FILE.xlsx") !=
          std::string::npos);
    CHECK(output.find("PK") == std::string::npos);  // no zip archive on the screen
    // Into a pipe or a file it is still written.
    const auto piped = runShell(std::string(ITSB_BINARY) + " run --format xlsx > " + (dir / "p.xlsx").string());
    CHECK(piped.first == 0);
    CHECK(readFile(dir / "p.xlsx").rfind("PK", 0) == 0);
}

TEST_CASE("cli: a folder of CSV tables carries a manifest and loses the files of an earlier run") {
    TempDir dir;
    const std::string folder = (dir / "out").string() + "/";
    // A run with partners, then one without, into the same folder.
    REQUIRE(runCli({"run", "--format", "csv", "-o", folder}).code == 0);
    CHECK(fs::exists(dir / "out" / "partners_annual.csv"));
    const auto alone = runCli({"run", "--format", "csv", "-o", folder, "--set", "/partners=[]"});
    REQUIRE(alone.code == 0);
    CHECK(!fs::exists(dir / "out" / "partners_annual.csv"));
    CHECK(!fs::exists(dir / "out" / "partners_metrics.csv"));
    CHECK(alone.err.find("removed from " + folder + " what an earlier run wrote and this one does not: "
                         "partners_annual.csv, partners_metrics.csv") != std::string::npos);

    // The manifest names every file written with its size and SHA-256, the version, the
    // command and the input's hash (the one the JSON report gives).
    const auto manifest = nlohmann::json::parse(readFile(dir / "out" / "manifest.json"));
    const auto report = nlohmann::json::parse(runCli({"run", "--format", "json", "--set", "/partners=[]"}).out);
    CHECK(manifest.at("itsb_version") == ITSB_VERSION);
    CHECK(manifest.at("command") == "run");
    CHECK(manifest.at("input_sha256") == report.at("input_sha256"));
    std::vector<std::string> listed;
    for (const auto& file : manifest.at("files")) {
        const std::string name = file.at("name");
        listed.push_back(name);
        const std::string content = readFile(dir / "out" / name);
        CHECK(file.at("bytes") == content.size());
        CHECK(file.at("sha256") == itsb::scenarios::sha256Hex(content));
    }
    std::vector<std::string> present;
    for (const auto& entry : fs::directory_iterator(dir / "out"))
        if (entry.path().filename() != "manifest.json") present.push_back(entry.path().filename().string());
    std::sort(listed.begin(), listed.end());
    std::sort(present.begin(), present.end());
    CHECK(listed == present);

    // simulate adds its seed and paths.
    REQUIRE(runCli({"simulate", "--paths", "100", "--seed", "7", "--format", "csv", "-o", (dir / "sim").string()}).code == 0);
    const auto simulated = nlohmann::json::parse(readFile(dir / "sim" / "manifest.json"));
    CHECK(simulated.at("seed") == 7);
    CHECK(simulated.at("paths") == 100);
    CHECK(simulated.at("command") == "simulate");

    // A manifest.json that itsb did not write is never overwritten, and a hostile manifest
    // cannot make itsb remove a file outside the folder.
    fs::create_directories(dir / "theirs");
    std::ofstream(dir / "theirs" / "manifest.json") << "{\"mine\": true}";
    const auto refused = runCli({"run", "--format", "csv", "-o", (dir / "theirs").string()});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("was not written by itsb") != std::string::npos);
    CHECK(readFile(dir / "theirs" / "manifest.json") == "{\"mine\": true}");
    std::ofstream(dir / "keep.csv") << "keep";
    fs::create_directories(dir / "hostile");
    std::ofstream(dir / "hostile" / "manifest.json")
        << R"({"itsb_version": "0", "files": [{"name": "../keep.csv"}, {"name": "/etc/hostname"}]})";
    REQUIRE(runCli({"run", "--format", "csv", "-o", (dir / "hostile").string()}).code == 0);
    CHECK(readFile(dir / "keep.csv") == "keep");
}

TEST_CASE("cli: an unknown command is named with the list of commands") {
    const auto r = runCli({"frobnicate"});
    CHECK(r.code == 2);
    CHECK(r.err ==
          "itsb: unknown command \"frobnicate\" (commands: run, schedule, validate, example, size, compare, "
          "sensitivity, redeem, simulate, market); see itsb --help\n");
    // Options before the command still work.
    CHECK(runCli({"--version"}).code == 0);
}

TEST_CASE("cli: validate --format json gives the problems as data") {
    const std::string pilot = runCli({"example"}).out;
    const auto bad = runCli({"validate", "-", "--format", "json", "--set", "/bond/coupon=4.5", "--set",
                             "/bond/frequency=weekly"},
                            pilot);
    CHECK(bad.code == 1);
    CHECK(bad.err.empty());
    const auto j = nlohmann::json::parse(bad.out);
    CHECK(j.at("valid") == false);
    CHECK(j.at("problem_count") == 2);
    REQUIRE(j.at("problems").size() == 2);
    // The same problems, in the same order, as the text form lists on standard error.
    const auto text = runCli({"validate", "-", "--set", "/bond/coupon=4.5", "--set", "/bond/frequency=weekly"}, pilot);
    for (const auto& p : j.at("problems")) {
        CHECK(text.err.find("  " + p.at("message").get<std::string>() + "\n") != std::string::npos);
        CHECK(p.at("message") == p.at("pointer").get<std::string>() + ": " + p.at("rule").get<std::string>() +
                                     ", got " + p.at("value").get<std::string>());
    }
    std::vector<std::string> pointers;
    for (const auto& p : j.at("problems")) pointers.push_back(p.at("pointer"));
    std::sort(pointers.begin(), pointers.end());
    CHECK(pointers == std::vector<std::string>{"/bond/coupon", "/bond/frequency"});

    const auto good = runCli({"validate", "-", "--format", "json"}, pilot);
    CHECK(good.code == 0);
    const auto ok = nlohmann::json::parse(good.out);
    CHECK(ok.at("valid") == true);
    CHECK(ok.at("problem_count") == 0);
    CHECK(ok.at("problems").empty());
    CHECK(ok.at("input_sha256") == nlohmann::json::parse(runCli({"run", "--format", "json"}).out).at("input_sha256"));
}

TEST_CASE("cli: the assumptions say \"1 year's delay\", not \"1 years' delay\"") {
    // The default pilot's customer services start after one year; two years reads as plural.
    const auto one = runCli({"run"}).out;
    CHECK(one.find("after 1 year's delay") != std::string::npos);
    CHECK(one.find("1 years'") == std::string::npos);
    const auto two = runCli({"run", "--set", "/programme/service_lines/1/ramp/delay_years=2"}).out;
    CHECK(two.find("after 2 years' delay") != std::string::npos);
}

TEST_CASE("cli: --basis cash or revenue on size, compare and sensitivity, and revenue needs council_finance") {
    const std::string block =
        R"(/council_finance={"jurisdiction": "england", "mrp": {"method": "asset_life_straight_line", )"
        R"("asset_life_years": 10}})";
    for (const char* command : {"size", "compare", "sensitivity"}) {
        CAPTURE(command);
        const auto help = runCli({command, "--help"});
        CHECK(help.code == 0);
        CHECK(help.out.find("--basis") != std::string::npos);
        CHECK(help.out.find("council_finance") != std::string::npos);
        // The default is the cash basis: the same bytes as without the option.
        const auto plain = runCli({command, "--format", "json"});
        REQUIRE(plain.code == 0);
        CHECK(runCli({command, "--format", "json", "--basis", "cash"}).out == plain.out);
        // The revenue basis on an input without council_finance: exit 2, nothing on standard output.
        const auto revenue = runCli({command, "--basis", "revenue"});
        CHECK(revenue.code == 2);
        CHECK(revenue.out.empty());
        CHECK(revenue.err ==
              "itsb: --basis revenue: the input needs a council_finance block for the revenue-budget view, and has "
              "none\n");
        // A basis that is neither: CLI11's usage error, naming the option.
        const auto other = runCli({command, "--basis", "accrual"});
        CHECK(other.code == 2);
        CHECK(other.err.find("--basis") != std::string::npos);
        CHECK(other.err.find("accrual") != std::string::npos);
        // With the block, the revenue basis runs.
        const auto with = runCli({command, "--format", "json", "--basis", "revenue", "--set", block});
        CHECK_MESSAGE(with.code == 0, with.err);
    }
}

TEST_CASE("cli: the api carries --basis, and refuses any other text as a usage error") {
    itsb::api::Request request;
    request.command = "size";
    request.basis = "revenue";
    const auto none = itsb::api::call(request);
    CHECK(none.status == itsb::api::Status::UsageError);
    CHECK(none.usageError == "--basis revenue: the input needs a council_finance block for the revenue-budget view, and "
                             "has none");
    request.basis = "Revenue";
    const auto spelled = itsb::api::call(request);
    CHECK(spelled.status == itsb::api::Status::UsageError);
    CHECK(spelled.usageError == "--basis Revenue: must be cash or revenue");
    request.command = "compare";
    request.basis = "revenue";
    request.overrides = {{"/council_finance", R"({"jurisdiction": "england", "mrp": {"asset_life_years": 10}})"}};
    const auto compared = itsb::api::call(request);
    REQUIRE(compared.ok());
    CHECK(compared.comparison->basis == itsb::scenarios::BreakEvenBasis::Revenue);
    CHECK(compared.comparison->rows.at(0).revenue.has_value());
}
