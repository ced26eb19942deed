// The market place's match (match.hpp) against an exhaustive search, its stability check against
// the definition, and the `itsb market suggest|match|price` command lines: their JSON and every
// usage and input error. The packing solver itself is checked against enumeration on random
// instances in test_market_packing.cpp; here the whole of match (candidates, values, the exact
// dominance reduction, CBC) is checked on a real region small enough to search completely.

#include "cli_harness.hpp"
#include "market_test_support.hpp"

#include "itsb/market/council_data.hpp"
#include "itsb/market/match.hpp"
#include "itsb/market/value.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using namespace itsb::market;

namespace match_test {

using nlohmann::json;

std::vector<std::size_t> regionCouncils(const CouncilData& data, const std::string& region) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < data.councils().size(); ++i)
        if (data.councils()[i].region == region) out.push_back(i);
    return out;
}

std::vector<std::size_t> membersOf(const std::vector<std::size_t>& councils, std::uint32_t mask) {
    std::vector<std::size_t> members;
    for (std::size_t k = 0; k < councils.size(); ++k)
        if (mask & (1u << k)) members.push_back(councils[k]);
    return members;
}

// The database the commands read listings from: a fresh one per test, never the user's own.
struct Database {
    itsb::test::TempDir dir;
    std::string path = (dir / "market.db").string();
};

}  // namespace match_test

TEST_CASE("market match: the North East's consortia equal an exhaustive search of every partition") {
    using namespace match_test;
    const auto& data = CouncilData::builtIn();
    const auto councils = regionCouncils(data, "North East");
    REQUIRE(councils.size() == 12);  // 12 unitaries and metropolitan districts
    const GroupValuer valuer(data, "back_office");
    for (const std::size_t maxSize : {2u, 3u, 4u}) {
        // Every subset of the 12 is a candidate when it has 2 to maxSize members and is connected
        // on the neighbour graph; best[mask] is the most a partition of `mask` into candidates
        // (and councils left alone, worth nothing) can make: the exhaustive optimum over the
        // 4,213,597 partitions of 12, by the subset recursion on the lowest member.
        const std::uint32_t full = (1u << councils.size()) - 1u;
        std::vector<double> worth(full + 1u, 0.0), best(full + 1u, 0.0);
        std::size_t candidates = 0;
        for (std::uint32_t mask = 1; mask <= full; ++mask) {
            const auto size = static_cast<std::size_t>(std::popcount(mask));
            if (size < 2 || size > maxSize) continue;
            const auto members = membersOf(councils, mask);
            if (!itsb::test::connectedOnNeighbours(data, members)) continue;
            ++candidates;
            worth[mask] = valuer.value(members).score;
        }
        for (std::uint32_t mask = 1; mask <= full; ++mask) {
            const std::uint32_t lowest = mask & (~mask + 1u);
            double value = best[mask & ~lowest];
            for (std::uint32_t sub = mask; sub != 0; sub = (sub - 1u) & mask)
                if ((sub & lowest) && worth[sub] > 0.0) value = std::max(value, worth[sub] + best[mask & ~sub]);
            best[mask] = value;
        }

        MatchOptions options;
        options.maxSize = maxSize;
        options.region = "North East";
        const MatchResult result = match(data, {}, options);
        INFO("max size " << maxSize);
        CHECK(result.councils == 12);
        CHECK(result.candidates == candidates);
        CHECK(result.proven);
        CHECK(result.gap == 0.0);
        CHECK(result.objective == doctest::Approx(best[full]).epsilon(1e-12));
        // The consortia are disjoint candidates whose scores add up to the objective.
        std::vector<bool> used(data.councils().size(), false);
        double total = 0.0;
        for (const auto& c : result.consortia) {
            CHECK(c.members.size() >= 2);
            CHECK(c.members.size() <= maxSize);
            CHECK(itsb::test::connectedOnNeighbours(data, c.members));
            for (std::size_t m : c.members) {
                CHECK(data.councils()[m].region == "North East");
                CHECK_FALSE(used[m]);
                used[m] = true;
            }
            total += c.weight;
            CHECK(c.weight == valuer.value(c.members).score);
        }
        CHECK(total == doctest::Approx(result.objective).epsilon(1e-12));
        CHECK(result.consortia.size() + 0 > 0);
        CHECK(result.unmatched.size() + [&] {
            std::size_t n = 0;
            for (const auto& c : result.consortia) n += c.members.size();
            return n;
        }() == 12);
    }
}

