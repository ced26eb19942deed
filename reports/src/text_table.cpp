#include "text_table.hpp"

#include "itsb/scenarios/io/text_format.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace itsb::reports {

using scenarios::Cell;
using scenarios::ValueKind;

std::string humanValue(const Cell& c, ValueKind kind, int decimals) {
    struct Visitor {
        ValueKind kind;
        int decimals;
        std::string operator()(std::monostate) const { return "n/a"; }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const std::vector<double>& list) const {
            if (list.empty()) return "none";
            std::string text;
            for (double v : list) text += (text.empty() ? "" : ", ") + (*this)(v);
            return text;
        }
        std::string operator()(double v) const {
            switch (kind) {
            case ValueKind::Amount: return scenarios::formatMoney(v, decimals);
            case ValueKind::Percent: return scenarios::formatPercent(v, 4);
            case ValueKind::Ratio: return scenarios::formatNumber(v, 4);
            case ValueKind::Years: return scenarios::formatNumber(v, 4);
            case ValueKind::Factor: return scenarios::formatNumber(v, 6);
            case ValueKind::Integer: return scenarios::formatNumber(v, 0);
            case ValueKind::Text: return scenarios::formatNumber(v);
            }
            return scenarios::formatNumber(v);
        }
    };
    return std::visit(Visitor{kind, decimals}, c);
}

void TextTable::add(std::string heading, bool rightAligned) {
    headings_.push_back(std::move(heading));
    right_.push_back(rightAligned);
}

void TextTable::row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

std::string TextTable::render(const std::string& indent) const {
    std::vector<std::size_t> width(headings_.size());
    for (std::size_t i = 0; i < headings_.size(); ++i) {
        width[i] = headings_[i].size();
        for (const auto& r : rows_) width[i] = std::max(width[i], r[i].size());
    }
    auto format = [&](const std::vector<std::string>& cells) {
        std::string line = indent;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) line += "  ";
            line += right_[i] ? fmt::format("{:>{}}", cells[i], width[i]) : fmt::format("{:<{}}", cells[i], width[i]);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        return line + "\n";
    };
    std::string out = format(headings_);
    std::vector<std::string> rule;
    for (auto w : width) rule.emplace_back(w, '-');
    out += format(rule);
    for (const auto& r : rows_) out += format(r);
    return out;
}

std::string section(const std::string& title) { return "\n" + title + "\n" + std::string(title.size(), '=') + "\n"; }

std::string keyValues(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::size_t width = 0;
    for (const auto& [key, value] : pairs) width = std::max(width, key.size());
    std::string out;
    for (const auto& [key, value] : pairs) out += fmt::format("  {:<{}}  {}\n", key, width, value);
    return out;
}

}  // namespace itsb::reports
