#pragma once
// The IRR of flows that change sign once, in double precision: safeguarded Newton on a
// shrinking bracket, for one series or for several side by side (irr_newton.cpp).

#include <cstddef>
#include <span>

namespace itsb::finance::detail {

enum class FastStatus { Solved, NoRoot, NeedsExact };

struct FastRoot {
    FastStatus status = FastStatus::NoRoot;
    double x = 0.0;
};

//! The single positive root within [1/11, 100] of P(x) = sum c[k] x^k, whose coefficients
//! change sign exactly once (c.front() and c.back() non-zero): Solved with the root, NoRoot
//! when P keeps one sign over the interval, NeedsExact when double precision cannot sign P at
//! an end of it.
FastRoot singleChangeRootX(std::span<const double> c);

//! How many series singleChangeRootsX takes at once.
inline constexpr std::size_t kSideBySide = 8;

//! singleChangeRootX of each of `c` (at most kSideBySide of them) with their evaluations
//! interleaved, so that the processor overlaps the series' dependent chains of multiplications
//! instead of waiting on each in turn. Every series takes the same operations in the same order
//! as alone: out[i] is singleChangeRootX(c[i]), bit for bit.
void singleChangeRootsX(std::span<const std::span<const double>> c, std::span<FastRoot> out);

}  // namespace itsb::finance::detail
