#pragma once
// Monte Carlo of savings risk (SPEC §8 `uncertainty`, `itsb simulate`): paths in blocks,
// each block with its own random stream, so the same seed gives the same bytes for any
// number of threads; every path evaluated as `itsb run` would by the fast path engine; only a
// few numbers kept per path.

#include "itsb/finance/statistics.hpp"
#include "itsb/scenarios/path_engine.hpp"
#include "itsb/scenarios/scenario.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace itsb::scenarios {

// The summaries of a simulated metric, domain-free maths in finance/.
using finance::Histogram;
using finance::Percentiles;

//! Paths per block: the unit of parallel work and of random streams.
inline constexpr std::int64_t kPathsPerBlock = 4096;

struct SimulationOptions {
    std::int64_t paths = 10000;
    std::uint64_t seed = 0;
    int threads = 1;
    //! Called from worker threads (serialised) as blocks finish: (paths done, paths in all).
    std::function<void(std::int64_t, std::int64_t)> progress;
};

struct MetricDistribution {
    std::string key;         //!< project_npv, project_irr, npv_after_financing, min_dscr, break_even_year, investor_irr
    Percentiles percentiles;  //!< p5 .. p95 and mean (money means rounded to the unit); nulls counted
    Histogram histogram;
};

struct SimulationResult {
    std::string inputSha256;  //!< of the canonical input
    std::int64_t paths = 0;
    std::uint64_t seed = 0;
    Money notional = 0.0;  //!< sized on the base case, kept by every path
    Year finalYear = 0;    //!< programme year of the bond's final payment
    PathMetrics base;      //!< the base case, as `itsb run` reports it
    std::vector<MetricDistribution> metrics;
    double breakEvenWithinHorizon = 0.0;  //!< share of paths with a break-even year
    double breakEvenWithinTerm = 0.0;     //!< share breaking even by the final payment's year
    double minDscrBelow1 = 0.0;           //!< share with a minimum DSCR below 1
    double investorLoss = 0.0;            //!< share with an amount written off
    Money expectedInvestorLoss = 0.0;     //!< mean amount written off over all paths
    std::int64_t failedPaths = 0;         //!< paths whose bond could not be built (metrics null)
    bool nothingUncertain = false;        //!< no distribution varies: one path was run (warnings[0] says so)
    std::vector<std::string> warnings;
};

//! Whether no distribution of `u` can draw two different values (an absent block included).
bool nothingUncertain(const Uncertainty& u);

//! Runs the simulation: `options.paths` paths, or one when nothing is uncertain. Throws
//! InputError when the base case cannot be evaluated.
SimulationResult simulate(const Scenario& scenario, const SimulationOptions& options);

//! The metric keys of a simulation, in report order.
const std::vector<std::string>& simulatedMetricKeys();

}  // namespace itsb::scenarios
