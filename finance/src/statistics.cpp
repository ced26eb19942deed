#include "itsb/finance/statistics.hpp"

#include <ql/errors.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace itsb::finance {

namespace {

bool isNull(double v) { return std::isnan(v); }

// The sum of a sequence of finite doubles, exact until one final rounding to nearest (ties to
// even), the value Python's math.fsum gives. Every finite double is m x 2^(p - 1074) with an
// integer m < 2^53 and 0 <= p <= 2045, so the sum is an integer multiple of 2^-1074: it is
// held as such, in base-2^32 digits kept in 64-bit words (a double adds at most 2^32 to each
// of three words, so carries are settled only every 2^30 additions and at the end). Adding
// costs a few integer operations and no branch on the data, whatever the order.
__extension__ using Wide = unsigned __int128;

class ExactSum {
  public:
    void add(double x) {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
        const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
        // Normal: (2^52 + fraction) x 2^(biased - 1075); subnormal: fraction x 2^-1074.
        const std::uint64_t m = biased == 0 ? fraction : fraction | (std::uint64_t{1} << 52);
        const int p = biased == 0 ? 0 : biased - 1;
        const auto digit = static_cast<std::size_t>(p >> 5);
        const Wide shifted = static_cast<Wide>(m) << (p & 31);  // < 2^85
        const std::int64_t sign = (bits >> 63) != 0 ? -1 : 1;
        digits_[digit] += sign * static_cast<std::int64_t>(static_cast<std::uint32_t>(shifted));
        digits_[digit + 1] += sign * static_cast<std::int64_t>(static_cast<std::uint32_t>(shifted >> 32));
        digits_[digit + 2] += sign * static_cast<std::int64_t>(shifted >> 64);
        if (++pending_ == kSettleEvery) settle();
    }

    double value() {
        settle();
        // Two's complement over the digits: the top word holds the sign.
        const bool negative = digits_[kDigits - 1] < 0;
        if (negative) {
            std::int64_t borrow = 0;  // the magnitude: 0 - digits, digit by digit
            for (auto& d : digits_) {
                const std::int64_t v = -d - borrow;
                d = v & kDigitMask;
                borrow = v < 0 ? 1 : 0;
            }
        }
        std::size_t top = kDigits;
        while (top > 0 && digits_[top - 1] == 0) --top;
        if (top == 0) return 0.0;
        // The leading 64 bits of the magnitude, the position of the lowest of them (in units of
        // 2^-1074) and whether anything non-zero lies below.
        const auto word = [&](std::size_t i) { return static_cast<std::uint64_t>(digits_[i]); };
        Wide leading = 0;
        std::size_t used = 0;
        for (std::size_t i = top; i-- > 0 && used < 3; ++used) leading = (leading << 32) | word(i);
        int low = 32 * static_cast<int>(top - used);
        bool sticky = false;
        for (std::size_t i = 0; i < top - used; ++i) sticky = sticky || digits_[i] != 0;
        const int length = 128 - countLeadingZeros(leading);
        const int drop = length > 53 ? length - 53 : 0;
        std::uint64_t kept = static_cast<std::uint64_t>(leading >> drop);
        if (drop > 0) {
            const Wide rest = leading & ((Wide{1} << drop) - 1);
            const Wide half = Wide{1} << (drop - 1);
            if (rest > half || (rest == half && (sticky || (kept & 1) != 0))) ++kept;  // to nearest, ties to even
        }
        low += drop;
        const double magnitude = std::ldexp(static_cast<double>(kept), low - 1074);
        return negative ? -magnitude : magnitude;
    }

  private:
    static constexpr std::size_t kDigits = 68;  // 2176 bits: 2045 + 85, and room for the carries
    static constexpr std::int64_t kDigitMask = 0xffffffff;
    static constexpr std::int64_t kSettleEvery = std::int64_t{1} << 30;

    static int countLeadingZeros(Wide x) {
        const auto high = static_cast<std::uint64_t>(x >> 64);
        return high != 0 ? std::countl_zero(high) : 64 + std::countl_zero(static_cast<std::uint64_t>(x));
    }

    // Each word back to a digit in [0, 2^32), its carry (arithmetic shift: floor) to the next.
    void settle() {
        std::int64_t carry = 0;
        for (std::size_t i = 0; i + 1 < kDigits; ++i) {
            const std::int64_t v = digits_[i] + carry;
            digits_[i] = v & kDigitMask;
            carry = v >> 32;
        }
        digits_[kDigits - 1] += carry;
        pending_ = 0;
    }

