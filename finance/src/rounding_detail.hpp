#pragma once
// Internal to finance/: the exact (decimal string) path of roundSpreadsheet, exposed so the
// tests can check that the fast path never disagrees with it.

#include "itsb/finance/rounding.hpp"

namespace itsb::finance::detail {

//! roundSpreadsheet without the fast path: the value's 15 significant digits are read off
//! std::to_chars and rounded to `decimals` places in integer arithmetic.
double roundSpreadsheetExact(double value, int decimals, RoundingMode mode);

}  // namespace itsb::finance::detail
