// The market place's value of a group (market/value.hpp), its candidate groups
// (candidates.hpp) and suggest: terms worked by hand from market/data, connected groups
// against a brute-force search, listings' hard constraints one by one.

#include "itsb/market/candidates.hpp"
#include "itsb/market/council_data.hpp"
#include "itsb/market/suggest.hpp"
#include "itsb/market/value.hpp"
#include "market_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

using namespace itsb::market;

namespace value_test {

std::size_t at(const char* gss) { return *CouncilData::builtIn().find(gss); }

Group groupOf(std::vector<std::size_t> members) {
    std::sort(members.begin(), members.end());
    Group g;
    g.size = static_cast<std::uint8_t>(members.size());
    for (std::size_t k = 0; k < members.size(); ++k) g.member[k] = static_cast<std::uint16_t>(members[k]);
    return g;
}



}  // namespace value_test

TEST_CASE("market value: the terms of Adur, Worthing and West Sussex worked by hand") {
    using value_test::at;
    const auto& data = CouncilData::builtIn();
    const GroupValuer valuer(data, "back_office");
    const std::vector<std::size_t> members{at("E07000223"), at("E07000229"), at("E10000032")};
    const auto v = valuer.value(members);
    // market/data/addressable_spend.csv, back_office: Adur 2,453,400, Worthing 4,613,900,
    // West Sussex 64,866,751; total 71,934,051. saving_rates.csv back_office likely n=3: 0.222518.
    CHECK(v.addressableSpend == 71934051.0);
    CHECK(v.rate == 0.222518);
    // 0.222518 x 71,934,051 = 16,006,621.160418
    CHECK(std::abs(v.annualSaving - 16006621.160418) < 0.005);
    // Distance: the longest pair is Worthing - West Sussex. By British National Grid coordinates
    // (councils.csv bng_x, bng_y: 513075,104523 and 513224,117679) it is
    // sqrt(149^2 + 13156^2) m = 13.157 km on the projected plane; the great circle on the
    // register's latitude/longitude is 13.134 km (haversine). Term = -saving x 0.30 x 13.134/80.
    CHECK(std::abs(v.longestKm - 13.157) < 0.05);
    CHECK(std::abs(v.terms[0] - (-16006621.160418 * 0.30 * v.longestKm / 80.0)) < 0.005);
    CHECK(std::abs(v.terms[0] - (-788381.90)) < 0.5);
    // Partners: three councils, the friction whole at six: -saving x 0.25 x (3-2)/(6-2) = -1,000,413.82
    CHECK(std::abs(v.terms[1] - (-1000413.822526)) < 0.005);
    // Tier mismatch: Adur-Worthing both districts; each with the county differs: 2 of 3 pairs.
    // -saving x 0.15 x 2/3 = -1,600,662.12
    CHECK(v.tierMismatchShare == doctest::Approx(2.0 / 3.0));
    CHECK(std::abs(v.terms[2] - (-1600662.116042)) < 0.005);
    // Size imbalance: 1 - 2,453,400/64,866,751 = 0.962178...; -saving x 0.10 x that = -1,540,121.63
    CHECK(std::abs(v.terms[3] - (-1540121.633052)) < 0.005);
    // County crossing: both districts are in West Sussex (county_gss E10000032), the county itself: none.
    CHECK(v.terms[4] == 0.0);
    // Deprivation: IMD quintiles 4, 4, 5: pair gaps 0, 1, 1, mean 2/3; +saving x 0.05 x (1 - (2/3)/4) = 666,942.55
    CHECK(std::abs(v.terms[5] - 666942.548351) < 0.005);
    // Rural-urban: urban, urban, urban with rural areas (classes 0, 0, 1): mean gap 2/3;
    // +saving x 0.05 x (1 - (2/3)/3) = 622,479.71
    CHECK(std::abs(v.terms[6] - 622479.711794) < 0.005);
    double sum = v.annualSaving;
    for (double t : v.terms) sum += t;
    CHECK(std::abs(v.score - sum) < 1e-6);
}

