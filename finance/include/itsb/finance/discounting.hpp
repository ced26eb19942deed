#pragma once
// Year-end discount factors DF_0..DF_H for the programme's annual flows (SPEC §5, §9).

#include "itsb/finance/types.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace itsb::finance {

enum class DiscountMethod { GreenBook, Flat, Curve };
std::string_view name(DiscountMethod m);  //!< "green_book", "flat", "curve"
std::optional<DiscountMethod> parseDiscountMethod(std::string_view text);

struct CurvePoint {
    double year = 0.0;
    Rate zeroRate = 0.0;
};

struct Discounting {
    DiscountMethod method = DiscountMethod::GreenBook;
    Rate rate = 0.0;                 //!< flat: the single annual rate
    std::vector<CurvePoint> points;  //!< curve: strictly increasing years
    Rate inflation = 0.0;            //!< every method's factors are deflated by (1+inflation)^k
};

//! HM Treasury Green Book social time preference rate applying to year k >= 1:
//! 3.5 % for years 1-30, 3.0 % 31-75, 2.5 % 76-125, 2.0 % 126-200, 1.5 % 201-300, 1.0 % after.
Rate greenBookRate(Year year);

//! Zero rate at `year` on a curve: linear in years between points, flat beyond the ends.
Rate curveZeroRate(const std::vector<CurvePoint>& points, double year);

//! DF_0..DF_horizon, DF_0 = 1.
//! green_book: DF_k = prod_{j<=k} (1 + greenBookRate(j))^-1; flat: (1+rate)^-k;
//! curve: (1 + z(k))^-k; then each divided by (1 + inflation)^k.
std::vector<double> discountFactors(const Discounting& discounting, int horizonYears);

}  // namespace itsb::finance
