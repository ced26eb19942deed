#pragma once
// The one place our convention enums become QuantLib objects (private to finance/src).

#include "itsb/finance/conventions.hpp"
#include "itsb/finance/date.hpp"

#include <ql/time/businessdayconvention.hpp>
#include <ql/time/calendar.hpp>
#include <ql/time/date.hpp>
#include <ql/time/daycounter.hpp>
#include <ql/time/frequency.hpp>

namespace itsb::finance::detail {

inline QuantLib::Date toQl(Date d) { return QuantLib::Date(static_cast<QuantLib::Date::serial_type>(d.serial())); }
Date fromQl(const QuantLib::Date& d);

QuantLib::Calendar makeCalendar(CalendarKind kind);
QuantLib::BusinessDayConvention makeConvention(PaymentConvention convention);
QuantLib::Frequency makeFrequency(Frequency frequency);

//! ACT/ACT(ICMA) is QuantLib's ActualActual(ISMA) without a schedule, so that each coupon's
//! reference period (its accrual period) drives it; wrapped so that discounting between
//! *adjusted* payment dates that straddle both ends of a reference period (possible under
//! modified following) is split at the period start instead of throwing.
QuantLib::DayCounter makeDayCounter(DayCount dayCount);

}  // namespace itsb::finance::detail
