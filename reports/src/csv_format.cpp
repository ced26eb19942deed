#include "csv_format.hpp"

#include "itsb/scenarios/io/text_format.hpp"

namespace itsb::reports {

using scenarios::Cell;
using scenarios::ValueKind;

std::string csvQuoted(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvValue(const Cell& c, ValueKind kind, int decimals) {
    struct Visitor {
        ValueKind kind;
        int decimals;
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(double v) const {
            if (kind == ValueKind::Amount) return scenarios::formatNumber(v, decimals);
            if (kind == ValueKind::Integer) return scenarios::formatNumber(v, 0);
            return scenarios::formatNumber(v);
        }
        std::string operator()(const std::string& s) const { return csvQuoted(s); }
        std::string operator()(const std::vector<double>& list) const {
            std::string text;
            for (double v : list) text += (text.empty() ? "" : " ") + scenarios::formatNumber(v);
            return text;
        }
    };
    return std::visit(Visitor{kind, decimals}, c);
}

}  // namespace itsb::reports
