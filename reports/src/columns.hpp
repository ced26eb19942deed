#pragma once
// The schedule and annual columns with their JSON key, their heading in human reports and
// how their values read (the metrics are in scenarios/metric_catalog.hpp). The JSON, CSV and
// table writers all walk these lists, so a key is spelled once.

#include "itsb/scenarios/model/evaluation.hpp"
#include "itsb/scenarios/model/metric_catalog.hpp"

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace itsb::reports {

using scenarios::Cell;
using scenarios::ValueKind;
using scenarios::cell;
using scenarios::MetricEntry;
using scenarios::metricEntries;
using scenarios::tableMetricEntries;
using scenarios::revenueMetricEntries;
using scenarios::RevenueRow;
using scenarios::PwlbYear;
using finance::Money;

template <typename Row>
struct Column {
    std::string key;      //!< JSON / CSV key (SPEC §6)
    std::string heading;  //!< human heading
    ValueKind kind;
    std::function<Cell(const Row&)> value;
};

//! A schedule row as reported: the contractual row and, for a savings-linked bond, what the
//! date made available, paid and left in arrears.
struct ScheduleLine {
    finance::ScheduleRow row;
    std::optional<finance::PaidRow> paid;
};

std::vector<ScheduleLine> scheduleLines(const scenarios::Evaluation& evaluation);
//! The contractual columns, plus `available`, `arrears_interest`, `paid` and `arrears` for a
//! savings-linked bond (SPEC §9).
std::vector<Column<ScheduleLine>> scheduleColumns(const scenarios::Evaluation& evaluation);
const std::vector<Column<scenarios::AnnualRow>>& annualColumns();
//! The revenue account's columns (docs/MODEL.md §10); the MRP heading is the jurisdiction's name for it.
std::vector<Column<scenarios::RevenueRow>> revenueColumns(const std::string& mrpTitle);
//! The PWLB comparison's debt service by year.
std::vector<Column<scenarios::PwlbYear>> pwlbColumns();

//! The PWLB comparison's figures by key, for the JSON and CSV writers: its terms, then (after the
//! writer's `available`) the reason there is none, or the figures compared.
struct PwlbEntries {
    std::vector<MetricEntry> terms;
    std::vector<MetricEntry> figures;
};
PwlbEntries pwlbEntries(const scenarios::PwlbComparison& comparison);

}  // namespace itsb::reports
