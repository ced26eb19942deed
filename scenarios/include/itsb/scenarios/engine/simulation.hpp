#pragma once
// Monte Carlo of savings risk (SPEC §8 `uncertainty`, `itsb simulate`): paths in blocks,
// each block with its own random stream, so the same seed gives the same bytes for any
// number of threads; every path evaluated as `itsb run` would by the fast path engine; only a
// few numbers kept per path. The result is model/simulation.hpp.

#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/simulation.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace itsb::scenarios {

//! Paths per block: the unit of parallel work and of random streams.
inline constexpr std::int64_t kPathsPerBlock = 4096;

struct SimulationOptions {
    std::int64_t paths = 10000;
    std::uint64_t seed = 0;
    int threads = 1;
    //! Called from worker threads (serialised) as blocks finish: (paths done, paths in all).
    std::function<void(std::int64_t, std::int64_t)> progress;
};

//! Whether no distribution of `u` can draw two different values (an absent block included).
bool nothingUncertain(const Uncertainty& u);

//! Runs the simulation: `options.paths` paths, or one when nothing is uncertain. Throws
//! InputError when the base case cannot be evaluated.
SimulationResult simulate(const Scenario& scenario, const SimulationOptions& options);

//! The metric keys of a simulation, in report order.
const std::vector<std::string>& simulatedMetricKeys();

}  // namespace itsb::scenarios
