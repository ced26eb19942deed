// Spreadsheet ROUND (SPEC §9). Expected values are what a spreadsheet's =ROUND(x; d) shows
// (it works on the value taken to 15 significant digits, so decimal ties are ties), or, for
// half_even, banker's rounding of that decimal number by hand.

#include "itsb/finance/rounding.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

using itsb::finance::Rounding;
using itsb::finance::RoundingMode;
using itsb::finance::roundSpreadsheet;

namespace {

// Same double, bit for bit (so -0.0 and +0.0 differ).
bool sameDoubleBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

double halfUp(double x, int decimals) { return roundSpreadsheet(x, decimals, RoundingMode::HalfUp); }
double halfEven(double x, int decimals) { return roundSpreadsheet(x, decimals, RoundingMode::HalfEven); }

}  // namespace

TEST_CASE("rounding: decimal ties hidden by binary are ties, as in a spreadsheet") {
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 as a double;
    // =ROUND(2.675; 2) -> 2.68 because 15 significant digits make it 2.67500000000000.
    CHECK(halfUp(2.675, 2) == 2.68);
    // 1.005 is 1.00499999999999989...; =ROUND(1.005; 2) -> 1.01. Likewise =ROUND(1.015; 2) -> 1.02.
    CHECK(halfUp(1.005, 2) == 1.01);
    CHECK(halfUp(1.015, 2) == 1.02);
    // 1250002.5000000002 cents (SPEC §9): 12500.025000000001455... has 15 significant
    // digits 1.25000250000000e4, a tie. =ROUND(12500.025000000002; 2) -> 12500.03.
    CHECK(halfUp(12500.025000000002, 2) == 12500.03);
    // Banker's rounding of the same decimal tie: the kept digit 2 is even -> 12500.02.
    CHECK(halfEven(12500.025000000002, 2) == 12500.02);
    // 0.1 + 0.2 = 0.30000000000000004 is 0.300000000000000 at 15 digits: =ROUND(0.1+0.2; 2) -> 0.3.
    CHECK(halfUp(0.1 + 0.2, 2) == 0.3);
    // 123456789012.345 (15 significant digits exactly; the double is 123456789012.34500122...):
    // =ROUND(123456789012.345; 2) -> 123456789012.35; half_even keeps the even 4 -> .34.
    CHECK(halfUp(123456789012.345, 2) == 123456789012.35);
    CHECK(halfEven(123456789012.345, 2) == 123456789012.34);
}

TEST_CASE("rounding: half_up is away from zero, half_even to the even digit") {
    // =ROUND(-2.5; 0) -> -3 (spreadsheet ROUND rounds ties away from zero).
    CHECK(halfUp(-2.5, 0) == -3.0);
    CHECK(halfUp(2.5, 0) == 3.0);
    CHECK(halfUp(-2.675, 2) == -2.68);
    // Banker's rounding by hand: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2, 0.125 -> 0.12, 0.375 -> 0.38.
    CHECK(halfEven(2.5, 0) == 2.0);
    CHECK(halfEven(3.5, 0) == 4.0);
    CHECK(halfEven(-2.5, 0) == -2.0);
    CHECK(halfEven(0.125, 2) == 0.12);
    CHECK(halfEven(0.375, 2) == 0.38);
    // Not ties: both modes agree with the nearest value.
    CHECK(halfEven(2.51, 0) == 3.0);
    CHECK(halfEven(0.1251, 2) == 0.13);
    CHECK(halfUp(2.4999, 0) == 2.0);
}

TEST_CASE("rounding: every number of decimals from 0 to 6") {
    // =ROUND(1234.5678915; d) for d = 0..6, by hand from the decimal digits.
    const double value = 1234.5678915;
    CHECK(halfUp(value, 0) == 1235.0);
    CHECK(halfUp(value, 1) == 1234.6);
    CHECK(halfUp(value, 2) == 1234.57);
    CHECK(halfUp(value, 3) == 1234.568);
    CHECK(halfUp(value, 4) == 1234.5679);
    CHECK(halfUp(value, 5) == 1234.56789);
    CHECK(halfUp(value, 6) == 1234.567892);  // ...8915 is a tie at 6 decimals: away from zero
    CHECK(halfEven(value, 6) == 1234.567892);  // kept digit 1 is odd: up to the even 2
    CHECK_THROWS(halfUp(value, 7));
    CHECK_THROWS(halfUp(value, -1));
}

