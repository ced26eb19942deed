// Golden examples: each examples/NAME.json has its expected outputs committed under
// examples/expected/NAME/ (run.json, run.txt, csv/*.csv). This test regenerates them and
// compares bytes. Refreshing them is an explicit, reviewed step: scripts/refresh-examples.sh.

#include "cli_harness.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace itsb::test;
namespace fs = std::filesystem;

namespace {

const char* kRefresh = "outputs differ: if the change is intended, run scripts/refresh-examples.sh and review the diff";

}  // namespace

TEST_CASE("examples: at least five proposals, each listed in examples/README.md") {
    const auto inputs = exampleInputs();
    CHECK(inputs.size() >= 5);
    const std::string readme = readFile(sourcePath("examples/README.md"));
    for (const auto& input : inputs) {
        CAPTURE(input.filename().string());
        CHECK(readme.find(input.filename().string()) != std::string::npos);
    }
}

TEST_CASE("examples: regenerated JSON, table and CSV outputs equal the committed ones byte for byte") {
    for (const auto& input : exampleInputs()) {
        const std::string stem = input.stem().string();
        CAPTURE(stem);
        const fs::path expected = sourcePath("examples/expected") / stem;
        REQUIRE_MESSAGE(fs::is_directory(expected), "missing examples/expected/", stem);

        const auto jsonRun = runCli({"run", input.string(), "--format", "json"});
        REQUIRE(jsonRun.code == 0);
        CHECK_MESSAGE(jsonRun.out == readFile(expected / "run.json"), kRefresh);

        const auto table = runCli({"run", input.string()});
        REQUIRE(table.code == 0);
        CHECK_MESSAGE(table.out == readFile(expected / "run.txt"), kRefresh);

        TempDir dir;
        const auto csv = runCli({"run", input.string(), "--format", "csv", "--output", (dir / "csv").string() + "/"});
        REQUIRE(csv.code == 0);
        std::set<std::string> produced, committed;
        for (const auto& f : fs::directory_iterator(dir / "csv")) produced.insert(f.path().filename().string());
        for (const auto& f : fs::directory_iterator(expected / "csv")) committed.insert(f.path().filename().string());
        CHECK(produced == committed);
        for (const auto& name : produced) {
            CAPTURE(name);
            CHECK_MESSAGE(readFile(dir / "csv" / name) == readFile(expected / "csv" / name), kRefresh);
        }
    }
}

TEST_CASE("examples: the extra outputs of examples/golden.txt equal the committed ones") {
    std::istringstream lines(readFile(sourcePath("examples/golden.txt")));
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
        if (line.empty() || line.front() == '#') continue;
        std::istringstream words(line);
        std::string name, file, word;
        words >> name >> file;
        std::vector<std::string> args;
        while (words >> word) args.push_back(word == "FILE" ? sourcePath("examples/" + name + ".json").string() : word);
        CAPTURE(line);
        const auto r = runCli(args);
        CHECK(r.code == 0);
        CHECK_MESSAGE(r.out == readFile(sourcePath("examples/expected") / name / file), kRefresh);
        ++checked;
    }
    CHECK(checked >= 2);
}

TEST_CASE("examples: the default pilot file is what `itsb example` prints") {
    const auto example = runCli({"example"});
    REQUIRE(example.code == 0);
    CHECK(example.out == readFile(sourcePath("examples/default_pilot.json")));
}
