#include "checker.hpp"

#include "edit_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace itsb::scenarios::detail {

using nlohmann::json;

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string quotedList(std::span<const std::string_view> words) {
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) text += ", ";
        text += quoted(words[i]);
    }
    return text;
}

std::string childPointer(const std::string& parent, std::string_view key) {
    return (json::json_pointer(parent) / std::string(key)).to_string();
}

std::string childPointer(const std::string& parent, std::size_t index) {
    return parent + "/" + std::to_string(index);
}

void Checker::add(std::string pointer, const json* value, std::string rule) {
    if (full()) return;
    problems.push_back({std::move(pointer), value != nullptr ? problemValue(*value) : "", std::move(rule)});
}

void Checker::addText(std::string pointer, std::string value, std::string rule) {
    if (full()) return;
    problems.push_back({std::move(pointer), std::move(value), std::move(rule)});
}

bool Checker::full() {
    if (static_cast<std::int64_t>(problems.size()) < kMaxProblems) return false;
    ++unlisted;
    return true;
}

const json* Checker::find(const json& object, std::string_view key) {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const json* Checker::required(const json& object, const std::string& pointer, std::string_view key) {
    const json* value = find(object, key);
    if (value == nullptr) add(childPointer(pointer, key), nullptr, "is required");
    return value;
}

std::size_t Checker::unknownKeys(const json& object, const std::string& pointer, Keys allowed) {
    std::size_t count = 0;
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        ++count;
        const std::string_view best = closestMatch(key, allowed);
        add(childPointer(pointer, key), nullptr,
            best.empty() ? "unknown key (allowed: " + quotedList(allowed) + ")"
                         : "unknown key (did you mean " + quoted(best) + "?)");
    }
    return count;
}

bool Checker::object(const json& value, const std::string& pointer, Keys allowed) {
    if (!value.is_object()) {
        add(pointer, &value, "must be an object");
        return false;
    }
    unknownKeys(value, pointer, allowed);
    return true;
}

std::optional<double> Checker::numberValue(const json& value, const std::string& pointer, const Range& range) {
    if (!value.is_number()) {
        add(pointer, &value, "must be a number");
        return std::nullopt;
    }
    const double x = value.get<double>();
    if (!std::isfinite(x)) {
        add(pointer, &value, "must be a finite number");
        return std::nullopt;
    }
    if (!range.contains(x)) {
        add(pointer, &value, range.describe());
        return std::nullopt;
    }
    return x;
}

std::optional<double> Checker::number(const json& object, const std::string& pointer, std::string_view key,
                                      const Range& range, std::optional<double> fallback) {
    const json* value = fallback ? find(object, key) : required(object, pointer, key);
    if (value == nullptr) return fallback;
    return numberValue(*value, childPointer(pointer, key), range);
}

std::optional<std::int64_t> Checker::integerValue(const json& value, const std::string& pointer,
                                                  const IntRange& range) {
    std::int64_t n = 0;
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(range.hi)) {
            add(pointer, &value, range.describe());
            return std::nullopt;
        }
        n = static_cast<std::int64_t>(u);
    } else if (value.is_number_integer()) {
        n = value.get<std::int64_t>();
    } else if (value.is_number_float()) {
        const double x = value.get<double>();
        if (!std::isfinite(x)) {
            add(pointer, &value, "must be a finite number");
            return std::nullopt;
        }
        if (x != std::floor(x)) {
            add(pointer, &value, "must be an integer");
            return std::nullopt;
        }
        if (x < static_cast<double>(range.lo) || x > static_cast<double>(range.hi)) {
            add(pointer, &value, range.describe());
            return std::nullopt;
        }
        n = static_cast<std::int64_t>(x);
    } else {
        add(pointer, &value, "must be an integer");
        return std::nullopt;
    }
    if (n < range.lo || n > range.hi) {
        add(pointer, &value, range.describe());
        return std::nullopt;
    }
    return n;
}