TEST_CASE("rounding: no negative zero, non-finite values pass through") {
    // -0.004 rounds to 0.00, which must print as 0 rather than -0 in JSON.
    CHECK(sameDoubleBits(halfUp(-0.004, 2), 0.0));
    CHECK(sameDoubleBits(halfEven(-0.005, 2), 0.0));  // a tie: the even neighbour is 0
    CHECK(sameDoubleBits(halfUp(-0.0, 2), 0.0));
    CHECK(sameDoubleBits(halfUp(-1e-300, 6), 0.0));
    CHECK(halfUp(-0.005, 2) == -0.01);  // a tie away from zero keeps its sign
    CHECK(std::isnan(halfUp(std::numeric_limits<double>::quiet_NaN(), 2)));
    CHECK(halfUp(std::numeric_limits<double>::infinity(), 2) == std::numeric_limits<double>::infinity());
    CHECK(halfUp(-std::numeric_limits<double>::infinity(), 2) == -std::numeric_limits<double>::infinity());
    // Far beyond 15 digits there is nothing left to round: 1e20 stays 1e20.
    CHECK(halfUp(1e20, 2) == 1e20);
}

TEST_CASE("rounding: unit is 10^-decimals and Rounding applies its mode") {
    CHECK(Rounding{2, RoundingMode::HalfUp}.unit() == 0.01);
    CHECK(Rounding{0, RoundingMode::HalfUp}.unit() == 1.0);
    CHECK(Rounding{6, RoundingMode::HalfUp}.unit() == 1e-6);
    CHECK(Rounding{2, RoundingMode::HalfEven}(0.125) == 0.12);
    CHECK(Rounding{2, RoundingMode::HalfUp}(0.125) == 0.13);
}

TEST_CASE("rounding: the fast path agrees with the exact decimal path") {
    // The reference is the slow path itself (to_chars to 15 digits, then integer rounding),
    // which the cases above tie to spreadsheet values; here the fast path must never differ.
    std::mt19937_64 random(20240531);
    std::uniform_real_distribution<double> logMagnitude(-3.0, 12.0);
    std::uniform_int_distribution<int> decimalsDistribution(0, 6);
    std::uniform_int_distribution<int> ulps(-8, 8);
    std::bernoulli_distribution negative(0.5);
    std::bernoulli_distribution nearTie(0.25);
    const double powers[] = {1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6};

    int mismatches = 0;
    for (int i = 0; i < 1'000'000; ++i) {
        const int decimals = decimalsDistribution(random);
        double value = std::pow(10.0, logMagnitude(random));
        if (nearTie(random)) {
            // A decimal tie at `decimals` places, then nudged by a few ulps either way.
            const double tie = (std::floor(value * powers[decimals]) + 0.5) / powers[decimals];
            value = tie;
            for (int k = ulps(random); k != 0; k += k > 0 ? -1 : 1)
                value = std::nextafter(value, k > 0 ? INFINITY : 0.0);
        }
        if (negative(random)) value = -value;
        for (auto mode : {RoundingMode::HalfUp, RoundingMode::HalfEven}) {
            const double fast = roundSpreadsheet(value, decimals, mode);
            const double exact = itsb::finance::roundSpreadsheetExact(value, decimals, mode);
            if (!sameDoubleBits(fast, exact)) {
                if (++mismatches <= 5) FAIL_CHECK("value " << value << " decimals " << decimals);
            }
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("rounding: round down as spreadsheet ROUNDDOWN on 15 significant digits") {
    using itsb::finance::roundDownSpreadsheet;
    // =ROUNDDOWN(1234.5678, 2) = 1234.56; =ROUNDDOWN(1234.56, 2) = 1234.56
    CHECK(roundDownSpreadsheet(1234.5678, 2) == 1234.56);
    CHECK(roundDownSpreadsheet(1234.56, 2) == 1234.56);
    // 0.1 + 0.2 = 0.30000000000000004 reads as 0.3: stays 0.3 (a spreadsheet shows 0.3).
    CHECK(roundDownSpreadsheet(0.1 + 0.2, 2) == 0.3);
    // 1.15 x 100 = 114.99999999999999 in binary; 15 digits read 115: 1.15 stays 1.15.
    CHECK(roundDownSpreadsheet(1.15, 2) == 1.15);
    // 0.999 down to 2 places is 0.99; to 0 places 0.
    CHECK(roundDownSpreadsheet(0.999, 2) == 0.99);
    CHECK(roundDownSpreadsheet(0.999, 0) == 0.0);
    // Toward minus infinity (as =FLOOR.MATH(-1.234, 0.01); spreadsheet ROUNDDOWN would truncate to -1.23)
    CHECK(roundDownSpreadsheet(-1.234, 2) == -1.24);
}
