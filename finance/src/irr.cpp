#include "itsb/finance/irr.hpp"

#include "itsb/finance/irr_routes.hpp"
#include "irr_newton.hpp"
#include "irr_roots.hpp"

#include <ql/errors.hpp>

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

// Internal rates of return (SPEC §5). A spreadsheet's IRR iterates from a guess and returns
// whichever root it reaches; a series whose sign changes more than once can have several
// roots, or none. Here every root in [-99 %, +1000 %] is counted before any is reported.
//
// Periodic IRR. With x = 1/(1+r), NPV(r) = sum_k F_k x^k = P(x), a polynomial, and
// r in [-0.99, 10] is x in [1/11, 100]. The flows are whole pennies, so P has integer
// coefficients in pennies and can be handled exactly:
//  - coefficients changing sign at most once have at most one positive root (Descartes),
//    found from the exact signs of P at the ends of the interval;
//  - otherwise P is first reduced to its square-free part P / gcd(P, P') (a repeated root
//    such as the double root of flows -1, 2, -1 at r = 0 becomes a simple one), and the
//    roots in the interval are counted and isolated exactly by Descartes' rule of signs on
//    bisected sub-intervals (the Vincent-Collins-Akritas method): on (0, 1) the roots of
//    A(y) are the positive roots of (1+y)^n A(1/(1+y)), whose coefficient sign changes
//    bound their number and equal it when 0 or 1. This needs only additions and shifts of
//    integers. A Sturm sequence would count as exactly but its subresultants grow to ~16,000
//    bits at degree 300 and took 12 s there with Boost's integers; bisection with Descartes'
//    rule takes milliseconds.
// Each isolated root is then polished in double precision (TOMS 748 on the sign change) and
// certified by exact signs either side of it; where double precision cannot resolve the root,
// exact bisection finishes the job.
// That exact route costs milliseconds at degree 170, so the same bisection is first run in
// double precision with every sign it takes proved by a rounding-error bound (see "The same
// isolation in double precision, each sign proved" in irr_proved.cpp); the exact route runs
// only when a sign is too close to call, and either way the roots are the same, bit for bit.
//
// Here: the choice of route, XIRR, MIRR and payback. The fast path for one sign change (one
// series, or several side by side) is in irr_newton.cpp, the exact route in irr_exact.cpp, the
// proved double-precision route in irr_proved.cpp, and what they share (the interval searched,
// polishing, RootsInX) in irr_roots.hpp.

namespace itsb::finance {

namespace {

using detail::allRootsInX;
using detail::FastRoot;
using detail::FastStatus;
using detail::kHighestX;
using detail::kLowestX;
using detail::Polynomial;
using detail::primitivePart;
using detail::provedRootsInX;
using detail::RootsInX;
using detail::signChanges;
using detail::singleChangeRootsX;
using detail::singleChangeRootX;
using detail::singleRootInX;
using detail::squareFreePart;

// Sign changes of the non-zero flows.
int signChangesOf(std::span<const double> flows) {
    int changes = 0;
    int previous = 0;
    for (double f : flows) {
        if (f == 0.0) continue;
        const int s = f > 0.0 ? 1 : -1;
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    }
    return changes;
}

// The flows without leading and trailing zeros (which only add roots at x = 0 or lower the degree).
std::span<const double> trimmedFlows(std::span<const double> flows) {
    std::size_t first = 0, last = flows.size();
    while (first < last && flows[first] == 0.0) ++first;
    while (last > first && flows[last - 1] == 0.0) --last;
    return flows.subspan(first, last - first);
}
Rate rateFromX(double x) {
    // The ends are exact: report them as the constants themselves.
    if (x == kLowestX) return kIrrHighest;
    if (x == kHighestX) return kIrrLowest;
    return std::clamp(1.0 / x - 1.0, kIrrLowest, kIrrHighest);
}
// ---------------------------------------------------------------------------------------
// XIRR

// sum a_i (1+r)^-t_i for r = e^u - 1, divided by its largest discount factor so that
// neither r = -99 % over a long series nor r = +1000 % overflows or underflows. The
// divisor is positive and continuous in u, so signs and roots are those of the NPV.
class DatedNpv {
  public:
    DatedNpv(std::vector<double> times, std::vector<double> amounts)
        : times_(std::move(times)), amounts_(std::move(amounts)) {}

    double operator()(double u) const {
        double largest = -std::numeric_limits<double>::infinity();
        for (double t : times_) largest = std::max(largest, -t * u);
        double sum = 0.0;
        for (std::size_t i = 0; i < times_.size(); ++i) sum += amounts_[i] * std::exp(-times_[i] * u - largest);
        return sum;
    }

