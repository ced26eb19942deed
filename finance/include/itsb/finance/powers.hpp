#pragma once
// Whole powers of one base, equal to std::pow's to the bit, without calling it for each.
//
// The Monte Carlo grows every path's baseline by a drawn rate: base^0 .. base^H by std::pow
// cost a sixth of a path. Repeated multiplication in double-double arithmetic gives each power
// to about 2^-100 of itself; where that settles how the exact power rounds, it is std::pow's
// result too, because std::pow is accurate to better than 0.54 units in the last place (glibc
// since 2.28, the ARM optimized-routines pow: "Worst-case error: 0.54 ULP"). Where it does not
// (the exact power within 0.06 of a unit of a rounding midpoint), std::pow itself is called.

#include <span>

namespace itsb::finance {

//! out[k] = std::pow(base, k) to the bit, for k = 0 .. out.size() - 1.
/*! About one call of std::pow in eight remains (powers near a midpoint); outside
    [2^-900, 2^900], or for a base that is zero or not finite, every power is std::pow's. */
void integerPowers(double base, std::span<double> out);

}  // namespace itsb::finance
