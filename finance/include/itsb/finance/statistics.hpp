#pragma once
// Summaries of a metric over the Monte Carlo paths (SPEC §8): nearest-rank percentiles, the
// mean of the non-null values, and a histogram. A null metric (no IRR, no break-even) is
// stored as NaN. Every result depends on the multiset of values alone, never on their order,
// so the output is the same for any number of threads.

#include <cstdint>
#include <optional>
#include <vector>

namespace itsb::finance {

struct Percentiles {
    std::optional<double> p5, p10, p50, p90, p95;  //!< null when the rank lands on a null
    std::optional<double> mean;                    //!< over the non-null values; null if none
    std::int64_t nulls = 0;
};

//! The nearest rank ⌈percent / 100 × count⌉ (1-based), in integer arithmetic.
/*! 0.1 × 30 is 3.0000000000000004 in floating point, whose ceiling would be 4. */
std::int64_t nearestRank(int percent, std::int64_t count);

//! Nearest-rank percentiles (SPEC §8) of `values`, NaN standing for null.
/*! A null sorts above every number, so the p-th percentile is null when its rank, counted
    over all values, is beyond the number of non-null values. Selection with nth_element gives
    exactly the value a full sort would put at that rank; a zero is reported as +0. `values` is
    reordered. Non-null values must be finite. */
Percentiles percentiles(std::vector<double>& values);

//! The mean of the non-NaN values, null if there are none.
/*! The sum is exact and rounded once (Shewchuk's algorithm as in Python's math.fsum), then
    divided by the count: independent of the order of the values and reproducible by
    `math.fsum(v) / len(v)`. */
std::optional<double> nonNullMean(const std::vector<double>& values);

struct Histogram {
    std::vector<double> edges;          //!< ascending
    std::vector<std::int64_t> counts;   //!< counts[i] counts edges[i] <= v < edges[i + 1]; the last bin is closed
};

//! A histogram of the non-NaN values.
/*! - `integerValued` (for example a break-even year): one bin per integer k from the smallest
      to the largest value, with edges k - 0.5 and k + 0.5 (`bins` is ignored);
    - otherwise `bins` bins of equal width from the smallest to the largest value, edge k at
      min + (max - min) × k / bins and the last edge exactly max; a value is counted in the
      bin whose edges enclose it as printed, so counts and edges never disagree by a rounding;
    - otherwise, all values equal: one bin [v, v];
    - no non-null value: no edges and no counts.
    The counts sum to the number of non-null values. */
Histogram histogram(const std::vector<double>& values, int bins, bool integerValued);

}  // namespace itsb::finance
