#pragma once
// The market conventions a bond is written in, with the names used in input files.
// Each enum has `name()` (its input spelling) and `parseX()`; the QuantLib objects behind
// them are built in finance/src only.

#include <optional>
#include <string_view>

namespace itsb::finance {

enum class Frequency { Annual = 1, Semiannual = 2, Quarterly = 4, Monthly = 12 };

enum class DayCount {
    ActActIcma,         //!< "ACT/ACT(ICMA)": QuantLib ActualActual(ISMA), reference period = accrual period
    Act365Fixed,        //!< "ACT/365F"
    Act360,             //!< "ACT/360"
    Thirty360BondBasis  //!< "30/360": QuantLib Thirty360(BondBasis)
};

enum class CalendarKind { UnitedKingdom, Target, Null };

enum class PaymentConvention { Following, ModifiedFollowing };

//! Payments per year.
inline int perYear(Frequency f) { return static_cast<int>(f); }
//! Months between scheduled dates.
inline int monthsPerPeriod(Frequency f) { return 12 / perYear(f); }

std::string_view name(Frequency f);          //!< "annual", "semiannual", "quarterly", "monthly"
std::string_view name(DayCount d);           //!< "ACT/ACT(ICMA)", "ACT/365F", "ACT/360", "30/360"
std::string_view name(CalendarKind c);       //!< "UnitedKingdom", "TARGET", "NullCalendar"
std::string_view name(PaymentConvention p);  //!< "following", "modified_following"

std::optional<Frequency> parseFrequency(std::string_view text);
std::optional<DayCount> parseDayCount(std::string_view text);
std::optional<CalendarKind> parseCalendar(std::string_view text);
std::optional<PaymentConvention> parsePaymentConvention(std::string_view text);

}  // namespace itsb::finance
