// Nearest-rank percentiles, exact means and histograms of Monte Carlo metrics (SPEC §8).
// Percentiles are checked against a full sort of the same values; ranks and sums by hand or
// against Python's math.fsum, named beside them.

#include "itsb/finance/sampling.hpp"
#include "itsb/finance/statistics.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

using namespace itsb::finance;

namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// The definition, by brute force: sort with nulls last, take rank ⌈p n / 100⌉.
std::optional<double> sortedPercentile(std::vector<double> values, int percent) {
    std::sort(values.begin(), values.end(), [](double a, double b) {
        if (std::isnan(a)) return false;
        if (std::isnan(b)) return true;
        return a < b;
    });
    const auto rank = static_cast<std::size_t>(nearestRank(percent, static_cast<std::int64_t>(values.size())));
    if (rank == 0 || std::isnan(values[rank - 1])) return std::nullopt;
    return values[rank - 1];
}

// Same presence and the same value; +0 and -0 compare equal, as in the sort's order.
void checkSame(const std::optional<double>& actual, const std::optional<double>& expected) {
    REQUIRE(actual.has_value() == expected.has_value());
    if (actual) CHECK(*actual == *expected);
}

//! Checks `p`, the percentiles of `original` (in any order), against a full sort of it.
void checkAgainstSort(const Percentiles& p, const std::vector<double>& original) {
    checkSame(p.p5, sortedPercentile(original, 5));
    checkSame(p.p10, sortedPercentile(original, 10));
    checkSame(p.p50, sortedPercentile(original, 50));
    checkSame(p.p90, sortedPercentile(original, 90));
    checkSame(p.p95, sortedPercentile(original, 95));
    CHECK(p.nulls == std::count_if(original.begin(), original.end(), [](double v) { return std::isnan(v); }));
}

}  // namespace

TEST_CASE("statistics: nearest ranks in integer arithmetic") {
    CHECK(nearestRank(5, 20) == 1);   // ⌈1⌉
    CHECK(nearestRank(95, 20) == 19);
    CHECK(nearestRank(5, 21) == 2);   // ⌈1.05⌉
    CHECK(nearestRank(50, 1) == 1);
    CHECK(nearestRank(5, 1) == 1);
    CHECK(nearestRank(95, 1) == 1);
    CHECK(nearestRank(10, 30) == 3);  // 0.1 x 30 = 3.0000000000000004 in floating point
    CHECK(nearestRank(95, 10000) == 9500);
    CHECK(nearestRank(100, 7) == 7);
    CHECK(nearestRank(50, 0) == 0);
}

TEST_CASE("statistics: percentiles of 1..20 land on ranks 1, 2, 10, 18, 19") {
    std::vector<double> values;
    for (int i = 20; i >= 1; --i) values.push_back(i);
    std::swap(values[3], values[15]);
    const auto p = percentiles(values);
    CHECK(*p.p5 == 1.0);
    CHECK(*p.p10 == 2.0);
    CHECK(*p.p50 == 10.0);
    CHECK(*p.p90 == 18.0);
    CHECK(*p.p95 == 19.0);
    CHECK(*p.mean == 10.5);  // 210 / 20
    CHECK(p.nulls == 0);
}

TEST_CASE("statistics: nulls sort above every number") {
    // 18 numbers 1..18 and 2 nulls: rank 19 (p95) lands on a null, rank 18 (p90) on 18.
    std::vector<double> values;
    for (int i = 1; i <= 18; ++i) values.push_back(i);
    values.insert(values.begin() + 5, kNull);
    values.insert(values.begin() + 11, kNull);
    const auto p = percentiles(values);
    CHECK(*p.p5 == 1.0);
    CHECK(*p.p50 == 10.0);
    CHECK(*p.p90 == 18.0);
    CHECK_FALSE(p.p95.has_value());
    CHECK(*p.mean == 9.5);  // 171 / 18, nulls left out
    CHECK(p.nulls == 2);
}

