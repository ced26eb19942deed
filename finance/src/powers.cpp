#include "itsb/finance/powers.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

// Why a certified power is std::pow's. Let T be the exact base^k and (hi, lo) the double-double
// product of k factors, hi = RN(hi + lo) so |lo| <= ulp(hi) / 2. Each product adds a relative
// error below 2^-104 (the two-product by fma is exact; lo x base and the renormalisation lose
// about u^2 each), so |T - (hi + lo)| < k 2^-104 |hi|, far below 2^-40 ulp(hi) for any k we
// use. Let s be the spacing of doubles on lo's side of hi: ulp(hi), or ulp(hi) / 2 below a
// power of two. When |lo| <= 0.44 s, hi is within 0.44 s (+ 2^-40 ulp) of T and every other
// double at least 0.56 s (- 2^-40 ulp) from it, and s is the spacing at T. A result within 0.54
// of a unit in the last place of T, as std::pow's is, can then only be hi.

namespace itsb::finance {

namespace {

constexpr double kCertifiedShare = 0.44;
constexpr double kTiniest = 0x1p-900, kLargest = 0x1p900;  // products stay exact well inside

//! The power of two at or below |x| (x normal).
double binadeOf(double x) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & 0x7ff0000000000000ull);
}

}  // namespace

// Where the processor has fused multiply-add, a clone of this function uses the instruction
// instead of a call into the C library (the same exact product either way).
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("fma", "default")))
#endif
void integerPowers(double base, std::span<double> out) {
    double hi = 1.0, lo = 0.0;
    bool inRange = std::isfinite(base) && base != 0.0;
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (k > 0 && inRange) {
            const double product = hi * base;
            const double error = std::fma(hi, base, -product);  // exact: hi x base = product + error
            const double low = error + lo * base;
            hi = product + low;
            lo = low - (hi - product);  // |product| >= |low|: Dekker's fast two-sum
            const double magnitude = std::abs(hi);
            inRange = magnitude >= kTiniest && magnitude <= kLargest;
        }
        if (inRange) {
            const double binade = binadeOf(hi);
            const double ulp = binade * 0x1p-52;
            // Towards zero from a power of two the doubles are twice as dense.
            const double spacing = (std::abs(hi) == binade && (lo < 0.0) != (hi < 0.0)) ? 0.5 * ulp : ulp;
            if (std::abs(lo) <= kCertifiedShare * spacing) {
                out[k] = hi;
                continue;
            }
        }
        out[k] = std::pow(base, static_cast<double>(k));
    }
}

}  // namespace itsb::finance
