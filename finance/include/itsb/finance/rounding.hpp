#pragma once
// Money rounding as a spreadsheet's ROUND does it (SPEC §9): the value is first taken to
// 15 significant digits, then rounded to `decimals` places, so a product such as
// 1250002.5000000002 cents still counts as an exact tie.

#include "itsb/finance/types.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace itsb::finance {

enum class RoundingMode {
    HalfUp,   //!< ties away from zero (spreadsheet ROUND)
    HalfEven  //!< ties to the even digit (banker's rounding)
};

std::string_view name(RoundingMode mode);  //!< "half_up" / "half_even"
std::optional<RoundingMode> parseRoundingMode(std::string_view text);

namespace detail {
inline constexpr double kPowersOfTen[7] = {1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6};  // all exact
//! The decimal (15 significant digits) path of roundSpreadsheet; checks `decimals`.
double roundSpreadsheetNearTie(double value, int decimals, RoundingMode mode);
}  // namespace detail

namespace detail {
//! The fast path of roundSpreadsheet: |value| rounded to whole units of 10^-decimals (`power`
//! = 10^decimals), when the double itself decides it, whatever the mode. Taking the value to
//! 15 significant digits moves it by at most 5e-15 of itself and the product below adds
//! 1.1e-16 relative, so when the scaled value's fraction is further than 1e-14 x |scaled|
//! (+1e-12 for good measure) from one half, the 15-digit decimal rounds to the same integer as
//! the double. False near a tie, beyond 2^52 units or for a non-finite value: then the decimal
//! path decides.
inline bool roundedUnitsAwayFromTie(double value, double power, std::int64_t& units) {
    const double scaled = std::abs(value) * power;
    if (!(scaled < 4503599627370496.0)) return false;  // 2^52: whole part and fraction are exact below it (NaN too)
    const auto whole = static_cast<double>(static_cast<std::int64_t>(scaled));  // floor: scaled >= 0
    const double fraction = scaled - whole;
    if (!(std::abs(fraction - 0.5) > scaled * 1e-14 + 1e-12)) return false;
    // The nearest integer, without a branch on the fraction (which goes either way at random):
    // scaled + 0.5 is exact below 2^52 and, the fraction not being one half, truncates to it.
    units = static_cast<std::int64_t>(scaled + 0.5);
    return true;
}
}  // namespace detail

//! Rounds `value` to `decimals` places (0..6) as above. Non-finite values pass through.
//! Inline because the Monte Carlo rounds millions of amounts: away from a tie the answer
//! follows from the double itself (detail::roundedUnitsAwayFromTie); near a tie (or beyond
//! 2^52 units) the decimal path decides.
inline double roundSpreadsheet(double value, int decimals, RoundingMode mode) {
    if (decimals >= 0 && decimals <= 6) {
        const double power = detail::kPowersOfTen[decimals];
        std::int64_t units = 0;
        if (detail::roundedUnitsAwayFromTie(value, power, units)) {
            // units x 10^-decimals as the nearest double (an exact integer over an exact
            // power of ten: correctly rounded); zero as +0.0 so no report shows -0.00.
            if (units == 0) return 0.0;
            const double magnitude = static_cast<double>(units) / power;
            return value < 0.0 ? -magnitude : magnitude;
        }
    }
    return detail::roundSpreadsheetNearTie(value, decimals, mode);
}

//! roundSpreadsheet without the fast path, the reference it must agree with bit for bit: the
//! value's 15 significant digits are read off std::to_chars and rounded to `decimals` places in
//! integer arithmetic. Slower; checks `decimals`.
double roundSpreadsheetExact(double value, int decimals, RoundingMode mode);

//! Rounds down toward minus infinity (FLOOR) at `decimals` places, on the value's 15
//! significant digits (so 1234.56 computed as 1234.5599999999999 stays 1234.56).
double roundDownSpreadsheet(double value, int decimals);

struct Rounding {
    int decimals = 2;
    RoundingMode mode = RoundingMode::HalfUp;

    Money operator()(double value) const { return roundSpreadsheet(value, decimals, mode); }
    //! Rounded down to the unit (sculpted payments, so every year meets its DSCR).
    Money down(double value) const { return roundDownSpreadsheet(value, decimals); }
    //! The smallest unit of money, 10^-decimals.
    Money unit() const;
};

}  // namespace itsb::finance
