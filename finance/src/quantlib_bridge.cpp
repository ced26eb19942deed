#include "quantlib_bridge.hpp"

#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/calendars/target.hpp>
#include <ql/time/calendars/unitedkingdom.hpp>
#include <ql/time/daycounters/actual360.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>
#include <ql/time/daycounters/actualactual.hpp>
#include <ql/time/daycounters/thirty360.hpp>

namespace itsb::finance::detail {

namespace {

class IcmaDayCounter : public QuantLib::DayCounter {
    class Impl : public QuantLib::DayCounter::Impl {
      public:
        std::string name() const override { return isma_.name(); }
        QuantLib::Date::serial_type dayCount(const QuantLib::Date& d1, const QuantLib::Date& d2) const override {
            return isma_.dayCount(d1, d2);
        }
        QuantLib::Time yearFraction(const QuantLib::Date& d1, const QuantLib::Date& d2,
                                    const QuantLib::Date& refStart, const QuantLib::Date& refEnd) const override {
            if (refStart != QuantLib::Date() && refEnd != QuantLib::Date() && d1 < refStart && d2 > refEnd)
                return isma_.yearFraction(d1, refStart, refStart, refEnd) +
                       isma_.yearFraction(refStart, d2, refStart, refEnd);
            return isma_.yearFraction(d1, d2, refStart, refEnd);
        }

      private:
        QuantLib::DayCounter isma_ = QuantLib::ActualActual(QuantLib::ActualActual::ISMA);
    };

  public:
    IcmaDayCounter() : QuantLib::DayCounter(QuantLib::ext::make_shared<Impl>()) {}
};

}  // namespace

Date fromQl(const QuantLib::Date& d) {
    return Date::fromYmd(d.year(), static_cast<int>(d.month()), d.dayOfMonth());
}

QuantLib::Calendar makeCalendar(CalendarKind kind) {
    switch (kind) {
    case CalendarKind::UnitedKingdom:
        return QuantLib::UnitedKingdom(QuantLib::UnitedKingdom::Settlement);
    case CalendarKind::Target:
        return QuantLib::TARGET();
    case CalendarKind::Null:
        return QuantLib::NullCalendar();
    }
    return QuantLib::NullCalendar();
}

QuantLib::BusinessDayConvention makeConvention(PaymentConvention convention) {
    return convention == PaymentConvention::ModifiedFollowing ? QuantLib::ModifiedFollowing : QuantLib::Following;
}

QuantLib::Frequency makeFrequency(Frequency frequency) {
    switch (frequency) {
    case Frequency::Annual: return QuantLib::Annual;
    case Frequency::Semiannual: return QuantLib::Semiannual;
    case Frequency::Quarterly: return QuantLib::Quarterly;
    case Frequency::Monthly: return QuantLib::Monthly;
    }
    return QuantLib::Annual;
}

QuantLib::DayCounter makeDayCounter(DayCount dayCount) {
    switch (dayCount) {
    case DayCount::ActActIcma: return IcmaDayCounter();
    case DayCount::Act365Fixed: return QuantLib::Actual365Fixed();
    case DayCount::Act360: return QuantLib::Actual360();
    case DayCount::Thirty360BondBasis: return QuantLib::Thirty360(QuantLib::Thirty360::BondBasis);
    }
    return QuantLib::Actual365Fixed();
}

}  // namespace itsb::finance::detail
