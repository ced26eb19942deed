#pragma once
// The result of a Monte Carlo of savings risk (SPEC §8 `uncertainty`, `itsb simulate`): the
// distribution of each summarised metric and the shares of paths that break even, breach a DSCR
// of 1 or lose investors money (the engine is engine/simulation.hpp).

#include "itsb/finance/statistics.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/warning.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace itsb::scenarios {

// The summaries of a simulated metric, domain-free maths in finance/.
using finance::Histogram;
using finance::Percentiles;

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

//! The metrics a simulation summarises; NaN stands for null.
struct PathMetrics {
    double projectNpv = 0.0;
    double projectIrr = kNull;
    double npvAfterFinancing = 0.0;
    double minDscr = kNull;
    double breakEvenYear = kNull;
    double investorIrr = kNull;
    double investorLoss = 0.0;
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
    std::vector<Warning> warnings;
};

}  // namespace itsb::scenarios
