#pragma once
// The `run` and `schedule` reports: an Evaluation turned into JSON, CSV tables or a Document
// (text, Markdown, HTML). Same evaluation, same bytes, whatever the locale.

#include "itsb/reports/csv_table.hpp"
#include "itsb/reports/document.hpp"
#include "itsb/scenarios/model/evaluation.hpp"

#include <string>
#include <vector>

namespace itsb::reports {

//! What a command reports: the full run or the repayment schedule alone.
enum class ReportScope { Run, Schedule };

//! `--format json`: the keys of SPEC §6, two-space indented, with a final newline.
std::string jsonReport(const scenarios::Evaluation& evaluation, ReportScope scope);

//! `--format csv`: the tables of the report.
std::vector<CsvTable> csvReport(const scenarios::Evaluation& evaluation, ReportScope scope);

//! Assumptions, conventions, schedule, annual tables, metrics, partners and warnings; for HTML
//! also the key figures and the charts.
Document runDocument(const scenarios::Evaluation& evaluation, ReportScope scope);

//! `--format table`: assumptions and conventions, schedule, annual table, metrics, partners
//! and warnings, with thousands separators and percentages (runDocument rendered as text).
std::string tableReport(const scenarios::Evaluation& evaluation, ReportScope scope);

}  // namespace itsb::reports