TEST_CASE("statistics: one value, all nulls, no values") {
    std::vector<double> one{-3.25};
    const auto single = percentiles(one);
    for (const auto* q : {&single.p5, &single.p10, &single.p50, &single.p90, &single.p95}) CHECK(**q == -3.25);
    CHECK(*single.mean == -3.25);

    std::vector<double> nulls(7, kNull);
    const auto none = percentiles(nulls);
    for (const auto* q : {&none.p5, &none.p10, &none.p50, &none.p90, &none.p95, &none.mean}) CHECK_FALSE(q->has_value());
    CHECK(none.nulls == 7);

    std::vector<double> empty;
    const auto nothing = percentiles(empty);
    CHECK_FALSE(nothing.p50.has_value());
    CHECK_FALSE(nothing.mean.has_value());
    CHECK(nothing.nulls == 0);
}

TEST_CASE("statistics: a zero percentile is +0") {
    std::vector<double> values{-0.0, -0.0, -0.0};
    const auto p = percentiles(values);
    CHECK(*p.p50 == 0.0);
    CHECK_FALSE(std::signbit(*p.p50));
}

TEST_CASE("statistics: percentiles equal a full sort on random data with nulls and ties") {
    UniformStream stream(blockSeed(7, 0));
    for (int n : {1, 2, 3, 19, 20, 21, 99, 100, 101, 1000, 10007}) {
        for (double nullShare : {0.0, 0.03, 0.3, 0.96}) {
            std::vector<double> values;
            for (int i = 0; i < n; ++i) {
                const double u = stream.next();
                // Coarse values (ties), both signs, some -0.
                values.push_back(stream.next() < nullShare ? kNull : std::round((u - 0.4) * 50.0) * 0.25);
            }
            const std::vector<double> original = values;
            const auto p = percentiles(values);
            INFO("n = " << n << ", null share " << nullShare);
            checkAgainstSort(p, original);
            checkSame(p.mean, nonNullMean(original));
            // The values are reordered, not changed.
            auto a = original, b = values;
            std::sort(a.begin(), a.end(), [](double x, double y) { return !std::isnan(x) && (std::isnan(y) || x < y); });
            std::sort(b.begin(), b.end(), [](double x, double y) { return !std::isnan(x) && (std::isnan(y) || x < y); });
            CHECK(std::equal(a.begin(), a.end(), b.begin(),
                             [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }));
        }
    }
}

TEST_CASE("statistics: the mean is the exact sum rounded once, whatever the order") {
    // Python: math.fsum([1e16, 1.0, -1e16]) = 1.0; a running sum gives 0.
    CHECK(*nonNullMean({1e16, 1.0, -1e16}) == 1.0 / 3.0);
    CHECK(*nonNullMean({1e16, kNull, -1e16, 1.0}) == 1.0 / 3.0);
    // Python: math.fsum([0.1] * 10) = 1.0; a running sum gives 0.9999999999999999.
    CHECK(*nonNullMean(std::vector<double>(10, 0.1)) == 0.1);
    // Python: math.fsum([1.0, 1e-16, 1e-16]) = 1.0000000000000002; a running sum gives 1.0.
    CHECK(*nonNullMean({1.0, 1e-16, 1e-16}) == 1.0000000000000002 / 3.0);
    // A halfway case decided by a partial further down (Python's fsum correction step):
    // Python: math.fsum([2**-87, 2**-63, 2**-9, -2**-26]).hex() = '0x1.ffff000000001p-10',
    // where rounding the top two partials alone gives 0x1.ffff000000000p-10. Divided by 4 exactly.
    CHECK(*nonNullMean({0x1p-87, 0x1p-63, 0x1p-9, -0x1p-26}) == 0x1.ffff000000001p-12);

    // Order independence: the same values reversed and rotated give the same bits.
    UniformStream stream(blockSeed(11, 0));
    std::vector<double> values;
    for (int i = 0; i < 5000; ++i) values.push_back((stream.next() - 0.5) * std::pow(10.0, 12.0 * stream.next()));
    const double forward = *nonNullMean(values);
    std::reverse(values.begin(), values.end());
    CHECK(*nonNullMean(values) == forward);
    std::rotate(values.begin(), values.begin() + 1234, values.end());
    CHECK(*nonNullMean(values) == forward);
}

