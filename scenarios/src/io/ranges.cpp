#include "ranges.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace itsb::scenarios::detail {

std::string boundText(double x) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
    if (ec != std::errc()) return "?";
    std::string text(buffer, end);
    if (auto e = text.find('e'); e != std::string::npos) {
        std::string mantissa = text.substr(0, e);
        std::string exponent = text.substr(e + 1);
        bool negative = !exponent.empty() && exponent[0] == '-';
        if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
        exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
        text = mantissa + "e" + (negative ? "-" : "") + exponent;
    }
    return text;
}

std::string Range::describe() const {
    if (!rule.empty()) return rule;
    const bool hasLo = lo > -kInfinity, hasHi = hi < kInfinity;
    if (hasLo && hasHi) {
        if (!loOpen && !hiOpen) return "must be between " + boundText(lo) + " and " + boundText(hi);
        return std::string("must be ") + (loOpen ? "greater than " : "at least ") + boundText(lo) + " and " +
               (hiOpen ? "less than " : "at most ") + boundText(hi);
    }
    if (hasLo) return (loOpen ? "must be greater than " : "must be at least ") + boundText(lo);
    if (hasHi) return (hiOpen ? "must be less than " : "must be at most ") + boundText(hi);
    return "must be a number";
}

std::string IntRange::describe() const {
    if (!rule.empty()) return rule;
    if (hi == std::numeric_limits<std::int64_t>::max()) return "must be at least " + std::to_string(lo);
    return "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
}

}  // namespace itsb::scenarios::detail
