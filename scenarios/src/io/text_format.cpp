#include "itsb/scenarios/io/text_format.hpp"

#include <charconv>
#include <cmath>

namespace itsb::scenarios {

std::string formatNumber(double value) {
    if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string formatNumber(double value, int decimals) {
    if (!std::isfinite(value)) return formatNumber(value);
    if (value == 0.0) value = 0.0;  // no "-0.00"
    char buffer[400];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    std::string text(buffer, result.ptr);
    // A negative value that rounds to zero prints without its sign.
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

std::string formatMoney(double value, int decimals) {
    std::string text = formatNumber(value, decimals);
    if (!std::isfinite(value)) return text;
    const bool negative = text.front() == '-';
    const std::size_t digitsStart = negative ? 1 : 0;
    std::size_t integerEnd = text.find('.');
    if (integerEnd == std::string::npos) integerEnd = text.size();
    for (std::size_t i = integerEnd; i > digitsStart + 3; i -= 3) text.insert(i - 3, ",");
    return text;
}

std::string formatPercent(double rate, int decimals) { return formatNumber(rate * 100.0, decimals) + "%"; }

}  // namespace itsb::scenarios
