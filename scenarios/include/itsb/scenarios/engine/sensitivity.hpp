#pragma once
// `itsb sensitivity` (SPEC §6): a tornado of the key inputs, and one- or two-way grids of any
// input named by JSON pointer. Every case is an input document changed and read again with
// buildScenario (a grid reads each axis value once and sets the values it read into the
// Scenario: the same thing), so a bump or grid point that makes the input invalid is reported
// as such (null values and a warning), never clipped into range, and a grid point is exactly
// what `itsb run --set /pointer=value` computes. The results are model/sensitivity.hpp.

#include "itsb/scenarios/model/metric_catalog.hpp"
#include "itsb/scenarios/model/presets.hpp"
#include "itsb/scenarios/model/scenario.hpp"
#include "itsb/scenarios/model/sensitivity.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace itsb::scenarios {

//! A sensitivity request that cannot be carried out as written (an unknown metric, a
//! malformed range, a pointer that names no number): a usage error, not an input error.
class SensitivityError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

//! How a tornado's or a grid's evaluations are run: the result is the same for any of it.
struct SensitivityOptions {
    int threads = 1;  //!< worker threads (finance::parallelFor)
    //! Called from the worker threads, one call at a time, as evaluations finish: (done, in all).
    std::function<void(std::size_t, std::size_t)> progress;
};

//! The metrics a tornado shows by default: project_npv, npv_after_financing, min_dscr and the
//! break-even year on `basis` (break_even_year, or revenue_break_even_year).
const std::vector<std::string>& defaultTornadoMetrics(BreakEvenBasis basis = BreakEvenBasis::Cash);

//! Throws SensitivityError unless `key` is one of numericMetricKeys(), listing them.
void checkSensitivityMetric(std::string_view key);

//! Throws SensitivityError when a metric of `keys` is one of the revenue view's and the scenario
//! has no council_finance block (`hasCouncilFinance` false), naming the first such metric.
void checkRevenueMetricsAvailable(const std::vector<std::string>& keys, bool hasCouncilFinance);

// ---- tornado ----------------------------------------------------------------------------

//! Bumps the key inputs of `scenario` on its canonical input (every default present):
//! saving rates x0.8 / x1.2, delays -1 (floored at 0) / +1 (capped at horizon - 1) years,
//! one-off and running costs x0.8 / x1.2, the coupon (or the gilt yield under it) -1 / +1 pp,
//! the discount rate -1 / +1 pp (flat: the rate; curve: every zero rate; green_book: the
//! inflation deflator, which moves the real discount rate by about 1 pp) and expenditure
//! growth -1 / +1 pp. Every bumped number is rounded to 12 significant digits, so it can be
//! typed into --set. Throws SensitivityError for a metric that is not numeric (or a revenue
//! metric without council_finance), InputError when the scenario itself cannot be evaluated.
//! The base case is evaluated first; the bumps then run as `options` says.
Tornado tornado(const Scenario& scenario, const std::vector<std::string>& metrics,
                const SensitivityOptions& options = {});

// ---- grids ------------------------------------------------------------------------------

//! Parses `--grid /pointer=from:to:step`. Throws SensitivityError naming the problem.
GridAxisSpec parseGridAxis(std::string_view text);

//! from + i x step for i = 0, 1, ... while within `to` (a last point within step / 1e9 of `to`
//! is `to`), each rounded to 12 significant digits (0.1 + 0.2 is 0.3). Throws SensitivityError
//! for from > to, step <= 0, non-finite bounds or more than kMaxGridPoints points.
std::vector<double> gridPoints(const GridAxisSpec& axis);

//! A grid value as typed into --set: the shortest text that reads back to the same double.
std::string gridValueText(double value);

//! Evaluates `metric` at every point of one or two axes. `document` is the input as read,
//! after --set overrides; each point sets its value(s) there exactly as --set does, then reads
//! the document (buildScenario), applies `preset` when given and evaluates. When every pointer
//! names a plain number of the Scenario (a rate, an amount, a share), each axis value is read
//! once rather than each point, and the points share what does not depend on their values (the
//! bond's dates; the projection and notional along an axis that does not move them): the
//! figures and warnings are the same, to the bit and to the letter. A pointer must
//! name a number in `document` or, failing that, in its canonical form (where every default is
//! written), which is then the document varied. Throws SensitivityError for an unknown metric
//! (or a revenue metric when `document` has no council_finance), a pointer that names no
//! number, the same pointer twice or more than two axes. The points run as `options` says; a
//! revenue metric has each point compute its revenue account, a grid of any other metric not.
Grid grid(const nlohmann::json& document, const std::vector<GridAxisSpec>& axes, const std::string& metric,
          const std::optional<Preset>& preset = std::nullopt, const SensitivityOptions& options = {});

}  // namespace itsb::scenarios
