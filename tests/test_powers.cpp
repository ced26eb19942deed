// finance::integerPowers against exact powers: every growth and escalation factor of the model
// comes from it, in `itsb run` and in each Monte Carlo path alike. The reference is exact
// integer arithmetic: a double is m 2^e with an integer m, so base^k = m^k 2^(ek) exactly, and
// m^k is rounded once to 53 bits, ties to even, as IEEE rounding to nearest does.

#include "itsb/finance/powers.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

namespace {

using boost::multiprecision::cpp_int;

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// base^0 .. base^(count-1) rounded once to the nearest double, each while its magnitude stays
// within [2^-900, 2^900] (nullopt from the first one outside, as every later one is too).
std::vector<std::optional<double>> exactPowers(double base, std::size_t count) {
    int e = 0;
    const double fraction = std::frexp(base, &e);                             // base = fraction 2^e
    const auto m = static_cast<std::int64_t>(std::ldexp(fraction, 53));       // exact: |m| < 2^53
    const int scale = e - 53;                                                 // base = m 2^scale
    std::vector<std::optional<double>> out(count);
    cpp_int power = 1;  // m^k
    bool inRange = true;
    for (std::size_t k = 0; k < count && inRange; ++k) {
        if (k > 0) power *= m;
        cpp_int magnitude = abs(power);
        const auto bits = static_cast<int>(msb(magnitude)) + 1;
        const int shift = bits > 53 ? bits - 53 : 0;
        cpp_int kept = magnitude >> shift;
        if (shift > 0) {
            const cpp_int rest = magnitude - (kept << shift), half = cpp_int(1) << (shift - 1);
            if (rest > half || (rest == half && (kept & 1) != 0)) ++kept;
        }
        const long long exponent = shift + static_cast<long long>(scale) * static_cast<long long>(k);
        // |power| is kept 2^exponent with kept <= 2^53: within range when 2^-900 <= that <= 2^900.
        const double value = std::ldexp(kept.convert_to<double>(), static_cast<int>(std::clamp(exponent, -2000LL, 2000LL)));
        inRange = std::abs(value) >= 0x1p-900 && std::abs(value) <= 0x1p900;
        if (inRange) out[k] = power < 0 ? -value : value;
    }
    return out;
}

struct Tally {
    int wrong = 0;       // integerPowers' powers that are not the nearest double
    int powDiffers = 0;  // std::pow's that are not (for the record: a libm may differ)
    int compared = 0;
};

void compare(double base, std::vector<double>& out, Tally& tally) {
    itsb::finance::integerPowers(base, out);
    const auto exact = exactPowers(base, out.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        const double viaPow = std::pow(base, static_cast<double>(k));
        if (!exact[k]) {
            // Outside [2^-900, 2^900] the powers are std::pow's.
            if (!sameBits(out[k], viaPow)) ++tally.wrong;
            continue;
        }
        ++tally.compared;
        if (!sameBits(out[k], *exact[k])) ++tally.wrong;
        if (!sameBits(viaPow, *exact[k])) ++tally.powDiffers;
    }
}

}  // namespace

TEST_CASE("powers: growth rates as the model meets them give the nearest double to the exact power") {
    std::mt19937_64 random(20261202);  // only picks test cases
    std::normal_distribution<double> drawnGrowth(0.02, 0.01);  // the default pilot's
    std::uniform_real_distribution<double> wideGrowth(-0.5, 1.0);  // expenditure growth and escalation
    std::vector<double> out(174);  // the longest horizon, 173 years
    Tally tally;
    for (int i = 0; i < 3'000; ++i) {
        compare(1.0 + drawnGrowth(random), out, tally);
        compare(1.0 + wideGrowth(random), out, tally);
    }
    CHECK(tally.wrong == 0);
    CHECK(tally.compared == 6'000 * 174);
    MESSAGE("std::pow differs from the nearest double in " << tally.powDiffers << " of " << tally.compared << " powers");
}

TEST_CASE("powers: exact powers, negative bases, and the ends of the range") {
    std::vector<double> out(1100);
    for (double base : {1.0, 2.0, 0.5, 3.0, 10.0, 1.25, -1.0, -2.0, -1.07, 0.9, 1.0 + 0x1p-52, 1.0 - 0x1p-53,
                        1e-5, 1e5, 7.5e-3}) {
        Tally tally;
        compare(base, out, tally);
        CHECK_MESSAGE(tally.wrong == 0, "base " << base);
    }
    // Exact powers stay exact: 3^33 < 2^53.
    itsb::finance::integerPowers(3.0, out);
    CHECK(out[33] == 5559060566555523.0);
    CHECK(out[2] == 9.0);
    // Zero, non-finite bases: every power is std::pow's own.
    for (double base : {0.0, -0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()}) {
        itsb::finance::integerPowers(base, out);
        for (std::size_t k = 0; k < out.size(); ++k) {
            const double expected = std::pow(base, static_cast<double>(k));
            CHECK((sameBits(out[k], expected) || (std::isnan(out[k]) && std::isnan(expected))));
        }
    }
    std::vector<double> none;
    itsb::finance::integerPowers(1.02, none);  // nothing to fill
    CHECK(none.empty());
}
