#pragma once
// Every output key in one place: the schedule, annual and metric columns with their JSON
// key, their heading in human reports and how their values read. The JSON, CSV and table
// writers all walk these lists, so a key is spelled once.

#include "itsb/scenarios/evaluation.hpp"

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace itsb::cli {

enum class ValueKind {
    Money,    //!< rounded to the scenario's decimals
    Rate,     //!< a decimal rate, shown as a percentage
    Ratio,    //!< DSCR, LLCR, benefit-cost ratio
    Years,    //!< payback in years, durations
    Factor,   //!< discount factor, accrual fraction
    Integer,  //!< year, period
    Text      //!< labels and dates
};

//! A cell: empty (null), a number, a text or a list of numbers.
using Cell = std::variant<std::monostate, double, std::string, std::vector<double>>;

inline Cell cell(const std::optional<double>& v) { return v ? Cell(*v) : Cell(); }
inline Cell cell(const std::optional<int>& v) { return v ? Cell(static_cast<double>(*v)) : Cell(); }
inline Cell cell(const std::optional<std::string>& v) { return v ? Cell(*v) : Cell(); }

template <typename Row>
struct Column {
    std::string key;      //!< JSON / CSV key (SPEC §6)
    std::string heading;  //!< human heading
    ValueKind kind;
    std::function<Cell(const Row&)> value;
};

const std::vector<Column<finance::ScheduleRow>>& scheduleColumns();
const std::vector<Column<scenarios::AnnualRow>>& annualColumns();

struct MetricEntry {
    std::string key;
    std::string heading;
    ValueKind kind;
    Cell value;
};

//! The metrics of SPEC §5 in report order, plus `mirr` and `project_irr_roots` (a list).
std::vector<MetricEntry> metricEntries(const scenarios::Metrics& metrics);
//! The table metrics alone (per partner).
std::vector<MetricEntry> tableMetricEntries(const scenarios::TableMetrics& metrics);

}  // namespace itsb::cli
