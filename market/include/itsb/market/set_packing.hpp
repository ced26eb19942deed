#pragma once
// Weighted set packing: choose disjoint sets of elements with the largest total weight. The
// market place's `match` packs candidate consortia (sets of councils) so that no council is in
// two; solved as a 0-1 integer programme by COIN-OR CBC (Debian coinor-libcbc-dev), which proves
// optimality or reports the gap between the best packing found and the best bound.
//
//   maximise  sum_g w_g x_g   subject to  sum_{g containing e} x_g <= 1 for every element e,
//                                         x_g in {0, 1}.
//
// Sets with a weight of zero or less never improve a packing and are left out before solving;
// so are empty sets (a consortium of no one), whatever their weight.

#include <cstddef>
#include <vector>

namespace itsb::market {

struct PackingProblem {
    std::size_t elements = 0;                     //!< elements are 0 .. elements-1
    std::vector<std::vector<std::size_t>> sets;   //!< each a list of distinct elements
    std::vector<double> weights;                  //!< one per set
};

struct PackingOptions {
    double maxSeconds = 600.0;  //!< the solver stops here and reports its gap
    //! Give CBC a "together" variable for each pair of elements two sets share, to branch on
    //! (set_packing.cpp); the answer is the same either way, the proof usually quicker.
    bool pairBranching = true;
};

struct PackingSolution {
    std::vector<std::size_t> chosen;  //!< indices into PackingProblem::sets, ascending
    double objective = 0.0;           //!< total weight of the chosen sets
    double bound = 0.0;               //!< the solver's best bound on any packing (>= objective)
    double gap = 0.0;                 //!< (bound - objective) / max(|objective|, 1e-9); 0 when proven
    bool proven = false;              //!< optimality proven
    double seconds = 0.0;             //!< wall time of the solve
};

//! Solves the packing with CBC on one thread (the same answer on any machine). Throws
//! std::invalid_argument for an element out of range, a repeated element in a set or a weight
//! count that differs from the set count (also for a weight that is not finite and a maxSeconds
//! that is not positive), listing every problem found. CBC checks its time limit between
//! phases, so a solve can overrun maxSeconds by the time its preprocessing takes. Solves in
//! one process run one at a time (CBC's driver keeps global state); `seconds` includes any wait.
PackingSolution solveSetPacking(const PackingProblem& problem, const PackingOptions& options = {});

}  // namespace itsb::market
