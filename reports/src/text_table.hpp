#pragma once
// Plain-text building blocks of the human reports: aligned tables, titled sections,
// key/value lists and how a value reads to a person.

#include "itsb/scenarios/model/metric_catalog.hpp"

#include <string>
#include <utility>
#include <vector>

namespace itsb::reports {

//! Money with thousands separators, rates as percentages (4 places), ratios and years to 4
//! places, factors to 6, null as "n/a".
std::string humanValue(const scenarios::Cell& value, scenarios::ValueKind kind, int decimals);

//! A plain text table: right-aligned numbers, left-aligned text, two spaces between columns.
class TextTable {
  public:
    void add(std::string heading, bool rightAligned);
    void row(std::vector<std::string> cells);
    std::string render(const std::string& indent = "  ") const;

  private:
    std::vector<std::string> headings_;
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> rows_;
};

//! "\nTitle\n=====\n"
std::string section(const std::string& title);
//! Aligned "  key  value" lines.
std::string keyValues(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace itsb::reports
