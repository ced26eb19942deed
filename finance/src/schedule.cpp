#include "itsb/finance/schedule.hpp"

#include "quantlib_bridge.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace itsb::finance {

namespace {

std::string fixed2(double value) {
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2).ptr;
    return std::string(buffer, end);
}

}  // namespace

std::vector<Date> scheduledDates(Date issue, Frequency frequency, int periods) {
    std::vector<Date> dates;
    dates.reserve(static_cast<std::size_t>(periods) + 1);
    const int step = monthsPerPeriod(frequency);
    for (int j = 0; j <= periods; ++j) dates.push_back(issue.plusMonths(j * step));  // from issue, not chained
    return dates;
}

Date adjustPaymentDate(Date scheduled, CalendarKind calendar, PaymentConvention convention) {
    try {
        auto adjusted = detail::makeCalendar(calendar).adjust(detail::toQl(scheduled), detail::makeConvention(convention));
        return detail::fromQl(adjusted);
    } catch (const std::exception&) {
        throw ScheduleError("the payment date for " + scheduled.iso() + " falls after 2199-12-31", 0);
    }
}

Time accrualFraction(DayCount dayCount, Date start, Date end) {
    const auto qlStart = detail::toQl(start), qlEnd = detail::toQl(end);
    return detail::makeDayCounter(dayCount).yearFraction(qlStart, qlEnd, qlStart, qlEnd);
}

Money annuityPayment(Money balance, Rate coupon, Frequency frequency, int periods, const Rounding& rounding) {
    const double i = coupon / perYear(frequency);
    if (i == 0.0) return rounding(balance / periods);
    // Spreadsheet PMT(i, n, -B) = B i / (1 - (1+i)^-n)
    return rounding(balance * i / (1.0 - std::pow(1.0 + i, -periods)));
}

namespace {

Money sumOf(const std::vector<ScheduleRow>& rows, Money ScheduleRow::*column) {
    double total = 0.0;
    for (const auto& r : rows) total += r.*column;
    return total;
}

}  // namespace

Money Schedule::totalInterest() const { return sumOf(rows, &ScheduleRow::interest); }
Money Schedule::totalPrincipal() const { return sumOf(rows, &ScheduleRow::principal); }
Money Schedule::totalCapitalised() const { return sumOf(rows, &ScheduleRow::capitalisedInterest); }
Money Schedule::totalDebtService() const { return sumOf(rows, &ScheduleRow::debtService); }
Date Schedule::maturity() const { return rows.empty() ? Date() : rows.back().accrualEnd; }
Date Schedule::finalPayment() const { return rows.empty() ? Date() : rows.back().paymentDate; }

ScheduleFrame scheduleFrame(const BondTerms& terms) {
    ScheduleFrame frame;
    frame.dates = scheduledDates(terms.issueDate, terms.frequency, terms.periods);
    const auto dayCounter = detail::makeDayCounter(terms.dayCount);
    for (std::size_t j = 1; j < frame.dates.size(); ++j) {
        frame.paymentDates.push_back(adjustPaymentDate(frame.dates[j], terms.calendar, terms.paymentConvention));
        const auto qlStart = detail::toQl(frame.dates[j - 1]), qlEnd = detail::toQl(frame.dates[j]);
        frame.accrualFractions.push_back(dayCounter.yearFraction(qlStart, qlEnd, qlStart, qlEnd));
    }
    return frame;
}

Schedule buildSchedule(const BondTerms& terms) {
    Schedule schedule;
    amortize(terms, scheduleFrame(terms), schedule.rows);
    return schedule;
}