    double solve(double lower, double upper, double fLower, double fUpper) const {
        std::uintmax_t iterations = 200;
        const auto bracket = boost::math::tools::toms748_solve(
            [this](double u) { return (*this)(u); }, lower, upper, fLower, fUpper,
            boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 1), iterations);
        return 0.5 * (bracket.first + bracket.second);
    }

  private:
    std::vector<double> times_;
    std::vector<double> amounts_;
};

Rate rateFromLog(double u) { return std::clamp(std::expm1(u), kIrrLowest, kIrrHighest); }

// Points in log(1+r) scanned for sign changes when Descartes allows several roots.
constexpr int kXirrGridIntervals = 2000;

// The flows in whole units, without leading zeros (a root at x = 0: r infinite) and trailing
// ones (they lower the degree).
std::vector<std::int64_t> unitsOf(std::span<const Money> flows, Money unit) {
    QL_REQUIRE(std::isfinite(unit) && unit > 0.0, "IRR unit must be positive, got " << unit);
    std::vector<std::int64_t> units;
    units.reserve(flows.size());
    for (Money flow : flows) {
        QL_REQUIRE(std::isfinite(flow), "IRR flows must be finite");
        const double inUnits = flow / unit;
        QL_REQUIRE(std::abs(inUnits) < 4e18, "IRR flow " << flow << " too large for units of " << unit);
        // Flows are rounded money: the nearest whole unit is the flow itself.
        units.push_back(std::llround(inUnits));
    }
    while (!units.empty() && units.back() == 0) units.pop_back();
    units.erase(units.begin(), std::find_if(units.begin(), units.end(), [](std::int64_t u) { return u != 0; }));
    return units;
}

Polynomial polynomialOf(std::span<const std::int64_t> units) { return Polynomial(units.begin(), units.end()); }

enum class Route { ProvedThenExact, ProvedOnly, ExactOnly };

// Roots in x of flows (in whole units, trimmed) that change sign at least twice.
RootsInX severalChangeRootsInX(std::vector<std::int64_t> units, Route route, bool uniqueOnly) {
    std::int64_t content = 0;  // |units| < 4e18: no overflow
    for (std::int64_t u : units) {
        content = std::gcd(content, u);
        if (content == 1) break;
    }
    if (content > 1)
        for (auto& u : units) u /= content;  // the primitive part, as primitivePart gives it
    if (route != Route::ExactOnly) {
        RootsInX proved = provedRootsInX(units, uniqueOnly);
        if (proved.decided || route == Route::ProvedOnly) return proved;
    }
    return {true, false, allRootsInX(squareFreePart(polynomialOf(units)))};
}

std::vector<Rate> ratesFromX(const std::vector<double>& xRoots) {
    std::vector<Rate> roots;
    for (double x : xRoots) roots.push_back(rateFromX(x));
    std::sort(roots.begin(), roots.end());
    return roots;
}

// periodicIrrRoots by the route asked for; nullopt only when the proved route alone is asked
// for and the flows change sign fewer than twice or it cannot decide.
std::optional<std::vector<Rate>> periodicRoots(std::span<const Money> flows, Money unit, Route route) {
    std::vector<std::int64_t> units = unitsOf(flows, unit);
    const int changes = units.size() < 2 ? 0 : signChanges(units);  // one flow: no rate makes it zero
    if (route == Route::ProvedOnly && changes < 2) return std::nullopt;
    if (changes == 0) return std::vector<Rate>{};
    if (changes == 1) {
        // Usually settled in double precision (the same path as periodicIrr, so a Monte Carlo
        // path and `itsb run` agree to the bit); exact only when an end of the range is a
        // near-root that double precision cannot sign.
        const auto fast = singleChangeRootX(trimmedFlows(flows));
        if (fast.status == FastStatus::NoRoot) return std::vector<Rate>{};
        if (fast.status == FastStatus::Solved) return std::vector<Rate>{rateFromX(fast.x)};
        return ratesFromX(singleRootInX(primitivePart(polynomialOf(units))));
    }
    const RootsInX found = severalChangeRootsInX(std::move(units), route, false);
    if (!found.decided) return std::nullopt;
    return ratesFromX(found.x);
}

}  // namespace

std::vector<Rate> periodicIrrRoots(std::span<const Money> flows, Money unit) {
    return *periodicRoots(flows, unit, Route::ProvedThenExact);
}

