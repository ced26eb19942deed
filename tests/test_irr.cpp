// Rates of return. Most series here are built from their roots: with v = 1 + r, the flows
// F_0..F_n have NPV(r) = v^-n sum_k F_k v^(n-k), so flows read off the coefficients of
// -(v - v_1)(v - v_2)... have exactly the rates r_i = v_i - 1 as IRRs (plus the roots of any
// factor with no positive real root). Other values are spreadsheet examples recomputed.

#include "itsb/finance/irr.hpp"

#include "itsb/finance/irr_routes.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

using itsb::finance::DatedFlow;
using itsb::finance::Date;
using itsb::finance::Money;
using itsb::finance::Rate;
using itsb::finance::periodicIrrRoots;
using itsb::finance::xirrRoots;

namespace {

constexpr double kRootTolerance = 1e-12;  // the header's promise for every root

void checkRoots(const std::vector<Rate>& actual, const std::vector<Rate>& expected) {
    REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("root " << i << ": " << actual[i] << " expected " << expected[i]);
        CHECK(std::abs(actual[i] - expected[i]) < kRootTolerance);
    }
}

std::vector<Rate> irr(std::vector<Money> flows, Money unit = 0.01) { return periodicIrrRoots(flows, unit); }

// Coefficients (highest power of v first) of the product of two polynomials.
std::vector<long long> multiply(const std::vector<long long>& a, const std::vector<long long>& b) {
    std::vector<long long> c(a.size() + b.size() - 1, 0);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) c[i + j] += a[i] * b[j];
    return c;
}

// Flows F_0..F_n = coefficients of v^n..v^0, given in units of `unit`.
std::vector<Money> flowsFromUnits(const std::vector<long long>& units, Money unit) {
    std::vector<Money> flows;
    for (long long u : units) flows.push_back(static_cast<double>(u) * unit);
    return flows;
}

// A polynomial with positive coefficients has no positive root (Descartes: no sign change).
std::vector<long long> positivePolynomial(int degree, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<long long> coefficient(1, 1000);
    std::vector<long long> p;
    for (int k = 0; k <= degree; ++k) p.push_back(coefficient(random));
    return p;
}

DatedFlow flow(int y, int m, int d, Money amount) { return {Date::fromYmd(y, m, d), amount}; }

}  // namespace

