#pragma once
// The two routes of periodicIrrRoots taken apart (namespace detail: not for everyday use), public
// so the tests and benchmarks can check that the proved double-precision route never disagrees
// with the exact one, and that a Monte Carlo path does not fall back to the exact one.

#include "itsb/finance/irr.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace itsb::finance::detail {

//! periodicIrrRoots with the roots of flows changing sign more than once always counted and
//! isolated in exact integer arithmetic (Vincent-Collins-Akritas on the square-free part).
std::vector<Rate> periodicIrrRootsExact(std::span<const Money> flows, Money unit = 0.01);

//! The proved double-precision route alone, for flows changing sign more than once: the same
//! roots as periodicIrrRootsExact, bit for bit, or nullopt when a sign it needs is too close
//! to call, p may have a repeated factor, or the flows change sign fewer than twice.
std::optional<std::vector<Rate>> periodicIrrRootsProved(std::span<const Money> flows, Money unit = 0.01);

//! How many times, in this process, the exact isolation has run.
std::uint64_t exactIsolationCount();

}  // namespace itsb::finance::detail
