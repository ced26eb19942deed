#include "itsb/finance/discounting.hpp"

#include <ql/errors.hpp>

#include <algorithm>
#include <array>
#include <cmath>

// Year-end discount factors for the appraisal (SPEC §5). The Green Book rate is a schedule
// of rates by year, not a curve: each year is discounted at the rate of its own band, so a
// factor is the product of one-year factors. Inflation turns nominal flows into real ones:
// the factors of every method are divided by (1 + inflation)^k.

namespace itsb::finance {

namespace {

struct GreenBookBand {
    Year lastYear;  // the band covers years after the previous band's lastYear up to this one
    Rate rate;
};

// HM Treasury Green Book schedule of declining long-term discount rates (SPEC §5).
constexpr std::array<GreenBookBand, 5> kGreenBookBands{{
    {30, 0.035},
    {75, 0.030},
    {125, 0.025},
    {200, 0.020},
    {300, 0.015},
}};
constexpr Rate kGreenBookBeyond = 0.010;

}  // namespace

Rate greenBookRate(Year year) {
    // Year 0 carries no discounting; asking for it (or earlier) gets the first band's rate.
    for (const auto& band : kGreenBookBands)
        if (year <= band.lastYear) return band.rate;
    return kGreenBookBeyond;
}

Rate curveZeroRate(const std::vector<CurvePoint>& points, double year) {
    QL_REQUIRE(!points.empty(), "a discount curve needs at least one point");
    if (year <= points.front().year) return points.front().zeroRate;
    if (year >= points.back().year) return points.back().zeroRate;
    // First point strictly after `year`; the one before it is at or before `year`.
    const auto after = std::upper_bound(points.begin(), points.end(), year,
                                        [](double y, const CurvePoint& p) { return y < p.year; });
    const auto before = after - 1;
    const double weight = (year - before->year) / (after->year - before->year);
    return before->zeroRate + weight * (after->zeroRate - before->zeroRate);
}

std::vector<double> discountFactors(const Discounting& discounting, int horizonYears) {
    QL_REQUIRE(horizonYears >= 0, "discounting horizon must not be negative, got " << horizonYears);
    const auto size = static_cast<std::size_t>(horizonYears) + 1;
    std::vector<double> factors(size, 1.0);

    switch (discounting.method) {
        case DiscountMethod::GreenBook: {
            // Within a band the factor is a power of one rate, taken from the factor at the
            // band's start, so DF_30 is exactly 1.035^-30 rather than thirty rounded divisions.
            double bandStartFactor = 1.0;
            Year bandStart = 0;
            for (Year k = 1; k <= horizonYears; ++k) {
                const Rate rate = greenBookRate(k);
                if (rate != greenBookRate(bandStart + 1)) {
                    bandStartFactor = factors[static_cast<std::size_t>(k - 1)];
                    bandStart = k - 1;
                }
                factors[static_cast<std::size_t>(k)] = bandStartFactor * std::pow(1.0 + rate, -(k - bandStart));
            }
            break;
        }
        case DiscountMethod::Flat:
            for (Year k = 1; k <= horizonYears; ++k)
                factors[static_cast<std::size_t>(k)] = std::pow(1.0 + discounting.rate, -k);
            break;
        case DiscountMethod::Curve:
            for (Year k = 1; k <= horizonYears; ++k) {
                const Rate zero = curveZeroRate(discounting.points, static_cast<double>(k));
                factors[static_cast<std::size_t>(k)] = std::pow(1.0 + zero, -k);
            }
            break;
    }

    if (discounting.inflation != 0.0)
        for (Year k = 1; k <= horizonYears; ++k)
            factors[static_cast<std::size_t>(k)] /= std::pow(1.0 + discounting.inflation, k);
    return factors;
}

}  // namespace itsb::finance
