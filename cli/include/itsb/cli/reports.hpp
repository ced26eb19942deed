#pragma once
// Report writers: an Evaluation turned into JSON, CSV tables or the text a treasury officer
// reads. Same evaluation, same bytes, whatever the locale.

#include "itsb/scenarios/evaluation.hpp"

#include <string>
#include <vector>

namespace itsb::cli {

//! What a command reports: the full run or the repayment schedule alone.
enum class ReportScope { Run, Schedule };

//! `--format json`: the keys of SPEC §6, two-space indented, with a final newline.
std::string jsonReport(const scenarios::Evaluation& evaluation, ReportScope scope);

//! One CSV table (RFC 4180: comma separated, CRLF-free, quoted where needed).
struct CsvTable {
    std::string name;  //!< file stem: "schedule", "annual", "metrics", ...
    std::string text;
};

//! `--format csv`: the tables of the report.
std::vector<CsvTable> csvReport(const scenarios::Evaluation& evaluation, ReportScope scope);

//! The tables one after another for a single stream: each preceded by `# NAME`, separated
//! by a blank line.
std::string joinCsv(const std::vector<CsvTable>& tables);

//! `--format table`: assumptions and conventions, schedule, annual table, metrics, partners
//! and warnings, with thousands separators and percentages.
std::string tableReport(const scenarios::Evaluation& evaluation, ReportScope scope);

}  // namespace itsb::cli
