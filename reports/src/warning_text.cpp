#include "itsb/reports/warning_text.hpp"

#include "itsb/scenarios/io/text_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>

namespace itsb::reports {

namespace {

using scenarios::formatMoney;
using scenarios::formatNumber;
using scenarios::formatPercent;
using scenarios::Warning;
using scenarios::WarningValue;

const WarningValue& value(const Warning& w, const char* name) {
    if (const auto* v = w.find(name)) return *v;
    throw std::logic_error("warning " + w.code + " has no value " + name);
}
const std::string& text(const Warning& w, const char* name) { return value(w, name).texts.at(0); }
double number(const Warning& w, const char* name) { return value(w, name).numbers.at(0); }

//! An amount as the reports write it: "GBP 1,234,567.00".
std::string money(const Warning& w, const char* name) {
    const auto& v = value(w, name);
    return v.unit + " " + formatMoney(v.numbers.at(0), v.decimals);
}

std::string whole(double count) { return std::to_string(static_cast<std::int64_t>(count)); }

//! The years below a DSCR of 1 as "2026/27 (-0.4273), 2027/28 (0.8600)"; three or more
//! consecutive years as one span, "2030/31 to 2034/35 (0.2100 to 0.9000)", so a long bond's
//! list stays short.
std::string dscrYears(const Warning& w) {
    const auto& years = value(w, "years").texts;
    const auto& numbers = value(w, "year_numbers").numbers;
    const auto& dscrs = value(w, "dscrs").numbers;
    std::string out;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && numbers[j + 1] == numbers[j] + 1) ++j;
        if (!out.empty()) out += ", ";
        if (j - i >= 2) {
            double lowest = dscrs[i], highest = lowest;
            for (std::size_t k = i; k <= j; ++k) {
                lowest = std::min(lowest, dscrs[k]);
                highest = std::max(highest, dscrs[k]);
            }
            out += years[i] + " to " + years[j] + " (" + formatNumber(lowest, 4) + " to " + formatNumber(highest, 4) + ")";
            i = j + 1;
        } else {
            out += years[i] + " (" + formatNumber(dscrs[i], 4) + ")";
            ++i;
        }
    }
    return out;
}

using Wording = std::function<std::string(const Warning&)>;