    std::array<std::int64_t, kDigits> digits_{};
    std::int64_t pending_ = 0;
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

namespace {

struct Wanted {
    int percent;
    std::optional<double> Percentiles::*result;
};
constexpr std::array<Wanted, 5> kWanted{{{5, &Percentiles::p5},
                                         {10, &Percentiles::p10},
                                         {50, &Percentiles::p50},
                                         {90, &Percentiles::p90},
                                         {95, &Percentiles::p95}}};

// Below this many values the plain selection is as fast as any.
constexpr std::size_t kWindowedFrom = 16384;
constexpr std::size_t kSample = 8192;
constexpr std::ptrdiff_t kHalfWindow = 160;  // sample positions: 3.5 standard errors at the median

// The k-th smallest (0-based) of values[0, n) for each rank of `ranks` (increasing), by Floyd
// and Rivest's idea: a sorted sample of the values places each rank between two sample values
// lo and hi; a pass counts the values below lo, equal to lo and equal to hi, and another copies
// those strictly between; when the rank falls on lo, on hi or among the copies, it is found there
// alone, which is the value a selection over all the values gives. A window that misses
// (rarely: the sample is evenly spread, and only speed depends on it) falls back to selecting
// over all the values. Ties (a metric with few values, or one) stay counts, never copies.
void selectRanks(std::vector<double>& values, std::size_t n, std::span<const std::int64_t> ranks,
                 std::span<double> selected) {
    std::vector<double> sample(kSample);
    for (std::size_t j = 0; j < kSample; ++j) sample[j] = values[j * n / kSample];
    std::sort(sample.begin(), sample.end());
    constexpr std::size_t kWindows = kWanted.size();
    // Windows past the ranks asked for are empty (lo = +inf, hi = -inf) and never read.
    std::array<double, kWindows> lo, hi;
    lo.fill(std::numeric_limits<double>::infinity());
    hi.fill(-std::numeric_limits<double>::infinity());
    for (std::size_t w = 0; w < ranks.size(); ++w) {
        const auto centre = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(ranks[w]) * kSample / n);
        const std::ptrdiff_t first = centre - kHalfWindow, last = centre + kHalfWindow;
        lo[w] = first < 0 ? -std::numeric_limits<double>::infinity() : sample[static_cast<std::size_t>(first)];
        hi[w] = last >= static_cast<std::ptrdiff_t>(kSample) ? std::numeric_limits<double>::infinity()
                                                            : sample[static_cast<std::size_t>(last)];
    }
    // First the counts, without a branch; then the values strictly inside each window, into
    // buffers of the size counted.
    std::array<std::size_t, kWindows> below{}, atLo{}, atHi{}, inside{};
    for (std::size_t i = 0; i < n; ++i) {
        const double v = values[i];
        for (std::size_t w = 0; w < kWindows; ++w) {
            below[w] += v < lo[w] ? 1 : 0;
            atLo[w] += v == lo[w] ? 1 : 0;
            atHi[w] += v == hi[w] ? 1 : 0;  // counted in atLo too when lo == hi
            inside[w] += std::size_t{v > lo[w]} & std::size_t{v < hi[w]};
        }
    }
    // Every value is written to every window's next free slot and kept there only when it lies
    // inside (the slot moves on): no branch to mispredict, so each buffer has one slot spare.
    std::array<std::vector<double>, kWindows> copies;
    for (std::size_t w = 0; w < kWindows; ++w) copies[w].resize(inside[w] + 1);
    std::array<double*, kWindows> next;
    for (std::size_t w = 0; w < kWindows; ++w) next[w] = copies[w].data();
    for (std::size_t i = 0; i < n; ++i) {
        const double v = values[i];
        for (std::size_t w = 0; w < kWindows; ++w) {
            *next[w] = v;
            next[w] += std::size_t{v > lo[w]} & std::size_t{v < hi[w]};
        }
    }
    for (std::size_t w = 0; w < kWindows; ++w) copies[w].pop_back();
    for (std::size_t w = 0; w < ranks.size(); ++w) {
        const auto k = static_cast<std::size_t>(ranks[w]);
        const std::size_t onHi = lo[w] == hi[w] ? 0 : atHi[w];
        const std::size_t toLo = below[w] + atLo[w], toInside = toLo + inside[w];
        if (k >= below[w] && k < toLo) {
            selected[w] = lo[w];
        } else if (k >= toLo && k < toInside) {
            const auto at = copies[w].begin() + static_cast<std::ptrdiff_t>(k - toLo);
            std::nth_element(copies[w].begin(), at, copies[w].end());
            selected[w] = *at;
        } else if (k >= toInside && k < toInside + onHi) {
            selected[w] = hi[w];
        } else {
            const auto at = values.begin() + static_cast<std::ptrdiff_t>(k);
            std::nth_element(values.begin(), at, values.begin() + static_cast<std::ptrdiff_t>(n));
            selected[w] = *at;
        }
    }
}

}  // namespace

Percentiles percentiles(std::vector<double>& values) {
    Percentiles out;
    out.mean = nonNullMean(values);  // checks that the non-null values are finite
    const auto nonNullEnd = std::partition(values.begin(), values.end(), [](double v) { return !isNull(v); });
    const auto count = static_cast<std::int64_t>(values.size());
    const auto nonNull = static_cast<std::int64_t>(nonNullEnd - values.begin());
    out.nulls = count - nonNull;

    // The 0-based ranks that land on a value (a rank of 0 means no values; beyond the non-null
    // values it lands on a null).
    std::array<std::int64_t, kWanted.size()> ranks{};
    std::array<std::optional<double> Percentiles::*, kWanted.size()> results{};
    std::size_t wanted = 0;
    for (const auto& [percent, result] : kWanted) {
        const std::int64_t rank = nearestRank(percent, count);
        if (rank == 0 || rank > nonNull) continue;
        ranks[wanted] = rank - 1;
        results[wanted++] = result;
    }
    std::array<double, kWanted.size()> selected{};
    if (static_cast<std::size_t>(nonNull) >= kWindowedFrom) {
        selectRanks(values, static_cast<std::size_t>(nonNull), std::span(ranks.data(), wanted),
                    std::span(selected.data(), wanted));
    } else {
        // Increasing ranks: after nth_element at k everything from k + 1 on is >= the k-th
        // value, so the next, higher rank is selected within that part alone.
        std::int64_t done = -1;  // 0-based index already in its sorted place
        for (std::size_t w = 0; w < wanted; ++w) {
            const std::int64_t k = ranks[w];
            if (k != done) {
                std::nth_element(values.begin() + (done + 1), values.begin() + k, nonNullEnd);
                done = k;
            }
            selected[w] = values[static_cast<std::size_t>(k)];
        }
    }
    for (std::size_t w = 0; w < wanted; ++w) out.*results[w] = selected[w] == 0.0 ? 0.0 : selected[w];  // -0 and +0 tie
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
