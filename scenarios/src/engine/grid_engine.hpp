#pragma once
// Private to scenarios/src: the fast route of `itsb sensitivity --grid`. A grid point is
// evaluate() of the input read with the point's --set values. When every axis names a plain
// number of the Scenario (a rate, an amount, a share), the input is read once per axis value
// instead of once per point (201 + 201 reads for 40,401 points), each point's values are
// copied from those reads into the base Scenario, and the point is evaluated by evaluate()'s
// own steps with what it shares with other points built once: the bond's dates always, the
// projection along an axis that does not move it (the coupon), the notional where only the
// costs and the issue terms decide it. A point the engine cannot vouch for (an axis value
// invalid on its own, or whose read changes more than its field) takes the document route, so
// every failure reads exactly as before.

#include "itsb/scenarios/model/presets.hpp"
#include "itsb/scenarios/model/scenario.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios::detail {

class GridEngine {
  public:
    //! The engine for a grid over `pointers` (one or two) at `values` (one list per pointer) on
    //! `base`, the document the document route varies (each value set as --set sets
    //! `valueTexts`); nullptr when a pointer is not one it knows, two pointers set the same
    //! checked group of fields (the addressable shares, the coupon's parts, the notional), or
    //! `base` itself is not a valid input. Reads the axis values on `threads` threads; `workers`
    //! is how many threads will then call evaluate().
    static std::unique_ptr<GridEngine> make(const nlohmann::json& base, const std::vector<std::string>& pointers,
                                            const std::vector<std::vector<std::string>>& valueTexts,
                                            const std::optional<Preset>& preset, const std::string& metric,
                                            int threads, std::size_t workers);
    ~GridEngine();
    GridEngine(const GridEngine&) = delete;
    GridEngine& operator=(const GridEngine&) = delete;

    //! Whether the point at value `column` of the first axis and `row` of the second (0 for a
    //! one-way grid) is evaluated here: both values were valid inputs on their own, and reading
    //! them changed nothing but their fields.
    bool covers(std::size_t column, std::size_t row) const;

    //! The point's metric (null when the metric is), or, when evaluating raised an InputError,
    //! its text.
    struct Outcome {
        bool evaluated = false;
        std::optional<double> value;
        std::string failure;
    };

    //! Evaluates a covered point. Calls with different `worker`s (below `workers`) may run at
    //! once; the outcome does not depend on the worker.
    Outcome evaluate(std::size_t column, std::size_t row, std::size_t worker);

  private:
    struct State;
    explicit GridEngine(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace itsb::scenarios::detail
