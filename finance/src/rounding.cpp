#include "itsb/finance/rounding.hpp"

#include <ql/errors.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>

// Spreadsheet ROUND (SPEC §9). A spreadsheet holds a double but shows and compares it at
// 15 significant digits, so ROUND(2.675; 2) is 2.68 although the double nearest 2.675 lies
// just below the tie. We reproduce that in two steps: the value is taken to 15 significant
// digits (std::to_chars, correctly rounded, independent of the C locale), then that decimal
// number is rounded to `decimals` places in exact integer arithmetic.
//
// The Monte Carlo rounds millions of amounts, so the decimal step only runs near a tie. Away
// from one the answer follows from the double itself: see roundSpreadsheet below.

namespace itsb::finance {

namespace {

using detail::kPowersOfTen;

constexpr std::array<std::int64_t, 16> kIntegerPowersOfTen{
    1LL,
    10LL,
    100LL,
    1000LL,
    10000LL,
    100000LL,
    1000000LL,
    10000000LL,
    100000000LL,
    1000000000LL,
    10000000000LL,
    100000000000LL,
    1000000000000LL,
    10000000000000LL,
    100000000000000LL,
    1000000000000000LL,
};

void checkDecimals(int decimals) {
    QL_REQUIRE(decimals >= 0 && decimals <= 6, "rounding decimals must be between 0 and 6, got " << decimals);
}

// q x 10^-decimals as the nearest double; q < 2^53 and 10^decimals are exact, so the
// division is correctly rounded. Zero comes out as +0.0 so that no report shows -0.00.
double scaledBack(double sign, double units, int decimals) {
    if (units == 0.0) return 0.0;
    return sign * units / kPowersOfTen[decimals];
}

}  // namespace

double roundSpreadsheetExact(double value, int decimals, RoundingMode mode) {
    checkDecimals(decimals);
    if (!std::isfinite(value)) return value;
    if (value == 0.0) return 0.0;

    // "-d.dddddddddddddde+XX": 15 significant digits, correctly rounded from the binary value.
    char buffer[40];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 14);
    QL_REQUIRE(written.ec == std::errc(), "cannot format " << value << " to 15 significant digits");
    const char* p = buffer;
    const double sign = (*p == '-') ? -1.0 : 1.0;
    if (*p == '-') ++p;

    std::int64_t mantissa = 0;  // the 15 digits as an integer, value = mantissa x 10^(exponent-14)
    for (; p != written.ptr && *p != 'e'; ++p)
        if (*p != '.') mantissa = mantissa * 10 + (*p - '0');
    QL_REQUIRE(p != written.ptr, "unexpected to_chars output");
    ++p;  // 'e'
    if (*p == '+') ++p;
    int exponent = 0;
    const auto parsed = std::from_chars(p, written.ptr, exponent);
    QL_REQUIRE(parsed.ec == std::errc(), "unexpected to_chars exponent");

    const int shift = exponent - 14 + decimals;  // mantissa x 10^shift = the value in units
    if (shift >= 0) {
        // Fifteen digits reach no further than `decimals` places: nothing left to round.
        double result = 0.0;
        const auto back = std::from_chars(buffer, written.ptr, result, std::chars_format::scientific);
        QL_REQUIRE(back.ec == std::errc(), "cannot read back " << value);
        return result;
    }
    const int dropped = -shift;  // digits below the last kept place
    if (dropped > 15) return 0.0;  // below half a unit: 10^15 > mantissa, half = 5 x 10^15 or more
    const std::int64_t divisor = kIntegerPowersOfTen[static_cast<std::size_t>(dropped)];
    std::int64_t units = mantissa / divisor;
    const std::int64_t remainder = mantissa % divisor;
    const std::int64_t half = divisor / 2;  // divisor >= 10, so half is exact
    if (remainder > half || (remainder == half && (mode == RoundingMode::HalfUp || units % 2 == 1))) ++units;
    return scaledBack(sign, static_cast<double>(units), decimals);
}

double detail::roundSpreadsheetNearTie(double value, int decimals, RoundingMode mode) {
    checkDecimals(decimals);
    return roundSpreadsheetExact(value, decimals, mode);
}

namespace {

std::string fifteenDigits(double value) {
    char buffer[40];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 14);
    return std::string(buffer, written.ptr);
}

}  // namespace

double roundDownSpreadsheet(double value, int decimals) {
    checkDecimals(decimals);
    if (!std::isfinite(value)) return value;
    const double power = kPowersOfTen[decimals];
    const double scaled = value * power;
    const double nearest = std::round(scaled);
    // Within the 15-digit perturbation of a whole number of units, the decimal digits decide:
    // a value that reads as exactly that many units is not rounded down below it.
    if (std::abs(scaled - nearest) <= std::abs(scaled) * 1e-14 + 1e-12) {
        const double candidate = nearest / power;
        if (fifteenDigits(candidate) == fifteenDigits(value)) return candidate == 0.0 ? 0.0 : candidate;
    }
    const double units = std::floor(scaled);
    return units == 0.0 ? 0.0 : units / power;
}

Money Rounding::unit() const {
    checkDecimals(decimals);
    return 1.0 / kPowersOfTen[decimals];
}

}  // namespace itsb::finance
