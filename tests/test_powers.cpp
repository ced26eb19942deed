// finance::integerPowers against std::pow, to the bit: the Monte Carlo grows each path's
// baseline by its drawn rate with it, and a path must equal `itsb run`, which calls std::pow.

#include "itsb/finance/powers.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// The number of powers 0..n-1 of `base` that differ from std::pow's.
int mismatches(double base, std::vector<double>& out) {
    itsb::finance::integerPowers(base, out);
    int wrong = 0;
    for (std::size_t k = 0; k < out.size(); ++k)
        if (!sameBits(out[k], std::pow(base, static_cast<double>(k)))) ++wrong;
    return wrong;
}

}  // namespace

TEST_CASE("powers: growth rates as the simulation draws them give std::pow's bits") {
    std::mt19937_64 random(20261202);  // only picks test cases
    std::normal_distribution<double> drawnGrowth(0.02, 0.01);  // the default pilot's
    std::uniform_real_distribution<double> wideGrowth(-0.5, 0.5);
    std::vector<double> out(174);  // the longest horizon, 173 years
    int wrong = 0;
    for (int i = 0; i < 100'000; ++i) {
        wrong += mismatches(1.0 + drawnGrowth(random), out);
        wrong += mismatches(1.0 + wideGrowth(random), out);
    }
    CHECK(wrong == 0);
}

TEST_CASE("powers: exact powers, negative bases, and the ends of the range") {
    std::vector<double> out(1100);
    for (double base : {1.0, 2.0, 0.5, 3.0, 10.0, 1.25, -1.0, -2.0, -1.07, 0.9, 1.0 + 0x1p-52, 1.0 - 0x1p-53,
                        1e-5, 1e5, 7.5e-3})
        CHECK_MESSAGE(mismatches(base, out) == 0, "base " << base);
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
