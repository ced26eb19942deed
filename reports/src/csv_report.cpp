#include "itsb/reports/run_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "columns.hpp"
#include "csv_format.hpp"
#include "itsb/scenarios/io/text_format.hpp"

namespace itsb::reports {

namespace {

template <typename Row>
std::string header(const std::vector<Column<Row>>& columns, const std::string& prefix = "") {
    std::string line = prefix;
    for (std::size_t i = 0; i < columns.size(); ++i) line += (i || !prefix.empty() ? "," : "") + columns[i].key;
    return line + "\n";
}

template <typename Row>
std::string line(const Row& row, const std::vector<Column<Row>>& columns, int decimals, const std::string& prefix = "") {
    std::string text = prefix;
    for (std::size_t i = 0; i < columns.size(); ++i)
        text += (i || !prefix.empty() ? "," : "") + csvValue(columns[i].value(row), columns[i].kind, decimals);
    return text + "\n";
}

template <typename Row>
std::string table(const std::vector<Row>& rows, const std::vector<Column<Row>>& columns, int decimals) {
    std::string text = header(columns);
    for (const auto& row : rows) text += line(row, columns, decimals);
    return text;
}

}  // namespace

std::vector<CsvTable> csvReport(const scenarios::Evaluation& ev, ReportScope scope) {
    const int decimals = ev.scenario.rounding.decimals;
    std::vector<CsvTable> tables;
    tables.push_back({"schedule", table(scheduleLines(ev), scheduleColumns(ev), decimals)});
    if (scope == ReportScope::Run) {
        tables.push_back({"annual", table(ev.annual, annualColumns(), decimals)});
        std::string metrics = "metric,value\n";
        for (const auto& e : metricEntries(ev.metrics))
            metrics += e.key + "," + csvValue(e.value, e.kind, decimals) + "\n";
        tables.push_back({"metrics", metrics});
        if (!ev.partners.empty()) {
            std::string annual = header(annualColumns(), "partner");
            std::string partnerMetrics = "partner,savings_share,cost_share";
            for (const auto& e : tableMetricEntries(ev.partners.front().metrics)) partnerMetrics += "," + e.key;
            partnerMetrics += "\n";
            for (const auto& p : ev.partners) {
                for (const auto& row : p.annual) annual += line(row, annualColumns(), decimals, csvQuoted(p.name));
                partnerMetrics += csvQuoted(p.name) + "," + scenarios::formatNumber(p.savingsShare) + "," +
                                  scenarios::formatNumber(p.costShare);
                for (const auto& e : tableMetricEntries(p.metrics))
                    partnerMetrics += "," + csvValue(e.value, e.kind, decimals);
                partnerMetrics += "\n";
            }
            tables.push_back({"partners_annual", annual});
            tables.push_back({"partners_metrics", partnerMetrics});
        }
    }
    std::string warnings = "warning\n";
    for (const auto& w : ev.warnings) warnings += csvQuoted(warningText(w)) + "\n";
    tables.push_back({"warnings", warnings});
    return tables;
}

std::string joinCsv(const std::vector<CsvTable>& tables) {
    std::string out;
    for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? "\n# " : "# ") + tables[i].name + "\n" + tables[i].text;
    return out;
}

}  // namespace itsb::reports
