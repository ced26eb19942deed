// The proved double-precision route of the periodic IRR: the exact route's bisection run on
// Bernstein coefficients with rounding-error bounds, square-freeness proved modulo one prime,
// roots polished by the exact route's own code with signs from compensated Horner.

#include "irr_roots.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace itsb::finance::detail {

namespace {

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

}  // namespace

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

}  // namespace itsb::finance::detail