TEST_CASE("irr: a single root, as spreadsheet IRR") {
    // =IRR({-100;60;60}): 100 v^2 = 60 v + 60, v = (60 + sqrt(3600 + 24000)) / 200,
    // r = 0.130662386291807...
    checkRoots(irr({-100, 60, 60}), {(60.0 + std::sqrt(27600.0)) / 200.0 - 1.0});
    // A bond bought at par paying 5 % for 40 years: =IRR({-100;5;...;5;105}) = 5 % exactly.
    std::vector<Money> bond(41, 5.0);
    bond[0] = -100.0;
    bond[40] = 105.0;
    checkRoots(irr(bond), {0.05});
    // Zero flows before the first and after the last change nothing: NPV is multiplied by
    // a power of v.
    checkRoots(irr({0, 0, -100, 60, 60, 0, 0}), {(60.0 + std::sqrt(27600.0)) / 200.0 - 1.0});
    // Money amounts: =IRR({-1000000;400000;400000;400000}). With v = 1 + r,
    // v^3 - 0.4 v^2 - 0.4 v - 0.4 = 0; its real root (mpmath findroot, 30 digits) is
    // v = 1.09701025740327295767..., r = 0.09701025740327295767...
    checkRoots(irr({-1'000'000, 400'000, 400'000, 400'000}), {0.09701025740327295767});
}

TEST_CASE("irr: no root") {
    CHECK(irr({}).empty());
    CHECK(irr({-100}).empty());                // one flow: no rate makes it zero
    CHECK(irr({0, 0, 0}).empty());             // all zero: no rates reported
    CHECK(irr({100, 50, 25}).empty());         // never negative
    CHECK(irr({-100, -50, -25}).empty());      // never positive
    CHECK(irr({-100, 0.5}).empty());           // v = 0.005: r = -99.5 %, below the range
    CHECK(irr({-1, 12}).empty());              // v = 12: r = +1100 %, above the range
    // -(v^2 - v + 1) has no real root (discriminant 1 - 4 < 0) although the flows change
    // sign twice: the exact count finds none.
    CHECK(irr({-1, 1, -1}).empty());
}

TEST_CASE("irr: both ends of the range are included") {
    checkRoots(irr({-100, 1}), {-0.99});    // v = 0.01 exactly: r = -99 %
    checkRoots(irr({-100, 1.5}), {-0.985});  // v = 0.015
    checkRoots(irr({-1, 11}), {10.0});       // v = 11 exactly: r = +1000 %
    checkRoots(irr({-1, 10.9}), {9.9});
    CHECK(irr({-100, 1})[0] == itsb::finance::kIrrLowest);
    CHECK(irr({-1, 11})[0] == itsb::finance::kIrrHighest);
    // Two sign changes (the exact counting path) with a root on each end:
    // -(v - 0.01)(v - 1.1) = -v^2 + 1.11 v - 0.011 -> r = -99 % and 10 %.
    checkRoots(irr({-1, 1.11, -0.011}, 0.001), {-0.99, 0.1});
    // -(v - 11)(v - 1.1) = -v^2 + 12.1 v - 12.1 -> r = 10 % and +1000 %.
    checkRoots(irr({-1, 12.1, -12.1}), {0.1, 10.0});
    // Roots just outside: -(v - 0.005)(v - 1.1) = -v^2 + 1.105 v - 0.0055 -> only 10 %;
    // -(v - 1.1)(v - 12) = -v^2 + 13.1 v - 13.2 -> only 10 %.
    checkRoots(irr({-1, 1.105, -0.0055}, 0.0001), {0.1});
    checkRoots(irr({-1, 13.1, -13.2}), {0.1});
}

TEST_CASE("irr: two roots are both reported") {
    // -(v - 1.1)(v - 1.2) = -v^2 + 2.3 v - 1.32: =IRR({-1;2.3;-1.32}) reaches 10 % or 20 %
    // depending on the guess; both are roots.
    checkRoots(irr({-1, 2.3, -1.32}), {0.1, 0.2});
    checkRoots(irr({-1'000'000, 2'300'000, -1'320'000}), {0.1, 0.2});
    // -(v - 0.5)(v - 2) = -v^2 + 2.5 v - 1: r = -50 % and +100 %.
    checkRoots(irr({-1, 2.5, -1}), {-0.5, 1.0});
}

TEST_CASE("irr: repeated roots are counted once") {
    // -(v - 1)^2 = -v^2 + 2 v - 1: a double root at r = 0; NPV touches zero without changing sign.
    checkRoots(irr({-1, 2, -1}), {0.0});
    // -(v - 1.1)^2 = -v^2 + 2.2 v - 1.21: double root at 10 %.
    checkRoots(irr({-100, 220, -121}), {0.1});
    // -(v - 1.1)^3 = -v^3 + 3.3 v^2 - 3.63 v + 1.331: triple root at 10 % (in units of 0.001).
    checkRoots(irr({-1, 3.3, -3.63, 1.331}, 0.001), {0.1});
    // -(v - 1.1)^2 (v - 1.5) = -v^3 + 3.7 v^2 - 4.51 v + 1.815: 10 % (double) and 50 %.
    checkRoots(irr({-1, 3.7, -4.51, 1.815}, 0.001), {0.1, 0.5});
}

TEST_CASE("irr: roots exactly on a bisection point") {
    // The search maps x = 1/(1+r) in [1/11, 100] to y in [0, 1] by x = (1 + 1099 y) / 11 and
    // bisects in y. A root at y = 1/2 is x = 1101/22, v = 1 + r = 22/1101; at y = 1/4,
    // x = 1103/44, v = 44/1103. With the root v = 1.1:
    // -(1101 v - 22)(10 v - 11) = -11010 v^2 + 12331 v - 242;
    // -(1103 v - 44)(10 v - 11) = -11030 v^2 + 12573 v - 484.
    checkRoots(irr({-11010, 12331, -242}, 1.0), {22.0 / 1101.0 - 1.0, 0.1});
    checkRoots(irr({-11030, 12573, -484}, 1.0), {44.0 / 1103.0 - 1.0, 0.1});
}

TEST_CASE("irr: random series built from known roots") {
    // prod_i (m_i v - n_i) x (a polynomial with positive coefficients) has the positive roots
    // v_i = n_i / m_i and no others, so its rates are the distinct n_i / m_i - 1 in
    // [-0.99, 10]. Roots are drawn in and out of the range, some repeated, some close together.
    // At most four linear factors with m <= 50, n <= 750 and at most 51 positive coefficients
    // up to 100 keep every coefficient below 2^53, so the flows are exact doubles.
    std::mt19937 random(2024);
    std::uniform_int_distribution<int> rootCount(1, 4);
    std::uniform_int_distribution<long long> denominator(1, 50);
    std::uniform_real_distribution<double> logV(std::log(0.005), std::log(15.0));
    std::uniform_int_distribution<int> extraDegree(0, 50);
    std::bernoulli_distribution repeat(0.3);
    std::bernoulli_distribution negate(0.5);
    for (int trial = 0; trial < 500; ++trial) {
        std::vector<long long> units{negate(random) ? -1 : 1};
        std::vector<double> expected;
        int factors = 0;
        for (int target = rootCount(random); factors < target;) {
            const long long m = denominator(random);
            const auto n = static_cast<long long>(std::llround(std::exp(logV(random)) * static_cast<double>(m)));
            if (n == 0) continue;
            const int multiplicity = (factors + 2 <= 4 && repeat(random)) ? 2 : 1;
            for (int j = 0; j < multiplicity; ++j) units = multiply(units, {m, -n});
            factors += multiplicity;
            const double rate = static_cast<double>(n) / static_cast<double>(m) - 1.0;
            bool known = false;
            for (double e : expected) known = known || e == rate;
            if (!known && rate >= -0.99 && rate <= 10.0) expected.push_back(rate);
        }
        std::sort(expected.begin(), expected.end());
        std::uniform_int_distribution<long long> coefficient(1, 100);
        std::vector<long long> positive;
        for (int k = 0, d = extraDegree(random); k <= d; ++k) positive.push_back(coefficient(random));
        units = multiply(units, positive);
        INFO("trial " << trial);
        checkRoots(irr(flowsFromUnits(units, 1.0), 1.0), expected);
    }
}

TEST_CASE("irr: degree 40 with two roots") {
    // -(v - 1.1)(v - 1.2) (v^38 + v^37 + ... + 1): the second factor is (v^39 - 1)/(v - 1),
    // whose roots are the 39th roots of unity other than 1, none of them real. Multiplying out
    // (in cents): -100, 130, then -2 (= -100 + 230 - 132) 37 times, 98, -132.
    std::vector<long long> units{-100, 130};
    units.insert(units.end(), 37, -2);
    units.push_back(98);
    units.push_back(-132);
    REQUIRE(units == multiply({-100, 230, -132}, std::vector<long long>(39, 1)));
    checkRoots(irr(flowsFromUnits(units, 0.01)), {0.1, 0.2});
}

TEST_CASE("irr: degree 40 and 300 with four known roots, and a double root at degree 300") {
    // (v - 1.05)(v - 1.1)(v - 1.2)(v - 1.5) in units of 0.01^4 = 1e-8:
    // (100 v - 105)(100 v - 110)(100 v - 120)(100 v - 150), times a polynomial with positive
    // coefficients (no positive root): the positive roots are exactly v = 1.05, 1.1, 1.2, 1.5.
    // (How fast this is belongs to a benchmark, not here.)
    const std::vector<long long> fourRoots =
        multiply(multiply({100, -105}, {100, -110}), multiply({100, -120}, {100, -150}));
    for (int degree : {40, 300}) {
        CAPTURE(degree);
        const auto units = multiply(fourRoots, positivePolynomial(degree - 4, 7u + static_cast<unsigned>(degree)));
        checkRoots(periodicIrrRoots(flowsFromUnits(units, 1e-8), 1e-8), {0.05, 0.1, 0.2, 0.5});
    }
    // A double root at degree 300: -(v - 1.1)^2 times a positive polynomial, so the
    // square-free reduction runs on a large polynomial.
    const auto units = multiply(multiply({-10, 11}, {10, -11}), positivePolynomial(298, 11u));
    checkRoots(periodicIrrRoots(flowsFromUnits(units, 0.01), 0.01), {0.1});
}

namespace {

// Equal to the bit, element by element.
bool sameBits(const std::vector<Rate>& a, const std::vector<Rate>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
    return true;
}

bool sameBits(std::optional<Rate> a, std::optional<Rate> b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::bit_cast<std::uint64_t>(*a) == std::bit_cast<std::uint64_t>(*b);
}

int signChangesOf(const std::vector<long long>& units) {
    int changes = 0, previous = 0;
    for (long long u : units) {
        const int s = (u > 0) - (u < 0);
        if (s == 0) continue;
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    }
    return changes;
}

}  // namespace

TEST_CASE("irr: the proved double-precision route gives the exact route's roots to the bit") {
    // Flows changing sign more than once have their roots counted and isolated either in exact
    // integer arithmetic (periodicIrrRootsExact) or by the same bisection in double precision
    // with every sign proved by a rounding-error bound (periodicIrrRootsProved, which declines
    // when a sign is too close to call). Both must give the same roots, to the bit, and
    // periodicIrrRoots / periodicIrr must give them too, whichever route settled them.
    // The series are built from their roots (see "random series built from known roots"):
    //   +-(product of linear factors m v - n) x (c2 v^2 - c1 v + c0) x (positive coefficients),
    // where the quadratic, with c1^2 < 4 c0 c2, has no real root but adds two sign changes, so
    // the rates are exactly the n / m - 1 in range. Five kinds in turn: no root in range (a
    // linear root outside it), one, two, three, and two roots 1/m apart with m up to 20,000
    // (near-double). Coefficients stay below 2^53: exact doubles.
    std::mt19937 random(20260411);
    std::uniform_int_distribution<long long> smallDenominator(1, 40), nearDenominator(2'000, 20'000);
    std::uniform_real_distribution<double> logV(std::log(0.005), std::log(15.0));
    std::uniform_real_distribution<double> inRangeLogV(std::log(0.02), std::log(10.0));
    std::uniform_int_distribution<long long> middle(150, 250), slack(0, 5), positiveCoefficient(1, 20);
    std::uniform_int_distribution<int> extraDegree(0, 100), longExtraDegree(150, 170);
    std::bernoulli_distribution negate(0.5), withQuadratic(0.7);
    int compared = 0, proved = 0;
    std::vector<int> byCount(5, 0);
    for (int trial = 0; trial < 400; ++trial) {
        const int kind = trial % 5;
        std::vector<long long> units{negate(random) ? -1 : 1};
        std::vector<double> expected;
        const auto addRoot = [&](long long m, long long n) {
            units = multiply(units, {m, -n});
            const double rate = static_cast<double>(n) / static_cast<double>(m) - 1.0;
            if (rate >= -0.99 && rate <= 10.0 && std::find(expected.begin(), expected.end(), rate) == expected.end())
                expected.push_back(rate);
        };
        const auto drawN = [&](long long m, bool inRange) {
            const double v = std::exp(inRange ? inRangeLogV(random) : logV(random));
            return std::max<long long>(1, std::llround(v * static_cast<double>(m)));
        };
        if (kind == 0) {
            addRoot(1, 20);  // v = 20: r = 1900 %, out of range
        } else if (kind <= 3) {
            for (int i = 0; i < kind; ++i) {
                const long long m = smallDenominator(random);
                addRoot(m, drawN(m, true));
            }
        } else {
            const long long m = nearDenominator(random), n = drawN(m, true);
            addRoot(m, n);
            addRoot(m, n + 1);
        }
        if (kind != 4 || withQuadratic(random)) {
            const long long c1 = middle(random);
            units = multiply(units, {100, -c1, (c1 * c1) / 400 + 1 + slack(random)});
        }
        std::vector<long long> positive;
        // One in twenty as long as a 170-year horizon (the exact route takes milliseconds there).
        const int degree = trial % 20 == 0 ? longExtraDegree(random) : extraDegree(random);
        for (int k = 0; k <= degree; ++k) positive.push_back(positiveCoefficient(random));
        units = multiply(units, positive);
        std::sort(expected.begin(), expected.end());
        if (signChangesOf(units) < 2) continue;  // settled by Descartes' rule and Newton instead
        for (long long u : units) REQUIRE(std::abs(u) < (1LL << 53));
        INFO("trial " << trial << ", degree " << units.size() - 1);
        const auto flows = flowsFromUnits(units, 0.01);
        const auto exact = itsb::finance::detail::periodicIrrRootsExact(flows);
        checkRoots(exact, expected);  // the exact route against the roots the series was built from
        const auto fast = itsb::finance::detail::periodicIrrRootsProved(flows);
        if (fast) {
            ++proved;
            CHECK(sameBits(*fast, exact));
        }
        CHECK(sameBits(periodicIrrRoots(flows), exact));
        CHECK(sameBits(itsb::finance::periodicIrr(flows), itsb::finance::uniqueRoot(exact)));
        ++byCount[std::min<std::size_t>(exact.size(), 4)];
        ++compared;
    }
    MESSAGE("series compared: " << compared << ", settled by the proved route: " << proved
                                << "; with 0, 1, 2, 3 roots: " << byCount[0] << ", " << byCount[1] << ", " << byCount[2]
                                << ", " << byCount[3]);
    CHECK(compared >= 300);
    for (int roots = 0; roots <= 3; ++roots) CHECK(byCount[static_cast<std::size_t>(roots)] >= 40);
    CHECK(proved >= compared * 9 / 10);  // else the comparison above would prove little
}

TEST_CASE("irr: the proved route declines what only exact arithmetic can settle") {
    using itsb::finance::detail::periodicIrrRootsProved;
    // A double root: -(10 v - 11)^2 x (positive) is not square-free; the exact route works on
    // its square-free part, which the proved route cannot stand in for.
    const auto doubleRoot = flowsFromUnits(multiply(multiply({-10, 11}, {10, -11}), positivePolynomial(60, 5u)), 0.01);
    CHECK_FALSE(periodicIrrRootsProved(doubleRoot).has_value());
    checkRoots(periodicIrrRoots(doubleRoot), {0.1});
    // A repeated factor with no real root, (100 v^2 - 210 v + 120)^2 (discriminant
    // 44100 - 48000 < 0), beside simple roots at 10 % and 25 %: the bisection isolates both
    // roots, and only the square-free test tells the polynomial is not its square-free part.
    const std::vector<long long> quadratic{100, -210, 120};
    const auto repeated = flowsFromUnits(
        multiply(multiply(multiply(quadratic, quadratic), multiply({-10, 11}, {20, -25})), positivePolynomial(40, 9u)), 0.01);
    CHECK_FALSE(periodicIrrRootsProved(repeated).has_value());
    checkRoots(periodicIrrRoots(repeated), {0.1, 0.25});
    // A root exactly on a bisection point (y = 1/2, see "roots exactly on a bisection point")
    // and exactly on an end of the range (v = 11, r = +1000 %).
    const std::vector<Money> onMidpoint{-11010, 12331, -242}, onEnd{-1, 12.1, -12.1};
    CHECK_FALSE(periodicIrrRootsProved(onMidpoint, 1.0).has_value());
    CHECK_FALSE(periodicIrrRootsProved(onEnd).has_value());
    CHECK(sameBits(periodicIrrRoots(onMidpoint, 1.0), itsb::finance::detail::periodicIrrRootsExact(onMidpoint, 1.0)));
    CHECK(sameBits(periodicIrrRoots(onEnd), itsb::finance::detail::periodicIrrRootsExact(onEnd)));
    // One sign change is not its business.
    CHECK_FALSE(periodicIrrRootsProved(std::vector<Money>{-100, 60, 60}).has_value());
}

TEST_CASE("irr: series solved side by side get the answer each gets alone, to the bit") {
    // periodicIrrs interleaves the Newton iterations of up to eight series that change sign once;
    // each must still take its own operations in its own order. The pool mixes lengths (a
    // shorter series joins the loop later), leading and trailing zeros, roots above and below
    // r = 0 (x below and above 1), no root in the range, an end that only exact arithmetic can
    // sign, and series with no or several sign changes; batches of every size cut across them.
    std::mt19937 random(20261202);  // only picks test cases
    std::uniform_int_distribution<int> length(2, 60), zeros(0, 3), batch(1, 13);
    std::uniform_real_distribution<double> outlay(1e3, 1e7), yield(-0.5, 1.5);
    std::vector<std::vector<Money>> pool;
    for (int i = 0; i < 400; ++i) {
        std::vector<Money> flows(static_cast<std::size_t>(zeros(random)), 0.0);
        const double paid = std::round(outlay(random) * 100.0) / 100.0;
        const int n = length(random);
        flows.push_back(-paid);
        // Level returns whose sum is paid x (1 + yield): below the outlay when yield < 0.
        const double each = std::round(paid * (1.0 + yield(random)) / n * 100.0) / 100.0;
        for (int k = 0; k < n; ++k) flows.push_back(each);
        flows.resize(flows.size() + static_cast<std::size_t>(zeros(random)), 0.0);
        pool.push_back(flows);
    }
    pool.push_back({-1, 11});             // the root is the end r = +1000 %: exact arithmetic signs it
    pool.push_back({-100, 0.5});          // the root r = -99.5 % lies outside the range
    pool.push_back({-100, 60, 60});       // one sign change, a short series
    pool.push_back({-100, 230, -132});    // two sign changes, roots 10 % and 20 %
    pool.push_back({0, 0, 5, 7});         // no sign change
    pool.push_back({});                   // nothing
    pool.push_back({42});                 // one flow
    std::shuffle(pool.begin(), pool.end(), random);

    int solved = 0, none = 0, negative = 0;
    for (std::size_t first = 0; first < pool.size();) {
        const std::size_t size = std::min(pool.size() - first, static_cast<std::size_t>(batch(random)));
        std::vector<std::span<const Money>> series(pool.begin() + static_cast<std::ptrdiff_t>(first),
                                                   pool.begin() + static_cast<std::ptrdiff_t>(first + size));
        std::vector<std::optional<Rate>> together(size);
        itsb::finance::periodicIrrs(series, together);
        for (std::size_t i = 0; i < size; ++i) {
            const auto alone = itsb::finance::periodicIrr(series[i]);
            CHECK_MESSAGE(sameBits(together[i], alone), "series " << first + i);
            solved += alone ? 1 : 0;
            none += alone ? 0 : 1;
            negative += alone && *alone < 0.0 ? 1 : 0;
        }
        first += size;
    }
    // A Monte Carlo block's series: one length, mostly positive rates, so that eight at a time
    // take the registers of two (the series with negative rates leave that route when they do).
    std::vector<std::vector<Money>> block;
    for (int i = 0; i < 96; ++i) {
        std::vector<Money> flows{-std::round(outlay(random) * 100.0) / 100.0};
        const double each = std::round(-flows[0] * (1.0 + yield(random)) / 20.0 * 100.0) / 100.0;
        flows.resize(21, each);
        block.push_back(flows);
    }
    std::vector<std::span<const Money>> blockSeries(block.begin(), block.end());
    std::vector<std::optional<Rate>> blockIrrs(block.size());
    itsb::finance::periodicIrrs(blockSeries, blockIrrs);
    int positive = 0;
    for (std::size_t i = 0; i < block.size(); ++i) {
        const auto alone = itsb::finance::periodicIrr(block[i]);
        CHECK_MESSAGE(sameBits(blockIrrs[i], alone), "block series " << i);
        positive += alone && *alone > 0.0 ? 1 : 0;
    }
    CHECK(positive > 48);

    CHECK(itsb::finance::periodicIrr(std::vector<Money>{-1, 11}) == 10.0);
    CHECK(solved > 300);
    CHECK(negative > 50);  // roots with x = 1 / (1 + r) above 1 take the other loop
    CHECK(none >= 4);
    std::vector<std::optional<Rate>> tooFew(1);
    CHECK_THROWS(itsb::finance::periodicIrrs(std::vector<std::span<const Money>>(2), tooFew));
}

TEST_CASE("irr: xirr reproduces the spreadsheet documentation example") {
    // Excel's XIRR help page: =XIRR(values, dates) over these flows is 0.373362535 (37.34 %).
    // Recomputed independently (mpmath findroot, 40 digits, day counts 0, 60, 303, 411, 456):
    // 0.37336253351883151...
    const std::vector<DatedFlow> flows{
        flow(2008, 1, 1, -10000), flow(2008, 3, 1, 2750), flow(2008, 10, 30, 4250),
        flow(2009, 2, 15, 3250),  flow(2009, 4, 1, 2750),
    };
    const auto roots = xirrRoots(flows);
    REQUIRE(roots.size() == 1);
    // Excel stops iterating at 0.000001 %, so its 0.373362535 is good to 1e-8.
    CHECK(std::abs(roots[0] - 0.373362535) < 1e-8);
    CHECK(std::abs(roots[0] - 0.37336253351883151) < kRootTolerance);
}

TEST_CASE("irr: xirr counts ACT/365F from the first non-zero flow, in any order") {
    // 2020 is a leap year: 366 days, t = 366/365. -100 + 110 (1+r)^(-366/365) = 0 gives
    // r = 1.1^(365/366) - 1.
    const double expected = std::pow(1.1, 365.0 / 366.0) - 1.0;
    checkRoots(xirrRoots(std::vector<DatedFlow>{flow(2019, 6, 1, 0.0), flow(2020, 1, 1, -100), flow(2021, 1, 1, 110)}),
               {expected});
    // Later date first: d_first is 2021-01-01 and t = -366/365 for the outlay; same root.
    checkRoots(xirrRoots(std::vector<DatedFlow>{flow(2021, 1, 1, 110), flow(2020, 1, 1, -100)}), {expected});
    // Flows on the same day add up: -100 + 30 = -70 against 77 = 70 x 1.1.
    checkRoots(xirrRoots(std::vector<DatedFlow>{flow(2020, 1, 1, -100), flow(2020, 1, 1, 30), flow(2021, 1, 1, 77)}),
               {expected});
}

TEST_CASE("irr: xirr with two roots and with none") {
    // 2021 and 2022 have 365 days, so t = 0, 1, 2 and the flows of -(v - 1.1)(v - 1.2)
    // give 10 % and 20 % as for the periodic IRR.
    checkRoots(xirrRoots(std::vector<DatedFlow>{flow(2021, 1, 1, -100), flow(2022, 1, 1, 230), flow(2023, 1, 1, -132)}),
               {0.1, 0.2});
    CHECK(xirrRoots(std::vector<DatedFlow>{}).empty());
    CHECK(xirrRoots(std::vector<DatedFlow>{flow(2021, 1, 1, 0.0), flow(2022, 1, 1, 0.0)}).empty());
    CHECK(xirrRoots(std::vector<DatedFlow>{flow(2021, 1, 1, 100), flow(2022, 1, 1, 230)}).empty());
    // -100 then 0.5 a year later: r = -99.5 %, outside the range.
    CHECK(xirrRoots(std::vector<DatedFlow>{flow(2021, 1, 1, -100), flow(2022, 1, 1, 0.5)}).empty());
}

TEST_CASE("irr: uniqueRoot only when there is exactly one") {
    CHECK_FALSE(itsb::finance::uniqueRoot({}).has_value());
    CHECK(itsb::finance::uniqueRoot({0.1}) == 0.1);
    CHECK_FALSE(itsb::finance::uniqueRoot({0.1, 0.2}).has_value());
}

TEST_CASE("irr: mirr matches the spreadsheet documentation examples") {
    using itsb::finance::mirr;
    // Excel's MIRR help page: =MIRR({-120000;39000;30000;21000;37000;46000}; 10%; 12%) = 13 %.
    // By hand: (39000 x 1.12^4 + 30000 x 1.12^3 + 21000 x 1.12^2 + 37000 x 1.12 + 46000)
    // = 217297.49504, over 120000, to the power 1/5, minus 1 = 0.12609413036590514...
    const std::vector<Money> flows{-120000, 39000, 30000, 21000, 37000, 46000};
    CHECK(std::abs(*mirr(flows, 0.10, 0.12) - 0.12609413036590514) < 1e-12);
    // Same page, three years: =MIRR({-120000;39000;30000;21000}; 10%; 12%) = -5 %:
    // ((39000 x 1.2544 + 30000 x 1.12 + 21000) / 120000)^(1/3) - 1 = -0.04804465524998082...
    CHECK(std::abs(*mirr(std::span(flows).first(4), 0.10, 0.12) - -0.04804465524998082) < 1e-12);
    // Same page, reinvesting at 14 %: = 13 % (0.13475911082831485 by the same formula).
    CHECK(std::abs(*mirr(flows, 0.10, 0.14) - 0.13475911082831485) < 1e-12);
    // A later negative flow is financed: -100 - 20 / 1.1^2 = -116.528925619834...;
    // 50 x 1.05^2 + 120 = 175.125; (175.125 / 116.528925619834)^(1/3) - 1 = 0.14543768846258054...
    CHECK(std::abs(*mirr(std::vector<Money>{-100, 50, -20, 120}, 0.10, 0.05) - 0.14543768846258054) < 1e-12);
    // =MIRR needs a positive and a negative value (#DIV/0! otherwise) and two periods.
    CHECK_FALSE(mirr(std::vector<Money>{100, 50}, 0.1, 0.1).has_value());
    CHECK_FALSE(mirr(std::vector<Money>{-100, -50}, 0.1, 0.1).has_value());
    CHECK_FALSE(mirr(std::vector<Money>{-100}, 0.1, 0.1).has_value());
}

TEST_CASE("irr: discounted sums, payback and break-even") {
    using itsb::finance::breakEvenYear;
    using itsb::finance::discountedSum;
    using itsb::finance::paybackYears;
    // 100 x 1 + 100 x 0.5 over the common length of the two series.
    CHECK(discountedSum(std::vector<Money>{100, 100}, std::vector<double>{1.0, 0.5, 0.25}) == 150.0);

    // -100, 30, 40, 50: -30 outstanding after year 2, recovered in 30/50 of year 3 -> 2.6.
    CHECK(std::abs(*paybackYears(std::vector<double>{-100, 30, 40, 50}) - 2.6) < 1e-12);
    CHECK(*paybackYears(std::vector<double>{10, -5}) == 0.0);        // nothing to pay back
    CHECK(*paybackYears(std::vector<double>{-100, 50, 50}) == 2.0);  // exactly at the end of year 2
    // -0.3 + 0.1 + 0.2 is -5.6e-17 in binary; it is still an exact payback at 2 years.
    CHECK(*paybackYears(std::vector<double>{-0.3, 0.1, 0.2}) == 2.0);
    CHECK_FALSE(paybackYears(std::vector<double>{-100, 10, 10}).has_value());
    CHECK_FALSE(paybackYears(std::vector<double>{}).has_value());

    // Cumulative positions -100, -50, 10, -5, 20, 30: out of pocket last in year 3 -> 4.
    CHECK(breakEvenYear(std::vector<Money>{-100, -50, 10, -5, 20, 30}) == 4);
    CHECK(breakEvenYear(std::vector<Money>{-1, 0, 5}) == 1);           // 0.00 is not out of pocket
    CHECK(breakEvenYear(std::vector<Money>{-1, -0.004, 5}) == 1);      // rounds to 0.00
    CHECK(breakEvenYear(std::vector<Money>{-1, -0.005, 5}) == 2);      // a penny out of pocket
    CHECK(breakEvenYear(std::vector<Money>{10, 20}) == 0);
    CHECK_FALSE(breakEvenYear(std::vector<Money>{10, -20}).has_value());
    CHECK_FALSE(breakEvenYear(std::vector<Money>{}).has_value());
}
