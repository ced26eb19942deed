// Repayment schedules against spreadsheet formulas and hand calculations.
//
// Spreadsheet functions are re-stated here as their textbook definitions (the formulas a
// spreadsheet documents for PMT / PPMT / IPMT), independent of the code under test:
//   PMT(i, n, -B)      = B i / (1 - (1+i)^-n)
//   IPMT(i, j, n, -B)  = i x balance after j-1 level payments
//   balance after k    = B (1+i)^k - PMT ((1+i)^k - 1) / i
//   PPMT               = PMT - IPMT

#include "itsb/finance/bond_analytics.hpp"
#include "itsb/finance/schedule.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace itsb::finance;

namespace {

double spreadsheetRound(double x, int decimals = 2) {
    // ROUND(x, 2) for the values used here (none is within 1e-9 of a tie).
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

double pmt(double i, int n, double b) { return b * i / (1.0 - std::pow(1.0 + i, -n)); }
double balanceAfter(double i, int k, int n, double b) {
    return b * std::pow(1.0 + i, k) - pmt(i, n, b) * (std::pow(1.0 + i, k) - 1.0) / i;
}
double ipmt(double i, int j, int n, double b) { return i * balanceAfter(i, j - 1, n, b); }
double ppmt(double i, int j, int n, double b) { return pmt(i, n, b) - ipmt(i, j, n, b); }

BondTerms terms(double notional, Frequency f, int years, double coupon, AmortizationType a) {
    BondTerms t;
    t.notional = notional;
    t.issueDate = Date::fromYmd(2026, 4, 1);
    t.periods = years * perYear(f);
    t.frequency = f;
    t.coupon = coupon;
    t.dayCount = DayCount::ActActIcma;
    t.calendar = CalendarKind::Null;
    t.amortization = a;
    return t;
}

//! SPEC §9 invariants that must hold on every row of every schedule.
void checkInvariants(const Schedule& s, double notional) {
    REQUIRE(!s.rows.empty());
    double principal = 0.0, capitalised = 0.0, interest = 0.0, debtService = 0.0;
    for (std::size_t j = 0; j < s.rows.size(); ++j) {
        const auto& r = s.rows[j];
        CAPTURE(r.period);
        CHECK(std::abs(r.openingBalance - r.principal + r.capitalisedInterest - r.closingBalance) < 0.005);
        CHECK(std::abs(r.interest - r.capitalisedInterest + r.principal - r.debtService) < 0.005);
        CHECK(r.principal >= 0.0);
        if (j > 0) CHECK(r.openingBalance == s.rows[j - 1].closingBalance);
        // Every amount is a whole number of pennies.
        for (double v : {r.interest, r.principal, r.capitalisedInterest, r.debtService, r.closingBalance})
            CHECK(std::abs(v * 100.0 - std::round(v * 100.0)) < 1e-6);
        principal += r.principal;
        capitalised += r.capitalisedInterest;
        interest += r.interest;
        debtService += r.debtService;
    }
    CHECK(s.rows.back().closingBalance == 0.0);
    CHECK(std::abs(principal - (notional + capitalised)) < 0.005);
    CHECK(std::abs(debtService - (notional + interest)) < 0.005);
}

}  // namespace

TEST_CASE("schedule: scheduled dates are counted from the issue date and clipped to month end") {
    // 31 Jan + 1M = 28 Feb 2026 (not a leap year); + 2M = 31 Mar (counted from 31 Jan, not chained from 28 Feb)
    auto dates = scheduledDates(Date::fromYmd(2026, 1, 31), Frequency::Monthly, 2);
    REQUIRE(dates.size() == 3);
    CHECK(dates[1].iso() == "2026-02-28");
    CHECK(dates[2].iso() == "2026-03-31");
    // 29 Feb 2028 + 12M = 28 Feb 2029; + 24M = 29 Feb 2030? No: 2030 is not a leap year -> 28 Feb 2030.
    auto leap = scheduledDates(Date::fromYmd(2028, 2, 29), Frequency::Annual, 4);
    CHECK(leap[1].iso() == "2029-02-28");
    CHECK(leap[4].iso() == "2032-02-29");  // 2032 is a leap year: counted from the issue, the 29th returns
}

TEST_CASE("schedule: annuity equals spreadsheet PMT / PPMT / IPMT to the penny (PWLB semiannual)") {
    // =PMT(0.024,26,-15750000) = 821,311.57 (4.8 % semiannual over 13 years).
    const double b = 15750000.0, i = 0.024;
    const int n = 26;
    auto t = terms(b, Frequency::Semiannual, 13, 0.048, AmortizationType::Annuity);
    CHECK(std::abs(annuityPayment(b, 0.048, Frequency::Semiannual, n, t.rounding) - 821311.57) < 0.005);
    const auto s = buildSchedule(t);
    REQUIRE(s.rows.size() == 26);
    checkInvariants(s, b);
    // ACT/ACT(ICMA) regular semiannual periods accrue exactly 1/2.
    for (const auto& r : s.rows) CHECK(r.accrualFraction == 0.5);
    // Period 1: =IPMT(0.024,1,26,-15750000) = 378,000.00; =PPMT(0.024,1,26,-15750000) = 443,311.57
    CHECK(std::abs(s.rows[0].interest - 378000.00) < 0.005);
    CHECK(std::abs(s.rows[0].principal - 443311.57) < 0.005);
    // Period 2: =IPMT(...,2,...) = 367,360.52; =PPMT(...,2,...) = 453,951.05
    CHECK(std::abs(s.rows[1].interest - 367360.52) < 0.005);
    CHECK(std::abs(s.rows[1].principal - 453951.05) < 0.005);
    // Every period but the last: the level payment, and principal within a penny of ROUND(PPMT).
    for (int j = 1; j < n; ++j) {
        CAPTURE(j);
        const auto& r = s.rows[static_cast<std::size_t>(j - 1)];
        CHECK(std::abs(r.debtService - 821311.57) < 0.005);
        CHECK(std::abs(r.principal - spreadsheetRound(ppmt(i, j, n, b))) <= 0.0100001);
        CHECK(std::abs(r.interest - spreadsheetRound(ipmt(i, j, n, b))) <= 0.0100001);
    }
    // The last payment clears the balance: the rounded payment is 0.0047216 short of the exact
    // PMT each period, so the final balance exceeds =PPMT(0.024,26,26,-15750000) = 802,062.08 by
    // about 0.0047216 x ((1.024^25 - 1)/0.024) = 0.17.
    CHECK(std::abs(s.rows.back().principal - (802062.08 + 0.0047216 * (std::pow(1.024, 25) - 1) / 0.024)) < 0.02);
}

TEST_CASE("schedule: level principal (PWLB EIP) equals B/n principal and interest on the reducing balance") {
    // 1,200,000 over 5 years quarterly at 6 %: principal 60,000.00 each quarter; interest of
    // quarter j = 0.015 x (1,200,000 - 60,000 (j-1)), e.g. j = 1: 18,000.00, j = 20: 900.00.
    auto t = terms(1200000.0, Frequency::Quarterly, 5, 0.06, AmortizationType::LevelPrincipal);
    const auto s = buildSchedule(t);
    REQUIRE(s.rows.size() == 20);
    checkInvariants(s, 1200000.0);
    for (int j = 1; j <= 20; ++j) {
        const auto& r = s.rows[static_cast<std::size_t>(j - 1)];
        CAPTURE(j);
        CHECK(std::abs(r.principal - 60000.0) < 0.005);
        CHECK(std::abs(r.interest - 0.015 * (1200000.0 - 60000.0 * (j - 1))) < 0.005);
    }
    // Total interest = 0.015 x 60,000 x (20+19+...+1) = 0.015 x 60,000 x 210 = 189,000.00
    CHECK(std::abs(s.totalInterest() - 189000.0) < 0.005);
}

TEST_CASE("schedule: level principal that does not divide evenly leaves the remainder to the last period") {
    // 1,000,000 / 3 = 333,333.33 twice, then 333,333.34 clears the balance.
    auto t = terms(1000000.0, Frequency::Annual, 3, 0.05, AmortizationType::LevelPrincipal);
    const auto s = buildSchedule(t);
    checkInvariants(s, 1000000.0);
    CHECK(std::abs(s.rows[0].principal - 333333.33) < 0.005);
    CHECK(std::abs(s.rows[1].principal - 333333.33) < 0.005);
    CHECK(std::abs(s.rows[2].principal - 333333.34) < 0.005);
}

TEST_CASE("schedule: bullet pays interest only and all principal at maturity") {
    // 2,000,000 at 3 % monthly for 2 years: interest 2,000,000 x 0.03 / 12 = 5,000.00 each month.
    auto t = terms(2000000.0, Frequency::Monthly, 2, 0.03, AmortizationType::Bullet);
    const auto s = buildSchedule(t);
    REQUIRE(s.rows.size() == 24);
    checkInvariants(s, 2000000.0);
    for (std::size_t j = 0; j + 1 < s.rows.size(); ++j) {
        CHECK(std::abs(s.rows[j].interest - 5000.0) < 0.005);
        CHECK(s.rows[j].principal == 0.0);
    }
    CHECK(s.rows.back().principal == 2000000.0);
    CHECK(std::abs(s.rows.back().debtService - 2005000.0) < 0.005);
}

TEST_CASE("schedule: annual frequency, annuity at 5 % over 5 years = spreadsheet PMT 230,974.80") {
    // =PMT(0.05,5,-1000000) = 230,974.80; =PPMT(0.05,1,5,-1000000) = 180,974.80
    auto t = terms(1000000.0, Frequency::Annual, 5, 0.05, AmortizationType::Annuity);
    const auto s = buildSchedule(t);
    checkInvariants(s, 1000000.0);
    CHECK(std::abs(s.rows[0].debtService - 230974.80) < 0.005);
    CHECK(std::abs(s.rows[0].principal - 180974.80) < 0.005);
    for (int j = 1; j < 5; ++j)
        CHECK(std::abs(s.rows[static_cast<std::size_t>(j - 1)].principal -
                       spreadsheetRound(ppmt(0.05, j, 5, 1000000.0))) <= 0.0100001);
}

TEST_CASE("schedule: interest-only then annuity over the remaining periods") {
    // 2 interest-only years of 4 semiannual periods pay 0.02 x 10,000,000 = 200,000.00 each;
    // then =PMT(0.02,6,-10000000) = 1,785,258.12 for 6 periods.
    auto t = terms(10000000.0, Frequency::Semiannual, 5, 0.04, AmortizationType::Annuity);
    t.interestOnlyPeriods = 4;
    const auto s = buildSchedule(t);
    checkInvariants(s, 10000000.0);
    for (int j = 0; j < 4; ++j) {
        CHECK(s.rows[static_cast<std::size_t>(j)].kind == PeriodKind::InterestOnly);
        CHECK(std::abs(s.rows[static_cast<std::size_t>(j)].debtService - 200000.0) < 0.005);
    }
    CHECK(s.rows[4].kind == PeriodKind::Amortizing);
    CHECK(std::abs(s.rows[4].debtService - 1785258.12) < 0.005);
}

TEST_CASE("schedule: capitalised interest grows the balance before amortization") {
    // Year 1 capitalised at 5 % annual: 1,000,000 -> 1,050,000.00; then level principal over
    // 2 years of 525,000.00 with interest 52,500.00 and 26,250.00.
    auto t = terms(1000000.0, Frequency::Annual, 3, 0.05, AmortizationType::LevelPrincipal);
    t.capitalisedPeriods = 1;
    const auto s = buildSchedule(t);
    checkInvariants(s, 1000000.0);
    CHECK(s.rows[0].kind == PeriodKind::Capitalised);
    CHECK(std::abs(s.rows[0].capitalisedInterest - 50000.0) < 0.005);
    CHECK(s.rows[0].debtService == 0.0);
    CHECK(std::abs(s.rows[0].closingBalance - 1050000.0) < 0.005);
    CHECK(std::abs(s.rows[1].principal - 525000.0) < 0.005);
    CHECK(std::abs(s.rows[1].interest - 52500.0) < 0.005);
    CHECK(std::abs(s.rows[2].interest - 26250.0) < 0.005);
    // total_debt_service = notional + total_interest = 1,000,000 + 50,000 + 52,500 + 26,250
    CHECK(std::abs(s.totalDebtService() - 1128750.0) < 0.005);
}

TEST_CASE("schedule: custom amounts and custom fractions") {
    auto t = terms(1000000.0, Frequency::Annual, 4, 0.05, AmortizationType::Custom);
    t.perPeriod = {0.0, 100000.0, 300000.0, 600000.0};
    t.interestOnlyPeriods = 1;
    auto s = buildSchedule(t);
    checkInvariants(s, 1000000.0);
    CHECK(s.rows[1].principal == 100000.0);
    CHECK(s.rows[2].principal == 300000.0);
    CHECK(s.rows[3].principal == 600000.0);
    // interest of year 3 = 5 % x (1,000,000 - 100,000) = 45,000.00
    CHECK(std::abs(s.rows[2].interest - 45000.0) < 0.005);

    // Fractions of 1,000,000.01: 1/3 each = 333,333.34 (333,333.3366 rounded), the last clears.
    t.notional = 1000000.01;
    t.amortization = AmortizationType::CustomFractions;
    t.perPeriod = {0.0, 1.0 / 3, 1.0 / 3, 1.0 / 3};
    s = buildSchedule(t);
    checkInvariants(s, 1000000.01);
    CHECK(std::abs(s.rows[1].principal - 333333.34) < 0.005);
    CHECK(std::abs(s.rows[3].principal - 333333.33) < 0.005);
}

TEST_CASE("schedule: day counts give the fractions of their definitions") {
    const auto apr = Date::fromYmd(2026, 4, 1), oct = Date::fromYmd(2026, 10, 1);
    // 1 Apr - 1 Oct 2026 is 183 actual days.
    CHECK(accrualFraction(DayCount::ActActIcma, apr, oct) == 0.5);
    CHECK(accrualFraction(DayCount::Act365Fixed, apr, oct) == doctest::Approx(183.0 / 365.0).epsilon(1e-15));
    CHECK(accrualFraction(DayCount::Act360, apr, oct) == doctest::Approx(183.0 / 360.0).epsilon(1e-15));
    CHECK(accrualFraction(DayCount::Thirty360BondBasis, apr, oct) == doctest::Approx(0.5).epsilon(1e-15));
    // 30/360 Bond Basis (ISDA 2006 4.16(f)): 28 Feb - 31 Aug 2026: D1 = 28 stays, D2 = 31 stays
    // because D1 < 30: 30 x 6 + (31 - 28) = 183 days -> 183/360.
    CHECK(accrualFraction(DayCount::Thirty360BondBasis, Date::fromYmd(2026, 2, 28), Date::fromYmd(2026, 8, 31)) ==
          doctest::Approx(183.0 / 360.0).epsilon(1e-15));
    // 30 Jan - 31 Jul: D1 = 30 so D2 31 -> 30: 180 days = 0.5
    CHECK(accrualFraction(DayCount::Thirty360BondBasis, Date::fromYmd(2026, 1, 30), Date::fromYmd(2026, 7, 31)) ==
          doctest::Approx(0.5).epsilon(1e-15));
    // ACT/ACT(ICMA) with the reference period equal to the accrual period: a regular quarter is 1/4.
    CHECK(accrualFraction(DayCount::ActActIcma, Date::fromYmd(2026, 1, 1), Date::fromYmd(2026, 4, 1)) == 0.25);
}

TEST_CASE("schedule: ACT/365F and ACT/360 interest use actual days, the final payment absorbs the difference") {
    // 1,000,000 at 3.65 % semiannual annuity over 1 year, ACT/365F:
    // =PMT(0.01825,2,-1000000) = 513,728.76 (the payment uses coupon/frequency).
    // Period 1 (1 Apr - 1 Oct 2026, 183 days): interest = 1e6 x 0.0365 x 183/365 = 18,300.00,
    // principal = 513,728.76 - 18,300.00 = 495,428.76; period 2 (1 Oct 2026 - 1 Apr 2027, 182 days):
    // interest = 504,571.24 x 0.0365 x 182/365 = 9,183.20; principal clears 504,571.24, so the
    // last payment is 513,754.44, not the level 513,728.76.
    auto t = terms(1000000.0, Frequency::Semiannual, 1, 0.0365, AmortizationType::Annuity);
    t.dayCount = DayCount::Act365Fixed;
    const auto s = buildSchedule(t);
    checkInvariants(s, 1000000.0);
    CHECK(std::abs(s.rows[0].interest - 18300.00) < 0.005);
    CHECK(std::abs(s.rows[0].principal - 495428.76) < 0.005);
    CHECK(std::abs(s.rows[1].interest - 9183.20) < 0.005);
    CHECK(std::abs(s.rows[1].principal - 504571.24) < 0.005);
    CHECK(std::abs(s.rows[1].debtService - 513754.44) < 0.005);

    // ACT/360 on the same bond: period 1 interest = 1e6 x 0.0365 x 183/360 = 18,554.17
    t.dayCount = DayCount::Act360;
    const auto s360 = buildSchedule(t);
    checkInvariants(s360, 1000000.0);
    CHECK(std::abs(s360.rows[0].interest - 18554.17) < 0.005);
}

TEST_CASE("schedule: calendars and business-day conventions move payment dates, not accrual") {
    // 2026-04-04 is a Saturday before Easter Monday (6 April 2026, a UK and TARGET holiday).
    const auto sat = Date::fromYmd(2026, 4, 4);
    CHECK(adjustPaymentDate(sat, CalendarKind::UnitedKingdom, PaymentConvention::Following).iso() == "2026-04-07");
    CHECK(adjustPaymentDate(sat, CalendarKind::Target, PaymentConvention::Following).iso() == "2026-04-07");
    CHECK(adjustPaymentDate(sat, CalendarKind::Null, PaymentConvention::Following).iso() == "2026-04-04");
    // 1 May 2026 (Friday) is a TARGET holiday (Labour Day) but a UK business day.
    const auto may = Date::fromYmd(2026, 5, 1);
    CHECK(adjustPaymentDate(may, CalendarKind::Target, PaymentConvention::Following).iso() == "2026-05-04");
    CHECK(adjustPaymentDate(may, CalendarKind::UnitedKingdom, PaymentConvention::Following).iso() == "2026-05-01");
    // 31 Oct 2026 is a Saturday: following -> Mon 2 Nov; modified following stays in October -> Fri 30 Oct.
    const auto oct = Date::fromYmd(2026, 10, 31);
    CHECK(adjustPaymentDate(oct, CalendarKind::UnitedKingdom, PaymentConvention::Following).iso() == "2026-11-02");
    CHECK(adjustPaymentDate(oct, CalendarKind::UnitedKingdom, PaymentConvention::ModifiedFollowing).iso() ==
          "2026-10-30");

    // In a schedule the accrual stays on the unadjusted dates: interest is unchanged.
    auto t = terms(1000000.0, Frequency::Semiannual, 2, 0.05, AmortizationType::Bullet);
    t.issueDate = Date::fromYmd(2025, 10, 4);  // 4 Apr 2026 is the first scheduled date
    t.calendar = CalendarKind::UnitedKingdom;
    const auto s = buildSchedule(t);
    CHECK(s.rows[0].accrualEnd.iso() == "2026-04-04");
    CHECK(s.rows[0].paymentDate.iso() == "2026-04-07");
    CHECK(std::abs(s.rows[0].interest - 25000.0) < 0.005);
}

TEST_CASE("schedule: rounding modes differ only on exact ties") {
    // 1,000.10 x 5 % x 1 = 50.005 exactly in decimal: half_up 50.01, half_even 50.00.
    auto t = terms(1000.10, Frequency::Annual, 2, 0.05, AmortizationType::Bullet);
    t.rounding.mode = RoundingMode::HalfUp;
    CHECK(std::abs(buildSchedule(t).rows[0].interest - 50.01) < 1e-9);
    t.rounding.mode = RoundingMode::HalfEven;
    CHECK(std::abs(buildSchedule(t).rows[0].interest - 50.00) < 1e-9);
}

TEST_CASE("schedule: zero coupon annuity repays B/n") {
    auto t = terms(1000.0, Frequency::Annual, 3, 0.0, AmortizationType::Annuity);
    const auto s = buildSchedule(t);
    checkInvariants(s, 1000.0);
    CHECK(std::abs(s.rows[0].principal - 333.33) < 0.005);
    CHECK(std::abs(s.rows[2].principal - 333.34) < 0.005);
}

TEST_CASE("schedule: impossible terms are refused") {
    auto t = terms(1000.0, Frequency::Annual, 2, 0.05, AmortizationType::Annuity);
    t.interestOnlyPeriods = 2;
    CHECK_THROWS_AS(buildSchedule(t), ScheduleError);
    t.interestOnlyPeriods = 0;
    t.amortization = AmortizationType::Custom;
    t.perPeriod = {1000.0};
    CHECK_THROWS_AS(buildSchedule(t), ScheduleError);
}

TEST_CASE("bond analytics: a bullet at par on NullCalendar yields its coupon to 1e-10") {
    // 10-year semiannual bullet, 4.8 %, par: coupons 24,000.00 exactly, price 1,000,000.
    auto t = terms(1000000.0, Frequency::Semiannual, 10, 0.048, AmortizationType::Bullet);
    const auto s = buildSchedule(t);
    const auto risk = bondRisk(s, t, 1000000.0);
    REQUIRE(risk);
    CHECK(std::abs(risk->yield - 0.048) < 1e-10);
    // Par bond closed forms with y = 0.048, f = 2, N = 20 periods, v = 1/(1 + y/f):
    // modified duration = (1 - v^N) / y; Macaulay = modified x (1 + y/f).
    const double y = 0.048, v = 1.0 / 1.024;
    const double modified = (1.0 - std::pow(v, 20)) / y;
    CHECK(std::abs(risk->modifiedDuration - modified) < 1e-9);
    CHECK(std::abs(risk->macaulayDuration - modified * 1.024) < 1e-9);
    // Convexity by its definition, (1/P) sum CF t (t + 1/f) v^(f t + 2), t = j/2 years.
    double convexity = 0.0;
    for (int j = 1; j <= 20; ++j) {
        const double cf = 24000.0 + (j == 20 ? 1000000.0 : 0.0), tj = j / 2.0;
        convexity += cf * tj * (tj + 0.5) * std::pow(v, j + 2);
    }
    CHECK(std::abs(risk->convexity - convexity / 1000000.0) < 1e-8);
}

TEST_CASE("bond analytics: a price below par yields more than the coupon, bullet at 98 by closed form") {
    // Price 98 % of a 5-year annual 5 % bullet: the yield solves 98 = 5 a_5(y) + 100 v^5;
    // by bisection on that equation (hand-checked): y = 0.054680 ... (5.4680 %).
    auto t = terms(100000.0, Frequency::Annual, 5, 0.05, AmortizationType::Bullet);
    const auto risk = bondRisk(buildSchedule(t), t, 98000.0);
    REQUIRE(risk);
    double y = risk->yield, price = 0.0;
    for (int j = 1; j <= 5; ++j) price += 5.0 * std::pow(1.0 + y, -j);
    price += 100.0 * std::pow(1.0 + y, -5);
    CHECK(std::abs(price - 98.0) < 1e-9);
    CHECK(y > 0.0546);
    CHECK(y < 0.0548);
}