TEST_CASE("market match: a blocking coalition is exactly a candidate whose members all gain") {
    using namespace match_test;
    const auto& data = CouncilData::builtIn();
    const auto councils = regionCouncils(data, "North East");
    const GroupValuer valuer(data, "back_office");
    for (const ShareRule rule : {ShareRule::Equal, ShareRule::Spend}) {
        MatchOptions options;
        options.maxSize = 3;
        options.region = "North East";
        options.shares = rule;
        const MatchResult result = match(data, {}, options);
        INFO("shares " << name(rule));
        // Each council's part now: its share of its consortium's score, nothing when unmatched.
        std::vector<double> now(data.councils().size(), 0.0);
        for (const auto& c : result.consortia) {
            double spend = 0.0;
            for (std::size_t m : c.members) spend += data.addressableSpend(m, "back_office");
            for (std::size_t k = 0; k < c.members.size(); ++k) {
                const double part = rule == ShareRule::Equal
                                        ? c.weight / static_cast<double>(c.members.size())
                                        : c.weight * data.addressableSpend(c.members[k], "back_office") / spend;
                CHECK(c.payoffs[k] == doctest::Approx(part).epsilon(1e-12));
                now[c.members[k]] = part;
            }
        }
        // The definition, over every connected group of 2 or 3: all members gain more than a pound.
        std::size_t blocking = 0;
        for (std::uint32_t mask = 1; mask < (1u << councils.size()); ++mask) {
            const int size = std::popcount(mask);
            if (size < 2 || size > 3) continue;
            const auto members = membersOf(councils, mask);
            if (!itsb::test::connectedOnNeighbours(data, members)) continue;
            const double weight = valuer.value(members).score;
            if (weight <= 0.0) continue;
            double spend = 0.0;
            for (std::size_t m : members) spend += data.addressableSpend(m, "back_office");
            bool all = true;
            for (std::size_t m : members) {
                const double part = rule == ShareRule::Equal ? weight / size
                                                             : weight * data.addressableSpend(m, "back_office") / spend;
                all = all && part > now[m] + 1.0;
            }
            blocking += all ? 1 : 0;
        }
        CHECK(result.blockingCount == blocking);
        CHECK(result.blocking.size() == std::min<std::size_t>(blocking, 10));
        for (const auto& b : result.blocking)
            for (std::size_t k = 0; k < b.members.size(); ++k) CHECK(b.payoffs[k] > b.current[k] + 1.0);
    }
}

TEST_CASE("market match: sizes, regions and rules outside the contract are refused") {
    const auto& data = CouncilData::builtIn();
    MatchOptions options;
    options.maxSize = 7;
    CHECK_THROWS_AS(match(data, {}, options), std::invalid_argument);
    options.maxSize = 1;
    CHECK_THROWS_AS(match(data, {}, options), std::invalid_argument);
    options.maxSize = 3;
    options.region = "Atlantis";
    CHECK_THROWS_AS(match(data, {}, options), std::invalid_argument);
    options.region = "North East";
    options.shares = ShareRule::Nucleolus;
    CHECK_THROWS_AS(match(data, {}, options), std::invalid_argument);
}

