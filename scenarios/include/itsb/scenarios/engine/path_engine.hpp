#pragma once
// One Monte Carlo path, fast: the metrics `itsb run` would report for the scenario with one
// set of draws applied, computed without building QuantLib objects and, for a bond whose
// schedule does not depend on the savings, without allocating. Everything that does not
// depend on the draws (dates, accruals, discount factors, fees, the bond) is computed once.

#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/simulation.hpp"

#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace itsb::scenarios {

//! The draws of one path (SPEC §8 `uncertainty`).
struct Draw {
    double savingRateFactor = 1.0;   //!< multiplies every service line's saving rate
    int extraDelay = 0;              //!< added to every service line's delay (already rounded, >= 0)
    double oneOffCostFactor = 1.0;   //!< multiplies every one-off cost
    double runningCostFactor = 1.0;  //!< multiplies every running cost
    Rate expenditureGrowth = 0.0;    //!< replaces programme.expenditure_growth
};

//! The draws that leave a scenario as it is.
Draw baseDraw(const Scenario& scenario);

//! A drawn delay as the SPEC rounds it: half up, negative ones to 0.
int roundDelay(double drawn);

//! The scenario a path evaluates: saving rates x factor, delays + extra, each one-off and
//! running cost amount x its factor (the same as multiplying after optimism bias), expenditure
//! growth replaced, and the notional fixed at `baseNotional` (a bond sculpted at a DSCR target
//! keeps sculpting at it). `evaluate(applyDraw(...))` is what a path must reproduce.
Scenario applyDraw(const Scenario& base, const Draw& draw, Money baseNotional);

class PathEngine {
  public:
    //! Evaluates the base case once (sizing the notional every path keeps). Throws InputError
    //! when the base case cannot be evaluated.
    explicit PathEngine(const Scenario& base);
    ~PathEngine();
    PathEngine(const PathEngine&);
    PathEngine& operator=(const PathEngine&) = delete;

    //! The metrics of one path. Allocation-free for a general-obligation bond with a schedule
    //! fixed by its notional (every amortization but sculpted); sculpted and savings-linked
    //! bonds rebuild their payments per path. Throws InputError when the path's bond cannot be
    //! built (e.g. a sculpted payment below its interest).
    void evaluate(const Draw& draw, PathMetrics& out);
    //! The metrics of several paths, each as evaluate(draws[i], out[i]) gives it, with the
    //! paths' IRRs solved side by side (finance::periodicIrrs): how a Monte Carlo block runs.
    //! failed[i] becomes 1 where evaluate would throw InputError for draws[i] (out[i] is then
    //! partly written and means nothing), else 0.
    void evaluate(std::span<const Draw> draws, std::span<PathMetrics> out, std::span<char> failed);

    Money baseNotional() const;
    //! Programme year of the bond's final payment.
    Year finalYear() const;
    //! The base case's metrics as `itsb run` reports them.
    const PathMetrics& baseMetrics() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace itsb::scenarios
