// The exact route of the periodic IRR (see irr.cpp for the method): the cash-flow polynomial in
// whole pennies as big integers, reduced to its square-free part, its roots in [1/11, 100]
// counted and isolated by Descartes' rule on bisected intervals (Vincent-Collins-Akritas), then
// polished in double precision and certified by exact signs.

#include "itsb/finance/irr_routes.hpp"
#include "irr_roots.hpp"

#include <ql/errors.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace itsb::finance::detail {

namespace {

// ---------------------------------------------------------------------------------------
// Exact polynomial arithmetic

int degree(const Polynomial& p) { return static_cast<int>(p.size()) - 1; }

void trim(Polynomial& p) {
    while (!p.empty() && p.back() == 0) p.pop_back();
}

int sign(const cpp_int& v) { return v.sign(); }

}  // namespace

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

namespace {

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

}  // namespace

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

namespace {

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

// x at y = m / 2^k.
Point xAtDyadicY(const cpp_int& m, unsigned k) {
    const cpp_int twoToK = cpp_int(1) << k;
    return {twoToK + kXSpanNumerator * m, kXScaleDenominator * twoToK,
            approximateXAtDyadicY(m.convert_to<double>(), k)};
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

}  // namespace

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

namespace {

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

}  // namespace

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

std::uint64_t exactIsolationCount() { return exactIsolations.load(std::memory_order_relaxed); }

}  // namespace itsb::finance::detail
