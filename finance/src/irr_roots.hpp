#pragma once
// Internal to finance/src: what the periodic IRR's files share. irr.cpp counts sign changes and
// picks a route; irr_exact.cpp counts and isolates the roots in exact integer arithmetic;
// irr_proved.cpp runs the same isolation in double precision with every sign proved. Both
// routes polish an isolated root with the same code (polish, below), so they give the same bits.

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <exception>
#include <limits>
#include <span>
#include <vector>

namespace itsb::finance::detail {

using boost::multiprecision::cpp_int;
using Polynomial = std::vector<cpp_int>;  // coefficients in ascending powers

template <typename Coefficients>  // cpp_int or whole units
int signChanges(const Coefficients& p) {
    int changes = 0;
    int previous = 0;
    for (const auto& c : p) {
        const int s = c > 0 ? 1 : (c < 0 ? -1 : 0);
        if (s == 0) continue;
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    }
    return changes;
}

// The interval searched, x in [1/11, 100], as x = (1 + 1099 y) / 11 for y in [0, 1].
inline constexpr long long kXScaleDenominator = 11;  // x = 1/11 is r = +1000 %
inline constexpr long long kXSpanNumerator = 1099;   // 100 - 1/11 = 1099/11; x = 100 is r = -99 %
inline constexpr double kLowestX = 1.0 / 11.0;
inline constexpr double kHighestX = 100.0;

// x at y = m / 2^k in double precision (m < 2^53 is exact): the ends every polishing starts
// from, exact route and proved route alike.
inline double approximateXAtDyadicY(double m, unsigned k) {
    return (1.0 + static_cast<double>(kXSpanNumerator) * std::ldexp(m, -static_cast<int>(k))) /
           static_cast<double>(kXScaleDenominator);
}

// ---------------------------------------------------------------------------------------
// Polishing an isolated root

//! A polynomial known exactly and, for speed, in double precision.
class DoublePolynomial {
  public:
    explicit DoublePolynomial(const Polynomial& p) {
        for (const auto& c : p) coefficients_.push_back(c.convert_to<double>());
    }
    //! Coefficients already exact in double precision.
    explicit DoublePolynomial(std::span<const double> c) : coefficients_(c.begin(), c.end()) {}
    //! p(x) / max(1, x)^n: the sign and roots of p without overflow at x = 100.
    double operator()(double x) const {
        double acc = 0.0;
        if (x <= 1.0) {
            for (auto c = coefficients_.rbegin(); c != coefficients_.rend(); ++c) acc = acc * x + *c;
        } else {
            const double y = 1.0 / x;
            for (double c : coefficients_) acc = acc * y + c;
        }
        return acc;
    }

  private:
    std::vector<double> coefficients_;
};

//! What polishing in double precision gave: a root, or the reason there is none yet.
struct DoublePolish {
    enum class Status { Root, NotCertified, Unsure };
    Status status = Status::NotCertified;
    double x = 0.0;
};

//! Steps 1 and 2 of polishing the single root, simple, in the open interval (lower, upper)
//! of a polynomial that has the sign `signAbove` between the root and `upper` and the
//! opposite one below it. Shared by the exact route and the proved double-precision route, so
//! both give the same bits. `signs` says where a double v lies and the polynomial's sign there:
//! `aboveLower(v)` and `belowUpper(v)` against the exact ends (1 yes, 0 no, -1 unsure) and
//! `at(v)` (+1, -1, 0 for an exact zero, 2 unsure).
template <typename Signs>
DoublePolish polishInDouble(double lower, double upper, int signAbove, const Signs& signs,
                            const DoublePolynomial& approximate) {
    using Status = DoublePolish::Status;
    // 1. Double precision. Valid only once certified below.
    const double fLower = approximate(lower);
    const double fUpper = approximate(upper);
    if (fLower == 0.0 || fUpper == 0.0 || (fLower < 0.0) == (fUpper < 0.0)) return {};
    try {
        std::uintmax_t iterations = 200;
        const auto bracket = boost::math::tools::toms748_solve(
            approximate, lower, upper, fLower, fUpper,
            boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 1), iterations);
        const double x = 0.5 * (bracket.first + bracket.second);
        // 2. Certify: the root lies in (x - h, x + h), which spans about 2h / x^2 = 4e-13 in r.
        const double h = 2e-13 * x * x;
        const double below = x - h;
        const double above = x + h;
        bool certified = true;
        const int belowInside = signs.aboveLower(below);  // else the root, above `lower`, is above `below`
        if (belowInside < 0) return {Status::Unsure, 0.0};
        if (belowInside == 1) {
            const int s = signs.at(below);
            if (s == 2) return {Status::Unsure, 0.0};
            if (s == 0) return {Status::Root, below};
            certified = s != signAbove;
        }
        if (certified) {
            const int aboveInside = signs.belowUpper(above);
            if (aboveInside < 0) return {Status::Unsure, 0.0};
            if (aboveInside == 1) {
                const int s = signs.at(above);
                if (s == 2) return {Status::Unsure, 0.0};
                if (s == 0) return {Status::Root, above};
                certified = s == signAbove;
            }
        }
        if (certified) return {Status::Root, x};
    } catch (const std::exception&) {
        // not certified: the caller bisects
    }
    return {};
}

