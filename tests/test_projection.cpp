// Savings ramps, programme years and the annual projection (SPEC §2, §3, §9), by hand.

#include "itsb/scenarios/engine/projection.hpp"
#include "itsb/scenarios/io/reader.hpp"
#include "itsb/scenarios/model/programme_years.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace itsb::scenarios;
using itsb::finance::Date;

TEST_CASE("projection: linear ramp reaches full after years_to_full, after the delay") {
    Ramp ramp;
    ramp.delayYears = 1;
    ramp.yearsToFull = 4;
    // k <= delay: 0; then x = (k - 1)/4: 0.25, 0.5, 0.75, 1, 1
    const double expected[] = {0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0};
    for (int k = 0; k <= 6; ++k) CHECK(rampFraction(ramp, k) == expected[k]);
}

TEST_CASE("projection: s-curve ramp is x^2 (3 - 2x), slow start and finish") {
    Ramp ramp;
    ramp.yearsToFull = 4;
    ramp.shape = RampShape::SCurve;
    // x = 1/4: 0.0625 x 2.5 = 0.15625; x = 1/2: 0.5; x = 3/4: 0.5625 x 1.5 = 0.84375; x = 1: 1
    CHECK(rampFraction(ramp, 1) == 0.15625);
    CHECK(rampFraction(ramp, 2) == 0.5);
    CHECK(rampFraction(ramp, 3) == 0.84375);
    CHECK(rampFraction(ramp, 4) == 1.0);
    CHECK(rampFraction(ramp, 9) == 1.0);
}

TEST_CASE("projection: explicit fractions start after the delay and the last one holds") {
    Ramp ramp;
    ramp.delayYears = 2;
    ramp.fractions = {0.2, 0.6, 0.9};
    const double expected[] = {0.0, 0.0, 0.0, 0.2, 0.6, 0.9, 0.9, 0.9};
    for (int k = 0; k <= 7; ++k) CHECK(rampFraction(ramp, k) == expected[k]);
}

TEST_CASE("projection: no ramp means full from year 1") {
    Ramp ramp;
    CHECK(rampFraction(ramp, 0) == 0.0);
    CHECK(rampFraction(ramp, 1) == 1.0);
}

TEST_CASE("projection: programme years bucket dates into start + (k-1)y < date <= start + k y") {
    const ProgrammeYears years(Date::fromYmd(2026, 4, 1), 20);
    CHECK(years.yearOf(Date::fromYmd(2026, 4, 1)) == 0);  // the start date itself is year 0
    CHECK(years.yearOf(Date::fromYmd(2026, 4, 2)) == 1);
    CHECK(years.yearOf(Date::fromYmd(2027, 4, 1)) == 1);  // the period end belongs to the year
    CHECK(years.yearOf(Date::fromYmd(2027, 4, 2)) == 2);
    CHECK(years.yearOf(Date::fromYmd(2041, 4, 1)) == 15);
    CHECK(years.label(0) == "opening");
    CHECK(years.label(1) == "2026/27");
    CHECK(years.label(5) == "2030/31");
    CHECK(years.label(74) == "2099/00");  // the two-digit end wraps at the century

    const ProgrammeYears calendar(Date::fromYmd(2026, 1, 1), 3);
    CHECK(calendar.label(1) == "2026-01-01/2027-01-01");
    CHECK(calendar.yearOf(Date::fromYmd(2026, 12, 31)) == 1);
}

TEST_CASE("projection: savings, biases, running costs and one-off costs by year, rounded once") {
    auto scenario = readScenario(defaultPilotText());
    const auto p = projectProgramme(scenario);
    REQUIRE(p.grossSavings.size() == 21);
    CHECK(p.grossSavings[0] == 0.0);
    // Year 2: baseline 450m x 1.02 = 459m; back office 0.25 x 0.072 x 2/3, customer services
    // 0.10 x 0.05 x 1/2 (delay 1, 2 years to full): 459m x (0.012 + 0.0025) x 0.9 = 5,989,950.00
    CHECK(p.grossSavings[2] == 5989950.0);
    CHECK(p.baselineExpenditure[2] == 459000000.0);
    // Running costs from year 1 escalate from their from_year: 600,000 x 1.02^(k-1) x 1.2;
    // year 10: 600,000 x 1.02^9 x 1.2 = 860,466.65 (1.195092568 x 720,000 = 860,466.649)
    CHECK(p.runningCosts[10] == 860466.65);
    // One-off costs after the 20 % bias: 10.8m in year 0 (capital), 4.8m in year 1 (revenue).
    CHECK(p.oneOffCosts[0] == 10800000.0);
    CHECK(p.oneOffCosts[1] == 4800000.0);
    CHECK(p.capitalOneOffCosts[1] == 0.0);
    CHECK(p.totalCapitalOneOffCosts() == 10800000.0);
    CHECK(p.netSavings[2] == 5989950.0 - 734400.0);
}