namespace {

// periodicIrr's answer from the fast route's, for flows changing sign once.
std::optional<Rate> fromFastRoot(const FastRoot& root, std::span<const Money> flows, Money unit) {
    switch (root.status) {
        case FastStatus::Solved: return rateFromX(root.x);
        case FastStatus::NoRoot: return std::nullopt;
        case FastStatus::NeedsExact: break;
    }
    return uniqueRoot(periodicIrrRoots(flows, unit));
}

// periodicIrr for flows changing sign more than once: only whether there is exactly one root
// matters, so the search may stop at the second.
std::optional<Rate> severalChangeIrr(std::span<const Money> flows, Money unit) {
    std::vector<std::int64_t> units = unitsOf(flows, unit);
    if (units.size() < 2 || signChanges(units) < 2) return uniqueRoot(periodicIrrRoots(flows, unit));
    const RootsInX found = severalChangeRootsInX(std::move(units), Route::ProvedThenExact, true);
    if (found.twoOrMore || found.x.size() != 1) return std::nullopt;
    return rateFromX(found.x.front());
}

}  // namespace

std::optional<Rate> periodicIrr(std::span<const Money> flows, Money unit) {
    const int changes = signChangesOf(flows);
    if (changes == 0) return std::nullopt;
    // One sign change leaves at least two non-zero flows.
    if (changes == 1) return fromFastRoot(singleChangeRootX(trimmedFlows(flows)), flows, unit);
    return severalChangeIrr(flows, unit);
}

void periodicIrrs(std::span<const std::span<const Money>> flows, std::span<std::optional<Rate>> out, Money unit) {
    QL_REQUIRE(out.size() == flows.size(), "periodicIrrs: " << flows.size() << " series but room for " << out.size());
    // The series changing sign once wait here, a few at a time, to be solved side by side.
    std::array<std::span<const double>, detail::kSideBySide> waiting;
    std::array<std::size_t, detail::kSideBySide> which;
    std::array<FastRoot, detail::kSideBySide> roots;
    std::size_t count = 0;
    auto solveWaiting = [&] {
        if (count == 1)
            roots[0] = singleChangeRootX(waiting[0]);
        else
            singleChangeRootsX(std::span(waiting.data(), count), std::span(roots.data(), count));
        for (std::size_t k = 0; k < count; ++k) out[which[k]] = fromFastRoot(roots[k], flows[which[k]], unit);
        count = 0;
    };
    for (std::size_t i = 0; i < flows.size(); ++i) {
        const int changes = signChangesOf(flows[i]);
        if (changes == 0) {
            out[i] = std::nullopt;
        } else if (changes == 1) {
            waiting[count] = trimmedFlows(flows[i]);
            which[count++] = i;
            if (count == waiting.size()) solveWaiting();
        } else {
            out[i] = severalChangeIrr(flows[i], unit);
        }
    }
    if (count > 0) solveWaiting();
}

namespace detail {

std::vector<Rate> periodicIrrRootsExact(std::span<const Money> flows, Money unit) {
    return *periodicRoots(flows, unit, Route::ExactOnly);
}

std::optional<std::vector<Rate>> periodicIrrRootsProved(std::span<const Money> flows, Money unit) {
    return periodicRoots(flows, unit, Route::ProvedOnly);
}
}  // namespace detail

