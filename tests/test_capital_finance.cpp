// The revenue budget's arithmetic of borrowing (finance/capital_finance.hpp), every expected
// figure worked by hand in the comment beside it.

#include "itsb/finance/capital_finance.hpp"

#include <doctest/doctest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

using itsb::finance::CfrYear;
using itsb::finance::Date;
using itsb::finance::Money;
using itsb::finance::MrpMethod;
using itsb::finance::Rounding;

namespace {

const Rounding kToPennies{};  // 2 decimals, half up

Money sum(const std::vector<Money>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

}  // namespace

TEST_CASE("capital finance: financial years run 1 April to 31 March") {
    using itsb::finance::fiscalYearOf;
    CHECK(fiscalYearOf(Date::fromYmd(2026, 4, 1)) == 2026);
    CHECK(fiscalYearOf(Date::fromYmd(2027, 3, 31)) == 2026);
    CHECK(fiscalYearOf(Date::fromYmd(2027, 1, 15)) == 2026);
    CHECK(fiscalYearOf(Date::fromYmd(2026, 3, 31)) == 2025);
    CHECK(itsb::finance::fiscalYearStart(2026) == Date::fromYmd(2026, 4, 1));
    CHECK(itsb::finance::fiscalYearLabel(2026) == "2026/27");
    CHECK(itsb::finance::fiscalYearLabel(2099) == "2099/00");
}

TEST_CASE("capital finance: a period's interest is split across 31 March by days") {
    using itsb::finance::splitByFiscalYear;
    // [1 Jan 2027, 1 Jul 2027) is 181 days: January 31 + February 28 + March 31 = 90 in 2026/27,
    // April 30 + May 31 + June 30 = 91 in 2027/28. 10,000.00 x 90 / 181 = 4,972.3757 -> 4,972.38;
    // the last part takes the rest, 10,000.00 - 4,972.38 = 5,027.62.
    const auto split = splitByFiscalYear(Date::fromYmd(2027, 1, 1), Date::fromYmd(2027, 7, 1), 10000.0, kToPennies);
    REQUIRE(split.size() == 2);
    CHECK(split[0].fiscalYear == 2026);
    CHECK(split[0].amount == 4972.38);
    CHECK(split[1].fiscalYear == 2027);
    CHECK(split[1].amount == 5027.62);

    // Within one year: one part, the whole amount.
    const auto inside = splitByFiscalYear(Date::fromYmd(2026, 4, 1), Date::fromYmd(2026, 10, 1), 1234.56, kToPennies);
    REQUIRE(inside.size() == 1);
    CHECK(inside[0].fiscalYear == 2026);
    CHECK(inside[0].amount == 1234.56);

    // Ending on 1 April: the period [1 Oct 2026, 1 Apr 2027) lies wholly in 2026/27.
    const auto toEnd = splitByFiscalYear(Date::fromYmd(2026, 10, 1), Date::fromYmd(2027, 4, 1), 500.0, kToPennies);
    REQUIRE(toEnd.size() == 1);
    CHECK(toEnd[0].fiscalYear == 2026);

    // Three years, one with 29 February: [1 Mar 2027, 1 May 2029) is 792 days: 31 in 2026/27
    // (March), 366 in 2027/28 (1 Apr 2027 to 31 Mar 2028 holds 29 Feb 2028), 365 in 2028/29,
    // 30 in 2029/30 (April). 100,000.00 x 31 / 792 = 3,914.1414 -> 3,914.14;
    // x 366 / 792 = 46,212.1212 -> 46,212.12; x 365 / 792 = 46,085.8586 -> 46,085.86; the rest,
    // 100,000.00 - 3,914.14 - 46,212.12 - 46,085.86 = 3,787.88 (x 30 / 792 = 3,787.8788).
    const auto three = splitByFiscalYear(Date::fromYmd(2027, 3, 1), Date::fromYmd(2029, 5, 1), 100000.0, kToPennies);
    REQUIRE(three.size() == 4);
    CHECK(three[0].amount == 3914.14);
    CHECK(three[1].amount == 46212.12);
    CHECK(three[2].amount == 46085.86);
    CHECK(three[3].amount == 3787.88);
    CHECK(three[3].fiscalYear == 2029);

    // The last part absorbs the rounding: 0.01 over two days, one each side of 1 April:
    // 0.01 x 1 / 2 = 0.005 -> 0.01 (half up), and the rest 0.00.
    const auto tiny = splitByFiscalYear(Date::fromYmd(2027, 3, 31), Date::fromYmd(2027, 4, 2), 0.01, kToPennies);
    REQUIRE(tiny.size() == 2);
    CHECK(tiny[0].amount == 0.01);
    CHECK(tiny[1].amount == 0.0);

    CHECK_THROWS_AS(splitByFiscalYear(Date::fromYmd(2027, 1, 1), Date::fromYmd(2027, 1, 1), 1.0, kToPennies),
                    std::invalid_argument);
}

TEST_CASE("capital finance: a schedule's interest accrues by financial year") {
    // A bond issued on 1 January 2027, paying 25,000.00 of interest each half year. The first
    // period [1 Jan 2027, 1 Jul 2027) has 90 days in 2026/27 and 91 in 2027/28:
    // 25,000.00 x 90 / 181 = 12,430.9392 -> 12,430.94, and the rest 12,569.06. The second,
    // [1 Jul 2027, 1 Jan 2028), lies in 2027/28. So 2026/27 bears 12,430.94 and 2027/28
    // 12,569.06 + 25,000.00 = 37,569.06, although 2026/27 pays nothing in cash.
    itsb::finance::Schedule schedule;
    itsb::finance::ScheduleRow first, second;
    first.accrualStart = Date::fromYmd(2027, 1, 1);
    first.accrualEnd = second.accrualStart = Date::fromYmd(2027, 7, 1);
    second.accrualEnd = Date::fromYmd(2028, 1, 1);
    first.interest = second.interest = 25'000.0;
    schedule.rows = {first, second};
    const auto accrued = itsb::finance::interestAccruedByFiscalYear(schedule, 2026, 3, kToPennies);
    CHECK(accrued == std::vector<Money>{12430.94, 37569.06, 0.0});
    // Every penny of interest lands in some year.
    CHECK(kToPennies(sum(accrued)) == schedule.totalInterest());
    // A year range that misses some interest is refused.
    CHECK_THROWS_AS(itsb::finance::interestAccruedByFiscalYear(schedule, 2027, 3, kToPennies), std::invalid_argument);
}

TEST_CASE("capital finance: MRP by straight line and by annuity over the asset life") {
    using itsb::finance::assetLifeMrp;
    // Straight line, 1,000,000.00 over 3 years: 333,333.33, 333,333.33, and the rest 333,333.34.
    const auto straight = assetLifeMrp(1'000'000.0, 3, MrpMethod::AssetLifeStraightLine, 0.05, kToPennies);
    CHECK(straight == std::vector<Money>{333333.33, 333333.33, 333333.34});

    // Annuity at 5 %, 1,000,000.00 over 3 years: (1.05)^3 = 1.157625, so the first year is
    // 1,000,000 x 0.05 / 0.157625 = 317,208.5646 -> 317,208.56; the second x 1.05 = 333,068.9929
    // -> 333,068.99; the third would be x 1.1025 = 349,722.4425 and takes the rest,
    // 1,000,000.00 - 317,208.56 - 333,068.99 = 349,722.45.
    const auto annuity = assetLifeMrp(1'000'000.0, 3, MrpMethod::AssetLifeAnnuity, 0.05, kToPennies);
    CHECK(annuity == std::vector<Money>{317208.56, 333068.99, 349722.45});

    // At a rate of 0 the annuity is the straight line; one year provides everything at once.
    CHECK(assetLifeMrp(1'000'000.0, 3, MrpMethod::AssetLifeAnnuity, 0.0, kToPennies) == straight);
    CHECK(assetLifeMrp(250.0, 1, MrpMethod::AssetLifeAnnuity, 0.05, kToPennies) == std::vector<Money>{250.0});

    // Seven years at 4.5 %: whatever the rounding, the years sum to the amount to the penny and
    // rise every year.
    const auto seven = assetLifeMrp(9'000'000.0, 7, MrpMethod::AssetLifeAnnuity, 0.045, kToPennies);
    REQUIRE(seven.size() == 7);
    CHECK(kToPennies(sum(seven)) == 9'000'000.0);
    for (std::size_t t = 1; t < seven.size(); ++t) CHECK(seven[t] > seven[t - 1]);

    CHECK_THROWS_AS(assetLifeMrp(1.0, 3, MrpMethod::CfrFourPercent, 0.05, kToPennies), std::invalid_argument);
    CHECK_THROWS_AS(assetLifeMrp(1.0, 0, MrpMethod::AssetLifeStraightLine, 0.05, kToPennies), std::invalid_argument);
    CHECK_THROWS_AS(assetLifeMrp(-1.0, 3, MrpMethod::AssetLifeStraightLine, 0.05, kToPennies), std::invalid_argument);
    CHECK_THROWS_AS(assetLifeMrp(1.0, 3, MrpMethod::AssetLifeAnnuity, -1.0, kToPennies), std::invalid_argument);
}

TEST_CASE("capital finance: the CFR rolls forward, and 4 % of it is the regulatory MRP") {
    using itsb::finance::cfrAtFourPercent;
    using itsb::finance::rollForwardCfr;
    // Borrowing 1,000,000.00 in year 1 and 500,000.00 in year 3, MRP 4 % of the opening CFR:
    // year 1 opens at 0, provides 0 and closes at 1,000,000.00; year 2 provides 40,000.00 and
    // closes at 960,000.00; year 3 provides 38,400.00 and closes at 960,000 + 500,000 - 38,400 =
    // 1,421,600.00; year 4 provides 56,864.00 and closes at 1,364,736.00.
    const std::vector<Money> borrowing{1'000'000.0, 0.0, 500'000.0, 0.0};
    const auto cfr = cfrAtFourPercent(borrowing, kToPennies);
    REQUIRE(cfr.size() == 4);
    const std::vector<Money> mrp{0.0, 40'000.0, 38'400.0, 56'864.0};
    const std::vector<Money> closing{1'000'000.0, 960'000.0, 1'421'600.0, 1'364'736.0};
    for (std::size_t y = 0; y < 4; ++y) {
        CAPTURE(y);
        CHECK(cfr[y].opening == (y == 0 ? 0.0 : closing[y - 1]));
        CHECK(cfr[y].borrowing == borrowing[y]);
        CHECK(cfr[y].mrp == mrp[y]);
        CHECK(cfr[y].closing == closing[y]);
    }
    // The same provisions given explicitly roll forward to the same CFR.
    const auto rolled = rollForwardCfr(borrowing, mrp, kToPennies);
    for (std::size_t y = 0; y < 4; ++y) CHECK(rolled[y].closing == closing[y]);

    // Asset-life MRP clears what was borrowed: the straight line above, starting the year after.
    const auto cleared = rollForwardCfr(std::vector<Money>{1'000'000.0, 0.0, 0.0, 0.0},
                                        std::vector<Money>{0.0, 333333.33, 333333.33, 333333.34}, kToPennies);
    CHECK(cleared[1].closing == 666666.67);
    CHECK(cleared[2].closing == 333333.34);
    CHECK(cleared[3].closing == 0.0);

    CHECK_THROWS_AS(rollForwardCfr(borrowing, std::vector<Money>{0.0}, kToPennies), std::invalid_argument);
}

TEST_CASE("capital finance: MRP on several borrowed costs, from the year after or the same year") {
    using itsb::finance::BorrowedSpend;
    using itsb::finance::borrowedCfr;
    using itsb::finance::MrpStart;
    // 1,000,000.00 spent in year 0 over 3 years and 600,000.00 in year 2 over 2 years, straight
    // line. From the year after: MRP 333,333.33 in years 1 and 2; 333,333.34 + 300,000.00 =
    // 633,333.34 in year 3; 300,000.00 in year 4. CFR closing: 1,000,000.00; 666,666.67;
    // 666,666.67 - 333,333.33 + 600,000.00 = 933,333.34; 300,000.00; 0.
    const std::vector<BorrowedSpend> spends{{0, 1'000'000.0, 3}, {2, 600'000.0, 2}};
    const auto after = borrowedCfr(spends, 5, MrpMethod::AssetLifeStraightLine, 0.0, MrpStart::YearAfter, kToPennies);
    REQUIRE(after.size() == 5);
    const std::vector<Money> mrpAfter{0.0, 333333.33, 333333.33, 633333.34, 300000.0};
    const std::vector<Money> closingAfter{1'000'000.0, 666666.67, 933333.34, 300000.0, 0.0};
    // The same year: MRP 333,333.33, 333,333.33, 333,333.34 + 300,000.00, 300,000.00, 0; CFR
    // closing 666,666.67; 333,333.34; 333,333.34 + 600,000.00 - 633,333.34 = 300,000.00; 0; 0.
    const auto same = borrowedCfr(spends, 5, MrpMethod::AssetLifeStraightLine, 0.0, MrpStart::SameYear, kToPennies);
    const std::vector<Money> mrpSame{333333.33, 333333.33, 633333.34, 300000.0, 0.0};
    const std::vector<Money> closingSame{666666.67, 333333.34, 300000.0, 0.0, 0.0};
    for (std::size_t y = 0; y < 5; ++y) {
        CAPTURE(y);
        CHECK(after[y].mrp == mrpAfter[y]);
        CHECK(after[y].closing == closingAfter[y]);
        CHECK(same[y].mrp == mrpSame[y]);
        CHECK(same[y].closing == closingSame[y]);
    }
    // A table too short for the whole life leaves the rest in the CFR: 3 years from the year
    // after provide 333,333.33 twice, and 333,333.34 + 600,000.00 remain.
    const auto shortTable = borrowedCfr(spends, 3, MrpMethod::AssetLifeStraightLine, 0.0, MrpStart::YearAfter, kToPennies);
    CHECK(shortTable.back().closing == 933333.34);
    // 4 % of the opening CFR is the CFR test above, whatever the lives say.
    const auto fourPercent = borrowedCfr(std::vector<BorrowedSpend>{{0, 1'000'000.0, 3}, {2, 500'000.0, 40}}, 4,
                                         MrpMethod::CfrFourPercent, 0.0, MrpStart::YearAfter, kToPennies);
    CHECK(fourPercent[3].closing == 1'364'736.0);
    CHECK_THROWS_AS(borrowedCfr(spends, 5, MrpMethod::CfrFourPercent, 0.0, MrpStart::SameYear, kToPennies),
                    std::invalid_argument);
    CHECK_THROWS_AS(borrowedCfr(spends, 2, MrpMethod::AssetLifeStraightLine, 0.0, MrpStart::YearAfter, kToPennies),
                    std::invalid_argument);
}
