#include "itsb/finance/date.hpp"

#include <ql/time/date.hpp>
#include <ql/time/period.hpp>

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace itsb::finance {

namespace {

QuantLib::Date toQl(Date d) { return QuantLib::Date(static_cast<QuantLib::Date::serial_type>(d.serial())); }

bool readDigits(std::string_view text, int& out) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

bool Date::isValidYmd(int year, int month, int day) {
    if (year < 1901 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
    const QuantLib::Date first(1, static_cast<QuantLib::Month>(month), year);
    return day <= QuantLib::Date::endOfMonth(first).dayOfMonth();
}

Date Date::fromYmd(int year, int month, int day) {
    if (!isValidYmd(year, month, day))
        throw std::invalid_argument("not a calendar date between 1901-01-01 and 2199-12-31");
    QuantLib::Date d(day, static_cast<QuantLib::Month>(month), year);
    return Date(static_cast<int>(d.serialNumber()));
}

std::optional<Date> Date::fromIso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!readDigits(text.substr(0, 4), y) || !readDigits(text.substr(5, 2), m) || !readDigits(text.substr(8, 2), d))
        return std::nullopt;
    if (!isValidYmd(y, m, d)) return std::nullopt;
    return fromYmd(y, m, d);
}

Date Date::minDate() { return Date(static_cast<int>(QuantLib::Date::minDate().serialNumber())); }
Date Date::maxDate() { return Date(static_cast<int>(QuantLib::Date::maxDate().serialNumber())); }

std::string Date::iso() const {
    if (isNull()) return "";
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year(), month(), day());
    return buffer;
}

int Date::year() const { return toQl(*this).year(); }
int Date::month() const { return static_cast<int>(toQl(*this).month()); }
int Date::day() const { return toQl(*this).dayOfMonth(); }

Date Date::plusMonths(int months) const {
    try {
        QuantLib::Date d = toQl(*this) + QuantLib::Period(months, QuantLib::Months);
        return Date(static_cast<int>(d.serialNumber()));
    } catch (const std::exception&) {
        throw std::out_of_range("date beyond 2199-12-31");
    }
}

Date Date::plusDays(int days) const {
    const long serial = static_cast<long>(serial_) + days;
    if (serial < minDate().serial() || serial > maxDate().serial())
        throw std::out_of_range("date outside 1901-01-01..2199-12-31");
    return Date(static_cast<int>(serial));
}

}  // namespace itsb::finance
