// Largest-remainder allocation between partners. Expected parts are worked by hand in pennies:
// floor of each quota, then the pennies left over to the largest remainders.

#include "itsb/finance/allocation.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <random>

using itsb::finance::Money;
using itsb::finance::Rounding;
using itsb::finance::RoundingMode;
using itsb::finance::allocateLargestRemainder;

namespace {

const Rounding kPennies{2, RoundingMode::HalfUp};

std::vector<Money> allocate(Money amount, std::vector<double> shares, const Rounding& rounding = kPennies) {
    return allocateLargestRemainder(amount, shares, rounding);
}

long long pennies(Money m) { return std::llround(m * 100.0); }

long long sumInPennies(const std::vector<Money>& parts) {
    long long sum = 0;
    for (Money p : parts) sum += pennies(p);
    return sum;
}

}  // namespace

TEST_CASE("allocation: one penny among three partners") {
    const double third = 1.0 / 3.0;
    // Quotas 0.333 pennies each: floors 0, one penny left, equal remainders -> the first.
    CHECK(allocate(0.01, {third, third, third}) == std::vector<Money>{0.01, 0.0, 0.0});
    CHECK(allocate(0.02, {third, third, third}) == std::vector<Money>{0.01, 0.01, 0.0});
    // 10000 pennies: floors 3333 each, one left -> 33.34, 33.33, 33.33.
    CHECK(allocate(100.0, {third, third, third}) == std::vector<Money>{33.34, 33.33, 33.33});
    // A negative amount is split as its absolute value, then negated.
    CHECK(allocate(-0.01, {third, third, third}) == std::vector<Money>{-0.01, 0.0, 0.0});
    CHECK(allocate(-100.0, {third, third, third}) == std::vector<Money>{-33.34, -33.33, -33.33});
}

TEST_CASE("allocation: leftover units go to the largest remainders, ties to the earlier share") {
    // 100 pennies x (0.126, 0.374, 0.5) = 12.6, 37.4, 50: floors 12, 37, 50; the penny goes
    // to the remainder 0.6.
    CHECK(allocate(1.0, {0.126, 0.374, 0.5}) == std::vector<Money>{0.13, 0.37, 0.50});
    // 12.4, 37.6, 50: to the second.
    CHECK(allocate(1.0, {0.124, 0.376, 0.5}) == std::vector<Money>{0.12, 0.38, 0.50});
    // 12.5, 37.5, 50: remainders tie -> the earlier share.
    CHECK(allocate(1.0, {0.125, 0.375, 0.5}) == std::vector<Money>{0.13, 0.37, 0.50});
    // Four equal shares of 2 pennies: the first two.
    CHECK(allocate(0.02, {0.25, 0.25, 0.25, 0.25}) == std::vector<Money>{0.01, 0.01, 0.0, 0.0});
    // A zero share gets nothing; whole pounds with decimals = 0: 7 x (0.5, 0, 0.5) = 3.5, 0, 3.5.
    CHECK(allocate(7.0, {0.5, 0.0, 0.5}, Rounding{0, RoundingMode::HalfUp}) == std::vector<Money>{4.0, 0.0, 3.0});
    // Exact quotas need no leftover: 1000 pennies x (0.333, 0.333, 0.334).
    CHECK(allocate(10.0, {0.333, 0.333, 0.334}) == std::vector<Money>{3.33, 3.33, 3.34});
}

TEST_CASE("allocation: shares a little above one take units back") {
    // Shares sum to 1 + 1e-9. £100m is 1e10 pennies; quotas 5,000,000,005 each, floors sum
    // to 10 pennies more than the amount: five are taken back from each (equal remainders,
    // one at a time), so each partner has exactly half.
    const double share = 0.5 + 5e-10;
    const auto parts = allocate(100'000'000.0, {share, share});
    CHECK(parts == std::vector<Money>{50'000'000.0, 50'000'000.0});
    // Three shares: 1e10 x (1/3 + 1e-9/3) = 3,333,333,336.67 each; floors 3,333,333,336 x 3 =
    // 10,000,000,008: eight pennies back, from the later shares first on equal remainders.
    const double third = 1.0 / 3.0 + 1e-9 / 3.0;
    const auto thirds = allocate(100'000'000.0, {third, third, third});
    CHECK(sumInPennies(thirds) == 10'000'000'000LL);
    CHECK(thirds == std::vector<Money>{33'333'333.34, 33'333'333.33, 33'333'333.33});
}

TEST_CASE("allocation: parts always sum to the amount exactly") {
    // Property check against the only independent truth available: the sum, in pennies.
    std::mt19937_64 random(42);
    std::uniform_int_distribution<long long> amountPennies(-10'000'000'000LL, 10'000'000'000LL);
    std::uniform_int_distribution<int> partners(1, 7);
    std::uniform_real_distribution<double> weight(0.0, 1.0);
    for (int trial = 0; trial < 20'000; ++trial) {
        const long long amount = amountPennies(random);
        std::vector<double> shares(static_cast<std::size_t>(partners(random)));
        for (auto& s : shares) s = weight(random);
        const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
        for (auto& s : shares) s /= total;
        const auto parts = allocate(static_cast<double>(amount) / 100.0, shares);
        REQUIRE(sumInPennies(parts) == amount);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            // Each part is within a penny of its exact quota, and prints as whole pennies.
            CHECK(std::abs(parts[i] - static_cast<double>(amount) / 100.0 * shares[i]) < 0.01 + 1e-6);
            CHECK(parts[i] == static_cast<double>(pennies(parts[i])) / 100.0);
            CHECK_FALSE((parts[i] == 0.0 && std::signbit(parts[i])));  // no -0.0
        }
    }
}

TEST_CASE("allocation: invalid shares are internal errors") {
    CHECK_THROWS(allocate(1.0, {}));
    CHECK_THROWS(allocate(1.0, {0.5, 0.4}));
    CHECK_THROWS(allocate(1.0, {1.5, -0.5}));
}