TEST_CASE("market value: a council's listing weights scale its half of a pair's term") {
    using value_test::at;
    const auto& data = CouncilData::builtIn();
    GroupValuer valuer(data, "back_office");
    const std::vector<std::size_t> pair{at("E07000223"), at("E07000229")};
    const auto plain = valuer.value(pair);
    TermWeights w = kUnitWeights;
    w[0] = 0.0;  // Adur does not mind distance: the pair's multiplier is (0 + 1)/2
    valuer.setWeights(at("E07000223"), w);
    const auto weighted = valuer.value(pair);
    CHECK(std::abs(weighted.terms[0] - plain.terms[0] / 2.0) < 1e-6);
    CHECK(weighted.terms[1] == plain.terms[1]);
    CHECK(plain.terms[1] == 0.0);  // a pair has no partners friction
    CHECK_THROWS_AS(valuer.value(std::vector<std::size_t>{at("E07000223")}), std::invalid_argument);
    CHECK_THROWS_AS(GroupValuer(data, "bins"), std::invalid_argument);
}

TEST_CASE("market value: connected groups equal a brute-force search of every subset") {
    const auto& data = CouncilData::builtIn();
    // The South East's first 15 councils by code (a mix of unitaries, districts and a county).
    std::vector<bool> eligible(data.councils().size(), false);
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < data.councils().size() && chosen.size() < 15; ++i)
        if (data.councils()[i].region == "South East") eligible[i] = true, chosen.push_back(i);
    std::set<std::vector<std::size_t>> expected;
    for (std::uint32_t mask = 1; mask < (1u << chosen.size()); ++mask) {
        std::vector<std::size_t> members;
        for (std::size_t k = 0; k < chosen.size(); ++k)
            if (mask & (1u << k)) members.push_back(chosen[k]);
        if (members.size() >= 2 && members.size() <= 4 && itsb::test::connectedOnNeighbours(data, members)) expected.insert(members);
    }
    std::set<std::vector<std::size_t>> found;
    for (const auto& g : connectedGroups(data, eligible, 2, 4)) CHECK(found.insert(g.members()).second);
    CHECK(found == expected);
    CHECK(found.size() > 50);
    // Those containing one council.
    const std::size_t one = chosen[3];
    std::set<std::vector<std::size_t>> withOne, expectedWithOne;
    for (const auto& g : connectedGroups(data, eligible, 2, 4, one)) withOne.insert(g.members());
    for (const auto& m : expected)
        if (std::find(m.begin(), m.end(), one) != m.end()) expectedWithOne.insert(m);
    CHECK(withOne == expectedWithOne);
}

TEST_CASE("market value: England has 4,003 connected pairs, 66,912 triples and 1,272,850 groups of four") {
    // The counts come from an independent enumeration in Python over market/data/neighbours.csv
    // (every connected set grown from its smallest member, as the docs describe).
    const auto& data = CouncilData::builtIn();
    const std::vector<bool> all(data.councils().size(), true);
    CHECK(connectedGroups(data, all, 2, 2).size() == 4003);
    CHECK(connectedGroups(data, all, 3, 3).size() == 66912);
    CHECK(connectedGroups(data, all, 2, 4).size() == 4003 + 66912 + 1272850);
}

