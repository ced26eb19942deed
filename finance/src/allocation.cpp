#include "itsb/finance/allocation.hpp"

#include <ql/errors.hpp>

#include <algorithm>
#include <cmath>

// Partners' shares of a rounded amount (SPEC §9: every partner table reconciles to the
// programme's to the penny). Each partner first gets the whole units of its quota; the
// units the floors leave over go to the largest fractional remainders (Hamilton's method).

namespace itsb::finance {

std::vector<Money> allocateLargestRemainder(Money amount, std::span<const double> shares, const Rounding& rounding) {
    QL_REQUIRE(!shares.empty(), "cannot allocate an amount between no partners");
    QL_REQUIRE(std::isfinite(amount), "cannot allocate a non-finite amount");
    double shareSum = 0.0;
    for (double share : shares) {
        QL_REQUIRE(std::isfinite(share) && share >= 0.0, "allocation shares must be finite and non-negative, got " << share);
        shareSum += share;
    }
    // The contract is 1 +- 1e-9; the check is looser only so that summing in another
    // order elsewhere cannot trip it. Exactness below does not depend on it.
    QL_REQUIRE(std::abs(shareSum - 1.0) <= 1e-8, "allocation shares must sum to 1, got " << shareSum);

    QL_REQUIRE(rounding.decimals >= 0 && rounding.decimals <= 6,
               "rounding decimals must be between 0 and 6, got " << rounding.decimals);
    double scale = 1.0;  // 10^decimals, exact
    for (int d = 0; d < rounding.decimals; ++d) scale *= 10.0;
    const double scaledAmount = std::abs(amount) * scale;
    QL_REQUIRE(scaledAmount < 9e15, "amount " << amount << " too large to allocate in units");
    const long long total = std::llround(scaledAmount);  // the amount is already a whole number of units

    const std::size_t n = shares.size();
    std::vector<long long> units(n);
    std::vector<double> remainders(n);
    long long allocated = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double quota = static_cast<double>(total) * shares[i];
        const double whole = std::floor(quota);
        units[i] = static_cast<long long>(whole);
        remainders[i] = quota - whole;
        allocated += units[i];
    }

    // Units left over: normally 0..n-1. Shares summing a little above 1 can make it
    // negative (units are then taken back, smallest remainder first), and a little below 1
    // on a very large amount can make it exceed n; either way the ranking is walked
    // round-robin so the parts always sum to the total exactly. A zero share never gets
    // a unit and no part is taken below zero.
    long long left = total - allocated;
    if (left != 0) {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < n; ++i)
            if (shares[i] > 0.0) order.push_back(i);
        if (left > 0) {
            // Largest remainder first; equal remainders to the earlier share.
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
            const auto count = static_cast<long long>(order.size());
            for (long long k = 0; k < count; ++k)
                units[order[static_cast<std::size_t>(k)]] += left / count + (k < left % count ? 1 : 0);
        } else {
            // Smallest remainder gives a unit back first; equal remainders from the later
            // share, the mirror image of giving to the earlier one.
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return remainders[a] < remainders[b] || (remainders[a] == remainders[b] && a > b);
            });
            while (left < 0) {
                bool tookOne = false;
                for (std::size_t i : order) {
                    if (left == 0) break;
                    if (units[i] > 0) {
                        --units[i];
                        ++left;
                        tookOne = true;
                    }
                }
                QL_REQUIRE(tookOne, "allocation cannot take back units from empty parts");
            }
        }
    }

    const double sign = amount < 0.0 ? -1.0 : 1.0;
    std::vector<Money> parts(n);
    for (std::size_t i = 0; i < n; ++i)
        parts[i] = units[i] == 0 ? 0.0 : sign * static_cast<double>(units[i]) / scale;
    return parts;
}

}  // namespace itsb::finance
