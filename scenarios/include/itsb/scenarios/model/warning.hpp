#pragma once
// A warning as data: a stable code per kind of warning, the JSON pointer of what it concerns and
// the values it quotes, named and typed. The engine states the facts; reports/ words them
// (reports/warning_text.hpp), so an API client can tell one warning from another, and translate
// or re-word it, without parsing English.

#include <string>
#include <utility>
#include <vector>

namespace itsb::scenarios {

//! One named value a warning quotes: a number (or a list of them) of a kind that says how it
//! reads, or a text (or a list of texts).
struct WarningValue {
    enum class Kind {
        Text,     //!< texts: a fiscal year, an input's name, a rule
        Number,   //!< a plain number, `decimals` places (-1: the shortest text that reads back)
        Count,    //!< a whole number
        Amount,   //!< an amount of money, `decimals` places, in `unit` (the currency)
        Percent,  //!< a rate, shown as a percentage with `decimals` places
    };
    std::string name;
    Kind kind = Kind::Text;
    std::vector<double> numbers;     //!< Number, Count, Amount, Percent
    std::vector<std::string> texts;  //!< Text
    bool list = false;               //!< a list of values rather than one
    int decimals = -1;
    std::string unit;

    bool operator==(const WarningValue&) const = default;
};

struct Warning {
    //! Stable, snake_case; one per kind of warning (docs/MODEL.md lists them).
    std::string code;
    //! What it concerns: an output (`/metrics/min_dscr`) or an input (`/bond/notional`) pointer;
    //! empty when it concerns the result as a whole.
    std::string pointer;
    std::vector<WarningValue> values;

    bool operator==(const Warning&) const = default;

    //! The value named `name`, or nullptr.
    const WarningValue* find(const std::string& name) const {
        for (const auto& v : values)
            if (v.name == name) return &v;
        return nullptr;
    }
};

// Builders for the values of a warning.
inline WarningValue warningValue(std::string name, WarningValue::Kind kind, std::vector<double> numbers,
                                 std::vector<std::string> texts, bool list, int decimals = -1, std::string unit = {}) {
    WarningValue v;
    v.name = std::move(name);
    v.kind = kind;
    v.numbers = std::move(numbers);
    v.texts = std::move(texts);
    v.list = list;
    v.decimals = decimals;
    v.unit = std::move(unit);
    return v;
}
inline WarningValue textValue(std::string name, std::string text) {
    return warningValue(std::move(name), WarningValue::Kind::Text, {}, {std::move(text)}, false);
}
inline WarningValue textList(std::string name, std::vector<std::string> texts) {
    return warningValue(std::move(name), WarningValue::Kind::Text, {}, std::move(texts), true);
}
inline WarningValue numberValue(std::string name, double value, int decimals = -1) {
    return warningValue(std::move(name), WarningValue::Kind::Number, {value}, {}, false, decimals);
}
inline WarningValue numberList(std::string name, std::vector<double> values, int decimals = -1) {
    return warningValue(std::move(name), WarningValue::Kind::Number, std::move(values), {}, true, decimals);
}
inline WarningValue countValue(std::string name, double value) {
    return warningValue(std::move(name), WarningValue::Kind::Count, {value}, {}, false, 0);
}
inline WarningValue countList(std::string name, std::vector<double> values) {
    return warningValue(std::move(name), WarningValue::Kind::Count, std::move(values), {}, true, 0);
}
inline WarningValue moneyValue(std::string name, double value, int decimals, std::string currency) {
    return warningValue(std::move(name), WarningValue::Kind::Amount, {value}, {}, false, decimals, std::move(currency));
}
inline WarningValue percentList(std::string name, std::vector<double> rates, int decimals) {
    return warningValue(std::move(name), WarningValue::Kind::Percent, std::move(rates), {}, true, decimals);
}

}  // namespace itsb::scenarios
