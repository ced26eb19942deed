#pragma once
// A calendar date as a plain value. The arithmetic is QuantLib's (finance/src/date.cpp);
// this header keeps QuantLib out of everything that only needs to carry dates around.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace itsb::finance {

class Date {
  public:
    Date() = default;

    //! Strict ISO 8601 `YYYY-MM-DD`, a real calendar day, within QuantLib's range (1901-2199).
    static std::optional<Date> fromIso(std::string_view text);
    static Date fromYmd(int year, int month, int day);  //!< throws std::invalid_argument
    static bool isValidYmd(int year, int month, int day);
    static Date minDate();  //!< 1901-01-01
    static Date maxDate();  //!< 2199-12-31

    std::string iso() const;
    int year() const;
    int month() const;
    int day() const;
    int serial() const { return serial_; }
    bool isNull() const { return serial_ == 0; }

    //! Months added as QuantLib does: clipped to the month's end (31 Jan + 1M = 28/29 Feb),
    //! no end-of-month snapping. Throws std::out_of_range beyond 2199-12-31.
    Date plusMonths(int months) const;
    Date plusYears(int years) const { return plusMonths(12 * years); }
    Date plusDays(int days) const;

    friend auto operator<=>(const Date&, const Date&) = default;
    friend bool operator==(const Date&, const Date&) = default;

  private:
    explicit Date(int serial) : serial_(serial) {}
    int serial_ = 0;  // QuantLib's serial number; 0 is the null date
};

//! Actual days from `from` to `to`.
inline int daysBetween(Date from, Date to) { return to.serial() - from.serial(); }

}  // namespace itsb::finance
