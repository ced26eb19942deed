#pragma once
// The metric keys of the contract (SPEC §5, §9) in one place, with how each reads: report
// writers, sensitivity, compare and simulate all look metrics up here by key.

#include "itsb/scenarios/model/evaluation.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace itsb::scenarios {

enum class ValueKind {
    Amount,   //!< money, rounded to the scenario's decimals
    Percent,  //!< a decimal rate, shown as a percentage
    Ratio,    //!< DSCR, LLCR, benefit-cost ratio
    Years,    //!< payback in years, durations
    Factor,   //!< discount factor, accrual fraction, convexity
    Integer,  //!< year, period, count
    Text      //!< labels and dates
};

//! A value: empty (null), a number, a text or a list of numbers.
using Cell = std::variant<std::monostate, double, std::string, std::vector<double>>;

inline Cell cell(const std::optional<double>& v) { return v ? Cell(*v) : Cell(); }
inline Cell cell(const std::optional<int>& v) { return v ? Cell(static_cast<double>(*v)) : Cell(); }
inline Cell cell(const std::optional<std::string>& v) { return v ? Cell(*v) : Cell(); }

struct MetricEntry {
    std::string key;      //!< JSON key
    std::string heading;  //!< human heading
    ValueKind kind;
    Cell value;
};

//! Every metric of a run in report order: SPEC §5's table, `mirr`, `project_irr_roots`, and the
//! structure's extra metrics (`sculpt_dscr`, `investor_loss`, `years_in_arrears`).
std::vector<MetricEntry> metricEntries(const Metrics& metrics);
//! The metrics of an annual table alone (also each partner's).
std::vector<MetricEntry> tableMetricEntries(const TableMetrics& metrics);

//! The revenue view's metrics (council_finance): metricEntries appends them when present, and
//! each partner's follow its table metrics.
std::vector<MetricEntry> revenueMetricEntries(const RevenueMetrics& metrics);

//! Every metric key a run can report, in report order, with its heading and kind: those of
//! metricEntries with the revenue view's appended (a scenario without council_finance has no
//! revenue metrics; their keys are still known). The values are placeholders.
const std::vector<MetricEntry>& metricCatalog();

//! Whether `key` is one of the revenue view's metrics (revenueMetricEntries), which only a
//! scenario with council_finance has.
bool isRevenueMetric(std::string_view key);

//! The keys that have a single numeric value (so they can be a sensitivity or simulation
//! target): every metric of metricCatalog() but texts and lists, the revenue view's included.
std::vector<std::string> numericMetricKeys();
//! The numeric value of `key` in `metrics`; nullopt for a null value, and for a revenue metric
//! when `metrics` has no revenue view (a scenario without council_finance, or an evaluation
//! that did not ask for it). Throws std::invalid_argument for a key that is not a numeric metric.
std::optional<double> numericMetric(const Metrics& metrics, std::string_view key);
//! The kind of value a metric key holds; nullopt for an unknown key.
std::optional<ValueKind> metricKind(std::string_view key);
//! The human heading of a metric key ("Revenue break-even year"); the key itself when unknown.
std::string metricHeading(std::string_view key);

//! What evaluate() must compute for these metric keys, and nothing more (no partners,
//! conventions, hash or warnings): the bond's risk figures only for the yield and durations,
//! the XIRRs only for investor_irr and council_all_in_cost, the revenue account only for the
//! revenue view's metrics.
EvaluateOptions evaluateOptionsFor(const std::vector<std::string>& keys);

// ---- the break-even basis ----------------------------------------------------------------

//! Which break-even the analytics commands use (`--basis`): the council's cumulative cash
//! position (`break_even_year`, the default) or its revenue account's cumulative net revenue
//! effect (`revenue_break_even_year`, council_finance only).
enum class BreakEvenBasis { Cash, Revenue };

std::string_view name(BreakEvenBasis basis);  //!< "cash", "revenue"
//! The basis a name spells; nullopt for any other text.
std::optional<BreakEvenBasis> breakEvenBasisNamed(std::string_view text);
//! The break-even year's metric key on `basis`: break_even_year or revenue_break_even_year.
std::string_view breakEvenYearKey(BreakEvenBasis basis);
//! The break-even year of `metrics` on `basis` (null when the council never breaks even within
//! the horizon, or `metrics` has no revenue view).
std::optional<Year> breakEvenYearOf(const Metrics& metrics, BreakEvenBasis basis);

}  // namespace itsb::scenarios
