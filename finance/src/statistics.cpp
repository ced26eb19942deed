#include "itsb/finance/statistics.hpp"

#include <ql/errors.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace itsb::finance {

namespace {

bool isNull(double v) { return std::isnan(v); }

// The sum of a sequence of finite doubles, exact until one final rounding to nearest (ties to
// even): Shewchuk's "Adaptive precision floating-point arithmetic" (1997) as Python's math.fsum
// implements it. The partials are non-overlapping and increasing in magnitude; their exact sum
// is the exact sum of the inputs.
class ExactSum {
  public:
    void add(double x) {
        std::size_t kept = 0;
        for (double y : partials_) {
            if (std::abs(x) < std::abs(y)) std::swap(x, y);
            const double hi = x + y;
            const double lo = y - (hi - x);  // exact: |y| <= |x| (Dekker's two-sum)
            if (lo != 0.0) partials_[kept++] = lo;
            x = hi;
        }
        partials_.resize(kept);
        partials_.push_back(x);
    }

    double value() const {
        std::size_t n = partials_.size();
        if (n == 0) return 0.0;
        double hi = partials_[--n];
        double lo = 0.0;
        // Add from the top down until the sum is inexact; what is left below only decides a tie.
        while (n > 0) {
            const double x = hi;
            const double y = partials_[--n];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) break;
        }
        // hi + lo is exact, but the partials below may push a halfway case either way: if they
        // have the sign of lo, the true sum lies beyond the halfway point, so round away.
        if (n > 0 && ((lo < 0.0 && partials_[n - 1] < 0.0) || (lo > 0.0 && partials_[n - 1] > 0.0))) {
            const double y = lo * 2.0;
            const double x = hi + y;
            if (y == x - hi) hi = x;
        }
        return hi;
    }

  private:
    std::vector<double> partials_;
};

}  // namespace

std::int64_t nearestRank(int percent, std::int64_t count) {
    QL_REQUIRE(percent > 0 && percent <= 100, "a percentile must be in (0, 100], got " << percent);
    QL_REQUIRE(count >= 0, "a count cannot be negative, got " << count);
    return (percent * count + 99) / 100;
}

std::optional<double> nonNullMean(const std::vector<double>& values) {
    ExactSum sum;
    std::int64_t count = 0;
    std::optional<double> first;
    bool allEqual = true;
    for (double v : values) {
        if (isNull(v)) continue;
        QL_REQUIRE(std::isfinite(v), "a metric value must be finite or null, got " << v);
        sum.add(v);
        ++count;
        if (!first) first = v;
        allEqual = allEqual && v == *first;
    }
    if (count == 0) return std::nullopt;
    // Identical values average to themselves exactly (round(n v) / n need not be v): a
    // simulation whose draws are all fixed reports `itsb run`'s metric as its mean, to the bit.
    if (allEqual) return *first;
    return sum.value() / static_cast<double>(count);
}

Percentiles percentiles(std::vector<double>& values) {
    Percentiles out;
    out.mean = nonNullMean(values);  // checks that the non-null values are finite
    const auto nonNullEnd = std::partition(values.begin(), values.end(), [](double v) { return !isNull(v); });
    const auto count = static_cast<std::int64_t>(values.size());
    const auto nonNull = static_cast<std::int64_t>(nonNullEnd - values.begin());
    out.nulls = count - nonNull;

    // Increasing ranks: after nth_element at k everything from k + 1 on is >= the k-th value,
    // so the next, higher rank is selected within that part alone.
    const std::array<std::pair<int, std::optional<double>*>, 5> wanted{
        {{5, &out.p5}, {10, &out.p10}, {50, &out.p50}, {90, &out.p90}, {95, &out.p95}}};
    std::int64_t selected = -1;  // 0-based index already in its sorted place
    for (const auto& [percent, result] : wanted) {
        const std::int64_t rank = nearestRank(percent, count);
        if (rank == 0 || rank > nonNull) continue;  // no values, or the rank lands on a null
        const std::int64_t k = rank - 1;
        if (k != selected) {
            std::nth_element(values.begin() + (selected + 1), values.begin() + k, nonNullEnd);
            selected = k;
        }
        const double v = values[static_cast<std::size_t>(k)];
        *result = v == 0.0 ? 0.0 : v;  // -0 and +0 tie in the order; report one of them
    }
    return out;
}

Histogram histogram(const std::vector<double>& values, int bins, bool integerValued) {
    double lo = 0.0, hi = 0.0;
    std::int64_t nonNull = 0;
    for (double v : values) {
        if (isNull(v)) continue;
        QL_REQUIRE(std::isfinite(v), "a metric value must be finite or null, got " << v);
        QL_REQUIRE(!integerValued || v == std::floor(v), "an integer-valued metric has the value " << v);
        lo = nonNull == 0 ? v : std::min(lo, v);
        hi = nonNull == 0 ? v : std::max(hi, v);
        ++nonNull;
    }
    Histogram out;
    if (nonNull == 0) return out;

    if (integerValued) {
        // One bin per integer: edges half-way between integers, so every value sits mid-bin.
        const double width = hi - lo + 1.0;
        QL_REQUIRE(width <= 1e6, "an integer-valued metric spans " << width << " integers");
        const auto n = static_cast<std::size_t>(width);
        out.edges.resize(n + 1);
        for (std::size_t k = 0; k <= n; ++k) out.edges[k] = lo + static_cast<double>(k) - 0.5;
        out.counts.assign(n, 0);
        for (double v : values)
            if (!isNull(v)) ++out.counts[static_cast<std::size_t>(v - lo)];
        return out;
    }

    if (lo == hi) {
        out.edges = {lo, hi};
        out.counts = {nonNull};
        return out;
    }

    QL_REQUIRE(bins >= 1, "a histogram needs at least one bin, got " << bins);
    const auto n = static_cast<std::size_t>(bins);
    out.edges.resize(n + 1);
    for (std::size_t k = 0; k < n; ++k) out.edges[k] = lo + (hi - lo) * static_cast<double>(k) / bins;
    out.edges[n] = hi;
    out.counts.assign(n, 0);
    const double perUnit = bins / (hi - lo);
    for (double v : values) {
        if (isNull(v)) continue;
        // The arithmetic guess can be one off near an edge; the printed edges decide.
        auto i = static_cast<std::size_t>(std::clamp((v - lo) * perUnit, 0.0, bins - 1.0));
        while (i > 0 && v < out.edges[i]) --i;
        while (i + 1 < n && v >= out.edges[i + 1]) ++i;
        ++out.counts[i];
    }
    return out;
}

}  // namespace itsb::finance
