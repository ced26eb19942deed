#include "itsb/finance/schedule.hpp"

#include <doctest/doctest.h>

using namespace itsb::finance;

TEST_CASE("schedule: scheduled dates are counted from the issue date and clipped to month end") {
    // 31 Jan + 1M = 28 Feb 2026 (not a leap year); + 2M = 31 Mar (counted from 31 Jan, not chained from 28 Feb)
    auto dates = scheduledDates(Date::fromYmd(2026, 1, 31), Frequency::Monthly, 2);
    REQUIRE(dates.size() == 3);
    CHECK(dates[1].iso() == "2026-02-28");
    CHECK(dates[2].iso() == "2026-03-31");
}
