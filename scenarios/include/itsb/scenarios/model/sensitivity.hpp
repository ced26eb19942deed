#pragma once
// The results of `itsb sensitivity` (SPEC §6): a tornado of the key inputs bumped, and one- or
// two-way grids of any input named by JSON pointer (the engine is engine/sensitivity.hpp).

#include "itsb/scenarios/model/warning.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace itsb::scenarios {

// ---- tornado ----------------------------------------------------------------------------

//! One input bumped down and up, and a metric at each end.
struct TornadoBar {
    std::string input;    //!< "Saving rate", "Coupon", ...
    std::string pointer;  //!< the pointer bumped; `*` stands for every service line or cost
    std::string bump;     //!< "x0.8 / x1.2", "-1 pp / +1 pp", ...
    double low = 0.0;     //!< the bumped input value, or for a `*` pointer the factor / shift
    double high = 0.0;
    std::string lowText;   //!< how `low` reads: "x0.8", "-1 year", "3.80%"
    std::string highText;
    std::string metric;
    std::optional<double> base;
    std::optional<double> valueLow;
    std::optional<double> valueHigh;
    //! |value_high - value_low| (money rounded as the scenario rounds); null when either end is.
    std::optional<double> swing;
};

struct Tornado {
    std::vector<std::string> metrics;  //!< in the order asked
    std::vector<std::string> inputs;   //!< the inputs bumped, in the order they are listed
    //! Grouped by metric in that order; within a metric sorted by swing, largest first, nulls
    //! last, ties in input order.
    std::vector<TornadoBar> bars;
    std::vector<Warning> warnings;  //!< one per bump that could not be evaluated
};

// ---- grids ------------------------------------------------------------------------------

//! `/pointer=from:to:step` as written on the command line.
struct GridAxisSpec {
    std::string text;  //!< as written (for messages); empty when built in code
    std::string pointer;
    double from = 0.0;
    double to = 0.0;
    double step = 0.0;
};

//! Most points on one axis.
constexpr std::size_t kMaxGridPoints = 201;

struct GridAxis {
    std::string pointer;
    std::vector<double> values;
};

struct Grid {
    std::string metric;
    GridAxis x;
    std::optional<GridAxis> y;  //!< two-way grids only
    //! Rows over y, columns over x (one row for a one-way grid); null where the point's input
    //! is invalid or cannot be evaluated, or the metric itself is null there.
    std::vector<std::vector<std::optional<double>>> values;
    std::vector<Warning> warnings;  //!< one per point that could not be evaluated
};

}  // namespace itsb::scenarios