TEST_CASE("market commands: suggest, match and price write the documented JSON") {
    using namespace match_test;
    using itsb::test::runCli;
    Database db;
    const auto suggest = runCli({"market", "suggest", "E07000223", "--db", db.path, "--top", "3", "--format", "json"});
    INFO(suggest.err);
    REQUIRE(suggest.code == 0);
    const json s = json::parse(suggest.out);
    CHECK(s.at("council") == "E07000223");
    CHECK(s.at("service") == "back_office");
    REQUIRE(s.at("suggestions").size() == 3);
    for (const auto& key : {"partners", "score", "terms", "annual_saving", "npv_after_financing", "break_even_fiscal_year"})
        CHECK_MESSAGE(s.at("suggestions").at(0).contains(key), key);
    CHECK(s.at("suggestions").at(0).at("terms").contains("distance"));
    // Best first, by the council's own part of the score.
    CHECK(s.at("suggestions").at(0).at("own_score").get<double>() >= s.at("suggestions").at(1).at("own_score").get<double>());

    const auto matched = runCli({"market", "match", "--db", db.path, "--region", "North East", "--max-size", "3",
                                 "--format", "json"});
    INFO(matched.err);
    REQUIRE(matched.code == 0);
    const json m = json::parse(matched.out);
    CHECK(m.at("proven") == true);
    CHECK(m.at("gap") == 0);
    CHECK(m.at("seconds").get<double>() >= 0.0);  // the JSON form has the solver's time
    CHECK(m.at("consortia").size() > 0);
    CHECK(m.at("stability").contains("stable"));

    const auto priced = runCli({"market", "price", "E07000223,E07000229,E07000224", "--db", db.path, "--shares",
                                "shapley", "--format", "json"});
    INFO(priced.err);
    REQUIRE(priced.code == 0);
    const json p = json::parse(priced.out);
    CHECK(p.dump().find("E07000229") != std::string::npos);

    for (const auto& format : {"table", "md", "html"}) {
        CHECK(runCli({"market", "suggest", "Adur", "--db", db.path, "--format", format}).code == 0);
        CHECK(runCli({"market", "price", "Adur,Worthing", "--db", db.path, "--format", format}).code == 0);
    }
    const auto html = runCli({"market", "match", "--db", db.path, "--region", "North East", "--max-size", "2", "--format", "html"});
    CHECK(html.code == 0);
    CHECK(html.out.find("<html") != std::string::npos);
}

TEST_CASE("market commands: every bad option is a usage error and every bad override an input error") {
    using namespace match_test;
    using itsb::test::runCli;
    Database db;
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string says;
    };
    const std::vector<Case> cases{
        {{"market", "suggest", "Atlantis"}, 2, "no current English principal council is called \"Atlantis\""},
        {{"market", "suggest", "worth"}, 2, "Worthing (E07000229)"},
        {{"market", "suggest", "E07000223", "--top", "0"}, 2, "--top"},
        {{"market", "suggest", "E07000223", "--top", "101"}, 2, "--top"},
        {{"market", "suggest", "E07000223", "--service", "lighthouses"}, 2, "unknown service \"lighthouses\""},
        {{"market", "suggest", "E07000223", "--max-size", "7"}, 2, "--max-size"},
        {{"market", "suggest", "E07000223", "--format", "csv"}, 2, "--format"},
        {{"market", "match", "--region", "Atlantis"}, 2, "unknown region \"Atlantis\""},
        {{"market", "match", "--max-size", "1"}, 2, "--max-size"},
        {{"market", "match", "--shares", "nucleolus", "--region", "North East"}, 2, "--shares"},
        {{"market", "match", "--max-seconds", "0", "--region", "North East"}, 2, "--max-seconds"},
        {{"market", "price", "E07000223"}, 2, "2 to 6 councils"},
        {{"market", "price", "E07000223,Adur"}, 2, "named twice"},
        {{"market", "price", "E07000223,E07000229", "--format", "csv"}, 2, "needs --report"},
        {{"market", "price", "E07000223,E10000032", "--shares", "equal"}, 2, "the equal rule gives Adur"},
        {{"market", "price", "E07000223,E07000229", "--set", "programme"}, 2, "--set"},
        {{"market", "price", "E07000223,E07000229", "--set", "/programme/cost_optimism_bias=9"}, 1,
         "/programme/cost_optimism_bias"},
        {{"market", "frobnicate"}, 2, "itsb market: unknown command \"frobnicate\" (commands: suggest, match, price, listing)"},
    };
    for (const auto& c : cases) {
        auto args = c.args;
        args.insert(args.begin() + 2, {"--db", db.path});
        const auto r = runCli(args);
        std::string joined;
        for (const auto& a : c.args) joined += a + " ";
        INFO(joined);
        INFO(r.err);
        CHECK(r.code == c.code);
        CHECK(r.out.empty());
        CHECK(r.err.find(c.says) != std::string::npos);
    }
}