TEST_CASE("statistics: equal-width histogram of 0..10 in 5 bins") {
    std::vector<double> values{kNull};
    for (int i = 0; i <= 10; ++i) values.push_back(i);
    const auto h = histogram(values, 5, false);
    // edges 0, 2, 4, 6, 8, 10; [0,2) holds 0 and 1, ..., the closed last bin [8,10] holds 8, 9, 10
    CHECK(h.edges == std::vector<double>{0.0, 2.0, 4.0, 6.0, 8.0, 10.0});
    CHECK(h.counts == std::vector<std::int64_t>{2, 2, 2, 2, 3});
}

TEST_CASE("statistics: histogram counts agree with their edges and sum to the non-null count") {
    UniformStream stream(blockSeed(13, 0));
    std::vector<double> values;
    std::int64_t nonNull = 0;
    for (int i = 0; i < 20000; ++i) {
        if (stream.next() < 0.1) {
            values.push_back(kNull);
        } else {
            values.push_back(std::round(1e6 * (stream.next() - 0.3)) / 100.0);  // pennies
            ++nonNull;
        }
    }
    for (int bins : {1, 7, 20, 50}) {
        const auto h = histogram(values, bins, false);
        REQUIRE(h.edges.size() == static_cast<std::size_t>(bins) + 1);
        REQUIRE(h.counts.size() == static_cast<std::size_t>(bins));
        std::int64_t total = 0;
        for (auto c : h.counts) total += c;
        CHECK(total == nonNull);
        // Recount by the edges as printed: [e_i, e_i+1), the last bin closed.
        std::vector<std::int64_t> recount(static_cast<std::size_t>(bins), 0);
        for (double v : values) {
            if (std::isnan(v)) continue;
            std::size_t i = 0;
            while (i + 1 < static_cast<std::size_t>(bins) && v >= h.edges[i + 1]) ++i;
            ++recount[i];
        }
        CHECK(h.counts == recount);
        CHECK(h.edges.front() == *std::min_element(values.begin(), values.end(), [](double a, double b) {
            return !std::isnan(a) && (std::isnan(b) || a < b);
        }));
    }
}

TEST_CASE("statistics: integer-valued histogram has one bin per integer") {
    // break-even years 3, 5, 5, 7 and one path that never breaks even
    const auto h = histogram({5.0, kNull, 3.0, 7.0, 5.0}, 20, true);
    CHECK(h.edges == std::vector<double>{2.5, 3.5, 4.5, 5.5, 6.5, 7.5});
    CHECK(h.counts == std::vector<std::int64_t>{1, 0, 2, 0, 1});

    const auto single = histogram({4.0, 4.0, 4.0}, 20, true);
    CHECK(single.edges == std::vector<double>{3.5, 4.5});
    CHECK(single.counts == std::vector<std::int64_t>{3});
}

TEST_CASE("statistics: equal values make one bin, no values no bins") {
    const auto same = histogram({1.25, kNull, 1.25, 1.25}, 20, false);
    CHECK(same.edges == std::vector<double>{1.25, 1.25});
    CHECK(same.counts == std::vector<std::int64_t>{3});

    const auto none = histogram({kNull, kNull}, 20, false);
    CHECK(none.edges.empty());
    CHECK(none.counts.empty());
}

TEST_CASE("statistics: identical values average to themselves exactly") {
    using itsb::finance::nonNullMean;
    // round(3 x v) / 3 is not v for every double v; a fixed simulation must still report v.
    for (double v : {0.43597531681964385, 0.1, 119723616.38, -1.4570})
        CHECK(*nonNullMean({v, v, v, kNull, v}) == v);
}