//! Every code and its wording, in the order docs/MODEL.md lists them.
const std::vector<std::pair<std::string, Wording>>& wordings() {
    static const std::vector<std::pair<std::string, Wording>> all{
        // itsb run (and every command that evaluates a scenario)
        {"investor_yield_unsolved",
         [](const Warning&) { return "investor_yield: no yield solves for the price paid; yield and durations are null"; }},
        {"project_irr_none",
         [](const Warning&) {
             return "project_irr: the project flows have no IRR between -99 % and +1000 %; reported as null";
         }},
        {"project_irr_several",
         [](const Warning& w) {
             const auto& roots = value(w, "roots");
             std::string list;
             for (double r : roots.numbers) list += (list.empty() ? "" : ", ") + formatPercent(r, roots.decimals);
             return "project_irr: the project flows have " + std::to_string(roots.numbers.size()) + " IRRs (" + list +
                    "); none is reported, as a spreadsheet would silently pick one";
         }},
        {"revenue_borrowing",
         [](const Warning& w) {
             if (w.find("rule") != nullptr)  // with council_finance: the jurisdiction's rule, after funding
                 return "revenue borrowing: net proceeds (" + money(w, "net_proceeds") +
                        ") exceed the capital one-off costs that nothing else funds (" +
                        money(w, "capital_one_off_costs") + "), while " + money(w, "unfunded_revenue_costs") +
                        " of revenue one-off costs has no permitted funding; " + text(w, "rule");
             return "revenue borrowing: net proceeds (" + money(w, "net_proceeds") +
                    ") exceed the capital one-off costs (" + money(w, "capital_one_off_costs") +
                    "); in England a council may not borrow for the revenue costs of service reform "
                    "(only capital spending, or revenue under the flexible use of capital receipts)";
         }},
        {"savings_linked_all_revenues",
         [](const Warning& w) {
             return "savings-linked bond: in " + text(w, "jurisdiction") + " " + text(w, "rule") +
                    ", so a bond repaid only from one project's savings is likely outside the council's powers; "
                    "consider an outcomes contract through a separate vehicle, which the council pays from its "
                    "revenue budget";
         }},
        {"financing_cost_ratio_above_max",
         [](const Warning& w) {
             const auto& years = value(w, "years").texts;
             const auto& ratios = value(w, "ratios");
             std::string list;
             for (std::size_t i = 0; i < years.size(); ++i)
                 list += (i == 0 ? "" : ", ") + years[i] + " (" + formatPercent(ratios.numbers[i], ratios.decimals) + ")";
             return "financing-cost ratio above the maximum of " + formatPercent(number(w, "max")) + " in " +
                    std::to_string(years.size()) + (years.size() == 1 ? " year: " : " years: ") + list;
         }},
        {"revenue_break_even_beyond_horizon",
         [](const Warning& w) {
             return "revenue_break_even_fiscal_year: the cumulative net revenue effect is still negative at the "
                    "horizon (" + money(w, "cumulative") + ")";
         }},
        {"dscr_below_one",
         [](const Warning& w) {
             std::string out = "min_dscr " + formatNumber(number(w, "min_dscr"), 4) + " in " + text(w, "worst_year");
             const std::size_t years = value(w, "years").texts.size();
             if (years == 1) return out + ": the year's savings do not cover its debt service";
             return out + "; DSCR below 1 in " + std::to_string(years) + " years: " + dscrYears(w) +
                    ": those years' savings do not cover their debt service";
         }},
        {"investor_loss",
         [](const Warning& w) {
             return "investor_loss: " + money(w, "written_off") +
                    " of arrears (arrears interest included) is written off at maturity; the savings paid " +
                    money(w, "paid") + " of the contractual " + money(w, "contractual");
         }},
        {"break_even_beyond_horizon",
         [](const Warning& w) {
             return "break_even_year: the council's cumulative position is still negative at the horizon (" +
                    money(w, "cumulative_position") + ")";
         }},
        // itsb size
        {"max_notional_for_dscr_none",
         [](const Warning& w) {
             return "max_notional_for_dscr: no notional of at least one size_rounding (" +
                    formatNumber(number(w, "size_rounding")) + ") meets a minimum DSCR of " +
                    formatNumber(number(w, "target")) + ": " + text(w, "reason");
         }},
        {"notional_to_fund_costs_none",
         [](const Warning& w) {
             return std::string(w.pointer == "/notional_to_fund_costs/capital" ? "notional_to_fund_costs.capital: "
                                                                               : "notional_to_fund_costs.all: ") +
                    text(w, "rule");
         }},
        {"notional_to_fund_costs_schedule",
         [](const Warning& w) { return "notional_to_fund_costs: " + text(w, "error"); }},
        {"break_even_saving_rate_no_savings",
         [](const Warning&) {
             return "break_even_saving_rate: every service line saves 0 %, so no factor changes them";
         }},
        {"break_even_saving_rate_unreachable",
         [](const Warning& w) {
             return "break_even_saving_rate: even saving 100 % on the largest line does not break even by " +
                    text(w, "by");
         }},
        {"break_even_saving_rate_not_needed",
         [](const Warning& w) {
             return "break_even_saving_rate: the council breaks even by " + text(w, "by") + " with no savings at all";
         }},
        {"max_coupon_for_dscr_none",
         [](const Warning& w) {
             return "max_coupon_for_dscr: even a zero coupon misses a minimum DSCR of " +
                    formatNumber(number(w, "target")) + " at the proposal's notional";
         }},
        {"max_coupon_for_dscr_any",
         [](const Warning& w) {
             return "max_coupon_for_dscr: every coupon up to 100 % meets a minimum DSCR of " +
                    formatNumber(number(w, "target"));
         }},
        // itsb compare and itsb sensitivity
        {"row_not_evaluable", [](const Warning& w) { return "cannot be evaluated: " + text(w, "problems"); }},
        {"bump_not_evaluable",
         [](const Warning& w) {
             return text(w, "input") + " " + text(w, "bump") + " (" + w.pointer +
                    "): cannot be evaluated: " + text(w, "problems");
         }},
        {"point_not_evaluable",
         [](const Warning& w) {
             const auto& pointers = value(w, "pointers").texts;
             const auto& values = value(w, "values").texts;
             std::string where;
             for (std::size_t i = 0; i < pointers.size(); ++i)
                 where += (i == 0 ? "" : ", ") + pointers[i] + "=" + values.at(i);
             return "point " + where + ": cannot be evaluated: " + text(w, "problems");
         }},
        // itsb simulate
        {"nothing_uncertain",
         [](const Warning& w) {
             return "uncertainty: nothing in /uncertainty varies (the block is absent, or each distribution is fixed), "
                    "so every path would be the base case: one path was run instead of " +
                    formatMoney(number(w, "paths_asked"), 0) +
                    "; give a distribution under /uncertainty (e.g. saving_rate_factor) to simulate savings risk";
         }},
        {"paths_failed",
         [](const Warning& w) {
             return whole(number(w, "failed_paths")) +
                    " paths could not build their bond (a sculpted payment below its interest); their metrics count "
                    "as null";
         }},
    };
    return all;
}

