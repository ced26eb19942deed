#pragma once
// CSV cells: RFC 4180 quoting and machine-readable numbers.

#include "itsb/scenarios/model/metric_catalog.hpp"

#include <string>

namespace itsb::reports {

//! The text, quoted when it holds a comma, a quote or a line break.
std::string csvQuoted(const std::string& text);

//! Money with exactly `decimals` places, integers without a point, other numbers as the
//! shortest text that reads back exactly, lists space-separated, null empty.
std::string csvValue(const scenarios::Cell& value, scenarios::ValueKind kind, int decimals);

}  // namespace itsb::reports
