#include "itsb/finance/bond_analytics.hpp"

#include "quantlib_bridge.hpp"

#include <ql/cashflows/cashflows.hpp>
#include <ql/cashflows/coupon.hpp>
#include <ql/cashflows/simplecashflow.hpp>
#include <ql/errors.hpp>
#include <ql/interestrate.hpp>

namespace itsb::finance {

namespace {

//! A coupon paying an amount already fixed (our rounded interest), so that QuantLib's
//! analytics see exactly the schedule's pennies while still knowing each coupon's
//! accrual and reference period.
class FixedAmountCoupon : public QuantLib::Coupon {
  public:
    FixedAmountCoupon(const QuantLib::Date& paymentDate, QuantLib::Real nominal, const QuantLib::Date& accrualStart,
                      const QuantLib::Date& accrualEnd, QuantLib::Real amount, QuantLib::Rate rate,
                      QuantLib::DayCounter dayCounter)
    : QuantLib::Coupon(paymentDate, nominal, accrualStart, accrualEnd, accrualStart, accrualEnd), amount_(amount),
      rate_(rate), dayCounter_(std::move(dayCounter)) {}

    QuantLib::Real amount() const override { return amount_; }
    QuantLib::Rate rate() const override { return rate_; }
    QuantLib::DayCounter dayCounter() const override { return dayCounter_; }
    QuantLib::Real accruedAmount(const QuantLib::Date& d) const override {
        if (d <= accrualStartDate_ || d > paymentDate_) return 0.0;
        return amount_ * accruedPeriod(d) / accrualPeriod();
    }

  private:
    QuantLib::Real amount_;
    QuantLib::Rate rate_;
    QuantLib::DayCounter dayCounter_;
};

}  // namespace

std::optional<BondRisk> bondRisk(const Schedule& schedule, const BondTerms& terms, Money pricePaid) {
    if (schedule.rows.empty() || !(pricePaid > 0.0)) return std::nullopt;
    const auto dayCounter = detail::makeDayCounter(terms.dayCount);
    const auto frequency = detail::makeFrequency(terms.frequency);

    // On each date the coupon comes before the principal, so QuantLib discounts the
    // principal over a zero-length step and each coupon's reference period drives the
    // year fraction between payment dates.
    QuantLib::Leg leg;
    for (const auto& row : schedule.rows) {
        const auto payment = detail::toQl(row.paymentDate);
        leg.push_back(QuantLib::ext::make_shared<FixedAmountCoupon>(
            payment, row.openingBalance, detail::toQl(row.accrualStart), detail::toQl(row.accrualEnd),
            row.interest - row.capitalisedInterest, terms.coupon, dayCounter));
        if (row.principal != 0.0) leg.push_back(QuantLib::ext::make_shared<QuantLib::SimpleCashFlow>(row.principal, payment));
    }

    // Settlement and NPV dates are passed explicitly, so QuantLib's global evaluation date
    // is never read here.
    const auto settlement = detail::toQl(terms.issueDate);
    try {
        BondRisk risk;
        risk.yield = QuantLib::CashFlows::yield(leg, pricePaid, dayCounter, QuantLib::Compounded, frequency, false,
                                                settlement, settlement, 1.0e-14, 500, terms.coupon);
        const QuantLib::InterestRate y(risk.yield, dayCounter, QuantLib::Compounded, frequency);
        risk.macaulayDuration =
            QuantLib::CashFlows::duration(leg, y, QuantLib::Duration::Macaulay, false, settlement, settlement);
        risk.modifiedDuration =
            QuantLib::CashFlows::duration(leg, y, QuantLib::Duration::Modified, false, settlement, settlement);
        risk.convexity = QuantLib::CashFlows::convexity(leg, y, false, settlement, settlement);
        return risk;
    } catch (const QuantLib::Error&) {
        return std::nullopt;
    }
}

}  // namespace itsb::finance
