#pragma once
// Whole powers of one base, each the double nearest the exact power, computed here rather than
// by the C library's pow.
//
// Every growth and escalation factor of the model, (1 + g)^k, comes from here, in `itsb run`
// and in each Monte Carlo path alike. Repeated multiplication in double-double arithmetic gives
// each power to about 2^-100 of itself, and one rounding to the nearest double. A libm's pow is
// only promised to within about half a unit in the last place (glibc: 0.54), and libms differ
// where an exact power lies near a rounding midpoint; these powers are the same on every machine
// (the double-double product needs only IEEE multiplication and fused multiply-add, which are
// exact by definition), and cheaper than a pow call each.

#include <span>

namespace itsb::finance {

//! out[k] = base^k rounded once to the nearest double, for k = 0 .. out.size() - 1.
/*! Exact to about 2^-100 before that rounding, so the result is the correctly rounded power
    unless the exact one lies within that of a halfway point between two doubles. Once a
    power leaves [2^-900, 2^900], and for a base that is zero or not finite, the powers are
    std::pow's instead (the model never comes near). */
void integerPowers(double base, std::span<double> out);

}  // namespace itsb::finance