//! Polishing, steps 1 to 3, for both routes: polishInDouble, and when it does not certify its
//! root, bisection on doubles with `signs` (slower, always right). Unsure only when `signs` is.
template <typename Signs>
DoublePolish polish(double lower, double upper, int signAbove, const Signs& signs,
                    const DoublePolynomial& approximate) {
    using Status = DoublePolish::Status;
    const DoublePolish polished = polishInDouble(lower, upper, signAbove, signs, approximate);
    if (polished.status != Status::NotCertified) return polished;
    // 3. Bisection. lo and hi stand for the exact ends until they first move.
    double lo = lower, hi = upper;
    bool loIsEnd = true, hiIsEnd = true;
    for (int step = 0; step < 2000; ++step) {
        if (1.0 / lo - 1.0 / hi < 1e-13) break;
        const double middle = 0.5 * (lo + hi);
        const int aboveLo = loIsEnd ? signs.aboveLower(middle) : (lo < middle ? 1 : 0);
        if (aboveLo < 0) return {Status::Unsure, 0.0};
        if (aboveLo == 0) break;  // no double in between
        const int belowHi = hiIsEnd ? signs.belowUpper(middle) : (middle < hi ? 1 : 0);
        if (belowHi < 0) return {Status::Unsure, 0.0};
        if (belowHi == 0) break;
        const int s = signs.at(middle);
        if (s == 2) return {Status::Unsure, 0.0};
        if (s == 0) return {Status::Root, middle};
        if (s == signAbove) {
            hi = middle;
            hiIsEnd = false;
        } else {
            lo = middle;
            loIsEnd = false;
        }
    }
    return {Status::Root, 0.5 * (lo + hi)};
}

//! The roots (as x) of p in [1/11, 100] as the exact route finds them, or the news that there
//! are two or more (when only a unique root is wanted), or undecided.
struct RootsInX {
    bool decided = true;
    bool twoOrMore = false;  // stopped at two isolated roots, unpolished
    std::vector<double> x;
};

//! p / content(p) (irr_exact.cpp).
Polynomial primitivePart(Polynomial p);

//! The square-free part P / gcd(P, P') of a primitive P of degree >= 1, primitive (irr_exact.cpp).
Polynomial squareFreePart(const Polynomial& p);

//! The root of p in [1/11, 100], as x, when p has one sign change (irr_exact.cpp).
std::vector<double> singleRootInX(const Polynomial& p);

//! Every root of a square-free p in [1/11, 100], as x values, isolated exactly (irr_exact.cpp).
std::vector<double> allRootsInX(const Polynomial& p);

//! The same roots as allRootsInX(squareFreePart(p)) for p in whole units (trimmed, primitive,
//! degree >= 1), by the proved double-precision route, or undecided (irr_proved.cpp).
RootsInX provedRootsInX(std::span<const std::int64_t> units, bool uniqueOnly);

}  // namespace itsb::finance::detail
