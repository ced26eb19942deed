// Discount factors (SPEC §5). Expected values are closed forms: powers of the one-year
// factors of the HM Treasury Green Book schedule (3.5 % to year 30, then 3.0 %, 2.5 %,
// 2.0 %, 1.5 %, 1.0 %), of a flat rate, or of a linearly interpolated zero rate.

#include "itsb/finance/discounting.hpp"

#include <doctest/doctest.h>

#include <cmath>

using itsb::finance::CurvePoint;
using itsb::finance::Discounting;
using itsb::finance::DiscountMethod;
using itsb::finance::curveZeroRate;
using itsb::finance::discountFactors;
using itsb::finance::greenBookRate;

namespace {

// Factors are below 1; 1e-14 absolute is a few ulps.
bool close(double a, double b) { return std::abs(a - b) < 1e-14; }

}  // namespace

TEST_CASE("discounting: Green Book rate bands") {
    CHECK(greenBookRate(1) == 0.035);
    CHECK(greenBookRate(30) == 0.035);
    CHECK(greenBookRate(31) == 0.030);
    CHECK(greenBookRate(75) == 0.030);
    CHECK(greenBookRate(76) == 0.025);
    CHECK(greenBookRate(125) == 0.025);
    CHECK(greenBookRate(126) == 0.020);
    CHECK(greenBookRate(200) == 0.020);
    CHECK(greenBookRate(201) == 0.015);
    CHECK(greenBookRate(300) == 0.015);
    CHECK(greenBookRate(301) == 0.010);
    CHECK(greenBookRate(1000) == 0.010);
}

TEST_CASE("discounting: Green Book factors chain the rates of each year") {
    const auto df = discountFactors(Discounting{}, 310);  // green_book is the default method
    REQUIRE(df.size() == 311);
    CHECK(df[0] == 1.0);
    CHECK(close(df[1], 1.0 / 1.035));
    CHECK(close(df[30], std::pow(1.035, -30)));
    CHECK(close(df[31], std::pow(1.035, -30) / 1.03));  // year 31 is discounted at 3 %
    const double df75 = std::pow(1.035, -30) * std::pow(1.03, -45);
    CHECK(close(df[75], df75));
    CHECK(close(df[76], df75 / 1.025));
    const double df300 = df75 * std::pow(1.025, -50) * std::pow(1.02, -75) * std::pow(1.015, -100);
    CHECK(std::abs(df[300] / df300 - 1.0) < 1e-13);  // relative: DF_300 is about 5e-4
    CHECK(std::abs(df[310] / (df300 * std::pow(1.01, -10)) - 1.0) < 1e-13);
    CHECK(discountFactors(Discounting{}, 0) == std::vector<double>{1.0});
    CHECK_THROWS(discountFactors(Discounting{}, -1));
}

TEST_CASE("discounting: flat rate and inflation") {
    Discounting flat;
    flat.method = DiscountMethod::Flat;
    flat.rate = 0.05;
    const auto df = discountFactors(flat, 10);
    for (int k = 0; k <= 10; ++k) CHECK(close(df[static_cast<std::size_t>(k)], std::pow(1.05, -k)));

    // Nominal flows deflated at 2 % then discounted at 3.5 %: DF_k = 1.035^-k / 1.02^k.
    flat.rate = 0.035;
    flat.inflation = 0.02;
    const auto real = discountFactors(flat, 10);
    for (int k = 0; k <= 10; ++k)
        CHECK(close(real[static_cast<std::size_t>(k)], std::pow(1.035, -k) / std::pow(1.02, k)));

    // The Green Book is deflated the same way: DF_31 = 1.035^-30 / 1.03 / 1.02^31.
    Discounting greenBook;
    greenBook.inflation = 0.02;
    CHECK(close(discountFactors(greenBook, 31)[31], std::pow(1.035, -30) / 1.03 / std::pow(1.02, 31)));
}

TEST_CASE("discounting: curve interpolation is linear in years and flat beyond the ends") {
    const std::vector<CurvePoint> points{{1.0, 0.02}, {5.0, 0.04}, {10.0, 0.03}};
    CHECK(curveZeroRate(points, 0.0) == 0.02);   // before the first point: flat
    CHECK(curveZeroRate(points, 1.0) == 0.02);
    CHECK(close(curveZeroRate(points, 3.0), 0.03));    // halfway from 2 % to 4 %
    CHECK(close(curveZeroRate(points, 4.0), 0.035));   // three quarters of the way
    CHECK(curveZeroRate(points, 5.0) == 0.04);
    CHECK(close(curveZeroRate(points, 7.5), 0.035));   // halfway from 4 % to 3 %
    CHECK(curveZeroRate(points, 10.0) == 0.03);
    CHECK(curveZeroRate(points, 40.0) == 0.03);  // after the last point: flat
    CHECK(curveZeroRate({{7.0, 0.05}}, 2.0) == 0.05);  // a single point is a flat curve

    Discounting curve;
    curve.method = DiscountMethod::Curve;
    curve.points = points;
    const auto df = discountFactors(curve, 12);
    CHECK(df[0] == 1.0);
    CHECK(close(df[1], 1.0 / 1.02));
    CHECK(close(df[3], std::pow(1.03, -3)));
    CHECK(close(df[12], std::pow(1.03, -12)));
}
