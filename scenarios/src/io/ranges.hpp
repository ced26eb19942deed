#pragma once
// Private to scenarios/src: the range an input number must lie in, and the rule text that
// names it when it does not ("must be between -0.05 and 1").

#include <cstdint>
#include <limits>
#include <string>

namespace itsb::scenarios::detail {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

//! A bound in a rule: shortest round-trip text, exponent without "+" or leading zeros (1e12).
std::string boundText(double x);

//! A range of numbers; `rule` replaces the generated wording when a bound needs a name.
struct Range {
    double lo = -kInfinity;
    double hi = kInfinity;
    bool loOpen = false;
    bool hiOpen = false;
    std::string rule;

    bool contains(double x) const {
        return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
    }

    std::string describe() const;
};

inline Range closed(double lo, double hi) { return {lo, hi, false, false, {}}; }
inline Range aboveUpTo(double lo, double hi) { return {lo, hi, true, false, {}}; }  // (lo, hi]
inline Range fromBelow(double lo, double hi) { return {lo, hi, false, true, {}}; }  // [lo, hi)
inline Range atLeast(double lo) { return {lo, kInfinity, false, false, {}}; }
inline Range anyNumber() { return {}; }

//! A range of whole numbers, both ends included; `rule` as for Range.
struct IntRange {
    std::int64_t lo = 0;
    std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    std::string rule;

    std::string describe() const;
};

}  // namespace itsb::scenarios::detail
