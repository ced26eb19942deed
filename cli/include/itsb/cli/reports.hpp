#pragma once
// Report writers: an Evaluation turned into JSON, CSV tables or the text a treasury officer
// reads. Same evaluation, same bytes, whatever the locale.

#include "itsb/scenarios/evaluation.hpp"

#include <string>
#include <vector>

namespace itsb::scenarios {
struct Comparison;
struct SimulationResult;
}  // namespace itsb::scenarios

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

// --- Workbooks (--format xlsx) -------------------------------------------------------------
// Each writes a complete .xlsx file to `path` (the caller writes to a temporary and renames it).
// Every derived cell is a live formula an auditor can follow, with itsb's own number cached as
// its value; the conventions and the input hash are on the Inputs sheet.

//! Inputs, Schedule, Annual, Metrics (and Partners when there are partners).
void writeRunWorkbook(const scenarios::Evaluation& evaluation, const std::string& path);

//! `compare --format xlsx`: the proposal's run workbook plus a Presets sheet of the comparison
//! rows (values: each row is `itsb run --preset NAME`), the proposal row checked against the
//! recomputed Metrics sheet.
void writeCompareWorkbook(const scenarios::Scenario& proposal, const scenarios::Evaluation& proposalEvaluation,
                          const scenarios::Comparison& comparison, const std::string& path);

//! `simulate --format xlsx`: the base case's run workbook plus a Simulation sheet of the
//! percentiles, probabilities and histograms (values: the paths are not spreadsheet formulas),
//! the base case checked against the recomputed Metrics sheet.
void writeSimulationWorkbook(const scenarios::Evaluation& base, const scenarios::SimulationResult& result,
                             const std::string& path);

}  // namespace itsb::cli
