#include "itsb/finance/powers.hpp"

#include <cmath>
#include <cstddef>

// Each step multiplies by base^2 held exactly as a double-double; the powers come from two
// chains, the even ones from 1 and the odd ones from the base (two independent chains run twice
// as fast as one). The two-product by fma is exact; the cross terms and the renormalisation lose
// about u^2 each, so after k steps |T - (hi + lo)| < k 2^-104 |hi| for the exact power T, and
// hi = RN(hi + lo) is T rounded to nearest unless T lies within that of a halfway point.

namespace itsb::finance {

namespace {

constexpr double kTiniest = 0x1p-900, kLargest = 0x1p900;  // products stay exact well inside

struct DoubleDouble {
    double hi = 0.0, lo = 0.0;
};

bool inRange(double x) {
    const double magnitude = std::abs(x);
    return magnitude >= kTiniest && magnitude <= kLargest;
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
        out[k] = p.hi;
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
