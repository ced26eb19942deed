#pragma once
// A bond's repayment schedule as data: one row per period, every amount rounded, built
// from plain terms. Analytics over a schedule live in bond_analytics.hpp.

#include "itsb/finance/conventions.hpp"
#include "itsb/finance/date.hpp"
#include "itsb/finance/rounding.hpp"
#include "itsb/finance/types.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace itsb::finance {

enum class AmortizationType {
    Bullet,          //!< all principal at maturity
    Annuity,         //!< level payment per amortizing period (PWLB annuity)
    LevelPrincipal,  //!< equal principal per amortizing period (PWLB EIP)
    Custom,          //!< principal amounts per period
    CustomFractions, //!< principal as fractions of the notional per period
    Sculpted         //!< payments given per amortizing period (debt sculpting)
};

std::string_view name(AmortizationType a);  //!< input spelling; custom ones are "custom" / "custom_fractions"
//! "bullet", "annuity", "level_principal", "sculpted" (the custom types come as objects).
std::optional<AmortizationType> parseAmortization(std::string_view text);

enum class PeriodKind { Capitalised, InterestOnly, Amortizing };
std::string_view name(PeriodKind k);  //!< "capitalised", "interest_only", "amortizing"

struct BondTerms {
    Money notional = 0.0;
    Date issueDate;
    int periods = 0;  //!< number of scheduled payment dates
    Frequency frequency = Frequency::Semiannual;
    Rate coupon = 0.0;
    DayCount dayCount = DayCount::ActActIcma;
    CalendarKind calendar = CalendarKind::UnitedKingdom;
    PaymentConvention paymentConvention = PaymentConvention::Following;
    AmortizationType amortization = AmortizationType::Annuity;
    //! Custom: one amount per period. CustomFractions: one fraction of the notional per period.
    //! Sculpted: the target cash payment (interest + principal) of each period; entries for
    //! capitalised and interest-only periods are ignored.
    std::vector<double> perPeriod;
    int capitalisedPeriods = 0;  //!< first periods, interest added to the balance
    int interestOnlyPeriods = 0; //!< next periods, interest paid, no principal
    Rounding rounding;
};

struct ScheduleRow {
    int period = 0;  //!< 1-based
    PeriodKind kind = PeriodKind::Amortizing;
    Date accrualStart;  //!< unadjusted
    Date accrualEnd;    //!< unadjusted: the scheduled date, used for bucketing into years
    Date paymentDate;   //!< accrualEnd adjusted by the calendar and convention
    Time accrualFraction = 0.0;  //!< day-count fraction of the accrual period
    Money openingBalance = 0.0;
    Money interest = 0.0;             //!< accrued this period, rounded
    Money principal = 0.0;
    Money capitalisedInterest = 0.0;  //!< part of `interest` added to the balance
    Money debtService = 0.0;          //!< cash paid: interest - capitalised + principal
    Money closingBalance = 0.0;
};

struct Schedule {
    std::vector<ScheduleRow> rows;

    Money totalInterest() const;
    Money totalPrincipal() const;
    Money totalCapitalised() const;
    Money totalDebtService() const;
    Date maturity() const;       //!< last unadjusted date
    Date finalPayment() const;   //!< last adjusted payment date
};

//! Thrown for terms that cannot give a schedule (e.g. a sculpted payment below the interest).
//! `period` names the offending period, 0 when none.
class ScheduleError : public std::runtime_error {
  public:
    ScheduleError(const std::string& what, int period) : std::runtime_error(what), period_(period) {}
    int period() const { return period_; }

  private:
    int period_;
};

//! Unadjusted scheduled dates d_0 = issue, d_j = issue + j x (12/frequency) months, each
//! counted from the issue date (SPEC §9).
std::vector<Date> scheduledDates(Date issue, Frequency frequency, int periods);

//! The payment date for a scheduled date under the calendar and convention.
Date adjustPaymentDate(Date scheduled, CalendarKind calendar, PaymentConvention convention);

//! Day-count fraction of an accrual period (reference period = the accrual period).
Time accrualFraction(DayCount dayCount, Date start, Date end);

//! What a schedule's dates and accruals are, whatever its amounts: built once with QuantLib,
//! then reused by every schedule on the same dates (e.g. each Monte Carlo path).
struct ScheduleFrame {
    std::vector<Date> dates;             //!< unadjusted d_0 (issue) .. d_n
    std::vector<Date> paymentDates;      //!< adjusted, one per period
    std::vector<Time> accrualFractions;  //!< day-count fraction of each accrual period
};

ScheduleFrame scheduleFrame(const BondTerms& terms);

//! Builds the rounded schedule (SPEC §4, §9). Throws ScheduleError for impossible terms.
Schedule buildSchedule(const BondTerms& terms);

//! The schedule's rows from a frame built for the same dates, written into `rows` (resized
//! to the number of periods: no allocation once it has that capacity). Pure arithmetic, the
//! same as buildSchedule. Throws ScheduleError for impossible terms.
void amortize(const BondTerms& terms, const ScheduleFrame& frame, std::vector<ScheduleRow>& rows);

//! The level payment of an annuity, rounded once: B i / (1 - (1+i)^-n), i = coupon/frequency.
Money annuityPayment(Money balance, Rate coupon, Frequency frequency, int periods, const Rounding& rounding);

}  // namespace itsb::finance