std::vector<Rate> xirrRoots(std::span<const DatedFlow> flows) {
    // Zero flows carry no information and do not fix d_first.
    const auto first = std::find_if(flows.begin(), flows.end(), [](const DatedFlow& f) { return f.amount != 0.0; });
    if (first == flows.end()) return {};
    const Date origin = first->date;

    // Flows on the same day are one term of the generalised polynomial in y = 1/(1+r).
    std::map<int, double> byDay;
    for (const auto& flow : flows) {
        QL_REQUIRE(std::isfinite(flow.amount), "XIRR flows must be finite");
        if (flow.amount != 0.0) byDay[daysBetween(origin, flow.date)] += flow.amount;
    }
    std::vector<double> times;
    std::vector<double> amounts;
    for (const auto& [day, amount] : byDay) {
        if (amount == 0.0) continue;
        times.push_back(static_cast<double>(day) / 365.0);
        amounts.push_back(amount);
    }

    // Descartes' rule for generalised polynomials sum a_i y^t_i (real exponents in
    // increasing order): the positive roots in y are at most the sign changes of a_i.
    int changes = 0;
    for (std::size_t i = 1; i < amounts.size(); ++i)
        if ((amounts[i] > 0.0) != (amounts[i - 1] > 0.0)) ++changes;
    if (changes == 0) return {};

    const DatedNpv npv(std::move(times), std::move(amounts));
    const double lowest = std::log1p(kIrrLowest);
    const double highest = std::log1p(kIrrHighest);
    std::vector<Rate> roots;

    if (changes == 1) {
        // At most one root: the NPV changes sign across the range or there is none in it.
        const double fLowest = npv(lowest);
        const double fHighest = npv(highest);
        if (fLowest == 0.0)
            roots.push_back(kIrrLowest);
        else if (fHighest == 0.0)
            roots.push_back(kIrrHighest);
        else if ((fLowest < 0.0) != (fHighest < 0.0))
            roots.push_back(rateFromLog(npv.solve(lowest, highest, fLowest, fHighest)));
        return roots;
    }

    // Several roots possible: scan a grid evenly spaced in log(1+r) and solve on each sign
    // change. A root of even multiplicity (the NPV touching zero without crossing) or two
    // roots within one grid step of each other can be missed here; dated flows do not
    // form a polynomial with integer exponents, so there is no exact count to fall back on.
    double previousU = lowest;
    double previousF = npv(lowest);
    if (previousF == 0.0) roots.push_back(kIrrLowest);
    for (int j = 1; j <= kXirrGridIntervals; ++j) {
        const double u = j == kXirrGridIntervals
                             ? highest
                             : lowest + (highest - lowest) * static_cast<double>(j) / kXirrGridIntervals;
        const double f = npv(u);
        if (f == 0.0)
            roots.push_back(j == kXirrGridIntervals ? kIrrHighest : rateFromLog(u));
        else if (previousF != 0.0 && (f < 0.0) != (previousF < 0.0))
            roots.push_back(rateFromLog(npv.solve(previousU, u, previousF, f)));
        previousU = u;
        previousF = f;
    }
    return roots;
}

std::optional<Rate> uniqueRoot(const std::vector<Rate>& roots) {
    if (roots.size() == 1) return roots.front();
    return std::nullopt;
}

std::optional<Rate> mirr(std::span<const Money> flows, Rate financeRate, Rate reinvestRate) {
    const std::size_t n = flows.size();
    if (n < 2) return std::nullopt;
    const auto last = static_cast<double>(n - 1);
    double futurePositives = 0.0;  // compounded to period n-1 at the reinvestment rate
    double presentNegatives = 0.0;  // discounted to period 0 at the finance rate
    for (std::size_t k = 0; k < n; ++k) {
        const double periods = static_cast<double>(k);
        if (flows[k] > 0.0)
            futurePositives += flows[k] * std::pow(1.0 + reinvestRate, last - periods);
        else if (flows[k] < 0.0)
            presentNegatives += flows[k] * std::pow(1.0 + financeRate, -periods);
    }
    if (futurePositives <= 0.0 || presentNegatives >= 0.0) return std::nullopt;
    const double result = std::pow(futurePositives / -presentNegatives, 1.0 / last) - 1.0;
    if (!std::isfinite(result)) return std::nullopt;
    return result;
}

double discountedSum(std::span<const Money> flows, std::span<const double> discountFactors) {
    const std::size_t n = std::min(flows.size(), discountFactors.size());
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) sum += flows[k] * discountFactors[k];
    return sum;
}

std::optional<double> paybackYears(std::span<const double> flows) {
    if (flows.empty()) return std::nullopt;
    if (flows[0] >= 0.0) return 0.0;
    // A running sum of decimal amounts held in binary can land a hair below an exact zero
    // (-0.3 + 0.1 + 0.2 = -5.6e-17): sums within 1e-13 of the gross amounts count as zero.
    // That is far inside a penny and far above the accumulated rounding of any schedule.
    double sum = flows[0];
    double gross = std::abs(flows[0]);
    for (std::size_t k = 1; k < flows.size(); ++k) {
        const double before = sum;
        sum += flows[k];
        gross += std::abs(flows[k]);
        if (sum >= -1e-13 * gross) {
            const double fraction = std::clamp(-before / flows[k], 0.0, 1.0);
            return static_cast<double>(k - 1) + fraction;
        }
    }
    return std::nullopt;
}

std::optional<Year> breakEvenYear(std::span<const Money> cumulative, Money unit) {
    if (cumulative.empty()) return std::nullopt;
    // Less than half a unit below zero is 0.00 once rounded: not out of pocket.
    const auto outOfPocket = [unit](Money c) { return c <= -0.5 * unit; };
    if (outOfPocket(cumulative.back())) return std::nullopt;
    for (std::size_t k = cumulative.size(); k-- > 0;)
        if (outOfPocket(cumulative[k])) return static_cast<Year>(k + 1);
    return 0;
}

}  // namespace itsb::finance