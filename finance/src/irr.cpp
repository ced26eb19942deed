#include "itsb/finance/irr.hpp"

#include "irr_detail.hpp"

#include <ql/errors.hpp>

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
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
// isolation in double precision, each sign proved" below); the exact route runs only when a
// sign is too close to call, and either way the roots are the same, bit for bit.

namespace itsb::finance {

namespace {

using boost::multiprecision::cpp_int;
using Polynomial = std::vector<cpp_int>;  // coefficients in ascending powers

// ---------------------------------------------------------------------------------------
// Exact polynomial arithmetic

int degree(const Polynomial& p) { return static_cast<int>(p.size()) - 1; }

void trim(Polynomial& p) {
    while (!p.empty() && p.back() == 0) p.pop_back();
}

int sign(const cpp_int& v) { return v.sign(); }

// p / content(p): coprime coefficients, same signs (the content is positive).
Polynomial primitivePart(Polynomial p) {
    cpp_int g = 0;
    for (const auto& c : p) {
        g = gcd(g, c);
        if (g == 1) return p;
    }
    if (g > 1)
        for (auto& c : p) c /= g;
    return p;
}

Polynomial derivative(const Polynomial& p) {
    Polynomial d;
    for (std::size_t k = 1; k < p.size(); ++k) d.push_back(p[k] * static_cast<unsigned>(k));
    trim(d);
    return d;
}

// a / b when b divides a in Z[x], else nullopt.
std::optional<Polynomial> divideExactly(Polynomial a, const Polynomial& b) {
    const int n = degree(b);
    if (degree(a) < n) return std::nullopt;
    Polynomial quotient(static_cast<std::size_t>(degree(a) - n + 1));
    for (int shift = degree(a) - n; shift >= 0; --shift) {
        const auto top = static_cast<std::size_t>(n + shift);
        cpp_int q, r;
        divide_qr(a[top], b.back(), q, r);
        if (r != 0) return std::nullopt;
        if (q != 0)
            for (std::size_t j = 0; j <= static_cast<std::size_t>(n); ++j) a[j + static_cast<std::size_t>(shift)] -= q * b[j];
        quotient[static_cast<std::size_t>(shift)] = std::move(q);
    }
    trim(a);
    if (!a.empty()) return std::nullopt;
    return quotient;
}

// p(y + 1), in place: the classical O(n^2) Taylor shift, additions only.
void taylorShiftByOne(Polynomial& p) {
    const int n = degree(p);
    for (int i = 0; i < n; ++i)
        for (int j = n - 1; j >= i; --j) p[static_cast<std::size_t>(j)] += p[static_cast<std::size_t>(j) + 1];
}

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

// Descartes' rule on (0, 1): the sign changes of (1+y)^n A(1/(1+y)), capped at 2 (bisection
// follows from 2 on). The Taylor shift finalises coefficient i in its i-th pass, so counting
// can stop as soon as a second change appears.
int descartesBoundOnUnitInterval(const Polynomial& a) {
    Polynomial b(a.rbegin(), a.rend());
    const int n = degree(b);
    int changes = 0;
    int previous = 0;
    const auto count = [&](const cpp_int& c) {
        const int s = sign(c);
        if (s == 0) return;
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    };
    for (int i = 0; i < n; ++i) {
        for (int j = n - 1; j >= i; --j) b[static_cast<std::size_t>(j)] += b[static_cast<std::size_t>(j) + 1];
        count(b[static_cast<std::size_t>(i)]);
        if (changes >= 2) return 2;
    }
    count(b[static_cast<std::size_t>(n)]);
    return std::min(changes, 2);
}

// Divides out the largest power of two common to all coefficients: bisection multiplies by
// powers of two, and this keeps the integers from growing by more than the information
// they carry.
void removeCommonPowerOfTwo(Polynomial& p) {
    unsigned shift = std::numeric_limits<unsigned>::max();
    for (const auto& c : p)
        if (c != 0) shift = std::min(shift, static_cast<unsigned>(lsb(abs(c))));
    if (shift == 0 || shift == std::numeric_limits<unsigned>::max()) return;
    for (auto& c : p) c >>= shift;  // exact: every coefficient is a multiple of 2^shift
}

// ---------------------------------------------------------------------------------------
// gcd(P, P') by the modular method: modulo a prime p not dividing lc(P), the gcd has at
// least the degree of the true one, so a constant gcd modulo one prime proves P square-free
// (the usual case, at O(n^2) word operations). Otherwise the gcd is rebuilt from several
// primes by the Chinese remainder theorem and accepted once it divides P and P' exactly.

using Word = std::uint64_t;
__extension__ using WideWord = unsigned __int128;

Word mulMod(Word a, Word b, Word m) { return static_cast<Word>(static_cast<WideWord>(a) * b % m); }

Word powMod(Word base, Word exponent, Word m) {
    Word result = 1;
    for (base %= m; exponent > 0; exponent >>= 1) {
        if (exponent & 1U) result = mulMod(result, base, m);
        base = mulMod(base, base, m);
    }
    return result;
}

// Deterministic Miller-Rabin: these bases decide every n < 3.3e24.
bool isPrime(Word n) {
    constexpr Word kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    if (n < 2) return false;
    for (Word b : kBases)
        if (n % b == 0) return n == b;
    Word d = n - 1;
    int s = 0;
    while ((d & 1U) == 0) {
        d >>= 1;
        ++s;
    }
    for (Word b : kBases) {
        Word x = powMod(b, d, n);
        if (x == 1 || x == n - 1) continue;
        bool composite = true;
        for (int i = 1; i < s && composite; ++i) {
            x = mulMod(x, x, n);
            if (x == n - 1) composite = false;
        }
        if (composite) return false;
    }
    return true;
}

// The largest primes below 2^62, found once (thread-safe static initialisation).
const std::vector<Word>& modularPrimes() {
    static const std::vector<Word> primes = [] {
        std::vector<Word> found;
        for (Word n = (Word{1} << 62) - 1; found.size() < 160; n -= 2)
            if (isPrime(n)) found.push_back(n);
        return found;
    }();
    return primes;
}

using ModularPolynomial = std::vector<Word>;  // ascending powers, entries in [0, m)

ModularPolynomial reduce(const Polynomial& p, Word m) {
    ModularPolynomial r(p.size());
    const cpp_int modulus(m);
    for (std::size_t i = 0; i < p.size(); ++i) {
        cpp_int c = p[i] % modulus;  // sign of p[i]
        if (c < 0) c += modulus;
        r[i] = static_cast<Word>(c);
    }
    while (!r.empty() && r.back() == 0) r.pop_back();
    return r;
}

// Monic gcd modulo a prime m, by Euclid.
ModularPolynomial gcdModulo(ModularPolynomial a, ModularPolynomial b, Word m) {
    while (!b.empty()) {
        const Word inverse = powMod(b.back(), m - 2, m);
        while (a.size() >= b.size()) {
            const Word factor = mulMod(a.back(), inverse, m);
            const std::size_t shift = a.size() - b.size();
            for (std::size_t j = 0; j < b.size(); ++j) {
                const Word t = mulMod(factor, b[j], m);
                Word& target = a[j + shift];
                target = target >= t ? target - t : target + (m - t);
            }
            while (!a.empty() && a.back() == 0) a.pop_back();
        }
        std::swap(a, b);
    }
    const Word inverse = powMod(a.back(), m - 2, m);
    for (auto& c : a) c = mulMod(c, inverse, m);
    return a;
}

// The square-free part P / gcd(P, P') of a primitive P of degree >= 1, primitive.
Polynomial squareFreePart(const Polynomial& p) {
    const Polynomial dp = derivative(p);
    const cpp_int leading = abs(p.back());  // gcd(lc P, lc P') = |lc P|: lc P' = n lc P
    std::size_t bestDegree = std::numeric_limits<std::size_t>::max();
    std::vector<cpp_int> residues;  // of leading x monic gcd, modulo `modulus`
    cpp_int modulus = 1;
    Polynomial previousCandidate;
    for (Word m : modularPrimes()) {
        if (p.back() % m == 0) continue;  // degree would drop modulo m
        const ModularPolynomial g = gcdModulo(reduce(p, m), reduce(dp, m), m);
        const std::size_t d = g.size() - 1;
        if (d == 0) return p;  // square-free
        if (d > bestDegree) continue;  // an unlucky prime: its gcd has a spurious factor
        if (d < bestDegree) {  // the earlier primes were unlucky: start again from this one
            bestDegree = d;
            residues.assign(d + 1, 0);
            modulus = 1;
            previousCandidate.clear();
        }
        // The true gcd G scaled to leading coefficient |lc P| (a multiple of lc G) reduces to
        // |lc P| x g modulo a lucky prime. Combine with the earlier primes (CRT).
        const Word leadingModM = static_cast<Word>(leading % m);
        const Word inverseModulus = powMod(static_cast<Word>(modulus % m), m - 2, m);
        for (std::size_t i = 0; i <= d; ++i) {
            const Word target = mulMod(leadingModM, g[i], m);
            const Word current = static_cast<Word>(residues[i] % m);
            const Word step = mulMod(target >= current ? target - current : target + (m - current), inverseModulus, m);
            residues[i] += modulus * step;
        }
        modulus *= m;
        // Symmetric representatives, then the candidate when two primes in a row agree.
        Polynomial candidate(d + 1);
        const cpp_int half = modulus / 2;
        for (std::size_t i = 0; i <= d; ++i) candidate[i] = residues[i] > half ? residues[i] - modulus : residues[i];
        candidate = primitivePart(candidate);
        if (candidate == previousCandidate) {
            if (divideExactly(dp, candidate)) {
                if (auto quotient = divideExactly(p, candidate)) return primitivePart(*quotient);
            }
        }
        previousCandidate = std::move(candidate);
    }
    QL_FAIL("IRR: could not reduce the cash-flow polynomial to its square-free part");
}

// ---------------------------------------------------------------------------------------
// Points on the positive x axis, exact and approximate at once

struct Point {
    cpp_int num;  // value = num / den, den > 0
    cpp_int den;
    double approx = 0.0;
};

// A double is a dyadic rational: mantissa x 2^exponent, exactly.
Point exactDouble(double v) {
    int exponent = 0;
    const double fraction = std::frexp(v, &exponent);  // v = fraction x 2^exponent, 0.5 <= fraction < 1
    const auto mantissa = static_cast<std::int64_t>(std::ldexp(fraction, 53));
    exponent -= 53;
    Point p{cpp_int(mantissa), cpp_int(1), v};
    if (exponent >= 0)
        p.num <<= static_cast<unsigned>(exponent);
    else
        p.den <<= static_cast<unsigned>(-exponent);
    return p;
}

bool lessThan(const Point& a, const Point& b) { return a.num * b.den < b.num * a.den; }

// Sign of p at num/den, from den^n p(num/den) = sum c_k num^k den^(n-k) (homogeneous Horner).
int signAt(const Polynomial& p, const cpp_int& num, const cpp_int& den) {
    if (p.empty()) return 0;
    cpp_int acc = p.back();
    if (den == 1) {
        for (int k = degree(p) - 1; k >= 0; --k) acc = acc * num + p[static_cast<std::size_t>(k)];
    } else {
        cpp_int denPower = 1;
        for (int k = degree(p) - 1; k >= 0; --k) {
            denPower *= den;
            acc = acc * num + p[static_cast<std::size_t>(k)] * denPower;
        }
    }
    return sign(acc);
}

// The interval searched, x in [1/11, 100], as x = (1 + 1099 y) / 11 for y in [0, 1].
constexpr long long kXScaleDenominator = 11;  // x = 1/11 is r = +1000 %
constexpr long long kXSpanNumerator = 1099;   // 100 - 1/11 = 1099/11; x = 100 is r = -99 %
constexpr double kLowestX = 1.0 / 11.0;
constexpr double kHighestX = 100.0;

// x at y = m / 2^k in double precision (m < 2^53 is exact): the ends every polishing starts
// from, exact route and proved route alike.
double approximateXAtDyadicY(double m, unsigned k) {
    return (1.0 + static_cast<double>(kXSpanNumerator) * std::ldexp(m, -static_cast<int>(k))) /
           static_cast<double>(kXScaleDenominator);
}

// x at y = m / 2^k.
Point xAtDyadicY(const cpp_int& m, unsigned k) {
    const cpp_int twoToK = cpp_int(1) << k;
    return {twoToK + kXSpanNumerator * m, kXScaleDenominator * twoToK,
            approximateXAtDyadicY(m.convert_to<double>(), k)};
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

//! The single root, simple, in the open interval (a, b) of a polynomial whose exact sign at
//! a point is `exactSign(x)`: `signAbove` between the root and b, the opposite between a and
//! the root. `approximate` is a double-precision polynomial with the same root there.
//! Accurate to well within 1e-12 in r = 1/x - 1.
template <typename ExactSign>
double polishRoot(const Point& a, const Point& b, int signAbove, const ExactSign& exactSign,
                  const DoublePolynomial& approximate) {
    struct ExactSigns {
        const Point& a;
        const Point& b;
        const ExactSign& sign;
        int aboveLower(double v) const { return lessThan(a, exactDouble(v)) ? 1 : 0; }
        int belowUpper(double v) const { return lessThan(exactDouble(v), b) ? 1 : 0; }
        int at(double v) const { return sign(exactDouble(v)); }
    };
    return polish(a.approx, b.approx, signAbove, ExactSigns{a, b, exactSign}, approximate).x;
}

// ---------------------------------------------------------------------------------------
// The fast path for one sign change: double precision, no allocation

// P(x) = sum c_k x^k scaled to P(x) / max(1, x)^d so that x = 100 at degree 300 does not
// overflow; `bound` bounds the rounding error's scale (sum |c_k| x^k, scaled alike) and
// `step` is the Newton step P(x) / P'(x).
struct ScaledValue {
    double value = 0.0;
    double bound = 0.0;
    double step = 0.0;
};

template <bool withBound>
ScaledValue evaluateScaled(std::span<const double> c, double x) {
    const std::size_t d = c.size() - 1;
    ScaledValue v;
    if (x <= 1.0) {
        double p = 0.0, dp = 0.0, a = 0.0;
        for (std::size_t i = c.size(); i-- > 0;) {
            dp = dp * x + p;
            p = p * x + c[i];
            if constexpr (withBound) a = a * x + std::abs(c[i]);
        }
        v.value = p;
        v.bound = a;
        v.step = p / dp;
    } else {
        // P(x) = x^d Q(1/x) with Q(y) = sum c_k y^(d-k); P'(x) = x^(d-1) (d Q - y Q').
        const double y = 1.0 / x;
        double q = 0.0, dq = 0.0, a = 0.0;
        for (double ck : c) {
            dq = dq * y + q;
            q = q * y + ck;
            if constexpr (withBound) a = a * y + std::abs(ck);
        }
        v.value = q;
        v.bound = a;
        v.step = x * q / (static_cast<double>(d) * q - y * dq);
    }
    return v;
}

// The sign of P at x when double precision settles it (|value| beyond the error bound
// 2 d u sum |c_k| x^k, doubled for safety), else 2 ("ask the exact path").
int reliableSign(std::span<const double> c, double x) {
    const auto v = evaluateScaled<true>(c, x);
    const double error = 4.0 * static_cast<double>(c.size()) * std::numeric_limits<double>::epsilon() * v.bound;
    if (std::abs(v.value) <= error) return 2;
    return v.value > 0.0 ? 1 : -1;
}

enum class FastStatus { Solved, NoRoot, NeedsExact };

struct FastRoot {
    FastStatus status = FastStatus::NoRoot;
    double x = 0.0;
};

// The single positive root of P (coefficients changing sign exactly once, c.front() and
// c.back() non-zero) within [1/11, 100], by safeguarded Newton on a shrinking bracket.
FastRoot singleChangeRootX(std::span<const double> c) {
    constexpr double lowestX = 1.0 / 11.0, highestX = 100.0;
    const int signLowest = reliableSign(c, lowestX);
    const int signHighest = reliableSign(c, highestX);
    if (signLowest == 2 || signHighest == 2) return {FastStatus::NeedsExact, 0.0};
    if (signLowest == signHighest) return {FastStatus::NoRoot, 0.0};
    double lo = lowestX, hi = highestX;
    double x = 1.0 / 1.1;  // r = 10 %, near most projects' returns
    double previousStep = hi - lo;
    for (int iteration = 0; iteration < 300; ++iteration) {
        const auto v = evaluateScaled<false>(c, x);
        if (v.value == 0.0) return {FastStatus::Solved, x};
        const int s = v.value > 0.0 ? 1 : -1;
        (s == signLowest ? lo : hi) = x;
        if (hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() * hi) break;
        double next = x - v.step;
        // Converged: the Newton step no longer moves x (x is one end of the bracket by now).
        if (next == x || std::abs(v.step) <= std::numeric_limits<double>::epsilon() * x) break;
        // Newton while it stays inside the bracket and at least halves the step; else bisect.
        if (!(next > lo && next < hi) || std::abs(v.step) * 2.0 > previousStep) {
            next = lo + 0.5 * (hi - lo);
            previousStep = hi - lo;
        } else {
            previousStep = std::abs(v.step);
        }
        x = next;
    }
    return {FastStatus::Solved, x};
}

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

// ---------------------------------------------------------------------------------------
// Counting and isolating roots

// Roots of p in [1/11, 100] as x values, when p has exactly one positive root (one sign
// change in its coefficients; the root is then simple).
std::vector<double> singleRootInX(const Polynomial& p) {
    const int signLowest = signAt(p, cpp_int(1), cpp_int(kXScaleDenominator));
    if (signLowest == 0) return {kLowestX};
    const int signHighest = signAt(p, cpp_int(static_cast<long long>(kHighestX)), cpp_int(1));
    if (signHighest == 0) return {kHighestX};
    if (signHighest == signLowest) return {};
    const Point lowest{cpp_int(1), cpp_int(kXScaleDenominator), kLowestX};
    const Point highest{cpp_int(static_cast<long long>(kHighestX)), cpp_int(1), kHighestX};
    const auto exactSign = [&p](const Point& x) { return signAt(p, x.num, x.den); };
    return {polishRoot(lowest, highest, signHighest, exactSign, DoublePolynomial(p))};
}

// One node of the bisection: A(y) with y in (0, 1) standing for y_global in
// (offset / 2^depth, (offset + 1) / 2^depth). A never vanishes at y = 0 or y = 1: roots
// met there are recorded and divided out.
struct Interval {
    Polynomial a;
    unsigned depth = 0;
    cpp_int offset;
};

// A(y) / y when A(0) = 0.
void divideByY(Polynomial& a) { a.erase(a.begin()); }

// A(y) / (y - 1) when A(1) = 0 (synthetic division).
void divideByYMinusOne(Polynomial& a) {
    const int n = degree(a);
    Polynomial q(static_cast<std::size_t>(n));
    q[static_cast<std::size_t>(n - 1)] = a[static_cast<std::size_t>(n)];
    for (int i = n - 1; i >= 1; --i) q[static_cast<std::size_t>(i - 1)] = a[static_cast<std::size_t>(i)] + q[static_cast<std::size_t>(i)];
    a = std::move(q);
}

cpp_int sumOfCoefficients(const Polynomial& a) {
    cpp_int s = 0;
    for (const auto& c : a) s += c;
    return s;
}

std::atomic<std::uint64_t> exactIsolations{0};  // runs of allRootsInX, for the tests

// Every root of a square-free p in [1/11, 100], as x values.

std::vector<double> allRootsInX(const Polynomial& p) {
    exactIsolations.fetch_add(1, std::memory_order_relaxed);
    const DoublePolynomial approximate(p);
    std::vector<double> roots;

    // A_0(y) = 11^n p((1 + 1099 y) / 11): substitute x = z / 11, z = w + 1, w = 1099 y.
    const int n = degree(p);
    Polynomial a(p.size());
    {
        cpp_int elevenPower = 1;
        for (int k = n; k >= 0; --k) {
            a[static_cast<std::size_t>(k)] = p[static_cast<std::size_t>(k)] * elevenPower;
            elevenPower *= kXScaleDenominator;
        }
        taylorShiftByOne(a);
        cpp_int spanPower = 1;
        for (auto& c : a) {
            c *= spanPower;
            spanPower *= kXSpanNumerator;
        }
    }
    if (a.front() == 0) {
        roots.push_back(kLowestX);
        divideByY(a);
    }
    if (sumOfCoefficients(a) == 0) {
        roots.push_back(kHighestX);
        divideByYMinusOne(a);
    }

    constexpr unsigned kMaxDepth = 400;  // 2^-400 of the interval: far below double precision
    std::vector<Interval> pending;
    pending.push_back({std::move(a), 0, cpp_int(0)});
    while (!pending.empty()) {
        Interval node = std::move(pending.back());
        pending.pop_back();
        const int degreeHere = degree(node.a);
        if (degreeHere < 1) continue;

        const int bound = descartesBoundOnUnitInterval(node.a);
        if (bound == 0) continue;

        const Point lower = xAtDyadicY(node.offset, node.depth);
        const Point upper = xAtDyadicY(node.offset + 1, node.depth);
        if (bound == 1 || node.depth >= kMaxDepth) {
            // Exactly one root inside (simple: p is square-free). Exact signs through y local:
            // y = ((11 x - 1) 2^depth / 1099) - offset for x = num / den.
            const Polynomial& local = node.a;
            const unsigned depth = node.depth;
            const cpp_int offset = node.offset;
            const auto exactSign = [&local, depth, offset](const Point& x) {
                const cpp_int den = kXSpanNumerator * x.den;
                const cpp_int num = ((kXScaleDenominator * x.num - x.den) << depth) - offset * den;
                return signAt(local, num, den);
            };
            const int signAbove = sign(sumOfCoefficients(local));  // the sign at y = 1
            roots.push_back(polishRoot(lower, upper, signAbove, exactSign, approximate));
            continue;
        }

        // Bisect: left half 2^n A(y/2), right half the same shifted by one.
        Polynomial left(node.a.size());
        for (int k = 0; k <= degreeHere; ++k)
            left[static_cast<std::size_t>(k)] = node.a[static_cast<std::size_t>(k)] << static_cast<unsigned>(degreeHere - k);
        Polynomial right = left;
        taylorShiftByOne(right);
        if (right.front() == 0) {  // a root exactly at the midpoint
            const Point middle = xAtDyadicY(2 * node.offset + 1, node.depth + 1);
            roots.push_back(middle.num.convert_to<double>() / middle.den.convert_to<double>());
            divideByY(right);
            divideByYMinusOne(left);
        }
        removeCommonPowerOfTwo(left);
        removeCommonPowerOfTwo(right);
        pending.push_back({std::move(left), node.depth + 1, 2 * node.offset});
        pending.push_back({std::move(right), node.depth + 1, 2 * node.offset + 1});
    }
    return roots;
}

// ---------------------------------------------------------------------------------------
// The same isolation in double precision, each sign proved
//
// At degree 170 the exact count costs milliseconds (Taylor shifts of 2,000-bit integers), and
// a Monte Carlo path over a long horizon whose flows change sign several times paid it on every
// path. Double precision nearly always reaches the same decisions; here each one is proved
// before it is taken, and the exact route runs whenever one cannot be:
//  - The Descartes bound of a node, the sign changes of (1+t)^n A(1/(1+t)) = sum_i C(n,i) b_i
//    t^(n-i), is the sign variation of the Bernstein coefficients b_i of p on the node's
//    interval (A is p on that interval, up to a positive factor). One de Casteljau pass
//    (b_i + b_(i+1)) / 2 gives the coefficients of both halves; the bisection, the nodes and so
//    the isolating intervals are the exact route's.
//  - Each coefficient carries a bound on its rounding error (every step adds two non-negative
//    multiples; the bound adds their rounding, 2u of their magnitudes, and 2^-1000 for any
//    underflow). A sign counts only where the value is beyond twice its bound. Where some
//    signs are unsure, two changes among the sure ones still prove a bound of 2 (removing
//    terms never adds sign changes); a bound of 0 or 1 needs every sign.
//  - A root exactly on an end or a bisection point (an exact zero) is left to the exact route.
//  - Polishing is the exact route's own (polish: TOMS 748 from the same two doubles on the same
//    double polynomial, certified by signs either side, else bisection on doubles); the signs
//    come from compensated Horner with its error bound (compensatedSign), the comparisons with
//    the exact ends from a margin of 1e-15.
//  - The exact route isolates the roots of the square-free part of p. A gcd(p, p') of degree 0
//    modulo one prime (not dividing the leading coefficient) proves p is square-free, so the
//    polynomial polished is p itself. Only a count of one root or more needs this: no roots,
//    or two isolated ones, are the same for p and its square-free part.
// The answer is therefore the exact route's to the bit (tests/test_irr.cpp compares the two on
// random series with several sign changes, near-double roots among them).

constexpr double kUnitRoundoff = std::numeric_limits<double>::epsilon() / 2.0;
constexpr double kUnderflowSlack = 0x1p-1000;  // far above any error of a result below 2^-1022

//! Bernstein coefficients of p on an interval, as c_i = b_i / s^i times a positive constant:
//! the scale s keeps an interval such as [1/11, 100], where p grows like 100^n, inside double
//! range. Signs, and so Descartes bounds, are those of b_i.
struct Bernstein {
    std::vector<double> value;
    std::vector<double> error;  // |exact c_i - value[i]| <= error[i]
    double scale = 1.0;
};

// Two doubles in one SSE2 register: GCC 12 at -O2 does not vectorise loops by itself, and this
// one is most of the proved route's time. Lane by lane the arithmetic is the scalar one.
__extension__ using DoublePair = double __attribute__((vector_size(16)));
__extension__ using BitsPair = std::uint64_t __attribute__((vector_size(16)));

DoublePair loadPair(const double* p) {
    DoublePair v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

void storePair(double* p, DoublePair v) { std::memcpy(p, &v, sizeof v); }

DoublePair absPair(DoublePair v) {
    constexpr std::uint64_t kMagnitude = ~(std::uint64_t{1} << 63);
    const BitsPair magnitude = {kMagnitude, kMagnitude};
    return std::bit_cast<DoublePair>(std::bit_cast<BitsPair>(v) & magnitude);
}

//! One level of de Casteljau in place: v_i <- w1 v_i + w2 v_(i+1) for i <= last, with the
//! error bounds: the inherited ones weighted alike, plus the rounding of the two products
//! and the sum (2u of their magnitudes), plus kUnderflowSlack.
void deCasteljauLevel(double* v, double* e, std::size_t last, double w1, double w2) {
    constexpr double twoU = 2.0 * kUnitRoundoff;
    std::size_t i = 0;
    for (; i + 1 <= last; i += 2) {  // reads i .. i+2 before writing i, i+1
        const DoublePair a = w1 * loadPair(v + i);
        const DoublePair b = w2 * loadPair(v + i + 1);
        const DoublePair error =
            w1 * loadPair(e + i) + w2 * loadPair(e + i + 1) + twoU * (absPair(a) + absPair(b)) + kUnderflowSlack;
        storePair(e + i, error);
        storePair(v + i, a + b);
    }
    for (; i <= last; ++i) {
        const double a = w1 * v[i];
        const double b = w2 * v[i + 1];
        e[i] = w1 * e[i] + w2 * e[i + 1] + twoU * (std::abs(a) + std::abs(b)) + kUnderflowSlack;
        v[i] = a + b;
    }
}

//! One de Casteljau pass with the weights w1, w2 >= 0: level r holds w1 v_i + w2 v_(i+1) of
//! level r - 1; the left part is each level's first entry, the right part each level's last.
void deCasteljau(const Bernstein& in, double w1, double w2, Bernstein* left, Bernstein* right) {
    const std::size_t n = in.value.size() - 1;
    std::vector<double> v = in.value, e = in.error;
    for (Bernstein* part : {left, right})
        if (part) {
            part->value.resize(n + 1);
            part->error.resize(n + 1);
        }
    if (left) {
        left->value[0] = v[0];
        left->error[0] = e[0];
    }
    if (right) {
        right->value[n] = v[n];
        right->error[n] = e[n];
    }
    for (std::size_t r = 1; r <= n; ++r) {
        const std::size_t last = n - r;
        deCasteljauLevel(v.data(), e.data(), last, w1, w2);
        if (left) {
            left->value[r] = v[0];
            left->error[r] = e[0];
        }
        if (right) {
            right->value[last] = v[last];
            right->error[last] = e[last];
        }
    }
}

//! Scales the coefficients by a power of two (exactly) to keep the largest near 1; false
//! when they are all zero or not finite.
bool normalise(Bernstein& b) {
    double largest = 0.0;
    for (double v : b.value) largest = std::max(largest, std::abs(v));
    if (!(largest > 0.0) || !std::isfinite(largest)) return false;
    const int shift = -std::ilogb(largest);
    if (std::abs(shift) > 64) {
        for (std::size_t i = 0; i < b.value.size(); ++i) {
            b.value[i] = std::ldexp(b.value[i], shift);
            b.error[i] = std::ldexp(b.error[i], shift) + kUnderflowSlack;
        }
    }
    return true;
}

//! +1 or -1 when the coefficient's sign is proved, 0 when it is too close to call.
int provedSign(const Bernstein& b, std::size_t i) {
    const double v = b.value[i], bound = 2.0 * b.error[i];
    if (v > bound) return 1;
    if (v < -bound) return -1;
    return 0;
}

//! The exact route's Descartes bound min(V, 2), or -1 when the signs do not settle it.
int provedDescartesBound(const Bernstein& b) {
    int changes = 0, previous = 0;
    bool unsure = false;
    for (std::size_t i = 0; i < b.value.size(); ++i) {
        const int s = provedSign(b, i);
        if (s == 0) {
            unsure = true;
            continue;
        }
        if (previous != 0 && s != previous) ++changes;
        previous = s;
    }
    if (changes >= 2) return 2;
    return unsure ? -1 : changes;
}

//! The Bernstein coefficients of p on [1/11, 100]: first on [0, 100] with scale 128, from
//! b_j = sum_(k<=j) C(j,k) / C(n,k) p_k 100^k as level j of V_k <- (V_k + 100 V_(k+1)) / 128
//! from V_k = p_k / C(n,k); then the right part of the de Casteljau split at t = 1/1100
//! (x = 1/11), with the exact weights 1099/1024 and 128/1024 = (1 - t) / k and t s / k for
//! k = 1024/1100, which leaves the scale s / k = 137.5.
bool bernsteinOnRange(std::span<const double> p, Bernstein& out) {
    const std::size_t n = p.size() - 1;
    Bernstein monomial;
    monomial.value.resize(n + 1);
    monomial.error.resize(n + 1);
    double binomial = 1.0;  // C(n, k), within 2k roundings
    for (std::size_t k = 0; k <= n; ++k) {
        if (k > 0) binomial = binomial * static_cast<double>(n - k + 1) / static_cast<double>(k);
        monomial.value[k] = p[k] / binomial;
        monomial.error[k] = static_cast<double>(2 * k + 2) * kUnitRoundoff * std::abs(monomial.value[k]);
    }
    Bernstein onZeroTo100;
    deCasteljau(monomial, 1.0 / 128.0, 100.0 / 128.0, &onZeroTo100, nullptr);
    if (!normalise(onZeroTo100)) return false;
    deCasteljau(onZeroTo100, 1099.0 / 1024.0, 128.0 / 1024.0, nullptr, &out);
    out.scale = 128.0 * 1100.0 / 1024.0;
    return normalise(out);
}

//! An interval of the bisection holding exactly one root: y in (offset, offset + 1) / 2^depth.
struct IsolatedRoot {
    unsigned depth = 0;
    std::uint64_t offset = 0;
    int signAbove = 0;  // the sign of p between the root and the upper end
};

enum class Isolation { Complete, StoppedEarly, Unsure };

// Past this depth the offsets stop being exact doubles long before the exact route's 400.
constexpr unsigned kMaxProvedDepth = 48;

//! The exact route's isolating intervals for p (double coefficients, degree >= 1, p(1/11) and
//! p(100) not both zero), in any order; stops once `enough` are found.
Isolation isolateProved(std::span<const double> p, std::size_t enough, std::vector<IsolatedRoot>& roots) {
    const std::size_t n = p.size() - 1;
    struct Node {
        Bernstein b;
        unsigned depth = 0;
        std::uint64_t offset = 0;
    };
    std::vector<Node> pending(1);
    if (!bernsteinOnRange(p, pending.back().b)) return Isolation::Unsure;
    // A root on either end of the range is divided out by the exact route.
    if (provedSign(pending.back().b, 0) == 0 || provedSign(pending.back().b, n) == 0) return Isolation::Unsure;
    while (!pending.empty()) {
        Node node = std::move(pending.back());
        pending.pop_back();
        const int bound = provedDescartesBound(node.b);
        if (bound < 0) return Isolation::Unsure;
        if (bound == 0) continue;
        if (bound == 1) {
            roots.push_back({node.depth, node.offset, provedSign(node.b, n)});
            if (roots.size() >= enough) return Isolation::StoppedEarly;
            continue;
        }
        if (node.depth + 1 > kMaxProvedDepth) return Isolation::Unsure;
        // Scales: powers of two near max(x, 1) at the ends, so that each half's scale stays
        // near its own growth and s = k (s / k) exactly.
        const auto exponentAt = [](double x) { return static_cast<int>(std::lround(std::log2(std::max(x, 1.0)))); };
        const double lower = approximateXAtDyadicY(static_cast<double>(node.offset), node.depth);
        const double middle = approximateXAtDyadicY(static_cast<double>(2 * node.offset + 1), node.depth + 1);
        const double k = std::ldexp(1.0, exponentAt(middle) - exponentAt(lower));
        Node left{{}, node.depth + 1, 2 * node.offset};
        Node right{{}, node.depth + 1, 2 * node.offset + 1};
        deCasteljau(node.b, 0.5 / k, 0.5 * node.b.scale / k, &left.b, &right.b);
        left.b.scale = k;
        right.b.scale = node.b.scale / k;
        if (provedSign(right.b, 0) == 0) return Isolation::Unsure;  // a root on the midpoint?
        if (!normalise(left.b) || !normalise(right.b)) return Isolation::Unsure;
        pending.push_back(std::move(left));
        pending.push_back(std::move(right));
    }
    return Isolation::Complete;
}

//! The sign of p at the double x by compensated Horner (Graillat, Langlois and Louvet,
//! "Compensated Horner scheme", 2005): Horner with the rounding error of each product and sum
//! recovered exactly (TwoProduct by fma, TwoSum) and added back, so that
//! |result - p(x)| <= u |p(x)| + gamma_2n^2 sum |c_k| x^k, gamma_m = m u / (1 - m u): about
//! double-double accuracy. +1 or -1 when that bound (doubled) settles the sign, else 2. Near
//! a root of condition number up to ~1e12 the sign is still settled where plain Horner's
//! bound (reliableSign) gives up.
int compensatedSign(std::span<const double> c, double x) {
    const std::size_t n = c.size() - 1;
    double r = c[n], correction = 0.0, magnitude = std::abs(c[n]);
    for (std::size_t k = n; k-- > 0;) {
        const double product = r * x;
        if (product != 0.0 && std::abs(product) < 0x1p-900) return 2;  // fma's remainder could underflow
        const double productError = std::fma(r, x, -product);  // exact: r x = product + productError
        r = product + c[k];
        const double z = r - product;
        const double sumError = (product - (r - z)) + (c[k] - z);  // exact: product + c_k = r + sumError
        correction = correction * x + (productError + sumError);
        magnitude = magnitude * x + std::abs(c[k]);
    }
    const double value = r + correction;
    // The error-free transformations need no underflow or overflow on the way.
    if (!(magnitude < 1e300) || !(magnitude > 1e-200)) return 2;
    const double nu = 2.0 * static_cast<double>(n) * kUnitRoundoff;
    const double gamma = nu / (1.0 - nu);
    const double bound = 2.0 * (kUnitRoundoff * std::abs(value) + gamma * gamma * magnitude);
    if (value > bound) return 1;
    if (value < -bound) return -1;
    return 2;
}

//! The exact route's polished root in one isolating interval, or nullopt when a sign or a
//! comparison is too close to call (or the exact route would bisect exactly).
std::optional<double> polishProved(const IsolatedRoot& root, std::span<const double> p,
                                   const DoublePolynomial& approximate) {
    const double lower = approximateXAtDyadicY(static_cast<double>(root.offset), root.depth);
    const double upper = approximateXAtDyadicY(static_cast<double>(root.offset + 1), root.depth);
    // The doubles above are within 3 roundings of the exact ends.
    constexpr double kMargin = 1e-15;
    struct ProvedSigns {
        std::span<const double> p;
        double lower, upper;
        int aboveLower(double v) const {
            if (v > lower * (1.0 + kMargin)) return 1;
            if (v < lower * (1.0 - kMargin)) return 0;
            return -1;
        }
        int belowUpper(double v) const {
            if (v < upper * (1.0 - kMargin)) return 1;
            if (v > upper * (1.0 + kMargin)) return 0;
            return -1;
        }
        int at(double v) const { return compensatedSign(p, v); }
    };
    const DoublePolish polished = polish(lower, upper, root.signAbove, ProvedSigns{p, lower, upper}, approximate);
    if (polished.status != DoublePolish::Status::Root) return std::nullopt;
    return polished.x;
}

// gcd(p, p') modulo the prime 2^25 - 39, in doubles: residues are integers in (-m, m), a sum of
// three products of two stays below 2^52 and so is exact, and reducing it is exact too (the
// quotient rounded to the nearest integer by the 1.5 x 2^52 trick, off by at most one, leaves
// a remainder below m in size). Two lanes at a time, like the de Casteljau levels.
constexpr double kModulus = 33554393.0;  // 2^25 - 39, prime
constexpr double kInverseModulus = 1.0 / kModulus;
constexpr double kRoundingShift = 6755399441055744.0;  // 1.5 x 2^52

double reduceModulus(double v) {  // |v| < 2^52, an integer
    const double quotient = (v * kInverseModulus + kRoundingShift) - kRoundingShift;
    return v - quotient * kModulus;
}

DoublePair reduceModulus(DoublePair v) {
    const DoublePair quotient = (v * kInverseModulus + kRoundingShift) - kRoundingShift;
    return v - quotient * kModulus;
}

//! True when p (integer coefficients, degree >= 1) is proved square-free: gcd(p, p') has
//! degree 0 modulo a prime that does not divide the leading coefficient (a common factor of
//! p and p' would survive the reduction with its degree). False proves nothing.
//! Euclid without inverses: a <- lc(b)^2 a - (c1 x + c0) b removes a's two leading terms when
//! deg a = deg b + 1 (the usual case), a <- lc(b) a - lc(a) x^s b one term otherwise; scaling
//! by a non-zero constant leaves the gcd as it is.
bool provedSquareFree(std::span<const std::int64_t> p) {
    constexpr auto kPrime = static_cast<std::int64_t>(kModulus);
    const auto residue = [](std::int64_t v) { return static_cast<double>(v % kPrime); };
    if (residue(p.back()) == 0.0) return false;
    std::vector<double> a(p.size()), b(p.size() - 1);
    for (std::size_t k = 0; k < p.size(); ++k) a[k] = residue(p[k]);
    for (std::size_t k = 1; k < p.size(); ++k) b[k - 1] = reduceModulus(a[k] * static_cast<double>(k));
    const auto trimZeros = [](std::vector<double>& v) {
        while (!v.empty() && v.back() == 0.0) v.pop_back();
    };
    trimZeros(b);
    while (b.size() > 1) {
        const std::size_t d = b.size() - 1;  // deg b
        const double lead = b[d];
        while (a.size() > d) {
            if (a.size() == d + 2) {
                const double leadSquared = reduceModulus(lead * lead);
                const double minusC1 = -reduceModulus(lead * a[d + 1]);
                const double minusC0 = -reduceModulus(lead * a[d] - a[d + 1] * b[d - 1]);
                a[0] = reduceModulus(leadSquared * a[0] + minusC0 * b[0]);
                std::size_t j = 1;
                for (; j + 1 < d; j += 2) {
                    const DoublePair next = leadSquared * loadPair(&a[j]) + minusC1 * loadPair(&b[j - 1]) +
                                            minusC0 * loadPair(&b[j]);
                    storePair(&a[j], reduceModulus(next));
                }
                for (; j < d; ++j) a[j] = reduceModulus(leadSquared * a[j] + minusC1 * b[j - 1] + minusC0 * b[j]);
                a.resize(d);
            } else {
                const std::size_t shift = a.size() - 1 - d;
                const double minusTop = -a.back();
                for (std::size_t j = 0; j < shift; ++j) a[j] = reduceModulus(lead * a[j]);
                for (std::size_t j = 0; j < d; ++j) a[j + shift] = reduceModulus(lead * a[j + shift] + minusTop * b[j]);
                a.pop_back();
            }
            trimZeros(a);
        }
        std::swap(a, b);
    }
    return b.size() == 1;  // a non-zero constant: gcd 1; an empty b leaves a of degree >= 1
}

//! The roots (as x) of p in [1/11, 100] as the exact route finds them, or the news that there
//! are two or more (when only a unique root is wanted), or undecided.
struct RootsInX {
    bool decided = true;
    bool twoOrMore = false;  // stopped at two isolated roots, unpolished
    std::vector<double> x;
};

//! The proved route on p's coefficients in whole units (trimmed, primitive, degree >= 1).
RootsInX provedRootsInX(std::span<const std::int64_t> units, bool uniqueOnly) {
    constexpr double kExactInDouble = 9007199254740992.0;  // 2^53
    const RootsInX undecided{false, false, {}};
    std::vector<double> p(units.size());
    for (std::size_t k = 0; k < units.size(); ++k) {
        p[k] = static_cast<double>(units[k]);
        if (std::abs(p[k]) > kExactInDouble) return undecided;
    }
    std::vector<IsolatedRoot> isolated;
    const Isolation isolation = isolateProved(p, uniqueOnly ? 2 : std::numeric_limits<std::size_t>::max(), isolated);
    if (isolation == Isolation::Unsure) return undecided;
    if (isolation == Isolation::StoppedEarly) return {true, true, {}};
    if (isolated.empty()) return {};
    if (!provedSquareFree(units)) return undecided;
    const DoublePolynomial approximate(p);
    RootsInX found;
    for (const auto& root : isolated) {
        const auto x = polishProved(root, p, approximate);
        if (!x) return undecided;
        found.x.push_back(*x);
    }
    return found;
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

std::optional<Rate> periodicIrr(std::span<const Money> flows, Money unit) {
    const int changes = signChangesOf(flows);
    if (changes == 0) return std::nullopt;
    if (changes == 1) {
        const auto trimmed = trimmedFlows(flows);
        if (trimmed.size() >= 2) {
            const auto fast = singleChangeRootX(trimmed);
            if (fast.status == FastStatus::NoRoot) return std::nullopt;
            if (fast.status == FastStatus::Solved) return rateFromX(fast.x);
        }
        return uniqueRoot(periodicIrrRoots(flows, unit));
    }
    // Several sign changes: only whether there is exactly one root matters, so the search may
    // stop at the second.
    std::vector<std::int64_t> units = unitsOf(flows, unit);
    if (units.size() < 2 || signChanges(units) < 2) return uniqueRoot(periodicIrrRoots(flows, unit));
    const RootsInX found = severalChangeRootsInX(std::move(units), Route::ProvedThenExact, true);
    if (found.twoOrMore || found.x.size() != 1) return std::nullopt;
    return rateFromX(found.x.front());
}

namespace detail {

std::vector<Rate> periodicIrrRootsExact(std::span<const Money> flows, Money unit) {
    return *periodicRoots(flows, unit, Route::ExactOnly);
}

std::optional<std::vector<Rate>> periodicIrrRootsProved(std::span<const Money> flows, Money unit) {
    return periodicRoots(flows, unit, Route::ProvedOnly);
}

std::uint64_t exactIsolationCount() { return exactIsolations.load(std::memory_order_relaxed); }

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