void amortize(const BondTerms& terms, const ScheduleFrame& frame, std::vector<ScheduleRow>& rows) {
    const int amortizingPeriods = terms.periods - terms.capitalisedPeriods - terms.interestOnlyPeriods;
    if (terms.periods < 1 || terms.capitalisedPeriods < 0 || terms.interestOnlyPeriods < 0 || amortizingPeriods < 1)
        throw ScheduleError("a bond needs at least one amortizing period after its capitalised and interest-only periods", 0);
    const bool perPeriodInput = terms.amortization == AmortizationType::Custom ||
                                terms.amortization == AmortizationType::CustomFractions ||
                                terms.amortization == AmortizationType::Sculpted;
    if (perPeriodInput && terms.perPeriod.size() != static_cast<std::size_t>(terms.periods))
        throw ScheduleError("expected " + std::to_string(terms.periods) + " per-period entries, got " +
                                std::to_string(terms.perPeriod.size()), 0);

    if (frame.accrualFractions.size() != static_cast<std::size_t>(terms.periods))
        throw ScheduleError("the schedule frame does not match the terms' periods", 0);

    const Rounding& round = terms.rounding;
    rows.resize(static_cast<std::size_t>(terms.periods));
    Money balance = round(terms.notional);
    Money level = 0.0;  // annuity payment or level principal, fixed when amortization starts

    for (int j = 1; j <= terms.periods; ++j) {
        ScheduleRow& row = rows[static_cast<std::size_t>(j - 1)];
        row = ScheduleRow{};
        row.period = j;
        row.accrualStart = frame.dates[static_cast<std::size_t>(j - 1)];
        row.accrualEnd = frame.dates[static_cast<std::size_t>(j)];
        row.paymentDate = frame.paymentDates[static_cast<std::size_t>(j - 1)];
        row.accrualFraction = frame.accrualFractions[static_cast<std::size_t>(j - 1)];
        row.openingBalance = balance;
        row.interest = round(balance * terms.coupon * row.accrualFraction);

        const bool last = j == terms.periods;
        const int amortizingIndex = j - terms.capitalisedPeriods - terms.interestOnlyPeriods - 1;  // 0-based
        if (j <= terms.capitalisedPeriods) {
            row.kind = PeriodKind::Capitalised;
            row.capitalisedInterest = row.interest;
        } else if (amortizingIndex < 0) {
            row.kind = PeriodKind::InterestOnly;
        } else {
            row.kind = PeriodKind::Amortizing;
            const double entry = perPeriodInput ? terms.perPeriod[static_cast<std::size_t>(j - 1)] : 0.0;
            Money principal = 0.0;
            switch (terms.amortization) {
            case AmortizationType::Bullet:
                principal = 0.0;
                break;
            case AmortizationType::Annuity:
                if (amortizingIndex == 0)
                    level = annuityPayment(balance, terms.coupon, terms.frequency, amortizingPeriods, round);
                // With a day count other than ACT/ACT(ICMA) the interest is not exactly i x B,
                // so principal is the level payment less the actual interest.
                principal = round(level - row.interest);
                break;
            case AmortizationType::LevelPrincipal:
                if (amortizingIndex == 0) level = round(balance / amortizingPeriods);
                principal = level;
                break;
            case AmortizationType::Custom:
                principal = round(entry);
                break;
            case AmortizationType::CustomFractions:
                principal = round(entry * terms.notional);
                break;
            case AmortizationType::Sculpted:
                if (entry < row.interest && balance > 0.0)
                    throw ScheduleError("the interest " + fixed2(row.interest) + " exceeds the sculpted payment " +
                                            fixed2(entry) + " while debt is outstanding", j);
                principal = round(entry - row.interest);
                break;
            }
            // The final principal is whatever remains, so the closing balance is exactly zero;
            // before that, principal never takes the balance below zero nor adds to it.
            row.principal = last ? balance : std::clamp(principal, 0.0, std::max(balance, 0.0));
        }
        row.debtService = round(row.interest - row.capitalisedInterest + row.principal);
        row.closingBalance = round(balance - row.principal + row.capitalisedInterest);
        balance = row.closingBalance;
    }
}

}  // namespace itsb::finance
