#include "itsb/reports/run_report.hpp"
#include "itsb/reports/warning_text.hpp"

#include "itsb/version.hpp"

#include "columns.hpp"

#include <nlohmann/json.hpp>

namespace itsb::reports {

namespace {

using Json = nlohmann::ordered_json;

Json toJson(const Cell& c) {
    struct Visitor {
        Json operator()(std::monostate) const { return nullptr; }
        Json operator()(double v) const { return v; }
        Json operator()(const std::string& s) const { return s; }
        Json operator()(const std::vector<double>& list) const { return Json(list); }
    };
    return std::visit(Visitor{}, c);
}

template <typename Row>
Json rowsJson(const std::vector<Row>& rows, const std::vector<Column<Row>>& columns) {
    Json out = Json::array();
    for (const auto& row : rows) {
        Json object = Json::object();
        for (const auto& column : columns) {
            Cell c = column.value(row);
            // Integers print without a decimal point.
            if (column.kind == ValueKind::Integer && std::holds_alternative<double>(c))
                object[column.key] = static_cast<long long>(std::get<double>(c));
            else
                object[column.key] = toJson(c);
        }
        out.push_back(std::move(object));
    }
    return out;
}

Json metricsJson(const std::vector<MetricEntry>& entries) {
    Json out = Json::object();
    for (const auto& e : entries) {
        if (e.kind == ValueKind::Integer && std::holds_alternative<double>(e.value))
            out[e.key] = static_cast<long long>(std::get<double>(e.value));
        else
            out[e.key] = toJson(e.value);
    }
    return out;
}

Json pwlbJson(const scenarios::PwlbComparison& c) {
    const PwlbEntries entries = pwlbEntries(c);
    Json out = Json::object();
    for (const auto& e : entries.terms) out[e.key] = toJson(e.value);
    out["available"] = !c.unavailable.has_value();
    for (const auto& e : entries.figures) out[e.key] = toJson(e.value);
    if (!c.unavailable) out["debt_service"] = rowsJson(c.years, pwlbColumns());
    return out;
}

}  // namespace

std::string jsonReport(const scenarios::Evaluation& ev, ReportScope scope) {
    Json out = Json::object();
    out["itsb_version"] = ITSB_VERSION;
    out["input_sha256"] = ev.inputSha256;
    out["name"] = ev.scenario.name;
    Json conventions = Json::object();
    for (const auto& [key, value] : ev.conventions) conventions[key] = value;
    out["conventions"] = std::move(conventions);
    out["schedule"] = rowsJson(scheduleLines(ev), scheduleColumns(ev));
    if (scope == ReportScope::Run) {
        out["annual"] = rowsJson(ev.annual, annualColumns());
        out["metrics"] = metricsJson(metricEntries(ev.metrics));
        if (ev.revenue) {
            out["revenue_account"] = rowsJson(ev.revenue->rows, revenueColumns(ev.revenue->mrpTitle));
            if (ev.revenue->pwlb) out["pwlb_comparison"] = pwlbJson(*ev.revenue->pwlb);
        }
    }
    out["warnings"] = warningTexts(ev.warnings);
    out["warning_details"] = warningDetails(ev.warnings);
    if (scope == ReportScope::Run) {
        Json partners = Json::array();
        for (const auto& p : ev.partners) {
            Json partner = Json::object();
            partner["name"] = p.name;
            partner["savings_share"] = p.savingsShare;
            partner["cost_share"] = p.costShare;
            partner["annual"] = rowsJson(p.annual, annualColumns());
            auto entries = tableMetricEntries(p.metrics);
            if (p.revenue)
                for (auto& e : revenueMetricEntries(p.revenue->metrics)) entries.push_back(std::move(e));
            partner["metrics"] = metricsJson(entries);
            if (p.revenue) partner["revenue_account"] = rowsJson(p.revenue->rows, revenueColumns(ev.revenue->mrpTitle));
            partners.push_back(std::move(partner));
        }
        out["partners"] = std::move(partners);
    }
    return out.dump(2) + "\n";
}

}  // namespace itsb::reports