TEST_CASE("statistics: percentiles of many values equal a full sort, whatever the sample finds") {
    // From 16,384 non-null values the selection looks for each rank among the values between
    // two values of a sorted sample (one value in every n / 8192, evenly spaced); the result
    // must not depend on that sample, so the values are also arranged so that the sample sees
    // only zeros (every window misses its rank and the plain selection runs), or all are equal.
    UniformStream stream(blockSeed(8, 0));
    for (int n : {16383, 16384, 20011, 100000, 400009}) {
        for (int arrangement = 0; arrangement < 5; ++arrangement) {
            std::vector<double> values;
            for (int i = 0; i < n; ++i) {
                const double u = stream.next();
                switch (arrangement) {
                    case 0: values.push_back((u - 0.3) * 1e7); break;                     // distinct
                    case 1: values.push_back(stream.next() < 0.02 ? kNull : std::round((u - 0.5) * 40.0) * 0.5); break;  // ties, -0, nulls
                    case 2: values.push_back(u + 1.0); break;  // the sampled ones set to 0 below
                    case 3: values.push_back(u < 0.07 ? 1.0 : u < 0.93 ? 2.0 : 3.0); break;  // three values
                    default: values.push_back(2.5); break;
                }
            }
            if (arrangement == 2)
                for (std::size_t j = 0; j < 8192; ++j) values[j * values.size() / 8192] = 0.0;
            const std::vector<double> original = values;
            const auto p = percentiles(values);
            INFO("n = " << n << ", arrangement " << arrangement);
            checkAgainstSort(p, original);
        }
    }
}

namespace {

// The reference for the mean's exact sum: Shewchuk's partials as Python's math.fsum keeps
// them (the algorithm nonNullMean used before its fixed-point accumulator).
double fsum(const std::vector<double>& values) {
    std::vector<double> partials;
    for (double x : values) {
        std::size_t kept = 0;
        for (double y : partials) {
            if (std::abs(x) < std::abs(y)) std::swap(x, y);
            const double hi = x + y;
            const double lo = y - (hi - x);
            if (lo != 0.0) partials[kept++] = lo;
            x = hi;
        }
        partials.resize(kept);
        partials.push_back(x);
    }
    std::size_t n = partials.size();
    if (n == 0) return 0.0;
    double hi = partials[--n], lo = 0.0;
    while (n > 0) {
        const double x = hi, y = partials[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo != 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
        const double y = lo * 2.0, x = hi + y;
        if (y == x - hi) hi = x;
    }
    return hi;
}

}  // namespace

TEST_CASE("statistics: the mean's exact sum equals math.fsum's on awkward values") {
    // Magnitudes from subnormal to 1e300, both signs, exact cancellations, halfway cases and
    // long runs of money amounts: the sum divided by the count must be fsum's divided by it.
    UniformStream stream(blockSeed(12, 0));
    for (int trial = 0; trial < 400; ++trial) {
        std::vector<double> values;
        const int n = 1 + static_cast<int>(stream.next() * 300.0);
        const int kind = trial % 5;
        for (int i = 0; i < n; ++i) {
            const double u = stream.next(), sign = stream.next() < 0.5 ? -1.0 : 1.0;
            switch (kind) {
                case 0: values.push_back(sign * std::ldexp(u, static_cast<int>(stream.next() * 2074.0) - 1074)); break;  // sums stay finite
                case 1: values.push_back(sign * std::round(u * 1e9) / 100.0); break;  // pennies
                case 2: values.push_back(sign * std::ldexp(1.0, static_cast<int>(stream.next() * 120.0) - 60)); break;
                case 3: values.push_back(sign * u * 1e300); break;
                default: values.push_back(sign * u * 0x1p-1060); break;  // subnormal sums
            }
        }
        if (kind == 2) {  // cancel most of them exactly
            const auto half = values.size() / 2;
            for (std::size_t i = 0; i < half; ++i) values.push_back(-values[i]);
        }
        INFO("trial " << trial);
        const auto mean = nonNullMean(values);
        REQUIRE(mean.has_value());
        const bool allEqual = std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; });
        const double expected = allEqual ? values[0] : fsum(values) / static_cast<double>(values.size());
        CHECK(std::bit_cast<std::uint64_t>(*mean) == std::bit_cast<std::uint64_t>(expected));
    }
}
