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

//! revenue_account, partners_revenue_account and pwlb_comparison (council_finance).
void revenueTables(const scenarios::Evaluation& ev, std::vector<CsvTable>& tables) {
    const int decimals = ev.scenario.rounding.decimals;
    const auto columns = revenueColumns(ev.revenue->mrpTitle);
    tables.push_back({"revenue_account", table(ev.revenue->rows, columns, decimals)});
    if (!ev.partners.empty() && ev.partners.front().revenue) {
        std::string text = header(columns, "partner");
        for (const auto& p : ev.partners)
            for (const auto& row : p.revenue->rows) text += line(row, columns, decimals, csvQuoted(p.name));
        tables.push_back({"partners_revenue_account", text});
    }
    if (!ev.revenue->pwlb) return;
    const auto& c = *ev.revenue->pwlb;
    const PwlbEntries entries = pwlbEntries(c);
    std::string text = "item,value\n";
    for (const auto& e : entries.terms) text += e.key + "," + csvValue(e.value, e.kind, decimals) + "\n";
    text += std::string("available,") + (c.unavailable ? "false" : "true") + "\n";
    for (const auto& e : entries.figures) text += e.key + "," + csvValue(e.value, e.kind, decimals) + "\n";
    tables.push_back({"pwlb_comparison", text});
    if (!c.unavailable) tables.push_back({"pwlb_debt_service", table(c.years, pwlbColumns(), decimals)});
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
            const auto entries = [](const scenarios::PartnerResult& p) {
                auto out = tableMetricEntries(p.metrics);
                if (p.revenue)
                    for (auto& e : revenueMetricEntries(p.revenue->metrics)) out.push_back(std::move(e));
                return out;
            };
            for (const auto& e : entries(ev.partners.front())) partnerMetrics += "," + e.key;
            partnerMetrics += "\n";
            for (const auto& p : ev.partners) {
                for (const auto& row : p.annual) annual += line(row, annualColumns(), decimals, csvQuoted(p.name));
                partnerMetrics += csvQuoted(p.name) + "," + scenarios::formatNumber(p.savingsShare) + "," +
                                  scenarios::formatNumber(p.costShare);
                for (const auto& e : entries(p)) partnerMetrics += "," + csvValue(e.value, e.kind, decimals);
                partnerMetrics += "\n";
            }
            tables.push_back({"partners_annual", annual});
            tables.push_back({"partners_metrics", partnerMetrics});
        }
        if (ev.revenue) revenueTables(ev, tables);
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
