// The market place's council data as itsb compiles it in (market/council_data.hpp): the counts the
// issue states, figures worked by hand from the raw sources in market/data/source/, distances by
// an independent formula, and parse errors that name the table and line. (The derivation itself
// is checked by tests/check_council_data.py.)

#include "itsb/market/council_data.hpp"
#include "itsb/market/geography.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

using namespace itsb::market;

TEST_CASE("market data: 317 current English principal councils, by type as the issue counts them") {
    const auto& data = CouncilData::builtIn();
    REQUIRE(data.councils().size() == 317);
    std::map<CouncilType, int> byType;
    for (const auto& c : data.councils()) ++byType[c.type];
    CHECK(byType[CouncilType::County] == 21);
    CHECK(byType[CouncilType::District] == 164);
    CHECK(byType[CouncilType::Unitary] == 63);
    CHECK(byType[CouncilType::MetropolitanDistrict] == 36);
    CHECK(byType[CouncilType::LondonBorough] == 32);
    CHECK(byType[CouncilType::CityOfLondon] == 1);
    // Every council has a neighbour, and neighbours are mutual.
    for (std::size_t i = 0; i < data.councils().size(); ++i) {
        CAPTURE(data.councils()[i].gss);
        CHECK_FALSE(data.neighbours(i).empty());
        for (const auto& n : data.neighbours(i)) {
            bool back = false;
            for (const auto& m : data.neighbours(n.council)) back = back || (m.council == i && m.kind == n.kind);
            CHECK(back);
        }
    }
}

TEST_CASE("market data: Adur by hand from the register and the 2017-18 Revenue Outturn") {
    const auto& data = CouncilData::builtIn();
    const auto adur = data.find("E07000223");
    REQUIRE(adur);
    const Council& c = data.councils()[*adur];
    // The register: ADU, non-metropolitan district in West Sussex (E10000032), 64,187 people, 42 km2.
    CHECK(c.name == "Adur");
    CHECK(c.type == CouncilType::District);
    CHECK(c.countyGss == "E10000032");
    CHECK(c.population == 64187);
    CHECK(c.areaKm2 == 42.0);
    // RS 2017-18 (GBP thousand): line 690 central services 2,566; 699 total 7,855; 190 education 0.
    // Back office = 0.75 x 2,566,000 + 0.10 x (7,855,000 - 2,566,000 - 0) = 1,924,500 + 528,900.
    CHECK(data.addressableSpend(*adur, "back_office") == 2453400.0);
    // Line 290 highways and transport is -74 (income above spend): addressable counts it as 0.
    CHECK(data.addressableSpend(*adur, "highways_transport") == 0.0);
    CHECK(data.addressableSpend(*adur, "cultural") == 1176000.0);
    CHECK_THROWS_AS(data.addressableSpend(*adur, "no_such_service"), std::out_of_range);
    // Its boundary neighbours are the first list of lad2021_neighbours.json's "E07000223": Horsham
    // (E07000227), Worthing (E07000229), Brighton and Hove (E06000043), Arun (E07000224); here in
    // code order. West Sussex, its own county, is not its neighbour.
    std::string boundary;
    for (const auto& n : data.neighbours(*adur))
        if (n.kind == Adjacency::Boundary) boundary += data.councils()[n.council].name + ";";
    CHECK(boundary == "Brighton and Hove;Arun;Horsham;Worthing;");
}