TEST_CASE("market value: listings' hard constraints and roles rule groups out") {
    using value_test::at;
    const auto& data = CouncilData::builtIn();
    const GroupValuer valuer(data, "back_office");
    const std::size_t adur = at("E07000223"), worthing = at("E07000229"), arun = at("E07000224"),
                      brighton = at("E06000043"), sussex = at("E10000032");
    auto listing = [](const char* gss, ListingRole role) {
        Listing l;
        l.council = gss;
        l.service = "back_office";
        l.role = role;
        return l;
    };
    const auto trio = value_test::groupOf({adur, worthing, arun});
    {
        const ListingRules none(valuer, {});
        CHECK_FALSE(none.active());
        CHECK_FALSE(none.excludes(trio));
        const auto everyone = none.eligible();
        CHECK(std::count(everyone.begin(), everyone.end(), true) == 317);
    }
    {
        auto l = listing("E07000223", ListingRole::Open);
        l.maxPartners = 1;
        const ListingRules rules(valuer, {l, listing("E07000229", ListingRole::Open), listing("E07000224", ListingRole::Open)});
        CHECK(rules.excludes(trio).value_or("none") == "Adur takes at most 1 partners");
        CHECK_FALSE(rules.excludes(value_test::groupOf({adur, worthing})));
        // Only listed councils take part.
        const auto eligible = rules.eligible();
        CHECK(std::count(eligible.begin(), eligible.end(), true) == 3);
        CHECK(rules.eligible(brighton)[brighton]);
    }
    {
        // Adur to Arun is about 19.0 km (BNG: 519887,106370 to 500910,105571: sqrt(18977^2 + 799^2) m).
        auto l = listing("E07000223", ListingRole::Open);
        l.maxDistanceKm = 15.0;
        const ListingRules rules(valuer, {l});
        CHECK(rules.excludes(trio).value_or("none") == "Arun is further from Adur than its listing's maximum distance");
        l.maxDistanceKm = 25.0;
        CHECK_FALSE(ListingRules(valuer, {l}).excludes(trio));
    }
    {
        auto l = listing("E07000223", ListingRole::Open);
        l.sameCountyOnly = true;
        const ListingRules rules(valuer, {l});
        CHECK_FALSE(rules.excludes(value_test::groupOf({adur, worthing, sussex})));
        CHECK(rules.excludes(value_test::groupOf({adur, brighton})).value_or("none") == "Brighton and Hove is outside Adur's county");
    }
    {
        auto l = listing("E07000229", ListingRole::Open);
        l.excluded = {"E07000224"};
        CHECK(ListingRules(valuer, {l}).excludes(trio).value_or("none") == "Worthing excludes Arun");
    }
    {
        auto a = listing("E07000223", ListingRole::Open), w = listing("E07000229", ListingRole::Open);
        a.startFrom = 2027, a.startTo = 2028;
        w.startFrom = 2029, w.startTo = 2030;
        const ListingRules rules(valuer, {a, w});
        CHECK(rules.excludes(value_test::groupOf({adur, worthing})).value_or("none") == "the members' start windows do not overlap");
        w.startFrom = 2028;
        CHECK_FALSE(ListingRules(valuer, {a, w}).excludes(value_test::groupOf({adur, worthing})));
    }
    {
        // Offer meets seek; two offers or two seekers do not.
        const auto pair = value_test::groupOf({adur, worthing});
        CHECK_FALSE(ListingRules(valuer, {listing("E07000223", ListingRole::Offer), listing("E07000229", ListingRole::Seek)})
                        .excludes(pair));
        CHECK(ListingRules(valuer, {listing("E07000223", ListingRole::Offer), listing("E07000229", ListingRole::Offer)})
                   .excludes(pair).value_or("none") == "no member seeks the service");
        CHECK(ListingRules(valuer, {listing("E07000223", ListingRole::Seek), listing("E07000229", ListingRole::Seek)})
                   .excludes(pair).value_or("none") == "no member offers the service");
        // The latest listing of a council holds.
        auto older = listing("E07000223", ListingRole::Seek), newer = listing("E07000223", ListingRole::Offer);
        older.id = 1, newer.id = 2;
        auto seeker = listing("E07000229", ListingRole::Seek);
        seeker.id = 3;
        CHECK_FALSE(ListingRules(valuer, {newer, older, seeker}).excludes(pair));
    }
}

TEST_CASE("market value: suggest lists the best groups containing the council, best first, with reasons") {
    using value_test::at;
    const auto& data = CouncilData::builtIn();
    SuggestOptions options;
    options.price = false;
    options.top = 8;
    const auto s = suggest(data, at("E07000223"), {}, options);
    REQUIRE(s.suggestions.size() == 8);
    CHECK(s.candidates > 1000);
    CHECK(s.ruledOut == 0);
    // The ranking is by Adur's part: its share of the group's addressable spend times the score.
    // Found here by valuing every connected group containing Adur afresh.
    const GroupValuer valuer(data, "back_office");
    const double adurSpend = data.addressableSpend(at("E07000223"), "back_office");
    double best = 0.0;
    for (const auto& g : connectedGroups(data, std::vector<bool>(317, true), 2, 4, at("E07000223"))) {
        const auto v = valuer.value(g.members());
        best = std::max(best, adurSpend / v.addressableSpend * v.score);
    }
    CHECK(s.suggestions.front().ownScore == doctest::Approx(best).epsilon(1e-12));
    for (std::size_t k = 0; k < s.suggestions.size(); ++k) {
        const auto& g = s.suggestions[k];
        CHECK(std::find(g.members.begin(), g.members.end(), at("E07000223")) != g.members.end());
        CHECK(g.partners.size() + 1 == g.members.size());
        CHECK(std::abs(g.ownShare - adurSpend / g.value.addressableSpend) < 1e-12);
        if (k > 0) CHECK(g.ownScore <= s.suggestions[k - 1].ownScore);
    }
    // Adur's best partners are its real ones: Worthing (with which it shares its officers and
    // services as Adur & Worthing Councils) and Arun, its neighbours on the coast.
    CHECK(s.suggestions.front().partners == std::vector<std::size_t>{at("E07000224"), at("E07000229")});
    options.top = 0;
    CHECK_THROWS_AS(suggest(data, at("E07000223"), {}, options), std::invalid_argument);
}