std::optional<std::int64_t> Checker::integer(const json& object, const std::string& pointer, std::string_view key,
                                             const IntRange& range, std::optional<std::int64_t> fallback) {
    const json* value = fallback ? find(object, key) : required(object, pointer, key);
    if (value == nullptr) return fallback;
    return integerValue(*value, childPointer(pointer, key), range);
}

std::optional<int> Checker::smallInteger(const json& object, const std::string& pointer, std::string_view key,
                                         const IntRange& range, std::optional<int> fallback) {
    auto n = integer(object, pointer, key, range, fallback);
    if (!n) return std::nullopt;
    return static_cast<int>(*n);  // every int range here is within 0..1e8
}

std::optional<std::string> Checker::stringValue(const json& value, const std::string& pointer) {
    if (!value.is_string()) {
        add(pointer, &value, "must be a string");
        return std::nullopt;
    }
    try {
        (void)value.dump();  // a --set override can carry bytes that are not UTF-8
    } catch (const json::type_error&) {
        add(pointer, &value, "must be valid UTF-8 text");
        return std::nullopt;
    }
    return value.get<std::string>();
}

std::optional<std::string> Checker::string(const json& object, const std::string& pointer, std::string_view key,
                                           std::optional<std::string> fallback) {
    const json* value = fallback ? find(object, key) : required(object, pointer, key);
    if (value == nullptr) return fallback;
    return stringValue(*value, childPointer(pointer, key));
}

std::optional<bool> Checker::boolean(const json& object, const std::string& pointer, std::string_view key,
                                     bool fallback) {
    const json* value = find(object, key);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) {
        add(childPointer(pointer, key), value, "must be true or false");
        return std::nullopt;
    }
    return value->get<bool>();
}

std::optional<Date> Checker::dateValue(const json& value, const std::string& pointer) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (auto date = Date::fromIso(text)) return date;
        // Shaped like a date but outside QuantLib's range: say so rather than "not ISO".
        bool shaped = text.size() == 10;
        for (std::size_t i = 0; shaped && i < text.size(); ++i)
            shaped = (i == 4 || i == 7) ? text[i] == '-' : (text[i] >= '0' && text[i] <= '9');
        const int year = shaped ? std::stoi(text.substr(0, 4)) : 0;
        if (shaped && (year < Date::minDate().year() || year > Date::maxDate().year())) {
            add(pointer, &value, "must be a date between " + Date::minDate().iso() + " and " + Date::maxDate().iso());
            return std::nullopt;
        }
    }
    add(pointer, &value, "must be an ISO 8601 date (YYYY-MM-DD)");
    return std::nullopt;
}

std::optional<Date> Checker::date(const json& object, const std::string& pointer, std::string_view key) {
    const json* value = required(object, pointer, key);
    if (value == nullptr) return std::nullopt;
    return dateValue(*value, childPointer(pointer, key));
}

const json* Checker::array(const json& value, const std::string& pointer) {
    if (!value.is_array()) {
        add(pointer, &value, "must be an array");
        return nullptr;
    }
    return &value;
}

bool Checker::count(const json& array, const std::string& pointer, std::int64_t lo, std::int64_t hi,
                    const std::string& hiText) {
    const auto n = static_cast<std::int64_t>(array.size());
    if (n >= lo && n <= hi) return true;
    const std::string limit = hi == std::numeric_limits<std::int64_t>::max()
                                  ? "at least " + std::to_string(lo)
                                  : std::to_string(lo) + " to " + (hiText.empty() ? std::to_string(hi) : hiText);
    addText(pointer, "", "must have " + limit + (hi == 1 ? " entry" : " entries") + ", has " + std::to_string(n));
    return false;
}

std::optional<std::vector<double>> Checker::numbers(const json& array, const std::string& pointer,
                                                   const Range& range) {
    std::vector<double> result;
    bool ok = true;
    for (std::size_t i = 0; i < array.size(); ++i) {
        auto x = numberValue(array.at(i), childPointer(pointer, i), range);
        if (x)
            result.push_back(*x);
        else
            ok = false;
    }
    if (!ok) return std::nullopt;
    return result;
}

}  // namespace itsb::scenarios::detail