nlohmann::json valueJson(const WarningValue& v) {
    auto one = [&](std::size_t i) -> nlohmann::json {
        if (v.kind == WarningValue::Kind::Text) return v.texts.at(i);
        if (v.kind == WarningValue::Kind::Count) return static_cast<std::int64_t>(v.numbers.at(i));
        return v.numbers.at(i);
    };
    if (!v.list) return one(0);
    nlohmann::json list = nlohmann::json::array();
    const std::size_t n = v.kind == WarningValue::Kind::Text ? v.texts.size() : v.numbers.size();
    for (std::size_t i = 0; i < n; ++i) list.push_back(one(i));
    return list;
}

nlohmann::json detailJson(const Warning& w) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& v : w.values) values[v.name] = valueJson(v);
    return {{"code", w.code}, {"pointer", w.pointer}, {"values", std::move(values)}};
}

}  // namespace

std::string warningText(const Warning& warning) {
    for (const auto& [code, wording] : wordings())
        if (code == warning.code) return wording(warning);
    throw std::logic_error("no wording for the warning code " + warning.code);
}

std::vector<std::string> warningTexts(const std::vector<Warning>& warnings) {
    std::vector<std::string> out;
    out.reserve(warnings.size());
    for (const auto& w : warnings) out.push_back(warningText(w));
    return out;
}

std::string rowsWarningText(const scenarios::RowsWarning& warning, std::size_t rowCount) {
    const auto& rows = warning.rows;
    std::string who;
    if (rows.size() == rowCount && rowCount > 1) {
        who = "every row";
    } else {
        for (std::size_t i = 0; i < rows.size(); ++i) who += (i == 0 ? "" : (i + 1 == rows.size() ? " and " : ", ")) + rows[i];
    }
    return who + ": " + warningText(warning.warning);
}

nlohmann::json warningDetails(const std::vector<Warning>& warnings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& w : warnings) out.push_back(detailJson(w));
    return out;
}

nlohmann::json warningDetails(const std::vector<scenarios::RowsWarning>& warnings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& w : warnings) {
        nlohmann::json one = detailJson(w.warning);
        one["rows"] = w.rows;
        out.push_back(std::move(one));
    }
    return out;
}

const std::vector<std::string>& warningCodes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> out;
        for (const auto& [code, wording] : wordings()) out.push_back(code);
        return out;
    }();
    return codes;
}

}  // namespace itsb::reports
