#pragma once
// Sharing a group's value fairly: the cooperative-game rules the market place offers for
// splitting a consortium's NPV after financing (docs/MARKET.md, "Share rules").
//
// A game on n players (n <= 6 here: 2^n - 1 sub-groups) is the value of every sub-group,
// indexed by a bit mask (bit i set: player i is in). value[0] is the empty group and is 0.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace itsb::market {

struct Game {
    std::size_t players = 0;
    std::vector<double> value;  //!< size 2^players; value[mask]
};

//! The Shapley value: phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S)).
//! Exact (every sub-group is used). Throws std::invalid_argument for a malformed game.
std::vector<double> shapley(const Game& game);

//! The nucleolus: the allocation of v(N) that lexicographically maximises the smallest excesses
//! x(S) - v(S) over proper non-empty sub-groups S, by a sequence of linear programmes (COIN-OR
//! CLP; Maschler, Peleg and Shapley's method, as in Kohlberg's characterisation). Unique.
std::vector<double> nucleolus(const Game& game);

//! A sub-group that would be better off alone: x(S) < v(S) - tolerance.
struct CoreViolation {
    std::uint32_t members = 0;  //!< mask
    double shortfall = 0.0;     //!< v(S) - x(S) > tolerance
};

//! Whether `allocation` (summing to v(N)) is in the core: no proper sub-group gets less than it
//! could on its own. Violations are listed worst first (ties by mask). The sum is not checked.
//! Throws std::invalid_argument for a malformed game, an allocation of the wrong length or with
//! a share that is not finite, or a tolerance that is negative or not finite.
std::vector<CoreViolation> coreViolations(const Game& game, const std::vector<double>& allocation, double tolerance);

}  // namespace itsb::market
