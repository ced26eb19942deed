#pragma once
// Splitting an amount between partners so the parts add up to the whole to the penny.

#include "itsb/finance/rounding.hpp"
#include "itsb/finance/types.hpp"

#include <span>
#include <vector>

namespace itsb::finance {

//! Largest-remainder allocation of `amount` (already rounded to `rounding.decimals`) by
//! `shares` (summing to 1 within 1e-9): each part is the floor of its quota in units of
//! 10^-decimals, and the units left over go one each to the largest remainders (ties to
//! the earlier share). A negative amount is split as its absolute value, then negated.
//! The parts sum to `amount` exactly in units. When the shares sum slightly above 1, units
//! are taken back from the smallest remainders (ties from the later share), never taking a
//! part below zero; a zero share never gets a unit. Shares that are empty, negative or sum
//! further than 1e-8 from 1 are an internal error (QuantLib::Error).
std::vector<Money> allocateLargestRemainder(Money amount, std::span<const double> shares, const Rounding& rounding);

}  // namespace itsb::finance