TEST_CASE("market data: saving rates rise with group size as 1 - 1/n, nothing alone") {
    const auto& data = CouncilData::builtIn();
    for (auto rateCase : {RateCase::Likely, RateCase::Best}) {
        const double three = *data.savingRate("back_office", rateCase, 3);
        CHECK(*data.savingRate("back_office", rateCase, 1) == 0.0);
        // rate(n) = rate(3) x (1 - 1/n) / (2/3): pairs 3/4 of it, fours 9/8 (the table has 6 decimals).
        CHECK(*data.savingRate("back_office", rateCase, 2) == doctest::Approx(three * 0.75).epsilon(1e-5));
        CHECK(*data.savingRate("back_office", rateCase, 4) == doctest::Approx(three * 1.125).epsilon(1e-5));
    }
    // The best case is twice the likely one (NLGN: 3.6 % against 1.8 %).
    CHECK(*data.savingRate("back_office", RateCase::Best, 3) ==
          doctest::Approx(2.0 * *data.savingRate("back_office", RateCase::Likely, 3)).epsilon(1e-5));
    CHECK_FALSE(data.savingRate("back_office", RateCase::Likely, 99));
    CHECK_FALSE(data.savingRate("no_such_service", RateCase::Likely, 2));
}

TEST_CASE("market data: great-circle distance against two independent measures") {
    // Adur (50.844441, -0.298531) to Worthing (50.829206, -0.395812). The equirectangular formula,
    // R x sqrt((dlambda cos(mean phi))^2 + dphi^2), agrees with the haversine to a millimetre at this
    // range: 7.038292 km. Their British National Grid points (519887, 106370) and (513075, 104523)
    // are 7.058 km apart on the projection, whose scale there is about 1.0003.
    const double d = greatCircleKm(50.844441, -0.298531, 50.829206, -0.395812);
    const double radians = 3.14159265358979323846 / 180.0;
    const double x = (-0.395812 + 0.298531) * radians * std::cos((50.844441 + 50.829206) / 2 * radians);
    const double y = (50.829206 - 50.844441) * radians;
    CHECK(d == doctest::Approx(kEarthRadiusKm * std::sqrt(x * x + y * y)).epsilon(1e-6));
    CHECK(d == doctest::Approx(7.058).epsilon(0.005));
    CHECK(greatCircleKm(51.5, -0.1, 51.5, -0.1) == 0.0);
    // Antipodes: half the circumference.
    CHECK(greatCircleKm(0, 0, 0, 180) == doctest::Approx(kEarthRadiusKm * 3.14159265358979323846));
}

TEST_CASE("market data: a broken table names its file, line and problem") {
    const std::string councils = "gss,name,type,region,county_gss,population,area_km2,lat,long,imd_quintile,rural_urban\n"
                                 "E1,A,district,R,,100,1,50,0,1,urban\n"
                                 "E2,B,parish,R,,100,1,50,0,1,urban\n";
    const std::string neighbours = "gss_a,gss_b,kind\nE1,E2,boundary\n";
    const std::string spend = "gss,back_office\nE1,10\nE2,20\n";
    const std::string rates = "service,scenario,group_size,rate\nback_office,likely,2,0.1\n";
    const auto message = [](auto&& call) {
        try {
            call();
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(message([&] { (void)CouncilData::parse(councils, neighbours, spend, rates); }) ==
          "market/data/councils.csv line 3: unknown council type \"parish\"");
    const std::string good = "gss,name,type,region,county_gss,population,area_km2,lat,long,imd_quintile,rural_urban\n"
                             "E1,\"A, the first\",district,R,,100,1,50,0,1,urban\nE2,B,unitary,R,,1e2,1,50,0,,urban\n";
    const auto data = CouncilData::parse(good, neighbours, spend, rates);
    CHECK(data.councils()[0].name == "A, the first");  // a quoted field keeps its comma
    CHECK(data.councils()[1].imdQuintile == 0);
    CHECK(message([&] { (void)CouncilData::parse(good, neighbours, "gss,back_office\nE1,ten\nE2,20\n", rates); }) ==
          "market/data/addressable_spend.csv line 2: \"ten\" in column back_office is not a number");
    CHECK(message([&] { (void)CouncilData::parse(good, "gss_a,gss_b,kind\nE1,E9,boundary\n", spend, rates); }) ==
          "market/data/neighbours.csv line 2: a council not in councils.csv");
    CHECK(message([&] { (void)CouncilData::parse(good, neighbours, "gss,back_office\nE1,10\n", rates); }) ==
          "market/data/addressable_spend.csv: a council has no row");
}
