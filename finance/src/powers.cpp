#include "itsb/finance/powers.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

// Why a certified power is std::pow's. Let T be the exact base^k and (hi, lo) its double-double
// approximation, hi = RN(hi + lo) so |lo| <= ulp(hi) / 2. The powers come from two chains, the
// even ones from 1 and the odd ones from the base, each step multiplying by base^2 held exactly
// as a double-double (two independent chains run twice as fast as one). Each step adds a
// relative error below 2^-104 (the two-product by fma is exact; the cross terms and the
// renormalisation lose about u^2 each), so |T - (hi + lo)| < k 2^-104 |hi|, far below 2^-40
// ulp(hi) for any k we use. Let s be the spacing of doubles on lo's side of hi: ulp(hi), or
// ulp(hi) / 2 below a power of two. When |lo| <= 0.44 s, hi is within 0.44 s (+ 2^-40 ulp) of
// T and every other double at least 0.56 s (- 2^-40 ulp) from it, and s is the spacing at T. A
// result within 0.54 of a unit in the last place of T, as std::pow's is, can then only be hi.

namespace itsb::finance {

namespace {

constexpr double kCertifiedShare = 0.44;
constexpr double kTiniest = 0x1p-900, kLargest = 0x1p900;  // products stay exact well inside

struct DoubleDouble {
    double hi = 0.0, lo = 0.0;
};

//! The power of two at or below |x| (x normal).
double binadeOf(double x) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & 0x7ff0000000000000ull);
}

bool inRange(double x) {
    const double magnitude = std::abs(x);
    return magnitude >= kTiniest && magnitude <= kLargest;
}

//! Whether hi is the double nearest every value within 2^-40 ulp of hi + lo (see above).
bool certain(DoubleDouble p) {
    const double binade = binadeOf(p.hi);
    const double ulp = binade * 0x1p-52;
    // Towards zero from a power of two the doubles are twice as dense.
    const double spacing = (std::abs(p.hi) == binade && (p.lo < 0.0) != (p.hi < 0.0)) ? 0.5 * ulp : ulp;
    return std::abs(p.lo) <= kCertifiedShare * spacing;
}

}  // namespace

// Where the processor has fused multiply-add, a clone of this function uses the instruction
// instead of a call into the C library (the same exact product either way).
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("fma", "default")))
#endif
void integerPowers(double base, std::span<double> out) {
    // a x b to about 2^-104 of itself (a.lo x b.lo, below 2^-106, left out).
    auto times = [](DoubleDouble a, DoubleDouble b) {
        const double product = a.hi * b.hi;
        const double error = std::fma(a.hi, b.hi, -product);  // exact: a.hi x b.hi = product + error
        const double low = error + (a.hi * b.lo + a.lo * b.hi);
        const double hi = product + low;
        return DoubleDouble{hi, low - (hi - product)};  // |product| >= |low|: Dekker's fast two-sum
    };
    const std::size_t n = out.size();
    std::size_t k = 0;
    bool exact = std::isfinite(base) && base != 0.0;
    const double square = base * base;
    const DoubleDouble step{square, std::fma(base, base, -square)};
    DoubleDouble even{1.0, 0.0}, odd{base, 0.0};
    // Once a power leaves [2^-900, 2^900] every later one is further out: std::pow from there.
    auto emit = [&](DoubleDouble p) {
        if (k == n || !exact) return;
        if (!inRange(p.hi)) {
            exact = false;
            return;
        }
        out[k] = certain(p) ? p.hi : std::pow(base, static_cast<double>(k));
        ++k;
    };
    while (k < n && exact) {
        if (k >= 2) {
            even = times(even, step);
            odd = times(odd, step);
        }
        emit(even);
        emit(odd);
    }
    for (; k < n; ++k) out[k] = std::pow(base, static_cast<double>(k));
}

}  // namespace itsb::finance
