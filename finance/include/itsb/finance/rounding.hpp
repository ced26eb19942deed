#pragma once
// Money rounding as a spreadsheet's ROUND does it (SPEC §9): the value is first taken to
// 15 significant digits, then rounded to `decimals` places, so a product such as
// 1250002.5000000002 cents still counts as an exact tie.

#include "itsb/finance/types.hpp"

#include <string_view>
#include <optional>

namespace itsb::finance {

enum class RoundingMode {
    HalfUp,   //!< ties away from zero (spreadsheet ROUND)
    HalfEven  //!< ties to the even digit (banker's rounding)
};

std::string_view name(RoundingMode mode);  //!< "half_up" / "half_even"
std::optional<RoundingMode> parseRoundingMode(std::string_view text);

//! Rounds `value` to `decimals` places (0..6) as above. Non-finite values pass through.
double roundSpreadsheet(double value, int decimals, RoundingMode mode);

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
